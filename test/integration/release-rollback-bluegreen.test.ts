/*
 * Releases of a blue/green ECS service (CODE_DEPLOY controller) and their rollback, against moto.
 * Calls go CLI -> ECS proxy -> CodeDeploy proxy -> moto, as in ecs-deploy-bluegreen.test.ts: the
 * CodeDeploy proxy plays each deployment (Created, InProgress, then Succeeded or a failed hook). Moto
 * does not move the service when a deployment succeeds, which CodeDeploy does: here a deployment that
 * the proxy shows Succeeded puts its AppSpec's TaskDefinition on the service, as DescribeServices
 * through the ECS proxy then shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CodeDeploy } from '@aws-sdk/client-codedeploy';
import { S3 } from '@aws-sdk/client-s3';
import { ecsDeploy } from '../../src/definitions/ecs-deploy.js';
import { rollback } from '../../src/definitions/rollback.js';
import { parseRecord } from '../../src/release/record.js';
import { scenario, startCodeDeployProxy, type CodeDeployProxy } from '../helpers/codedeploy-proxy.js';
import { cleanupFiles, ecsAt, writeTaskDef } from '../helpers/ecs-moto.js';
import { startEcsProxy, type EcsProxy } from '../helpers/ecs-proxy.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { runCli } from '../helpers/host.js';

let cdProxy: CodeDeployProxy;
let ecsProxy: EcsProxy;
const cd = new CodeDeploy({ region: 'us-east-1', endpoint: motoUrl() });
const s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
let storeBucket = '';
/** `cluster/service` of each deployment group's service, and the revision CodeDeploy last put on it. */
const groups = new Map<string, string>();
const serving = new Map<string, string>();

const appSpecTaskDefinition = (content: string): string =>
  JSON.parse(content).Resources[0].TargetService.Properties.TaskDefinition as string;

beforeAll(async () => {
  cdProxy = await startCodeDeployProxy(motoUrl());
  ecsProxy = await startEcsProxy(cdProxy.url);
  // What CodeDeploy does at the end of a successful blue/green deployment: the service serves the new revision.
  cdProxy.rewrites['GetDeployment'] = (answer) => {
    const info = answer?.deploymentInfo;
    if (info?.status !== 'Succeeded') return answer;
    const played = cdProxy.deployments.find((d) => d.id === info.deploymentId);
    const service = groups.get(`${info.applicationName}/${info.deploymentGroupName}`);
    if (played && service) serving.set(service, appSpecTaskDefinition(played.request.revision.appSpecContent.content));
    return answer;
  };
  ecsProxy.rewrites['DescribeServices'] = (answer) => {
    for (const svc of answer?.services ?? []) {
      const key = `${String(svc.clusterArn).split('/').pop()}/${svc.serviceName}`;
      const arn = serving.get(key);
      if (arn) svc.taskDefinition = arn;
    }
    return answer;
  };
  storeBucket = uniqueName('bgreleases').toLowerCase();
  await s3.createBucket({ Bucket: storeBucket });
});
afterAll(async () => {
  await ecsProxy?.close();
  await cdProxy?.close();
  cleanupFiles();
});

interface Scene {
  cluster: string;
  family: string;
  application: string;
  group: string;
  store: string;
}

/** A blue/green service behind a load balancer (container web, port 8080), its CodeDeploy group and a store. */
async function blueGreenScene(): Promise<Scene> {
  const ecs = ecsAt(motoUrl());
  const cluster = uniqueName('bgrb');
  const family = uniqueName('bgrbfam');
  await ecs.createCluster({ clusterName: cluster });
  const reg = await ecs.registerTaskDefinition({
    family,
    containerDefinitions: [
      { name: 'web', image: 'registry.example.com/web:0', memory: 256, portMappings: [{ containerPort: 8080 }] },
    ],
  });
  await ecs.createService({
    cluster,
    serviceName: 'web',
    taskDefinition: reg.taskDefinition?.taskDefinitionArn,
    desiredCount: 1,
    launchType: 'EC2',
    deploymentController: { type: 'CODE_DEPLOY' },
    loadBalancers: [
      {
        targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/0123456789abcdef',
        containerName: 'web',
        containerPort: 8080,
      },
    ],
  });
  const application = `AppECS-${cluster}-web`;
  const group = `DgpECS-${cluster}-web`;
  await cd.createApplication({ applicationName: application, computePlatform: 'ECS' });
  await cd.createDeploymentGroup({
    applicationName: application,
    deploymentGroupName: group,
    serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy-ecs',
    ecsServices: [{ clusterName: cluster, serviceName: 'web' }],
  });
  groups.set(`${application}/${group}`, `${cluster}/web`);
  return { cluster, family, application, group, store: `s3://${storeBucket}/${cluster}` };
}

const succeeds = (s: Scene) => cdProxy.play(scenario({ kind: 'ecs', targets: [`${s.cluster}:web`] }));

function release(s: Scene, id: string, image: string) {
  const file = writeTaskDef({
    family: s.family,
    containerDefinitions: [{ name: 'web', image, memory: 256, portMappings: [{ containerPort: 8080 }] }],
  });
  return runCli(ecsDeploy, [
    '--task-definition',
    file,
    '--cluster',
    s.cluster,
    '--service',
    'web',
    '--poll-interval',
    '0.01',
    '--release-store',
    s.store,
    '--release-id',
    id,
    '--endpoint-url',
    ecsProxy.url,
  ]);
}

const roll = (s: Scene, ...more: string[]) =>
  runCli(rollback, ['--release-store', s.store, '--poll-interval', '0.01', '--endpoint-url', ecsProxy.url, ...more]);

/** The task definition the service serves (DescribeServices through the proxy, as the commands see it). */
async function serves(s: Scene): Promise<string | undefined> {
  const res = await ecsAt(ecsProxy.url).describeServices({ cluster: s.cluster, services: ['web'] });
  return res.services?.[0]?.taskDefinition;
}

async function record(s: Scene, id: string) {
  const key = `${s.cluster}/records/${encodeURIComponent(id)}.json`;
  const res = await s3.getObject({ Bucket: storeBucket, Key: key });
  return parseRecord((await res.Body?.transformToString()) ?? '');
}

const lastDeployment = () => cdProxy.deployments[cdProxy.deployments.length - 1];
const deploymentsOf = (s: Scene) => cdProxy.deployments.filter((d) => d.request.applicationName === s.application);

/** Releases v1 and v2 (each deployment succeeds); returns their task definitions. */
async function releaseV1V2(s: Scene): Promise<{ v1: string; v2: string }> {
  succeeds(s);
  const r1 = await release(s, 'v1', 'registry.example.com/web:1');
  expect([r1.code, r1.code === 0 ? '' : r1.log]).toEqual([0, '']);
  const v1 = String(r1.outputs?.['task-definition-arn']);
  succeeds(s);
  const r2 = await release(s, 'v2', 'registry.example.com/web:2');
  expect([r2.code, r2.code === 0 ? '' : r2.log]).toEqual([0, '']);
  const v2 = String(r2.outputs?.['task-definition-arn']);
  expect(v2).not.toBe(v1);
  expect(await serves(s)).toBe(v2);
  return { v1, v2 };
}

const targetService = (arn: string) => ({
  Type: 'AWS::ECS::Service',
  Properties: { TaskDefinition: arn, LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 } },
});

describe('a release of a blue/green ECS service', () => {
  it('is recorded with what a CodeDeploy redeploy needs; rollback deploys v1 back through CodeDeploy, and undoing it goes forward to v2', async () => {
    const s = await blueGreenScene();
    const { v1, v2 } = await releaseV1V2(s);
    const recorded = (await record(s, 'v2')).changes;
    expect(recorded).toEqual([
      {
        kind: 'ecs-service',
        cluster: s.cluster,
        service: 'web',
        previousTaskDefinition: v1,
        newTaskDefinition: v2,
        blueGreen: {
          application: s.application,
          deploymentGroup: s.group,
          appspec: { version: 0, Resources: [{ TargetService: targetService(v2) }] },
        },
      },
    ]);

    succeeds(s);
    const back = await roll(s, '--to', 'v1');
    expect([back.code, back.code === 0 ? '' : back.log]).toEqual([0, '']);
    expect(back.log).toContain(
      `undo v2 on ecs:${s.cluster}/web: from ${v2.split('/').pop()} back to ${v1.split('/').pop()} through CodeDeploy ${s.application}/${s.group} (blue/green)`,
    );
    expect(back.outputs).toMatchObject({ 'rolled-back': 'v2', to: 'v1', services: 1 });
    const d = lastDeployment();
    expect(d?.request).toMatchObject({ applicationName: s.application, deploymentGroupName: s.group });
    expect(d?.request.description).toContain(`back to ${v1.split('/').pop()}`);
    expect(JSON.parse(d?.request.revision.appSpecContent.content)).toEqual({
      version: 0,
      Resources: [{ TargetService: targetService(v1) }],
    });
    // Waited until CodeDeploy said Succeeded (the third frame), with the same watcher as ecs-deploy.
    expect(cdProxy.calls.filter((c) => c.action === 'GetDeployment' && c.body.deploymentId === d?.id)).toHaveLength(3);
    expect(back.log).toContain(`web: deployment ${d?.id}: InProgress`);
    expect(await serves(s)).toBe(v1);
    // UpdateService cannot move a CODE_DEPLOY service: neither the releases nor the rollback called it.
    expect(ecsProxy.calls.filter((c) => c.action === 'UpdateService' && c.body.cluster === s.cluster)).toEqual([]);
    const rollbackId = String(back.outputs?.['release-id']);
    expect((await record(s, rollbackId)).changes).toEqual([
      expect.objectContaining({
        previousTaskDefinition: v2,
        newTaskDefinition: v1,
        blueGreen: expect.objectContaining({
          appspec: { version: 0, Resources: [{ TargetService: targetService(v1) }] },
        }),
      }),
    ]);

    succeeds(s);
    const again = await roll(s, '--to', 'previous');
    expect([again.code, again.code === 0 ? '' : again.log]).toEqual([0, '']);
    expect(JSON.parse(lastDeployment()?.request.revision.appSpecContent.content)).toEqual({
      version: 0,
      Resources: [{ TargetService: targetService(v2) }],
    });
    expect(await serves(s)).toBe(v2);
    expect(deploymentsOf(s)).toHaveLength(4);
  });

  it('a dry run prints the CodeDeploy plan and changes nothing', async () => {
    const s = await blueGreenScene();
    const { v1, v2 } = await releaseV1V2(s);
    const created = cdProxy.count('CreateDeployment');
    const res = await roll(s, '--to', 'v1', '--dry-run', 'true');
    expect(res.code).toBe(0);
    expect(res.log).toContain(
      `from ${v2.split('/').pop()} back to ${v1.split('/').pop()} through CodeDeploy ${s.application}/${s.group}`,
    );
    expect(res.log).toContain('dry run: nothing was changed');
    expect(cdProxy.count('CreateDeployment')).toBe(created);
    expect(await serves(s)).toBe(v2);
    expect((await record(s, 'v2')).status).toBe('succeeded');
  });

  it('a redeploy that fails (a hook) fails the rollback with the reason; the service stays on v2', async () => {
    const s = await blueGreenScene();
    const { v1, v2 } = await releaseV1V2(s);
    cdProxy.play(
      scenario({
        kind: 'ecs',
        targets: [`${s.cluster}:web`],
        fail: {
          target: `${s.cluster}:web`,
          event: 'AfterAllowTestTraffic',
          errorCode: 'ScriptFailed',
          message: 'smoke-test Lambda returned Failed',
        },
      }),
    );
    const res = await roll(s, '--to', 'v1', '--release-id', 'rb-failed');
    expect(res.code).toBe(1);
    const d = lastDeployment();
    expect(res.log).toContain(
      `${s.cluster}/web did not go back to ${v1.split('/').pop()} through CodeDeploy: deployment ${d?.id}: ECS target ${s.cluster}:web: AfterAllowTestTraffic failed (ScriptFailed): smoke-test Lambda returned Failed`,
    );
    expect(await serves(s)).toBe(v2);
    expect((await record(s, 'rb-failed')).status).toBe('failed');
    expect((await record(s, 'v2')).status).toBe('succeeded');
  });

  it('refuses, changing nothing, when the deployment group or the previous revision is gone', async () => {
    const s = await blueGreenScene();
    const { v1, v2 } = await releaseV1V2(s);
    const created = cdProxy.count('CreateDeployment');
    ecsProxy.errors['GetDeploymentGroup'] = {
      status: 400,
      type: 'DeploymentGroupDoesNotExistException',
      message: `No Deployment Group found for name: ${s.group}`,
    };
    try {
      const res = await roll(s, '--to', 'v1');
      expect(res.code).toBe(1);
      expect(res.log).toContain(`CodeDeploy deployment group ${s.application}/${s.group}`);
      expect(res.log).toContain('nothing was changed');
    } finally {
      ecsProxy.errors['GetDeploymentGroup'] = undefined;
    }
    await ecsAt(motoUrl()).deregisterTaskDefinition({ taskDefinition: v1 });
    const res = await roll(s, '--to', 'v1');
    expect(res.code).toBe(1);
    expect(res.log).toContain(`${v1.split('/').pop()} (deregistered)`);
    expect(cdProxy.count('CreateDeployment')).toBe(created);
    expect(await serves(s)).toBe(v2);
  });
});
