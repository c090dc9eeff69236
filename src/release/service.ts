/**
 * An ECS service in a release: the task definition it ran before. A rollback updates a rolling service
 * back to that revision and waits, with the same reading of the rollout as ecs-deploy (src/ecs/watch.ts),
 * until it is stable or has failed. A blue/green service (CODE_DEPLOY controller) cannot be updated so:
 * it is deployed back through CodeDeploy, as ecs-deploy deployed it (src/ecs/bluegreen.ts), and the
 * deployment is waited for with the same CodeDeploy watcher (src/codedeploy/watch.ts).
 */
import type { CodeDeploy } from '@aws-sdk/client-codedeploy';
import type { ECS, Service } from '@aws-sdk/client-ecs';
import { ReleaseError } from '../runtime/errors.js';
import { isAwsError } from '../util/aws-errors.js';
import { DeploymentFailed, watchDeployment, type WatchClient } from '../codedeploy/watch.js';
import {
  AppSpecError,
  findDeploymentGroup,
  groupWaitMinutes,
  startBlueGreen,
  withTaskDefinition,
  type BlueGreenClient,
} from '../ecs/bluegreen.js';
import { assess, revisionOf, startTracking } from '../ecs/watch.js';
import type { EcsBlueGreen, EcsServiceChange } from './record.js';
import type { TargetKind } from './targets.js';

export type ServiceEcs = Pick<ECS, 'describeServices' | 'updateService' | 'describeTaskDefinition'>;

/** The CodeDeploy calls a blue/green rollback makes: the deployment group, the deployment, the watch. */
export type ServiceCodeDeploy = BlueGreenClient & WatchClient;

export interface ServiceWait {
  timeoutMs: number;
  pollMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

/**
 * The task definition a service serves: a blue/green service's PRIMARY task set (the one taking the
 * traffic) when the answer lists task sets, else the service's own.
 */
export function runningTaskDefinition(service: Service | undefined): string | undefined {
  return service?.taskSets?.find((t) => t.status === 'PRIMARY')?.taskDefinition ?? service?.taskDefinition;
}

/** The task definition the service runs now (undefined when the service is gone). */
export async function serviceTaskDefinition(
  ecs: ServiceEcs,
  cluster: string,
  service: string,
): Promise<string | undefined> {
  const res = await ecs.describeServices({ cluster, services: [service] });
  return runningTaskDefinition(res.services?.find((s) => s.status === 'ACTIVE'));
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

/**
 * What a blue/green rollback needs besides the service and the revision: the deployment group, and a
 * recorded AppSpec that still takes a TaskDefinition (a record edited by hand may not).
 */
export async function missingBlueGreen(
  cd: Pick<CodeDeploy, 'getDeploymentGroup'>,
  change: EcsServiceChange,
): Promise<string[]> {
  const bg = change.blueGreen;
  if (!bg) return [];
  const missing: string[] = [];
  try {
    withTaskDefinition(bg.appspec, change.previousTaskDefinition);
  } catch (err) {
    if (!(err instanceof AppSpecError)) throw err;
    missing.push(`a usable AppSpec for ${change.cluster}/${change.service} in the record (${err.message})`);
  }
  try {
    await cd.getDeploymentGroup({ applicationName: bg.application, deploymentGroupName: bg.deploymentGroup });
  } catch (err) {
    if (!isAwsError(err, 'ApplicationDoesNotExistException', 'DeploymentGroupDoesNotExistException')) throw err;
    missing.push(`CodeDeploy deployment group ${bg.application}/${bg.deploymentGroup}`);
  }
  return missing;
}

/** The rollback's own change: the service goes from what it runs now back to the previous revision. */
export function inverseChange(change: EcsServiceChange, now: string): EcsServiceChange {
  const { blueGreen, ...rest } = change;
  const inverse = { ...rest, previousTaskDefinition: now, newTaskDefinition: change.previousTaskDefinition };
  if (!blueGreen) return inverse;
  // The AppSpec the rollback's deployment is created with, as for a release.
  return {
    ...inverse,
    blueGreen: { ...blueGreen, appspec: withTaskDefinition(blueGreen.appspec, change.previousTaskDefinition) },
  };
}

/**
 * Deploys a blue/green service back to its previous revision through CodeDeploy: the recorded AppSpec
 * naming that revision, the same deployment group and config; then waits for the deployment as
 * ecs-deploy does (the group's traffic and termination waits are added to the limit). Returns its id.
 */
export async function redeployBlueGreen(
  cd: ServiceCodeDeploy,
  change: EcsServiceChange,
  bg: EcsBlueGreen,
  wait: ServiceWait & { description?: string },
): Promise<string> {
  const { cluster, service, previousTaskDefinition } = change;
  const group = await findDeploymentGroup(cd, bg.application, bg.deploymentGroup, service);
  const id = await startBlueGreen(cd, {
    application: bg.application,
    group: bg.deploymentGroup,
    appspec: withTaskDefinition(bg.appspec, previousTaskDefinition),
    description: wait.description,
    deploymentConfig: bg.deploymentConfig,
  });
  wait.log(
    `${service}: CodeDeploy deployment ${id} (${bg.application}/${bg.deploymentGroup}) back to ${revisionOf(previousTaskDefinition)}`,
  );
  try {
    await watchDeployment(cd, id, {
      timeoutMs: wait.timeoutMs + groupWaitMinutes(group) * 60_000,
      intervalMs: wait.pollMs,
      now: wait.now,
      sleep: wait.sleep,
      log: (line) => wait.log(`${service}: ${line}`),
    });
  } catch (err) {
    if (err instanceof DeploymentFailed) {
      throw new ReleaseError(
        `${cluster}/${service} did not go back to ${revisionOf(previousTaskDefinition)} through CodeDeploy: ${err.message}`,
      );
    }
    throw err;
  }
  return id;
}

/** The plan line of a service's rollback. */
export function describeServiceUndo(c: EcsServiceChange): string {
  const move = `from ${revisionOf(c.newTaskDefinition)} back to ${revisionOf(c.previousTaskDefinition)}`;
  if (!c.blueGreen) return `${move}, and wait until it is stable`;
  return `${move} through CodeDeploy ${c.blueGreen.application}/${c.blueGreen.deploymentGroup} (blue/green), and wait until the deployment succeeds`;
}

/**
 * An ECS service in a rollback: a rolling one updated back to its previous task definition, a
 * blue/green one deployed back to it through CodeDeploy; either is waited for.
 */
export const serviceTarget: TargetKind<EcsServiceChange> = {
  describe: describeServiceUndo,
  moved: (c) => `${c.cluster}/${c.service} on ${revisionOf(c.previousTaskDefinition)}`,
  async missing(deps, change) {
    const missing = await missingRevision(await deps.ecs(), change);
    if (change.blueGreen) missing.push(...(await missingBlueGreen(await deps.codedeploy(), change)));
    return missing;
  },
  async undo(deps, change, step) {
    const ecs = await deps.ecs();
    const now = await serviceTaskDefinition(ecs, change.cluster, change.service);
    if (now) await step.record(inverseChange(change, now));
    const wait: ServiceWait = {
      timeoutMs: deps.wait.timeoutMs,
      pollMs: deps.wait.pollMs,
      now: deps.now,
      sleep: (ms) => deps.host.sleep(ms),
      log: (line) => deps.host.log.info(line),
    };
    if (change.blueGreen) {
      await redeployBlueGreen(await deps.codedeploy(), change, change.blueGreen, {
        ...wait,
        description: `aws-release-kit ${step.releaseId}: back to ${revisionOf(change.previousTaskDefinition)}`,
      });
    } else {
      await restoreService(ecs, change, wait);
    }
    return {};
  },
};
