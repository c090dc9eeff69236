#!/usr/bin/env node
// Benchmark: ecr-push with buildah, without and with its default registry cache. Every build starts
// from an empty buildah storage (as a fresh CI machine does), so the warm build gets its layers only
// from the cache repository in the registry. Three builds of one context:
//   cold     no cache in the registry yet (the cache is written)
//   warm     the same context again: every step should come from the cache
//   changed  one application file changed: the expensive step before it should come from the cache
// The context has no base image: a shell (this machine's dash and its libraries) is copied in, and a
// RUN step burns CPU the way a dependency install or a compile does.
// Usage: node bench/ecr-build.mjs [--work 4000000]   (needs dist/ built; moto_server, docker-registry,
// buildah and ldd on PATH). The target: warm takes at most a third of cold.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORK = Number(process.argv[process.argv.indexOf('--work') + 1]) || 4000000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliEntry = join(root, 'dist', 'cli', 'index.js');
const have = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
for (const bin of ['moto_server', 'docker-registry', 'buildah', 'ldd'])
  if (!have(bin)) throw new Error(`${bin} is required for this benchmark`);
if (!existsSync(cliEntry)) throw new Error('dist/cli/index.js is missing: run npm run build first');

const scratch = mkdtempSync(join(tmpdir(), 'arkit-bench-ecr-'));
const children = [];

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url) {
  for (let i = 0; i < 200; i++) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer`);
}

async function startServers() {
  const motoPort = await freePort();
  children.push(spawn('moto_server', ['-H', '127.0.0.1', '-p', String(motoPort)], { stdio: 'ignore' }));
  const regPort = await freePort();
  const config = join(scratch, 'registry.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog: { level: error }\nstorage:\n  filesystem: { rootdirectory: ${join(scratch, 'registry')} }\nhttp: { addr: "127.0.0.1:${regPort}" }\n`,
  );
  children.push(spawn('docker-registry', ['serve', config], { stdio: 'ignore' }));
  await waitFor(`http://127.0.0.1:${motoPort}/`);
  await waitFor(`http://127.0.0.1:${regPort}/v2/`);
  return { moto: `http://127.0.0.1:${motoPort}`, registry: `127.0.0.1:${regPort}` };
}

function makeContext() {
  const dir = join(scratch, 'context');
  const sh = existsSync('/bin/dash') ? '/bin/dash' : '/bin/sh';
  const libs = spawnSync('ldd', [sh], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => /(\/\S+)\s+\(0x/.exec(l)?.[1])
    .filter(Boolean);
  for (const file of libs) {
    mkdirSync(join(dir, 'root', dirname(file)), { recursive: true });
    copyFileSync(file, join(dir, 'root', file));
  }
  mkdirSync(join(dir, 'root', 'bin'), { recursive: true });
  copyFileSync(sh, join(dir, 'root', 'bin', 'sh'));
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, 'deps.txt'), 'left-pad 1.3.0\n');
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, 'app', `module-${i}.txt`), `module ${i}\n`.repeat(200));
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY root/ /',
      'COPY deps.txt /deps.txt',
      // The expensive step: stands for a dependency install.
      `RUN i=0; while [ $i -lt ${WORK} ]; do i=$((i+1)); done; echo "$i" > /deps-installed`,
      'COPY app/ /app/',
      'RUN n=0; for f in /app/*; do n=$((n+1)); done; echo "$n" > /app-count',
      '',
    ].join('\n'),
  );
  return dir;
}

function freshStorage(name) {
  const dir = join(scratch, `storage-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'storage.conf'),
    `[storage]\ndriver = "vfs"\nrunroot = "${dir}/run"\ngraphroot = "${dir}/graph"\n`,
  );
  return join(dir, 'storage.conf');
}

function build(name, servers, context) {
  const started = process.hrtime.bigint();
  const res = spawnSync(
    process.execPath,
    [
      cliEntry,
      'ecr-push',
      '--repository',
      'bench-app',
      '--tags',
      name,
      '--registry',
      servers.registry,
      '--context',
      context,
      '--container-cli',
      'buildah',
      '--source-date-epoch',
      '1700000000',
      '--endpoint-url',
      servers.moto,
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        BUILDAH_ISOLATION: 'chroot',
        CONTAINERS_STORAGE_CONF: freshStorage(name),
      },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) throw new Error(`build ${name} failed:\n${res.stderr}`);
  const hits = (res.stderr.match(/Using cache /g) ?? []).length;
  const steps = (res.stderr.match(/^STEP \d+\/\d+: /gm) ?? []).length;
  const digest = JSON.parse(res.stdout.trim().split('\n').pop()).digest;
  return { name, seconds, hits, steps, digest };
}

try {
  const servers = await startServers();
  const context = makeContext();
  const cold = build('cold', servers, context);
  const warm = build('warm', servers, context);
  writeFileSync(join(context, 'app', 'module-7.txt'), 'module 7, changed\n');
  const changed = build('changed', servers, context);
  console.log(`ecr-push with buildah (vfs), empty storage per build, RUN work ${WORK}`);
  console.log('build     seconds  cache hits / steps');
  for (const r of [cold, warm, changed])
    console.log(`${r.name.padEnd(9)} ${r.seconds.toFixed(1).padStart(7)}  ${r.hits} / ${r.steps}`);
  console.log(`warm / cold = ${(warm.seconds / cold.seconds).toFixed(2)} (target: at most 0.33)`);
  console.log(`same digest cold and warm: ${cold.digest === warm.digest}`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(scratch, { recursive: true, force: true });
}
