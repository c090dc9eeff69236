import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EcrBuild, EcrPushInputs } from '../definitions/ecr-push.js';
import { readFileSync } from 'node:fs';
import {
  CACHE_REPOSITORY_SUFFIX,
  cliProblem,
  indexEntries,
  refRegistry,
  isCacheFailure,
  missingPlatforms,
  parseCommitTime,
  planCache,
  secretArgs,
  secretFileValues,
  type CachePlan,
} from '../ecr/build.js';
import {
  buildArgs,
  buildEnv,
  locateContainerCli,
  loginArgs,
  manifestPushArgs,
  manifestRemoveArgs,
  pushArgs,
  sessionEnv,
  tagArgs,
  type BuildSpec,
  type ContainerCli,
} from '../ecr/cli.js';
import {
  ensureCacheRepository,
  ensureRepository,
  getRegistryLogin,
  getRegistryLogins,
  promote,
  tagIsImmutable,
  type EcrApi,
  type RegistryLogin,
  type RepositoryState,
  ECR_PUBLIC_REGISTRY,
  getPublicRegistryLogin,
  type EcrPublicApi,
} from '../ecr/ecr.js';
import { REVISION_LABEL, isLoopbackRegistry, mayReceiveEcrCredentials } from '../ecr/names.js';
import { RegistryClient } from '../ecr/registry.js';
import { adoptExistingImage, ecrImageStore, registryImageStore } from '../ecr/store.js';
import { registryIdOf, tagDigests, tagsAfter, tagsBefore } from '../release/image.js';
import { targetName } from '../release/record.js';
import { inReleaseStep, releaseSettings, type ReleaseSettings } from '../release/session.js';
import { clientConfig } from '../runtime/aws.js';
import { InputError, ReleaseError } from '../runtime/errors.js';
import type { ExecOptions, ExecResult, Host } from '../runtime/host.js';
import type { OutputValue } from '../runtime/spec.js';

export interface EcrPushDeps {
  ecr: EcrApi;
  /** Made only with ecr-public-login. */
  ecrPublic?: () => Promise<EcrPublicApi>;
  host: Host;
  /** Picks the container CLI and checks that it works; throws InputError. Called before any AWS call. */
  locateCli(requested: ContainerCli | undefined): Promise<ContainerCli>;
  /** Where the throwaway credentials directory is made; the OS temp directory by default. */
  tmpRoot?: string;
  fetch?: typeof fetch;
  /** Set with release-store (not in a dry run): the tags that move are recorded, under the repository's lock. */
  release?: ReleaseSettings;
}

export async function run(inputs: EcrPushInputs, host: Host): Promise<Record<string, OutputValue>> {
  const { ECR } = await import('@aws-sdk/client-ecr');
  const release =
    inputs.release && !inputs.dryRun
      ? await releaseSettings(inputs.release, inputs, (ms) => host.sleep(ms))
      : undefined;
  return execute(inputs, {
    release,
    ecr: new ECR(clientConfig(inputs)),
    ecrPublic: async () => {
      const { ECRPUBLIC } = await import('@aws-sdk/client-ecr-public');
      return new ECRPUBLIC(clientConfig({ ...inputs, region: 'us-east-1' }));
    },
    host,
    // The runtime does not hand commands the PATH, so presence is found out by running the probe:
    // @actions/exec resolves the program on PATH and fails before spawning when it is not there.
    locateCli: (requested) => locateContainerCli(requested, { exec: (c, a, o) => host.exec(c, a, o) }),
  });
}

interface Published {
  registry: string;
  /** Undefined only in a dry run that would build. */
  digest?: string;
  /** Multi-platform builds: platform → digest of its image in the index. */
  platformDigests?: Record<string, string>;
}

export async function execute(inputs: EcrPushInputs, deps: EcrPushDeps): Promise<Record<string, OutputValue>> {
  const { ecr, host } = deps;
  const promoteMode = inputs.sourceTag !== undefined;
  // The one check that needs this machine comes first, so a missing CLI changes nothing in AWS.
  const cli = inputs.build ? await deps.locateCli(inputs.build.containerCli) : undefined;
  if (cli && inputs.build) {
    host.log.info(`container CLI: ${cli}`);
    const problem = cliProblem(cli, inputs.build);
    if (problem) throw new InputError(problem.input, problem.message);
    registerBuildSecrets(inputs.build, host);
  }

  const repo = await ensureRepository(
    ecr,
    {
      name: inputs.repository,
      // A repository made for a promotion would have no image to promote.
      create: inputs.createRepository && !promoteMode,
      missing: promoteMode ? ', so there is no image to promote' : ' and create-repository is false',
      mutability: inputs.imageTagMutability,
      mutabilityGiven: inputs.imageTagMutabilityGiven,
      scanOnPush: inputs.scanOnPush,
      scanOnPushGiven: inputs.scanOnPushGiven,
      // Promote mode re-tags an image and changes nothing else about the repository.
      lifecyclePolicy: promoteMode ? undefined : inputs.lifecyclePolicy,
      lifecyclePolicyUpdate: !promoteMode && inputs.lifecyclePolicyUpdate,
      dryRun: inputs.dryRun,
    },
    host.log,
  );

  const publish = async (): Promise<Published> => {
    if (inputs.sourceTag !== undefined) {
      const result = await promote(
        ecr,
        {
          repository: inputs.repository,
          sourceTag: inputs.sourceTag,
          tags: inputs.tags,
          immutable: (tag) => tagIsImmutable(repo, tag),
          dryRun: inputs.dryRun,
        },
        host.log,
      );
      const registry = inputs.registry ?? repo.registry;
      if (!registry) throw new ReleaseError(`ECR did not report a URI for repository ${inputs.repository}`);
      return { registry, digest: result.digest };
    }
    if (inputs.build && cli) return buildAndPush(inputs, inputs.build, cli, repo, deps);
    throw new Error('BUG: ecr-push inputs have neither source-tag nor build settings');
  };
  const published = await publishRecorded(inputs, repo, deps, publish);

  const name = `${published.registry}/${inputs.repository}`;
  const outputs = {
    registry: published.registry,
    image: `${name}:${inputs.tags[0] ?? ''}`,
    'image-uri': published.digest ? `${name}@${published.digest}` : '',
    digest: published.digest ?? '',
    tags: inputs.tags.join(','),
    'platform-digests': JSON.stringify(published.platformDigests ?? {}),
  };
  if (published.digest) {
    host.log.info(`${outputs['image-uri']} (tags: ${inputs.tags.join(', ')})`);
    if (!inputs.dryRun) {
      await host.summary(
        `### ecr-push\n\n| | |\n|---|---|\n| image | \`${outputs.image}\` |\n| image-uri | \`${outputs['image-uri']}\` |\n| tags | ${inputs.tags.map((t) => `\`${t}\``).join(' ')} |\n`,
      );
    }
  }
  return outputs;
}

/**
 * publish(), and with a release store: under the lock of the repository, the digest each mutable tag
 * names is recorded before the push (so that a run killed while pushing leaves it) and the digest it
 * names after, once known; `rollback` points the moved tags back. Tags in another registry, and
 * immutable tags (which never move), are not recorded.
 */
async function publishRecorded(
  inputs: EcrPushInputs,
  repo: RepositoryState,
  deps: EcrPushDeps,
  publish: () => Promise<Published>,
): Promise<Published> {
  const { release, host, ecr } = deps;
  if (!inputs.release) return publish();
  // Promote mode always tags through the ECR API; a build pushes to the registry override.
  if (inputs.sourceTag === undefined && inputs.registry !== undefined && inputs.registry !== repo.registry) {
    host.log.warn(
      `release-store: ${inputs.registry} is not the ECR registry of ${inputs.repository}, so a rollback cannot move its tags back; nothing is recorded for them`,
    );
    return publish();
  }
  const mutable = inputs.tags.filter((tag) => !tagIsImmutable(repo, tag));
  if (mutable.length === 0) {
    host.log.info(
      `release-store: every tag is immutable in ${inputs.repository}, so none can move; nothing is recorded`,
    );
    return publish();
  }
  if (!release) return publish();
  const registryId = registryIdOf(repo.registry);
  if (!registryId) {
    host.log.warn(
      `release-store: the account of ECR registry ${repo.registry ?? '(unknown)'} cannot be read from its address, so a rollback could not find ${inputs.repository} again; nothing is recorded`,
    );
    return publish();
  }
  const target = { kind: 'ecr-tags' as const, registryId, region: inputs.region, repository: repo.name };
  return inReleaseStep(
    { ...release, command: 'ecr-push', context: host.context, log: host.log, sleep: (ms) => host.sleep(ms) },
    targetName(target),
    async (step) => {
      const before = await tagDigests(ecr, target, mutable);
      await step.record({ ...target, tags: tagsBefore(before) });
      const published = await publish();
      if (published.digest) await step.record({ ...target, tags: tagsAfter(before, published.digest) });
      return published;
    },
  );
}

/**
 * Every secret value the build gets is registered before anything is logged: the values of
 * `secrets`, and the text of `secret-files` (a RUN step that prints it would otherwise show it).
 * Values from secret-envs come from the step's environment; the runner masks them where they come
 * from (GitHub secrets), and ecr-push never reads them.
 */
function registerBuildSecrets(build: EcrBuild, host: Host): void {
  for (const s of build.secrets) {
    if (s.source.kind === 'value') host.secret(s.source.value);
    else if (s.source.kind === 'file')
      for (const v of secretFileValues(readFileSync(s.source.path, 'utf8'))) host.secret(v);
  }
}

/** Runs one CLI step and turns a non-zero exit into a clear failure (its output is already in the log). */
async function step(
  host: Host,
  cli: ContainerCli,
  args: string[],
  what: string,
  options: ExecOptions = {},
): Promise<void> {
  const result = await host.exec(cli, args, options);
  if (result.exitCode !== 0)
    throw new ReleaseError(`${cli} ${what} failed with exit code ${result.exitCode} (its output is above)`);
}

/**
 * The time the image and its files carry: source-date-epoch, else the commit time of HEAD in the
 * context. Unknown (no git): the build's own time, with a warning that digests will differ.
 */
async function imageTime(build: EcrBuild, host: Host): Promise<number | undefined> {
  if (build.sourceDateEpoch !== undefined) return build.sourceDateEpoch;
  let result: ExecResult | undefined;
  try {
    result = await host.exec('git', ['log', '-1', '--format=%ct'], { cwd: build.context, quiet: true });
  } catch {
    result = undefined;
  }
  const time = result?.exitCode === 0 ? parseCommitTime(result.stdout) : undefined;
  if (time === undefined)
    host.log.warn(
      `the commit time of ${build.context} is unknown (no git checkout there), so the image carries the build time and every build gets a new digest; set source-date-epoch to build reproducibly`,
    );
  return time;
}

interface BuildPlan {
  cli: ContainerCli;
  /** Every reference the image is pushed as, the first one is built. */
  refs: string[];
  spec: BuildSpec;
  /** Environment of build steps (the throwaway credentials and the secrets) and of push steps. */
  buildEnv: Record<string, string>;
  /** Undefined: the CLI's own configuration (your login to a registry that is not ECR). */
  pushEnv?: Record<string, string>;
  insecure: boolean;
}

/**
 * Runs the build. buildah and podman fail a build whose cache cannot be written, and buildx's docker
 * driver one that exports a cache at all: that is a warning here, and the build runs again without it.
 */
async function runBuild(host: Host, plan: BuildPlan, spec: BuildSpec): Promise<void> {
  const { cli } = plan;
  const result = await host.exec(cli, buildArgs(cli, spec), { env: plan.buildEnv });
  if (result.exitCode === 0) return;
  const cached = spec.cacheFrom.length > 0 || spec.cacheTo.length > 0;
  if (cached && isCacheFailure(`${result.stdout}\n${result.stderr}`)) {
    host.log.warn(
      `${cli} could not read or write the build cache (${[...spec.cacheFrom, ...spec.cacheTo].join(', ')}); building again without it`,
    );
    return step(host, cli, buildArgs(cli, { ...spec, cacheFrom: [], cacheTo: [] }), 'build', { env: plan.buildEnv });
  }
  throw new ReleaseError(`${cli} build failed with exit code ${result.exitCode} (its output is above)`);
}

/** Builds and pushes every tag: docker in one buildx call, buildah/podman by build, tag and push. */
async function buildAndPushImage(host: Host, plan: BuildPlan): Promise<void> {
  const { cli, refs, insecure } = plan;
  const log = host.log;
  const first = refs[0] as string;
  const options = { insecure };
  if (cli === 'docker') {
    await log.group(`Build and push ${first}`, () => runBuild(host, plan, plan.spec));
    return;
  }
  const platforms = plan.spec.platforms;
  if (platforms.length <= 1) {
    await log.group(`Build ${first}`, () => runBuild(host, plan, plan.spec));
    for (const ref of refs.slice(1)) await step(host, cli, tagArgs(cli, first, ref), 'tag', { env: plan.buildEnv });
    for (const ref of refs)
      await log.group(`Push ${ref}`, () => step(host, cli, pushArgs(cli, ref, options), 'push', { env: plan.pushEnv }));
    return;
  }
  // One platform per call, in the order given: the index lists them in that order, so the same
  // inputs give the same index digest (a parallel build adds them in the order they finish).
  const list = `localhost/arkit-ecr-push-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    for (const platform of platforms) {
      await log.group(`Build ${first} for ${platform}`, () =>
        runBuild(host, plan, { ...plan.spec, platforms: [platform], manifest: list }),
      );
    }
    for (const ref of refs)
      await log.group(`Push ${ref} (${platforms.join(', ')})`, () =>
        step(host, cli, manifestPushArgs(cli, list, ref, options), 'manifest push', { env: plan.pushEnv }),
      );
  } finally {
    // The list is this run's own; its images stay in the storage as the layer cache.
    await host.exec(cli, manifestRemoveArgs(cli, list), { quiet: true, env: plan.buildEnv }).catch(() => undefined);
  }
}

/**
 * Build once, tag all, push all, then ask the registry what it holds under each pushed tag: that
 * answer is the digest, and it must be the same for every tag. When the repository already holds
 * some of the tags as immutable tags, nothing is built: see adoptExistingImage.
 */
async function buildAndPush(
  inputs: EcrPushInputs,
  build: EcrBuild,
  cli: ContainerCli,
  repo: RepositoryState,
  deps: EcrPushDeps,
): Promise<Published> {
  const { ecr, host } = deps;
  const log = host.log;
  // The ECR token is a credential for the AWS account: it is fetched only to find ECR's registry,
  // or for a registry that may receive it (ECR, or a registry on this machine).
  const login: RegistryLogin | undefined =
    inputs.registry === undefined || mayReceiveEcrCredentials(inputs.registry)
      ? await getRegistryLogin(ecr, (s) => host.secret(s))
      : undefined;
  const registry = inputs.registry ?? login?.registry;
  if (!registry) throw new Error('BUG: no registry override and no ECR login');
  if (!login) {
    log.info(
      `registry ${registry} is not ECR, so the ECR token is not used there: ecr-push does not log in, and pushes with your own login (log in to ${registry} before this step)`,
    );
  }
  const name = `${registry}/${inputs.repository}`;
  const client = new RegistryClient(registry, login && { username: login.username, password: login.password }, {
    sleep: (ms) => host.sleep(ms),
    fetch: deps.fetch,
    log: (line) => log.warn(line),
  });
  const immutable = (tag: string): boolean => tagIsImmutable(repo, tag);

  // ECR refuses any push to an existing immutable tag, and never lets go of one once pushed. So
  // existing immutable tags are looked at first, and decide everything before anything is written.
  if (repo.exists && !repo.created) {
    // Images pushed to the repository's own ECR registry are handled through the ECR API; a
    // registry override (a test registry) holds its own images, reached through the registry API.
    const store =
      registry === repo.registry
        ? ecrImageStore(ecr, inputs.repository, client)
        : registryImageStore(client, inputs.repository);
    const digest = await adoptExistingImage(
      store,
      {
        repository: inputs.repository,
        tags: inputs.tags,
        immutable,
        revision: build.labels.find((l) => l.key === REVISION_LABEL)?.value,
        dryRun: inputs.dryRun,
      },
      log,
    );
    if (digest) return { registry, digest };
  }

  const refs = inputs.tags.map((t) => `${name}:${t}`);
  const first = refs[0] as string;
  const timestamp = await imageTime(build, host);
  const cache = planCache(cli, build.cache, {
    registry,
    repository: inputs.repository,
    platforms: build.platforms.length,
    noCache: build.noCache,
    buildArgs: build.buildArgs.length > 0,
  });
  if (typeof cache === 'string')
    throw new Error(`BUG: cache settings passed the check but cannot be planned: ${cache}`);
  if (cache.note) log.info(cache.note);
  const cacheLine =
    cache.to.length + cache.from.length > 0
      ? `cache from ${cache.from.join(', ') || '-'} to ${cache.to.join(', ') || '-'}`
      : 'no cache';
  const timeLine =
    timestamp === undefined ? 'build time' : `time ${new Date(timestamp * 1000).toISOString()} (${timestamp})`;
  if (inputs.dryRun) {
    log.info(
      `dry run: would build ${first} with ${cli} from ${build.context} (${build.dockerfile}); ${timeLine}; ${cacheLine}`,
    );
    for (const ref of refs) log.info(`dry run: would push ${ref}`);
    return { registry };
  }
  log.info(`image ${timeLine}; ${cacheLine}`);
  const usable = await usableCache(ecr, cache, { registry, repo, inputs, log });
  const others = await getRegistryLogins(ecr, inputs.registries, (s) => host.secret(s));
  if (inputs.ecrPublicLogin) {
    if (!deps.ecrPublic) throw new Error('execute: an ECR Public client is needed with ecr-public-login');
    others.push(await getPublicRegistryLogin(await deps.ecrPublic(), (s) => host.secret(s)));
    log.info(`logged in to ${ECR_PUBLIC_REGISTRY} for pulls`);
  }

  const insecure = isLoopbackRegistry(registry);
  const secrets = secretArgs(build.secrets);
  const spec: BuildSpec = {
    context: build.context,
    dockerfile: build.dockerfile,
    refs,
    buildArgs: build.buildArgs,
    labels: build.labels,
    target: build.target,
    platforms: build.platforms,
    timestamp,
    cacheFrom: usable.from,
    cacheTo: usable.to,
    layers: cache.layers,
    noCache: build.noCache,
    pull: build.pull,
    buildContexts: build.buildContexts,
    secretArgs: secrets.args,
    ssh: build.ssh,
    provenance: build.provenance,
    sbom: build.sbom,
    insecure: cli !== 'docker' && [...usable.from, ...usable.to].map(refRegistry).some(isLoopbackRegistry),
  };
  const local = { ...buildEnv(cli, { timestamp, attestations: !!(build.provenance || build.sbom) }), ...secrets.env };

  // The own login goes to the registry pushed to (a registry override on this machine gets it too).
  const logins = [...(login ? [{ ...login, registry }] : []), ...others];
  if (logins.length === 0) {
    // Not ECR: the CLI's own configuration holds the user's login for this registry.
    await buildAndPushImage(host, { cli, refs, spec, buildEnv: local, insecure });
  } else {
    // Logins live in a credentials store of their own that lasts only as long as this block, so no
    // token lands in the user's docker or containers configuration. The build uses it too: base
    // images from the registries, and the registry cache.
    const dir = await mkdtemp(path.join(deps.tmpRoot ?? tmpdir(), 'arkit-ecr-auth-'));
    try {
      const env = sessionEnv(cli, dir);
      for (const l of logins) {
        await step(
          host,
          cli,
          loginArgs(cli, l.registry, l.username, { insecure: isLoopbackRegistry(l.registry) }),
          `login to ${l.registry}`,
          {
            input: l.password,
            env,
          },
        );
      }
      await buildAndPushImage(host, {
        cli,
        refs,
        spec,
        buildEnv: { ...local, ...env },
        // A registry that is not ECR gets your own login, not this store.
        pushEnv: login ? env : undefined,
        insecure,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const pushed: Array<[string, string | undefined]> = [];
  for (const tag of inputs.tags) pushed.push([tag, await client.manifestDigest(inputs.repository, tag)]);
  const missing = pushed.filter(([, d]) => !d).map(([t]) => t);
  if (missing.length > 0)
    throw new ReleaseError(
      `the registry does not show ${missing.map((t) => `${name}:${t}`).join(', ')} after the push`,
    );
  const digests = [...new Set(pushed.map(([, d]) => d as string))];
  if (digests.length > 1) {
    const list = pushed.map(([t, d]) => `${t} → ${d}`).join(', ');
    throw new ReleaseError(`the registry holds different images for tags pushed from one build (${list})`);
  }
  const digest = digests[0] as string;
  if (build.platforms.length <= 1) return { registry, digest };
  return {
    registry,
    digest,
    platformDigests: await readPlatformDigests(client, inputs.repository, digest, build.platforms),
  };
}

/**
 * The default buildah/podman cache repository (<repository>-buildcache) must exist in ECR, which
 * creates no repository on push: it is created like the image's repository (when create-repository
 * allows), else the build runs without the registry cache. Other caches are used as given.
 */
async function usableCache(
  ecr: EcrApi,
  cache: CachePlan,
  o: { registry: string; repo: RepositoryState; inputs: EcrPushInputs; log: Host['log'] },
): Promise<CachePlan> {
  const defaultRepo = `${o.registry}/${o.inputs.repository}${CACHE_REPOSITORY_SUFFIX}`;
  const usesDefault = cache.layers && [...cache.from, ...cache.to].includes(defaultRepo);
  if (!usesDefault || o.registry !== o.repo.registry) return cache;
  const ready = await ensureCacheRepository(
    ecr,
    `${o.inputs.repository}${CACHE_REPOSITORY_SUFFIX}`,
    o.inputs.createRepository,
    o.log,
  );
  return ready ? cache : { ...cache, from: [], to: [] };
}

/** The platform images of the pushed index; every platform asked for must be there. */
async function readPlatformDigests(
  client: RegistryClient,
  repository: string,
  digest: string,
  platforms: string[],
): Promise<Record<string, string>> {
  const manifest = await client.manifest(repository, digest);
  const entries = manifest && indexEntries(new TextDecoder().decode(manifest.body));
  if (!entries)
    throw new ReleaseError(
      `${repository}@${digest} is not an image index, though ${platforms.length} platforms were built`,
    );
  const missing = missingPlatforms(platforms, entries);
  if (missing.length > 0)
    throw new ReleaseError(`the pushed index ${repository}@${digest} has no image for ${missing.join(', ')}`);
  return Object.fromEntries(entries.map((e) => [e.platform, e.digest]));
}
