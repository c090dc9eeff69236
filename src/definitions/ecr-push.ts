import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { shortSha, type RunContext } from '../runtime/context.js';
import { InputError } from '../runtime/errors.js';
import type { InputReader, KeyValue } from '../runtime/inputs.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
// Small modules without the SDK: this file is loaded for --help.
import { CONTAINER_CLIS, type ContainerCli } from '../ecr/cli.js';
import {
  TAG_MUTABILITIES,
  buildArgProblem,
  defaultLabels,
  labelProblem,
  mergeLabels,
  platformProblem,
  registryProblem,
  repositoryProblem,
  tagProblem,
  targetProblem,
  type TagMutability,
} from '../ecr/names.js';

export interface EcrBuild {
  context: string;
  dockerfile: string;
  buildArgs: KeyValue[];
  labels: KeyValue[];
  target?: string;
  platform?: string;
  /** Undefined: the first usable of docker, podman, buildah. */
  containerCli?: ContainerCli;
}

export interface EcrPushInputs extends AwsCommon {
  repository: string;
  /** At least one; the first names the `image` output. */
  tags: string[];
  /** Registry host overriding the one ECR reports. */
  registry?: string;
  createRepository: boolean;
  imageTagMutability: TagMutability;
  imageTagMutabilityGiven: boolean;
  scanOnPush: boolean;
  scanOnPushGiven: boolean;
  /** Lifecycle policy JSON text, read from the file. */
  lifecyclePolicy?: string;
  /** Replace an existing repository's differing lifecycle policy (otherwise: warn and leave it). */
  lifecyclePolicyUpdate: boolean;
  /** Set in promote mode: re-tag this existing image, build nothing. */
  sourceTag?: string;
  /** Set in build mode. */
  build?: EcrBuild;
}

/** Inputs that only mean something when ecr-push builds an image. */
const BUILD_INPUTS = ['context', 'dockerfile', 'build-args', 'target', 'platform', 'labels', 'container-cli'] as const;

/** Inputs that change the repository, which promote mode never does. */
const REPOSITORY_INPUTS = ['lifecycle-policy', 'lifecycle-policy-update'] as const;

function checked(input: string, value: string, problem: (v: string) => string | undefined): string {
  const p = problem(value);
  if (p) throw new InputError(input, p);
  return value;
}

function readTags(reader: InputReader, context: RunContext): string[] {
  const given = reader.list('tags', { commas: true });
  if (given.length === 0) {
    const sha = shortSha(context.sha);
    if (!sha) throw new InputError('tags', 'no tags given, and the default (the short commit SHA) is unknown here');
    return [sha];
  }
  for (const tag of given) checked('tags', tag, tagProblem);
  return [...new Set(given)];
}

function readLifecyclePolicy(reader: InputReader): string | undefined {
  const file = reader.path('lifecycle-policy', existsSync);
  if (!file) return undefined;
  if (!existsSync(file) || !statSync(file).isFile())
    throw new InputError('lifecycle-policy', `file ${file} does not exist`);
  const text = readFileSync(file, 'utf8');
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch (err) {
    throw new InputError('lifecycle-policy', `${file} is not valid JSON (${(err as Error).message})`);
  }
  const rules = (policy as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules) || rules.length === 0) {
    throw new InputError(
      'lifecycle-policy',
      `${file} is not an ECR lifecycle policy (an object with a non-empty "rules" list)`,
    );
  }
  return text;
}

function readBuild(reader: InputReader, context: RunContext): EcrBuild {
  const dir = reader.path('context', existsSync) ?? '.';
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError('context', `directory ${dir} does not exist`);
  // Like docker/build-push-action: the Dockerfile is found inside the context unless given, and a given
  // path is relative to the workspace, not to the context.
  const dockerfile = reader.path('dockerfile', existsSync) ?? path.join(dir, 'Dockerfile');
  if (!existsSync(dockerfile) || !statSync(dockerfile).isFile()) {
    throw new InputError(
      'dockerfile',
      `${dockerfile} does not exist${reader.has('dockerfile') ? '' : ' (the default is Dockerfile inside context)'}`,
    );
  }
  const buildArgs = reader.pairs('build-args');
  for (const { key } of buildArgs) checked('build-args', key, buildArgProblem);
  const labels = reader.pairs('labels');
  for (const { key } of labels) checked('labels', key, labelProblem);
  const target = reader.string('target');
  const platform = reader.string('platform');
  return {
    context: dir,
    dockerfile,
    buildArgs,
    labels: mergeLabels(defaultLabels(context), labels),
    target: target === undefined ? undefined : checked('target', target, targetProblem),
    platform: platform === undefined ? undefined : checked('platform', platform, platformProblem),
    containerCli: reader.choice('container-cli', CONTAINER_CLIS),
  };
}

export const ecrPush: CommandDefinition<EcrPushInputs> = {
  name: 'ecr-push',
  title: 'Build and push an image to ECR',
  description:
    'Build an image once, push it to ECR under every tag and hand on its digest; or promote an existing image to more tags without pulling it.',
  inputs: {
    repository: {
      description: 'ECR repository name, without the registry host (e.g. my-app or team/my-app).',
      required: true,
    },
    tags: {
      description:
        'Image tags, one per line or comma-separated; the first names the image output. Default: the short commit SHA.',
      multiple: true,
    },
    context: { description: 'Build context directory.', default: '.' },
    dockerfile: { description: 'Path to the Dockerfile. Default: Dockerfile inside the context.' },
    'build-args': { description: 'Build arguments, KEY=VALUE lines.', multiple: true },
    target: { description: 'Dockerfile stage to build.' },
    platform: { description: 'Target platform, os/arch[/variant] (e.g. linux/arm64). Default: the builder machine.' },
    labels: {
      description:
        'Image labels, KEY=VALUE lines, added to the OCI labels org.opencontainers.image.source/revision/version that are set from the run context.',
      multiple: true,
    },
    'container-cli': { description: `${CONTAINER_CLIS.join(', ')}. Default: the first usable one, in that order.` },
    registry: {
      description:
        'Registry host[:port] to push to instead of the one ECR reports (a mirror or test registry). The ECR token is only used with ECR hosts and loopback registries (reached over plain HTTP); for any other registry, log in before this step: ecr-push pushes with your login and reads digests anonymously.',
    },
    'create-repository': { description: 'Create the repository when it does not exist.', default: 'true' },
    'image-tag-mutability': {
      description: `${TAG_MUTABILITIES.join(' or ')}, for a repository ecr-push creates.`,
      default: 'MUTABLE',
    },
    'scan-on-push': {
      description: 'Basic vulnerability scan on push, for a repository ecr-push creates.',
      default: 'false',
    },
    'lifecycle-policy': {
      description:
        'JSON file with an ECR lifecycle policy, set on a repository ecr-push creates. An existing repository with another policy (or none) is left as it is, with a warning, unless lifecycle-policy-update is true.',
    },
    'lifecycle-policy-update': {
      description:
        "Replace an existing repository's lifecycle policy with the lifecycle-policy file when they differ (the repository may be shared).",
      default: 'false',
    },
    'source-tag': {
      description:
        'Promote mode: add the tags to the image that already has this tag in the repository (no build, no pull).',
    },
    ...awsInputs,
  },
  outputs: {
    registry: 'Registry host the image was pushed to.',
    image: 'registry/repository:first-tag.',
    'image-uri': 'registry/repository@sha256:..., the immutable reference for ECS and Lambda.',
    digest: 'Manifest digest (sha256:...), as the registry reports it for every tag.',
    tags: 'The tags, comma-separated.',
  },
  parse(reader, context) {
    const aws = readAwsCommon(reader, context);
    const repository = checked('repository', reader.required('repository'), repositoryProblem);
    const tags = readTags(reader, context);
    const registry = reader.string('registry');
    const sourceTag = reader.string('source-tag');
    if (sourceTag !== undefined) {
      checked('source-tag', sourceTag, tagProblem);
      for (const name of BUILD_INPUTS) {
        if (reader.has(name))
          throw new InputError(
            name,
            'does not apply with source-tag, which re-tags an existing image without building',
          );
      }
      for (const name of REPOSITORY_INPUTS) {
        if (reader.has(name))
          throw new InputError(
            name,
            'does not apply with source-tag: promote mode only adds tags and never changes the repository',
          );
      }
    }
    return {
      ...aws,
      repository,
      tags,
      registry: registry === undefined ? undefined : checked('registry', registry, registryProblem),
      createRepository: reader.boolean('create-repository', true),
      imageTagMutability: reader.choice('image-tag-mutability', TAG_MUTABILITIES) ?? 'MUTABLE',
      imageTagMutabilityGiven: reader.has('image-tag-mutability'),
      scanOnPush: reader.boolean('scan-on-push'),
      scanOnPushGiven: reader.has('scan-on-push'),
      lifecyclePolicy: readLifecyclePolicy(reader),
      lifecyclePolicyUpdate: reader.boolean('lifecycle-policy-update'),
      sourceTag,
      build: sourceTag === undefined ? readBuild(reader, context) : undefined,
    };
  },
  load: () => import('../commands/ecr-push.js'),
};
