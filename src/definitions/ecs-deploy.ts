import { existsSync, statSync } from 'node:fs';
import type {
  CapacityProviderStrategyItem,
  ContainerOverride,
  ServiceManagedEBSVolumeConfiguration,
  Tag,
  TaskManagedEBSVolumeConfiguration,
} from '@aws-sdk/client-ecs';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError } from '../runtime/errors.js';
import type { InputReader } from '../runtime/inputs.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
import { readReleaseOptions, releaseInputs, type ReleaseOptions } from './release-inputs.js';

export type LaunchType = 'FARGATE' | 'EC2' | 'EXTERNAL';

export interface RunTaskInputs {
  /** The command override, as an argument list; undefined keeps the image's command. */
  command?: string[];
  /** The container the command applies to; undefined means the first essential container. */
  container?: string;
  subnets: string[];
  securityGroups: string[];
  /** undefined: the first service's launch type or capacity provider strategy, else the cluster default. */
  launchType?: LaunchType;
  assignPublicIp: boolean;
  /** run-task-container-overrides: RunTask's containerOverrides as given (JSON). */
  containerOverrides?: ContainerOverride[];
  /** RunTask's startedBy. */
  startedBy?: string;
  tags?: Tag[];
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** false: start the task and go on (wait-for-task-stopped: false); its exit is then not checked. */
  wait?: boolean;
  ebsVolume?: { name: string; managedEBSVolume: TaskManagedEBSVolumeConfiguration };
}

/** How a CODE_DEPLOY (blue/green) service is deployed. */
export interface CodeDeployInputs {
  /** An AppSpec file (YAML or JSON); undefined builds it from the service's load balancer. */
  appspec?: string;
  /** undefined: AppECS-<cluster>-<service>, as the ECS console names it. */
  application?: string;
  /** undefined: DgpECS-<cluster>-<service>. */
  deploymentGroup?: string;
  description?: string;
  deploymentConfig?: string;
}

export interface EcsDeployInputs extends AwsCommon {
  /** Set with release-store: the services' previous task definitions are recorded (and the services locked). */
  release?: ReleaseOptions;
  taskDefinition: string;
  cluster: string;
  services: string[];
  waitForServiceStability: boolean;
  /** Minutes (wait-for-minutes). */
  waitTimeout: number;
  /** Seconds between polls (fractions allowed so that tests can poll fast). */
  pollInterval: number;
  forceNewDeployment: boolean;
  desiredCount?: number;
  runTask?: RunTaskInputs;
  healthCheckUrl?: string;
  /** Seconds. */
  healthCheckTimeout: number;
  /** SDK retries per AWS call (max-retries); the SDK makes this many plus one attempts. */
  maxRetries?: number;
  /** Keys whose empty values are kept when the file is cleaned before registering (keep-null-value-keys). */
  keepNullValueKeys?: string[];
  /** undefined: not sent (the service's setting stays). */
  enableEcsManagedTags?: boolean;
  propagateTags?: 'SERVICE' | 'TASK_DEFINITION' | 'NONE';
  serviceEbsVolume?: { name: string; managedEBSVolume: ServiceManagedEBSVolumeConfiguration };
  codeDeploy?: CodeDeployInputs;
}

const SERVICE = /^(arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:service\/[\w-]+\/)?[A-Za-z0-9_-]{1,255}$/;
const CLUSTER = /^(arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/)?[A-Za-z0-9_-]{1,255}$/;

/** A JSON array of strings, or words separated by spaces (no shell quoting: use JSON for that). */
export function parseCommand(reader: InputReader, name: string): string[] | undefined {
  const v = reader.value(name);
  if (v === '') return undefined;
  if (v.startsWith('[')) {
    const parsed = reader.json(name);
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((p) => typeof p === 'string')) {
      throw new InputError(name, 'must be a non-empty JSON array of strings, e.g. ["npm","run","migrate"]');
    }
    return parsed as string[];
  }
  if (/["']/.test(v)) {
    throw new InputError(name, 'contains quotes; give the command as a JSON array instead, e.g. ["sh","-c","..."]');
  }
  return v.split(/\s+/);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON array whose items pass `check` (which names what is wrong with one item, or returns undefined). */
function jsonArray<T>(
  reader: InputReader,
  name: string,
  example: string,
  check: (item: unknown) => string | undefined,
): T[] | undefined {
  if (!reader.has(name)) return undefined;
  const parsed = reader.json(name);
  if (!Array.isArray(parsed)) throw new InputError(name, `must be a JSON array, e.g. ${example}`);
  parsed.forEach((item, i) => {
    const problem = check(item);
    if (problem) throw new InputError(name, `item ${i + 1} ${problem} (e.g. ${example})`);
  });
  return parsed as T[];
}

/** The *-managed-ebs-volume pair: a volume name and its JSON configuration, which needs roleArn. */
function ebsVolume<T>(
  reader: InputReader,
  nameInput: string,
  configInput: string,
): { name: string; managedEBSVolume: T } | undefined {
  const name = reader.string(nameInput);
  const config = reader.json(configInput);
  if (config !== undefined && !isRecord(config)) throw new InputError(configInput, 'must be a JSON object');
  if (!name) {
    if (config !== undefined)
      throw new InputError(nameInput, `is required with ${configInput} (the volume name in the task definition)`);
    return undefined;
  }
  // The official action only warns and sends no volume; a deploy that silently drops the volume is worse.
  if (config === undefined || Object.keys(config).length === 0) {
    throw new InputError(configInput, `is required with ${nameInput} (a JSON object with at least roleArn)`);
  }
  if (typeof config['roleArn'] !== 'string')
    throw new InputError(configInput, 'must give roleArn (the role ECS uses to manage the volume)');
  return { name, managedEBSVolume: config as T };
}

/** true/false, or undefined when empty: a tri-state the API leaves alone when it is not sent. */
function optionalBoolean(reader: InputReader, name: string): boolean | undefined {
  const v = reader.value(name).toLowerCase();
  if (v === '') return undefined;
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw new InputError(name, `expected true or false, got "${reader.value(name)}"`);
}

/** run-task-assign-public-ip: the official ENABLED/DISABLED, or true/false. */
function assignPublicIp(reader: InputReader): boolean {
  const v = reader.value('run-task-assign-public-ip').toUpperCase();
  if (v === 'ENABLED') return true;
  if (v === 'DISABLED') return false;
  return reader.boolean('run-task-assign-public-ip');
}

const RUN_TASK_DETAILS = [
  'run-task-command',
  'run-task-container',
  'run-task-subnets',
  'run-task-security-groups',
  'run-task-launch-type',
  'run-task-assign-public-ip',
  'run-task-container-overrides',
  'run-task-started-by',
  'run-task-tags',
  'run-task-capacity-provider-strategy',
  'run-task-managed-ebs-volume-name',
  'run-task-managed-ebs-volume',
  'wait-for-task-stopped',
] as const;

const CODEDEPLOY_DETAILS = [
  'codedeploy-appspec',
  'codedeploy-application',
  'codedeploy-deployment-group',
  'codedeploy-deployment-description',
  'codedeploy-deployment-config',
] as const;

/** keep-null-value-keys: comma-separated names, or a JSON array of them (the official README shows both). */
function keepKeys(reader: InputReader): string[] {
  if (!reader.value('keep-null-value-keys').startsWith('['))
    return reader.list('keep-null-value-keys', { commas: true });
  const parsed = reader.json('keep-null-value-keys');
  if (!Array.isArray(parsed) || !parsed.every((k) => typeof k === 'string')) {
    throw new InputError('keep-null-value-keys', 'must be key names separated by commas, or a JSON array of them');
  }
  return parsed.map((k: string) => k.trim()).filter((k) => k !== '');
}

/** wait-for-minutes, or its former name wait-timeout (both at once only when they agree). */
function waitMinutes(reader: InputReader): number {
  const range = { min: 1, max: 720 };
  const old = reader.int('wait-timeout', range);
  if (old !== undefined && reader.given('wait-for-minutes')) {
    const now = reader.requiredInt('wait-for-minutes', range);
    if (now !== old)
      throw new InputError('wait-timeout', `is the former name of wait-for-minutes; give only wait-for-minutes`);
  }
  return old ?? reader.requiredInt('wait-for-minutes', range);
}

/** The one-off task's inputs, checked before anything runs. */
function readRunTask(reader: InputReader, hasService: boolean): RunTaskInputs {
  const subnets = reader.list('run-task-subnets', { commas: true });
  for (const s of subnets) {
    if (!/^subnet-[0-9a-f]+$/.test(s)) throw new InputError('run-task-subnets', `"${s}" is not a subnet id`);
  }
  const groups = reader.list('run-task-security-groups', { commas: true });
  for (const g of groups) {
    if (!/^sg-[0-9a-f]+$/.test(g))
      throw new InputError('run-task-security-groups', `"${g}" is not a security group id`);
  }
  if (groups.length && !subnets.length && !hasService) {
    throw new InputError('run-task-subnets', 'is required with run-task-security-groups when no service is given');
  }
  const containerOverrides = jsonArray<ContainerOverride>(
    reader,
    'run-task-container-overrides',
    '[{"name":"app","command":["npm","run","migrate"]}]',
    (o) => (isRecord(o) && typeof o['name'] === 'string' && o['name'] !== '' ? undefined : 'has no container name'),
  );
  const command = parseCommand(reader, 'run-task-command');
  const container = reader.string('run-task-container');
  if (command && containerOverrides?.some((o) => o.command && (container === undefined || o.name === container))) {
    throw new InputError(
      'run-task-command',
      'and a command in run-task-container-overrides are both given; give the command in one place',
    );
  }
  const tags = jsonArray<Tag>(reader, 'run-task-tags', '[{"key":"job","value":"migrate"}]', (t) =>
    isRecord(t) &&
    typeof t['key'] === 'string' &&
    t['key'] !== '' &&
    ['string', 'undefined'].includes(typeof t['value'])
      ? undefined
      : 'is not {"key": "...", "value": "..."}',
  );
  const strategy = jsonArray<CapacityProviderStrategyItem>(
    reader,
    'run-task-capacity-provider-strategy',
    '[{"capacityProvider":"FARGATE_SPOT","weight":1}]',
    (c) => (isRecord(c) && typeof c['capacityProvider'] === 'string' ? undefined : 'has no capacityProvider'),
  );
  const launchType = reader.choice('run-task-launch-type', ['FARGATE', 'EC2', 'EXTERNAL'] as const);
  if (launchType && strategy?.length) {
    throw new InputError(
      'run-task-launch-type',
      'and run-task-capacity-provider-strategy exclude each other; give one',
    );
  }
  const startedBy = reader.string('run-task-started-by');
  if (startedBy && !/^[\w-]{1,128}$/.test(startedBy)) {
    throw new InputError('run-task-started-by', 'may have up to 128 letters, digits, hyphens and underscores');
  }
  return {
    command,
    container,
    subnets,
    securityGroups: groups,
    launchType,
    assignPublicIp: assignPublicIp(reader),
    containerOverrides,
    startedBy,
    tags,
    capacityProviderStrategy: strategy?.length ? strategy : undefined,
    wait: reader.boolean('wait-for-task-stopped', true),
    ebsVolume: ebsVolume<TaskManagedEBSVolumeConfiguration>(
      reader,
      'run-task-managed-ebs-volume-name',
      'run-task-managed-ebs-volume',
    ),
  };
}

export const ecsDeploy: CommandDefinition<EcsDeployInputs> = {
  name: 'ecs-deploy',
  title: 'Deploy a task definition to ECS services',
  description:
    'Register the task definition (unless a service already runs the same one), optionally run a one-off task on it, update the services in parallel and wait until the rollout really succeeded.',
  inputs: {
    'task-definition': {
      description: 'Task definition file (JSON or YAML), e.g. the output of ecs-render.',
      required: true,
    },
    cluster: { description: 'ECS cluster name or ARN.', default: 'default' },
    service: {
      description:
        'Service(s) to update, one per line; several are updated in parallel. A service with the CODE_DEPLOY controller is deployed blue/green through CodeDeploy. Empty: only register.',
      multiple: true,
    },
    'wait-for-service-stability': {
      description:
        'Wait until every service runs the new revision and its rollout (or CodeDeploy deployment) completed. Unlike the official action, true by default.',
      default: 'true',
    },
    'wait-for-minutes': {
      description: 'Minutes to wait for stability (and for the one-off task).',
      default: '30',
    },
    'wait-timeout': { description: 'The former name of wait-for-minutes; still accepted.' },
    'poll-interval': { description: 'Seconds between status polls while waiting.', default: '15' },
    'wait-max-delay-seconds': {
      description: 'At most this many seconds between status polls (lowers poll-interval when smaller).',
    },
    'max-retries': {
      description: 'Retries of an AWS call that failed for a passing reason (throttling, 5xx, dropped connection).',
      default: '5',
    },
    'keep-null-value-keys': {
      description:
        'Comma-separated keys whose empty values ("", [], {}) are kept; by default empty values are removed from the file before registering (environment values and App Mesh proxy properties are always kept).',
    },
    'force-new-deployment': {
      description: 'Start a new deployment even when the revision is unchanged (e.g. to pull a moved tag).',
      default: 'false',
    },
    'desired-count': { description: 'Set the services’ desired task count.' },
    'enable-ecs-managed-tags': {
      description:
        'true or false: turn ECS managed tags (aws:ecs:clusterName, aws:ecs:serviceName) on or off for the services’ tasks and the one-off task. Empty: left as it is.',
    },
    'propagate-tags': {
      description:
        'SERVICE, TASK_DEFINITION or NONE: where the services’ tasks take their tags from. Empty: left as it is.',
    },
    'service-managed-ebs-volume-name': {
      description: 'Name of the task definition volume (configuredAtLaunch) that the service gives an EBS volume.',
    },
    'service-managed-ebs-volume': {
      description:
        'JSON ServiceManagedEBSVolumeConfiguration for that volume (roleArn required; sizeInGiB, volumeType, iops, throughput, snapshotId, encrypted, ...).',
    },
    'run-task': {
      description:
        'Run a one-off task on the new revision before the services update (e.g. a DB migration); by default the deploy waits for it and every essential container must exit 0.',
      default: 'false',
    },
    'wait-for-task-stopped': {
      description:
        'Wait for the one-off task to stop and check its exit codes before the services update. false: start it and go on. Unlike the official action, true by default.',
      default: 'true',
    },
    'run-task-command': {
      description: 'Command for the one-off task, as a JSON array or space-separated words.',
    },
    'run-task-container': {
      description: 'Container that gets run-task-command; defaults to the first essential container.',
    },
    'run-task-container-overrides': {
      description:
        'JSON array of RunTask container overrides, e.g. [{"name":"app","command":["npm","run","migrate"],"environment":[{"name":"K","value":"v"}]}]. Never feed it untrusted text.',
    },
    'run-task-started-by': {
      description: 'The startedBy of the one-off task (default aws-release-kit).',
    },
    'run-task-tags': {
      description: 'JSON array of tags for the one-off task, e.g. [{"key":"job","value":"migrate"}].',
    },
    'run-task-capacity-provider-strategy': {
      description:
        'JSON array of capacity provider strategy items for the one-off task, e.g. [{"capacityProvider":"FARGATE_SPOT","weight":1}].',
    },
    'run-task-subnets': {
      description: 'Subnet ids for the one-off task (awsvpc); defaults to the first service’s.',
      multiple: true,
    },
    'run-task-security-groups': {
      description: 'Security group ids for the one-off task; defaults to the first service’s.',
      multiple: true,
    },
    'run-task-launch-type': {
      description: 'FARGATE, EC2 or EXTERNAL; defaults to the first service’s launch type or capacity providers.',
    },
    'run-task-assign-public-ip': {
      description:
        'Give the one-off task a public IP (Fargate in a public subnet without NAT): ENABLED/DISABLED or true/false.',
      default: 'false',
    },
    'run-task-managed-ebs-volume-name': {
      description:
        'Name of the task definition volume (configuredAtLaunch) that the one-off task gets an EBS volume for.',
    },
    'run-task-managed-ebs-volume': {
      description: 'JSON TaskManagedEBSVolumeConfiguration for that volume (roleArn required).',
    },
    'codedeploy-appspec': {
      description:
        'AppSpec file (YAML or JSON) for CODE_DEPLOY services; its TaskDefinition is replaced by the revision deployed. Default: built from the service’s load balancer (container and port).',
    },
    'codedeploy-application': {
      description: 'CodeDeploy application of a CODE_DEPLOY service (default AppECS-<cluster>-<service>).',
    },
    'codedeploy-deployment-group': {
      description: 'CodeDeploy deployment group (default DgpECS-<cluster>-<service>).',
    },
    'codedeploy-deployment-description': {
      description: 'Description of the CodeDeploy deployment (cut to 512 characters).',
    },
    'codedeploy-deployment-config': {
      description:
        'CodeDeploy deployment configuration, e.g. CodeDeployDefault.ECSAllAtOnce (default: the deployment group’s).',
    },
    'health-check-url': {
      description:
        'After the services are stable, poll this URL until it answers 2xx (needs wait-for-service-stability).',
    },
    'health-check-timeout': { description: 'Seconds to wait for health-check-url to answer 2xx.', default: '300' },
    ...releaseInputs,
    ...awsInputs,
  },
  outputs: {
    'task-definition-arn': 'ARN of the revision deployed (registered now, or reused when unchanged).',
    'deployment-id': 'The new deployment id per service (ECS or CodeDeploy), comma-separated in the order of service.',
    'codedeploy-deployment-id':
      'The CodeDeploy deployment id(s) of CODE_DEPLOY services, comma-separated; empty when none.',
    'run-task-arn':
      'JSON array with the ARN of the one-off task, e.g. ["arn:aws:ecs:...:task/..."]; empty without run-task.',
    services: 'JSON list with each service’s final state (revisions, deployment, counts, result).',
  },
  parse(reader, context) {
    const aws = readAwsCommon(reader, context);
    const file = reader.path('task-definition', existsSync) ?? reader.required('task-definition');
    if (!existsSync(file)) throw new InputError('task-definition', `file ${file} does not exist`);
    if (!statSync(file).isFile()) throw new InputError('task-definition', `${file} is not a file`);
    const cluster = reader.value('cluster');
    if (!CLUSTER.test(cluster)) throw new InputError('cluster', `"${cluster}" is not a cluster name or ARN`);
    const services = reader.list('service', { commas: true });
    for (const s of services)
      if (!SERVICE.test(s)) throw new InputError('service', `"${s}" is not a service name or ARN`);
    const names = services.map((s) => s.split('/').pop());
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new InputError('service', `"${dup}" is listed twice`);

    const runTask = reader.boolean('run-task');
    let runTaskInputs: RunTaskInputs | undefined;
    if (runTask) {
      runTaskInputs = readRunTask(reader, services.length > 0);
    } else {
      const stray = RUN_TASK_DETAILS.find((n) => reader.given(n));
      if (stray) throw new InputError(stray, 'is set but run-task is not true');
    }

    if (!services.length) {
      // Without a service these would silently do nothing.
      for (const name of [
        'desired-count',
        'health-check-url',
        'propagate-tags',
        'service-managed-ebs-volume-name',
        'service-managed-ebs-volume',
        ...CODEDEPLOY_DETAILS,
      ]) {
        if (reader.given(name)) throw new InputError(name, 'needs a service to update');
      }
      if (reader.boolean('force-new-deployment'))
        throw new InputError('force-new-deployment', 'needs a service to update');
    }
    const wait = reader.boolean('wait-for-service-stability', true);
    // Without the wait, the URL would be polled while the rollout has barely started and would
    // answer from the OLD tasks: a passing check that proves nothing.
    if (!wait && reader.has('health-check-url')) {
      throw new InputError(
        'health-check-url',
        'needs wait-for-service-stability: true (without it, the check would pass on the old tasks while the new ones are still starting)',
      );
    }
    const codedeployAppspec = reader.path('codedeploy-appspec', existsSync);
    if (codedeployAppspec && !existsSync(codedeployAppspec)) {
      throw new InputError('codedeploy-appspec', `file ${codedeployAppspec} does not exist`);
    }
    for (const name of ['codedeploy-application', 'codedeploy-deployment-group'] as const) {
      const v = reader.string(name);
      if (v && !/^[\w.+@=,-]{1,100}$/.test(v)) throw new InputError(name, `"${v}" is not a CodeDeploy name`);
    }
    const pollInterval = reader.seconds('poll-interval', { min: 0.01, max: 300 });
    const maxDelay = reader.has('wait-max-delay-seconds')
      ? reader.seconds('wait-max-delay-seconds', { min: 0.01, max: 3600 })
      : undefined;
    const keep = keepKeys(reader);
    for (const k of keep) {
      if (!/^[A-Za-z0-9_.:/-]+$/.test(k)) throw new InputError('keep-null-value-keys', `"${k}" is not a key name`);
    }
    return {
      release: readReleaseOptions(reader, context),
      ...aws,
      taskDefinition: file,
      cluster,
      services,
      waitForServiceStability: wait,
      waitTimeout: waitMinutes(reader),
      pollInterval: maxDelay === undefined ? pollInterval : Math.min(pollInterval, maxDelay),
      forceNewDeployment: reader.boolean('force-new-deployment'),
      desiredCount: reader.int('desired-count', { min: 0, max: 100000 }),
      runTask: runTaskInputs,
      healthCheckUrl: reader.url('health-check-url'),
      healthCheckTimeout: reader.seconds('health-check-timeout', { min: 1, max: 3600 }),
      maxRetries: reader.requiredInt('max-retries', { min: 0, max: 20 }),
      keepNullValueKeys: keep,
      enableEcsManagedTags: optionalBoolean(reader, 'enable-ecs-managed-tags'),
      propagateTags: reader.choice('propagate-tags', ['SERVICE', 'TASK_DEFINITION', 'NONE'] as const),
      serviceEbsVolume: ebsVolume<ServiceManagedEBSVolumeConfiguration>(
        reader,
        'service-managed-ebs-volume-name',
        'service-managed-ebs-volume',
      ),
      codeDeploy: {
        appspec: codedeployAppspec,
        application: reader.string('codedeploy-application'),
        deploymentGroup: reader.string('codedeploy-deployment-group'),
        description: reader.string('codedeploy-deployment-description'),
        deploymentConfig: reader.string('codedeploy-deployment-config'),
      },
    };
  },
  load: () => import('../commands/ecs-deploy.js'),
};
