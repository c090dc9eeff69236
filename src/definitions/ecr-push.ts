import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { shortSha, type RunContext } from '../runtime/context.js';
import { InputError } from '../runtime/errors.js';
import type { InputReader, KeyValue } from '../runtime/inputs.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
import { readReleaseOptions, releaseInputs, type ReleaseOptions } from './release-inputs.js';
// Small modules without the SDK: this file is loaded for --help.
import {
  attestationValue,
  buildContextProblem,
  envNameProblem,
  parseCacheEntry,
  platformsProblem,
  secretIdProblem,
  sshProblem,
  type BuildSecret,
  type CacheEntry,
  type CacheSettings,
} from '../ecr/build.js';
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
  /** Empty: the builder machine's platform. Several: one image index. */
  platforms: string[];
  /** Undefined: the first usable of docker, podman, buildah. */
  containerCli?: ContainerCli;
  cache: CacheSettings;
  noCache: boolean;
  pull: boolean;
  buildContexts: KeyValue[];
  secrets: BuildSecret[];
  ssh: string[];
  /** build-push-action values; undefined: off. */
  provenance?: string;
  sbom?: string;
  /** Image and file times; undefined: the commit time of HEAD in the context, found when the build runs. */
  sourceDateEpoch?: number;
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
  /** Other AWS accounts' ECR registries (account IDs) to log in to, for base images. */
  registries: string[];
  /** Also log in to ECR Public (public.ecr.aws) for base images. */
  ecrPublicLogin: boolean;
  /** Set with release-store: the tags that move are recorded in the release (and the repository locked). */
  release?: ReleaseOptions;
}

/** Inputs that only mean something when ecr-push builds an image. */
const BUILD_INPUTS = [
  'context',
  'dockerfile',
  'build-args',
  'target',
  'platform',
  'platforms',
  'labels',
  'container-cli',
  'cache-from',
  'cache-to',
  'no-cache',
  'pull',
  'build-contexts',
  'secrets',
  'secret-envs',
  'secret-files',
  'ssh',
  'provenance',
  'sbom',
  'source-date-epoch',
  'registries',
] as const;

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
  const provenance = attestationValue(reader.string('provenance'));
  const sbom = attestationValue(reader.string('sbom'));
  return {
    context: dir,
    dockerfile,
    buildArgs,
    labels: mergeLabels(defaultLabels(context), labels),
    target: target === undefined ? undefined : checked('target', target, targetProblem),
    platforms: readPlatforms(reader),
    containerCli: reader.choice('container-cli', CONTAINER_CLIS),
    cache: { from: readCache(reader, 'cache-from'), to: readCache(reader, 'cache-to') },
    noCache: reader.boolean('no-cache'),
    pull: reader.boolean('pull'),
    buildContexts: readBuildContexts(reader),
    secrets: readSecrets(reader),
    ssh: reader.list('ssh').map((s) => checked('ssh', s, sshProblem)),
    provenance,
    sbom,
    sourceDateEpoch: reader.int('source-date-epoch', { min: 0, max: 253402300799 }),
  };
}

function readPlatforms(reader: InputReader): string[] {
  const one = reader.string('platform');
  const many = [...new Set(reader.list('platforms', { commas: true }))];
  if (one !== undefined && many.length > 0)
    throw new InputError('platform', 'give platform or platforms, not both (platforms takes one or several)');
  if (one !== undefined) return [checked('platform', one, platformProblem)];
  const problem = platformsProblem(many);
  if (problem) throw new InputError('platforms', problem);
  return many;
}

function readCache(reader: InputReader, name: 'cache-from' | 'cache-to'): CacheEntry[] {
  return reader.list(name).map((line) => {
    const entry = parseCacheEntry(line);
    if (typeof entry === 'string') throw new InputError(name, entry);
    return entry;
  });
}

function readBuildContexts(reader: InputReader): KeyValue[] {
  const contexts = reader.pairs('build-contexts');
  for (const c of contexts) {
    const problem = buildContextProblem(c);
    if (problem) throw new InputError('build-contexts', problem);
  }
  return contexts;
}

/**
 * secrets (id=value), secret-envs (id=VARIABLE) and secret-files (id=path), as build-push-action
 * takes them. Messages name the id, never a value.
 */
function readSecrets(reader: InputReader): BuildSecret[] {
  const out: BuildSecret[] = [];
  const add = (input: string, id: string, source: BuildSecret['source']): void => {
    checked(input, id, secretIdProblem);
    if (out.some((s) => s.id === id)) throw new InputError(input, `secret id "${id}" is given twice`);
    out.push({ id, source });
  };
  for (const { key, value } of reader.pairs('secrets')) add('secrets', key, { kind: 'value', value });
  for (const { key, value } of reader.pairs('secret-envs'))
    add('secret-envs', key, { kind: 'env', name: checked('secret-envs', value, envNameProblem) });
  for (const { key, value } of reader.pairs('secret-files')) {
    // Relative to the working directory, which is the workspace in Actions and CodeBuild (as in build-push-action).
    const file = path.resolve(value);
    if (!existsSync(file) || !statSync(file).isFile())
      throw new InputError('secret-files', `${key}: file ${file} does not exist`);
    add('secret-files', key, { kind: 'file', path: file });
  }
  return out;
}

function readRegistries(reader: InputReader): string[] {
  const ids = [...new Set(reader.list('registries', { commas: true }))];
  for (const id of ids)
    if (!/^\d{12}$/.test(id)) throw new InputError('registries', `"${id}" is not an AWS account ID (12 digits)`);
  return ids;
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
    platform: {
      description:
        'One target platform, os/arch[/variant] (e.g. linux/arm64). Default: the builder machine. For several, use platforms.',
    },
    platforms: {
      description:
        'Target platforms, comma-separated or one per line (e.g. linux/amd64,linux/arm64). Several give one image index: image-uri is its digest, platform-digests has each platform. RUN steps for a foreign platform need qemu-user-static on the builder.',
      multiple: true,
    },
    'cache-from': {
      description:
        'Build cache sources, one per line, in build-push-action format (type=registry,ref=host/repo:tag; docker also type=local,src=dir, type=gha, ...). Default (with cache-to empty too): the registry cache described in the README (docker: tag buildcache of the repository; buildah/podman: repository <repository>-buildcache).',
      multiple: true,
    },
    'cache-to': {
      description:
        'Build cache destinations, one per line, same format as cache-from. A cache that cannot be read or written is a warning, never a failed build.',
      multiple: true,
    },
    'no-cache': { description: 'Build every step again (the cache is still written).', default: 'false' },
    pull: { description: 'Always pull a newer version of the base images.', default: 'false' },
    'build-contexts': {
      description:
        'Additional build contexts, name=path or name=docker-image://ref lines (FROM name / COPY --from=name).',
      multiple: true,
    },
    secrets: {
      description:
        'Build secrets, id=value lines, for RUN --mount=type=secret,id=<id>. Passed to the CLI in its environment, never as an argument; masked in every log line; never stored in the image.',
      multiple: true,
      secret: true,
    },
    'secret-envs': {
      description: 'Build secrets taken from environment variables of the step, id=VARIABLE lines.',
      multiple: true,
    },
    'secret-files': {
      description: 'Build secrets taken from files, id=path lines (relative to the working directory).',
      multiple: true,
    },
    ssh: {
      description:
        'SSH agent sockets or keys for RUN --mount=type=ssh, one per line: default or id[=socket|key[,key]].',
      multiple: true,
    },
    provenance: {
      description:
        'docker (buildx) only: provenance attestation, as build-push-action takes it (true, mode=max, ...). Off by default: an image with attestations is an index, which Lambda cannot run.',
    },
    sbom: {
      description: 'docker (buildx) only: SBOM attestation (true or generator=...). Off by default, like provenance.',
    },
    'source-date-epoch': {
      description:
        'Seconds since 1970 for the image created time and every file time in its layers. Default: the commit time of HEAD in the context (git), so that the same commit gives the same digest.',
    },
    registries: {
      description:
        "Other AWS accounts' ECR registries to log in to for base images, as account IDs (comma-separated), in the same region. Logged in within the throwaway credentials store, like the push.",
      multiple: true,
    },
    'ecr-public-login': {
      description:
        'Also log in to ECR Public (public.ecr.aws) for base images, as amazon-ecr-login does with registry-type: public: authenticated pulls get higher rate limits than anonymous ones. The token (ecr-public:GetAuthorizationToken, always in us-east-1) goes into the same throwaway credentials store.',
      default: 'false',
    },
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
    ...releaseInputs,
    ...awsInputs,
  },
  outputs: {
    registry: 'Registry host the image was pushed to.',
    image: 'registry/repository:first-tag.',
    'image-uri': 'registry/repository@sha256:..., the immutable reference for ECS and Lambda.',
    digest:
      'Manifest digest (sha256:...), as the registry reports it for every tag; of the image index for several platforms.',
    tags: 'The tags, comma-separated.',
    'platform-digests':
      'JSON object platform → manifest digest of each platform image in the index (several platforms only; otherwise {}).',
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
        if (reader.given(name))
          throw new InputError(
            name,
            'does not apply with source-tag, which re-tags an existing image without building',
          );
      }
      for (const name of REPOSITORY_INPUTS) {
        if (reader.given(name))
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
      imageTagMutabilityGiven: reader.given('image-tag-mutability'),
      scanOnPush: reader.boolean('scan-on-push'),
      scanOnPushGiven: reader.given('scan-on-push'),
      lifecyclePolicy: readLifecyclePolicy(reader),
      lifecyclePolicyUpdate: reader.boolean('lifecycle-policy-update'),
      sourceTag,
      build: sourceTag === undefined ? readBuild(reader, context) : undefined,
      registries: readRegistries(reader),
      ecrPublicLogin: reader.boolean('ecr-public-login'),
      release: readReleaseOptions(reader, context),
    };
  },
  load: () => import('../commands/ecr-push.js'),
};
