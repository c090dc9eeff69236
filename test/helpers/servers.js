/* Starts the real servers the tests talk to: moto (AWS APIs) and docker-registry, on free loopback ports. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `count` different free ports: each is held open until all are chosen, so that the system cannot hand
 * the same one out twice (as separate freePort() calls may).
 * @param {number} count @returns {Promise<number[]>}
 */
export async function freePorts(count) {
  /** @type {import('node:net').Server[]} */
  const held = [];
  try {
    for (let i = 0; i < count; i++) {
      const srv = createServer();
      srv.unref();
      await new Promise((resolve, reject) => {
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve(undefined));
      });
      held.push(srv);
    }
    return held.map((srv) => {
      const addr = srv.address();
      return typeof addr === 'object' && addr ? addr.port : 0;
    });
  } finally {
    await Promise.all(held.map((srv) => new Promise((resolve) => srv.close(() => resolve(undefined)))));
  }
}

/** @param {string} bin */
function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** @param {string} bin @param {string} install @returns {string} */
export function requireBinary(bin, install) {
  const found = which(bin);
  if (!found) throw new Error(`${bin} is not installed; install it with: ${install}`);
  return found;
}

/** @param {string} url @param {import('node:child_process').ChildProcess} child @param {string} name */
async function waitForHttp(url, child, name, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited during start-up`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs} ms`);
}

/** @typedef {{ url: string, pid: number, stop(): Promise<void> }} Server */

/** @param {import('node:child_process').ChildProcess} child @param {() => void} [cleanup] @returns {() => Promise<void>} */
function stopper(child, cleanup) {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        cleanup?.();
        resolve();
        return;
      }
      child.once('exit', () => {
        cleanup?.();
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** A moto server of its own; env shapes its behaviour (e.g. MOTO_ECS_SERVICE_RUNNING). */
/** @param {Record<string, string>} [env] @returns {Promise<Server>} */
export async function startMoto(env = {}) {
  const bin = requireBinary('moto_server', "pip install 'moto[server]'");
  const port = await freePort();
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/moto-api/`, child, 'moto_server');
  return { url, pid: child.pid ?? 0, stop: stopper(child) };
}

/** A docker-registry (distribution v2) with its storage in a temporary folder. */
/** @returns {Promise<Server & { host: string }>} */
export async function startRegistry() {
  const bin = requireBinary('docker-registry', 'apt-get install -y docker-registry');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'arkit-registry-'));
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error }',
      'storage:',
      `  filesystem: { rootdirectory: ${join(dir, 'data')} }`,
      '  delete: { enabled: true }',
      `http: { addr: "127.0.0.1:${port}" }`,
      '',
    ].join('\n'),
  );
  const child = spawn(bin, ['serve', config], { stdio: ['ignore', 'ignore', 'ignore'] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/v2/`, child, 'docker-registry');
  return {
    url,
    host: `127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })),
  };
}
