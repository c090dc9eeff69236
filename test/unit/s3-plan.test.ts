import { describe, expect, it } from '@jest/globals';
import { contentTypeFor, firstMatch, headersFingerprint, isEntryFile } from '../../src/s3/headers.js';
import { invalidationPaths } from '../../src/s3/invalidation.js';
import { buildFile, classify, parseState, stateFor, uploadPhases, emptyPlan } from '../../src/s3/plan.js';

const file = (rel: string, md5 = 'a'.repeat(32), size = 10, cacheControl?: string) =>
  buildFile({ key: rel, rel, abs: `/src/${rel}`, size, md5, contentType: contentTypeFor(rel), cacheControl });

describe('classify', () => {
  const f = file('app.js', '0123456789abcdef0123456789abcdef');
  const remote = { key: 'app.js', etag: '0123456789abcdef0123456789abcdef', size: 10 };

  it('a key missing remotely is new', () => {
    expect(classify(f, undefined, undefined)).toBe('new');
  });

  it('another size is a content change without asking S3', () => {
    expect(classify(f, { ...remote, size: 11 }, undefined)).toBe('changed');
  });

  it('decides from the stored state when its ETag matches the listing', () => {
    expect(classify(f, remote, [remote.etag, f.md5, f.fingerprint])).toBe('unchanged');
    expect(classify(f, remote, [remote.etag, f.md5, 'other'])).toBe('headers');
    expect(classify(f, remote, [remote.etag, 'b'.repeat(32), f.fingerprint])).toBe('changed');
  });

  it('a multipart ETag with matching state is settled without HEAD', () => {
    const mp = { ...remote, etag: 'ffffffffffffffffffffffffffffffff-3' };
    expect(classify(f, mp, [mp.etag, f.md5, f.fingerprint])).toBe('unchanged');
  });

  it('asks for a HEAD when the state is missing or stale', () => {
    expect(classify(f, remote, undefined)).toBe('check');
    expect(classify(f, remote, ['stale', f.md5, f.fingerprint])).toBe('check');
    expect(classify(f, { ...remote, etag: 'x-2' }, undefined)).toBe('check');
  });

  it('after HEAD: the stored md5 and fingerprint decide', () => {
    expect(classify(f, remote, undefined, { etag: remote.etag, md5: f.md5, headers: f.fingerprint })).toBe('unchanged');
    expect(classify(f, remote, undefined, { etag: remote.etag, md5: f.md5, headers: 'zz' })).toBe('headers');
    // SSE-KMS: the ETag is not the MD5, but the stored checksum is.
    const kms = { etag: '9'.repeat(32), md5: f.md5, headers: f.fingerprint };
    expect(classify(f, { ...remote, etag: kms.etag }, undefined, kms)).toBe('unchanged');
  });

  it('after HEAD of an object another tool uploaded: compares the headers S3 reports', () => {
    const h = { etag: remote.etag, contentType: f.contentType };
    expect(classify(f, remote, undefined, h)).toBe('unchanged');
    expect(classify(f, remote, undefined, { ...h, contentType: 'text/plain' })).toBe('headers');
    expect(classify(f, remote, undefined, { ...h, cacheControl: 'max-age=60' })).toBe('headers');
    expect(classify(f, remote, undefined, { etag: 'c'.repeat(32) })).toBe('changed');
  });
});

describe('headers', () => {
  it('detects content types with utf-8 for text', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a/b/app.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('data.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('logo.svg')).toBe('image/svg+xml; charset=utf-8');
    expect(contentTypeFor('photo.webp')).toBe('image/webp');
    expect(contentTypeFor('font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('LICENSE')).toBe('application/octet-stream');
  });

  it('content-type overrides win, first match first', () => {
    const rules = [
      { glob: '.well-known/apple-app-site-association', value: 'application/json' },
      { glob: '*.txt', value: 'text/plain; charset=iso-8859-1' },
    ];
    expect(contentTypeFor('.well-known/apple-app-site-association', rules)).toBe('application/json');
    expect(contentTypeFor('deep/notes.txt', rules)).toBe('text/plain; charset=iso-8859-1');
  });

  it('cache-control: first matching glob, names without / match at any depth', () => {
    const rules = [
      { glob: '**/*.html', value: 'no-cache' },
      { glob: 'assets/**', value: 'public, max-age=31536000, immutable' },
      { glob: '*.css', value: 'max-age=60' },
    ];
    expect(firstMatch(rules, 'index.html')).toBe('no-cache');
    expect(firstMatch(rules, 'docs/a/index.html')).toBe('no-cache');
    expect(firstMatch(rules, 'assets/app.123.js')).toBe('public, max-age=31536000, immutable');
    expect(firstMatch(rules, 'assets/site.css')).toBe('public, max-age=31536000, immutable');
    expect(firstMatch(rules, 'other/site.css')).toBe('max-age=60');
    expect(firstMatch(rules, 'robots.txt')).toBeUndefined();
  });

  it('the fingerprint changes with any header', () => {
    const base = { contentType: 'text/html', cacheControl: 'no-cache' };
    expect(headersFingerprint(base)).toBe(headersFingerprint({ ...base }));
    expect(headersFingerprint(base)).not.toBe(headersFingerprint({ ...base, cacheControl: 'max-age=1' }));
    expect(headersFingerprint(base)).not.toBe(headersFingerprint({ ...base, acl: 'public-read' }));
  });

  it('entry files are HTML and anything no-cache', () => {
    expect(isEntryFile('index.html', undefined)).toBe(true);
    expect(isEntryFile('sw.js', 'no-cache')).toBe(true);
    expect(isEntryFile('app.js', 'max-age=0')).toBe(true);
    expect(isEntryFile('app.js', 'public, max-age=31536000')).toBe(false);
  });
});

describe('upload order and state', () => {
  it('assets go before entry files', () => {
    const plan = emptyPlan();
    plan.create.push(file('index.html'), file('app.js'));
    plan.change.push(file('docs/index.html'), file('style.css'));
    plan.headers.push(file('sw.js', undefined, 10, 'no-cache'));
    const { assets, entries } = uploadPhases(plan);
    expect(assets.map((f) => f.key)).toEqual(['app.js', 'style.css']);
    expect(entries.map((f) => f.key)).toEqual(['index.html', 'docs/index.html', 'sw.js']);
  });

  it('state round-trips and rejects garbage', () => {
    const f = file('a.txt');
    const state = stateFor([f], new Map([['a.txt', 'e'.repeat(32)]]));
    expect(parseState(JSON.stringify(state))).toEqual(state);
    expect(state.objects['a.txt']).toEqual(['e'.repeat(32), f.md5, f.fingerprint]);
    expect(parseState('{"version":2,"objects":{}}')).toBeUndefined();
    expect(parseState('not json')).toBeUndefined();
  });
});

describe('invalidationPaths', () => {
  const site = ['index.html', 'about/index.html', 'app.js', 'assets/a.js', 'assets/b.js', 'assets/c.js', 'assets/d.js'];

  it('none when nothing changed', () => {
    expect(invalidationPaths([], site)).toEqual([]);
  });

  it('exact paths, with / for index.html', () => {
    expect(invalidationPaths(['index.html'], site)).toEqual(['/', '/index.html']);
    expect(invalidationPaths(['about/index.html'], site)).toEqual(['/about/', '/about/index.html']);
    expect(invalidationPaths(['assets/a.js'], site)).toEqual(['/assets/a.js']);
  });

  it('a folder mostly changed collapses to a wildcard', () => {
    expect(invalidationPaths(['assets/a.js', 'assets/b.js', 'assets/c.js'], site)).toEqual(['/assets/*']);
    expect(invalidationPaths(['assets/a.js', 'index.html'], site)).toEqual(['/', '/assets/a.js', '/index.html']);
  });

  it('everything changed is /*, and so is more than the maximum', () => {
    expect(invalidationPaths(site, site)).toEqual(['/*']);
    const many = Array.from({ length: 30 }, (_, i) => `d${i}/x.js`);
    const all = many.flatMap((k) => [k, k.replace('x.js', 'y.js'), k.replace('x.js', 'z.js')]);
    expect(invalidationPaths(many, all, 10)).toEqual(['/*']);
  });

  it('encodes unsafe characters', () => {
    expect(invalidationPaths(['img/my photo.png'], ['img/my photo.png', 'img/b.png', 'img/c.png'])).toEqual([
      '/img/my%20photo.png',
    ]);
  });
});
