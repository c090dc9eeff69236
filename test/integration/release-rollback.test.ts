/**
 * Releases you can name and undo, against moto: s3-sync with a release store records what it changes
 * (object versions, or copies under the store), `rollback` restores it server-side and is itself
 * undoable, and the site lock keeps two releases from interleaving, also when a run is killed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudFront } from '@aws-sdk/client-cloudfront';
import { S3 } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { releases } from '../../src/definitions/releases.js';
import { rollback } from '../../src/definitions/rollback.js';
import { ecsDeploy } from '../../src/definitions/ecs-deploy.js';
import { lambdaDeploy } from '../../src/definitions/lambda-deploy.js';
import { s3Sync } from '../../src/definitions/s3-sync.js';
import { parseRecord, type SiteChange } from '../../src/release/record.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { runCli } from '../helpers/host.js';
import { cleanupFiles, runningTaskDefinition, scene, taskDef, writeTaskDef } from '../helpers/ecs-moto.js';
import { startMoto } from '../helpers/servers.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { createRole } from '../fixtures/lambda/aws.js';
import { Lambda } from '@aws-sdk/client-lambda';
import { createDistribution } from '../helpers/cloudfront.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
const cf = new CloudFront({ region: 'us-east-1', endpoint: motoUrl() });
const trees = new TempDirs('arkit-release-site-');
let storeBucket = '';
let distributionId = '';

beforeAll(async () => {
  storeBucket = uniqueName('releases').toLowerCase();
  await s3.createBucket({ Bucket: storeBucket });
  distributionId = await createDistribution(cf, 'rollback test');
});

afterAll(() => {
  trees.cleanup();
});

const siteDir = (files: Record<string, string>): string => trees.make(files);

const V1 = { 'index.html': '<h1>v1</h1>', 'app.js': 'v1()', 'old.css': 'body{}', 'docs/index.html': 'docs v1' };
const V2 = { 'index.html': '<h1>v2</h1>', 'app.js': 'v1()', 'new.js': 'v2()', 'docs/index.html': 'docs v2' };

async function newSite(versioned: boolean): Promise<string> {
  const bucket = uniqueName('site').toLowerCase();
  await s3.createBucket({ Bucket: bucket });
  if (versioned) await s3.putBucketVersioning({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } });
  return bucket;
}

/** The site as a visitor would get it: every key (the sync state aside) and its content. */
async function contents(bucket: string, prefix = 'www'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const list = await s3.listObjectsV2({ Bucket: bucket, Prefix: `${prefix}/` });
  for (const o of list.Contents ?? []) {
    const key = o.Key ?? '';
    if (key.includes('/.aws-release-kit/')) continue;
    const res = await s3.getObject({ Bucket: bucket, Key: key });
    out[key.slice(prefix.length + 1)] = (await res.Body?.transformToString()) ?? '';
  }
  return out;
}

const storeUri = (name: string): string => `s3://${storeBucket}/${name}`;

/** s3-sync of these files to BUCKET/www (with delete) as release `id`, recorded in `store`. */
function syncArgs(store: string, id: string, bucket: string, files: Record<string, string>, endpoint = motoUrl()) {
  return [
    '--source',
    siteDir(files),
    '--bucket',
    bucket,
    '--prefix',
    'www',
    '--delete',
    'true',
    '--release-store',
    store,
    '--release-id',
    id,
    '--endpoint-url',
    endpoint,
  ];
}

function release(store: string, id: string, bucket: string, files: Record<string, string>, ...more: string[]) {
  return runCli(s3Sync, [...syncArgs(store, id, bucket, files), ...more]);
}

const roll = (store: string, ...more: string[]) =>
  runCli(rollback, ['--release-store', store, '--endpoint-url', motoUrl(), ...more]);

async function record(store: string, id: string) {
  const key = `${store.replace(`s3://${storeBucket}/`, '')}/records/${encodeURIComponent(id)}.json`;
  const res = await s3.getObject({ Bucket: storeBucket, Key: key });
  return parseRecord((await res.Body?.transformToString()) ?? '');
}

describe.each([
  ['an unversioned bucket (copies under the store)', false],
  ['a versioned bucket (object versions)', true],
])('release v1, release v2, rollback to v1: %s', (_label, versioned) => {
  it('restores every object of v1, removes what v2 added, and rolling the rollback back gives v2 again', async () => {
    const store = storeUri(uniqueName('store'));
    const bucket = await newSite(versioned);
    expect((await release(store, 'v1', bucket, V1, '--cloudfront-distribution-id', distributionId)).code).toBe(0);
    const r2 = await release(store, 'v2', bucket, V2, '--cloudfront-distribution-id', distributionId);
    expect(r2.code).toBe(0);
    expect(await contents(bucket)).toEqual(V2);

    const v2 = await record(store, 'v2');
    expect(v2.status).toBe('succeeded');
    const change = v2.changes[0] as SiteChange;
    expect(change).toMatchObject({ kind: 's3-site', bucket, prefix: 'www', versioned, added: ['www/new.js'] });
    expect(change.replaced.map((r) => r.key).sort()).toEqual([
      'www/.aws-release-kit/s3-sync-state.json',
      'www/docs/index.html',
      'www/index.html',
    ]);
    expect(change.deleted.map((d) => d.key)).toEqual(['www/old.css']);
    for (const r of [...change.replaced, ...change.deleted]) expect(versioned ? r.versionId : r.backupKey).toBeTruthy();

    // A dry run plans and changes nothing.
    const dry = await roll(store, '--to', 'v1', '--dry-run', 'true');
    expect(dry.code).toBe(0);
    expect(dry.log).toContain('undo v2 on s3://' + bucket + '/www/: restore 4 object(s)');
    expect(await contents(bucket)).toEqual(V2);

    const back = await roll(store, '--to', 'v1');
    expect(back.code).toBe(0);
    expect(back.outputs).toMatchObject({ 'rolled-back': 'v2', to: 'v1', restored: 4, removed: 1 });
    expect(await contents(bucket)).toEqual(V1);
    // Exactly the changed paths are invalidated, in one invalidation.
    const invalidationId = String(back.outputs?.['invalidation-ids'] ?? '');
    expect(invalidationId).not.toContain(',');
    const inv = await cf.getInvalidation({ DistributionId: distributionId, Id: invalidationId });
    expect([...(inv.Invalidation?.InvalidationBatch?.Paths?.Items ?? [])].sort()).toEqual([
      '/www/',
      '/www/.aws-release-kit/s3-sync-state.json',
      '/www/docs/',
      '/www/docs/index.html',
      '/www/index.html',
      '/www/new.js',
      '/www/old.css',
    ]);
    expect((await record(store, 'v2')).status).toBe('rolled-back');

    // The rollback is a release of its own: undoing it brings v2 back.
    const again = await roll(store, '--to', 'previous');
    expect(again.code).toBe(0);
    expect(again.outputs?.['rolled-back']).toBe(back.outputs?.['release-id']);
    expect(await contents(bucket)).toEqual(V2);
    expect((await record(store, 'v2')).status).toBe('succeeded');

    // A sync after the rollbacks still sees the site as it is: nothing to upload.
    const resync = await release(store, 'v2-again', bucket, V2);
    expect(resync.outputs).toMatchObject({ uploaded: 0, deleted: 0 });

    const listed = await runCli(releases, ['--release-store', store, '--endpoint-url', motoUrl()]);
    expect([listed.code, listed.code === 0 ? '' : listed.log]).toEqual([0, '']);
    const ids = (JSON.parse(String(listed.outputs?.['releases'])) as Array<{ id: string; status: string }>).map(
      (r) => `${r.id}:${r.status}`,
    );
    expect(ids[0]).toBe('v2-again:succeeded');
    expect(ids).toContain('v2:succeeded');
    expect(ids).toContain('v1:succeeded');
    expect(listed.outputs?.['latest']).toBe('v2-again');
  });
});

describe('a release of a site and a Lambda alias', () => {
  const lambda = new Lambda({ region: 'us-east-1', endpoint: motoUrl() });
  const deploy = (store: string, id: string, fn: string, role: string, body: string) =>
    runCli(lambdaDeploy, [
      '--function-name',
      fn,
      '--source-dir',
      siteDir({ 'index.js': `exports.handler = async () => ${JSON.stringify(body)};` }),
      '--runtime',
      'nodejs20.x',
      '--handler',
      'index.handler',
      '--role',
      role,
      '--alias',
      'live',
      '--release-store',
      store,
      '--release-id',
      id,
      '--endpoint-url',
      motoUrl(),
    ]);
  const live = async (fn: string) => (await lambda.getAlias({ FunctionName: fn, Name: 'live' })).FunctionVersion;

  it('rollback to v1 puts the site and the alias back; undoing the rollback gives v2 again', async () => {
    const store = storeUri(uniqueName('store'));
    const bucket = await newSite(false);
    const fn = uniqueName('fn');
    const role = await createRole(motoUrl(), uniqueName('role'));
    expect((await release(store, 'v1', bucket, V1)).code).toBe(0);
    const d1 = await deploy(store, 'v1', fn, role, 'v1');
    expect([d1.code, d1.outputs?.['version']]).toEqual([0, '1']);
    expect((await release(store, 'v2', bucket, V2)).code).toBe(0);
    const d2 = await deploy(store, 'v2', fn, role, 'v2');
    expect([d2.code, d2.outputs?.['version']]).toEqual([0, '2']);
    expect(await live(fn)).toBe('2');
    const v2 = await record(store, 'v2');
    expect(v2.changes.find((c) => c.kind === 'lambda-alias')).toEqual({
      kind: 'lambda-alias',
      functionName: fn,
      alias: 'live',
      previousVersion: '1',
      newVersion: '2',
    });
    expect(v2.steps.map((s) => `${s.command}:${s.status}`).sort()).toEqual([
      `lambda-deploy ${fn}:succeeded`,
      's3-sync:succeeded',
    ]);

    const back = await roll(store, '--to', 'v1');
    expect(back.code).toBe(0);
    expect(back.outputs).toMatchObject({ 'rolled-back': 'v2', aliases: 1 });
    expect(await live(fn)).toBe('1');
    expect(await contents(bucket)).toEqual(V1);

    const again = await roll(store, '--to', 'previous');
    expect(again.code).toBe(0);
    expect(await live(fn)).toBe('2');
    expect(await contents(bucket)).toEqual(V2);
  });
});

describe('a release of an ECS service', () => {
  // A moto of its own whose services report their tasks running, so that the waits end as on a healthy cluster.
  let moto2: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    moto2 = await startMoto({ MOTO_ECS_SERVICE_RUNNING: '1' });
  });
  afterAll(async () => {
    await moto2.stop();
  });

  it('rollback puts the service back on the previous task definition and waits; undoing it goes forward again', async () => {
    const s3b = new S3({ region: 'us-east-1', endpoint: moto2.url, forcePathStyle: true });
    const bucket = uniqueName('releases').toLowerCase();
    await s3b.createBucket({ Bucket: bucket });
    const store = `s3://${bucket}/ecs`;
    const sc = await scene(moto2.url, { kind: 'FARGATE', desired: 1 });
    const service = sc.services[0] ?? '';
    const deploy = (id: string, image: string) =>
      runCli(ecsDeploy, [
        '--task-definition',
        writeTaskDef(taskDef(sc.family, image, 'FARGATE')),
        '--cluster',
        sc.cluster,
        '--service',
        service,
        '--poll-interval',
        '0.2',
        '--release-store',
        store,
        '--release-id',
        id,
        '--endpoint-url',
        moto2.url,
      ]);
    const running = () => runningTaskDefinition(sc.ecs, sc.cluster, service);
    const v1 = await deploy('v1', 'registry.example.com/app:1.1');
    expect(v1.code).toBe(0);
    const v1Arn = await running();
    const v2 = await deploy('v2', 'registry.example.com/app:2.0');
    expect(v2.code).toBe(0);
    const v2Arn = await running();
    expect(v2Arn).not.toBe(v1Arn);

    const rollbackArgs = ['--release-store', store, '--poll-interval', '0.2', '--endpoint-url', moto2.url];
    const back = await runCli(rollback, [...rollbackArgs, '--to', 'v1']);
    expect([back.code, back.code === 0 ? '' : back.log]).toEqual([0, '']);
    expect(back.outputs).toMatchObject({ 'rolled-back': 'v2', services: 1 });
    expect(await running()).toBe(v1Arn);

    const again = await runCli(rollback, [...rollbackArgs, '--to', 'previous']);
    expect(again.code).toBe(0);
    expect(await running()).toBe(v2Arn);
    cleanupFiles();
  });
});

describe('rollback refuses what it cannot do, before changing anything', () => {
  it('a backup copy that is gone: the reason, exit 1, the site untouched', async () => {
    const store = storeUri(uniqueName('store'));
    const bucket = await newSite(false);
    await release(store, 'v1', bucket, V1);
    await release(store, 'v2', bucket, V2);
    const backup = ((await record(store, 'v2')).changes[0] as SiteChange).replaced.find(
      (r) => r.key === 'www/index.html',
    );
    await s3.deleteObject({ Bucket: storeBucket, Key: backup?.backupKey ?? '' });
    const res = await roll(store, '--to', 'v1');
    expect(res.code).toBe(1);
    expect(res.log).toMatch(
      /cannot roll back to v1: 1 thing\(s\) it needs are gone .*www\/index\.html.*nothing was changed/,
    );
    expect(await contents(bucket)).toEqual(V2);
  });

  it('undoing one release leaves a target a later release changed since as that release has it', async () => {
    const store = storeUri(uniqueName('store'));
    const bucket = await newSite(false);
    const V3 = { ...V2, 'index.html': '<h1>v3</h1>' };
    await release(store, 'v1', bucket, V1);
    await release(store, 'v2', bucket, V2);
    await release(store, 'v3', bucket, V3);
    // rollback-on-failure of v2 arriving after v3 synced the site: v3's site must not be overwritten.
    const res = await roll(store, '--undo', 'v2');
    expect(res.code).toBe(0);
    expect(res.log).toContain(
      `undo v2 on s3://${bucket}/www/: left as it is: v3 changed it since (undoing v2 there would undo v3 too)`,
    );
    expect(res.outputs).toMatchObject({ 'rolled-back': '', moved: `s3://${bucket}/www/ left as v3 has it` });
    expect(await contents(bucket)).toEqual(V3);
    expect((await record(store, 'v2')).status).toBe('succeeded');
  });

  it('an older release never goes over a newer one: it stops, and undoing it leaves the newer one whole', async () => {
    const store = storeUri(uniqueName('store'));
    const [first, second] = [await newSite(false), await newSite(false)];
    // A starts on the first site; B overtakes it there and on the second site.
    expect((await release(store, 'A', first, V1)).code).toBe(0);
    expect((await release(store, 'B', first, V2)).code).toBe(0);
    expect((await release(store, 'B', second, V2)).code).toBe(0);
    const late = await release(store, 'A', second, V1);
    expect(late.code).toBe(1);
    expect(late.log).toContain(
      `s3://${second}/www/ was changed by release B, which started after A: a release never goes over a newer one`,
    );
    expect(await contents(second)).toEqual(V2);
    expect((await record(store, 'A')).status).toBe('failed');
    // Undo on failure of A: the first site is B's now, so it is left as B has it.
    const undo = await roll(store, '--undo', 'A');
    expect(undo.code).toBe(0);
    expect(undo.log).toContain(`undo A on s3://${first}/www/: left as it is: B changed it since`);
    expect([await contents(first), await contents(second)]).toEqual([V2, V2]);
  });

  it('a store inside the synced site is refused as bad input', async () => {
    const bucket = await newSite(false);
    const res = await release(`s3://${bucket}/www/releases`, 'v1', bucket, V1);
    expect(res.code).toBe(2);
    expect(res.log).toContain('input "release-store": is inside the synced site');
  });
});

/** s3-sync as its own process (node dist/cli/index.js), so that it can be killed. */
function syncProcess(endpoint: string, store: string, id: string, bucket: string, files: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [
      'dist/cli/index.js',
      's3-sync',
      ...syncArgs(store, id, bucket, files, endpoint),
      '--concurrency',
      '1',
      '--lock-ttl',
      '3',
    ],
    { env: { ...process.env, AWS_REGION: 'us-east-1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { child, done, log: () => log };
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a release killed in the middle, and two releases at once', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    // Uploads of hang.js never get an answer: a run that reaches it is stuck mid-release.
    // Uploads of slow.js take 3 s: a run that reaches it holds the site's lock a while.
    proxy = await startFaultProxy(motoUrl(), [
      {
        match: (req) => req.method === 'PUT' && /\/www\/hang\.js/.test(req.url ?? ''),
        when: () => true,
        fault: 'hang',
      },
      {
        match: (req) => req.method === 'PUT' && /\/www\/slow\.js/.test(req.url ?? ''),
        when: () => true,
        fault: { delayMs: 3000 },
      },
    ]);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('killed mid-upload: the record says what had changed, rollback restores v1 after the dead run’s lock expires', async () => {
    const store = storeUri(uniqueName('store'));
    const bucket = await newSite(false);
    expect((await release(store, 'v1', bucket, V1)).code).toBe(0);
    const v2 = { ...V2, 'a.js': 'first', 'hang.js': 'never' };
    const run = syncProcess(proxy.url, store, 'v2', bucket, v2);
    await until('a.js uploaded by the stuck run', async () => (await contents(bucket))['a.js'] === 'first');
    expect(run.child.kill('SIGKILL')).toBe(true);
    await run.done;
    // Killed, not ended: the run never got past hang.js, and the site is half v1, half v2.
    expect(run.child.signalCode).toBe('SIGKILL');
    const half = await contents(bucket);
    expect(half['a.js']).toBe('first');
    expect(half['hang.js']).toBeUndefined();
    expect(half).not.toEqual(V1);
    const stuck = await record(store, 'v2');
    expect(stuck.status).toBe('in-progress');
    expect(stuck.steps).toEqual([expect.objectContaining({ command: 's3-sync', status: 'running' })]);
    // The record says what the run was changing, recorded before it wrote.
    expect((stuck.changes[0] as SiteChange).added).toContain('www/a.js');

    const back = await roll(store, '--to', 'v1', '--lock-ttl', '3');
    expect(back.code).toBe(0);
    expect(back.outputs).toMatchObject({ 'rolled-back': 'v2', to: 'v1' });
    expect(back.log).toMatch(/did not renew it \(expired\); taking it over/);
    expect(await contents(bucket)).toEqual(V1);
  });

  it('two releases of the same site at once: one waits for the other, and the site ends as exactly one of them', async () => {
    const store = storeUri(uniqueName('store'));
    const bucket = await newSite(false);
    const a = { 'index.html': 'A', 'a.js': 'A', 'shared.js': 'A', 'slow.js': 'A' };
    const b = { 'index.html': 'B', 'b.js': 'B', 'shared.js': 'B' };
    const first = syncProcess(proxy.url, store, 'rel-a', bucket, a);
    await until('rel-a to hold the lock', async () => first.log().includes('recording s3://'));
    const second = syncProcess(motoUrl(), store, 'rel-b', bucket, b);
    const [codeA, codeB] = await Promise.all([first.done, second.done]);
    expect([codeA, codeB]).toEqual([0, 0]);
    expect(second.log()).toMatch(/waiting for s3:\/\/.*: release rel-a .* holds it/);
    expect(await contents(bucket)).toEqual(b);
    // And rel-b's record can undo it to exactly rel-a.
    expect((await roll(store, '--to', 'rel-a')).code).toBe(0);
    expect(await contents(bucket)).toEqual(a);
  });
});
