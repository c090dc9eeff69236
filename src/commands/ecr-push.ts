import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EcrBuild, EcrPushInputs } from '../definitions/ecr-push.js';
import {
  buildArgs,
  buildEnv,
  locateContainerCli,
  loginArgs,
  pushArgs,
  sessionEnv,
  tagArgs,
  type ContainerCli,
} from '../ecr/cli.js';
import {
  ensureRepository,
  getRegistryLogin,
  promote,
  tagIsImmutable,
  type EcrApi,
  type RegistryLogin,
  type RepositoryState,
} from '../ecr/ecr.js';
import { REVISION_LABEL, isLoopbackRegistry, mayReceiveEcrCredentials } from '../ecr/names.js';
import { RegistryClient } from '../ecr/registry.js';
import { adoptExistingImage, ecrImageStore, registryImageStore } from '../ecr/store.js';
import { clientConfig } from '../runtime/aws.js';
import { ReleaseError } from '../runtime/errors.js';
import type { ExecOptions, Host } from '../runtime/host.js';
import type { OutputValue } from '../runtime/spec.js';

export interface EcrPushDeps {
  ecr: EcrApi;
  host: Host;
  /** Picks the container CLI and checks that it works; throws InputError. Called before any AWS call. */
  locateCli(requested: ContainerCli | undefined): Promise<ContainerCli>;
  /** Where the throwaway credentials directory is made; the OS temp directory by default. */
  tmpRoot?: string;
  fetch?: typeof fetch;
}

export async function run(inputs: EcrPushInputs, host: Host): Promise<Record<string, OutputValue>> {
  const { ECR } = await import('@aws-sdk/client-ecr');
  return execute(inputs, {
    ecr: new ECR(clientConfig(inputs)),
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
}

export async function execute(inputs: EcrPushInputs, deps: EcrPushDeps): Promise<Record<string, OutputValue>> {
  const { ecr, host } = deps;
  const promoteMode = inputs.sourceTag !== undefined;
  // The one check that needs this machine comes first, so a missing CLI changes nothing in AWS.
  const cli = inputs.build ? await deps.locateCli(inputs.build.containerCli) : undefined;
  if (cli) host.log.info(`container CLI: ${cli}`);

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

  let published: Published;
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
    published = { registry, digest: result.digest };
  } else if (inputs.build && cli) {
    published = await buildAndPush(inputs, inputs.build, cli, repo, deps);
  } else {
    throw new Error('BUG: ecr-push inputs have neither source-tag nor build settings');
  }

  const name = `${published.registry}/${inputs.repository}`;
  const outputs = {
    registry: published.registry,
    image: `${name}:${inputs.tags[0] ?? ''}`,
    'image-uri': published.digest ? `${name}@${published.digest}` : '',
    digest: published.digest ?? '',
    tags: inputs.tags.join(','),
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
  if (inputs.dryRun) {
    log.info(`dry run: would build ${first} with ${cli} from ${build.context} (${build.dockerfile})`);
    for (const ref of refs) log.info(`dry run: would push ${ref}`);
    return { registry };
  }

  // Build and tag work on the local image store, so they share one environment.
  const local = { env: buildEnv(cli) };
  await log.group(`Build ${first}`, () => step(host, cli, buildArgs(cli, { ...build, ref: first }), 'build', local));
  for (const ref of refs.slice(1)) await step(host, cli, tagArgs(cli, first, ref), 'tag', local);

  const options = { insecure: isLoopbackRegistry(registry) };
  if (login) {
    // Login and push use a credentials store of their own that lives only as long as this block, so
    // the token never lands in the user's docker or containers configuration.
    const dir = await mkdtemp(path.join(deps.tmpRoot ?? tmpdir(), 'arkit-ecr-auth-'));
    try {
      const env = sessionEnv(cli, dir);
      await step(host, cli, loginArgs(cli, registry, login.username, options), `login to ${registry}`, {
        input: login.password,
        env,
      });
      for (const ref of refs)
        await log.group(`Push ${ref}`, () => step(host, cli, pushArgs(cli, ref, options), 'push', { env }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else {
    // Not ECR: the CLI's own configuration holds the user's login for this registry.
    for (const ref of refs) await log.group(`Push ${ref}`, () => step(host, cli, pushArgs(cli, ref, options), 'push'));
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
  return { registry, digest: digests[0] as string };
}
