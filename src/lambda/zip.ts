import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { zipSync, type ZipAttributes } from 'fflate';

/** One file as it goes into the package: a forward-slash path relative to the package root. */
export interface ZipEntry {
  path: string;
  data: Uint8Array;
  executable: boolean;
}

export interface SourceFile {
  rel: string;
  abs: string;
  executable: boolean;
}

export interface SourceWalk {
  files: SourceFile[];
  /** Relative paths left out, with the reason (broken symlink, symlink loop, not a regular file). */
  skipped: string[];
}

/**
 * Every entry gets this timestamp. fflate writes the DOS date from the Date's LOCAL fields, so the
 * Date is built from local fields too: the bytes are then the same in every time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const S_IFREG = 0o100000;
/** Fixed compression level: the same fflate version turns the same bytes into the same stream. */
const LEVEL = 6;

/** The Unix mode stored for a file: 0755 for anything executable by its owner, 0644 otherwise. */
export function zipMode(executable: boolean): number {
  return S_IFREG | (executable ? 0o755 : 0o644);
}

/** Byte order of the UTF-8 names, independent of locale. */
function byPath(a: { path: string }, b: { path: string }): number {
  return Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8'));
}

/**
 * A deterministic zip of the entries: sorted names, one fixed timestamp, modes 0644/0755, Unix
 * attributes, no directory entries (so no directory timestamps). The same entries give the same
 * bytes whatever order they come in and whatever the files' mtimes, owners or umask were.
 */
export function zipEntries(entries: readonly ZipEntry[]): Uint8Array {
  const sorted = [...entries].sort(byPath);
  const input: Record<string, [Uint8Array, ZipAttributes & { level: typeof LEVEL }]> = {};
  for (const entry of sorted) {
    if (entry.path in input) throw new Error(`duplicate zip entry ${entry.path}`);
    input[entry.path] = [
      entry.data,
      // attrs holds the Unix mode in its upper 16 bits (os 3 = Unix), as Info-ZIP writes it.
      { level: LEVEL, mtime: FIXED_MTIME, os: 3, attrs: zipMode(entry.executable) * 0x10000 },
    ];
  }
  // zipSync writes entries in the object's key order: insertion order (sorted above), except that
  // names which are canonical array indexes ("0", "12") come first. Either way the order depends
  // only on the names, so the output stays deterministic.
  return zipSync(input);
}

/**
 * Lists the regular files under root, following symlinks (their targets' contents are packaged)
 * but never a directory link that leads back into its own ancestry.
 */
export async function walkDirectory(root: string): Promise<SourceWalk> {
  const files: SourceFile[] = [];
  const skipped: string[] = [];

  const visit = async (dir: string, relDir: string, ancestors: Set<string>): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new Error(`cannot read directory ${dir}: ${(err as Error).message}`);
    }
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      let info;
      try {
        info = await stat(abs); // follows symlinks
      } catch {
        skipped.push(`${rel} (broken symlink)`);
        continue;
      }
      if (info.isDirectory()) {
        const real = await realpath(abs);
        if (ancestors.has(real)) {
          skipped.push(`${rel} (symlink loop)`);
          continue;
        }
        await visit(abs, rel, new Set([...ancestors, real]));
      } else if (info.isFile()) {
        files.push({ rel, abs, executable: (info.mode & 0o100) !== 0 });
      } else {
        skipped.push(`${rel} (not a regular file)`);
      }
    }
  };

  await visit(root, '', new Set([await realpath(root)]));
  files.sort((a, b) => byPath({ path: a.rel }, { path: b.rel }));
  return { files, skipped };
}

export interface DirectoryZip {
  bytes: Uint8Array;
  files: number;
  skipped: string[];
}

/** Zips a directory's contents (the directory itself is not a path component). */
export async function zipDirectory(root: string): Promise<DirectoryZip> {
  const walk = await walkDirectory(root);
  const entries: ZipEntry[] = [];
  for (const f of walk.files) {
    entries.push({ path: f.rel, data: await readFile(f.abs), executable: f.executable });
  }
  return { bytes: zipEntries(entries), files: entries.length, skipped: walk.skipped };
}

/** Lambda's CodeSha256: the base64 SHA-256 of the deployment package. */
export function codeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** The hex form of the same digest, for content-addressed S3 keys. */
export function codeSha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
