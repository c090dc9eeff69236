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
import { ensureRepository, type EcrApi } from '../../src/ecr/ecr.js';
import { MANIFEST_MEDIA_TYPES } from '../../src/ecr/registry.js';
import type { RunContext } from '../../src/runtime/context.js';
import type { ExecOptions } from '../../src/runtime/host.js';
import { InputReader } from '../../src/runtime/inputs.js';
import { isAwsError } from '../../src/util/aws-errors.js';
import { motoUrl, registryHost, uniqueName } from '../helpers/env.js';
import { runCli, testHost, type CapturedHost } from '../helpers/host.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures', 'ecr');
const context = join(fixtures, 'context');
const ecr = new ECR({ region: 'us-east-1', endpoint: motoUrl() });
/** What moto's GetAuthorizationToken hands out as the registry password for the default account. */
const PASSWORD = '123456789012-auth-token';
const TOKEN = Buffer.from(`AWS:${PASSWORD}`).toString('base64');
const SHA = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
/** A commit that is not this checkout's. */
const OTHER_SHA = SHA.replace(/^./, (c) => (c === 'f' ? '0' : 'f'));
const ECR_REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

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

interface ExecCall {
  command: string;
  args: string[];
  options?: ExecOptions;
}

/**
 * A host that shows what really happened, with no redaction to hide a leak: secrets are only
 * recorded (a registered secret would turn a leaked password into *** in the captured lines), and
 * every exec call is recorded with its arguments, standard input and environment. `rewrite` may
 * change a call's arguments before it runs (the foreign-registry test uses it).
 */
function recordingHost(
  context: Partial<RunContext>,
  rewrite: (call: ExecCall) => ExecCall = (c) => c,
): { host: CapturedHost; secrets: string[]; calls: ExecCall[] } {
  const base = testHost(context);
  const secrets: string[] = [];
  const calls: ExecCall[] = [];
  const host: CapturedHost = {
    ...base,
    secret: (value) => {
      if (value) secrets.push(value);
    },
    exec: (command, args, options) => {
      calls.push({ command, args, options });
      const call = rewrite({ command, args, options });
      return base.exec(call.command, call.args, call.options);
    },
  };
  return { host, secrets, calls };
}

/** Parses inputs the way the CLI does, for a call to execute() with a host of the test's own. */
function parseInputs(host: CapturedHost, inputs: Record<string, string>) {
  return ecrPush.parse(new InputReader(ecrPush.inputs, new Map(Object.entries(inputs))), host.context);
}

const locate = (host: CapturedHost) => (requested: Parameters<typeof locateContainerCli>[0]) =>
  locateContainerCli(requested, { exec: host.exec, pathEnv: process.env['PATH'] ?? '' });

/** The ECR client, with the name of every call recorded (the calls still go to moto). */
function recordingEcr(): { ecr: EcrApi; calls: string[] } {
  const calls: string[] = [];
  const wrapped = new Proxy(ecr, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(prop));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { ecr: wrapped, calls };
}

/** Tags moto's ECR holds for a repository, tag → digest. */
async function ecrTags(repository: string): Promise<Record<string, string>> {
  const res = await ecr.describeImages({ repositoryName: repository });
  const out: Record<string, string> = {};
  for (const image of res.imageDetails ?? [])
    for (const tag of image.imageTags ?? []) out[tag] = image.imageDigest ?? '';
  return out;
}

/** Copies what the test registry holds under `from` into moto's ECR as `to`, byte for byte (so with the same digest). */
async function copyToEcr(repository: string, from: string, to: string): Promise<string> {
  const res = await fetch(`http://${registryHost()}/v2/${repository}/manifests/${from}`, {
    headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
  });
  const manifest = await res.text();
  const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  await ecr.putImage({
    repositoryName: repository,
    imageTag: to,
    imageManifest: manifest,
    imageManifestMediaType: res.headers.get('content-type') ?? undefined,
    imageDigest: digest,
  });
  return digest;
}

/**
 * A fetch that sends what is meant for `host` (any scheme) to the test registry instead, through a
 * recorder: no name is resolved, and the Authorization header of every request is kept.
 */
function redirectFetch(host: string, seen: Array<{ url: string; authorization: string | null }>): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    seen.push({ url: url.toString(), authorization: headers.get('authorization') });
    if (url.host !== host) return fetch(input, init);
    return fetch(`http://${registryHost()}${url.pathname}${url.search}`, { ...init, headers });
  };
}

async function repositoryExists(name: string): Promise<boolean> {
  try {
    await ecr.describeRepositories({ repositoryNames: [name] });
    return true;
  } catch (err) {
    if (isAwsError(err, 'RepositoryNotFoundException')) return false;
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
      'platform-digests': '{}',
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
    // The captured log is redacted, so a leak would show as ***, not as the password: there is none.
    expect(res.log).not.toContain('***');
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

  it('logs in through a throwaway credentials file that is gone afterwards; the password is only ever on stdin', async () => {
    const repository = uniqueName('arkit-session');
    const root = tempDir();
    // Nothing is redacted here: a password in any argument or log line would show as itself.
    const { host, secrets, calls } = recordingHost({ sha: SHA, awsRegion: 'us-east-1' });
    const inputs = parseInputs(host, {
      repository,
      registry: registryHost(),
      context,
      'container-cli': 'buildah',
      'endpoint-url': motoUrl(),
    });
    const out = await execute(inputs, { ecr, host, locateCli: locate(host), tmpRoot: root });
    expect(out['digest']).toBe(await registryDigest(repository, SHA.slice(0, 7)));
    expect(readdirSync(root)).toEqual([]);
    // Registered as secrets (masked in Actions) before anything could print them.
    expect(secrets).toEqual(expect.arrayContaining([PASSWORD, TOKEN]));
    // The password reaches the CLI through standard input of the login, and nowhere else.
    const logins = calls.filter((c) => c.args[0] === 'login');
    expect(logins).toHaveLength(1);
    expect(logins[0]?.options?.input).toBe(PASSWORD);
    expect(logins[0]?.args).toContain('--password-stdin');
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const call of calls) {
      const visible = JSON.stringify([call.command, call.args, call.options?.env ?? {}]);
      expect(visible).not.toContain(PASSWORD);
      expect(visible).not.toContain(TOKEN);
      if (call !== logins[0]) expect(call.options?.input).toBeUndefined();
    }
    // The raw log lines, before any redaction.
    expect(host.lines.length).toBeGreaterThan(5);
    expect(host.text()).not.toContain(PASSWORD);
    expect(host.text()).not.toContain(TOKEN);
    expect(host.text()).not.toContain('***');
  });

  it('immutable tags: a re-run is a no-op; a new tag for a release of this commit goes on that image, without a build', async () => {
    const repository = uniqueName('arkit-immutable');
    const first = await push(repository, '--tags', 'r1', '--image-tag-mutability', 'IMMUTABLE');
    expect(first.code).toBe(0);
    const digest = String(first.outputs?.['digest']);
    const described = await ecr.describeRepositories({ repositoryNames: [repository] });
    expect(described.repositories?.[0]?.imageTagMutability).toBe('IMMUTABLE');

    // Re-run: every tag is taken, nothing is built or pushed, and the existing image is handed on.
    const again = await push(repository, '--tags', 'r1');
    expect(again.code).toBe(0);
    expect(again.outputs?.['digest']).toBe(digest);
    expect(again.log).not.toMatch(/^\$ buildah (bud|push) /m);
    expect(again.log).toContain(`every tag already points at ${digest}: nothing to do`);

    // A re-run at the same commit with one more tag: the tag is added to the image r1 holds (a
    // rebuild would not be byte-identical, and then r2 would be pushed before the failure).
    const more = await push(repository, '--tags', 'r2', '--tags', 'r1');
    expect(more.log).not.toContain('error:');
    expect(more.code).toBe(0);
    expect(more.outputs?.['digest']).toBe(digest);
    expect(more.outputs?.['image']).toBe(`${registryHost()}/${repository}:r2`);
    expect(await registryDigest(repository, 'r2')).toBe(digest);
    expect(await registryDigest(repository, 'r1')).toBe(digest);
    expect(more.log).not.toMatch(/^\$ buildah (bud|tag|login|push) /m);
    expect(more.log).toContain(`tagged ${digest} as ${registryHost()}/${repository}:r2`);
  });

  it('immutable tags: a run that fails leaves no new tag behind', async () => {
    const repository = uniqueName('arkit-immutable-fail');
    // r1: an image of another commit (its revision label says so).
    const old = await push(
      repository,
      '--tags',
      'r1',
      '--image-tag-mutability',
      'IMMUTABLE',
      '--labels',
      `org.opencontainers.image.revision=${OTHER_SHA}`,
    );
    expect(old.code).toBe(0);
    const r1 = String(old.outputs?.['digest']);

    const other = await push(repository, '--tags', 'r3', '--tags', 'r1');
    expect(other.code).toBe(1);
    expect(other.log).toContain(
      `tag r1 already holds an image built from commit ${OTHER_SHA}; this run is commit ${SHA}.`,
    );
    expect(other.log).not.toMatch(/^\$ buildah (bud|tag|login|push) /m);
    expect(await registryDigest(repository, 'r3')).toBeNull();
    expect(await registryDigest(repository, 'r1')).toBe(r1);

    // r2: another image (of this commit). No one image can be r1 and r2 at once.
    const second = await push(repository, '--tags', 'r2', '--build-args', 'GREETING=changed');
    expect(second.code).toBe(0);
    const split = await push(repository, '--tags', 'r4', '--tags', 'r1', '--tags', 'r2');
    expect(split.code).toBe(1);
    expect(split.log).toContain(
      `already holds the immutable tags r1 → ${r1}, r2 → ${String(second.outputs?.['digest'])} on different images`,
    );
    expect(split.log).not.toMatch(/^\$ buildah (bud|tag|login|push) /m);
    expect(await registryDigest(repository, 'r4')).toBeNull();
  });

  it('immutable tags in ECR itself: read and added through the ECR API (BatchGetImage + PutImage), never built', async () => {
    const repository = uniqueName('arkit-ecr-immutable');
    // Two images built here and pushed to the test registry, then copied byte for byte into moto's
    // ECR. Their config blobs stay in the test registry: the run reads them through a fetch that
    // sends what is meant for ECR's registry host there.
    const built = await push(
      repository,
      '--tags',
      'old',
      '--image-tag-mutability',
      'IMMUTABLE',
      '--labels',
      `org.opencontainers.image.revision=${OTHER_SHA}`,
    );
    expect(built.code).toBe(0);
    expect((await push(repository, '--tags', 'current')).code).toBe(0);
    const oldDigest = await copyToEcr(repository, 'old', 'r1');
    const currentDigest = await copyToEcr(repository, 'current', 'r5');

    const run = async (tags: string) => {
      const seen: Array<{ url: string; authorization: string | null }> = [];
      const { host, calls } = recordingHost({ sha: SHA, awsRegion: 'us-east-1' });
      const inputs = parseInputs(host, {
        repository,
        tags,
        context,
        'container-cli': 'buildah',
        'endpoint-url': motoUrl(),
      });
      const result = await execute(inputs, {
        ecr,
        host,
        locateCli: locate(host),
        fetch: redirectFetch(ECR_REGISTRY, seen),
      }).then(
        (outputs) => ({ outputs, error: undefined }),
        (error: unknown) => ({ outputs: undefined, error: error as Error }),
      );
      return { ...result, host, calls, seen };
    };

    const refused = await run('r3,r1');
    expect(refused.error?.message).toContain(
      `tag r1 already holds an image built from commit ${OTHER_SHA}; this run is commit ${SHA}.`,
    );
    // The commit was read from the image config, at ECR's registry host, with the ECR login.
    expect(refused.seen.some((s) => s.url.startsWith(`https://${ECR_REGISTRY}/v2/${repository}/blobs/`))).toBe(true);
    expect(refused.calls.filter((c) => c.args[0] !== '--version')).toEqual([]);
    expect((await ecrTags(repository))['r3']).toBeUndefined();

    const added = await run('r6,r5');
    expect(added.error).toBeUndefined();
    expect(added.outputs?.['digest']).toBe(currentDigest);
    expect(added.outputs?.['image-uri']).toBe(`${ECR_REGISTRY}/${repository}@${currentDigest}`);
    expect(added.calls.filter((c) => c.args[0] !== '--version')).toEqual([]);
    const tags = await ecrTags(repository);
    expect(tags['r6']).toBe(currentDigest);
    expect(tags['r1']).toBe(oldDigest);
    expect(added.host.text()).toContain(`tagged ${currentDigest} as ${repository}:r6`);
  });

  it('a registry that is not ECR: no ECR token is fetched or sent, no login; the push uses your own login', async () => {
    const repository = uniqueName('arkit-foreign');
    const foreign = 'registry.example.com:5000';
    const seen: Array<{ url: string; authorization: string | null }> = [];
    // The "foreign" registry is the test registry under another name: reads go there through the
    // fetch, and the push there through the CLI (its destination rewritten, as DNS would).
    const toTestRegistry = (call: ExecCall): ExecCall =>
      call.args[0] === 'push'
        ? {
            ...call,
            // An env option makes host.exec pass this test file's process.env, where buildah's storage is set.
            options: { ...call.options, env: call.options?.env ?? {} },
            args: [
              'push',
              '--tls-verify=false',
              ...call.args.slice(1).map((a) => (a.startsWith('docker://') ? a.replace(foreign, registryHost()) : a)),
            ],
          }
        : call;
    const run = async (tags: string, more: Record<string, string> = {}) => {
      const { host, calls, secrets } = recordingHost({ sha: SHA, awsRegion: 'us-east-1' }, toTestRegistry);
      const recorded = recordingEcr();
      const inputs = parseInputs(host, {
        repository,
        tags,
        registry: foreign,
        context,
        'container-cli': 'buildah',
        'endpoint-url': motoUrl(),
        ...more,
      });
      const outputs = await execute(inputs, {
        ecr: recorded.ecr,
        host,
        locateCli: locate(host),
        fetch: redirectFetch('registry.example.com:5000', seen),
      }).catch((err: unknown) => {
        throw new Error(`${String(err)}\n${host.text()}`);
      });
      return { outputs, host, calls, secrets, ecrCalls: recorded.calls };
    };

    const first = await run('f1', { 'image-tag-mutability': 'IMMUTABLE' });
    expect(first.outputs['digest']).toBe(await registryDigest(repository, 'f1'));
    expect(first.outputs['registry']).toBe(foreign);
    expect(first.ecrCalls).not.toContain('getAuthorizationToken');
    expect(first.secrets).toEqual([]);
    expect(first.calls.map((c) => c.args[0])).not.toContain('login');
    const pushes = first.calls.filter((c) => c.args[0] === 'push');
    expect(pushes).toHaveLength(1);
    // No throwaway credentials store: the CLI's own configuration (the user's login) is used.
    expect(pushes[0]?.options?.env).toBeUndefined();
    expect(first.host.text()).toContain(`registry ${foreign} is not ECR, so the ECR token is not used there`);

    // An immutable tag exists: the new tag is added through the registry API, still anonymously.
    const second = await run('f2,f1');
    expect(second.outputs['digest']).toBe(first.outputs['digest']);
    expect(await registryDigest(repository, 'f2')).toBe(first.outputs['digest']);
    expect(second.ecrCalls).not.toContain('getAuthorizationToken');

    const toForeign = seen.filter((s) => s.url.startsWith('https://registry.example.com:5000/'));
    expect(toForeign.map((s) => new URL(s.url).pathname)).toEqual(
      expect.arrayContaining([
        `/v2/${repository}/manifests/f1`,
        expect.stringMatching(new RegExp(`^/v2/${repository}/blobs/sha256:`)),
        `/v2/${repository}/manifests/f2`,
      ]),
    );
    expect(toForeign.filter((s) => s.authorization !== null)).toEqual([]);
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
  const lifecycle = (file: string) => JSON.stringify(JSON.parse(readFileSync(join(fixtures, file), 'utf8')));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the policy document is read loosely
  const policyOf = async (name: string): Promise<any> => {
    try {
      return JSON.parse((await ecr.getLifecyclePolicy({ repositoryName: name })).lifecyclePolicyText ?? '{}');
    } catch (err) {
      if (isAwsError(err, 'LifecyclePolicyNotFoundException')) return undefined;
      throw err;
    }
  };

  it('creates the repository with tag mutability, scan on push and the lifecycle policy; an existing policy is only replaced when asked', async () => {
    const name = uniqueName('arkit-settings');
    const log = testHost().log;
    const settings = {
      name,
      create: true,
      mutability: 'IMMUTABLE' as const,
      mutabilityGiven: true,
      scanOnPush: true,
      scanOnPushGiven: true,
      lifecyclePolicy: lifecycle('lifecycle.json'),
      lifecyclePolicyUpdate: false,
      dryRun: false,
    };
    const state = await ensureRepository(ecr, settings, log);
    expect(state).toEqual({
      name,
      registry: ECR_REGISTRY,
      mutability: 'IMMUTABLE',
      exclusions: [],
      created: true,
      exists: true,
    });
    const repo = (await ecr.describeRepositories({ repositoryNames: [name] })).repositories?.[0];
    expect(repo?.imageTagMutability).toBe('IMMUTABLE');
    expect(repo?.imageScanningConfiguration?.scanOnPush).toBe(true);
    expect(await policyOf(name)).toEqual(JSON.parse(settings.lifecyclePolicy));

    // Existing repository: mutability and the differing policy are left alone, each with a warning.
    const host = testHost();
    const again = await ensureRepository(
      ecr,
      { ...settings, mutability: 'MUTABLE', lifecyclePolicy: lifecycle('lifecycle-untagged.json') },
      host.log,
    );
    expect(again.created).toBe(false);
    expect(again.mutability).toBe('IMMUTABLE');
    expect(host.text()).toContain('exists with IMMUTABLE tags');
    expect(host.text()).toContain(
      `warning: ECR repository ${name} exists with another lifecycle policy; it is left as it is`,
    );
    expect(await policyOf(name)).toEqual(JSON.parse(settings.lifecyclePolicy));

    // lifecycle-policy-update: replaced (a dry run only says so).
    const dry = testHost();
    await ensureRepository(
      ecr,
      { ...settings, lifecyclePolicy: lifecycle('lifecycle-untagged.json'), lifecyclePolicyUpdate: true, dryRun: true },
      dry.log,
    );
    expect(dry.text()).toContain(`dry run: would update the lifecycle policy of ${name}`);
    expect(await policyOf(name)).toEqual(JSON.parse(settings.lifecyclePolicy));
    const update = testHost();
    await ensureRepository(
      ecr,
      { ...settings, lifecyclePolicy: lifecycle('lifecycle-untagged.json'), lifecyclePolicyUpdate: true },
      update.log,
    );
    expect(update.text()).toContain(`updated the lifecycle policy of ${name}`);
    expect((await policyOf(name))?.rules[0].selection.tagStatus).toBe('untagged');
  });

  it('an existing repository without a lifecycle policy does not get one unless asked', async () => {
    const name = uniqueName('arkit-nopolicy');
    await ecr.createRepository({ repositoryName: name });
    const res = await push(name, '--tags', 'p1', '--lifecycle-policy', join(fixtures, 'lifecycle.json'));
    expect(res.code).toBe(0);
    expect(res.log).toContain(`warning: ECR repository ${name} exists with no lifecycle policy; it is left as it is`);
    expect(await policyOf(name)).toBeUndefined();

    const asked = await push(
      name,
      '--tags',
      'p1',
      '--lifecycle-policy',
      join(fixtures, 'lifecycle.json'),
      '--lifecycle-policy-update',
      'true',
    );
    expect(asked.code).toBe(0);
    expect(asked.log).toContain(`set the lifecycle policy of ${name}`);
    expect((await policyOf(name))?.rules[0].selection.countNumber).toBe(30);
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
      'platform-digests': '{}',
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

  it('never touches the lifecycle policy: lifecycle-policy with source-tag is a bad input (exit 2)', async () => {
    const repository = await repoWithImage('MUTABLE');
    for (const args of [
      ['--lifecycle-policy', join(fixtures, 'lifecycle.json')],
      ['--lifecycle-policy-update', 'true'],
    ]) {
      const res = await promote(repository, '--tags', 'v9', ...args);
      expect(res.code).toBe(2);
      expect(res.log).toContain(`input "${(args[0] ?? '').slice(2)}": does not apply with source-tag`);
    }
    await expect(ecr.getLifecyclePolicy({ repositoryName: repository })).rejects.toThrow();
    expect(await tagsOf(repository)).toEqual(['build-42']);
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
    ['provenance with buildah', 'provenance', ['--container-cli', 'buildah', '--provenance', 'true']],
    ['a local cache with buildah', 'cache-to', ['--container-cli', 'buildah', '--cache-to', 'type=local,dest=/tmp/c']],
    ['cache entry without a type', 'cache-from', ['--cache-from', 'ref=reg/app']],
    ['secret file missing', 'secret-files', ['--secret-files', 'npmrc=/nonexistent/npmrc']],
    ['platform and platforms', 'platform', ['--platform', 'linux/amd64', '--platforms', 'linux/arm64']],
    ['registries not account IDs', 'registries', ['--registries', 'team-a']],
    ['negative source-date-epoch', 'source-date-epoch', ['--source-date-epoch', '-5']],
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
    const issue14 = ['platforms', 'cache-from', 'cache-to', 'no-cache', 'pull', 'build-contexts', 'secrets'];
    for (const name of [...issue14, 'secret-envs', 'secret-files', 'ssh', 'provenance', 'sbom', 'registries']) {
      expect(res.stdout).toContain(`--${name}`);
    }
    expect(res.stdout).toContain('--source-date-epoch');
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
