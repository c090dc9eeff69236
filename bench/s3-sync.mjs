#!/usr/bin/env node
// Benchmark: our s3-sync against `aws s3 sync` (and `rclone sync --checksum` when installed), on one
// moto server in the same run. A 2,000-file site of about 27 MB; three scenarios: initial upload,
// re-sync after touching every file (new mtimes, same content, as a CI checkout gives), and re-sync
// with 1% of the files changed. Objects uploaded are counted by a proxy in front of moto.
// Usage: node bench/s3-sync.mjs [--files 2000]   (needs dist/ built, moto_server and aws on PATH)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FILES = Number(process.argv[process.argv.indexOf('--files') + 1]) || 2000;
const have = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
for (const bin of ['moto_server', 'aws']) if (!have(bin)) throw new Error(`${bin} is required for this benchmark`);

// Deterministic pseudo-random content, so that every run builds the same site.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
function buildSite(dir) {
  const rels = [];
  for (let i = 0; i < FILES; i++) {
    const folder = ['assets/js', 'assets/css', 'img', 'docs', 'blog/posts'][i % 5];
    const ext = { 'assets/js': 'js', 'assets/css': 'css', img: 'png', docs: 'html', 'blog/posts': 'html' }[folder];
    const rel = `${folder}/${Math.floor(i / 100)}/file-${i}.${ext}`;
    const size = 2000 + Math.floor(rand() * 23000); // 2 to 25 KB, about 27 MB in all
    const buf = Buffer.alloc(size);
    for (let b = 0; b < size; b += 4) buf.writeUInt32LE(Math.floor(rand() * 2 ** 32), Math.min(b, size - 4));
    mkdirSync(join(dir, folder, String(Math.floor(i / 100))), { recursive: true });
    writeFileSync(join(dir, rel), buf);
    rels.push(rel);
  }
  return rels;
}

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Counts object PUTs per bucket (our sync-state object is not a site object and is not counted).
function countingProxy(target, counts) {
  const up = new URL(target);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '');
    if (req.method === 'PUT' && !path.includes('.aws-release-kit/')) {
      const bucket = path.split('/')[1];
      if (path.split('/').length > 2 && !path.includes('?uploadId')) counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
    const fwd = request(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    fwd.on('error', () => res.destroy());
    req.pipe(fwd);
  });
  return server;
}

// Asynchronous: the counting proxy runs in this process and must keep answering meanwhile.
function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('exit', (code) => {
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      if (code === 0) resolve(secs);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${stderr}`));
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'arkit-bench-'));
const site = join(work, 'site');
const rels = buildSite(site);
const bytes = rels.reduce((n, r) => n + readFileSync(join(site, r)).length, 0);
const motoPort = await freePort();
const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(motoPort)], { stdio: 'ignore' });
const counts = {};
const proxy = countingProxy(`http://127.0.0.1:${motoPort}`, counts);
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${proxy.address().port}`;
const env = {
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};
try {
  for (let i = 0; i < 100; i++) {
    if (spawnSync('curl', ['-sf', `http://127.0.0.1:${motoPort}/moto-api/`]).status === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const tools = [
    {
      name: 'aws-release-kit s3-sync',
      cmd: process.execPath,
      args: (b) => ['dist/cli/index.js', 's3-sync', '--source', site, '--bucket', b, '--endpoint-url', endpoint],
    },
    {
      name: 'aws s3 sync (CLI v1)',
      cmd: 'aws',
      args: (b) => ['s3', 'sync', site, `s3://${b}`, '--endpoint-url', endpoint, '--only-show-errors'],
    },
  ];
  if (have('rclone')) {
    tools.push({
      name: 'rclone sync --checksum',
      cmd: 'rclone',
      args: (b) => ['sync', '--checksum', site, `bench:${b}`],
      env: {
        RCLONE_CONFIG_BENCH_TYPE: 's3',
        RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
        RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
        RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'bench',
        RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'bench',
        RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
        RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
        // rclone cannot load a custom CA bundle into its transport; the endpoint is plain http anyway.
        AWS_CA_BUNDLE: undefined,
      },
    });
  } else console.error('rclone not installed: skipped (apt-get install rclone)');
  for (const [i, t] of tools.entries()) {
    t.bucket = `bench-${i}-${Date.now()}`;
    await run('aws', ['s3api', 'create-bucket', '--bucket', t.bucket, '--endpoint-url', endpoint], env);
  }

  const changed = rels.filter((_, i) => i % 100 === 7); // 1%
  const scenarios = [
    { name: 'initial upload', prepare: () => {} },
    {
      name: 're-sync, every file touched',
      prepare: () => {
        const t = new Date(Date.now() + 60_000);
        for (const r of rels) utimesSync(join(site, r), t, t);
      },
    },
    {
      name: `re-sync, ${changed.length} files (1%) changed`,
      prepare: () => {
        for (const r of changed) {
          const buf = readFileSync(join(site, r));
          buf[0] ^= 0xff; // same size, other content
          writeFileSync(join(site, r), buf);
        }
      },
    },
  ];
  const rows = [];
  for (const s of scenarios) {
    s.prepare();
    for (const t of tools) {
      const before = counts[t.bucket] ?? 0;
      const secs = await run(t.cmd, t.args(t.bucket), { ...env, ...(t.env ?? {}) });
      rows.push({ scenario: s.name, tool: t.name, secs, uploaded: (counts[t.bucket] ?? 0) - before });
      console.error(`${s.name} | ${t.name}: ${secs.toFixed(2)} s, ${rows.at(-1).uploaded} uploaded`);
    }
  }
  console.log(`\n${FILES} files, ${(bytes / 1e6).toFixed(1)} MB, one moto server, node ${process.version}\n`);
  console.log('| scenario | tool | wall time | objects uploaded |');
  console.log('| --- | --- | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.scenario} | ${r.tool} | ${r.secs.toFixed(2)} s | ${r.uploaded} |`);
} finally {
  proxy.close();
  moto.kill();
  rmSync(work, { recursive: true, force: true });
}
