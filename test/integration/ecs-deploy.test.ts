import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ECS } from '@aws-sdk/client-ecs';
import { execute, run } from '../../src/commands/ecs-deploy.js';
import { ecsDeploy, type EcsDeployInputs } from '../../src/definitions/ecs-deploy.js';
import { motoUrl } from '../helpers/env.js';
import { cleanupFiles, revisions, runningTaskDefinition, scene, taskDef, writeTaskDef } from '../helpers/ecs-moto.js';
import { exitCode, failedRollout, rolledBack, startEcsProxy, type EcsProxy } from '../helpers/ecs-proxy.js';
import { runCli, testHost } from '../helpers/host.js';

const DIGEST = `sha256:${'fedcba9876543210'.repeat(4)}`;
const IMAGE2 = `registry.example.com/app@${DIGEST}`;

let proxy: EcsProxy;
beforeAll(async () => {
  proxy = await startEcsProxy(motoUrl());
});
afterAll(async () => {
  await proxy.close();
  cleanupFiles();
});

/** Runs ecs-deploy the way the CLI does, through the proxy (which records and may rewrite calls). */
const deploy = (file: string, cluster: string, ...more: string[]) =>
  runCli(ecsDeploy, [
    '--task-definition',
    file,
    '--cluster',
    cluster,
    '--poll-interval',
    '0.02',
    '--endpoint-url',
    proxy.url,
    ...more,
  ]);

/** Calls recorded from now on. */
function mark(): () => string[] {
  const start = proxy.calls.length;
  return () => proxy.calls.slice(start).map((c) => c.action);
}

function inputs(over: Partial<EcsDeployInputs>): EcsDeployInputs {
  return {
    region: 'us-east-1',
    endpoint: motoUrl(),
    dryRun: false,
    taskDefinition: '',
    cluster: 'default',
    services: [],
    waitForServiceStability: true,
    waitTimeout: 1,
    pollInterval: 15,
    forceNewDeployment: false,
    healthCheckTimeout: 60,
    ...over,
  };
}

describe('ecs-deploy: register, update, reuse', () => {
  it('registers the new revision, updates the service, and a re-run registers nothing', async () => {
    const s = await scene(motoUrl(), { kind: 'FARGATE' });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE'));
    const first = await deploy(file, s.cluster, '--service', 'svc1', '--wait-for-service-stability', 'false');
    expect(first.code).toBe(0);
    const arn2 = `${s.firstArn.replace(/:1$/, ':2')}`;
    expect(first.outputs?.['task-definition-arn']).toBe(arn2);
    expect(await runningTaskDefinition(s.ecs, s.cluster, 'svc1')).toBe(arn2);
    expect(first.log).toMatch(/differs from .*:1 in: containerDefinitions\[app\]\.image/);
    const services = JSON.parse(String(first.outputs?.['services']));
    expect(services).toEqual([
      expect.objectContaining({
        service: 'svc1',
        previousTaskDefinition: s.firstArn,
        taskDefinition: arn2,
        result: 'updated',
      }),
    ]);
    expect(first.outputs?.['deployment-id']).toBe(s.created[0]?.deployments?.[0]?.id);

    const calls = mark();
    const again = await deploy(file, s.cluster, '--service', 'svc1', '--wait-for-service-stability', 'false');
    expect(again.code).toBe(0);
    expect(again.outputs?.['task-definition-arn']).toBe(arn2);
    expect(await revisions(s.ecs, s.family)).toHaveLength(2);
    expect(calls()).not.toContain('RegisterTaskDefinition');
    expect(again.log).toContain(`${s.family}:2 is identical to the task definition file: reusing it`);
  });

  it('updates several services in parallel (EC2 and Fargate) with one revision', async () => {
    const s = await scene(motoUrl(), { kinds: ['EC2', 'FARGATE', 'EC2'] });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE', { requiresCompatibilities: ['EC2', 'FARGATE'] }));
    const calls = mark();
    const res = await deploy(
      file,
      s.cluster,
      '--service',
      'svc1\nsvc2',
      '--service',
      'svc3',
      '--wait-for-service-stability',
      'false',
    );
    expect(res.code).toBe(0);
    const arn = String(res.outputs?.['task-definition-arn']);
    for (const svc of s.services) expect(await runningTaskDefinition(s.ecs, s.cluster, svc)).toBe(arn);
    expect(calls().filter((c) => c === 'RegisterTaskDefinition')).toHaveLength(1);
    expect(calls().filter((c) => c === 'UpdateService')).toHaveLength(3);
    expect(String(res.outputs?.['deployment-id']).split(',')).toHaveLength(3);
    expect(JSON.parse(String(res.outputs?.['services'])).map((r: { service: string }) => r.service)).toEqual([
      'svc1',
      'svc2',
      'svc3',
    ]);
  });

  it('--force-new-deployment starts a new deployment even with the same revision', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const file = writeTaskDef(taskDef(s.family, 'registry.example.com/app:1', 'EC2'));
    const res = await deploy(
      file,
      s.cluster,
      '--service',
      'svc1',
      '--wait-for-service-stability',
      'false',
      '--force-new-deployment',
    );
    expect(res.code).toBe(0);
    expect(res.outputs?.['task-definition-arn']).toBe(s.firstArn);
    expect(res.outputs?.['deployment-id']).not.toBe(s.created[0]?.deployments?.[0]?.id);
    expect(await revisions(s.ecs, s.family)).toHaveLength(1);
  });

  it('"0.25 vCPU" / "0.5 GB" in the file reuse the revision ECS stores as 256 / 512', async () => {
    const s = await scene(motoUrl(), { kind: 'FARGATE' });
    const live = (await s.ecs.describeTaskDefinition({ taskDefinition: s.firstArn })).taskDefinition;
    expect([live?.cpu, live?.memory]).toEqual(['256', '512']);
    const file = writeTaskDef(
      taskDef(s.family, 'registry.example.com/app:1', 'FARGATE', { cpu: '0.25 vCPU', memory: '0.5 GB' }),
    );
    const calls = mark();
    const res = await deploy(file, s.cluster, '--service', 'svc1', '--wait-for-service-stability', 'false');
    expect(res.code).toBe(0);
    expect(res.outputs?.['task-definition-arn']).toBe(s.firstArn);
    expect(calls()).not.toContain('RegisterTaskDefinition');
    expect(await revisions(s.ecs, s.family)).toHaveLength(1);
  });

  it('registers only RegisterTaskDefinition’s keys, with a warning about the others', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'EC2', { description: 'x', taskDefinitionArn: s.firstArn }));
    const calls = mark();
    const res = await deploy(file, s.cluster, '--service', 'svc1', '--wait-for-service-stability', 'false');
    expect(res.code).toBe(0);
    expect(res.log).toMatch(
      /^warning: the task definition has a key RegisterTaskDefinition does not take, left out: description \(/m,
    );
    const registered = proxy.calls.filter((c) => c.action === 'RegisterTaskDefinition').pop()?.body;
    expect(calls()).toContain('RegisterTaskDefinition');
    expect(Object.keys(registered).sort()).toEqual(['containerDefinitions', 'family', 'requiresCompatibilities']);
  });

  it('dry run reads but changes nothing', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'EC2'));
    const calls = mark();
    const res = await deploy(file, s.cluster, '--service', 'svc1', '--dry-run');
    expect(res.code).toBe(0);
    expect(res.log).toContain(`dry run: would register a new revision of ${s.family}`);
    expect(res.log).toContain(`dry run: would update svc1 from ${s.family}:1 to the new revision`);
    expect(calls().filter((c) => !c.startsWith('Describe'))).toEqual([]);
    expect(await revisions(s.ecs, s.family)).toHaveLength(1);
    expect(await runningTaskDefinition(s.ecs, s.cluster, 'svc1')).toBe(s.firstArn);
    expect(res.outputs?.['task-definition-arn']).toBe('');
  });
});

describe('ecs-deploy: refusals before any change', () => {
  let s: Awaited<ReturnType<typeof scene>>;
  let file: string;
  beforeAll(async () => {
    s = await scene(motoUrl(), { kind: 'EC2' });
    file = writeTaskDef(taskDef(s.family, IMAGE2, 'EC2'));
  });

  it.each([
    [['--service', 'bad name!'], 'service'],
    [['--service', 'svc1', '--wait-for-minutes', '0'], 'wait-for-minutes'],
    [['--service', 'svc1', '--poll-interval', 'soon'], 'poll-interval'],
    [['--service', 'svc1', '--run-task-command', 'migrate'], 'run-task-command'],
    [['--service', 'svc1', '--run-task', '--run-task-subnets', 'net-1'], 'run-task-subnets'],
    [['--service', 'svc1', '--run-task', '--run-task-command', '["a", 1]'], 'run-task-command'],
    [['--service', 'svc1', '--health-check-url', 'ftp://x'], 'health-check-url'],
    [['--service', 'svc1', '--desired-count', '-1'], 'desired-count'],
    [['--service', 'svc1\nsvc1'], 'service'],
    [
      ['--service', 'svc1', '--health-check-url', 'http://127.0.0.1:9/health', '--wait-for-service-stability', 'false'],
      'health-check-url',
    ],
  ])('bad input %j exits 2 naming %s and changes nothing', async (argv, input) => {
    const res = await deploy(file, s.cluster, ...argv);
    expect(res.code).toBe(2);
    expect(res.log).toContain(`input "${input}"`);
    expect(await revisions(s.ecs, s.family)).toHaveLength(1);
    expect(await runningTaskDefinition(s.ecs, s.cluster, 'svc1')).toBe(s.firstArn);
  });

  it('a file that is not a task definition exits 2 before any AWS call', async () => {
    const calls = mark();
    const res = await deploy(writeTaskDef([{ name: 'app', imageUri: IMAGE2 }]), s.cluster, '--service', 'svc1');
    expect(res.code).toBe(2);
    expect(res.log).toContain('input "task-definition"');
    expect(res.log).toContain('is not a task definition');
    expect(calls()).toEqual([]);
  });

  it('a missing service fails (exit 1) before anything is registered', async () => {
    const res = await deploy(file, s.cluster, '--service', 'svc1\nghost');
    expect(res.code).toBe(1);
    expect(res.log).toContain(`service ghost was not found in cluster ${s.cluster}`);
    expect(await revisions(s.ecs, s.family)).toHaveLength(1);
    expect(await runningTaskDefinition(s.ecs, s.cluster, 'svc1')).toBe(s.firstArn);
  });

  it('a CODE_DEPLOY service without its CodeDeploy deployment group fails before anything is registered', async () => {
    const cd = await scene(motoUrl(), { kind: 'EC2', controller: 'CODE_DEPLOY' });
    const res = await deploy(writeTaskDef(taskDef(cd.family, IMAGE2, 'EC2')), cd.cluster, '--service', 'svc1');
    expect(res.code).toBe(1);
    expect(res.log).toContain(
      `service svc1 uses CodeDeploy, but there is no deployment group DgpECS-${cd.cluster}-svc1 in application AppECS-${cd.cluster}-svc1`,
    );
    expect(await revisions(cd.ecs, cd.family)).toHaveLength(1);
  });
});

describe('ecs-deploy: a rollout that fails is reported at the next poll', () => {
  it('rolloutState FAILED fails with service, deployment and reason after one DescribeServices', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const deploymentId = s.created[0]?.deployments?.[0]?.id as string;
    proxy.rewrites['DescribeServices'] = proxy.after(
      'UpdateService',
      failedRollout('svc1', 'ECS deployment circuit breaker: tasks failed to start.'),
    );
    const calls = mark();
    try {
      const res = await deploy(
        writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
        s.cluster,
        '--service',
        'svc1',
        '--wait-timeout',
        '30',
      );
      expect(res.code).toBe(1);
      expect(res.log).toContain(
        `service svc1: deployment ${deploymentId} FAILED: ECS deployment circuit breaker: tasks failed to start.`,
      );
      // The event is printed as it arrives, before the failure.
      expect(res.log).toMatch(
        new RegExp(
          `^svc1: \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(service svc1\\) \\(deployment ${deploymentId}\\) deployment failed: tasks failed to start\\.$`,
          'm',
        ),
      );
      const after = calls().slice(calls().indexOf('UpdateService'));
      expect(after.filter((c) => c === 'DescribeServices')).toHaveLength(1);
    } finally {
      proxy.rewrites['DescribeServices'] = undefined;
    }
  });

  it('a circuit-breaker rollback (deployment replaced) fails and says it rolls back', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2', count: 2 });
    proxy.rewrites['DescribeServices'] = proxy.after('UpdateService', rolledBack('svc2', s.firstArn));
    const calls = mark();
    try {
      const res = await deploy(writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')), s.cluster, '--service', 'svc1\nsvc2');
      expect(res.code).toBe(1);
      expect(res.log).toMatch(
        /service svc2: deployment ecs-svc\/\d+ FAILED: ECS deployment circuit breaker: tasks failed to start\.; deployment ecs-svc\/9999999999999999999 \(fam-[\w-]+:1, IN_PROGRESS\) replaced it, rolling back to the previous revision/,
      );
      expect(res.log).toMatch(
        /^svc2: \S+ \(service svc2\) rolling back to deployment ecs-svc\/9999999999999999999\.$/m,
      );
      expect(res.log).not.toMatch(/^svc1: .*rolling back/m);
      const after = calls().slice(calls().indexOf('UpdateService'));
      expect(after.filter((c) => c === 'DescribeServices')).toHaveLength(1);
    } finally {
      proxy.rewrites['DescribeServices'] = undefined;
    }
  });

  it('gives up at wait-timeout when the rollout never completes (moto keeps it IN_PROGRESS)', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    let clock = 0;
    let sleeps = 0;
    const host = testHost({}, { sleep: async (ms) => void ((clock += ms), sleeps++) });
    const summaries: string[] = [];
    host.summary = async (md) => void summaries.push(md);
    const ecs = new ECS({ region: 'us-east-1', endpoint: motoUrl() });
    await expect(
      execute(
        inputs({
          taskDefinition: writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
          cluster: s.cluster,
          services: ['svc1'],
          waitTimeout: 1,
        }),
        { ecs, host, now: () => clock },
      ),
    ).rejects.toThrow(
      /not stable within 1 min \(wait-for-minutes\): service svc1 \(deployment ecs-svc\/\d+\): running 0\/1, pending 1, rollout IN_PROGRESS/,
    );
    expect(sleeps).toBe(4);
    expect(clock).toBe(60_000);
    expect(summaries[0]).toMatch(/### ECS deploy: failed/);
    expect(summaries[0]).toMatch(
      new RegExp(`\\| svc1 \\| ${s.family}:1 \\| ${s.family}:2 \\| ecs-svc/\\d+ \\| timeout: running 0/1`),
    );
    expect(summaries[0]).toContain(`| app | ${IMAGE2} | ${DIGEST} |`);
  });

  it('warns when the credentials expire before wait-timeout', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const ecs = new ECS({ region: 'us-east-1', endpoint: motoUrl() });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'EC2'));
    const now = Date.now();
    const run = async (
      credentials: () => Promise<{ expiration?: Date; $source?: Record<string, unknown> } | undefined>,
    ) => {
      const host = testHost();
      await execute(
        inputs({ taskDefinition: file, cluster: s.cluster, services: ['svc1'], waitTimeout: 120, dryRun: true }),
        {
          ecs,
          host,
          credentials,
        },
      );
      return host.text();
    };
    expect(await run(async () => undefined)).not.toContain('credentials expire');
    expect(
      await run(async () => ({ expiration: new Date(now + 3 * 3600_000), $source: { CREDENTIALS_ENV_VARS: 'g' } })),
    ).not.toContain('credentials expire');
    expect(
      await run(async () => ({ expiration: new Date(now + 3600_000), $source: { CREDENTIALS_ENV_VARS: 'g' } })),
    ).toMatch(/warning: the AWS credentials expire at .* \(in (59|60) min\), before wait-for-minutes \(120 min\)/);
  });
});

describe('ecs-deploy: credentials as configure-aws-credentials exports them', () => {
  const saved: Record<string, string | undefined> = {};
  const KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'];
  beforeAll(() => {
    for (const k of KEYS) saved[k] = process.env[k];
    // Key, secret and session token, no expiry: what the action exports for an OIDC role session.
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'ASIATESTING',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: 'testing',
    });
    delete process.env['AWS_CREDENTIAL_EXPIRATION'];
  });
  afterAll(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('warns (through the SDK’s own credential chain) when the one-off task and the rollout may outlast the default hour', async () => {
    const s = await scene(motoUrl(), { kind: 'FARGATE' });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE'));
    const go = async (waitTimeout: number, runTask: boolean) => {
      const host = testHost();
      await run(
        inputs({
          taskDefinition: file,
          cluster: s.cluster,
          services: ['svc1'],
          waitTimeout,
          dryRun: true,
          ...(runTask ? { runTask: { subnets: [], securityGroups: [], assignPublicIp: false } } : {}),
        }),
        host,
      );
      return host.text();
    };
    expect(await go(40, true)).toMatch(
      /^warning: the AWS credentials are temporary \(they have a session token\) but their expiry is unknown.*less than the one-off task and the service rollout \(wait-for-minutes each, 80 min in all\)/m,
    );
    expect(await go(40, false)).not.toContain('credentials are temporary');
    expect(await go(61, false)).toMatch(
      /^warning: the AWS credentials are temporary.*less than wait-for-minutes \(61 min\)/m,
    );
  });
});

describe('ecs-deploy: one-off task before the services update', () => {
  it('runs the task on the new revision with the command, waits for it to stop, then updates', async () => {
    const s = await scene(motoUrl(), { kind: 'FARGATE' });
    const calls = mark();
    const res = await deploy(
      writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE')),
      s.cluster,
      '--service',
      'svc1',
      '--wait-for-service-stability',
      'false',
      '--run-task',
      '--run-task-command',
      '["npm", "run", "migrate"]',
    );
    expect(res.code).toBe(0);
    const order = calls();
    expect(order.indexOf('RunTask')).toBeGreaterThan(order.indexOf('RegisterTaskDefinition'));
    expect(order.lastIndexOf('DescribeTasks')).toBeLessThan(order.indexOf('UpdateService'));
    const runTask = proxy.calls.filter((c) => c.action === 'RunTask').pop()?.body;
    expect(runTask).toMatchObject({
      cluster: s.cluster,
      taskDefinition: res.outputs?.['task-definition-arn'],
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: s.network?.subnets, securityGroups: [s.network?.securityGroup] },
      },
      overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
    });
    expect(res.log).toMatch(/one-off task \w[\w-]*: STOPPED/);
    expect(res.log).toContain('succeeded: every essential container exited 0');
    expect(await runningTaskDefinition(s.ecs, s.cluster, 'svc1')).toBe(res.outputs?.['task-definition-arn']);
  });

  it('a non-zero exit fails the deploy and leaves the services on the old revision', async () => {
    const s = await scene(motoUrl(), { kind: 'FARGATE' });
    proxy.rewrites['DescribeTasks'] = exitCode(3);
    try {
      const res = await deploy(
        writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE')),
        s.cluster,
        '--service',
        'svc1',
        '--run-task',
        '--run-task-command',
        'npm run migrate',
        '--run-task-subnets',
        s.network?.subnets[0] as string,
        '--run-task-security-groups',
        s.network?.securityGroup as string,
      );
      expect(res.code).toBe(1);
      expect(res.log).toMatch(
        /one-off task [\w-]+ failed: container app exited with 3; task stopped: Essential container in task exited; the services were not updated/,
      );
      expect(await runningTaskDefinition(s.ecs, s.cluster, 'svc1')).toBe(s.firstArn);
    } finally {
      proxy.rewrites['DescribeTasks'] = undefined;
    }
  });

  it('an awsvpc task without subnets and without a service to copy them from exits 2', async () => {
    const s = await scene(motoUrl(), { kind: 'FARGATE' });
    const res = await deploy(writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE')), s.cluster, '--run-task');
    expect(res.code).toBe(2);
    expect(res.log).toContain('input "run-task-subnets": is required: the task definition uses awsvpc networking');
  });
});
