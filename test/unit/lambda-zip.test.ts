import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { unzipSync } from 'fflate';
import { codeSha256, codeSha256Hex, walkDirectory, zipDirectory, zipEntries } from '../../src/lambda/zip.js';
import { TempDirs } from '../fixtures/lambda/aws.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

interface CentralEntry {
  name: string;
  mode: number;
  os: number;
  dosDate: number;
  dosTime: number;
}

/** Reads the central directory the way unzip does, to check what fflate wrote. */
function centralDirectory(zip: Uint8Array): CentralEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.byteLength - 22;
  expect(view.getUint32(eocd, true)).toBe(0x06054b50);
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(p, true)).toBe(0x02014b50);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    entries.push({
      os: zip[p + 5] ?? -1,
      dosTime: view.getUint16(p + 12, true),
      dosDate: view.getUint16(p + 14, true),
      mode: view.getUint32(p + 38, true) >>> 16,
      name: Buffer.from(zip.subarray(p + 46, p + 46 + nameLen)).toString('utf8'),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const FILES = {
  'index.js': 'exports.handler = async () => 1;\n',
  'lib/util.js': 'module.exports = 2;\n',
  'lib/deep/data.json': '{"a":1}',
  'bin/tool': { text: '#!/bin/sh\necho hi\n', mode: 0o755 },
  'Z-upper.txt': 'upper',
};

describe('deterministic zip', () => {
  it('is byte-identical across two runs with different file mtimes (and a different creation order)', async () => {
    const a = temp.make(FILES);
    const first = await zipDirectory(a);
    // Same tree again, created in reverse order, with other mtimes on files and directories.
    const reversed = Object.fromEntries(Object.entries(FILES).reverse());
    const b = temp.make(reversed);
    const old = new Date('2001-02-03T04:05:06Z');
    const recent = new Date('2031-07-08T09:10:11Z');
    for (const rel of Object.keys(FILES)) utimesSync(join(b, rel), old, recent);
    utimesSync(join(b, 'lib'), recent, old);
    const second = await zipDirectory(b);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(codeSha256(second.bytes)).toBe(codeSha256(first.bytes));

    // And the same directory zipped again after touching every file.
    for (const rel of Object.keys(FILES)) utimesSync(join(a, rel), recent, recent);
    const again = await zipDirectory(a);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it('does not depend on the time zone', () => {
    // TZ cannot be changed inside jest's sandbox, so the real module runs in child processes:
    // src/lambda/zip.ts transpiled as is, with its fflate import pointed at node_modules.
    const moduleDir = temp.make({});
    const fflate = pathToFileURL(join(process.cwd(), 'node_modules/fflate/esm/index.mjs')).href;
    const js = ts
      .transpileModule(readFileSync(join(process.cwd(), 'src/lambda/zip.ts'), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      })
      .outputText.replace(/from 'fflate'/, `from '${fflate}'`);
    const modulePath = join(moduleDir, 'zip.mjs');
    writeFileSync(modulePath, js);
    const script = `import { zipEntries } from '${pathToFileURL(modulePath).href}';
      const z = zipEntries([{ path: 'a.js', data: Buffer.from('a'), executable: false }]);
      process.stdout.write(Buffer.from(z).toString('hex'));`;
    const inZone = (tz: string): string => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      return r.stdout;
    };
    const here = Buffer.from(zipEntries([{ path: 'a.js', data: Buffer.from('a'), executable: false }])).toString('hex');
    // UTC-10, UTC, UTC+14: a timestamp built from UTC fields would land on another day (or in 1979).
    expect(inZone('Pacific/Honolulu')).toBe(here);
    expect(inZone('UTC')).toBe(here);
    expect(inZone('Pacific/Kiritimati')).toBe(here);
  });

  it('sorts entries, fixes timestamps to 1980-01-01 and modes to 0644/0755, and stores no directories', async () => {
    const dir = temp.make(FILES);
    chmodSync(join(dir, 'index.js'), 0o600); // a private file is still packaged world-readable
    const { bytes, files } = await zipDirectory(dir);
    expect(files).toBe(5);
    const entries = centralDirectory(bytes);
    expect(entries.map((e) => e.name)).toEqual([
      'Z-upper.txt',
      'bin/tool',
      'index.js',
      'lib/deep/data.json',
      'lib/util.js',
    ]);
    for (const e of entries) {
      expect(e.os).toBe(3);
      expect(e.dosDate).toBe((0 << 9) | (1 << 5) | 1); // 1980-01-01
      expect(e.dosTime).toBe(0);
      expect(e.mode).toBe(e.name === 'bin/tool' ? 0o100755 : 0o100644);
      expect(e.name.endsWith('/')).toBe(false);
    }
  });

  it('round-trips the contents', async () => {
    const dir = temp.make(FILES);
    const { bytes } = await zipDirectory(dir);
    const out = unzipSync(bytes);
    expect(Object.keys(out).sort()).toEqual(Object.keys(FILES).sort());
    expect(Buffer.from(out['lib/deep/data.json'] ?? []).toString()).toBe('{"a":1}');
  });

  it('gives other bytes for other content, and the same bytes whatever order entries are given in', () => {
    const x = { path: 'x.js', data: Buffer.from('x'), executable: false };
    const y = { path: 'y.js', data: Buffer.from('y'), executable: true };
    expect(Buffer.from(zipEntries([x, y])).equals(Buffer.from(zipEntries([y, x])))).toBe(true);
    const changed = zipEntries([x, { ...y, data: Buffer.from('y2') }]);
    expect(codeSha256(changed)).not.toBe(codeSha256(zipEntries([x, y])));
    const notExec = zipEntries([x, { ...y, executable: false }]);
    expect(codeSha256(notExec)).not.toBe(codeSha256(zipEntries([x, y])));
  });

  it('follows symlinks to files but skips broken links and directory loops', async () => {
    const dir = temp.make({ 'real.js': 'real', 'sub/a.js': 'a' });
    symlinkSync(join(dir, 'real.js'), join(dir, 'link.js'));
    symlinkSync(join(dir, 'missing.js'), join(dir, 'broken.js'));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    mkdirSync(join(dir, 'empty'));
    const walk = await walkDirectory(dir);
    expect(walk.files.map((f) => f.rel)).toEqual(['link.js', 'real.js', 'sub/a.js']);
    expect(walk.skipped.sort()).toEqual(['broken.js (broken symlink)', 'sub/loop (symlink loop)']);
    const out = unzipSync((await zipDirectory(dir)).bytes);
    expect(Buffer.from(out['link.js'] ?? []).toString()).toBe('real');
  });

  it('CodeSha256 is the base64 SHA-256 Lambda reports', () => {
    const bytes = Buffer.from('package');
    expect(codeSha256(bytes)).toBe(createHash('sha256').update(bytes).digest('base64'));
    expect(codeSha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
