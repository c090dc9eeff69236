/*
 * ecs-deploy on services with the CODE_DEPLOY controller (blue/green), against moto. Calls go
 * CLI -> ECS proxy -> CodeDeploy proxy -> moto: the ECS proxy records the ECS calls, the CodeDeploy
 * proxy records CreateDeployment and plays what moto cannot (deployments past Created, lifecycle
 * hooks, rollbacks). The CodeDeploy scenarios of the official deploy action's suite are ported here.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CodeDeploy } from '@aws-sdk/client-codedeploy';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ecsDeploy } from '../../src/definitions/ecs-deploy.js';
import { scenario, startCodeDeployProxy, type CodeDeployProxy } from '../helpers/codedeploy-proxy.js';
import { cleanupFiles, ecsAt, revisions, runningTaskDefinition, taskDef, writeTaskDef } from '../helpers/ecs-moto.js';
import { startEcsProxy, type EcsProxy } from '../helpers/ecs-proxy.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { runCli } from '../helpers/host.js';

const IMAGE2 = `registry.example.com/web@sha256:${'ab'.repeat(32)}`;

let cdProxy: CodeDeployProxy;
let ecsProxy: EcsProxy;
let cd: CodeDeploy;
const dirs: string[] = [];

beforeAll(async () => {
  cdProxy = await startCodeDeployProxy(motoUrl());
  ecsProxy = await startEcsProxy(cdProxy.url);
  cd = new CodeDeploy({ region: 'us-east-1', endpoint: motoUrl() });
});
afterAll(async () => {
  await ecsProxy?.close();
  await cdProxy?.close();
  cleanupFiles();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface BlueGreenScene {
  cluster: string;
  family: string;
  firstArn: string;
  application: string;
  group: string;
}

/** A blue/green service behind a load balancer (container web, port 8080) and its CodeDeploy group. */
async function blueGreenScene(names?: { application: string; group: string }): Promise<BlueGreenScene> {
  const ecs = ecsAt(motoUrl());
  const cluster = uniqueName('bg');
  const family = uniqueName('bgfam');
  await ecs.createCluster({ clusterName: cluster });
  const container = {
    name: 'web',
    image: 'registry.example.com/web:1',
    memory: 256,
    portMappings: [{ containerPort: 8080 }],
  };
  const reg = await ecs.registerTaskDefinition({ family, containerDefinitions: [container] });
  const firstArn = reg.taskDefinition?.taskDefinitionArn as string;
  await ecs.createService({
    cluster,
    serviceName: 'web',
    taskDefinition: firstArn,
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
  const application = names?.application ?? `AppECS-${cluster}-web`;
  const group = names?.group ?? `DgpECS-${cluster}-web`;
  await cd.createApplication({ applicationName: application, computePlatform: 'ECS' });
  await cd.createDeploymentGroup({
    applicationName: application,
    deploymentGroupName: group,
    serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy-ecs',
    ecsServices: [{ clusterName: cluster, serviceName: 'web' }],
  });
  return { cluster, family, firstArn, application, group };
}

const file = (s: BlueGreenScene): string =>
  writeTaskDef({
    family: s.family,
    containerDefinitions: [{ name: 'web', image: IMAGE2, memory: 256, portMappings: [{ containerPort: 8080 }] }],
  });

const deploy = (s: BlueGreenScene, ...more: string[]) =>
  runCli(ecsDeploy, [
    '--task-definition',
    file(s),
    '--cluster',
    s.cluster,
    '--service',
    'web',
    '--poll-interval',
    '0.01',
    '--endpoint-url',
    ecsProxy.url,
    ...more,
  ]);

const lastDeployment = () => cdProxy.deployments[cdProxy.deployments.length - 1];

describe('ecs-deploy: blue/green services through CodeDeploy', () => {
  it('registers the revision, creates the deployment with the AppSpec built from the load balancer, and waits for success', async () => {
    const s = await blueGreenScene();
    cdProxy.play(scenario({ kind: 'ecs', targets: [`${s.cluster}:web`] }));
    const res = await deploy(s);
    expect(res.log).not.toMatch(/^error:/m);
    expect(res.code).toBe(0);
    const arn = String(res.outputs?.['task-definition-arn']);
    expect(arn).toBe(s.firstArn.replace(/:1$/, ':2'));
    const d = lastDeployment();
    expect(res.outputs?.['codedeploy-deployment-id']).toBe(d?.id);
    expect(res.outputs?.['deployment-id']).toBe(d?.id);
    expect(d?.request).toMatchObject({ applicationName: s.application, deploymentGroupName: s.group });
    const content = d?.request.revision.appSpecContent.content as string;
    expect(JSON.parse(content)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: arn, LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 } },
          },
        },
      ],
    });
    expect(d?.request.revision).toMatchObject({
      revisionType: 'AppSpecContent',
      appSpecContent: { sha256: createHash('sha256').update(content).digest('hex') },
    });
    // UpdateService cannot change a CODE_DEPLOY service's task definition: it is never called.
    expect(ecsProxy.calls.filter((c) => c.action === 'UpdateService' && c.body.cluster === s.cluster)).toEqual([]);
    expect(res.log).toMatch(/web: .*AllowTraffic Succeeded/);
    expect(res.log).toContain(`web: CodeDeploy deployment ${d?.id} succeeded`);
    const services = JSON.parse(String(res.outputs?.['services']));
    expect(services).toEqual([
      expect.objectContaining({ service: 'web', controller: 'CODE_DEPLOY', result: 'stable', deploymentId: d?.id }),
    ]);
  });

  it('a failed lifecycle hook ends the wait at once, with the hook, its reason and the deployment id', async () => {
    const s = await blueGreenScene();
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
    const res = await deploy(s, '--wait-for-minutes', '30');
    expect(res.code).toBe(1);
    const d = lastDeployment();
    expect(res.log).toContain(
      `service web: deployment ${d?.id}: ECS target ${s.cluster}:web: AfterAllowTestTraffic failed (ScriptFailed): smoke-test Lambda returned Failed`,
    );
    // Fail-fast: the frame with the failed hook is the third GetDeployment; the deployment's own
    // Failed status (a fourth) is not waited for.
    expect(cdProxy.calls.filter((c) => c.action === 'GetDeployment' && c.body.deploymentId === d?.id)).toHaveLength(3);
  });

  it('a rollback is reported as a failure with CodeDeploy’s reason and the rollback deployment', async () => {
    const s = await blueGreenScene();
    cdProxy.play(
      scenario({
        kind: 'ecs',
        targets: [`${s.cluster}:web`],
        rollback: {
          code: 'ALARM_ACTIVE',
          message: 'One or more alarms have been activated: web-5xx',
          status: 'Stopped',
          rollbackDeploymentId: 'd-ROLLBACK42',
        },
      }),
    );
    const res = await deploy(s);
    expect(res.code).toBe(1);
    const d = lastDeployment();
    expect(res.log).toContain(
      `service web: deployment ${d?.id} was stopped: ALARM_ACTIVE: One or more alarms have been activated: web-5xx; CodeDeploy rolled back with deployment d-ROLLBACK42`,
    );
    expect(res.outputs).toBeUndefined();
  });

  it('custom application, group, description and config are passed; without the wait GetDeployment is never called', async () => {
    const names = { application: uniqueName('Custom-Application'), group: 'Custom-Deployment-Group' };
    const s = await blueGreenScene(names);
    const before = cdProxy.count('GetDeployment');
    const res = await deploy(
      s,
      '--codedeploy-application',
      names.application,
      '--codedeploy-deployment-group',
      names.group,
      '--codedeploy-deployment-description',
      'x'.repeat(600),
      '--codedeploy-deployment-config',
      'CodeDeployDefault.ECSAllAtOnce',
      '--wait-for-service-stability',
      'false',
    );
    expect(res.log).not.toMatch(/^error:/m);
    expect(res.code).toBe(0);
    const d = lastDeployment();
    expect(d?.request).toMatchObject({
      applicationName: names.application,
      deploymentGroupName: names.group,
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      description: `${'x'.repeat(511)}…`,
    });
    expect(res.outputs?.['codedeploy-deployment-id']).toBe(d?.id);
    expect(cdProxy.count('GetDeployment')).toBe(before);
  });

  it('an AppSpec file (YAML, keys in any case) gets the new revision as TaskDefinition', async () => {
    const s = await blueGreenScene();
    const dir = mkdtempSync(join(tmpdir(), 'arkit-appspec-'));
    dirs.push(dir);
    const appspec = join(dir, 'appspec.yaml');
    writeFileSync(
      appspec,
      [
        'version: 0.0',
        'resources:',
        '  - TargetService:',
        '      Type: AWS::ECS::Service',
        '      Properties:',
        '        taskDefinition: helloworld',
        '        LoadBalancerInfo:',
        '          ContainerName: web',
        '          ContainerPort: 80',
        'Hooks:',
        '  - AfterAllowTestTraffic: arn:aws:lambda:us-east-1:123456789012:function:smoke',
        '',
      ].join('\n'),
    );
    cdProxy.play(scenario({ kind: 'ecs', targets: [`${s.cluster}:web`] }));
    const res = await deploy(s, '--codedeploy-appspec', appspec);
    expect(res.code).toBe(0);
    const content = JSON.parse(lastDeployment()?.request.revision.appSpecContent.content);
    expect(content.resources[0].TargetService.Properties).toEqual({
      taskDefinition: res.outputs?.['task-definition-arn'],
      LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 80 },
    });
    expect(content.Hooks).toEqual([{ AfterAllowTestTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:smoke' }]);
  });

  it('an AppSpec without Resources is refused (exit 2) before anything is registered', async () => {
    const s = await blueGreenScene();
    const dir = mkdtempSync(join(tmpdir(), 'arkit-appspec-'));
    dirs.push(dir);
    const appspec = join(dir, 'appspec.yaml');
    writeFileSync(appspec, 'hello: world\n');
    const created = cdProxy.count('CreateDeployment');
    const res = await deploy(s, '--codedeploy-appspec', appspec);
    expect(res.code).toBe(2);
    expect(res.log).toContain('input "codedeploy-appspec": the AppSpec must include Resources');
    expect(await revisions(ecsAt(motoUrl()), s.family)).toHaveLength(1);
    expect(cdProxy.count('CreateDeployment')).toBe(created);
  });

  it('ECS-only inputs are refused for a blue/green service before anything changes', async () => {
    const s = await blueGreenScene();
    const res = await deploy(s, '--desired-count', '3');
    expect(res.code).toBe(2);
    expect(res.log).toContain('input "desired-count": is not applied by a CodeDeploy (blue/green) deployment');
    expect(await revisions(ecsAt(motoUrl()), s.family)).toHaveLength(1);
    expect(await runningTaskDefinition(ecsAt(motoUrl()), s.cluster, 'web')).toBe(s.firstArn);
  });

  it('a dry run names the deployment group and creates nothing', async () => {
    const s = await blueGreenScene();
    const created = cdProxy.count('CreateDeployment');
    const res = await deploy(s, '--dry-run');
    expect(res.code).toBe(0);
    expect(res.log).toContain(
      `dry run: would deploy web blue/green from ${s.family}:1 to the new revision through CodeDeploy ${s.application}/${s.group}`,
    );
    expect(cdProxy.count('CreateDeployment')).toBe(created);
  });
});

describe('ecs-deploy: a plain ECS service with an AppSpec', () => {
  it('codedeploy-appspec without a CODE_DEPLOY service is refused', async () => {
    const ecs = ecsAt(motoUrl());
    const cluster = uniqueName('plain');
    const family = uniqueName('plainfam');
    await ecs.createCluster({ clusterName: cluster });
    const reg = await ecs.registerTaskDefinition(taskDef(family, 'registry.example.com/app:1', 'EC2') as never);
    await ecs.createService({
      cluster,
      serviceName: 'svc',
      taskDefinition: reg.taskDefinition?.taskDefinitionArn,
      desiredCount: 0,
    });
    const dir = mkdtempSync(join(tmpdir(), 'arkit-appspec-'));
    dirs.push(dir);
    const appspec = join(dir, 'appspec.json');
    writeFileSync(appspec, JSON.stringify({ Resources: [{ T: { Properties: { TaskDefinition: 'x' } } }] }));
    const res = await runCli(ecsDeploy, [
      '--task-definition',
      writeTaskDef(taskDef(family, IMAGE2, 'EC2')),
      '--cluster',
      cluster,
      '--service',
      'svc',
      '--codedeploy-appspec',
      appspec,
      '--endpoint-url',
      ecsProxy.url,
    ]);
    expect(res.code).toBe(2);
    expect(res.log).toContain(
      'input "codedeploy-appspec": is set, but no service uses the CODE_DEPLOY deployment controller',
    );
    expect(await revisions(ecs, family)).toHaveLength(1);
  });
});
