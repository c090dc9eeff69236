/**
 * An ECS service in a release: the task definition it ran before. A rollback updates it back to that
 * revision and waits, with the same reading of the rollout as ecs-deploy (src/ecs/watch.ts), until it
 * is stable or has failed.
 */
import type { ECS } from '@aws-sdk/client-ecs';
import { ReleaseError } from '../runtime/errors.js';
import { isAwsError } from '../util/aws-errors.js';
import { assess, revisionOf, startTracking } from '../ecs/watch.js';
import type { EcsServiceChange } from './record.js';
import type { TargetKind } from './targets.js';

export type ServiceEcs = Pick<ECS, 'describeServices' | 'updateService' | 'describeTaskDefinition'>;

export interface ServiceWait {
  timeoutMs: number;
  pollMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

/** The task definition the service runs now (undefined when the service is gone). */
export async function serviceTaskDefinition(
  ecs: ServiceEcs,
  cluster: string,
  service: string,
): Promise<string | undefined> {
  const res = await ecs.describeServices({ cluster, services: [service] });
  return res.services?.find((s) => s.status === 'ACTIVE')?.taskDefinition;
}

/** What a rollback of this change needs that is gone: the service, or an active previous revision. */
export async function missingRevision(ecs: ServiceEcs, change: EcsServiceChange): Promise<string[]> {
  const missing: string[] = [];
  if ((await serviceTaskDefinition(ecs, change.cluster, change.service)) === undefined) {
    missing.push(`service ${change.cluster}/${change.service}`);
  }
  try {
    const td = await ecs.describeTaskDefinition({ taskDefinition: change.previousTaskDefinition });
    if (td.taskDefinition?.status !== 'ACTIVE')
      missing.push(`${revisionOf(change.previousTaskDefinition)} (deregistered)`);
  } catch (err) {
    if (!isAwsError(err, 'ClientException', 'ResourceNotFoundException')) throw err;
    missing.push(revisionOf(change.previousTaskDefinition));
  }
  return missing;
}

/** Updates the service back to its previous revision and waits until the rollout is stable. */
export async function restoreService(ecs: ServiceEcs, change: EcsServiceChange, wait: ServiceWait): Promise<void> {
  const { cluster, service, previousTaskDefinition } = change;
  const before = (await ecs.describeServices({ cluster, services: [service] })).services?.[0];
  const res = await ecs.updateService({ cluster, service, taskDefinition: previousTaskDefinition });
  const tracker = startTracking(service, previousTaskDefinition, res.service, before);
  const deadline = wait.now() + wait.timeoutMs;
  for (;;) {
    const now = (await ecs.describeServices({ cluster, services: [service] })).services?.[0];
    const verdict = assess(now, tracker);
    if (verdict.state === 'stable') return;
    if (verdict.state === 'failed') {
      throw new ReleaseError(
        `${cluster}/${service} did not go back to ${revisionOf(previousTaskDefinition)}: ${verdict.reason}`,
      );
    }
    if (wait.now() >= deadline) {
      throw new ReleaseError(
        `${cluster}/${service} was not stable on ${revisionOf(previousTaskDefinition)} within ${Math.round(wait.timeoutMs / 60000)} min (${verdict.progress})`,
      );
    }
    wait.log(`${service}: ${verdict.progress}`);
    await wait.sleep(Math.min(wait.pollMs, Math.max(0, deadline - wait.now())));
  }
}

/** An ECS service in a rollback: updated back to its previous task definition, and waited for. */
export const serviceTarget: TargetKind<EcsServiceChange> = {
  describe: (c) =>
    `from ${revisionOf(c.newTaskDefinition)} back to ${revisionOf(c.previousTaskDefinition)}, and wait until it is stable`,
  missing: async (deps, change) => missingRevision(await deps.ecs(), change),
  async undo(deps, change, step) {
    const ecs = await deps.ecs();
    const now = await serviceTaskDefinition(ecs, change.cluster, change.service);
    if (now)
      await step.record({ ...change, previousTaskDefinition: now, newTaskDefinition: change.previousTaskDefinition });
    await restoreService(ecs, change, {
      timeoutMs: deps.wait.timeoutMs,
      pollMs: deps.wait.pollMs,
      now: deps.now,
      sleep: (ms) => deps.host.sleep(ms),
      log: (line) => deps.host.log.info(line),
    });
    return {};
  },
};
