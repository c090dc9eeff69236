#!/usr/bin/env node
// The figures of the one-bundle build, measured here: the time of `npm run build`, the size of dist/,
// and every entry's `--help` against bare `node -e 0` (bench/startup.mjs). Targets: build <= 45 s,
// dist/ <= 5 MB, every entry within 3x. Usage: node bench/bundle.mjs [--check]  (exit 1 over a target)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const check = process.argv.includes('--check');
const TARGETS = { buildSeconds: 45, distMB: 5 };

const started = process.hrtime.bigint();
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const size = (dir) =>
  readdirSync(dir).reduce((n, f) => {
    const s = statSync(join(dir, f));
    return n + (s.isDirectory() ? size(join(dir, f)) : s.size);
  }, 0);
const mb = size('dist') / 1024 / 1024;

console.log('| figure | measured | target | met |');
console.log('| --- | ---: | ---: | --- |');
console.log(
  `| npm run build | ${seconds.toFixed(1)} s | ${TARGETS.buildSeconds} s | ${seconds <= TARGETS.buildSeconds ? 'yes' : 'NO'} |`,
);
console.log(`| dist/ size | ${mb.toFixed(2)} MB | ${TARGETS.distMB} MB | ${mb <= TARGETS.distMB ? 'yes' : 'NO'} |`);
console.log('');
const startup = spawnSync(process.execPath, ['bench/startup.mjs', ...(check ? ['--check'] : [])], { stdio: 'inherit' });
const over = seconds > TARGETS.buildSeconds || mb > TARGETS.distMB || startup.status !== 0;
if (check && over) process.exit(1);
