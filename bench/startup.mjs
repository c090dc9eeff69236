#!/usr/bin/env node
// Times `node dist/<entry>/index.js --help` for every bundle against a bare `node -e 0`, in the same run,
// alternating so that machine noise hits both alike. Prints medians and ratios; the target is 3x.
// Usage: node bench/startup.mjs [runs]   (exit 1 with --check when an entry is over the target)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 15);
const check = process.argv.includes('--check');
const TARGET = 3;
const entries = readdirSync('dist')
  .filter((d) => d !== 'main' && existsSync(`dist/${d}/index.js`))
  .sort();

function time(args) {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} exited ${res.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bare = [];
const samples = Object.fromEntries(entries.map((e) => [e, []]));
for (let i = 0; i < runs; i++) {
  bare.push(time(['-e', '0']));
  for (const e of entries) samples[e].push(time([`dist/${e}/index.js`, '--help']));
}
const base = median(bare);
console.log(`node ${process.version}, ${runs} runs each, median wall time`);
console.log(`| entry | ms | ratio to bare node (${base.toFixed(1)} ms) | within ${TARGET}x |`);
console.log('| --- | ---: | ---: | --- |');
let over = 0;
for (const e of entries) {
  const ms = median(samples[e]);
  const ratio = ms / base;
  if (ratio > TARGET) over++;
  console.log(`| ${e} | ${ms.toFixed(1)} | ${ratio.toFixed(2)}x | ${ratio <= TARGET ? 'yes' : 'NO'} |`);
}
if (check && over) process.exit(1);
