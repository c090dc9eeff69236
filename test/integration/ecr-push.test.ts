import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ECR } from '@aws-sdk/client-ecr';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execute } from '../../src/commands/ecr-push.js';
import { ecrPush } from '../../src/definitions/ecr-push.js';
import { locateContainerCli } from '../../src/ecr/cli.js';
import { ensureRepository } from '../../src/ecr/ecr.js';
import { MANIFEST_MEDIA_TYPES } from '../../src/ecr/registry.js';
import { InputReader } from '../../src/runtime/inputs.js';
import { motoUrl, registryHost, uniqueName } from '../helpers/env.js';
import { runCli, testHost } from '../helpers/host.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures', 'ecr');
const context = join(fixtures, 'context');
const ecr = new ECR({ region: 'us-east-1', endpoint: motoUrl() });
/** What moto's GetAuthorizationToken hands out as the registry password for the default account. */
const PASSWORD = '123456789012-auth-token';
const TOKEN = Buffer.from(`AWS:${PASSWORD}`).toString('base64');
const SHA = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();

let storage: string;
const tmpDirs: string[] = [];

beforeAll(() => {
  // buildah gets a storage of its own (vfs: no overlay mounts in this container), removed at the end.
  // These variables reach buildah because host.exec adds its env option to this process.env (jest
  // gives each test file its own copy of process.env, which a child started without env would miss).
  storage = mkdtempSync(join(tmpdir(), 'arkit-buildah-'));
  writeFileSync(
    join(storage, 'storage.conf'),
    `[storage]\ndriver = "vfs"\nrunroot = "${storage}/run"\ngraphroot = "${storage}/graph"\n`,
  );
  Object.assign(process.env, {
    CONTAINERS_STORAGE_CONF: join(storage, 'storage.conf'),
    BUILDAH_ISOLATION: 'chroot',
  });
});

afterAll(() => {
  rmSync(storage, { recursive: true, force: true });
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'arkit-ecr-test-'));
  tmpDirs.push(d);
  return d;
}

/** What the test registry answers for a tag, the way a client that pulls would ask. */
async function registryDigest(repository: string, tag: string): Promise<string | null> {
  const res = await fetch(`http://${registryHost()}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
  });
  return res.status === 200 ? res.headers.get('docker-content-digest') : null;
}

/** The image config (labels and all) the registry holds for a tag. */
async function registryConfig(
  repository: string,
  tag: string,
): Promise<{ config?: { Labels?: Record<string, string> } }> {
  const base = `http://${registryHost()}/v2/${repository}`;
  const manifest = (await (
    await fetch(`${base}/manifests/${tag}`, { headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') } })
  ).json()) as {
    config: { digest: string };
  };
  return (await (await fetch(`${base}/blobs/${manifest.config.digest}`)).json()) as {
    config?: { Labels?: Record<string, string> };
  };
}

async function repositoryExists(name: string): Promise<boolean> {
  try {
    await ecr.describeRepositories({ repositoryNames: [name] });
    return true;
  } catch (err) {
    if ((err as Error).name === 'RepositoryNotFoundException') return false;
    throw err;
  }
}

const push = (repository: string, ...more: string[]) =>
  runCli(ecrPush, [
    '--repository',
    repository,
    '--registry',
    registryHost(),
    '--context',
    context,
    '--container-cli',
    'buildah',
    '--endpoint-url',
    motoUrl(),
    ...more,
  ]);

describe('ecr-push builds with buildah and pushes to a registry', () => {
  it('builds once, pushes every tag, and reports the digest the registry holds for each; the password never shows', async () => {
    const repository = uniqueName('arkit-app');
    const res = await push(repository, '--tags', 'v1.2.3', '--tags', 'latest');
    expect(res.log).not.toContain('error:');
    expect(res.code).toBe(0);
    const digest = String(res.outputs?.['digest']);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await registryDigest(repository, 'v1.2.3')).toBe(digest);
    expect(await registryDigest(repository, 'latest')).toBe(digest);
    expect(res.outputs).toEqual({
      registry: registryHost(),
      image: `${registryHost()}/${repository}:v1.2.3`,
      'image-uri': `${registryHost()}/${repository}@${digest}`,
      digest,
      tags: 'v1.2.3,latest',
    });
    // Built once: one build step, one tag step, two pushes, one login through stdin.
    expect(res.log.match(/^\$ buildah bud /gm)).toHaveLength(1);
    expect(res.log.match(/^\$ buildah tag /gm)).toHaveLength(1);
    expect(res.log.match(/^\$ buildah push /gm)).toHaveLength(2);
    expect(res.log).toMatch(/^\$ buildah login --username AWS --password-stdin --tls-verify=false /m);
    expect(res.log).toContain('COPY hello.txt /hello.txt');
    // The ECR side: the repository was created with the defaults.
    const described = await ecr.describeRepositories({ repositoryNames: [repository] });
    expect(described.repositories?.[0]?.imageTagMutability).toBe('MUTABLE');
    // Secrets: neither the password nor the token that encodes it appears anywhere.
    expect(res.log).not.toContain(PASSWORD);
    expect(res.log).not.toContain(TOKEN);
    expect(res.stdout).not.toContain(PASSWORD);
  });

  it('defaults: tag = short commit SHA, OCI labels from the run context, and the first usable CLI (here buildah)', async () => {
    const repository = uniqueName('arkit-defaults');
    const res = await runCli(ecrPush, [
      '--repository',
      repository,
      '--registry',
      registryHost(),
      '--context',
      context,
      '--labels',
      'team=release',
      '--endpoint-url',
      motoUrl(),
    ]);
    expect(res.code).toBe(0);
    const tag = SHA.slice(0, 7);
    expect(res.outputs?.['tags']).toBe(tag);
    expect(await registryDigest(repository, tag)).toBe(res.outputs?.['digest']);
    // No docker engine and no podman here: the probe moves on to buildah.
    expect(res.log).toContain('container CLI: buildah');
    const labels = (await registryConfig(repository, tag)).config?.Labels ?? {};
    expect(labels['org.opencontainers.image.revision']).toBe(SHA);
    expect(labels['team']).toBe('release');
    expect(labels['greeting']).toBe('hello');
  });

  it('passes build-args and target to the build', async () => {
    const repository = uniqueName('arkit-args');
    const res = await push(repository, '--tags', 'a', '--build-args', 'GREETING=bonjour');
    expect(res.code).toBe(0);
    expect((await registryConfig(repository, 'a')).config?.Labels?.['greeting']).toBe('bonjour');
    const base = await push(repository, '--tags', 'base', '--target', 'base');
    expect(base.code).toBe(0);
    expect((await registryConfig(repository, 'base')).config?.Labels?.['greeting']).toBeUndefined();
  });

  it('logs in through a throwaway credentials file that is gone afterwards', async () => {
    const repository = uniqueName('arkit-session');
    const root = tempDir();
    const host = testHost({ sha: SHA, awsRegion: 'us-east-1' });
    const reader = new InputReader(
      ecrPush.inputs,
      new Map([
        ['repository', repository],
        ['registry', registryHost()],
        ['context', context],
        ['container-cli', 'buildah'],
        ['endpoint-url', motoUrl()],
      ]),
    );
    const inputs = ecrPush.parse(reader, host.context);
    const out = await execute(inputs, {
      ecr,
      host,
      locateCli: (requested) => locateContainerCli(requested, { exec: host.exec, pathEnv: process.env['PATH'] ?? '' }),
      tmpRoot: root,
    });
    expect(out['digest']).toBe(await registryDigest(repository, SHA.slice(0, 7)));
    expect(readdirSync(root)).toEqual([]);
    expect(host.text()).toContain('--password-stdin');
    expect(host.text()).not.toContain(PASSWORD);
  });

  it('immutable tags: a re-run is a no-op, the same image under a new tag is fine, another image is a clear error', async () => {
    const repository = uniqueName('arkit-immutable');
    // buildah's layer cache makes a rebuild of the same sources reuse the cached image, so that it is
    // byte-identical: the one way to rebuild "the same image" here. (buildah 1.28's cache ignores
    // build-arg and label changes, so it is only on for these two builds.)
    const cached = async (...args: string[]) => {
      process.env['BUILDAH_LAYERS'] = 'true';
      try {
        return await push(repository, ...args);
      } finally {
        delete process.env['BUILDAH_LAYERS'];
      }
    };
    const first = await cached('--tags', 'r1', '--image-tag-mutability', 'IMMUTABLE');
    expect(first.code).toBe(0);
    const digest = String(first.outputs?.['digest']);
    const described = await ecr.describeRepositories({ repositoryNames: [repository] });
    expect(described.repositories?.[0]?.imageTagMutability).toBe('IMMUTABLE');

    // Re-run: every tag is taken, nothing is built or pushed, and the existing image is handed on.
    const again = await push(repository, '--tags', 'r1');
    expect(again.code).toBe(0);
    expect(again.outputs?.['digest']).toBe(digest);
    expect(again.log).not.toMatch(/^\$ buildah (bud|push) /m);

    // The same sources (the build cache makes the image identical) under one new and one taken tag.
    const more = await cached('--tags', 'r2', '--tags', 'r1');
    expect(more.code).toBe(0);
    expect(more.outputs?.['digest']).toBe(digest);
    expect(await registryDigest(repository, 'r2')).toBe(digest);
    expect(more.log.match(/^\$ buildah push /gm)).toHaveLength(1);
    expect(more.log).toContain(`:r1 already held ${digest}: nothing to do`);

    // Another image (a different build arg) cannot take r1.
    const other = await push(repository, '--tags', 'r3', '--tags', 'r1', '--build-args', 'GREETING=changed');
    expect(other.code).toBe(1);
    expect(other.log).toMatch(
      /repository \S+ already holds the immutable tag r1 \(sha256:[0-9a-f]{64}\), which cannot be moved/,
    );
    expect(await registryDigest(repository, 'r1')).toBe(digest);
  });

  it('dry run: changes nothing and says what it would do', async () => {
    const repository = uniqueName('arkit-dry');
    const res = await push(repository, '--tags', 'd1', '--dry-run');
    expect(res.code).toBe(0);
    expect(res.log).toContain(`dry run: would create ECR repository ${repository}`);
    expect(res.log).toContain(`dry run: would push ${registryHost()}/${repository}:d1`);
    expect(res.outputs?.['digest']).toBe('');
    expect(res.outputs?.['image']).toBe(`${registryHost()}/${repository}:d1`);
    expect(await repositoryExists(repository)).toBe(false);
    expect(await registryDigest(repository, 'd1')).toBeNull();
  });
});

describe('ecr-push repository settings against moto', () => {
  it('creates the repository with tag mutability, scan on push and the lifecycle policy; keeps the policy in sync', async () => {
    const name = uniqueName('arkit-settings');
    const log = testHost().log;
    const lifecycle = (file: string) => JSON.stringify(JSON.parse(readFileSync(join(fixtures, file), 'utf8')));
    const settings = {
      name,
      create: true,
      mutability: 'IMMUTABLE' as const,
      mutabilityGiven: true,
      scanOnPush: true,
      scanOnPushGiven: true,
      lifecyclePolicy: lifecycle('lifecycle.json'),
      dryRun: false,
    };
    const state = await ensureRepository(ecr, settings, log);
    expect(state).toEqual({
      name,
      registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      mutability: 'IMMUTABLE',
      exclusions: [],
      created: true,
    });
    const repo = (await ecr.describeRepositories({ repositoryNames: [name] })).repositories?.[0];
    expect(repo?.imageTagMutability).toBe('IMMUTABLE');
    expect(repo?.imageScanningConfiguration?.scanOnPush).toBe(true);
    const policy = await ecr.getLifecyclePolicy({ repositoryName: name });
    expect(JSON.parse(policy.lifecyclePolicyText ?? '{}')).toEqual(JSON.parse(settings.lifecyclePolicy));

    // Existing repository: mutability is left alone (with a warning), the changed policy file is applied.
    const host = testHost();
    const again = await ensureRepository(
      ecr,
      { ...settings, mutability: 'MUTABLE', lifecyclePolicy: lifecycle('lifecycle-untagged.json') },
      host.log,
    );
    expect(again.created).toBe(false);
    expect(again.mutability).toBe('IMMUTABLE');
    expect(host.text()).toContain('exists with IMMUTABLE tags');
    expect(host.text()).toContain(`updated the lifecycle policy of ${name}`);
    const updated = await ecr.getLifecyclePolicy({ repositoryName: name });
    expect(JSON.parse(updated.lifecyclePolicyText ?? '{}').rules[0].selection.tagStatus).toBe('untagged');
  });

  it('applies the lifecycle-policy file given on the command line, and fails clearly when creation is off', async () => {
    const name = uniqueName('arkit-lifecycle');
    const res = await push(
      name,
      '--tags',
      'l1',
      '--lifecycle-policy',
      join(fixtures, 'lifecycle.json'),
      '--scan-on-push',
      'true',
    );
    expect(res.code).toBe(0);
    const policy = await ecr.getLifecyclePolicy({ repositoryName: name });
    expect(JSON.parse(policy.lifecyclePolicyText ?? '{}').rules[0].selection.countNumber).toBe(30);

    const missing = uniqueName('arkit-nocreate');
    const off = await push(missing, '--tags', 'x', '--create-repository', 'false');
    expect(off.code).toBe(1);
    expect(off.log).toContain(`ECR repository ${missing} does not exist and create-repository is false`);
    expect(await repositoryExists(missing)).toBe(false);
  });
});

describe('ecr-push promote mode against moto', () => {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 2,
      digest: `sha256:${'a'.repeat(64)}`,
    },
    layers: [
      { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 3, digest: `sha256:${'b'.repeat(64)}` },
    ],
  });
  const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;

  async function repoWithImage(mutability: 'MUTABLE' | 'IMMUTABLE'): Promise<string> {
    const name = uniqueName('arkit-promote');
    await ecr.createRepository({ repositoryName: name, imageTagMutability: mutability });
    await ecr.putImage({ repositoryName: name, imageTag: 'build-42', imageManifest: manifest, imageDigest: digest });
    return name;
  }

  async function tagsOf(repository: string): Promise<string[]> {
    const res = await ecr.describeImages({ repositoryName: repository, imageIds: [{ imageDigest: digest }] });
    return [...(res.imageDetails?.[0]?.imageTags ?? [])].sort();
  }

  const promote = (repository: string, ...more: string[]) =>
    runCli(ecrPush, ['--repository', repository, '--source-tag', 'build-42', '--endpoint-url', motoUrl(), ...more]);

  it('adds tags to the existing image without building, and a re-run is a no-op', async () => {
    const repository = await repoWithImage('MUTABLE');
    const res = await promote(repository, '--tags', 'v2.0.0,latest');
    expect(res.code).toBe(0);
    expect(await tagsOf(repository)).toEqual(['build-42', 'latest', 'v2.0.0']);
    expect(res.outputs).toEqual({
      registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}:v2.0.0`,
      'image-uri': `123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}@${digest}`,
      digest,
      tags: 'v2.0.0,latest',
    });
    expect(res.log).not.toMatch(/^\$ /m);

    const again = await promote(repository, '--tags', 'v2.0.0,latest');
    expect(again.code).toBe(0);
    expect(again.log).toContain(`${repository}:latest already points at ${digest}`);
    expect(again.log).not.toContain('tagged ');
  });

  it('an immutable tag that holds another image is a clear error, and nothing is tagged', async () => {
    const repository = await repoWithImage('IMMUTABLE');
    const otherManifest = manifest.replace('b'.repeat(64), 'c'.repeat(64));
    const otherDigest = `sha256:${createHash('sha256').update(otherManifest).digest('hex')}`;
    await ecr.putImage({
      repositoryName: repository,
      imageTag: 'stable',
      imageManifest: otherManifest,
      imageDigest: otherDigest,
    });
    const res = await promote(repository, '--tags', 'v3', '--tags', 'stable');
    expect(res.code).toBe(1);
    expect(res.log).toContain(
      `already holds the immutable tag stable (${otherDigest}), not ${digest}; immutable tags cannot be moved`,
    );
    expect(await tagsOf(repository)).toEqual(['build-42']);
  });

  it('IMMUTABLE_WITH_EXCLUSION: an excluded tag (latest) moves, the others stay protected', async () => {
    const repository = uniqueName('arkit-promote');
    await ecr.createRepository({
      repositoryName: repository,
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest' }],
    });
    await ecr.putImage({
      repositoryName: repository,
      imageTag: 'build-42',
      imageManifest: manifest,
      imageDigest: digest,
    });
    const otherManifest = manifest.replace('b'.repeat(64), 'e'.repeat(64));
    const otherDigest = `sha256:${createHash('sha256').update(otherManifest).digest('hex')}`;
    await ecr.putImage({
      repositoryName: repository,
      imageTag: 'latest',
      imageManifest: otherManifest,
      imageDigest: otherDigest,
    });
    const res = await promote(repository, '--tags', 'v4,latest');
    expect(res.code).toBe(0);
    expect(await tagsOf(repository)).toEqual(['build-42', 'latest', 'v4']);
  });

  it('a missing source tag or repository fails clearly without creating anything', async () => {
    const repository = await repoWithImage('MUTABLE');
    const res = await runCli(ecrPush, [
      '--repository',
      repository,
      '--source-tag',
      'nope',
      '--tags',
      'v1',
      '--endpoint-url',
      motoUrl(),
    ]);
    expect(res.code).toBe(1);
    expect(res.log).toContain(`${repository}:nope does not exist in ECR`);
    const missing = uniqueName('arkit-promote-missing');
    const none = await promote(missing, '--tags', 'v1');
    expect(none.code).toBe(1);
    expect(none.log).toContain(`ECR repository ${missing} does not exist, so there is no image to promote`);
    expect(await repositoryExists(missing)).toBe(false);
  });
});

describe('ecr-push bad inputs fail with exit 2 before any AWS call', () => {
  let server: Server;
  let requests = 0;
  let endpoint = '';

  beforeAll(async () => {
    // An "AWS endpoint" that counts what reaches it: it must stay at zero.
    server = createServer((req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    endpoint = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const badDir = () => {
    const d = tempDir();
    writeFileSync(join(d, 'not-json.json'), '{ "rules": [ ');
    writeFileSync(join(d, 'no-rules.json'), '{ "rule": [] }');
    return d;
  };

  const cases: Array<[string, string, string[]]> = [
    ['unknown CLI', 'container-cli', ['--container-cli', 'nerdctl']],
    ['CLI not installed', 'container-cli', ['--container-cli', 'podman']],
    ['missing Dockerfile', 'dockerfile', ['--dockerfile', join(fixtures, 'nope', 'Dockerfile')]],
    ['missing context', 'context', ['--context', join(fixtures, 'nope')]],
    ['invalid tag', 'tags', ['--tags', 'ok,-bad']],
    ['tag too long', 'tags', ['--tags', 'x'.repeat(129)]],
    ['build-args not KEY=VALUE', 'build-args', ['--build-args', 'NOVALUE']],
    ['bad platform', 'platform', ['--platform', 'amd64']],
    ['bad repository name', 'repository', ['--repository', 'My_App']],
    ['full address as repository', 'repository', ['--repository', '123.dkr.ecr.us-east-1.amazonaws.com/app']],
    ['registry with scheme', 'registry', ['--registry', 'https://example.com']],
    ['unknown mutability', 'image-tag-mutability', ['--image-tag-mutability', 'SOMETIMES']],
    ['source-tag with build inputs', 'context', ['--source-tag', 'build-1']],
  ];

  it.each(cases)('%s → input %s', async (_label, input, args) => {
    const before = requests;
    const argv = ['--repository', 'arkit-bad', '--context', context, '--tags', 'v1', '--endpoint-url', endpoint];
    // Later flags replace earlier single-valued ones; list inputs would add a line, so they are set once.
    const merged = mergeArgs(argv, args);
    const res = await runCli(ecrPush, merged);
    expect(res.code).toBe(2);
    expect(res.log).toContain(`input "${input}"`);
    expect(requests).toBe(before);
  });

  it('--help lists every input of the issue', async () => {
    const res = await runCli(ecrPush, ['--help']);
    expect(res.code).toBe(0);
    for (const name of ['repository', 'tags', 'context', 'dockerfile', 'build-args', 'target', 'platform', 'labels']) {
      expect(res.stdout).toContain(`--${name}`);
    }
    for (const name of ['container-cli', 'registry', 'create-repository', 'image-tag-mutability', 'scan-on-push']) {
      expect(res.stdout).toContain(`--${name}`);
    }
    expect(res.stdout).toContain('--lifecycle-policy');
    expect(res.stdout).toContain('--source-tag');
  });

  it('lifecycle-policy must be a JSON lifecycle policy', async () => {
    const d = badDir();
    for (const file of ['not-json.json', 'no-rules.json', 'missing.json']) {
      const res = await runCli(ecrPush, [
        '--repository',
        'arkit-bad',
        '--context',
        context,
        '--lifecycle-policy',
        join(d, file),
        '--endpoint-url',
        endpoint,
      ]);
      expect(res.code).toBe(2);
      expect(res.log).toContain('input "lifecycle-policy"');
    }
    expect(requests).toBe(0);
  });
});

/** Replaces flags of argv that `extra` sets again, then appends extra. */
function mergeArgs(argv: string[], extra: string[]): string[] {
  const names = new Set(extra.filter((a) => a.startsWith('--')));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 2) {
    if (!names.has(argv[i] ?? '')) out.push(argv[i] ?? '', argv[i + 1] ?? '');
  }
  return [...out, ...extra];
}
