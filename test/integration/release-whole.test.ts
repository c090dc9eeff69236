/**
 * The whole release, undone and redone, against one moto: two S3 sites behind CloudFront (a versioned
 * bucket and an unversioned one), an ECS service and a Lambda alias, all recorded in ONE release
 * store by the real commands (s3-sync, ecs-deploy, lambda-deploy), then `rollback --to v1`,
 * `rollback --to previous` and a dry run, each compared with the full state of every target.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CloudFront } from '@aws-sdk/client-cloudfront';
import { Lambda } from '@aws-sdk/client-lambda';
import { S3 } from '@aws-sdk/client-s3';
import { ecsDeploy } from '../../src/definitions/ecs-deploy.js';
import { lambdaDeploy } from '../../src/definitions/lambda-deploy.js';
import { releases } from '../../src/definitions/releases.js';
import { rollback } from '../../src/definitions/rollback.js';
import { s3Sync } from '../../src/definitions/s3-sync.js';
import type { ReleaseSummary } from '../../src/commands/releases.js';
import { createRole } from '../fixtures/lambda/aws.js';
import { createDistribution } from '../helpers/cloudfront.js';
import { cleanupFiles, runningTaskDefinition, scene, taskDef, writeTaskDef, type Scene } from '../helpers/ecs-moto.js';
import { uniqueName } from '../helpers/env.js';
import { runCli, type CliResult } from '../helpers/host.js';
import { startMoto } from '../helpers/servers.js';
import { TempDirs } from '../helpers/temp-dirs.js';

// One moto for every service, whose ECS services report their tasks running (so that the waits of
// ecs-deploy and rollback end as on a healthy cluster), so that all targets share one store.
let moto: { url: string; stop(): Promise<void> };
let s3: S3;
let cf: CloudFront;
let lambda: Lambda;
const trees = new TempDirs('arkit-release-whole-');

beforeAll(async () => {
  moto = await startMoto({ MOTO_ECS_SERVICE_RUNNING: '1' });
  s3 = new S3({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true });
  cf = new CloudFront({ region: 'us-east-1', endpoint: moto.url });
  lambda = new Lambda({ region: 'us-east-1', endpoint: moto.url });
});

afterAll(async () => {
  await moto.stop();
  cleanupFiles();
  trees.cleanup();
});

const tempDir = (files: Record<string, string>): string => trees.make(files);

// v2 replaces two pages, keeps app.js as it is, adds new.js and deletes old.css.
const SITE_V1 = { 'index.html': '<h1>v1</h1>', 'app.js': 'v1()', 'old.css': 'body{}', 'docs/index.html': 'docs v1' };
const SITE_V2 = { 'index.html': '<h1>v2</h1>', 'app.js': 'v1()', 'new.js': 'v2()', 'docs/index.html': 'docs v2' };

/** The paths a rollback of v2 (or of its rollback) must invalidate: every key v2 touched, folders too. */
const CHANGED_PATHS = [
  '/www/',
  '/www/.aws-release-kit/s3-sync-state.json',
  '/www/docs/',
  '/www/docs/index.html',
  '/www/index.html',
  '/www/new.js',
  '/www/old.css',
].sort();

interface Site {
  label: string;
  bucket: string;
  distributionId: string;
}

interface World {
  store: string;
  storeBucket: string;
  sites: Site[];
  sc: Scene;
  service: string;
  fn: string;
  role: string;
}

/** Every object of a bucket (the sync state included) and its content: what the listing and a visitor see. */
async function bucketState(bucket: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await s3.listObjectsV2({ Bucket: bucket, Prefix: prefix, ContinuationToken: token });
    for (const o of page.Contents ?? []) {
      const key = o.Key ?? '';
      const res = await s3.getObject({ Bucket: bucket, Key: key });
      out[key] = (await res.Body?.transformToString()) ?? '';
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

async function invalidationIds(distributionId: string): Promise<string[]> {
  const res = await cf.listInvalidations({ DistributionId: distributionId });
  return (res.InvalidationList?.Items ?? []).map((i) => i.Id ?? '').sort();
}

async function invalidatedPaths(distributionId: string, id: string): Promise<string[]> {
  const inv = await cf.getInvalidation({ DistributionId: distributionId, Id: id });
  return [...(inv.Invalidation?.InvalidationBatch?.Paths?.Items ?? [])].sort();
}

/** Everything a rollback could change, read back from moto. */
async function fullState(w: World) {
  const sites: Record<string, Record<string, string>> = {};
  const invalidations: Record<string, string[]> = {};
  for (const site of w.sites) {
    sites[site.label] = await bucketState(site.bucket);
    invalidations[site.label] = await invalidationIds(site.distributionId);
  }
  return {
    sites,
    invalidations,
    taskDefinition: await runningTaskDefinition(w.sc.ecs, w.sc.cluster, w.service),
    alias: (await lambda.getAlias({ FunctionName: w.fn, Name: 'live' })).FunctionVersion,
    // The store: records, backups and locks, every key and its content.
    store: await bucketState(w.storeBucket),
  };
}
type State = Awaited<ReturnType<typeof fullState>>;

/** The objects of each site as a visitor gets them (under the prefix, the sync state aside). */
const visible = (state: State, label: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(state.sites[label] ?? {})
      .filter(([k]) => !k.includes('/.aws-release-kit/'))
      .map(([k, v]) => [k.replace(/^www\//, ''), v]),
  );

const ok = (r: CliResult): [number, string] => [r.code, r.code === 0 ? '' : r.log];

/** Release `id` of every target: both sites, the service on `image`, the function answering `body`. */
async function releaseAll(w: World, id: string, site: Record<string, string>, image: string, body: string) {
  const common = ['--release-store', w.store, '--release-id', id, '--endpoint-url', moto.url];
  for (const s of w.sites) {
    const res = await runCli(s3Sync, [
      '--source',
      tempDir(site),
      '--bucket',
      s.bucket,
      '--prefix',
      'www',
      '--delete',
      'true',
      '--cloudfront-distribution-id',
      s.distributionId,
      ...common,
    ]);
    expect([`s3-sync ${id} ${s.label}`, ...ok(res)]).toEqual([`s3-sync ${id} ${s.label}`, 0, '']);
  }
  const ecs = await runCli(ecsDeploy, [
    '--task-definition',
    writeTaskDef(taskDef(w.sc.family, image, 'FARGATE')),
    '--cluster',
    w.sc.cluster,
    '--service',
    w.service,
    '--poll-interval',
    '0.2',
    ...common,
  ]);
  expect([`ecs-deploy ${id}`, ...ok(ecs)]).toEqual([`ecs-deploy ${id}`, 0, '']);
  const fn = await runCli(lambdaDeploy, [
    '--function-name',
    w.fn,
    '--source-dir',
    tempDir({ 'index.js': `exports.handler = async () => ${JSON.stringify(body)};` }),
    '--runtime',
    'nodejs20.x',
    '--handler',
    'index.handler',
    '--role',
    w.role,
    '--alias',
    'live',
    ...common,
  ]);
  expect([`lambda-deploy ${id}`, ...ok(fn)]).toEqual([`lambda-deploy ${id}`, 0, '']);
  return { taskDefinition: String(ecs.outputs?.['task-definition-arn']), version: String(fn.outputs?.['version']) };
}

const roll = (w: World, ...more: string[]) =>
  runCli(rollback, ['--release-store', w.store, '--poll-interval', '0.2', '--endpoint-url', moto.url, ...more]);

async function listed(w: World): Promise<ReleaseSummary[]> {
  const res = await runCli(releases, ['--release-store', w.store, '--endpoint-url', moto.url]);
  expect(ok(res)).toEqual([0, '']);
  return JSON.parse(String(res.outputs?.['releases'])) as ReleaseSummary[];
}

/** Each listed release as id, status, who undid it, and its targets (sorted). */
const rows = (list: ReleaseSummary[]) =>
  list.map((r) => ({
    id: r.id,
    status: r.status,
    rolledBackBy: r.rolledBackBy,
    targets: [...r.targets].sort(),
  }));

/** The invalidation a rollback made in each distribution: exactly one new one, with exactly the changed paths. */
async function expectOneInvalidationEach(w: World, before: State, result: CliResult): Promise<void> {
  const reported = String(result.outputs?.['invalidation-ids'] ?? '')
    .split(',')
    .sort();
  const made: string[] = [];
  for (const site of w.sites) {
    const now = await invalidationIds(site.distributionId);
    const fresh = now.filter((id) => !(before.invalidations[site.label] ?? []).includes(id));
    expect([site.label, fresh.length]).toEqual([site.label, 1]);
    const id = fresh[0] ?? '';
    made.push(id);
    expect([site.label, await invalidatedPaths(site.distributionId, id)]).toEqual([site.label, CHANGED_PATHS]);
  }
  expect(reported).toEqual(made.sort());
}

describe('a whole release (versioned site, unversioned site, ECS service, Lambda alias) in one store', () => {
  it('rollback --to v1 restores every target exactly, rollback --to previous gives v2 again, a dry run changes nothing', async () => {
    const storeBucket = uniqueName('releases').toLowerCase();
    await s3.createBucket({ Bucket: storeBucket });
    const sites: Site[] = [];
    for (const [label, versioned] of [
      ['versioned', true],
      ['unversioned', false],
    ] as const) {
      const bucket = uniqueName(`site-${label}`).toLowerCase();
      await s3.createBucket({ Bucket: bucket });
      if (versioned) await s3.putBucketVersioning({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } });
      sites.push({ label, bucket, distributionId: await createDistribution(cf, `whole release, ${label}`) });
    }
    const sc = await scene(moto.url, { kind: 'FARGATE', desired: 1 });
    const w: World = {
      store: `s3://${storeBucket}/shop`,
      storeBucket,
      sites,
      sc,
      service: sc.services[0] ?? '',
      fn: uniqueName('fn'),
      role: await createRole(moto.url, uniqueName('role')),
    };
    const targets = [
      ...sites.map((s) => `s3://${s.bucket}/www/`),
      `ecs:${sc.cluster}/${w.service}`,
      `lambda:${w.fn}:live`,
    ].sort();

    // v1, then v2 changing every target.
    const v1 = await releaseAll(w, 'v1', SITE_V1, 'registry.example.com/app:1.1', 'v1');
    const atV1 = await fullState(w);
    expect([atV1.taskDefinition, atV1.alias]).toEqual([v1.taskDefinition, v1.version]);
    for (const s of sites) expect(visible(atV1, s.label)).toEqual(SITE_V1);
    const v2 = await releaseAll(w, 'v2', SITE_V2, 'registry.example.com/app:2.0', 'v2');
    const atV2 = await fullState(w);
    expect([atV2.taskDefinition, atV2.alias]).toEqual([v2.taskDefinition, v2.version]);
    expect(v2.taskDefinition).not.toBe(v1.taskDefinition);
    expect(v2.version).not.toBe(v1.version);
    for (const s of sites) {
      expect(visible(atV2, s.label)).toEqual(SITE_V2);
      // The sync state moved too: the listing of v2 differs from v1's in content, not only in keys.
      expect(atV2.sites[s.label]?.['www/.aws-release-kit/s3-sync-state.json']).not.toBe(
        atV1.sites[s.label]?.['www/.aws-release-kit/s3-sync-state.json'],
      );
    }

    // A dry run plans every target and changes nothing: no object, no service, no alias, no
    // invalidation, no record, no lock.
    const dry = await roll(w, '--to', 'v1', '--dry-run', 'true');
    expect(ok(dry)).toEqual([0, '']);
    for (const s of sites) expect(dry.log).toContain(`undo v2 on s3://${s.bucket}/www/: restore 4 object(s)`);
    expect(dry.log).toContain(`undo v2 on ecs:${sc.cluster}/${w.service}: from `);
    expect(dry.log).toContain(
      `undo v2 on lambda:${w.fn}:live: from version ${v2.version} back to version ${v1.version}`,
    );
    expect(dry.outputs).toMatchObject({ 'rolled-back': 'v2', to: 'v1', 'release-id': '', 'invalidation-ids': '' });
    expect(await fullState(w)).toEqual(atV2);

    // rollback --to v1: every target exactly as v1 left it.
    const back = await roll(w, '--to', 'v1');
    expect(ok(back)).toEqual([0, '']);
    expect(back.outputs).toMatchObject({
      'rolled-back': 'v2',
      to: 'v1',
      restored: 8,
      removed: 2,
      aliases: 1,
      services: 1,
    });
    const rollbackId = String(back.outputs?.['release-id']);
    expect(rollbackId).toMatch(/^rollback-to-v1-/);
    const afterBack = await fullState(w);
    for (const s of sites) expect([s.label, afterBack.sites[s.label]]).toEqual([s.label, atV1.sites[s.label]]);
    expect(afterBack.taskDefinition).toBe(v1.taskDefinition);
    expect(afterBack.alias).toBe(v1.version);
    await expectOneInvalidationEach(w, atV2, back);
    expect(rows(await listed(w))).toEqual([
      { id: rollbackId, status: 'succeeded', rolledBackBy: undefined, targets },
      { id: 'v2', status: 'rolled-back', rolledBackBy: rollbackId, targets },
      { id: 'v1', status: 'succeeded', rolledBackBy: undefined, targets },
    ]);

    // Rolling the rollback back: v2 again on every target.
    const again = await roll(w, '--to', 'previous');
    expect(ok(again)).toEqual([0, '']);
    expect(again.outputs).toMatchObject({ 'rolled-back': rollbackId, to: 'v2', aliases: 1, services: 1 });
    const againId = String(again.outputs?.['release-id']);
    expect(againId).not.toBe(rollbackId);
    const afterAgain = await fullState(w);
    for (const s of sites) expect([s.label, afterAgain.sites[s.label]]).toEqual([s.label, atV2.sites[s.label]]);
    expect(afterAgain.taskDefinition).toBe(v2.taskDefinition);
    expect(afterAgain.alias).toBe(v2.version);
    await expectOneInvalidationEach(w, afterBack, again);
    expect(rows(await listed(w))).toEqual([
      { id: againId, status: 'succeeded', rolledBackBy: undefined, targets },
      { id: rollbackId, status: 'rolled-back', rolledBackBy: againId, targets },
      { id: 'v2', status: 'succeeded', rolledBackBy: undefined, targets },
      { id: 'v1', status: 'succeeded', rolledBackBy: undefined, targets },
    ]);
  });
});

describe('a rollback and its undoing within one second', () => {
  it('get a record each: the second does not write into the first', async () => {
    const storeBucket = uniqueName('releases').toLowerCase();
    const bucket = uniqueName('site').toLowerCase();
    await s3.createBucket({ Bucket: storeBucket });
    await s3.createBucket({ Bucket: bucket });
    const store = `s3://${storeBucket}/site`;
    for (const [id, files] of [
      ['v1', SITE_V1],
      ['v2', SITE_V2],
    ] as const) {
      const args = ['--source', tempDir(files), '--bucket', bucket, '--prefix', 'www', '--delete', 'true'];
      const res = await runCli(s3Sync, [
        ...args,
        '--release-store',
        store,
        '--release-id',
        id,
        '--endpoint-url',
        moto.url,
      ]);
      expect(ok(res)).toEqual([0, '']);
    }
    // One second for both: the clock stands still.
    const t = Date.now();
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => t);
    try {
      const rollbackArgs = ['--release-store', store, '--endpoint-url', moto.url];
      const back = await runCli(rollback, [...rollbackArgs, '--to', 'v1']);
      const again = await runCli(rollback, [...rollbackArgs, '--to', 'previous']);
      const third = await runCli(rollback, [...rollbackArgs, '--to', 'v1']);
      expect([ok(back), ok(again), ok(third)]).toEqual([
        [0, ''],
        [0, ''],
        [0, ''],
      ]);
      // The first and the third both go back to v1 within the same second: the third gets an id of its own.
      const first = String(back.outputs?.['release-id']);
      const second = String(again.outputs?.['release-id']);
      expect(first).toMatch(/^rollback-to-v1-\d{8}T\d{6}Z$/);
      expect(again.outputs).toMatchObject({ 'rolled-back': first, to: 'v2' });
      expect(third.outputs).toMatchObject({ 'rolled-back': 'v2', to: 'v1', 'release-id': `${first}-2` });
      const list = JSON.parse(
        String((await runCli(releases, ['--release-store', store, '--endpoint-url', moto.url])).outputs?.['releases']),
      ) as ReleaseSummary[];
      const byId = new Map(list.map((r) => [r.id, [r.status, r.rolledBackBy, r.undid]]));
      expect(Object.fromEntries(byId)).toEqual({
        [`${first}-2`]: ['succeeded', undefined, ['v2', second]],
        [second]: ['rolled-back', `${first}-2`, [first]],
        [first]: ['rolled-back', second, ['v2']],
        v2: ['rolled-back', `${first}-2`, undefined],
        v1: ['succeeded', undefined, undefined],
      });
    } finally {
      clock.mockRestore();
    }
    const page = await s3.getObject({ Bucket: bucket, Key: 'www/index.html' });
    expect(await page.Body?.transformToString()).toBe(SITE_V1['index.html']);
  });
});
