import { existsSync, statSync } from 'node:fs';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError } from '../runtime/errors.js';
import type { InputReader, KeyValue } from '../runtime/inputs.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';

export type RenderSource =
  | { kind: 'file'; path: string }
  | {
      kind: 'family';
      family: string;
      /** With a service: the revision that service runs now, instead of the family's latest. */
      service?: string;
      cluster: string;
      aws: AwsCommon;
    };

export interface EcsRenderInputs {
  source: RenderSource;
  containerName?: string;
  /** container undefined: the only container of the task definition (checked when it is read). */
  images: Array<{ container?: string; image: string }>;
  environment: KeyValue[];
  envFile?: string;
  secrets: KeyValue[];
  dockerLabels: KeyValue[];
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
    'task-definition-family': {
      description: 'Instead of a file: start from the latest revision of this family in ECS.',
    },
    service: { description: 'With task-definition-family: start from the revision this service runs now.' },
    cluster: { description: 'Cluster of service.', default: 'default' },
    'container-name': {
      description: 'Container that gets image, environment, secrets and labels (optional with one container).',
    },
    image: { description: 'New image for container-name, best pinned by digest (repository@sha256:...).' },
    images: { description: 'Lines CONTAINER=IMAGE, to set the images of several containers.', multiple: true },
    'environment-variables': {
      description: 'Lines KEY=VALUE (split at the first =) to update or append; an empty value is kept.',
      multiple: true,
    },
    'env-file': { description: 'A dotenv file (e.g. .env.production) merged like environment-variables, first.' },
    secrets: { description: 'Lines NAME=valueFrom (a Secrets Manager or SSM parameter ARN).', multiple: true },
    'docker-labels': { description: 'Lines KEY=VALUE of Docker labels to set.', multiple: true },
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
    const file = reader.path('task-definition', existsSync);
    const family = reader.string('task-definition-family');
    if (file && family) {
      throw new InputError(
        'task-definition-family',
        'give either task-definition (a file) or task-definition-family, not both',
      );
    }
    if (!file && !family) throw new InputError('task-definition', 'is required (or give task-definition-family)');
    const service = reader.string('service');
    if (service && !family) throw new InputError('service', 'is only used with task-definition-family');
    if (reader.has('cluster') && !service) throw new InputError('cluster', 'is only used with service');

    let source: RenderSource;
    if (file) {
      if (!existsSync(file)) throw new InputError('task-definition', `file ${file} does not exist`);
      if (!statSync(file).isFile()) throw new InputError('task-definition', `${file} is not a file`);
      source = { kind: 'file', path: file };
    } else {
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(family ?? '')) {
        throw new InputError('task-definition-family', `"${family}" is not a task definition family name`);
      }
      source = {
        kind: 'family',
        family: family as string,
        service,
        cluster: reader.value('cluster'),
        aws: readAwsCommon(reader, context),
      };
    }

    const containerName = reader.string('container-name');
    if (containerName && !CONTAINER.test(containerName)) {
      throw new InputError('container-name', `"${containerName}" is not a container name`);
    }
    const images: EcsRenderInputs['images'] = [];
    const image = reader.string('image');
    if (image) {
      checkImage('image', image);
      images.push({ container: containerName, image });
    }
    for (const { key, value } of reader.pairs('images')) {
      if (!CONTAINER.test(key)) throw new InputError('images', `"${key}" is not a container name`);
      checkImage('images', value);
      const same = images.find((i) => (i.container ?? containerName) === key);
      if (same && same.image !== value)
        throw new InputError('images', `container "${key}" is given two different images`);
      if (!same) images.push({ container: key, image: value });
    }

    // imageDetail.json names one image, the one CodeDeploy replaces; with several set it cannot be guessed.
    if (images.length > 1 && !containerName && reader.has('image-detail-file')) {
      throw new InputError(
        'container-name',
        `is required with image-detail-file when several images are set (${images.map((i) => i.container ?? '(the only container)').join(', ')}): imageDetail.json names the image of one container, the one CodeDeploy replaces`,
      );
    }

    const environment = reader.pairs('environment-variables');
    for (const { key } of environment) {
      if (/\s/.test(key)) throw new InputError('environment-variables', `"${key}" is not a variable name`);
    }
    const envFile = reader.path('env-file', existsSync);
    if (envFile && !existsSync(envFile)) throw new InputError('env-file', `file ${envFile} does not exist`);
    const secrets = reader.pairs('secrets');
    for (const { key, value } of secrets) {
      if (value === '')
        throw new InputError('secrets', `${key} has no valueFrom (a Secrets Manager or SSM parameter ARN)`);
    }
    const dockerLabels = reader.pairs('docker-labels');

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
      containerName,
      images,
      environment,
      envFile,
      secrets,
      dockerLabels,
      cpu,
      memory,
      outputFile: outputPath(reader, 'output-file'),
      imagedefinitionsFile: outputPath(reader, 'imagedefinitions-file'),
      imageDetailFile: outputPath(reader, 'image-detail-file'),
    };
  },
  load: () => import('../commands/ecs-render.js'),
};
