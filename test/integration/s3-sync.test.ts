import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudFront } from '@aws-sdk/client-cloudfront';
import { S3 } from '@aws-sdk/client-s3';
import { rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { s3Sync } from '../../src/definitions/s3-sync.js';
import { STATE_NAME } from '../../src/commands/s3-sync.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { cloudFrontError, isPut, startFaultProxy } from '../helpers/fault-proxy.js';
import { runCli } from '../helpers/host.js';
import { createDistribution } from '../helpers/cloudfront.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
const trees = new TempDirs('arkit-site-');

const site = (files: Record<string, string>): string => trees.make(files);

async function newBucket(): Promise<string> {
  const bucket = uniqueName('site');
  await s3.createBucket({ Bucket: bucket });
  return bucket;
}

async function keys(bucket: string): Promise<string[]> {
  const res = await s3.listObjectsV2({ Bucket: bucket });
  return (res.Contents ?? []).map((o) => o.Key ?? '').sort();
}

async function body(bucket: string, key: string): Promise<string> {
  return (await (await s3.getObject({ Bucket: bucket, Key: key })).Body?.transformToString()) ?? '';
}

const sync = (source: string, bucket: string, ...more: string[]) =>
  runCli(s3Sync, ['--source', source, '--bucket', bucket, '--endpoint-url', motoUrl(), ...more]);

const SITE = {
  'index.html': '<html>home</html>',
  'about/index.html': '<html>about</html>',
  'assets/app.js': 'console.log(1)',
  'assets/style.css': 'body{}',
  'img/logo.svg': '<svg/>',
};

afterAll(() => {
  trees.cleanup();
});

describe('s3-sync against moto', () => {
  it('first sync uploads everything with the right headers; a re-sync after touching every file uploads nothing', async () => {
    const bucket = await newBucket();
    const dir = site(SITE);
    const cache = [
      '--cache-control',
      '**/*.html=no-cache',
      '--cache-control',
      'assets/**=public, max-age=31536000, immutable',
    ];
    const first = await sync(dir, bucket, ...cache);
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ uploaded: 5, deleted: 0, unchanged: 0, 'invalidation-id': '' });
    expect(first.outputs?.['bytes-uploaded']).toBe(Object.values(SITE).join('').length);
    expect(await keys(bucket)).toEqual([...Object.keys(SITE), STATE_NAME].sort());
    const html = await s3.headObject({ Bucket: bucket, Key: 'about/index.html' });
    expect(html.ContentType).toBe('text/html; charset=utf-8');
    expect(html.CacheControl).toBe('no-cache');
    const js = await s3.headObject({ Bucket: bucket, Key: 'assets/app.js' });
    expect(js.CacheControl).toBe('public, max-age=31536000, immutable');
    expect(await body(bucket, 'assets/app.js')).toBe('console.log(1)');

    // Count what is really sent: a proxy with no fault rules in front of moto.
    const future = new Date(Date.now() + 3600_000);
    for (const rel of Object.keys(SITE)) utimesSync(join(dir, rel), future, future);
    const proxy = await startFaultProxy(motoUrl());
    try {
      const again = await runCli(s3Sync, ['--source', dir, '--bucket', bucket, '--endpoint-url', proxy.url, ...cache]);
      expect(again.code).toBe(0);
      expect(again.outputs).toMatchObject({ uploaded: 0, updated: 0, unchanged: 5, 'bytes-uploaded': 0 });
      expect(proxy.counts['GET']).toBeGreaterThan(0); // the proxy did see the sync
      expect(proxy.counts['PUT'] ?? 0).toBe(0);
      expect(proxy.counts['POST'] ?? 0).toBe(0);
      expect(proxy.counts['DELETE'] ?? 0).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('uploads a same-size edit, and updates headers when only a rule changed', async () => {
    const bucket = await newBucket();
    const dir = site(SITE);
    expect((await sync(dir, bucket)).code).toBe(0);
    writeFileSync(join(dir, 'assets/app.js'), 'console.log(2)'); // same length
    const edit = await sync(dir, bucket);
    expect(edit.outputs).toMatchObject({ uploaded: 1, updated: 0, unchanged: 4 });
    expect(await body(bucket, 'assets/app.js')).toBe('console.log(2)');

    const headersOnly = await sync(dir, bucket, '--cache-control', '*.css=max-age=60');
    expect(headersOnly.outputs).toMatchObject({ uploaded: 0, updated: 1, unchanged: 4 });
    expect((await s3.headObject({ Bucket: bucket, Key: 'assets/style.css' })).CacheControl).toBe('max-age=60');
  });

  it('compares by HEAD when the sync state is missing (objects put there by another tool)', async () => {
    const bucket = await newBucket();
    const dir = site({ 'a.txt': 'alpha', 'b.txt': 'beta' });
    await s3.putObject({ Bucket: bucket, Key: 'a.txt', Body: 'alpha', ContentType: 'text/plain; charset=utf-8' });
    await s3.putObject({ Bucket: bucket, Key: 'b.txt', Body: 'BETA', ContentType: 'text/plain; charset=utf-8' });
    const res = await sync(dir, bucket);
    expect(res.outputs).toMatchObject({ uploaded: 1, unchanged: 1 });
    expect(res.log).toContain('HEAD');
    expect(await body(bucket, 'b.txt')).toBe('beta');
  });

  it('deletes only with delete, keeps excluded keys, and refuses past max-delete without writing', async () => {
    const bucket = await newBucket();
    const dir = site(SITE);
    expect((await sync(dir, bucket)).code).toBe(0);
    await s3.putObject({ Bucket: bucket, Key: 'old.html', Body: 'x' });
    await s3.putObject({ Bucket: bucket, Key: 'old2.html', Body: 'x' });
    await s3.putObject({ Bucket: bucket, Key: 'uploads/user.png', Body: 'x' });

    const keep = await sync(dir, bucket);
    expect(keep.outputs).toMatchObject({ deleted: 0 });
    expect(await keys(bucket)).toContain('old.html');

    writeFileSync(join(dir, 'new.txt'), 'new');
    const refused = await sync(dir, bucket, '--delete', '--max-delete', '1', '--exclude', 'uploads/**');
    expect(refused.code).toBe(1);
    expect(refused.log).toMatch(/deletes 2 objects.*max-delete \(1\)/);
    expect(await keys(bucket)).not.toContain('new.txt');
    expect(await keys(bucket)).toContain('old.html');

    const removed = await sync(dir, bucket, '--delete', '--exclude', 'uploads/**');
    expect(removed.code).toBe(0);
    expect(removed.outputs).toMatchObject({ uploaded: 1, deleted: 2 });
    const after = await keys(bucket);
    expect(after).not.toContain('old.html');
    expect(after).toContain('uploads/user.png');
    expect(after).toContain('new.txt');
  });

  it('an excluded folder name keeps everything under it, locally and remotely (exclude drafts / .git)', async () => {
    const bucket = await newBucket();
    const dir = site({
      'index.html': 'home',
      'drafts/post.html': 'local draft',
      '.git/config': 'local config',
      'blog/drafts/deep.html': 'deep draft',
      'blog/post.html': 'post',
    });
    for (const key of ['drafts/post.html', '.git/config', 'blog/drafts/old.html', 'drafts'])
      await s3.putObject({ Bucket: bucket, Key: key, Body: `remote ${key}` });
    const res = await sync(dir, bucket, '--delete', '--exclude', 'drafts', '--exclude', '.git');
    expect(res.code).toBe(0);
    // `drafts` (a file at the root) is a path named drafts too: excluded, so kept.
    expect(res.outputs).toMatchObject({ uploaded: 2, deleted: 0 });
    expect(await keys(bucket)).toEqual(
      [
        '.git/config',
        'blog/drafts/old.html',
        'blog/post.html',
        'drafts',
        'drafts/post.html',
        'index.html',
        STATE_NAME,
      ].sort(),
    );
    expect(await body(bucket, 'drafts/post.html')).toBe('remote drafts/post.html');
  });

  it('a folder glob matches the folder path; a trailing slash limits it to folders', async () => {
    const bucket = await newBucket();
    const dir = site({
      'index.html': 'home',
      'tmp/a.txt': 'a',
      'x/tmp/b.txt': 'b',
      'cache/c.txt': 'c',
      'cache.txt': 'd',
    });
    await s3.putObject({ Bucket: bucket, Key: 'tmp/remote.txt', Body: 'r' });
    await s3.putObject({ Bucket: bucket, Key: 'cache/remote.txt', Body: 'r' });
    await s3.putObject({ Bucket: bucket, Key: 'x/cache', Body: 'a file named cache' });
    const res = await sync(dir, bucket, '--delete', '--exclude', '/tmp', '--exclude', 'cache/');
    expect(res.code).toBe(0);
    expect(await keys(bucket)).toEqual(
      ['cache.txt', 'cache/remote.txt', 'index.html', 'tmp/remote.txt', 'x/tmp/b.txt', STATE_NAME].sort(),
    );
  });

  it('an include brings a file back from an excluded folder: uploaded, and never deleted', async () => {
    const bucket = await newBucket();
    const dir = site({ 'index.html': 'home', 'assets/keep.js': 'keep v2', 'assets/skip.js': 'skip v2' });
    await s3.putObject({ Bucket: bucket, Key: 'assets/keep.js', Body: 'keep v1' });
    await s3.putObject({ Bucket: bucket, Key: 'assets/skip.js', Body: 'skip v1' });
    await s3.putObject({ Bucket: bucket, Key: 'assets/old.js', Body: 'old' });
    const args = ['--delete', '--exclude', 'assets/**', '--include', 'assets/keep.js'];
    const res = await sync(dir, bucket, ...args);
    expect(res.code).toBe(0);
    expect(res.outputs).toMatchObject({ uploaded: 2, deleted: 0 });
    expect(await body(bucket, 'assets/keep.js')).toBe('keep v2');
    expect(await body(bucket, 'assets/skip.js')).toBe('skip v1');
    expect(await keys(bucket)).toContain('assets/old.js');
    expect((await sync(dir, bucket, ...args)).outputs).toMatchObject({ uploaded: 0, unchanged: 2, deleted: 0 });
  });

  it('refuses an empty or missing source with exit 2 and writes nothing', async () => {
    const bucket = await newBucket();
    const empty = site({});
    const res = await sync(empty, bucket, '--delete');
    expect(res.code).toBe(2);
    expect(res.log).toMatch(/input "source": .*no files/);
    const missing = await sync(join(empty, 'nope'), bucket);
    expect(missing.code).toBe(2);
    expect(missing.log).toMatch(/input "source": .*does not exist/);
    expect(await keys(bucket)).toEqual([]);
  });

  it('rejects bad inputs with one line naming the input', async () => {
    const dir = site(SITE);
    const cases: Array<[string[], RegExp]> = [
      [['--bucket', 'Bad_Bucket'], /input "bucket"/],
      [['--bucket', 'ok-bucket', '--concurrency', '0'], /input "concurrency": must be at least 1/],
      [['--bucket', 'ok-bucket', '--delete', 'maybe'], /input "delete": expected true or false/],
      [['--bucket', 'ok-bucket', '--cache-control', 'no-equals-sign'], /input "cache-control": line 1/],
      [['--bucket', 'ok-bucket', '--acl', 'world'], /input "acl": expected one of/],
      [['--bucket', 'ok-bucket', '--exclude', '/'], /input "exclude": "\/" is not a valid glob/],
      [['--bucket', 'ok-bucket', '--invalidation-paths', 'index.html'], /input "invalidation-paths"/],
      [['--bucket', 'ok-bucket', '--no-such-input', 'x'], /input "no-such-input": s3-sync has no such input/],
    ];
    for (const [args, pattern] of cases) {
      const res = await runCli(s3Sync, ['--source', dir, '--endpoint-url', motoUrl(), ...args]);
      expect(res.code).toBe(2);
      expect(res.log).toMatch(pattern);
      expect(res.log.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
    }
    const noBucket = await runCli(s3Sync, ['--source', dir]);
    expect(noBucket.code).toBe(2);
    expect(noBucket.log).toContain(
      'input "bucket": is required (usage: aws-release-kit s3-sync --source VALUE --bucket VALUE',
    );
  });

  it('dry run prints the plan and writes nothing', async () => {
    const bucket = await newBucket();
    await s3.putObject({ Bucket: bucket, Key: 'stale.html', Body: 'x' });
    const dir = site(SITE);
    const res = await sync(dir, bucket, '--dry-run', '--delete');
    expect(res.code).toBe(0);
    expect(res.outputs).toMatchObject({ uploaded: 5, deleted: 1 });
    expect(res.log).toContain('dry run');
    expect(res.log).toContain('about/index.html');
    expect(await keys(bucket)).toEqual(['stale.html']);
  });

  it('a dry run past max-delete prints what would be deleted, then refuses', async () => {
    const bucket = await newBucket();
    await s3.putObject({ Bucket: bucket, Key: 'stale-1.html', Body: 'x' });
    await s3.putObject({ Bucket: bucket, Key: 'stale-2.html', Body: 'x' });
    const res = await sync(site(SITE), bucket, '--dry-run', '--delete', '--max-delete', '1');
    expect(res.code).toBe(1);
    expect(res.log).toMatch(/delete \(2\):\n.*stale-1\.html\n.*stale-2\.html/);
    expect(res.log).toContain('about/index.html');
    expect(res.log).toMatch(/deletes 2 objects.*max-delete \(1\)/);
    expect(await keys(bucket)).toEqual(['stale-1.html', 'stale-2.html']);
  });

  it('uploads a large file in parts and recognises it on re-sync, with or without the stored state', async () => {
    const bucket = await newBucket();
    const dir = site({ 'index.html': 'x' });
    const big = Buffer.alloc(17 * 1024 * 1024, 7);
    big.write('unique start', 0);
    writeFileSync(join(dir, 'video.bin'), big);
    const first = await sync(dir, bucket);
    expect(first.outputs).toMatchObject({ uploaded: 2, 'bytes-uploaded': big.length + 1 });
    const head = await s3.headObject({ Bucket: bucket, Key: 'video.bin' });
    expect(head.ETag).toMatch(/-\d+"$/); // a multipart ETag is not an MD5
    expect(head.ContentLength).toBe(big.length);

    expect((await sync(dir, bucket)).outputs).toMatchObject({ uploaded: 0, unchanged: 2 });
    await s3.deleteObject({ Bucket: bucket, Key: STATE_NAME });
    const noState = await sync(dir, bucket);
    expect(noState.outputs).toMatchObject({ uploaded: 0, unchanged: 2 });
    expect(noState.log).toContain('HEAD');
  });

  it('does not follow a symlink out of source', async () => {
    const bucket = await newBucket();
    const outside = site({ 'secret.txt': 'do not publish' });
    const dir = site({ 'index.html': 'x', 'inner.txt': 'inner' });
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'leak.txt'));
    symlinkSync(join(dir, 'inner.txt'), join(dir, 'alias.txt'));
    const res = await sync(dir, bucket, '--prefix', 'www');
    expect(res.code).toBe(0);
    expect(res.log).toContain('skipped leak.txt');
    expect(await keys(bucket)).toEqual([
      'www/.aws-release-kit/s3-sync-state.json',
      'www/alias.txt',
      'www/index.html',
      'www/inner.txt',
    ]);
  });
});

describe('s3-sync faults', () => {
  it('converges through 503 SlowDown and reset connections on a share of PUTs', async () => {
    const bucket = await newBucket();
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f/${i}.txt`, `file ${i}`]));
    const dir = site({ ...files, 'index.html': 'home' });
    const proxy = await startFaultProxy(motoUrl(), [
      { match: isPut, when: (n) => n % 4 === 0, fault: 'slowdown' },
      { match: isPut, when: (n) => n % 7 === 0, fault: 'reset' },
    ]);
    try {
      const res = await runCli(s3Sync, [
        '--source',
        dir,
        '--bucket',
        bucket,
        '--endpoint-url',
        proxy.url,
        '--concurrency',
        '8',
      ]);
      expect(res.code).toBe(0);
      expect(proxy.injected).toBeGreaterThan(5);
      expect(res.outputs).toMatchObject({ uploaded: 41 });
      expect((await keys(bucket)).length).toBe(42);
      expect(await body(bucket, 'f/17.txt')).toBe('file 17');
    } finally {
      await proxy.close();
    }
  });

  it('a persistent failure exits 1: nothing deleted, HTML not uploaded, a re-run finishes', async () => {
    const bucket = await newBucket();
    const dir = site(SITE);
    expect((await sync(dir, bucket)).code).toBe(0);
    await s3.putObject({ Bucket: bucket, Key: 'gone.html', Body: 'x' });
    writeFileSync(join(dir, 'index.html'), '<html>v2</html>');
    writeFileSync(join(dir, 'assets/style.css'), 'body{color:red}');
    const proxy = await startFaultProxy(motoUrl(), [
      { match: (req) => isPut(req) && (req.url ?? '').includes('style.css'), when: () => true, fault: 'reset' },
    ]);
    try {
      const res = await runCli(s3Sync, ['--source', dir, '--bucket', bucket, '--endpoint-url', proxy.url, '--delete']);
      expect(res.code).toBe(1);
      expect(res.log).toMatch(/HTML and other entry files were held back and nothing was deleted/);
      expect(res.log).not.toMatch(/live site is unchanged/);
      expect(await keys(bucket)).toContain('gone.html');
      expect(await body(bucket, 'index.html')).toBe('<html>home</html>');
    } finally {
      await proxy.close();
    }
    const rerun = await sync(dir, bucket, '--delete');
    expect(rerun.code).toBe(0);
    expect(rerun.outputs).toMatchObject({ uploaded: 2, deleted: 1 });
    expect(await body(bucket, 'index.html')).toBe('<html>v2</html>');
  });
});

describe('s3-sync CloudFront invalidation', () => {
  const cf = new CloudFront({ region: 'us-east-1', endpoint: motoUrl() });
  let distributionId = '';

  beforeAll(async () => {
    distributionId = await createDistribution(cf, 'test');
  });

  it('invalidates exactly the overwritten and deleted paths, and nothing when nothing changed', async () => {
    const bucket = await newBucket();
    const dir = site(SITE);
    const first = await sync(dir, bucket, '--cloudfront-distribution-id', distributionId);
    // Only new keys: nothing CloudFront could have cached.
    expect(first.outputs?.['invalidation-id']).toBe('');

    writeFileSync(join(dir, 'index.html'), '<html>v2</html>');
    rmSync(join(dir, 'img/logo.svg'));
    const second = await sync(
      dir,
      bucket,
      '--cloudfront-distribution-id',
      distributionId,
      '--delete',
      '--wait-for-invalidation',
    );
    expect(second.code).toBe(0);
    const id = String(second.outputs?.['invalidation-id']);
    expect(id).not.toBe('');
    const inv = await cf.getInvalidation({ DistributionId: distributionId, Id: id });
    expect([...(inv.Invalidation?.InvalidationBatch?.Paths?.Items ?? [])].sort()).toEqual([
      '/',
      '/img/logo.svg',
      '/index.html',
    ]);

    const third = await sync(dir, bucket, '--cloudfront-distribution-id', distributionId);
    expect(third.outputs).toMatchObject({ uploaded: 0, 'invalidation-id': '' });
  });

  const pathsOf = async (id: unknown): Promise<string[]> => {
    const inv = await cf.getInvalidation({ DistributionId: distributionId, Id: String(id) });
    return [...(inv.Invalidation?.InvalidationBatch?.Paths?.Items ?? [])].sort();
  };

  it('uses invalidation-paths when given, and only when something changed', async () => {
    const bucket = await newBucket();
    const dir = site(SITE);
    await sync(dir, bucket);
    writeFileSync(join(dir, 'assets/app.js'), 'console.log(3)');
    const given = ['--cloudfront-distribution-id', distributionId, '--invalidation-paths', '/*'];
    const res = await sync(dir, bucket, ...given);
    expect(await pathsOf(res.outputs?.['invalidation-id'])).toEqual(['/*']);

    const nothing = await sync(dir, bucket, ...given);
    expect(nothing.code).toBe(0);
    expect(nothing.outputs).toMatchObject({ uploaded: 0, 'invalidation-id': '' });
    expect(nothing.log).toContain('no invalidation');
  });

  it('refuses an unknown distribution before writing anything', async () => {
    const bucket = await newBucket();
    const res = await sync(site(SITE), bucket, '--cloudfront-distribution-id', 'E0NOSUCHDIST00');
    expect(res.code).toBe(1);
    expect(res.log).toMatch(/error: .*CloudFront distribution E0NOSUCHDIST00 does not exist; nothing was written/);
    expect(await keys(bucket)).toEqual([]);
  });

  it('a failed invalidation is kept in the sync state and made by the next run', async () => {
    const bucket = await newBucket();
    const dir = site(SITE);
    expect((await sync(dir, bucket, '--cloudfront-distribution-id', distributionId)).code).toBe(0);
    writeFileSync(join(dir, 'index.html'), '<html>v2</html>');
    const proxy = await startFaultProxy(motoUrl(), [
      {
        match: (req) => req.method === 'POST' && (req.url ?? '').includes('/invalidation'),
        when: () => true,
        fault: cloudFrontError(403, 'AccessDenied', 'not allowed to create invalidations'),
      },
    ]);
    try {
      const res = await runCli(s3Sync, [
        '--source',
        dir,
        '--bucket',
        bucket,
        '--endpoint-url',
        proxy.url,
        '--cloudfront-distribution-id',
        distributionId,
      ]);
      expect(res.code).toBe(1);
      expect(proxy.injected).toBe(1);
      expect(res.log).toMatch(/error: .*invalidation.*failed.*\/ \/index\.html/);
      expect(await body(bucket, 'index.html')).toBe('<html>v2</html>');
    } finally {
      await proxy.close();
    }
    // Nothing changed since, but the paths the failed run could not invalidate are still owed.
    const retry = await sync(dir, bucket, '--cloudfront-distribution-id', distributionId);
    expect(retry.code).toBe(0);
    expect(retry.outputs).toMatchObject({ uploaded: 0 });
    expect(await pathsOf(retry.outputs?.['invalidation-id'])).toEqual(['/', '/index.html']);
    // Once made, they are not owed any more.
    const after = await sync(dir, bucket, '--cloudfront-distribution-id', distributionId);
    expect(after.outputs).toMatchObject({ uploaded: 0, 'invalidation-id': '' });
  });

  it('files overwritten by a run whose later upload failed are invalidated by the re-run', async () => {
    const bucket = await newBucket();
    const files = { ...SITE, 'assets/a.js': 'a', 'assets/b.js': 'b', 'assets/c.js': 'c' };
    const dir = site(files);
    expect((await sync(dir, bucket, '--cloudfront-distribution-id', distributionId)).code).toBe(0);
    writeFileSync(join(dir, 'assets/app.js'), 'console.log("v2")');
    writeFileSync(join(dir, 'assets/style.css'), 'body{color:red}');
    writeFileSync(join(dir, 'index.html'), '<html>v2</html>');
    const proxy = await startFaultProxy(motoUrl(), [
      { match: (req) => isPut(req) && (req.url ?? '').includes('style.css'), when: () => true, fault: 'reset' },
    ]);
    try {
      const res = await runCli(s3Sync, [
        '--source',
        dir,
        '--bucket',
        bucket,
        '--endpoint-url',
        proxy.url,
        '--cloudfront-distribution-id',
        distributionId,
      ]);
      expect(res.code).toBe(1);
      expect(await body(bucket, 'assets/app.js')).toBe('console.log("v2")'); // live, and maybe cached old
    } finally {
      await proxy.close();
    }
    const rerun = await sync(dir, bucket, '--cloudfront-distribution-id', distributionId);
    expect(rerun.code).toBe(0);
    expect(rerun.outputs).toMatchObject({ uploaded: 2 }); // style.css and index.html
    expect(await pathsOf(rerun.outputs?.['invalidation-id'])).toEqual([
      '/',
      '/assets/app.js',
      '/assets/style.css',
      '/index.html',
    ]);
  });
});
