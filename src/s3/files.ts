import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { mapPool } from '../util/pool.js';
import { pathFilter, type PathFilter } from './globs.js';

export interface LocalFile {
  /** Path relative to source, with / separators on every OS. */
  rel: string;
  /** Absolute path on disk (the symlink's target for links that stay inside source). */
  abs: string;
  size: number;
}

export interface WalkResult {
  files: LocalFile[];
  /** Paths skipped because a symlink pointed outside source (or in a loop). */
  skippedLinks: string[];
}

/**
 * Lists every file under source, sorted. Symlinks are followed only while their target stays inside
 * source, so a link cannot publish /etc/passwd; links outside are reported and skipped.
 */
export async function walkSource(source: string, filter: PathFilter = pathFilter([])): Promise<WalkResult> {
  const root = await realpath(source);
  const files: LocalFile[] = [];
  const skippedLinks: string[] = [];
  const inside = (p: string): boolean => p === root || p.startsWith(root + path.sep);

  const visit = async (dirReal: string, relDir: string, seen: Set<string>): Promise<void> => {
    const entries = await readdir(dirReal, { withFileTypes: true });
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      let abs = path.join(dirReal, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(abs);
        } catch {
          skippedLinks.push(rel);
          continue;
        }
        if (!inside(target) || seen.has(target)) {
          skippedLinks.push(rel);
          continue;
        }
        const st = await stat(target);
        abs = target;
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) {
        if (filter.skipFolder(rel)) continue;
        await visit(abs, rel, new Set(seen).add(abs));
      } else if (isFile && !filter.excluded(rel)) {
        files.push({ rel, abs, size: (await lstat(abs)).size });
      }
    }
  };
  await visit(root, '', new Set([root]));
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, skippedLinks };
}

/** Files up to this size are hashed from one read; a stream per small file costs more than the hash. */
const WHOLE_READ_LIMIT = 4 * 1024 * 1024;

export async function md5File(file: string, size = Infinity): Promise<string> {
  if (size <= WHOLE_READ_LIMIT)
    return createHash('md5')
      .update(await readFile(file))
      .digest('hex');
  return new Promise((resolve, reject) => {
    const hash = createHash('md5');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export function hashFiles(files: readonly LocalFile[], concurrency: number): Promise<string[]> {
  return mapPool(files, concurrency, (f) => md5File(f.abs, f.size));
}
