/**
 * The ECS calls of ecs-deploy, thin and one job each, so that the command reads as the plan it is:
 * find the services, register (or reuse) the revision, run the one-off task, update, watch.
 */
import type {
  AwsVpcConfiguration,
  CapacityProviderStrategyItem,
  ContainerOverride,
  ECS,
  LaunchType,
  RegisterTaskDefinitionCommandInput,
  Service,
  Tag,
  Task,
  TaskManagedEBSVolumeConfiguration,
} from '@aws-sdk/client-ecs';
import { ReleaseError } from '../runtime/errors.js';
import { httpStatus, isAwsError } from '../util/aws-errors.js';
import { differences, sameTaskDefinition } from './normalize.js';
import type { TaskDefDoc } from './taskdef-file.js';
import { revisionOf, shortName } from './watch.js';

/** Services by the name the user gave, from as many DescribeServices calls (10 each) as needed. */
export async function describeServices(
  ecs: ECS,
  cluster: string,
  services: readonly string[],
): Promise<Map<string, Service | undefined>> {
  const found = new Map<string, Service | undefined>();
  for (let i = 0; i < services.length; i += 10) {
    const batch = services.slice(i, i + 10);
    const res = await ecs.describeServices({ cluster, services: batch });
    for (const name of batch) {
      const short = shortName(name);
      found.set(
        name,
        res.services?.find((s) => s.serviceName === short || s.serviceArn === name),
      );
    }
  }
  return found;
}

/** Refuses services that cannot take a task definition update from here, with what to do instead. */
export function checkDeployable(name: string, cluster: string, svc: Service | undefined): Service {
  if (!svc || svc.status === 'INACTIVE') throw new ReleaseError(`service ${name} was not found in cluster ${cluster}`);
  if (svc.status === 'DRAINING')
    throw new ReleaseError(`service ${name} in cluster ${cluster} is being deleted (DRAINING)`);
  const controller = svc.deploymentController?.type ?? 'ECS';
  if (controller === 'EXTERNAL') {
    throw new ReleaseError(
      `service ${name} uses the EXTERNAL deployment controller; its task sets are not managed here`,
    );
  }
  return svc;
}

export interface RevisionChoice {
  /** The ARN to deploy; undefined only in a dry run that would register. */
  arn?: string;
  registered: boolean;
  /** Why a new revision is (or would be) needed, as paths that differ from the closest candidate. */
  why: string[];
}

/** The warning for a denied DescribeTaskDefinition: the deploy goes on, only without reuse. */
export const DESCRIBE_DENIED =
  'ecs:DescribeTaskDefinition is not allowed for these credentials, so an identical revision cannot be found and reused: registering a new one (allow ecs:DescribeTaskDefinition to reuse unchanged revisions)';

/** An answer that says the credentials may not make the call (as opposed to a fault worth reporting). */
export function isAccessDenied(err: unknown): boolean {
  return isAwsError(err, 'AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation') || httpStatus(err) === 403;
}

/**
 * Reuses a revision identical to the desired definition (one a service runs now, or the family's
 * latest), else registers a new one. Re-running a deploy therefore registers nothing.
 */
export async function chooseRevision(
  ecs: ECS,
  desired: TaskDefDoc,
  running: readonly string[],
  options: { dryRun: boolean; log: (m: string) => void; warn?: (m: string) => void },
): Promise<RevisionChoice> {
  const candidates = [...new Set(running.filter((arn) => revisionOf(arn).startsWith(`${desired.family}:`)))];
  candidates.push(desired.family);
  let closest: string[] | undefined;
  const looked = new Set<string>();
  for (const ref of candidates) {
    let live;
    try {
      // With its tags: a change of tags alone is a change of what gets registered.
      const res = await ecs.describeTaskDefinition({ taskDefinition: ref, include: ['TAGS'] });
      live = res.taskDefinition && { ...res.taskDefinition, tags: res.tags ?? [] };
    } catch (err) {
      // The family has no revision yet (ECS says ClientException), or a revision was deleted.
      if (isAwsError(err, 'ClientException')) continue;
      // The official action's minimal policy has no DescribeTaskDefinition: register, as it would.
      if (isAccessDenied(err)) {
        (options.warn ?? options.log)(DESCRIBE_DENIED);
        closest = ['the live revisions could not be read'];
        break;
      }
      throw err;
    }
    if (!live?.taskDefinitionArn || looked.has(live.taskDefinitionArn)) continue;
    looked.add(live.taskDefinitionArn);
    if (live.status !== 'ACTIVE') continue;
    if (sameTaskDefinition(desired, live)) {
      options.log(`${revisionOf(live.taskDefinitionArn)} is identical to the task definition file: reusing it`);
      return { arn: live.taskDefinitionArn, registered: false, why: [] };
    }
    const diff = differences(desired, live);
    options.log(`differs from ${revisionOf(live.taskDefinitionArn)} in: ${diff.join(', ')}`);
    closest ??= diff;
  }
  const why = closest ?? ['no revision of this family exists yet'];
  if (options.dryRun) {
    options.log(`dry run: would register a new revision of ${desired.family}`);
    return { registered: true, why };
  }
  const res = await ecs.registerTaskDefinition(desired as unknown as RegisterTaskDefinitionCommandInput);
  const arn = res.taskDefinition?.taskDefinitionArn;
  if (!arn) throw new ReleaseError('RegisterTaskDefinition returned no ARN');
  options.log(`registered ${revisionOf(arn)}`);
  return { arn, registered: true, why };
}

export interface OneOffPlan {
  container?: string;
  command?: string[];
  launchType?: LaunchType;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  awsvpc?: AwsVpcConfiguration;
  /** Overrides given as JSON (run-task-container-overrides); the command above is merged in. */
  containerOverrides?: ContainerOverride[];
  startedBy?: string;
  tags?: Tag[];
  enableECSManagedTags?: boolean;
  ebsVolume?: { name: string; managedEBSVolume: TaskManagedEBSVolumeConfiguration };
}

/** The container overrides RunTask gets: the JSON ones, with the command set on its container. */
export function containerOverrides(plan: OneOffPlan): ContainerOverride[] {
  const overrides = (plan.containerOverrides ?? []).map((o) => ({ ...o }));
  if (plan.command && plan.container) {
    const own = overrides.find((o) => o.name === plan.container);
    if (own) own.command = plan.command;
    else overrides.push({ name: plan.container, command: plan.command });
  }
  return overrides;
}

/** The network mode a task definition ends up with (ECS's defaults when it says nothing). */
export function networkModeOf(def: TaskDefDoc): string {
  const compat = Array.isArray(def['requiresCompatibilities']) ? (def['requiresCompatibilities'] as string[]) : [];
  return typeof def['networkMode'] === 'string' ? def['networkMode'] : compat.includes('FARGATE') ? 'awsvpc' : 'bridge';
}

/** Containers that must exit 0 for a one-off task to count as a success. */
export function essentialContainers(def: TaskDefDoc): string[] {
  return def.containerDefinitions.filter((c) => c.essential !== false).map((c) => c.name);
}

/** Starts the one-off task and returns its ARN; RunTask's failures become one clear error. */
export async function startOneOff(ecs: ECS, cluster: string, arn: string, plan: OneOffPlan): Promise<string> {
  const overrides = containerOverrides(plan);
  const res = await ecs.runTask({
    cluster,
    taskDefinition: arn,
    count: 1,
    startedBy: plan.startedBy ?? 'aws-release-kit',
    ...(plan.launchType ? { launchType: plan.launchType } : {}),
    ...(plan.capacityProviderStrategy?.length ? { capacityProviderStrategy: plan.capacityProviderStrategy } : {}),
    ...(plan.awsvpc ? { networkConfiguration: { awsvpcConfiguration: plan.awsvpc } } : {}),
    ...(overrides.length ? { overrides: { containerOverrides: overrides } } : {}),
    ...(plan.tags?.length ? { tags: plan.tags } : {}),
    ...(plan.enableECSManagedTags !== undefined ? { enableECSManagedTags: plan.enableECSManagedTags } : {}),
    ...(plan.ebsVolume ? { volumeConfigurations: [plan.ebsVolume] } : {}),
  });
  const task = res.tasks?.[0];
  if (!task?.taskArn) {
    const reasons = (res.failures ?? []).map((f) => `${f.reason ?? '?'}${f.detail ? ` (${f.detail})` : ''}`);
    throw new ReleaseError(
      `the one-off task did not start: ${reasons.join('; ') || 'RunTask returned no task'}; the services were not updated`,
    );
  }
  return task.taskArn;
}

export async function describeTask(ecs: ECS, cluster: string, arn: string): Promise<Task | undefined> {
  return (await ecs.describeTasks({ cluster, tasks: [arn] })).tasks?.[0];
}

/** Stopped tasks of a service (ECS keeps them listed for about an hour), described. */
export async function stoppedTasks(ecs: ECS, cluster: string, service: string): Promise<Task[]> {
  const list = await ecs.listTasks({
    cluster,
    serviceName: shortName(service),
    desiredStatus: 'STOPPED',
    maxResults: 100,
  });
  const arns = list.taskArns ?? [];
  if (arns.length === 0) return [];
  return (await ecs.describeTasks({ cluster, tasks: arns })).tasks ?? [];
}

/** The image digests a service's running tasks of one revision report, by container name. */
export async function runningDigests(
  ecs: ECS,
  cluster: string,
  service: string,
  arn: string,
): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  const list = await ecs.listTasks({
    cluster,
    serviceName: shortName(service),
    desiredStatus: 'RUNNING',
    maxResults: 10,
  });
  if (!list.taskArns?.length) return digests;
  const tasks = (await ecs.describeTasks({ cluster, tasks: list.taskArns })).tasks ?? [];
  for (const t of tasks) {
    if (t.taskDefinitionArn !== arn) continue;
    for (const c of t.containers ?? []) if (c.name && c.imageDigest) digests.set(c.name, c.imageDigest);
  }
  return digests;
}
