/**
 * Reading `release-notes-file` when the notes are loaded, not when the inputs are parsed: the file
 * is usually written by an earlier step, and when that step failed the team should still hear how
 * the release went. A missing, unreadable or oversized file is a ReleaseError here, which the
 * command turns into a warning and a "could not be loaded" line (fail-on-error false) or a failed
 * step (fail-on-error true).
 */
import { readFile, stat } from 'node:fs/promises';
import { ReleaseError } from '../runtime/errors.js';

/** Release notes files above this size are refused: such a file is not release notes. */
export const MAX_NOTES_FILE_BYTES = 1024 * 1024;

/** The error code of a failed file system call (ENOENT, EACCES...), without the rest of its message. */
function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown error';
}

export async function readNotesFile(path: string): Promise<string> {
  const what = `release-notes-file ${path}`;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ReleaseError(`${what} is not a file`);
    size = info.size;
  } catch (err) {
    if (err instanceof ReleaseError) throw err;
    const code = codeOf(err);
    throw new ReleaseError(
      code === 'ENOENT' || code === 'ENOTDIR' ? `${what} does not exist` : `${what} could not be read (${code})`,
    );
  }
  if (size > MAX_NOTES_FILE_BYTES) {
    throw new ReleaseError(`${what} has ${size} bytes; release notes over 1 MiB are refused`);
  }
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new ReleaseError(`${what} could not be read (${codeOf(err)})`);
  }
}
