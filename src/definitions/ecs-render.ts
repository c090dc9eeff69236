import { existsSync, statSync } from 'node:fs';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError } from '../runtime/errors.js';
import type { RunContext } from '../runtime/context.js';
import type { InputReader, KeyValue } from '../runtime/inputs.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
import { parseCommand } from './ecs-deploy.js';

export type RenderSource =
  | { kind: 'file'; path: string }
  | {
      kind: 'family';
      /** The family, when the source is named by family (with or without revision). */
      family?: string;
      /** With family: this revision instead of the latest. */
      revision?: number;
      /** A full task definition ARN (task-definition-arn) instead of a family. */
      arn?: string;
      /** With a family: the revision that service runs now, instead of the family's latest. */
      service?: string;
      cluster: string;
      aws: AwsCommon;
    };

/** Log driver names ECS accepts in logConfiguration.logDriver. */
export const LOG_DRIVERS = [
  'json-file',
  'syslog',
  'journald',
  'logentries',
  'gelf',
  'fluentd',
  'awslogs',
  'splunk',
  'awsfirelens',
] as const;

export interface EcsRenderInputs {
  source: RenderSource;
  /** The containers named by container-name (comma-separated), in that order; empty when not given. */
  containerNames: string[];
  /** container undefined: the only container of the task definition (checked when it is read). */
  images: Array<{ container?: string; image: string }>;
  environment: KeyValue[];
  /** The local dotenv file (dotenv-file). */
  dotenvFile?: string;
  /** S3 object ARNs for the containers' environmentFiles (env-files); undefined leaves them alone. */
  envFiles?: string[];
  secrets: KeyValue[];
  dockerLabels: KeyValue[];
  logDriver?: string;
  logOptions: KeyValue[];
  /** The container command (command), as an argument list. */
  command?: string[];
  taskRoleArn?: string;
  executionRoleArn?: string;
  cpu?: string;
  memory?: string;
  outputFile?: string;
  imagedefinitionsFile?: string;
  imageDetailFile?: string;
}

// The image check is repeated here (rather than imported from src/ecs) to keep this file free of
// anything but the runtime: it is loaded for --help.
const IMAGE = /^[^\s@]+(@sha256:[a-f0-9]{64})?$/;
const CONTAINER = /^[A-Za-z0-9_-]{1,255}$/;
const FAMILY = /^[A-Za-z0-9_-]{1,255}$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f)?:iam::\d{12}:role\/.+$/;
const TASK_DEFINITION_ARN = /^arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/;
const S3_ARN = /^arn:aws[\w-]*:s3:::[^\s/]+\/\S+$/;

function roleArn(reader: InputReader, name: string): string | undefined {
  const v = reader.string(name);
  if (v && !ROLE_ARN.test(v)) {
    throw new InputError(name, `"${v}" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`);
  }
  return v;
}

/** container-name: one name, or several separated by commas (as the official action takes them). */
function containerNames(reader: InputReader): string[] {
  const v = reader.string('container-name');
  if (v === undefined) return [];
  const names = v.split(',').map((n) => n.trim());
  for (const n of names) {
    if (n === '')
      throw new InputError('container-name', `"${v}" has an empty name; give one name or names separated by commas`);
    if (!CONTAINER.test(n)) throw new InputError('container-name', `"${n}" is not a container name`);
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new InputError('container-name', `"${dup}" is listed twice`);
  return names;
}

function checkImage(name: string, image: string): void {
  if (!IMAGE.test(image))
    throw new InputError(name, `"${image}" is not an image reference (repository:tag or repository@sha256:digest)`);
}

function outputPath(reader: InputReader, name: string): string | undefined {
  const p = reader.path(name, existsSync);
  if (p && existsSync(p) && statSync(p).isDirectory())
    throw new InputError(name, `${p} is a directory; give a file path`);
  return p;
}

/** Where the render starts: a file, or a revision in ECS (by ARN, family and revision, family, or service). */
function renderSource(reader: InputReader, context: RunContext): RenderSource {
  const file = reader.path('task-definition', existsSync);
  const arn = reader.string('task-definition-arn');
  const family = reader.string('task-definition-family');
  const revisionText = reader.string('task-definition-revision');
  // One source only: the official action silently prefers the file, then the ARN; a second source given
  // by mistake would deploy something other than what the reader of the workflow expects.
  const given = [file && 'task-definition', arn && 'task-definition-arn', family && 'task-definition-family'].filter(
    (x): x is string => !!x,
  );
  if (given.length > 1) {
    const which = given.length === 2 ? `either ${given.join(' or ')}, not both` : `one of ${given.join(', ')}`;
    throw new InputError(given[1] as string, `give ${which}`);
  }
  if (given.length === 0) {
    if (revisionText) throw new InputError('task-definition-revision', 'is only used with task-definition-family');
    throw new InputError('task-definition', 'is required (or give task-definition-arn or task-definition-family)');
  }
  const service = reader.string('service');
  if (service && !family) throw new InputError('service', 'is only used with task-definition-family');
  if (reader.given('cluster') && !service) throw new InputError('cluster', 'is only used with service');
  if (revisionText && !family)
    throw new InputError('task-definition-revision', 'is only used with task-definition-family');
  const revision = reader.int('task-definition-revision', { min: 1 });
  if (revision !== undefined && service) {
    throw new InputError('task-definition-revision', 'and service both choose the revision; give one');
  }

  if (file) {
    if (!existsSync(file)) throw new InputError('task-definition', `file ${file} does not exist`);
    if (!statSync(file).isFile()) throw new InputError('task-definition', `${file} is not a file`);
    return { kind: 'file', path: file };
  }
  if (arn && !TASK_DEFINITION_ARN.test(arn)) {
    throw new InputError(
      'task-definition-arn',
      `"${arn}" is not a task definition ARN (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>)`,
    );
  }
  if (family && !FAMILY.test(family)) {
    throw new InputError('task-definition-family', `"${family}" is not a task definition family name`);
  }
  return {
    kind: 'family',
    family,
    revision,
    arn,
    service,
    cluster: reader.value('cluster'),
    aws: readAwsCommon(reader, context),
  };
}

export const ecsRender: CommandDefinition<EcsRenderInputs> = {
  name: 'ecs-render',
  title: 'Render an ECS task definition',
  description:
    'Put new images (pinned by digest), environment, secrets, labels and task size into a task definition file, and write the imagedefinitions.json / imageDetail.json files CodePipeline reads. No AWS call unless task-definition-family is used.',
  inputs: {
    'task-definition': {
      description:
        'Task definition file, JSON or YAML; the {"taskDefinition": ...} output of describe-task-definition works too.',
    },
    'task-definition-arn': {
      description: 'Instead of a file: start from this registered revision (its full ARN).',
    },
    'task-definition-family': {
      description: 'Instead of a file: start from the latest revision of this family in ECS.',
    },
    'task-definition-revision': {
      description: 'With task-definition-family: start from this revision instead of the latest.',
    },
    service: { description: 'With task-definition-family: start from the revision this service runs now.' },
    cluster: { description: 'Cluster of service.', default: 'default' },
    'container-name': {
      description:
        'Container that gets image, environment, secrets, labels, log configuration, command and env-files; several separated by commas (each gets them all). Optional with one container.',
    },
    image: { description: 'New image for container-name, best pinned by digest (repository@sha256:...).' },
    images: { description: 'Lines CONTAINER=IMAGE, to set the images of several containers.', multiple: true },
    'environment-variables': {
      description: 'Lines KEY=VALUE (split at the first =) to update or append; an empty value is kept.',
      multiple: true,
    },
    'dotenv-file': {
      description:
        'A local dotenv file (e.g. .env.production) merged like environment-variables, first. (Not env-file: Node reads --env-file itself.)',
    },
    'env-files': {
      description:
        'S3 object ARNs, one per line: they replace the container’s environmentFiles (ECS reads them when tasks start).',
      multiple: true,
    },
    secrets: { description: 'Lines NAME=valueFrom (a Secrets Manager or SSM parameter ARN).', multiple: true },
    'docker-labels': { description: 'Lines KEY=VALUE of Docker labels to set.', multiple: true },
    'log-configuration-log-driver': {
      description: `Set logConfiguration.logDriver (${LOG_DRIVERS.join(', ')}).`,
    },
    'log-configuration-options': {
      description: 'Lines KEY=VALUE to set in logConfiguration.options.',
      multiple: true,
    },
    command: {
      description: 'The container command, as a JSON array or space-separated words.',
    },
    'task-role-arn': { description: 'Set taskRoleArn (the role the task’s code runs as).' },
    'execution-role-arn': { description: 'Set executionRoleArn (the role ECS uses to pull images and read secrets).' },
    cpu: { description: 'Task CPU, e.g. 256 or "1 vCPU" (written as 1024, the form ECS stores).' },
    memory: { description: 'Task memory in MiB, e.g. 512 or "2 GB" (written as 2048, the form ECS stores).' },
    'output-file': { description: 'Where to write the rendered task definition (default: a new temporary file).' },
    'imagedefinitions-file': {
      description: 'Also write imagedefinitions.json ([{"name","imageUri"}]) for CodePipeline’s ECS deploy action.',
    },
    'image-detail-file': {
      description:
        'Also write imageDetail.json ({"ImageURI"}) for CodePipeline’s ECS blue/green (CodeDeploy) action: the image of container-name (required unless one image is set or there is one container).',
    },
    ...awsInputs,
  },
  outputs: {
    'task-definition': 'Path of the rendered task definition file.',
    'imagedefinitions-file': 'Path of the imagedefinitions.json written, empty when none.',
    'image-detail-file': 'Path of the imageDetail.json written, empty when none.',
  },
  parse(reader, context) {
    const source = renderSource(reader, context);
    const names = containerNames(reader);
    const images: EcsRenderInputs['images'] = [];
    const image = reader.string('image');
    if (image) {
      checkImage('image', image);
      if (names.length === 0) images.push({ image });
      for (const container of names) images.push({ container, image });
    }
    for (const { key, value } of reader.pairs('images')) {
      if (!CONTAINER.test(key)) throw new InputError('images', `"${key}" is not a container name`);
      checkImage('images', value);
      const same = images.find((i) => (i.container ?? names[0]) === key);
      if (same && same.image !== value)
        throw new InputError('images', `container "${key}" is given two different images`);
      if (!same) images.push({ container: key, image: value });
    }

    // imageDetail.json names one image, the one CodeDeploy replaces; with several set it cannot be guessed.
    const distinct = new Set(images.map((i) => i.image));
    if (distinct.size > 1 && names.length === 0 && reader.has('image-detail-file')) {
      throw new InputError(
        'container-name',
        `is required with image-detail-file when several images are set (${images.map((i) => i.container ?? '(the only container)').join(', ')}): imageDetail.json names the image of one container, the one CodeDeploy replaces`,
      );
    }

    const environment = reader.pairs('environment-variables');
    for (const { key } of environment) {
      if (/\s/.test(key)) throw new InputError('environment-variables', `"${key}" is not a variable name`);
    }
    const dotenvFile = reader.path('dotenv-file', existsSync);
    if (dotenvFile && !existsSync(dotenvFile)) throw new InputError('dotenv-file', `file ${dotenvFile} does not exist`);
    const envFiles = reader.has('env-files') ? reader.list('env-files') : undefined;
    for (const arn of envFiles ?? []) {
      if (!S3_ARN.test(arn)) {
        throw new InputError(
          'env-files',
          `"${arn}" is not an S3 object ARN (arn:aws:s3:::bucket/key.env); for a local dotenv file use dotenv-file`,
        );
      }
    }
    const secrets = reader.pairs('secrets');
    for (const { key, value } of secrets) {
      if (value === '')
        throw new InputError('secrets', `${key} has no valueFrom (a Secrets Manager or SSM parameter ARN)`);
    }
    const dockerLabels = reader.pairs('docker-labels');
    const logDriver = reader.choice('log-configuration-log-driver', LOG_DRIVERS);
    const logOptions = reader.pairs('log-configuration-options');

    const cpu = reader.string('cpu');
    if (cpu && !/^(\d+|\d+(\.\d+)? ?vCPU)$/i.test(cpu)) {
      throw new InputError('cpu', `"${cpu}" is not a CPU size such as 256, 1024 or "1 vCPU"`);
    }
    const memory = reader.string('memory');
    if (memory && !/^(\d+|\d+(\.\d+)? ?GB)$/i.test(memory)) {
      throw new InputError('memory', `"${memory}" is not a memory size such as 512, 2048 or "2 GB"`);
    }

    return {
      source,
      containerNames: names,
      images,
      environment,
      dotenvFile,
      envFiles,
      secrets,
      dockerLabels,
      logDriver,
      logOptions,
      command: parseCommand(reader, 'command'),
      taskRoleArn: roleArn(reader, 'task-role-arn'),
      executionRoleArn: roleArn(reader, 'execution-role-arn'),
      cpu,
      memory,
      outputFile: outputPath(reader, 'output-file'),
      imagedefinitionsFile: outputPath(reader, 'imagedefinitions-file'),
      imageDetailFile: outputPath(reader, 'image-detail-file'),
    };
  },
  load: () => import('../commands/ecs-render.js'),
};
