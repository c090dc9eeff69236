/**
 * Watching a CodeDeploy deployment until it ends, for every compute platform (EC2/on-premises
 * instances, ECS blue/green, Lambda). Pure functions judge one snapshot (GetDeployment plus the
 * deployment's targets); one thin loop polls. The wait is fail-fast: a lifecycle event that failed on
 * any target ends it at once, with the target, the event and the script's log tail CodeDeploy kept,
 * instead of waiting for CodeDeploy to give up on the whole deployment.
 */
import type {
  CodeDeploy,
  DeploymentInfo,
  DeploymentTarget,
  Diagnostics,
  LifecycleEvent,
} from '@aws-sdk/client-codedeploy';
import { ReleaseError } from '../runtime/errors.js';
import { isTransient } from '../util/aws-errors.js';
import { retry, type RetryPolicy } from '../util/retry.js';

/** The three calls the watch makes (IAM: codedeploy:GetDeployment, ListDeploymentTargets, BatchGetDeploymentTargets). */
export type WatchClient = Pick<CodeDeploy, 'getDeployment' | 'listDeploymentTargets' | 'batchGetDeploymentTargets'>;

export type TargetKind = 'instance' | 'ecs' | 'lambda' | 'cloudformation';

/** One deployment target, whatever its platform. */
export interface TargetView {
  /** The instance id (i-0abc...), `cluster:service` for ECS, the function for Lambda. */
  id: string;
  kind: TargetKind;
  /** Pending, InProgress, Succeeded, Failed, Skipped, Unknown, Ready. */
  status: string;
  events: LifecycleEvent[];
}

/** A lifecycle event that failed on a target, with what CodeDeploy says about it. */
export interface LifecycleFailure {
  target: string;
  kind: TargetKind;
  event: string;
  errorCode?: string;
  scriptName?: string;
  message?: string;
  /** The last lines (up to 4 KB) the hook script wrote, as the agent reported them. */
  logTail?: string;
}

export type DeploymentVerdict =
  | { state: 'succeeded' }
  | { state: 'waiting'; progress: string }
  | { state: 'failed'; reason: string; failures: LifecycleFailure[] };

/** Deployment statuses after which nothing changes any more. */
const FINAL = new Set(['Succeeded', 'Failed', 'Stopped']);
/** Target statuses that do not change any more, so a target in one is not read again. */
const TARGET_FINAL = new Set(['Succeeded', 'Failed', 'Skipped']);

/** The platform-neutral view of a BatchGetDeploymentTargets entry. */
export function targetView(t: DeploymentTarget): TargetView | undefined {
  const pick = (
    kind: TargetKind,
    x: { targetId?: string; status?: string; lifecycleEvents?: LifecycleEvent[] } | undefined,
  ): TargetView | undefined =>
    x ? { id: x.targetId ?? '?', kind, status: x.status ?? 'Unknown', events: x.lifecycleEvents ?? [] } : undefined;
  return (
    pick('instance', t.instanceTarget) ??
    pick('ecs', t.ecsTarget) ??
    pick('lambda', t.lambdaTarget) ??
    pick('cloudformation', t.cloudFormationTarget)
  );
}

/** "instance i-0abc", "ECS service cluster:svc", "Lambda function fn". */
export function targetLabel(t: { kind: TargetKind; target?: string; id?: string }): string {
  const id = t.target ?? t.id ?? '?';
  switch (t.kind) {
    case 'instance':
      return `instance ${id}`;
    case 'ecs':
      return `ECS target ${id}`;
    case 'lambda':
      return `Lambda target ${id}`;
    default:
      return `target ${id}`;
  }
}

/**
 * Failed lifecycle events of the targets. With ignoreApplicationStopFailures, a failed
 * ApplicationStop is what the user asked CodeDeploy to overlook, so it is not one.
 */
export function lifecycleFailures(
  targets: readonly TargetView[],
  options: { ignoreApplicationStopFailures?: boolean } = {},
): LifecycleFailure[] {
  const out: LifecycleFailure[] = [];
  for (const t of targets) {
    for (const e of t.events) {
      if (e.status !== 'Failed') continue;
      if (options.ignoreApplicationStopFailures && e.lifecycleEventName === 'ApplicationStop') continue;
      out.push({ target: t.id, kind: t.kind, event: e.lifecycleEventName ?? '?', ...diagnosticsOf(e.diagnostics) });
    }
  }
  return out;
}

function diagnosticsOf(d: Diagnostics | undefined): Omit<LifecycleFailure, 'target' | 'kind' | 'event'> {
  if (!d) return {};
  const out: Omit<LifecycleFailure, 'target' | 'kind' | 'event'> = {};
  if (d.errorCode) out.errorCode = d.errorCode;
  if (d.scriptName) out.scriptName = d.scriptName;
  if (d.message?.trim()) out.message = d.message.trim();
  if (d.logTail?.trim()) out.logTail = d.logTail.replace(/\s+$/, '');
  return out;
}

/** "instance i-0abc: ValidateService failed (ScriptFailed, scripts/validate.sh): Script at ... failed with exit code 1". */
export function failureLine(f: LifecycleFailure): string {
  const detail = [f.errorCode, f.scriptName].filter(Boolean).join(', ');
  return `${targetLabel(f)}: ${f.event} failed${detail ? ` (${detail})` : ''}${f.message ? `: ${f.message}` : ''}`;
}

/** The failure line, then the script's log tail indented, so a reader sees why without opening the console. */
export function describeFailure(f: LifecycleFailure): string {
  if (!f.logTail) return `${failureLine(f)} (CodeDeploy reported no script output)`;
  const tail = f.logTail
    .split(/\r?\n/)
    .map((l) => `    ${l}`)
    .join('\n');
  return `${failureLine(f)}\n  log tail${f.scriptName ? ` of ${f.scriptName}` : ''}:\n${tail}`;
}

/** Why the deployment ended badly: CodeDeploy's error, then what its rollback says. */
export function deploymentError(info: DeploymentInfo): string {
  const e = info.errorInformation;
  const parts: string[] = [];
  if (e?.code || e?.message) parts.push([e.code, e.message].filter(Boolean).join(': '));
  const r = info.rollbackInfo;
  if (r?.rollbackDeploymentId) {
    parts.push(
      `CodeDeploy rolled back with deployment ${r.rollbackDeploymentId}${r.rollbackMessage ? ` (${r.rollbackMessage})` : ''}`,
    );
  } else if (r?.rollbackMessage) {
    parts.push(`rollback: ${r.rollbackMessage}`);
  }
  return parts.join('; ') || 'CodeDeploy gave no reason';
}

/** "InProgress: 1 succeeded, 1 in progress, 2 pending; i-0abc at AfterInstall". */
export function progressLine(info: DeploymentInfo, targets: readonly TargetView[] = []): string {
  const o = info.deploymentOverview;
  const counts: string[] = [];
  if (o) {
    const pairs: [number | undefined, string][] = [
      [o.Succeeded, 'succeeded'],
      [o.InProgress, 'in progress'],
      [o.Pending, 'pending'],
      [o.Ready, 'ready'],
      [o.Skipped, 'skipped'],
      [o.Failed, 'failed'],
    ];
    for (const [n, what] of pairs) if (n) counts.push(`${n} ${what}`);
  }
  const at = targets
    .filter((t) => t.status === 'InProgress')
    .map((t) => {
      const current = t.events.find((e) => e.status === 'InProgress');
      return current ? `${t.id} at ${current.lifecycleEventName ?? '?'}` : undefined;
    })
    .filter(Boolean);
  let line = info.status ?? 'Unknown';
  if (counts.length) line += `: ${counts.join(', ')}`;
  if (at.length) line += `; ${at.join(', ')}`;
  if (info.status === 'Ready') line += ' (waiting for traffic to be rerouted)';
  return line;
}

/** Judges one snapshot: a failed lifecycle event anywhere wins over a status that has not caught up yet. */
export function assessDeployment(info: DeploymentInfo, targets: readonly TargetView[]): DeploymentVerdict {
  const failures = lifecycleFailures(targets, { ignoreApplicationStopFailures: info.ignoreApplicationStopFailures });
  const id = info.deploymentId ?? '?';
  if (failures.length) {
    const first = failures[0] as LifecycleFailure;
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more failed lifecycle event(s))` : '';
    const status = FINAL.has(info.status ?? '') ? `; ${deploymentError(info)}` : '';
    return { state: 'failed', reason: `deployment ${id}: ${failureLine(first)}${more}${status}`, failures };
  }
  switch (info.status) {
    case 'Succeeded':
      return { state: 'succeeded' };
    case 'Failed':
    case 'Stopped':
      return {
        state: 'failed',
        reason: `deployment ${id} ${info.status === 'Failed' ? 'failed' : 'was stopped'}: ${deploymentError(info)}`,
        failures,
      };
    default:
      return { state: 'waiting', progress: progressLine(info, targets) };
  }
}

/** Lifecycle event changes not logged yet ("i-0abc: BeforeInstall Succeeded"); remembers them in `seen`. */
export function takeEventNews(targets: readonly TargetView[], seen: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const t of targets) {
    for (const e of t.events) {
      const name = e.lifecycleEventName ?? '?';
      const status = e.status ?? 'Unknown';
      const key = `${t.id}\u0000${name}`;
      if (status === 'Pending' || seen.get(key) === status) continue;
      seen.set(key, status);
      lines.push(`${t.id}: ${name} ${status}`);
    }
  }
  return lines;
}

/** Ids of the targets by outcome, e.g. for the `instances` output of codedeploy-deploy. */
export function targetsByStatus(targets: readonly TargetView[]): { succeeded: string[]; failed: string[] } {
  return {
    succeeded: targets.filter((t) => t.status === 'Succeeded').map((t) => t.id),
    failed: targets.filter((t) => t.status === 'Failed').map((t) => t.id),
  };
}

/** Statuses at which the deployment has (or may have) targets worth reading. */
const HAS_TARGETS = new Set(['InProgress', 'Baking', 'Ready', 'Succeeded', 'Failed', 'Stopped']);

/**
 * All targets of a deployment. Targets already in a final state are taken from `cache` instead of
 * being read again (their status cannot change); the rest are read 25 at a time, the API's limit.
 */
export async function readTargets(
  client: Pick<WatchClient, 'listDeploymentTargets' | 'batchGetDeploymentTargets'>,
  deploymentId: string,
  cache: Map<string, TargetView> = new Map(),
): Promise<TargetView[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.listDeploymentTargets({ deploymentId, ...(nextToken ? { nextToken } : {}) });
    ids.push(...(page.targetIds ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const stale = ids.filter((id) => !TARGET_FINAL.has(cache.get(id)?.status ?? ''));
  for (let i = 0; i < stale.length; i += 25) {
    const res = await client.batchGetDeploymentTargets({ deploymentId, targetIds: stale.slice(i, i + 25) });
    for (const t of res.deploymentTargets ?? []) {
      const view = targetView(t);
      if (view) cache.set(view.id, view);
    }
  }
  // In ListDeploymentTargets' order; a target the batch call did not return is left out.
  return ids.map((id) => cache.get(id)).filter((t): t is TargetView => t !== undefined);
}

/** How the deployment ended when the watch gave up on it, for outputs and summaries. */
export class DeploymentFailed extends ReleaseError {
  constructor(
    message: string,
    readonly deployment: DeploymentInfo | undefined,
    readonly targets: TargetView[],
    readonly failures: LifecycleFailure[],
    /** True when the watch ran out of time (the deployment may still succeed). */
    readonly timedOut = false,
  ) {
    super(message);
  }
}

export interface WatchOptions {
  timeoutMs: number;
  intervalMs: number;
  /** The clock the deadline is measured on; tests pair it with a sleep that advances it. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Progress lines (lifecycle events as they change, the status when it changes). */
  log: (line: string) => void;
  /** Retries of a poll that met a throttle or a 5xx; 5 tries from 2 s by default. */
  retryPolicy?: RetryPolicy;
  /** Called after every poll with what it saw (e.g. to keep the last snapshot for a summary). */
  onPoll?: (info: DeploymentInfo, targets: readonly TargetView[]) => void;
}

export interface WatchResult {
  deployment: DeploymentInfo;
  targets: TargetView[];
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 2000, maxMs: 20000 };

/**
 * Polls the deployment until it succeeds (returns) or is lost (throws DeploymentFailed at once,
 * with the failed lifecycle events and their log tails, or CodeDeploy's error and rollback). At the
 * deadline it throws DeploymentFailed with timedOut set: the deployment goes on in CodeDeploy.
 */
export async function watchDeployment(
  client: WatchClient,
  deploymentId: string,
  o: WatchOptions,
): Promise<WatchResult> {
  const deadline = o.now() + o.timeoutMs;
  const cache = new Map<string, TargetView>();
  const seen = new Map<string, string>();
  const policy = o.retryPolicy ?? DEFAULT_RETRY;
  const call = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    retry(what, fn, { ...policy, retryable: isTransient, sleep: o.sleep, log: o.log });
  let lastProgress = '';
  for (;;) {
    const info = (await call(`GetDeployment ${deploymentId}`, () => client.getDeployment({ deploymentId })))
      .deploymentInfo;
    if (!info) throw new DeploymentFailed(`deployment ${deploymentId}: GetDeployment returned nothing`, info, [], []);
    const targets = HAS_TARGETS.has(info.status ?? '')
      ? await call(`reading the targets of ${deploymentId}`, () => readTargets(client, deploymentId, cache))
      : [];
    o.onPoll?.(info, targets);
    for (const line of takeEventNews(targets, seen)) o.log(line);
    const verdict = assessDeployment(info, targets);
    if (verdict.state === 'succeeded') return { deployment: info, targets };
    if (verdict.state === 'failed') {
      const details = verdict.failures.map(describeFailure).join('\n');
      throw new DeploymentFailed(
        details ? `${verdict.reason}\n${details}` : verdict.reason,
        info,
        targets,
        verdict.failures,
      );
    }
    if (verdict.progress !== lastProgress) {
      o.log(`deployment ${deploymentId}: ${verdict.progress}`);
      lastProgress = verdict.progress;
    }
    const left = deadline - o.now();
    if (left <= 0) {
      throw new DeploymentFailed(
        `deployment ${deploymentId} did not finish within ${Math.round(o.timeoutMs / 1000)} s (${verdict.progress}); it goes on in CodeDeploy`,
        info,
        targets,
        [],
        true,
      );
    }
    await o.sleep(Math.min(o.intervalMs, left));
  }
}
