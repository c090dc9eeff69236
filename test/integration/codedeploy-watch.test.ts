/*
 * The shared CodeDeploy watcher against moto, with the proxy playing what moto cannot: deployments
 * that move past Created, targets with lifecycle events, failed hooks with their log tails, rollbacks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CodeDeploy } from '@aws-sdk/client-codedeploy';
import { DeploymentFailed, watchDeployment } from '../../src/codedeploy/watch.js';
import { scenario, startCodeDeployProxy, type CodeDeployProxy, type Frame } from '../helpers/codedeploy-proxy.js';
import { motoUrl, uniqueName } from '../helpers/env.js';

let proxy: CodeDeployProxy;
let cd: CodeDeploy;

beforeAll(async () => {
  proxy = await startCodeDeployProxy(motoUrl());
  cd = new CodeDeploy({ region: 'us-east-1', endpoint: proxy.url });
});

afterAll(async () => {
  await proxy?.close();
});

/** An application and deployment group in moto, and one deployment created through the proxy. */
async function deployment(platform: 'Server' | 'ECS', frames?: Frame[]): Promise<string> {
  const app = uniqueName('app');
  await cd.createApplication({ applicationName: app, computePlatform: platform });
  await cd.createDeploymentGroup({
    applicationName: app,
    deploymentGroupName: 'dg',
    serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
  });
  if (frames) proxy.play(frames);
  const res = await cd.createDeployment({
    applicationName: app,
    deploymentGroupName: 'dg',
    revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'app.zip', bundleType: 'zip' } },
  });
  return res.deploymentId as string;
}

/** Watches with a clock that only the watch's own sleeps move (5 s a poll). */
const watch = (id: string, log: string[] = [], timeoutMs = 600_000) => {
  let t = 0;
  return watchDeployment(cd, id, {
    timeoutMs,
    intervalMs: 5000,
    now: () => t,
    sleep: async (ms) => void (t += ms),
    log: (l) => log.push(l),
  });
};

describe('CodeDeploy watcher through the proxy', () => {
  it('follows an EC2 deployment from Created to Succeeded on every instance', async () => {
    const id = await deployment('Server', scenario({ targets: ['i-0aaa', 'i-0bbb'] }));
    const log: string[] = [];
    const res = await watch(id, log);
    expect(res.deployment.status).toBe('Succeeded');
    expect(res.deployment.createTime).toBeInstanceOf(Date);
    expect(res.targets.map((t) => [t.id, t.status])).toEqual([
      ['i-0aaa', 'Succeeded'],
      ['i-0bbb', 'Succeeded'],
    ]);
    expect(log).toContain(`deployment ${id}: Created`);
    expect(log).toContain(`deployment ${id}: InProgress: 2 in progress; i-0aaa at Install, i-0bbb at Install`);
    expect(log).toContain('i-0bbb: ValidateService Succeeded');
    expect(proxy.count('GetDeployment')).toBeGreaterThanOrEqual(3);
  });

  it('fails at the first sight of a failed hook, with the instance, the event and the log tail', async () => {
    const id = await deployment(
      'Server',
      scenario({
        targets: ['i-0aaa', 'i-0bbb'],
        fail: {
          target: 'i-0bbb',
          event: 'ValidateService',
          errorCode: 'ScriptFailed',
          scriptName: 'scripts/validate_service.sh',
          message: 'Script at specified location: scripts/validate_service.sh run as user root failed with exit code 1',
          logTail: '[stderr]health-check http://localhost:8080/health: never healthy (last: HTTP 500)\n',
        },
      }),
    );
    const err = (await watch(id).catch((e: unknown) => e)) as DeploymentFailed;
    expect(err).toBeInstanceOf(DeploymentFailed);
    expect(err.message).toContain(
      `deployment ${id}: instance i-0bbb: ValidateService failed (ScriptFailed, scripts/validate_service.sh)`,
    );
    expect(err.message).toContain(
      '    [stderr]health-check http://localhost:8080/health: never healthy (last: HTTP 500)',
    );
    // Ended while CodeDeploy still said InProgress: the frame after it (Failed) was never asked for.
    expect(err.deployment?.status).toBe('InProgress');
    expect(proxy.deployments.find((d) => d.id === id)?.frame).toBe(2);
  });

  it('reports a rollback with CodeDeploy’s error and the rollback deployment', async () => {
    const id = await deployment(
      'Server',
      scenario({
        targets: ['i-0aaa'],
        rollback: {
          code: 'ALARM_ACTIVE',
          message: 'One or more alarms have been activated according to the Amazon CloudWatch metrics: [api-5xx]',
          status: 'Stopped',
          rollbackDeploymentId: 'd-RB0000001',
          rollbackMessage: 'Automatic rollback because of an alarm',
        },
      }),
    );
    const err = (await watch(id).catch((e: unknown) => e)) as DeploymentFailed;
    expect(err).toBeInstanceOf(DeploymentFailed);
    expect(err.message).toBe(
      `deployment ${id} was stopped: ALARM_ACTIVE: One or more alarms have been activated according to the Amazon CloudWatch metrics: [api-5xx]; CodeDeploy rolled back with deployment d-RB0000001 (Automatic rollback because of an alarm)`,
    );
  });

  it('watches an ECS blue/green deployment and its hook failure alike', async () => {
    const ok = await deployment('ECS', scenario({ kind: 'ecs', targets: ['cl:web'] }));
    const log: string[] = [];
    expect((await watch(ok, log)).targets).toEqual([expect.objectContaining({ id: 'cl:web', kind: 'ecs' })]);
    expect(log).toContain('cl:web: AfterAllowTraffic Succeeded');
    const bad = await deployment(
      'ECS',
      scenario({
        kind: 'ecs',
        targets: ['cl:web'],
        fail: {
          target: 'cl:web',
          event: 'AfterAllowTestTraffic',
          errorCode: 'ScriptFailed',
          message: 'hook Lambda said Failed',
        },
      }),
    );
    const err = (await watch(bad).catch((e: unknown) => e)) as DeploymentFailed;
    expect(err.message.split('\n')[0]).toBe(
      `deployment ${bad}: ECS target cl:web: AfterAllowTestTraffic failed (ScriptFailed): hook Lambda said Failed`,
    );
  });

  it('leaves a deployment without a scenario where moto has it (Created) and times out', async () => {
    const id = await deployment('Server');
    const err = (await watch(id, [], 20_000).catch((e: unknown) => e)) as DeploymentFailed;
    expect(err).toBeInstanceOf(DeploymentFailed);
    expect(err.timedOut).toBe(true);
    expect(err.message).toContain('(Created); it goes on in CodeDeploy');
  });
});
