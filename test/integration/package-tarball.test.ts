/**
 * The release tarball as a CodeBuild user gets it: made by scripts/package.mjs (what the release workflow
 * runs), served over HTTP at the path GitHub serves release assets from, fetched and unpacked by a buildspec
 * run the way CodeBuild runs it (scripts/buildspec-run.mjs), on a source folder outside this repository,
 * and used to deploy to moto. The buildspec is the README's own ("Getting the toolkit"), so the README's
 * example is the one that works; buildspec/static-site.yml gets the same tarball through ARKIT_TARBALL_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { S3 } from '@aws-sdk/client-s3';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuildspec } from '../../scripts/buildspec-run.mjs';
import { packageRelease } from '../../scripts/package.mjs';
import { motoUrl, uniqueName } from '../helpers/env.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
const SITE = ['about/index.html', 'assets/app.js', 'assets/style.css', 'index.html'];
const ALL_OK = { install: 'SUCCEEDED', pre_build: 'SUCCEEDED', build: 'SUCCEEDED', post_build: 'SUCCEEDED' };
const dirs: string[] = [];
let made: ReturnType<typeof packageRelease>;
let server: Server;
let releases = '';
let tag = '';
const served: string[] = [];

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** The yaml block the README marks as tested by this file. */
function readmeBuildspec(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const marker = '<!-- tested: test/integration/package-tarball.test.ts -->';
  const at = readme.indexOf(marker);
  if (at === -1) throw new Error(`README.md has no "${marker}"`);
  const block = /^```yaml\n([\s\S]*?)^```$/m.exec(readme.slice(at + marker.length));
  if (!block?.[1]) throw new Error('no yaml block after the marker in README.md');
  return block[1];
}

beforeAll(async () => {
  made = packageRelease({ outDir: tempDir('arkit-tarball-out-') });
  tag = `v${made.version}`;
  const bytes = readFileSync(made.tarball);
  const assetPath = `/OWNER/aws-release-kit/releases/download/${tag}/aws-release-kit-${tag}.tar.gz`;
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url !== assetPath) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  releases = `http://127.0.0.1:${(server.address() as AddressInfo).port}/OWNER/aws-release-kit/releases/download`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A checkout of a project outside this repository: its buildspec and the site in site/. */
function project(buildspec: string): { src: string; file: string } {
  const src = tempDir('arkit-tarball-src-');
  cpSync(join(repoRoot, 'examples', 'site'), join(src, 'site'), { recursive: true });
  const file = join(src, 'buildspec.yml');
  writeFileSync(file, buildspec);
  return { src, file };
}

async function build(file: string, src: string, env: Record<string, string>) {
  const lines: string[] = [];
  const result = await runBuildspec({ file, cwd: src, env, log: (l) => lines.push(l) });
  return { result, log: lines.join('\n') };
}

const statuses = (r: { phases: Array<{ name: string; status: string }> }) =>
  Object.fromEntries(r.phases.map((p) => [p.name, p.status]));

const siteKeys = async (bucket: string) =>
  ((await s3.listObjectsV2({ Bucket: bucket })).Contents ?? [])
    .map((o) => o.Key ?? '')
    .filter((k) => !k.startsWith('.aws-release-kit/'))
    .sort();

describe("the README's buildspec with the release tarball", () => {
  it('downloads it, checks the pinned SHA-256, unpacks it and deploys with it', async () => {
    const { src, file } = project(readmeBuildspec());
    const bucket = uniqueName('tarball-readme');
    await s3.createBucket({ Bucket: bucket });
    const before = served.length;
    const { result, log } = await build(file, src, {
      ARKIT_VERSION: tag,
      ARKIT_SHA256: made.sha256,
      ARKIT_RELEASES: releases,
      SITE_BUCKET: bucket,
      ENDPOINT_URL: motoUrl(),
    });
    expect(log).not.toContain('Command did not exit successfully');
    expect(result.ok).toBe(true);
    expect(statuses(result)).toEqual({ install: 'SUCCEEDED', build: 'SUCCEEDED' });
    expect(served.length - before).toBe(1);
    expect(log).toContain('arkit.tar.gz: OK');
    // The CLI's --version line: the unpacked toolkit is the packaged version.
    expect(log.split('\n')).toContain(made.version);
    expect(existsSync(join(src, 'aws-release-kit', 'dist', 'cli', 'index.js'))).toBe(true);
    expect(existsSync(join(src, 'aws-release-kit', 'node_modules'))).toBe(false);
    expect(existsSync(join(src, 'arkit.tar.gz'))).toBe(false);
    expect(await siteKeys(bucket)).toEqual(SITE);
  });

  it('a tarball that does not match the pinned SHA-256 fails install: nothing is unpacked or deployed', async () => {
    const { src, file } = project(readmeBuildspec());
    const bucket = uniqueName('tarball-badsum');
    await s3.createBucket({ Bucket: bucket });
    const wrong = made.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const { result, log } = await build(file, src, {
      ARKIT_VERSION: tag,
      ARKIT_SHA256: wrong,
      ARKIT_RELEASES: releases,
      SITE_BUCKET: bucket,
      ENDPOINT_URL: motoUrl(),
    });
    expect(result.ok).toBe(false);
    expect(statuses(result)).toEqual({ install: 'FAILED', build: 'SKIPPED' });
    expect(log).toContain('arkit.tar.gz: FAILED');
    expect(existsSync(join(src, 'aws-release-kit'))).toBe(false);
    expect(await siteKeys(bucket)).toEqual([]);
  });
});

describe('buildspec/static-site.yml with ARKIT_TARBALL_URL at the release tarball', () => {
  it('install unpacks it and s3-sync deploys from it', async () => {
    const { src } = project('');
    const bucket = uniqueName('tarball-snippet');
    await s3.createBucket({ Bucket: bucket });
    const { result, log } = await build(join(repoRoot, 'buildspec', 'static-site.yml'), src, {
      ARKIT: 'aws-release-kit',
      ARKIT_TARBALL_URL: `${releases}/${tag}/aws-release-kit-${tag}.tar.gz`,
      SITE_DIR: 'site',
      SITE_BUCKET_dev: bucket,
      ENDPOINT_URL: motoUrl(),
    });
    expect(log).not.toContain('Command did not exit successfully');
    expect(result.ok).toBe(true);
    expect(statuses(result)).toEqual(ALL_OK);
    // Unpacked with --strip-components=1: the top folder of the tarball is gone, its contents are ARKIT.
    expect(existsSync(join(src, 'aws-release-kit', 'buildspec', 'static-site.yml'))).toBe(true);
    expect(existsSync(join(src, 'aws-release-kit', 'LICENSE'))).toBe(true);
    expect(await siteKeys(bucket)).toEqual(SITE);
  });
});
