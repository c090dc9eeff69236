import { existsSync, statSync } from 'node:fs';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError } from '../runtime/errors.js';
import type { InputReader } from '../runtime/inputs.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';

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
}

export interface EcsDeployInputs extends AwsCommon {
  taskDefinition: string;
  cluster: string;
  services: string[];
  waitForServiceStability: boolean;
  /** Minutes. */
  waitTimeout: number;
  /** Seconds between polls (fractions allowed so that tests can poll fast). */
  pollInterval: number;
  forceNewDeployment: boolean;
  desiredCount?: number;
  runTask?: RunTaskInputs;
  healthCheckUrl?: string;
  /** Seconds. */
  healthCheckTimeout: number;
}

const SERVICE = /^(arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:service\/[\w-]+\/)?[A-Za-z0-9_-]{1,255}$/;
const CLUSTER = /^(arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/)?[A-Za-z0-9_-]{1,255}$/;

/** A number of seconds, fractions allowed. */
function seconds(reader: InputReader, name: string, range: { min: number; max: number }): number {
  const v = reader.value(name);
  if (!/^\d+(\.\d+)?$/.test(v)) throw new InputError(name, `expected a number of seconds, got "${v}"`);
  const n = Number(v);
  if (n < range.min || n > range.max) {
    throw new InputError(name, `must be between ${range.min} and ${range.max} seconds, got ${v}`);
  }
  return n;
}

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

const RUN_TASK_DETAILS = [
  'run-task-command',
  'run-task-container',
  'run-task-subnets',
  'run-task-security-groups',
  'run-task-launch-type',
  'run-task-assign-public-ip',
] as const;

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
      description: 'Service(s) to update, one per line; several are updated in parallel. Empty: only register.',
      multiple: true,
    },
    'wait-for-service-stability': {
      description: 'Wait until every service runs the new revision and its rollout completed.',
      default: 'true',
    },
    'wait-timeout': { description: 'Minutes to wait for stability (and for the one-off task).', default: '30' },
    'poll-interval': { description: 'Seconds between status polls while waiting.', default: '15' },
    'force-new-deployment': {
      description: 'Start a new deployment even when the revision is unchanged (e.g. to pull a moved tag).',
      default: 'false',
    },
    'desired-count': { description: 'Set the services’ desired task count.' },
    'run-task': {
      description:
        'Run a one-off task on the new revision before the services update (e.g. a DB migration); it must stop with every essential container exiting 0.',
      default: 'false',
    },
    'run-task-command': {
      description: 'Command for the one-off task, as a JSON array or space-separated words.',
    },
    'run-task-container': {
      description: 'Container that gets run-task-command; defaults to the first essential container.',
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
      description: 'Give the one-off task a public IP (Fargate in a public subnet without NAT).',
      default: 'false',
    },
    'health-check-url': {
      description:
        'After the services are stable, poll this URL until it answers 2xx (needs wait-for-service-stability).',
    },
    'health-check-timeout': { description: 'Seconds to wait for health-check-url to answer 2xx.', default: '300' },
    ...awsInputs,
  },
  outputs: {
    'task-definition-arn': 'ARN of the revision deployed (registered now, or reused when unchanged).',
    'deployment-id': 'The new deployment id per service, comma-separated in the order of service.',
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
      const subnets = reader.list('run-task-subnets', { commas: true });
      for (const s of subnets) {
        if (!/^subnet-[0-9a-f]+$/.test(s)) throw new InputError('run-task-subnets', `"${s}" is not a subnet id`);
      }
      const groups = reader.list('run-task-security-groups', { commas: true });
      for (const g of groups) {
        if (!/^sg-[0-9a-f]+$/.test(g))
          throw new InputError('run-task-security-groups', `"${g}" is not a security group id`);
      }
      if (groups.length && !subnets.length && !services.length) {
        throw new InputError('run-task-subnets', 'is required with run-task-security-groups when no service is given');
      }
      runTaskInputs = {
        command: parseCommand(reader, 'run-task-command'),
        container: reader.string('run-task-container'),
        subnets,
        securityGroups: groups,
        launchType: reader.choice('run-task-launch-type', ['FARGATE', 'EC2', 'EXTERNAL'] as const),
        assignPublicIp: reader.boolean('run-task-assign-public-ip'),
      };
    } else {
      const stray = RUN_TASK_DETAILS.find((n) => reader.has(n));
      if (stray) throw new InputError(stray, 'is set but run-task is not true');
    }

    if (!services.length) {
      // Without a service these would silently do nothing.
      if (reader.has('desired-count')) throw new InputError('desired-count', 'needs a service to update');
      if (reader.boolean('force-new-deployment'))
        throw new InputError('force-new-deployment', 'needs a service to update');
      if (reader.has('health-check-url')) throw new InputError('health-check-url', 'needs a service to update');
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
    return {
      ...aws,
      taskDefinition: file,
      cluster,
      services,
      waitForServiceStability: wait,
      waitTimeout: reader.requiredInt('wait-timeout', { min: 1, max: 720 }),
      pollInterval: seconds(reader, 'poll-interval', { min: 0.01, max: 300 }),
      forceNewDeployment: reader.boolean('force-new-deployment'),
      desiredCount: reader.int('desired-count', { min: 0, max: 100000 }),
      runTask: runTaskInputs,
      healthCheckUrl: reader.url('health-check-url'),
      healthCheckTimeout: seconds(reader, 'health-check-timeout', { min: 1, max: 3600 }),
    };
  },
  load: () => import('../commands/ecs-deploy.js'),
};
