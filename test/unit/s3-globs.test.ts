import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { walkSource } from '../../src/s3/files.js';
import { isValidGlob, pathFilter } from '../../src/s3/globs.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'arkit-globs-'));
  dirs.push(dir);
  for (const rel of files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), rel);
  }
  return dir;
}

describe('pathFilter', () => {
  it('a name glob excludes a folder of that name at any depth, and everything in it', () => {
    const f = pathFilter(['drafts', '.git']);
    expect(f.excluded('drafts/post.html')).toBe(true);
    expect(f.excluded('blog/drafts/a/b.html')).toBe(true);
    expect(f.excluded('.git/config')).toBe(true);
    expect(f.excluded('drafts')).toBe(true); // a file named drafts, too
    expect(f.excluded('drafts-2/post.html')).toBe(false);
    expect(f.excluded('blog/post.html')).toBe(false);
    expect(f.skipFolder('blog/drafts')).toBe(true);
    expect(f.skipFolder('blog')).toBe(false);
  });

  it('a glob with a slash matches the path from the root; a leading slash only anchors', () => {
    const f = pathFilter(['/tmp', 'assets/**', 'a/*/c']);
    expect(f.excluded('tmp/x.txt')).toBe(true);
    expect(f.excluded('sub/tmp/x.txt')).toBe(false);
    expect(f.excluded('assets/app.js')).toBe(true);
    expect(f.excluded('assets/deep/app.js')).toBe(true);
    expect(f.excluded('web/assets/app.js')).toBe(false);
    expect(f.excluded('a/b/c/d.txt')).toBe(true); // the folder a/b/c matches
    expect(f.excluded('a/b/d.txt')).toBe(false);
  });

  it('a trailing slash limits a glob to folders', () => {
    const f = pathFilter(['cache/']);
    expect(f.excluded('cache/x.txt')).toBe(true);
    expect(f.excluded('deep/cache/x.txt')).toBe(true);
    expect(f.excluded('deep/cache')).toBe(false); // a file
    expect(f.excluded('deep/cache/')).toBe(true); // a folder marker key
    expect(f.skipFolder('cache')).toBe(true);
  });

  it('file globs match names and paths as before', () => {
    const f = pathFilter(['*.map', 'docs/*.md']);
    expect(f.excluded('a/b/app.js.map')).toBe(true);
    expect(f.excluded('docs/readme.md')).toBe(true);
    expect(f.excluded('docs/sub/readme.md')).toBe(false);
    expect(f.excluded('app.js')).toBe(false);
  });

  it('an include brings a file back, also from an excluded folder; no folder is skipped then', () => {
    const f = pathFilter(['assets/**', 'drafts'], ['assets/keep.js', '*.html']);
    expect(f.excluded('assets/keep.js')).toBe(false);
    expect(f.excluded('assets/skip.js')).toBe(true);
    expect(f.excluded('drafts/post.html')).toBe(false);
    expect(f.excluded('drafts/post.md')).toBe(true);
    expect(f.skipFolder('assets')).toBe(false);
    expect(f.skipFolder('drafts')).toBe(false);
    // An include naming a folder brings back what is in it.
    const g = pathFilter(['*.map'], ['vendor']);
    expect(g.excluded('vendor/lib.js.map')).toBe(false);
    expect(g.excluded('app.js.map')).toBe(true);
  });

  it('nothing is excluded without exclude globs', () => {
    const f = pathFilter([], ['*.html']);
    expect(f.excluded('a/b.txt')).toBe(false);
    expect(f.skipFolder('a')).toBe(false);
  });

  it('validates globs', () => {
    expect(isValidGlob('assets/**')).toBe(true);
    expect(isValidGlob('.git')).toBe(true);
    expect(isValidGlob('/')).toBe(false);
    expect(isValidGlob('')).toBe(false);
  });
});

describe('walkSource with a filter', () => {
  it('leaves out excluded folders and brings included files back from them', async () => {
    const dir = tree(['index.html', 'assets/keep.js', 'assets/skip.js', 'drafts/post.html', 'x/.git/config']);
    const plain = await walkSource(dir, pathFilter(['drafts', '.git']));
    expect(plain.files.map((f) => f.rel)).toEqual(['assets/keep.js', 'assets/skip.js', 'index.html']);
    const kept = await walkSource(dir, pathFilter(['assets/**', 'drafts', '.git'], ['assets/keep.js']));
    expect(kept.files.map((f) => f.rel)).toEqual(['assets/keep.js', 'index.html']);
  });
});
