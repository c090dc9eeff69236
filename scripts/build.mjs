// Bundles every file in src/entries/ with ncc into dist/<entry>/index.js (chunks beside it).
// The folder of each entry is emptied first so that no stale chunk survives a rebuild.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join } from 'node:path';

const only = process.argv.slice(2);
const entries = readdirSync('src/entries')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'))
  .filter((n) => only.length === 0 || only.includes(n));
const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

function build(name) {
  rmSync(join('dist', name), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ncc,
        'build',
        `src/entries/${name}.ts`,
        '-o',
        `dist/${name}`,
        '--license',
        'licenses.txt',
        '--quiet',
        '--target',
        'es2022',
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('exit', (code) =>
      code === 0 ? resolve(name) : reject(new Error(`ncc failed for ${name} (exit ${code})`)),
    );
  });
}

const queue = [...entries];
const workers = Array.from({ length: Math.max(1, Math.min(cpus().length, 3)) }, async () => {
  while (queue.length) {
    const name = queue.shift();
    const started = Date.now();
    await build(name);
    console.log(`built dist/${name}/index.js in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
});
await Promise.all(workers);
