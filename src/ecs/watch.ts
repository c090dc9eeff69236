/**
 * Watching a service deployment, as pure functions over DescribeServices / DescribeTasks snapshots:
 * is it stable, still going, or already lost (so that the deploy fails now, not at the timeout)?
 */
import type { Deployment, Service, ServiceEvent, Task } from '@aws-sdk/client-ecs';

/** What the watch remembers about one service between polls. */
export interface Tracker {
  /** The service name as the user gave it (or its ARN's last part). */
  service: string;
  /** The deployment this deploy started: the PRIMARY one in the UpdateService answer. */
  deploymentId?: string;
  taskDefinitionArn: string;
  /** Service event ids already printed (or that predate the deploy). */
  seenEvents: Set<string>;
  /** failedTasks of the tracked deployment at the last poll. */
  failedTasks: number;
  /** Stopped tasks already reported. */
  seenStoppedTasks: Set<string>;
}

export type Verdict =
  { state: 'stable'; note?: string } | { state: 'waiting'; progress: string } | { state: 'failed'; reason: string };

/** family:revision from a task definition ARN (or the input unchanged when it is not one). */
export function revisionOf(arn: string | undefined): string {
  if (!arn) return '(none)';
  const m = /task-definition\/(.+)$/.exec(arn);
  return m?.[1] ?? arn;
}

/** The last part of an ARN (service/cluster/name -> name). */
export function shortName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}

export function primaryDeployment(service: Service | undefined): Deployment | undefined {
  return service?.deployments?.find((d) => d.status === 'PRIMARY');
}

/**
 * The number of failed tasks at which ECS's deployment circuit breaker gives up: half the desired
 * count, at least 3 and at most 200. A deployment past it without the breaker keeps failing forever.
 */
export function failedTaskThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

/** Starts tracking after UpdateService: events seen so far are history, not news. */
export function startTracking(
  service: string,
  taskDefinitionArn: string,
  updated: Service | undefined,
  before?: Service,
): Tracker {
  const seenEvents = new Set<string>();
  for (const e of [...(before?.events ?? []), ...(updated?.events ?? [])]) if (e.id) seenEvents.add(e.id);
  return {
    service,
    deploymentId: primaryDeployment(updated)?.id,
    taskDefinitionArn,
    seenEvents,
    failedTasks: 0,
    seenStoppedTasks: new Set(),
  };
}

function describeDeployment(d: Deployment): string {
  return `deployment ${d.id ?? '?'} (${revisionOf(d.taskDefinition)}${d.rolloutState ? `, ${d.rolloutState}` : ''})`;
}

/** One line on where the rollout stands, for the log. */
export function progressLine(service: Service, tracked?: Deployment): string {
  const d = tracked ?? primaryDeployment(service);
  const parts = [`running ${service.runningCount ?? 0}/${service.desiredCount ?? 0}`];
  if (service.pendingCount) parts.push(`pending ${service.pendingCount}`);
  if (d?.failedTasks) parts.push(`failed ${d.failedTasks}`);
  if (d?.rolloutState) parts.push(`rollout ${d.rolloutState}`);
  const n = service.deployments?.length ?? 0;
  if (n > 1) parts.push(`${n} deployments`);
  return parts.join(', ');
}

/** Judges one DescribeServices snapshot of a service against what this deploy started. */
export function assess(service: Service | undefined, t: Tracker): Verdict {
  if (!service) return { state: 'failed', reason: 'the service no longer exists' };
  if (service.status && service.status !== 'ACTIVE') {
    return { state: 'failed', reason: `the service is ${service.status}` };
  }
  const deployments = service.deployments ?? [];
  const primary = primaryDeployment(service);
  const countsMatch = (service.runningCount ?? 0) === (service.desiredCount ?? 0);
  if (!t.deploymentId) {
    // No deployment to follow (the UpdateService answer had no PRIMARY one): fall back to the counts,
    // as the AWS waiter does, but only once the service runs the new revision; before that the
    // matching counts are the OLD tasks'.
    return deployments.length <= 1 && countsMatch && service.taskDefinition === t.taskDefinitionArn
      ? { state: 'stable' }
      : { state: 'waiting', progress: progressLine(service) };
  }
  const dep = deployments.find((d) => d.id === t.deploymentId);
  const rolledBack = (d: Deployment | undefined): string =>
    d && d.id !== t.deploymentId
      ? `; ${describeDeployment(d)} replaced it${d.taskDefinition && d.taskDefinition !== t.taskDefinitionArn ? ', rolling back to the previous revision' : ''}`
      : '';
  if (!dep) {
    return { state: 'failed', reason: `deployment ${t.deploymentId} is gone${rolledBack(primary)}` };
  }
  if (dep.rolloutState === 'FAILED') {
    return {
      state: 'failed',
      reason: `deployment ${t.deploymentId} FAILED: ${dep.rolloutStateReason ?? 'no reason given'}${rolledBack(primary)}`,
    };
  }
  if (dep.status !== 'PRIMARY') {
    return {
      state: 'failed',
      reason: `deployment ${t.deploymentId} is no longer the primary deployment (now ${dep.status ?? 'unknown'})${rolledBack(primary)}`,
    };
  }
  const failed = dep.failedTasks ?? 0;
  const complete =
    deployments.length === 1 && countsMatch && (dep.rolloutState === undefined || dep.rolloutState === 'COMPLETED');
  if (complete) {
    return failed > 0
      ? { state: 'stable', note: `${failed} task(s) of deployment ${t.deploymentId} failed before it became stable` }
      : { state: 'stable' };
  }
  const threshold = failedTaskThreshold(dep.desiredCount ?? service.desiredCount ?? 0);
  if (failed >= threshold) {
    return {
      state: 'failed',
      reason: `${failed} task(s) of deployment ${t.deploymentId} failed (the circuit-breaker threshold for ${dep.desiredCount ?? service.desiredCount ?? 0} desired is ${threshold}) and ${dep.runningCount ?? 0} run`,
    };
  }
  return { state: 'waiting', progress: progressLine(service, dep) };
}

/** Events not printed yet, oldest first; marks them as seen. */
export function takeNewEvents(service: Service | undefined, seen: Set<string>): ServiceEvent[] {
  const fresh = (service?.events ?? []).filter((e) => e.id && !seen.has(e.id));
  for (const e of fresh) seen.add(e.id as string);
  return fresh.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
}

export function formatEvent(e: ServiceEvent): string {
  return `${e.createdAt ? e.createdAt.toISOString().replace('.000Z', 'Z') : ''} ${e.message ?? ''}`.trim();
}

/** Stopped tasks of a deployment not reported yet; marks them as seen. */
export function takeStoppedTasks(tasks: readonly Task[], deploymentId: string | undefined, seen: Set<string>): Task[] {
  const out = tasks.filter(
    (t) =>
      t.taskArn &&
      !seen.has(t.taskArn) &&
      t.lastStatus === 'STOPPED' &&
      (deploymentId === undefined || t.startedBy === deploymentId),
  );
  for (const t of out) seen.add(t.taskArn as string);
  return out;
}

/** "task 1a2b: EssentialContainerExited: Essential container in task exited; web exit 1, log-router exit 0". */
export function describeStoppedTask(task: Task): string {
  const id = task.taskArn?.split('/').pop() ?? '?';
  const why = [task.stopCode, task.stoppedReason].filter(Boolean).join(': ') || 'no reason given';
  const containers = (task.containers ?? []).map((c) => {
    const code = c.exitCode === undefined ? 'no exit code' : `exit ${c.exitCode}`;
    return `${c.name ?? '?'} ${code}${c.reason ? ` (${c.reason})` : ''}`;
  });
  return `task ${id}: ${why}${containers.length ? `; ${containers.join(', ')}` : ''}`;
}

/**
 * Whether a one-off task succeeded: it stopped and every essential container exited 0. A container
 * without an exit code never ran (image pull failure, resource limits) and counts as a failure.
 */
export function runTaskOutcome(task: Task, essential: readonly string[]): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  for (const name of essential) {
    const c = task.containers?.find((x) => x.name === name);
    if (!c) problems.push(`container ${name} did not run`);
    else if (c.exitCode === undefined || c.exitCode === null) {
      problems.push(`container ${name} has no exit code${c.reason ? ` (${c.reason})` : ''}`);
    } else if (c.exitCode !== 0) {
      problems.push(`container ${name} exited with ${c.exitCode}${c.reason ? ` (${c.reason})` : ''}`);
    }
  }
  if (problems.length && task.stoppedReason) problems.push(`task stopped: ${task.stoppedReason}`);
  return { ok: problems.length === 0, problems };
}

/** How long a deploy may wait on AWS (ms): the one-off task and the service rollout each up to wait-for-minutes. */
export interface PlannedWaits {
  runTaskMs: number;
  servicesMs: number;
}

/**
 * The session length to assume for temporary credentials whose expiry is unknown: STS AssumeRole and
 * the OIDC web identity role that configure-aws-credentials assumes last 1 hour unless asked for more.
 */
export const DEFAULT_SESSION_MS = 60 * 60_000;

/**
 * Whether the credentials will outlive the wait. Only what the SDK's credential provider returned
 * is used: `expiration` (when the provider knows it), `$source` (which provider it was) and whether
 * there is a session token (never its value). Providers other than plain environment variables
 * refresh themselves, so their expiry is no risk. Environment credentials with a session token but
 * no expiry are what configure-aws-credentials exports (key, secret and token only): they are taken
 * to last the default hour. The health check makes no AWS call and is not counted.
 */
export function credentialWarning(
  credentials: { expiration?: Date; sessionToken?: string; $source?: Record<string, unknown> } | undefined,
  now: number,
  waits: PlannedWaits,
): string | undefined {
  if (!credentials) return undefined;
  const sources = Object.keys(credentials.$source ?? {});
  const refreshable =
    sources.length > 0 && sources.some((s) => s !== 'CREDENTIALS_ENV_VARS' && s !== 'CREDENTIALS_CODE');
  if (refreshable) return undefined;
  const waitMs = waits.runTaskMs + waits.servicesMs;
  const minutes = (ms: number): string => `${Math.max(0, Math.floor(ms / 60000))} min`;
  const waitText =
    waits.runTaskMs > 0 && waits.servicesMs > 0
      ? `the one-off task and the service rollout (wait-for-minutes each, ${minutes(waitMs)} in all)`
      : `wait-for-minutes (${minutes(waitMs)})`;
  const advice =
    'Ask for a longer session (configure-aws-credentials role-duration-seconds, within the role’s maximum session duration) or lower wait-for-minutes.';
  const expiration = credentials.expiration;
  if (expiration) {
    const left = expiration.getTime() - now;
    if (left >= waitMs) return undefined;
    return `the AWS credentials expire at ${expiration.toISOString()} (in ${minutes(left)}), before ${waitText} would end: a long rollout would then fail with expired credentials. ${advice}`;
  }
  // Long-term keys (no session token) do not expire.
  if (!credentials.sessionToken) return undefined;
  if (waitMs <= DEFAULT_SESSION_MS) return undefined;
  return `the AWS credentials are temporary (they have a session token) but their expiry is unknown, as when configure-aws-credentials exports them; such sessions last ${minutes(DEFAULT_SESSION_MS)} by default, less than ${waitText}: a long rollout would then fail with expired credentials. ${advice}`;
}
