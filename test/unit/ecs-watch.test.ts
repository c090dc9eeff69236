import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Deployment, Service, Task } from '@aws-sdk/client-ecs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForHealthy } from '../../src/ecs/health.js';
import {
  assess,
  credentialWarning,
  describeStoppedTask,
  failedTaskThreshold,
  revisionOf,
  runTaskOutcome,
  startTracking,
  takeNewEvents,
  takeStoppedTasks,
} from '../../src/ecs/watch.js';

const TD1 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
const TD2 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';

function dep(over: Partial<Deployment>): Deployment {
  return {
    id: 'ecs-svc/new',
    status: 'PRIMARY',
    taskDefinition: TD2,
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 2,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    ...over,
  };
}

function svc(deployments: Deployment[], over: Partial<Service> = {}): Service {
  return { serviceName: 'web', status: 'ACTIVE', desiredCount: 2, runningCount: 0, deployments, events: [], ...over };
}

const oldDep = dep({
  id: 'ecs-svc/old',
  taskDefinition: TD1,
  status: 'ACTIVE',
  runningCount: 2,
  rolloutState: 'COMPLETED',
});
const tracker = () => startTracking('web', TD2, svc([dep({}), oldDep]));

describe('assess', () => {
  it('follows the PRIMARY deployment of the UpdateService answer', () => {
    expect(tracker().deploymentId).toBe('ecs-svc/new');
  });

  it('waits while the rollout is in progress and says where it stands', () => {
    const v = assess(svc([dep({ runningCount: 1 }), oldDep], { runningCount: 3, pendingCount: 1 }), tracker());
    expect(v).toEqual({ state: 'waiting', progress: 'running 3/2, pending 1, rollout IN_PROGRESS, 2 deployments' });
  });

  it('is stable once the new deployment is alone, completed and at the desired count', () => {
    const done = svc([dep({ runningCount: 2, pendingCount: 0, rolloutState: 'COMPLETED' })], { runningCount: 2 });
    expect(assess(done, tracker())).toEqual({ state: 'stable' });
    const withFailures = svc([dep({ runningCount: 2, rolloutState: 'COMPLETED', failedTasks: 1 })], {
      runningCount: 2,
    });
    expect(assess(withFailures, tracker())).toMatchObject({
      state: 'stable',
      note: expect.stringContaining('1 task(s)'),
    });
  });

  it('fails on a FAILED rollout with the reason and the rollback', () => {
    const failed = dep({
      status: 'ACTIVE',
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
    });
    const rollback = dep({ id: 'ecs-svc/rollback', taskDefinition: TD1, rolloutState: 'IN_PROGRESS' });
    const v = assess(svc([rollback, failed]), tracker());
    expect(v.state).toBe('failed');
    expect(v.state === 'failed' && v.reason).toBe(
      'deployment ecs-svc/new FAILED: ECS deployment circuit breaker: tasks failed to start.; deployment ecs-svc/rollback (web:1, IN_PROGRESS) replaced it, rolling back to the previous revision',
    );
  });

  it('fails when the deployment was replaced or is gone', () => {
    const replaced = assess(
      svc([dep({ id: 'ecs-svc/other', taskDefinition: TD1 }), dep({ status: 'ACTIVE' })]),
      tracker(),
    );
    expect(replaced).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/no longer the primary.*ecs-svc\/other \(web:1/),
    });
    const gone = assess(svc([dep({ id: 'ecs-svc/other', taskDefinition: TD1 })]), tracker());
    expect(gone).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/^deployment ecs-svc\/new is gone; deployment ecs-svc\/other/),
    });
  });

  it('fails once failed tasks reach the circuit-breaker threshold, not before', () => {
    expect(assess(svc([dep({ failedTasks: 2 })]), tracker()).state).toBe('waiting');
    expect(assess(svc([dep({ failedTasks: 3 })]), tracker())).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('3 task(s) of deployment ecs-svc/new failed'),
    });
    expect([1, 6, 10, 1000].map(failedTaskThreshold)).toEqual([3, 3, 5, 200]);
  });

  it('without a deployment to follow, is stable only once the service runs the new revision', () => {
    // An UpdateService answer without a PRIMARY deployment leaves nothing to track.
    const t = startTracking('web', TD2, svc([], { taskDefinition: TD1 }));
    expect(t.deploymentId).toBeUndefined();
    // The counts match, but they are the old tasks': not stable yet.
    const old = svc([], { taskDefinition: TD1, runningCount: 2 });
    expect(assess(old, t)).toEqual({ state: 'waiting', progress: 'running 2/2' });
    expect(assess(svc([], { taskDefinition: TD2, runningCount: 2 }), t)).toEqual({ state: 'stable' });
    expect(assess(svc([], { taskDefinition: TD2, runningCount: 1 }), t).state).toBe('waiting');
  });

  it('fails when the service is gone or draining', () => {
    expect(assess(undefined, tracker())).toMatchObject({ state: 'failed' });
    expect(assess(svc([dep({})], { status: 'DRAINING' }), tracker())).toMatchObject({
      reason: 'the service is DRAINING',
    });
  });
});

describe('events and stopped tasks', () => {
  it('prints only events that arrived after the update, oldest first, once', () => {
    const t = startTracking(
      'web',
      TD2,
      svc([dep({})], { events: [{ id: 'e0', message: 'old', createdAt: new Date(1) }] }),
    );
    const snap = svc([dep({})], {
      events: [
        { id: 'e2', message: 'has reached a steady state', createdAt: new Date(3000) },
        { id: 'e1', message: 'has started 2 tasks', createdAt: new Date(2000) },
        { id: 'e0', message: 'old', createdAt: new Date(1) },
      ],
    });
    expect(takeNewEvents(snap, t.seenEvents).map((e) => e.message)).toEqual([
      'has started 2 tasks',
      'has reached a steady state',
    ]);
    expect(takeNewEvents(snap, t.seenEvents)).toEqual([]);
  });

  it('describes stopped tasks of the tracked deployment with reason and exit codes', () => {
    const tasks: Task[] = [
      {
        taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/c/abc123',
        lastStatus: 'STOPPED',
        startedBy: 'ecs-svc/new',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        containers: [
          { name: 'web', exitCode: 1, reason: undefined },
          { name: 'log-router', exitCode: 0 },
          { name: 'init', reason: 'CannotPullContainerError: pull access denied' },
        ],
      },
      { taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/c/other', lastStatus: 'STOPPED', startedBy: 'ecs-svc/old' },
    ];
    const seen = new Set<string>();
    const mine = takeStoppedTasks(tasks, 'ecs-svc/new', seen);
    expect(mine).toHaveLength(1);
    expect(describeStoppedTask(mine[0] as Task)).toBe(
      'task abc123: EssentialContainerExited: Essential container in task exited; web exit 1, log-router exit 0, init no exit code (CannotPullContainerError: pull access denied)',
    );
    expect(takeStoppedTasks(tasks, 'ecs-svc/new', seen)).toEqual([]);
  });

  it('a one-off task succeeds only when every essential container exited 0', () => {
    const task = (containers: Task['containers']): Task => ({
      lastStatus: 'STOPPED',
      stoppedReason: 'Essential container in task exited',
      containers,
    });
    expect(
      runTaskOutcome(
        task([
          { name: 'migrate', exitCode: 0 },
          { name: 'side', exitCode: 137 },
        ]),
        ['migrate'],
      ),
    ).toEqual({
      ok: true,
      problems: [],
    });
    expect(runTaskOutcome(task([{ name: 'migrate', exitCode: 2 }]), ['migrate']).problems[0]).toBe(
      'container migrate exited with 2',
    );
    expect(runTaskOutcome(task([{ name: 'migrate' }]), ['migrate']).ok).toBe(false);
    expect(runTaskOutcome(task([]), ['migrate']).problems[0]).toBe('container migrate did not run');
  });

  it('revisionOf shortens a task definition ARN', () => {
    expect(revisionOf(TD2)).toBe('web:2');
    expect(revisionOf(undefined)).toBe('(none)');
  });
});

describe('credentialWarning', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  const services = (min: number) => ({ runTaskMs: 0, servicesMs: min * 60_000 });
  const both = (min: number) => ({ runTaskMs: min * 60_000, servicesMs: min * 60_000 });

  it('warns when static credentials expire before the wait could end', () => {
    const creds = { expiration: new Date(now + 20 * 60_000), $source: { CREDENTIALS_ENV_VARS: 'g' } };
    expect(credentialWarning(creds, now, services(30))).toMatch(
      /expire at 2026-01-01T10:20:00.000Z \(in 20 min\), before wait-for-minutes \(30 min\)/,
    );
    expect(credentialWarning(creds, now, services(15))).toBeUndefined();
  });

  it('counts the one-off task’s wait and the services’ wait together', () => {
    const creds = { expiration: new Date(now + 50 * 60_000), $source: { CREDENTIALS_ENV_VARS: 'g' } };
    expect(credentialWarning(creds, now, both(30))).toMatch(
      /before the one-off task and the service rollout \(wait-for-minutes each, 60 min in all\) would end/,
    );
    expect(credentialWarning(creds, now, both(25))).toBeUndefined();
  });

  it('assumes the default 1-hour session for a session token without expiry (what configure-aws-credentials exports)', () => {
    // Exactly what the SDK's environment provider returns for AWS_ACCESS_KEY_ID, _SECRET_ and _SESSION_TOKEN.
    const env = { accessKeyId: 'AKIA', sessionToken: 'IQoJb3JpZ2luX2VjE', $source: { CREDENTIALS_ENV_VARS: 'g' } };
    expect(credentialWarning(env, now, services(90))).toMatch(
      /temporary \(they have a session token\) but their expiry is unknown.*last 60 min by default, less than wait-for-minutes \(90 min\).*role-duration-seconds/,
    );
    expect(credentialWarning(env, now, both(40))).toMatch(/less than the one-off task and the service rollout/);
    expect(credentialWarning(env, now, services(60))).toBeUndefined();
    expect(credentialWarning(env, now, both(30))).toBeUndefined();
    // The token itself is never part of the message.
    expect(credentialWarning(env, now, services(90))).not.toContain('IQoJb3JpZ2luX2VjE');
  });

  it('says nothing for long-term keys, unknown credentials, or a provider that refreshes them', () => {
    expect(credentialWarning({ $source: { CREDENTIALS_ENV_VARS: 'g' } }, now, services(300))).toBeUndefined();
    expect(credentialWarning({}, now, services(300))).toBeUndefined();
    expect(credentialWarning(undefined, now, services(300))).toBeUndefined();
    const refreshed = { expiration: new Date(now + 60_000), $source: { CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: 'h' } };
    expect(credentialWarning(refreshed, now, services(30))).toBeUndefined();
    const container = { sessionToken: 't', $source: { CREDENTIALS_HTTP: 'z' } };
    expect(credentialWarning(container, now, services(300))).toBeUndefined();
  });
});

describe('waitForHealthy', () => {
  let server: Server;
  let url = '';
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/ok-after-3') res.writeHead(hits >= 3 ? 200 : 503).end();
      else res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const clock = () => {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  };

  it('polls until the URL answers 2xx', async () => {
    hits = 0;
    const c = clock();
    const lines: string[] = [];
    const n = await waitForHealthy(`${url}/ok-after-3`, {
      timeoutMs: 60_000,
      intervalMs: 1000,
      ...c,
      log: (m) => lines.push(m),
    });
    expect(n).toBe(3);
    expect(lines.join('\n')).toContain('HTTP 503; retrying');
  });

  it('gives up at its own deadline with the last answer', async () => {
    const c = clock();
    await expect(
      waitForHealthy(`${url}/always-500`, { timeoutMs: 5000, intervalMs: 1000, ...c, log: () => undefined }),
    ).rejects.toThrow(/did not answer 2xx within 5 s \(last: HTTP 500\)/);
    expect(c.now()).toBe(5000);
  });
});
