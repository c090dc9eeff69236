import { describe, expect, it } from '@jest/globals';
import type {
  DeploymentInfo,
  DeploymentTarget,
  Diagnostics,
  LifecycleEvent,
  LifecycleEventStatus,
  TargetStatus,
} from '@aws-sdk/client-codedeploy';
import {
  assessDeployment,
  DeploymentFailed,
  describeFailure,
  lifecycleFailures,
  progressLine,
  readTargets,
  takeEventNews,
  targetView,
  watchDeployment,
  type TargetView,
  type WatchClient,
} from '../../src/codedeploy/watch.js';

const EC2_EVENTS = [
  'ApplicationStop',
  'DownloadBundle',
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
];

/** An instance target whose events up to `upTo` succeeded, `upTo` has `status`, the rest pending. */
function instance(id: string, upTo: string, status: LifecycleEventStatus, diagnostics?: Diagnostics): TargetView {
  const at = EC2_EVENTS.indexOf(upTo);
  const events: LifecycleEvent[] = EC2_EVENTS.map((name, i) => ({
    lifecycleEventName: name,
    status: i < at ? 'Succeeded' : i === at ? status : 'Pending',
    ...(i === at && diagnostics ? { diagnostics } : {}),
  }));
  const done = at === EC2_EVENTS.length - 1 && status === 'Succeeded';
  return { id, kind: 'instance', status: status === 'Failed' ? 'Failed' : done ? 'Succeeded' : 'InProgress', events };
}

const info = (over: Partial<DeploymentInfo> = {}): DeploymentInfo => ({
  deploymentId: 'd-ABC',
  status: 'InProgress',
  ...over,
});

const SCRIPT_FAILED: Diagnostics = {
  errorCode: 'ScriptFailed',
  scriptName: 'scripts/validate.sh',
  message: 'Script at specified location: scripts/validate.sh run as user root failed with exit code 1',
  logTail: '[stdout]checking http://localhost:8080/health\n[stderr]health-check: HTTP 500 after 10 requests\n',
};

describe('assessDeployment', () => {
  it('waits while the deployment is created, queued or in progress, with a progress line', () => {
    expect(assessDeployment(info({ status: 'Created' }), [])).toEqual({ state: 'waiting', progress: 'Created' });
    const v = assessDeployment(info({ deploymentOverview: { Succeeded: 1, InProgress: 1, Pending: 2, Failed: 0 } }), [
      instance('i-1', 'ValidateService', 'Succeeded'),
      instance('i-2', 'AfterInstall', 'InProgress'),
    ]);
    expect(v).toEqual({
      state: 'waiting',
      progress: 'InProgress: 1 succeeded, 1 in progress, 2 pending; i-2 at AfterInstall',
    });
  });

  it('succeeds only on Succeeded', () => {
    expect(assessDeployment(info({ status: 'Succeeded' }), [instance('i-1', 'ValidateService', 'Succeeded')])).toEqual({
      state: 'succeeded',
    });
    expect(assessDeployment(info({ status: 'Baking' }), []).state).toBe('waiting');
    expect(assessDeployment(info({ status: 'Ready' }), []).state).toBe('waiting');
  });

  it('fails at once on a failed lifecycle event, while the deployment still says InProgress', () => {
    const v = assessDeployment(info(), [
      instance('i-1', 'ValidateService', 'Failed', SCRIPT_FAILED),
      instance('i-2', 'Install', 'InProgress'),
    ]);
    expect(v.state).toBe('failed');
    if (v.state !== 'failed') return;
    expect(v.reason).toBe(
      'deployment d-ABC: instance i-1: ValidateService failed (ScriptFailed, scripts/validate.sh): Script at specified location: scripts/validate.sh run as user root failed with exit code 1',
    );
    expect(v.failures).toEqual([
      {
        target: 'i-1',
        kind: 'instance',
        event: 'ValidateService',
        errorCode: 'ScriptFailed',
        scriptName: 'scripts/validate.sh',
        message: SCRIPT_FAILED.message,
        logTail: '[stdout]checking http://localhost:8080/health\n[stderr]health-check: HTTP 500 after 10 requests',
      },
    ]);
  });

  it('adds CodeDeploy’s error and rollback to a failed event once the deployment has ended', () => {
    const v = assessDeployment(
      info({
        status: 'Failed',
        errorInformation: { code: 'HEALTH_CONSTRAINTS', message: 'The overall deployment failed.' },
        rollbackInfo: { rollbackDeploymentId: 'd-ROLLBACK', rollbackMessage: 'Automatic rollback on failure' },
      }),
      [instance('i-1', 'ApplicationStart', 'Failed', { errorCode: 'ScriptFailed', scriptName: 'start.sh' })],
    );
    expect(v.state === 'failed' && v.reason).toBe(
      'deployment d-ABC: instance i-1: ApplicationStart failed (ScriptFailed, start.sh); HEALTH_CONSTRAINTS: The overall deployment failed.; CodeDeploy rolled back with deployment d-ROLLBACK (Automatic rollback on failure)',
    );
  });

  it('reports a rollback without a failed event (an alarm, a stop) with its reason', () => {
    const v = assessDeployment(
      info({
        status: 'Stopped',
        errorInformation: { code: 'ALARM_ACTIVE', message: 'One or more alarms have been activated: [5xx-alarm]' },
        rollbackInfo: { rollbackDeploymentId: 'd-RB', rollbackMessage: 'Rolled back because of an alarm' },
      }),
      [instance('i-1', 'ValidateService', 'Succeeded')],
    );
    expect(v).toEqual({
      state: 'failed',
      reason:
        'deployment d-ABC was stopped: ALARM_ACTIVE: One or more alarms have been activated: [5xx-alarm]; CodeDeploy rolled back with deployment d-RB (Rolled back because of an alarm)',
      failures: [],
    });
    expect(assessDeployment(info({ status: 'Failed' }), [])).toEqual({
      state: 'failed',
      reason: 'deployment d-ABC failed: CodeDeploy gave no reason',
      failures: [],
    });
  });

  it('overlooks a failed ApplicationStop when the deployment ignores ApplicationStop failures', () => {
    const targets = [instance('i-1', 'ApplicationStop', 'Failed')];
    expect(lifecycleFailures(targets)).toHaveLength(1);
    expect(lifecycleFailures(targets, { ignoreApplicationStopFailures: true })).toEqual([]);
    expect(assessDeployment(info({ ignoreApplicationStopFailures: true }), targets).state).toBe('waiting');
  });
});

describe('targets and their events', () => {
  it('reads EC2, ECS and Lambda targets alike', () => {
    const ecs: DeploymentTarget = {
      deploymentTargetType: 'ECSTarget',
      ecsTarget: {
        targetId: 'cl:svc',
        status: 'InProgress',
        lifecycleEvents: [{ lifecycleEventName: 'AfterAllowTestTraffic', status: 'Failed' }],
      },
    };
    expect(targetView(ecs)).toEqual({
      id: 'cl:svc',
      kind: 'ecs',
      status: 'InProgress',
      events: [{ lifecycleEventName: 'AfterAllowTestTraffic', status: 'Failed' }],
    });
    expect(targetView({ lambdaTarget: { targetId: 'fn:live' } })).toEqual({
      id: 'fn:live',
      kind: 'lambda',
      status: 'Unknown',
      events: [],
    });
    expect(targetView({})).toBeUndefined();
    expect(lifecycleFailures([targetView(ecs) as TargetView])[0]).toEqual({
      target: 'cl:svc',
      kind: 'ecs',
      event: 'AfterAllowTestTraffic',
    });
  });

  it('describes a failure with the log tail indented, or says there was none', () => {
    const [f] = lifecycleFailures([instance('i-1', 'ValidateService', 'Failed', SCRIPT_FAILED)]);
    expect(describeFailure(f as never)).toBe(
      [
        'instance i-1: ValidateService failed (ScriptFailed, scripts/validate.sh): Script at specified location: scripts/validate.sh run as user root failed with exit code 1',
        '  log tail of scripts/validate.sh:',
        '    [stdout]checking http://localhost:8080/health',
        '    [stderr]health-check: HTTP 500 after 10 requests',
      ].join('\n'),
    );
    expect(describeFailure({ target: 'cl:svc', kind: 'ecs', event: 'AfterAllowTraffic' })).toBe(
      'ECS target cl:svc: AfterAllowTraffic failed (CodeDeploy reported no script output)',
    );
  });

  it('prints each lifecycle event change once', () => {
    const seen = new Map<string, string>();
    expect(takeEventNews([instance('i-1', 'DownloadBundle', 'InProgress')], seen)).toEqual([
      'i-1: ApplicationStop Succeeded',
      'i-1: DownloadBundle InProgress',
    ]);
    expect(takeEventNews([instance('i-1', 'DownloadBundle', 'InProgress')], seen)).toEqual([]);
    expect(takeEventNews([instance('i-1', 'BeforeInstall', 'InProgress')], seen)).toEqual([
      'i-1: DownloadBundle Succeeded',
      'i-1: BeforeInstall InProgress',
    ]);
  });

  it('progress names the traffic wait of a Ready blue/green deployment', () => {
    expect(progressLine(info({ status: 'Ready' }))).toBe('Ready (waiting for traffic to be rerouted)');
  });
});

/** A fake client playing frames: each GetDeployment moves to the next frame (the last one stays). */
function scripted(frames: { info: DeploymentInfo; targets: DeploymentTarget[] }[]) {
  let frame = -1;
  const calls: string[] = [];
  const current = () => frames[Math.max(0, Math.min(frame, frames.length - 1))] as (typeof frames)[number];
  const client: WatchClient = {
    getDeployment: (async () => {
      frame++;
      calls.push('GetDeployment');
      return { deploymentInfo: current().info };
    }) as never,
    listDeploymentTargets: (async (input: { nextToken?: string }) => {
      calls.push(`ListDeploymentTargets${input.nextToken ? ` ${input.nextToken}` : ''}`);
      const ids = current().targets.map((t) => targetView(t)?.id as string);
      // Two pages, to show that pagination is followed.
      return input.nextToken ? { targetIds: ids.slice(1) } : { targetIds: ids.slice(0, 1), nextToken: 'p2' };
    }) as never,
    batchGetDeploymentTargets: (async (input: { targetIds: string[] }) => {
      calls.push(`BatchGetDeploymentTargets ${input.targetIds.join(',')}`);
      return {
        deploymentTargets: current().targets.filter((t) => input.targetIds.includes(targetView(t)?.id as string)),
      };
    }) as never,
  };
  return { client, calls };
}

const asTarget = (t: TargetView): DeploymentTarget => ({
  deploymentTargetType: 'InstanceTarget',
  instanceTarget: { targetId: t.id, status: t.status as TargetStatus, lifecycleEvents: t.events },
});

function clock() {
  let t = 0;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), sleeps };
}

describe('watchDeployment', () => {
  it('polls until Succeeded, logs events once, and does not reread finished targets', async () => {
    const { client, calls } = scripted([
      { info: info({ status: 'Created' }), targets: [] },
      {
        info: info(),
        targets: [
          asTarget(instance('i-1', 'ValidateService', 'Succeeded')),
          asTarget(instance('i-2', 'Install', 'InProgress')),
        ],
      },
      {
        info: info({ status: 'Succeeded', deploymentOverview: { Succeeded: 2 } }),
        targets: [
          asTarget(instance('i-1', 'ValidateService', 'Succeeded')),
          asTarget(instance('i-2', 'ValidateService', 'Succeeded')),
        ],
      },
    ]);
    const c = clock();
    const log: string[] = [];
    const res = await watchDeployment(client, 'd-ABC', {
      timeoutMs: 60_000,
      intervalMs: 5000,
      ...c,
      log: (l) => log.push(l),
    });
    expect(res.deployment.status).toBe('Succeeded');
    expect(res.targets.map((t) => `${t.id} ${t.status}`)).toEqual(['i-1 Succeeded', 'i-2 Succeeded']);
    expect(c.sleeps).toEqual([5000, 5000]);
    expect(calls).toEqual([
      'GetDeployment',
      'GetDeployment',
      'ListDeploymentTargets',
      'ListDeploymentTargets p2',
      'BatchGetDeploymentTargets i-1,i-2',
      'GetDeployment',
      'ListDeploymentTargets',
      'ListDeploymentTargets p2',
      // i-1 had already succeeded.
      'BatchGetDeploymentTargets i-2',
    ]);
    expect(log.filter((l) => l === 'i-2: Install InProgress')).toHaveLength(1);
    expect(log).toContain('deployment d-ABC: Created');
    expect(log).toContain('deployment d-ABC: InProgress; i-2 at Install');
    expect(log).toContain('i-2: ValidateService Succeeded');
  });

  it('throws DeploymentFailed at the first poll that shows a failed hook, with the log tail', async () => {
    const { client } = scripted([
      { info: info(), targets: [asTarget(instance('i-1', 'ValidateService', 'Failed', SCRIPT_FAILED))] },
      { info: info({ status: 'Succeeded' }), targets: [] },
    ]);
    const c = clock();
    const err = await watchDeployment(client, 'd-ABC', {
      timeoutMs: 60_000,
      intervalMs: 5000,
      ...c,
      log: () => undefined,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeploymentFailed);
    const f = err as DeploymentFailed;
    expect(f.message.split('\n')).toEqual([
      'deployment d-ABC: instance i-1: ValidateService failed (ScriptFailed, scripts/validate.sh): Script at specified location: scripts/validate.sh run as user root failed with exit code 1',
      'instance i-1: ValidateService failed (ScriptFailed, scripts/validate.sh): Script at specified location: scripts/validate.sh run as user root failed with exit code 1',
      '  log tail of scripts/validate.sh:',
      '    [stdout]checking http://localhost:8080/health',
      '    [stderr]health-check: HTTP 500 after 10 requests',
    ]);
    expect(f.timedOut).toBe(false);
    expect(f.targets.map((t) => t.status)).toEqual(['Failed']);
    expect(c.sleeps).toEqual([]);
  });

  it('gives up at the deadline, saying the deployment goes on', async () => {
    const { client } = scripted([{ info: info({ deploymentOverview: { InProgress: 1 } }), targets: [] }]);
    const c = clock();
    const err = (await watchDeployment(client, 'd-ABC', {
      timeoutMs: 12_000,
      intervalMs: 5000,
      ...c,
      log: () => undefined,
    }).catch((e: unknown) => e)) as DeploymentFailed;
    expect(err).toBeInstanceOf(DeploymentFailed);
    expect(err.timedOut).toBe(true);
    expect(err.message).toBe(
      'deployment d-ABC did not finish within 12 s (InProgress: 1 in progress); it goes on in CodeDeploy',
    );
    expect(c.sleeps).toEqual([5000, 5000, 2000]);
  });

  it('retries a throttled poll and goes on', async () => {
    const { client } = scripted([{ info: info({ status: 'Succeeded' }), targets: [] }]);
    let throttled = 1;
    const flaky: WatchClient = {
      ...client,
      getDeployment: (async (input: never) => {
        if (throttled-- > 0) {
          throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        }
        return client.getDeployment(input);
      }) as never,
    };
    const c = clock();
    const log: string[] = [];
    const res = await watchDeployment(flaky, 'd-ABC', {
      timeoutMs: 60_000,
      intervalMs: 5000,
      ...c,
      log: (l) => log.push(l),
      retryPolicy: { attempts: 3, baseMs: 100, maxMs: 100 },
    });
    expect(res.deployment.status).toBe('Succeeded');
    expect(log.filter((l) => l.includes('retry 1 of 2'))).toHaveLength(1);
  });

  it('reads more than 25 targets in batches of 25', async () => {
    const targets = Array.from({ length: 30 }, (_, i) => asTarget(instance(`i-${i}`, 'Install', 'InProgress')));
    const batches: number[] = [];
    const client: Pick<WatchClient, 'listDeploymentTargets' | 'batchGetDeploymentTargets'> = {
      listDeploymentTargets: (async () => ({
        targetIds: targets.map((t) => t.instanceTarget?.targetId as string),
      })) as never,
      batchGetDeploymentTargets: (async (input: { targetIds: string[] }) => {
        batches.push(input.targetIds.length);
        return {
          deploymentTargets: targets.filter((t) => input.targetIds.includes(t.instanceTarget?.targetId as string)),
        };
      }) as never,
    };
    const read = await readTargets(client, 'd-ABC');
    expect(batches).toEqual([25, 5]);
    expect(read).toHaveLength(30);
    expect(read[29]?.id).toBe('i-29');
  });
});
