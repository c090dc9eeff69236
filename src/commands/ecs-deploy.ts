import { readFile } from 'node:fs/promises';
import type { ECS, Service, Task } from '@aws-sdk/client-ecs';
import { DeploymentFailed, watchDeployment, type WatchClient } from '../codedeploy/watch.js';
import type { EcsDeployInputs } from '../definitions/ecs-deploy.js';
import {
  checkDeployable,
  chooseRevision,
  describeServices,
  describeTask,
  essentialContainers,
  networkModeOf,
  runningDigests,
  startOneOff,
  stoppedTasks,
  type OneOffPlan,
} from '../ecs/deploy.js';
import {
  AppSpecError,
  appSpecForService,
  defaultCodeDeployNames,
  findDeploymentGroup,
  groupWaitMinutes,
  parseAppSpec,
  startBlueGreen,
  withTaskDefinition,
  type BlueGreenClient,
} from '../ecs/bluegreen.js';
import { waitForHealthy } from '../ecs/health.js';
import { cleanEmptyValues, emptyPaths } from '../ecs/clean.js';
import { droppedKeysWarning, parseImageRef, stripForRegister } from '../ecs/render.js';
import { TaskDefFileError, readTaskDefinitionFile, type TaskDefDoc } from '../ecs/taskdef-file.js';
import {
  assess,
  credentialWarning,
  describeStoppedTask,
  formatEvent,
  primaryDeployment,
  revisionOf,
  runTaskOutcome,
  shortName,
  startTracking,
  takeNewEvents,
  takeStoppedTasks,
  type Tracker,
} from '../ecs/watch.js';
import { clientConfig } from '../runtime/aws.js';
import { InputError, ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';
import { targetName, type EcsBlueGreen } from '../release/record.js';
import { runningTaskDefinition } from '../release/service.js';
import { inReleaseStep, releaseSettings, type ReleaseSettings, type ReleaseStep } from '../release/session.js';

export interface EcsDeployDeps {
  ecs: ECS;
  host: Host;
  /** Set with release-store: the services are deployed under their locks, their previous revisions recorded. */
  release?: ReleaseSettings;
  /** The clock deadlines are measured on; tests pair it with a sleep that advances it. */
  now?: () => number;
  /** What the SDK's credential provider returns (expiration and $source when known, the session token if any). */
  credentials?: () => Promise<
    { expiration?: Date; sessionToken?: string; $source?: Record<string, unknown> } | undefined
  >;
  fetchImpl?: typeof fetch;
  /** The CodeDeploy client, made only when a service uses the CODE_DEPLOY controller. */
  codedeploy?: () => Promise<BlueGreenClient & WatchClient>;
}

export async function run(inputs: EcsDeployInputs, host: Host): Promise<Record<string, string>> {
  const { ECS } = await import('@aws-sdk/client-ecs');
  const config = sdkConfig(inputs);
  const ecs = new ECS(config);
  const codedeploy = async () => new (await import('@aws-sdk/client-codedeploy')).CodeDeploy(config);
  const release =
    inputs.release && !inputs.dryRun && inputs.services.length
      ? await releaseSettings(inputs.release, inputs, (ms) => host.sleep(ms), undefined, host.log)
      : undefined;
  return execute(inputs, { ecs, host, credentials: () => ecs.config.credentials(), codedeploy, release });
}

/** What a CODE_DEPLOY service needs, settled before anything changes. */
interface BlueGreenPlan {
  service: string;
  application: string;
  group: string;
  /** The AppSpec for a revision ARN. */
  appspec: (arn: string) => Record<string, unknown>;
  /** Minutes the deployment group adds to the wait (traffic rerouting and blue termination). */
  extraMinutes: number;
}

/** Inputs that only an ECS-controlled service takes; CodeDeploy would silently drop them. */
const ECS_ONLY: ReadonlyArray<[keyof EcsDeployInputs, string]> = [
  ['desiredCount', 'desired-count'],
  ['propagateTags', 'propagate-tags'],
  ['serviceEbsVolume', 'service-managed-ebs-volume'],
  ['enableEcsManagedTags', 'enable-ecs-managed-tags'],
];

/** Reads the AppSpec file once (an input problem is found before any AWS call). */
async function readAppSpecFile(inputs: EcsDeployInputs): Promise<unknown> {
  const file = inputs.codeDeploy?.appspec;
  if (!file) return undefined;
  try {
    const doc = parseAppSpec(await readFile(file, 'utf8'), file);
    // Checked with a placeholder now, so that a wrong file is refused before anything is registered.
    withTaskDefinition(doc, 'arn:aws:ecs:us-east-1:123456789012:task-definition/check:1');
    return doc;
  } catch (err) {
    if (err instanceof AppSpecError) throw new InputError('codedeploy-appspec', err.message);
    throw err;
  }
}

/** For each CODE_DEPLOY service: its application, deployment group and AppSpec, checked in CodeDeploy. */
async function planBlueGreen(
  inputs: EcsDeployInputs,
  cd: BlueGreenClient,
  appspecDoc: unknown,
  services: ReadonlyMap<string, Service>,
): Promise<Map<string, BlueGreenPlan>> {
  const plans = new Map<string, BlueGreenPlan>();
  const blueGreen = [...services].filter(([, svc]) => svc.deploymentController?.type === 'CODE_DEPLOY');
  if (blueGreen.length > 1 && (inputs.codeDeploy?.application || inputs.codeDeploy?.deploymentGroup)) {
    throw new InputError(
      'codedeploy-deployment-group',
      `names one deployment group, but ${blueGreen.length} services use CodeDeploy (${blueGreen.map(([n]) => n).join(', ')}); deploy them one per step, or leave the names to their defaults`,
    );
  }
  for (const [name, svc] of blueGreen) {
    for (const [key, input] of ECS_ONLY) {
      // Managed tags also apply to the one-off task, so with run-task they are not lost.
      if (key === 'enableEcsManagedTags' && inputs.runTask) continue;
      if (inputs[key] !== undefined) {
        throw new InputError(
          input,
          `is not applied by a CodeDeploy (blue/green) deployment, which service ${name} uses`,
        );
      }
    }
    if (inputs.forceNewDeployment) {
      throw new InputError('force-new-deployment', `does not apply to service ${name}, which CodeDeploy deploys`);
    }
    const names = defaultCodeDeployNames(inputs.cluster, name);
    const application = inputs.codeDeploy?.application ?? names.application;
    const group = inputs.codeDeploy?.deploymentGroup ?? names.group;
    const info = await findDeploymentGroup(cd, application, group, name);
    const appspec = (arn: string): Record<string, unknown> =>
      appspecDoc === undefined ? appSpecForService(svc, arn) : withTaskDefinition(appspecDoc, arn);
    // Without an AppSpec file the service's load balancer must say which container takes the traffic.
    appspec('arn:aws:ecs:us-east-1:123456789012:task-definition/check:1');
    plans.set(name, { service: name, application, group, appspec, extraMinutes: groupWaitMinutes(info) });
  }
  if (appspecDoc !== undefined && blueGreen.length === 0) {
    throw new InputError('codedeploy-appspec', 'is set, but no service uses the CODE_DEPLOY deployment controller');
  }
  return plans;
}

/** Waits for every CodeDeploy deployment at once; the first lost one ends the wait, with its reason. */
async function waitForBlueGreen(
  inputs: EcsDeployInputs,
  deps: EcsDeployDeps,
  cd: WatchClient,
  plans: ReadonlyMap<string, BlueGreenPlan>,
  results: Map<string, ServiceResult>,
  now: () => number,
): Promise<void> {
  const settled = await Promise.allSettled(
    [...plans.values()].map(async (p) => {
      const r = results.get(p.service) as ServiceResult;
      const id = r.deploymentId as string;
      try {
        await watchDeployment(cd, id, {
          timeoutMs: (inputs.waitTimeout + p.extraMinutes) * 60_000,
          intervalMs: inputs.pollInterval * 1000,
          now,
          sleep: (ms) => deps.host.sleep(ms),
          log: (line) => deps.host.log.info(`${p.service}: ${line}`),
        });
        r.result = 'stable';
        deps.host.log.info(`${p.service}: CodeDeploy deployment ${id} succeeded`);
      } catch (err) {
        r.result = err instanceof DeploymentFailed && err.timedOut ? 'timeout' : 'failed';
        r.reason = errorMessage(err).split('\n')[0];
        throw new ReleaseError(`service ${p.service}: ${errorMessage(err)}`);
      }
    }),
  );
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [errorMessage(s.reason)] : []));
  if (failures.length) throw new ReleaseError(failures.join('\n'));
}

/** The SDK client settings: max-retries retries mean one attempt more. */
export function sdkConfig(inputs: EcsDeployInputs): Record<string, unknown> {
  return {
    ...clientConfig(inputs),
    ...(inputs.maxRetries !== undefined ? { maxAttempts: inputs.maxRetries + 1 } : {}),
  };
}

/** One service's part of the `services` output and of the job summary. */
export interface ServiceResult {
  service: string;
  cluster: string;
  /** ECS (rolling update) or CODE_DEPLOY (blue/green through CodeDeploy). */
  controller?: 'ECS' | 'CODE_DEPLOY';
  previousTaskDefinition?: string;
  taskDefinition?: string;
  deploymentId?: string;
  result: 'stable' | 'updated' | 'failed' | 'timeout' | 'dry-run' | 'not-updated';
  rolloutState?: string;
  runningCount?: number;
  desiredCount?: number;
  failedTasks?: number;
  reason?: string;
}

function snapshot(r: ServiceResult, svc: Service | undefined, t: Tracker | undefined): void {
  if (!svc) return;
  const dep = svc.deployments?.find((d) => d.id === t?.deploymentId) ?? primaryDeployment(svc);
  r.rolloutState = dep?.rolloutState;
  r.runningCount = svc.runningCount;
  r.desiredCount = svc.desiredCount;
  r.failedTasks = dep?.failedTasks;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function summaryMarkdown(
  results: ServiceResult[],
  images: Array<{ container: string; image: string; digest?: string }>,
  arn: string | undefined,
  ms: number,
  outcome: string,
): string {
  const lines = [`### ECS deploy: ${outcome}`, ''];
  if (results.length) {
    lines.push('| Service | Old revision | New revision | Deployment | Result |', '| --- | --- | --- | --- | --- |');
    for (const r of results) {
      const result = r.reason ? `${r.result}: ${r.reason}` : r.result;
      lines.push(
        `| ${cell(r.service)} | ${cell(revisionOf(r.previousTaskDefinition))} | ${cell(revisionOf(r.taskDefinition ?? arn))} | ${cell(r.deploymentId ?? '')} | ${cell(result)} |`,
      );
    }
  } else {
    lines.push(`Task definition: ${revisionOf(arn)} (no service updated)`);
  }
  lines.push('', '| Container | Image | Digest |', '| --- | --- | --- |');
  for (const i of images) lines.push(`| ${cell(i.container)} | ${cell(i.image)} | ${cell(i.digest ?? 'not pinned')} |`);
  lines.push('', `Duration: ${duration(ms)}`, '');
  return lines.join('\n');
}

/** Launch type and network for the one-off task: the inputs, else what the first service uses. */
export function oneOffPlan(inputs: EcsDeployInputs, def: TaskDefDoc, first: Service | undefined): OneOffPlan {
  const rt = inputs.runTask;
  if (!rt) return {};
  const essential = essentialContainers(def);
  const container = rt.container ?? essential[0] ?? def.containerDefinitions[0]?.name;
  if (rt.container && !def.containerDefinitions.some((c) => c.name === rt.container)) {
    const names = def.containerDefinitions.map((c) => c.name).join(', ');
    throw new InputError(
      'run-task-container',
      `the task definition has no container "${rt.container}"; its containers are: ${names}`,
    );
  }
  const plan: OneOffPlan = {
    container,
    command: rt.command,
    containerOverrides: rt.containerOverrides,
    startedBy: rt.startedBy,
    tags: rt.tags,
    enableECSManagedTags: inputs.enableEcsManagedTags,
    ebsVolume: rt.ebsVolume,
  };
  const known = new Set(def.containerDefinitions.map((c) => c.name));
  const stranger = rt.containerOverrides?.find((o) => !known.has(o.name ?? ''));
  if (stranger) {
    throw new InputError(
      'run-task-container-overrides',
      `the task definition has no container "${stranger.name}"; its containers are: ${[...known].join(', ')}`,
    );
  }
  if (rt.launchType) plan.launchType = rt.launchType;
  else if (rt.capacityProviderStrategy?.length) plan.capacityProviderStrategy = rt.capacityProviderStrategy;
  else if (first?.capacityProviderStrategy?.length) plan.capacityProviderStrategy = first.capacityProviderStrategy;
  else if (first?.launchType) plan.launchType = first.launchType;
  const serviceNet = first?.networkConfiguration?.awsvpcConfiguration;
  if (rt.subnets.length) {
    plan.awsvpc = {
      subnets: rt.subnets,
      ...(rt.securityGroups.length ? { securityGroups: rt.securityGroups } : {}),
      assignPublicIp: rt.assignPublicIp ? 'ENABLED' : 'DISABLED',
    };
  } else if (serviceNet?.subnets?.length) {
    plan.awsvpc = {
      subnets: serviceNet.subnets,
      securityGroups: rt.securityGroups.length ? rt.securityGroups : serviceNet.securityGroups,
      assignPublicIp: rt.assignPublicIp ? 'ENABLED' : (serviceNet.assignPublicIp ?? 'DISABLED'),
    };
  } else if (networkModeOf(def) === 'awsvpc') {
    throw new InputError(
      'run-task-subnets',
      'is required: the task definition uses awsvpc networking and no service gives a network configuration to copy',
    );
  }
  return plan;
}

/**
 * Runs the one-off task and waits for it to stop; throws unless every essential container exited 0.
 * With wait-for-task-stopped: false it only starts the task. Returns the task's ARN.
 */
async function runOneOff(
  inputs: EcsDeployInputs,
  deps: EcsDeployDeps,
  arn: string,
  def: TaskDefDoc,
  plan: OneOffPlan,
  now: () => number,
  started: (taskArn: string) => void,
): Promise<void> {
  const { ecs, host } = deps;
  const what = plan.command ? `${plan.container}: ${plan.command.join(' ')}` : 'the image’s own command';
  const where = plan.launchType ?? (plan.capacityProviderStrategy ? 'capacity providers' : 'cluster default');
  host.log.info(`starting one-off task on ${revisionOf(arn)} (${where}) running ${what}`);
  const taskArn = await startOneOff(ecs, inputs.cluster, arn, plan);
  started(taskArn);
  const id = taskArn.split('/').pop();
  host.log.info(`one-off task ${id} started`);
  if (inputs.runTask?.wait === false) {
    host.log.info(`not waiting for one-off task ${id} (wait-for-task-stopped: false): its exit codes are not checked`);
    return;
  }
  const deadline = now() + inputs.waitTimeout * 60_000;
  let status = '';
  let task: Task | undefined;
  for (;;) {
    task = await describeTask(ecs, inputs.cluster, taskArn);
    const next = task?.lastStatus ?? 'UNKNOWN';
    if (next !== status) host.log.info(`one-off task ${id}: ${next}`);
    status = next;
    if (status === 'STOPPED') break;
    if (now() >= deadline) {
      throw new ReleaseError(
        `one-off task ${id} is still ${status} after ${inputs.waitTimeout} min (wait-for-minutes); it was left running and the services were not updated`,
      );
    }
    await host.sleep(Math.min(inputs.pollInterval * 1000, Math.max(0, deadline - now())));
  }
  if (!task) throw new ReleaseError(`one-off task ${id} disappeared`);
  host.log.info(describeStoppedTask(task));
  const outcome = runTaskOutcome(task, essentialContainers(def));
  if (!outcome.ok) {
    throw new ReleaseError(`one-off task ${id} failed: ${outcome.problems.join('; ')}; the services were not updated`);
  }
  host.log.info(`one-off task ${id} succeeded: every essential container exited 0`);
}

/** Prints new stopped tasks of the tracked deployment; returns their descriptions. */
async function reportStopped(deps: EcsDeployDeps, cluster: string, t: Tracker): Promise<string[]> {
  try {
    const tasks = takeStoppedTasks(
      await stoppedTasks(deps.ecs, cluster, t.service),
      t.deploymentId,
      t.seenStoppedTasks,
    );
    const lines = tasks.map(describeStoppedTask);
    for (const l of lines) deps.host.log.warn(`${t.service}: ${l}`);
    return lines;
  } catch (err) {
    // Diagnostics must never hide the real outcome.
    deps.host.log.debug(`could not list stopped tasks of ${t.service}: ${errorMessage(err)}`);
    return [];
  }
}

/**
 * Polls every pending service until all are stable. Fails at the first poll that shows a FAILED
 * rollout, a replaced (rolled back) deployment or failed tasks past the circuit-breaker threshold.
 */
async function waitForStability(
  inputs: EcsDeployInputs,
  deps: EcsDeployDeps,
  trackers: Tracker[],
  results: Map<string, ServiceResult>,
  now: () => number,
): Promise<void> {
  const { host } = deps;
  const deadline = now() + inputs.waitTimeout * 60_000;
  const pending = new Map(trackers.map((t) => [t.service, t]));
  const lastProgress = new Map<string, string>();
  const stoppedLines = new Map<string, string[]>();
  for (;;) {
    const snap = await describeServices(deps.ecs, inputs.cluster, [...pending.keys()]);
    const failures: string[] = [];
    for (const [name, t] of pending) {
      const svc = snap.get(name);
      const result = results.get(name) as ServiceResult;
      snapshot(result, svc, t);
      for (const e of takeNewEvents(svc, t.seenEvents)) host.log.info(`${name}: ${formatEvent(e)}`);
      const dep = svc?.deployments?.find((d) => d.id === t.deploymentId);
      const verdict = assess(svc, t);
      const failedNow = dep?.failedTasks ?? 0;
      if (failedNow > t.failedTasks || verdict.state === 'failed') {
        t.failedTasks = Math.max(t.failedTasks, failedNow);
        stoppedLines.set(name, [...(stoppedLines.get(name) ?? []), ...(await reportStopped(deps, inputs.cluster, t))]);
      }
      if (verdict.state === 'failed') {
        result.result = 'failed';
        result.reason = verdict.reason;
        const tasks = stoppedLines.get(name) ?? [];
        const recent = (svc?.events ?? []).slice(0, 3).map((e) => e.message ?? '');
        failures.push(
          `service ${name}: ${verdict.reason}` +
            (tasks.length ? `; stopped tasks: ${tasks.slice(-3).join(' | ')}` : '') +
            (recent.length ? `; latest events: ${recent.join(' | ')}` : ''),
        );
      } else if (verdict.state === 'stable') {
        result.result = 'stable';
        pending.delete(name);
        host.log.info(`${name}: stable on ${revisionOf(t.taskDefinitionArn)} (deployment ${t.deploymentId ?? '?'})`);
        if (verdict.note) host.log.warn(`${name}: ${verdict.note}`);
      } else if (lastProgress.get(name) !== verdict.progress) {
        lastProgress.set(name, verdict.progress);
        host.log.info(`${name}: ${verdict.progress}`);
      }
    }
    if (failures.length) throw new ReleaseError(failures.join('\n'));
    if (pending.size === 0) return;
    if (now() >= deadline) {
      for (const name of pending.keys()) {
        const r = results.get(name) as ServiceResult;
        r.result = 'timeout';
        r.reason = lastProgress.get(name);
      }
      throw new ReleaseError(
        `not stable within ${inputs.waitTimeout} min (wait-for-minutes): ${[...pending.keys()]
          .map(
            (n) =>
              `service ${n} (deployment ${pending.get(n)?.deploymentId ?? '?'}): ${lastProgress.get(n) ?? 'no progress'}`,
          )
          .join('; ')}. ECS goes on with the rollout; check the service events.`,
      );
    }
    await host.sleep(Math.min(inputs.pollInterval * 1000, Math.max(0, deadline - now())));
  }
}

export async function execute(inputs: EcsDeployInputs, deps: EcsDeployDeps): Promise<Record<string, string>> {
  const { release, host } = deps;
  if (!release) return deploy(inputs, deps);
  const targets = inputs.services.map((name) =>
    targetName({ kind: 'ecs-service', cluster: inputs.cluster, service: shortName(name) }),
  );
  return inReleaseStep(
    { ...release, command: 'ecs-deploy', context: host.context, log: host.log, sleep: (ms) => host.sleep(ms) },
    targets,
    (step) => deploy(inputs, deps, step),
  );
}

async function deploy(
  inputs: EcsDeployInputs,
  deps: EcsDeployDeps,
  step?: ReleaseStep,
): Promise<Record<string, string>> {
  const { ecs, host } = deps;
  const now = deps.now ?? Date.now;
  const started = now();

  let def: TaskDefDoc;
  try {
    const read = await readTaskDefinitionFile(inputs.taskDefinition);
    const dropped = droppedKeysWarning(read);
    if (dropped) host.log.warn(dropped);
    // As the official action does: "", [], {} and null placeholders go before ECS sees them.
    const cleaned = cleanEmptyValues(read, inputs.keepNullValueKeys);
    const removed = emptyPaths(read).length - emptyPaths(cleaned).length;
    if (removed > 0) host.log.info(`left out ${removed} empty value(s) of the file ("", [], {}, null)`);
    def = stripForRegister(cleaned);
    if (!Array.isArray(def.containerDefinitions) || def.containerDefinitions.length === 0) {
      throw new TaskDefFileError(
        `${inputs.taskDefinition} has no container definitions left once empty values are removed`,
      );
    }
  } catch (err) {
    if (err instanceof TaskDefFileError) throw new InputError('task-definition', err.message);
    throw err;
  }
  const images = def.containerDefinitions.map((c) => ({
    container: c.name,
    image: c.image ?? '',
    digest: parseImageRef(c.image ?? '').digest,
  }));
  for (const i of images)
    if (!i.digest) host.log.warn(`container "${i.container}": image ${i.image} is not pinned by digest`);

  const appspecDoc = await readAppSpecFile(inputs);

  const waits = inputs.waitForServiceStability && inputs.services.length > 0;
  if ((waits || inputs.runTask) && deps.credentials) {
    try {
      // Both waits use the same credentials, one after the other.
      const warning = credentialWarning(await deps.credentials(), now(), {
        runTaskMs: inputs.runTask ? inputs.waitTimeout * 60_000 : 0,
        servicesMs: waits ? inputs.waitTimeout * 60_000 : 0,
      });
      if (warning) host.log.warn(warning);
    } catch (err) {
      host.log.debug(`could not read the credential expiry: ${errorMessage(err)}`);
    }
  }

  // Every service is checked before anything changes.
  const before = await describeServices(ecs, inputs.cluster, inputs.services);
  const services = new Map<string, Service>();
  for (const name of inputs.services) services.set(name, checkDeployable(name, inputs.cluster, before.get(name)));

  const blueGreenServices = [...services.values()].some((s) => s.deploymentController?.type === 'CODE_DEPLOY');
  let cd: (BlueGreenClient & WatchClient) | undefined;
  if (blueGreenServices) {
    if (!deps.codedeploy) throw new Error('BUG: no CodeDeploy client for a CODE_DEPLOY service');
    cd = await deps.codedeploy();
  }
  const blueGreen = cd ? await planBlueGreen(inputs, cd, appspecDoc, services) : new Map<string, BlueGreenPlan>();
  if (!cd && appspecDoc !== undefined) {
    throw new InputError('codedeploy-appspec', 'is set, but no service uses the CODE_DEPLOY deployment controller');
  }

  const results = new Map<string, ServiceResult>(
    inputs.services.map((name) => [
      name,
      {
        service: shortName(name),
        cluster: inputs.cluster,
        controller: blueGreen.has(name) ? 'CODE_DEPLOY' : 'ECS',
        previousTaskDefinition: services.get(name)?.taskDefinition,
        result: 'not-updated',
      },
    ]),
  );
  const first = inputs.services[0] ? services.get(inputs.services[0]) : undefined;
  // Settled before the first change, since a missing subnet is an input problem.
  const plan = oneOffPlan(inputs, def, first);
  let arn: string | undefined;
  let runTaskArn: string | undefined;
  let outcome = 'failed';
  try {
    const choice = await host.log.group(`Task definition ${def.family}`, () =>
      chooseRevision(
        ecs,
        def,
        [...services.values()].map((s) => s.taskDefinition ?? ''),
        { dryRun: inputs.dryRun, log: (m) => host.log.info(m), warn: (m) => host.log.warn(m) },
      ),
    );
    arn = choice.arn;

    if (inputs.dryRun) {
      if (inputs.runTask)
        host.log.info(
          `dry run: would run a one-off task (${plan.command?.join(' ') ?? 'image command'}) and wait for it`,
        );
      for (const [name, r] of results) {
        r.result = 'dry-run';
        r.taskDefinition = arn;
        const bg = blueGreen.get(name);
        if (bg) {
          host.log.info(
            `dry run: would deploy ${name} blue/green from ${revisionOf(r.previousTaskDefinition)} to ${arn ? revisionOf(arn) : 'the new revision'} through CodeDeploy ${bg.application}/${bg.group}`,
          );
          continue;
        }
        host.log.info(
          `dry run: would update ${name} from ${revisionOf(r.previousTaskDefinition)} to ${arn ? revisionOf(arn) : 'the new revision'}` +
            `${inputs.forceNewDeployment ? ' (forced new deployment)' : ''}${inputs.desiredCount !== undefined ? `, desired count ${inputs.desiredCount}` : ''}`,
        );
      }
      outcome = 'dry run';
      return outputs(arn, [...results.values()], runTaskArn);
    }
    const revision = arn as string;

    if (inputs.runTask) {
      await host.log.group('One-off task', () =>
        runOneOff(inputs, deps, revision, def, plan, now, (taskArn) => (runTaskArn = taskArn)),
      );
    }

    /** With a release store: the service's move to `revision`, recorded before it is made. */
    const recordMove = async (name: string, previous: string | undefined, blueGreen?: EcsBlueGreen): Promise<void> => {
      if (!step || !previous || previous === revision) return;
      await step.record({
        kind: 'ecs-service',
        cluster: inputs.cluster,
        service: shortName(name),
        previousTaskDefinition: previous,
        newTaskDefinition: revision,
        ...(blueGreen ? { blueGreen } : {}),
      });
    };
    const trackers = await host.log.group('Update services', async () => {
      const settled = await Promise.allSettled(
        inputs.services.map(async (name): Promise<Tracker | undefined> => {
          const bg = blueGreen.get(name);
          if (bg && cd) {
            const r = results.get(name) as ServiceResult;
            const appspec = bg.appspec(revision);
            const deploymentConfig = inputs.codeDeploy?.deploymentConfig;
            // Recorded before the deployment starts, with what `rollback` needs to deploy the previous
            // revision the same way (UpdateService cannot move a CODE_DEPLOY service).
            await recordMove(name, runningTaskDefinition(services.get(name)), {
              application: bg.application,
              deploymentGroup: bg.group,
              appspec,
              ...(deploymentConfig ? { deploymentConfig } : {}),
            });
            r.deploymentId = await startBlueGreen(cd, {
              application: bg.application,
              group: bg.group,
              appspec,
              description: inputs.codeDeploy?.description,
              deploymentConfig,
            });
            r.taskDefinition = revision;
            r.result = 'updated';
            host.log.info(
              `${name}: ${revisionOf(r.previousTaskDefinition)} -> ${revisionOf(revision)}, CodeDeploy deployment ${r.deploymentId} (${bg.application}/${bg.group})`,
            );
            return undefined;
          }
          // Recorded before the service moves, so that `rollback` can put it back even if this run dies.
          await recordMove(name, services.get(name)?.taskDefinition);
          const res = await ecs.updateService({
            cluster: inputs.cluster,
            service: name,
            taskDefinition: revision,
            ...(inputs.forceNewDeployment ? { forceNewDeployment: true } : {}),
            ...(inputs.desiredCount !== undefined ? { desiredCount: inputs.desiredCount } : {}),
            ...(inputs.enableEcsManagedTags !== undefined ? { enableECSManagedTags: inputs.enableEcsManagedTags } : {}),
            ...(inputs.propagateTags ? { propagateTags: inputs.propagateTags } : {}),
            ...(inputs.serviceEbsVolume ? { volumeConfigurations: [inputs.serviceEbsVolume] } : {}),
          });
          const t = startTracking(name, revision, res.service, services.get(name));
          const r = results.get(name) as ServiceResult;
          r.taskDefinition = revision;
          r.deploymentId = t.deploymentId;
          r.result = 'updated';
          snapshot(r, res.service, t);
          host.log.info(
            `${name}: ${revisionOf(r.previousTaskDefinition)} -> ${revisionOf(revision)}, deployment ${t.deploymentId ?? '?'}`,
          );
          return t;
        }),
      );
      const failed = settled.flatMap((s, i) =>
        s.status === 'rejected' ? [`${inputs.services[i]}: ${errorMessage(s.reason)}`] : [],
      );
      if (failed.length) {
        throw new ReleaseError(
          `the update failed for ${failed.join('; ')}${failed.length < settled.length ? ' (the other services were updated)' : ''}`,
        );
      }
      return settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
    });

    if (waits) {
      await host.log.group('Wait for stability', async () => {
        // Both kinds at once: a lost blue/green deployment is not kept waiting for a slow rolling one.
        const both = await Promise.allSettled([
          waitForStability(inputs, deps, trackers, results, now),
          cd && blueGreen.size ? waitForBlueGreen(inputs, deps, cd, blueGreen, results, now) : Promise.resolve(),
        ]);
        const failures = both.flatMap((b) => (b.status === 'rejected' ? [errorMessage(b.reason)] : []));
        if (failures.length) throw new ReleaseError(failures.join('\n'));
      });
    }
    if (inputs.healthCheckUrl) {
      const url = inputs.healthCheckUrl;
      await host.log.group('Health check', () =>
        waitForHealthy(url, {
          timeoutMs: inputs.healthCheckTimeout * 1000,
          intervalMs: Math.min(inputs.pollInterval * 1000, 5000),
          now,
          sleep: (ms) => host.sleep(ms),
          log: (m) => host.log.info(m),
          fetchImpl: deps.fetchImpl,
        }),
      );
    }
    // Tags resolve to digests only once tasks run them; the summary shows what really runs.
    if (waits && first && images.some((i) => !i.digest)) {
      try {
        const digests = await runningDigests(ecs, inputs.cluster, inputs.services[0] as string, revision);
        for (const i of images) i.digest ??= digests.get(i.container);
      } catch (err) {
        host.log.debug(`could not read running image digests: ${errorMessage(err)}`);
      }
    }
    outcome = waits ? 'succeeded' : 'updated (not waited for)';
    return outputs(arn, [...results.values()], runTaskArn);
  } finally {
    try {
      await host.summary(summaryMarkdown([...results.values()], images, arn, now() - started, outcome));
    } catch (err) {
      // A summary that cannot be written must not hide how the deploy went.
      host.log.warn(`could not write the job summary: ${errorMessage(err)}`);
    }
  }
}

function outputs(arn: string | undefined, results: ServiceResult[], runTaskArn?: string): Record<string, string> {
  return {
    'task-definition-arn': arn ?? '',
    'deployment-id': results.map((r) => r.deploymentId ?? '').join(','),
    'codedeploy-deployment-id': results
      .filter((r) => r.controller === 'CODE_DEPLOY')
      .map((r) => r.deploymentId ?? '')
      .join(','),
    // A JSON array, as the official action writes it (it can start several tasks; ours starts one).
    'run-task-arn': runTaskArn ? JSON.stringify([runTaskArn]) : '',
    services: JSON.stringify(results),
  };
}
