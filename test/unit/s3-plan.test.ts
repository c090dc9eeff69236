import { describe, expect, it } from '@jest/globals';
import { contentTypeFor, firstMatch, headersFingerprint, isEntryFile } from '../../src/s3/headers.js';
import { MAX_WILDCARDS, encodePath, invalidationPaths, mergeInvalidationPaths } from '../../src/s3/invalidation.js';
import { buildFile, classify, parseState, stateFor, uploadPhases, emptyPlan, withPending } from '../../src/s3/plan.js';

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
    const kms = { etag: '9'.repeat(32), md5: f.md5, headers: f.fingerprint, serverSideEncryption: 'aws:kms' };
    expect(classify(f, { ...remote, etag: kms.etag }, undefined, kms)).toBe('unchanged');
    expect(classify(f, { ...remote, etag: kms.etag }, undefined, { ...kms, md5: 'b'.repeat(32) })).toBe('changed');
    expect(classify(f, { ...remote, etag: kms.etag }, undefined, { ...kms, md5: undefined })).toBe('changed');
    // Multipart: the same, the stored checksum decides.
    const mp = { etag: 'ffffffffffffffffffffffffffffffff-3', md5: f.md5, headers: f.fingerprint };
    expect(classify(f, { ...remote, etag: mp.etag }, undefined, mp)).toBe('unchanged');
    expect(classify(f, { ...remote, etag: mp.etag }, undefined, { ...mp, md5: undefined })).toBe('changed');
  });

  it('after HEAD: a plain ETag showing other content wins over stored metadata (rewritten in place)', () => {
    const rewritten = { etag: 'c'.repeat(32), md5: f.md5, headers: f.fingerprint };
    expect(classify(f, { ...remote, etag: rewritten.etag }, undefined, rewritten)).toBe('changed');
    // AES256 (SSE-S3) keeps the ETag an MD5.
    const sse = { ...rewritten, serverSideEncryption: 'AES256' };
    expect(classify(f, { ...remote, etag: sse.etag }, undefined, sse)).toBe('changed');
    // Stale metadata does not hide a match either.
    const same = { etag: f.md5, md5: 'd'.repeat(32), headers: f.fingerprint };
    expect(classify(f, remote, undefined, same)).toBe('unchanged');
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
    expect(parseState('{"version":1,"objects":{},"pending":{"E1":"/*"}}')).toBeUndefined();
  });

  it('state keeps owed invalidation paths by distribution, and drops empty ones', () => {
    const f = file('a.txt');
    const state = stateFor([f], new Map([['a.txt', 'e'.repeat(32)]]), { E1: ['/a.txt'], E2: [] });
    expect(state.pending).toEqual({ E1: ['/a.txt'] });
    expect(parseState(JSON.stringify(state))).toEqual(state);
    const cleared = withPending(state, { ...state.pending, E1: [] });
    expect(cleared).toEqual({ version: 1, objects: state.objects });
    expect(JSON.stringify(cleared)).not.toContain('pending');
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

  it('encodes only non-ASCII and RFC 1738 unsafe characters', () => {
    expect(encodePath('a b"c<d>e#f%g{h}i|j\\k^l~m[n]o`p')).toBe(
      'a%20b%22c%3Cd%3Ee%23f%25g%7Bh%7Di%7Cj%5Ck%5El%7Em%5Bn%5Do%60p',
    );
    expect(encodePath('café/日本.html')).toBe('caf%C3%A9/%E6%97%A5%E6%9C%AC.html');
    expect(encodePath('emoji-😀.png')).toBe('emoji-%F0%9F%98%80.png');
    expect(encodePath('tab\there')).toBe('tab%09here');
    // Reserved and other safe characters stay as they are.
    const safe = "docs/a&b=c;d:e,f$g@h+i!j'k(l)m*n?o.p_q-r";
    expect(encodePath(safe)).toBe(safe);
    expect(invalidationPaths(["q&a/it's.html"], ["q&a/it's.html", 'q&a/x', 'q&a/y'])).toEqual(["/q&a/it's.html"]);
  });

  it('at most 15 wildcards: the folders that save the most paths, the others path by path', () => {
    // 17 folders, each with 2 of 3 files changed; folder d00 has 3 of 4.
    const all: string[] = [];
    const changed: string[] = [];
    for (let i = 0; i < 17; i++) {
      const d = `d${String(i).padStart(2, '0')}`;
      all.push(`${d}/a.js`, `${d}/b.js`, `${d}/c.js`);
      changed.push(`${d}/a.js`, `${d}/b.js`);
    }
    all.push('d00/z.js', 'other/1', 'other/2', 'other/3', 'other/4', 'other/5', 'other/6', 'other/7');
    changed.push('d00/z.js');
    for (let i = 0; i < 40; i++) all.push(`padding/${i}`);
    const paths = invalidationPaths(changed, all);
    expect(paths.filter((p) => p.includes('*'))).toHaveLength(MAX_WILDCARDS);
    expect(paths).toContain('/d00/*');
    expect(paths).toEqual(expect.arrayContaining(['/d14/*', '/d15/a.js', '/d15/b.js', '/d16/a.js', '/d16/b.js']));
    expect(paths).toHaveLength(MAX_WILDCARDS + 4);
    // Past the path limit as well: /*.
    expect(invalidationPaths(changed, all, 10)).toEqual(['/*']);
  });

  it('merges owed paths: /* when any list has it or the wildcards pass 15', () => {
    expect(mergeInvalidationPaths([[], []])).toEqual([]);
    expect(
      mergeInvalidationPaths([
        ['/b', '/a'],
        ['/a', '/c'],
      ]),
    ).toEqual(['/a', '/b', '/c']);
    expect(mergeInvalidationPaths([['/a'], ['/*']])).toEqual(['/*']);
    const wild = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `/${tag}${i}/*`);
    expect(mergeInvalidationPaths([wild(10, 'x'), wild(5, 'y')])).toHaveLength(15);
    expect(mergeInvalidationPaths([wild(10, 'x'), wild(6, 'y')])).toEqual(['/*']);
    expect(mergeInvalidationPaths([['/a', '/b', '/c']], 2)).toEqual(['/*']);
  });
});
