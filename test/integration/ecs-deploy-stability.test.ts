/*
 * ecs-deploy against mottos of its own whose services report tasks: MOTO_ECS_SERVICE_RUNNING makes a
 * new service's deployment run that many tasks (COMPLETED when it covers the desired count), and
 * MOTO_ECS_SERVICE_FAILED_TASKS gives the deployment that many failed tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute } from '../../src/commands/ecs-deploy.js';
import { ecsDeploy, type EcsDeployInputs } from '../../src/definitions/ecs-deploy.js';
import { cleanupFiles, ecsAt, runningTaskDefinition, scene, taskDef, writeTaskDef } from '../helpers/ecs-moto.js';
import { onService, startEcsProxy, type EcsProxy } from '../helpers/ecs-proxy.js';
import { runCli, testHost } from '../helpers/host.js';
import { startMoto } from '../helpers/servers.js';

interface Moto {
  url: string;
  stop(): Promise<void>;
}

const DIGEST = `sha256:${'00112233445566778899aabbccddeeff'.repeat(2)}`;
const IMAGE2 = `registry.example.com/app@${DIGEST}`;

let running: Moto;
let failing: Moto;
let proxy: EcsProxy;
let health: Server;
let healthUrl = '';
let healthHits = 0;

beforeAll(async () => {
  [running, failing] = (await Promise.all([
    startMoto({ MOTO_ECS_SERVICE_RUNNING: '1' }),
    startMoto({ MOTO_ECS_SERVICE_FAILED_TASKS: '3' }),
  ])) as [Moto, Moto];
  proxy = await startEcsProxy(running.url);
  health = createServer((req, res) => {
    healthHits++;
    // /healthz answers 503 twice (the new tasks warming up), then 200; /broken never recovers.
    res.writeHead(req.url === '/healthz' && healthHits > 2 ? 200 : 503).end();
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all([running?.stop(), failing?.stop(), proxy?.close()]);
  await new Promise<void>((resolve) => health.close(() => resolve()));
  cleanupFiles();
});

const deploy = (endpoint: string, file: string, cluster: string, ...more: string[]) =>
  runCli(ecsDeploy, [
    '--task-definition',
    file,
    '--cluster',
    cluster,
    '--poll-interval',
    '0.02',
    '--endpoint-url',
    endpoint,
    ...more,
  ]);

describe('ecs-deploy waits for stability (MOTO_ECS_SERVICE_RUNNING)', () => {
  it('waits until every service is stable, EC2 and Fargate, and reports each final state', async () => {
    const s = await scene(running.url, { kinds: ['EC2', 'FARGATE'], desired: 1 });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE', { requiresCompatibilities: ['EC2', 'FARGATE'] }));
    const res = await deploy(running.url, file, s.cluster, '--service', 'svc1\nsvc2', '--wait-timeout', '5');
    expect(res.code).toBe(0);
    const arn = String(res.outputs?.['task-definition-arn']);
    expect(res.log).toContain(`svc1: stable on ${s.family}:2`);
    expect(res.log).toContain(`svc2: stable on ${s.family}:2`);
    const services = JSON.parse(String(res.outputs?.['services']));
    expect(services).toEqual([
      expect.objectContaining({
        service: 'svc1',
        result: 'stable',
        rolloutState: 'COMPLETED',
        runningCount: 1,
        desiredCount: 1,
        taskDefinition: arn,
      }),
      expect.objectContaining({
        service: 'svc2',
        result: 'stable',
        rolloutState: 'COMPLETED',
        runningCount: 1,
        desiredCount: 1,
        taskDefinition: arn,
      }),
    ]);
    for (const svc of s.services) expect(await runningTaskDefinition(s.ecs, s.cluster, svc)).toBe(arn);
  });

  it('sets desired-count and prints new service events once, as they arrive', async () => {
    const s = await scene(running.url, { kind: 'EC2', desired: 1 });
    let poll = 0;
    proxy.rewrites['DescribeServices'] = proxy.after(
      'UpdateService',
      onService('svc1', (svc) => {
        poll++;
        const events = [
          {
            id: 'ev-start',
            createdAt: 1_700_000_000,
            message: '(service svc1) has started 2 tasks: (task a) (task b).',
          },
        ];
        if (poll >= 2) {
          events.unshift({
            id: 'ev-steady',
            createdAt: 1_700_000_060,
            message: '(service svc1) has reached a steady state.',
          });
        } else {
          // First poll: still rolling, so the events are printed while waiting.
          svc.deployments[0].rolloutState = 'IN_PROGRESS';
          svc.runningCount = 1;
        }
        svc.events = [...events, ...(svc.events ?? [])];
      }),
    );
    try {
      const res = await deploy(
        proxy.url,
        writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
        s.cluster,
        '--service',
        'svc1',
        '--desired-count',
        '2',
      );
      expect(res.code).toBe(0);
      expect(
        (await s.ecs.describeServices({ cluster: s.cluster, services: ['svc1'] })).services?.[0]?.desiredCount,
      ).toBe(2);
      expect(res.log).toContain('svc1: running 1/2, rollout IN_PROGRESS');
      const lines = res.log.split('\n');
      expect(lines.filter((l) => l.includes('has started 2 tasks'))).toEqual([
        'svc1: 2023-11-14T22:13:20Z (service svc1) has started 2 tasks: (task a) (task b).',
      ]);
      expect(lines.filter((l) => l.includes('steady state'))).toHaveLength(1);
      expect(lines.findIndex((l) => l.includes('steady state'))).toBeGreaterThan(
        lines.findIndex((l) => l.includes('started 2 tasks')),
      );
    } finally {
      proxy.rewrites['DescribeServices'] = undefined;
    }
  });

  it('polls health-check-url after stability until it answers 2xx', async () => {
    const s = await scene(running.url, { kind: 'EC2', desired: 1 });
    healthHits = 0;
    const res = await deploy(
      running.url,
      writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
      s.cluster,
      '--service',
      'svc1',
      '--health-check-url',
      `${healthUrl}/healthz`,
    );
    expect(res.code).toBe(0);
    expect(healthHits).toBe(3);
    expect(res.log).toContain(`health check ${healthUrl}/healthz: HTTP 200 after 3 request(s)`);
    expect(res.log.indexOf('svc1: stable')).toBeLessThan(res.log.indexOf('health check'));
  });

  it('fails when health-check-url stays unhealthy past health-check-timeout', async () => {
    const s = await scene(running.url, { kind: 'EC2', desired: 1 });
    const res = await deploy(
      running.url,
      writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
      s.cluster,
      '--service',
      'svc1',
      '--health-check-url',
      `${healthUrl}/broken`,
      '--health-check-timeout',
      '1',
    );
    expect(res.code).toBe(1);
    expect(res.log).toContain(`health check ${healthUrl}/broken did not answer 2xx within 1 s (last: HTTP 503)`);
  });

  it('writes the job summary: services, old and new revision, digests, duration, result', async () => {
    const s = await scene(running.url, { kind: 'EC2', desired: 1 });
    const summaries: string[] = [];
    const host = testHost({}, { sleep: async () => undefined });
    host.summary = async (md) => void summaries.push(md);
    const inputs: EcsDeployInputs = {
      region: 'us-east-1',
      endpoint: running.url,
      dryRun: false,
      taskDefinition: writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
      cluster: s.cluster,
      services: ['svc1'],
      waitForServiceStability: true,
      waitTimeout: 5,
      pollInterval: 1,
      forceNewDeployment: false,
      healthCheckTimeout: 60,
    };
    const out = await execute(inputs, { ecs: ecsAt(running.url), host });
    expect(summaries).toHaveLength(1);
    const md = summaries[0] as string;
    expect(md).toContain('### ECS deploy: succeeded');
    expect(md).toContain(`| svc1 | ${s.family}:1 | ${s.family}:2 | ${out['deployment-id']} | stable |`);
    expect(md).toContain(`| app | ${IMAGE2} | ${DIGEST} |`);
    expect(md).toMatch(/Duration: \d+s/);
  });
});

describe('ecs-deploy fails fast on failed tasks (MOTO_ECS_SERVICE_FAILED_TASKS)', () => {
  it('names the service, the deployment and the stopped tasks’ reasons and exit codes, at the first poll', async () => {
    const s = await scene(failing.url, { kind: 'FARGATE', desired: 1 });
    const deploymentId = s.created[0]?.deployments?.[0]?.id as string;
    // A task the deployment started and that stopped (moto's services start none of their own).
    const started = await s.ecs.runTask({
      cluster: s.cluster,
      taskDefinition: s.firstArn,
      launchType: 'FARGATE',
      startedBy: deploymentId,
      networkConfiguration: {
        awsvpcConfiguration: { subnets: s.network?.subnets, securityGroups: [s.network?.securityGroup as string] },
      },
    });
    const taskId = started.tasks?.[0]?.taskArn?.split('/').pop() as string;
    await s.ecs.stopTask({ cluster: s.cluster, task: taskId, reason: 'Task failed container health checks' });

    let sleeps = 0;
    const host = testHost({}, { sleep: async () => void sleeps++ });
    const inputs: EcsDeployInputs = {
      region: 'us-east-1',
      endpoint: failing.url,
      dryRun: false,
      taskDefinition: writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE')),
      cluster: s.cluster,
      services: ['svc1'],
      waitForServiceStability: true,
      waitTimeout: 30,
      pollInterval: 15,
      forceNewDeployment: false,
      healthCheckTimeout: 60,
    };
    let error: Error | undefined;
    try {
      await execute(inputs, { ecs: ecsAt(failing.url), host });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.name).toBe('ReleaseError');
    expect(error?.message).toContain(
      `service svc1: 3 task(s) of deployment ${deploymentId} failed (the circuit-breaker threshold for 1 desired is 3)`,
    );
    expect(error?.message).toContain(`stopped tasks: task ${taskId}: Task failed container health checks; app exit 0`);
    expect(host.text()).toContain(`warning: svc1: task ${taskId}: Task failed container health checks; app exit 0`);
    expect(sleeps).toBe(0);
  });

  it('a completed rollout that had failed tasks succeeds with a warning', async () => {
    const both = (await startMoto({ MOTO_ECS_SERVICE_RUNNING: '1', MOTO_ECS_SERVICE_FAILED_TASKS: '2' })) as Moto;
    try {
      const s = await scene(both.url, { kind: 'EC2', desired: 1 });
      const res = await deploy(
        both.url,
        writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
        s.cluster,
        '--service',
        'svc1',
      );
      expect(res.code).toBe(0);
      expect(res.log).toMatch(/warning: svc1: 2 task\(s\) of deployment ecs-svc\/\d+ failed before it became stable/);
    } finally {
      await both.stop();
    }
  });
});
