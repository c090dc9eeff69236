/*
 * CodeDeploy in a release, against moto (S3, CodeDeploy) behind the CodeDeploy proxy: codedeploy-deploy
 * with a release store records the revision the group ran before, and `rollback` deploys it again and
 * waits for it. Moto keeps no deployment history on a group, so the proxy answers GetDeploymentGroup's
 * lastSuccessfulDeployment from the deployments it played to Succeeded, as CodeDeploy would. A local
 * stand-in for the agent (test/helpers/codedeploy-agent.ts) installs each revision CodeDeploy was asked
 * to deploy, fetched from S3 as the agent fetches it, so the tests see what the instance ends up running.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RevisionLocation } from '@aws-sdk/client-codedeploy';
import { CodeDeploy } from '@aws-sdk/client-codedeploy';
import { S3 } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codedeployDeploy } from '../../src/definitions/codedeploy-deploy.js';
import { releases } from '../../src/definitions/releases.js';
import { rollback } from '../../src/definitions/rollback.js';
import { parseRecord, type CodeDeployGroupChange } from '../../src/release/record.js';
import { LocalAgent } from '../helpers/codedeploy-agent.js';
import {
  scenario,
  startCodeDeployProxy,
  type CodeDeployProxy,
  type PlayedDeployment,
} from '../helpers/codedeploy-proxy.js';
import { createServerApplication } from '../helpers/codedeploy-proxy.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { runCli } from '../helpers/host.js';

let proxy: CodeDeployProxy;
let cd: CodeDeploy;
let s3: S3;
let storeBucket = '';
const dirs: string[] = [];

const APPSPEC = `version: 0.0
os: linux
files:
  - source: app.jar
    destination: /opt/app
hooks:
  ApplicationStart:
    - location: scripts/start.sh
      timeout: 30
`;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A revision directory whose app.jar says which release it is. */
function revisionDir(version: string): string {
  const dir = tempDir('arkit-cd-release-');
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(join(dir, 'appspec.yml'), APPSPEC);
  writeFileSync(join(dir, 'app.jar'), `app ${version}`);
  writeFileSync(join(dir, 'scripts', 'start.sh'), '#!/bin/sh\necho started\n');
  chmodSync(join(dir, 'scripts', 'start.sh'), 0o755);
  return dir;
}

/** An application with one deployment group in moto. */
const app = (): Promise<string> => createServerApplication(cd, uniqueName('relapp'));

/** The status GetDeployment showed last for a deployment the proxy played. */
const shownStatus = (d: PlayedDeployment): string | undefined =>
  d.scenario && d.frame >= 0 ? d.scenario[Math.min(d.frame, d.scenario.length - 1)]?.status : undefined;

const deploymentsOf = (application: string): PlayedDeployment[] =>
  proxy.deployments.filter((d) => d.request?.applicationName === application);

/** One instance per application, running what CodeDeploy was asked to deploy. */
const agents = new Map<string, { agent: LocalAgent; root: string }>();

/** The agent's part of a deployment: fetch the revision's bundle as recorded (version, ETag), unpack, install. */
async function install(d: PlayedDeployment): Promise<void> {
  const application = String(d.request.applicationName);
  let instance = agents.get(application);
  if (!instance) {
    const root = tempDir('arkit-cd-instance-');
    instance = { root, agent: new LocalAgent({ root, deploymentRoot: join(root, 'deployment-root'), application }) };
    agents.set(application, instance);
  }
  const loc = (d.request.revision as RevisionLocation).s3Location;
  const res = await s3.getObject({
    Bucket: loc?.bucket,
    Key: loc?.key,
    ...(loc?.version ? { VersionId: loc.version } : {}),
    ...(loc?.eTag ? { IfMatch: `"${loc.eTag}"` } : {}),
  });
  const dir = tempDir('arkit-cd-bundle-');
  writeFileSync(join(dir, 'bundle.zip'), await (res.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
  const unpacked = join(dir, 'archive');
  execFileSync('unzip', ['-q', join(dir, 'bundle.zip'), '-d', unpacked]);
  const done = await instance.agent.deploy(unpacked);
  expect(done.failed).toBeUndefined();
}

/** The app the instance of this application runs. */
const running = (application: string): string =>
  readFileSync(join(agents.get(application)?.root ?? '/nonexistent', 'opt', 'app', 'app.jar'), 'utf8');

/** codedeploy-deploy of `version` as release `id`; the instance installs it when it succeeded. */
async function release(
  application: string,
  store: string,
  id: string,
  version: string,
  ...more: string[]
): Promise<Awaited<ReturnType<typeof runCli>>> {
  proxy.play(scenario({ targets: ['i-0aaa1111'] }));
  const res = await runCli(codedeployDeploy, [
    '--application',
    application,
    '--deployment-group',
    'prd',
    '--revision',
    revisionDir(version),
    '--poll-interval',
    '0.01',
    '--release-store',
    store,
    '--release-id',
    id,
    '--endpoint-url',
    proxy.url,
    ...more,
  ]);
  const created = deploymentsOf(application).at(-1);
  if (res.code === 0 && created) await install(created);
  return res;
}

const roll = (store: string, ...more: string[]) =>
  runCli(rollback, ['--release-store', store, '--poll-interval', '0.01', '--endpoint-url', proxy.url, ...more]);

async function record(store: string, id: string) {
  const key = `${store.replace(`s3://${storeBucket}/`, '')}/records/${encodeURIComponent(id)}.json`;
  const res = await s3.getObject({ Bucket: storeBucket, Key: key });
  return parseRecord((await res.Body?.transformToString()) ?? '');
}

const groupChange = async (store: string, id: string): Promise<CodeDeployGroupChange> => {
  const change = (await record(store, id)).changes.find((c) => c.kind === 'codedeploy-group');
  if (change?.kind !== 'codedeploy-group') throw new Error(`release ${id} recorded no codedeploy-group change`);
  return change;
};

beforeAll(async () => {
  proxy = await startCodeDeployProxy(motoUrl());
  cd = new CodeDeploy({ region: 'us-east-1', endpoint: proxy.url });
  s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
  storeBucket = uniqueName('cdreleases').toLowerCase();
  await s3.createBucket({ Bucket: storeBucket });
  // What CodeDeploy says of a group that moto leaves out: its last successful deployment.
  proxy.rewrites['GetDeploymentGroup'] = (answer, request) => {
    const last = proxy.deployments
      .filter(
        (d) =>
          d.request?.applicationName === request?.applicationName &&
          d.request?.deploymentGroupName === request?.deploymentGroupName &&
          shownStatus(d) === 'Succeeded',
      )
      .at(-1);
    if (answer?.deploymentGroupInfo) {
      answer.deploymentGroupInfo.lastSuccessfulDeployment = last ? { deploymentId: last.id, status: 'Succeeded' } : {};
    }
    return answer;
  };
});

afterAll(async () => {
  await proxy?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe.each([
  ['content-addressed keys in an unversioned bucket (pinned by ETag)', false],
  ['one key in a versioned bucket (pinned by version)', true],
])('release v1 (R1), release v2 (R2), rollback to v1: %s', (_label, versioned) => {
  it('records the group’s previous revision, redeploys R1 and waits for it; rolling the rollback back deploys R2', async () => {
    const application = await app();
    const bucket = uniqueName('cdbundles').toLowerCase();
    await s3.createBucket({ Bucket: bucket });
    if (versioned) await s3.putBucketVersioning({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } });
    const key = versioned ? ['--s3-key', `${application}/bundle.zip`] : [];
    const store = `s3://${storeBucket}/${uniqueName('cd')}`;

    const v1 = await release(application, store, 'v1', '1.0', '--s3-bucket', bucket, ...key);
    expect([v1.code, v1.code === 0 ? '' : v1.log]).toEqual([0, '']);
    expect(v1.log).toContain(`${application}/prd has no successful deployment yet`);
    const d1 = deploymentsOf(application).at(-1) as PlayedDeployment;
    const R1 = d1.request.revision as RevisionLocation;
    expect(R1.s3Location?.[versioned ? 'version' : 'eTag']).toBeTruthy();
    const first = await groupChange(store, 'v1');
    expect(first).toEqual({
      kind: 'codedeploy-group',
      application,
      deploymentGroup: 'prd',
      newRevision: R1,
      newDeploymentId: d1.id,
    });
    expect(running(application)).toBe('app 1.0');

    const v2 = await release(application, store, 'v2', '2.0', '--s3-bucket', bucket, ...key);
    expect(v2.code).toBe(0);
    const d2 = deploymentsOf(application).at(-1) as PlayedDeployment;
    const R2 = d2.request.revision as RevisionLocation;
    expect(R2).not.toEqual(R1);
    // The revision as CodeDeploy returns it for the group's last successful deployment (d1).
    expect(await groupChange(store, 'v2')).toEqual({
      kind: 'codedeploy-group',
      application,
      deploymentGroup: 'prd',
      previousRevision: R1,
      previousDeploymentId: d1.id,
      newRevision: R2,
      newDeploymentId: d2.id,
    });
    expect(running(application)).toBe('app 2.0');
    expect((await record(store, 'v2')).steps).toEqual([
      expect.objectContaining({ command: 'codedeploy-deploy', status: 'succeeded' }),
    ]);
    const listed = await runCli(releases, ['--release-store', store, '--endpoint-url', proxy.url]);
    expect(JSON.parse(String(listed.outputs?.['releases']))).toEqual([
      expect.objectContaining({ id: 'v2', targets: [`codedeploy:${application}/prd`] }),
      expect.objectContaining({ id: 'v1', targets: [`codedeploy:${application}/prd`] }),
    ]);

    // A dry run prints the plan and creates no deployment.
    const creates = proxy.count('CreateDeployment');
    const dry = await roll(store, '--to', 'v1', '--dry-run', 'true');
    expect(dry.code).toBe(0);
    expect(dry.outputs).toMatchObject({ 'rolled-back': 'v2', deployments: 1, 'release-id': '' });
    expect(dry.log).toContain(
      `undo v2 on codedeploy:${application}/prd: from s3://${bucket}/${R2.s3Location?.key}${versioned ? `?versionId=${R2.s3Location?.version}` : ''} back to s3://${bucket}/${R1.s3Location?.key}`,
    );
    expect(proxy.count('CreateDeployment')).toBe(creates);

    // The rollback deploys R1 again, exactly as recorded, and waits until CodeDeploy says it succeeded.
    proxy.play(scenario({ targets: ['i-0aaa1111'] }));
    const back = await roll(store, '--to', 'v1');
    expect([back.code, back.code === 0 ? '' : back.log]).toEqual([0, '']);
    expect(back.outputs).toMatchObject({ 'rolled-back': 'v2', to: 'v1', deployments: 1 });
    const d3 = deploymentsOf(application).at(-1) as PlayedDeployment;
    expect(d3.id).not.toBe(d2.id);
    expect(d3.request).toMatchObject({ applicationName: application, deploymentGroupName: 'prd', revision: R1 });
    expect(d3.request.description).toContain(`back to s3://${bucket}/${R1.s3Location?.key}`);
    expect(shownStatus(d3)).toBe('Succeeded');
    expect(back.log).toContain(`deployment ${d3.id}: InProgress`);
    await install(d3);
    expect(running(application)).toBe('app 1.0');
    // The rollback is a release of its own: the group went from R2 back to R1.
    const rollbackId = String(back.outputs?.['release-id']);
    expect(await groupChange(store, rollbackId)).toEqual({
      kind: 'codedeploy-group',
      application,
      deploymentGroup: 'prd',
      previousRevision: R2,
      previousDeploymentId: d2.id,
      newRevision: R1,
      newDeploymentId: d3.id,
    });
    expect((await record(store, 'v2')).status).toBe('rolled-back');

    // Rolling the rollback back deploys R2 again.
    proxy.play(scenario({ targets: ['i-0aaa1111'] }));
    const again = await roll(store, '--to', 'previous');
    expect([again.code, again.code === 0 ? '' : again.log]).toEqual([0, '']);
    expect(again.outputs).toMatchObject({ 'rolled-back': rollbackId, deployments: 1 });
    const d4 = deploymentsOf(application).at(-1) as PlayedDeployment;
    expect(d4.request.revision).toEqual(R2);
    expect(shownStatus(d4)).toBe('Succeeded');
    await install(d4);
    expect(running(application)).toBe('app 2.0');
  });
});

describe('rollback of a CodeDeploy release refuses what it cannot do, before any change', () => {
  it('the previous revision’s bundle is gone: the reason, exit 1, no deployment', async () => {
    const application = await app();
    const bucket = uniqueName('cdbundles').toLowerCase();
    await s3.createBucket({ Bucket: bucket });
    const store = `s3://${storeBucket}/${uniqueName('cd')}`;
    expect((await release(application, store, 'v1', '1.0', '--s3-bucket', bucket)).code).toBe(0);
    expect((await release(application, store, 'v2', '2.0', '--s3-bucket', bucket)).code).toBe(0);
    const { previousRevision } = await groupChange(store, 'v2');
    const key = previousRevision?.s3Location?.key ?? '';
    await s3.deleteObject({ Bucket: bucket, Key: key });

    const creates = proxy.count('CreateDeployment');
    const res = await roll(store, '--to', 'v1');
    expect(res.code).toBe(1);
    expect(res.log).toContain(
      `cannot roll back to v1: 1 thing(s) it needs are gone (an expired object version, a deleted copy, a deregistered revision), e.g. s3://${bucket}/${key} (the bundle is gone); nothing was changed.`,
    );
    expect(proxy.count('CreateDeployment')).toBe(creates);
    expect((await record(store, 'v2')).status).toBe('succeeded');
  });

  it('the bundle was overwritten at the same key (unversioned bucket): refused, no deployment', async () => {
    const application = await app();
    const bucket = uniqueName('cdbundles').toLowerCase();
    await s3.createBucket({ Bucket: bucket });
    const store = `s3://${storeBucket}/${uniqueName('cd')}`;
    const key = ['--s3-bucket', bucket, '--s3-key', `${application}/latest.zip`];
    expect((await release(application, store, 'v1', '1.0', ...key)).code).toBe(0);
    expect((await release(application, store, 'v2', '2.0', ...key)).code).toBe(0);

    const creates = proxy.count('CreateDeployment');
    const res = await roll(store, '--to', 'v1');
    expect(res.code).toBe(1);
    expect(res.log).toMatch(
      new RegExp(
        `s3://${bucket}/${application}/latest\\.zip \\(the bundle was replaced since: its ETag is no longer [0-9a-f]{32}\\); nothing was changed\\.`,
      ),
    );
    expect(proxy.count('CreateDeployment')).toBe(creates);
  });

  it('a first-ever deployment has nothing to go back to: left as it is, and the rest of the rollback goes on', async () => {
    const application = await app();
    const bucket = uniqueName('cdbundles').toLowerCase();
    await s3.createBucket({ Bucket: bucket });
    const store = `s3://${storeBucket}/${uniqueName('cd')}`;
    expect((await release(application, store, 'v1', '1.0', '--s3-bucket', bucket)).code).toBe(0);

    const creates = proxy.count('CreateDeployment');
    const res = await roll(store, '--undo', 'v1');
    expect(res.code).toBe(0);
    expect(res.log).toContain(
      `undo v1 on codedeploy:${application}/prd: left as it is: the release was the group's first deployment`,
    );
    expect(res.log).toContain('nothing was redeployed');
    expect(res.outputs).toMatchObject({ 'rolled-back': 'v1', deployments: 0 });
    expect(String(res.outputs?.moved)).toContain(`${application}/prd left as it is (its first deployment)`);
    expect(proxy.count('CreateDeployment')).toBe(creates);
  });

  it('a redeployment that fails fails the rollback with CodeDeploy’s reason', async () => {
    const application = await app();
    const bucket = uniqueName('cdbundles').toLowerCase();
    await s3.createBucket({ Bucket: bucket });
    const store = `s3://${storeBucket}/${uniqueName('cd')}`;
    expect((await release(application, store, 'v1', '1.0', '--s3-bucket', bucket)).code).toBe(0);
    expect((await release(application, store, 'v2', '2.0', '--s3-bucket', bucket)).code).toBe(0);
    const { previousRevision } = await groupChange(store, 'v2');

    proxy.play(
      scenario({
        targets: ['i-0aaa1111'],
        fail: {
          target: 'i-0aaa1111',
          event: 'ApplicationStart',
          errorCode: 'ScriptFailed',
          scriptName: 'scripts/start.sh',
          message: 'Script at specified location: scripts/start.sh failed with exit code 1',
          logTail: '[stderr]port 8080 already in use',
        },
      }),
    );
    const res = await roll(store, '--to', 'v1');
    expect(res.code).toBe(1);
    const d = deploymentsOf(application).at(-1) as PlayedDeployment;
    expect(d.request.revision).toEqual(previousRevision);
    expect(res.log).toContain(
      `${application}/prd did not go back to s3://${bucket}/${previousRevision?.s3Location?.key}: deployment ${d.id}: instance i-0aaa1111: ApplicationStart failed (ScriptFailed, scripts/start.sh): Script at specified location: scripts/start.sh failed with exit code 1`,
    );
    expect(res.log).toContain('[stderr]port 8080 already in use');
    // v2 is not marked undone; the rollback's record says its step failed, with the deployment it started.
    expect((await record(store, 'v2')).status).toBe('succeeded');
  });
});
