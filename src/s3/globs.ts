/* Exclude/include globs. Light on purpose: the s3-sync definition validates its inputs with it. */
import picomatch from 'picomatch';

/**
 * Which source-relative paths are left out, shared by the walk (what is uploaded) and the delete
 * filter (what is left alone remotely), so that the two can never disagree.
 */
export interface PathFilter {
  /** Whether the file (or, with folder, the folder) at rel is left out. */
  excluded(rel: string, folder?: boolean): boolean;
  /** Whether the walk may skip the folder at rel without looking inside: no file in it can be kept. */
  skipFolder(rel: string): boolean;
}

type Glob = (path: string, folder: boolean) => boolean;

/**
 * One exclude/include glob. Folders are matched by their path without a trailing slash (`drafts`,
 * `blog/drafts`), files by theirs. A glob without a slash matches the last name at any depth (`*.map`,
 * `.git`), one with a slash the whole path from the source root (`assets/**`, `/tmp`; a leading slash
 * only anchors). A trailing slash limits the glob to folders (`cache/`). Dot files match like others.
 */
function compileGlob(glob: string): Glob {
  const folderOnly = glob.endsWith('/');
  const body = glob.replace(/^\/+|\/+$/g, '');
  const byName = !glob.replace(/\/+$/, '').includes('/');
  const match = picomatch(body, { dot: true });
  return (path, folder) => (folder || !folderOnly) && match(byName ? path.slice(path.lastIndexOf('/') + 1) : path);
}

/** A matcher of file paths by one glob, with the rules above (also for cache-control and content-type). */
export function fileGlob(glob: string): (rel: string) => boolean {
  const match = compileGlob(glob);
  return (rel) => match(rel, false);
}

/** Whether a glob is usable (for input validation). */
export function isValidGlob(glob: string): boolean {
  if (glob.replace(/^\/+|\/+$/g, '') === '') return false;
  try {
    compileGlob(glob);
    return true;
  } catch {
    return false;
  }
}

/**
 * A path is excluded when it, or any folder it is in, matches an exclude glob, and neither it nor any of
 * those folders matches an include glob. So `--exclude drafts` leaves out `drafts/post.html` (uploading
 * and deleting alike), and `--exclude 'assets/**' --include assets/keep.js` keeps exactly that file.
 * With include globs, no folder is skipped: a file deep inside may be brought back.
 */
export function pathFilter(exclude: readonly string[], include: readonly string[] = []): PathFilter {
  const ex = exclude.map(compileGlob);
  const inc = include.map(compileGlob);
  // Many paths share their folders: remember each folder's answer.
  const folderHits = new Map<string, [excluded: boolean, included: boolean]>();
  const test = (globs: Glob[], path: string, folder: boolean): boolean => globs.some((g) => g(path, folder));
  const folderHit = (path: string): [boolean, boolean] => {
    let hit = folderHits.get(path);
    if (!hit) {
      const parent = path.includes('/') ? folderHit(path.slice(0, path.lastIndexOf('/'))) : [false, false];
      hit = [parent[0] || test(ex, path, true), parent[1] || test(inc, path, true)];
      folderHits.set(path, hit);
    }
    return hit;
  };
  const excluded = (rel: string, folder = false): boolean => {
    if (ex.length === 0) return false;
    const path = rel.replace(/\/+$/, '');
    // A key ending in / is a folder marker (as the S3 console makes them).
    const isFolder = folder || path !== rel;
    if (path === '') return false;
    const parent = path.includes('/') ? folderHit(path.slice(0, path.lastIndexOf('/'))) : [false, false];
    const out = parent[0] || test(ex, path, isFolder);
    return out && !(parent[1] || test(inc, path, isFolder));
  };
  return {
    excluded,
    skipFolder: (rel) => inc.length === 0 && excluded(rel, true),
  };
}
