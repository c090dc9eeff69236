/**
 * The build side of ecr-push with buildah and the test registry: reproducible digests, build secrets,
 * the registry cache and multi-platform indexes. Every build that must not see an earlier one's
 * layers gets an empty storage of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { ECR } from '@aws-sdk/client-ecr';
import { execute } from '../../src/commands/ecr-push.js';
import { ecrPush } from '../../src/definitions/ecr-push.js';
import { locateContainerCli } from '../../src/ecr/cli.js';
import { MANIFEST_MEDIA_TYPES } from '../../src/ecr/registry.js';
import { InputReader } from '../../src/runtime/inputs.js';
import { motoUrl, registryHost, uniqueName } from '../helpers/env.js';
import { runCli, testHost, type CapturedHost } from '../helpers/host.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtureContext = join(here, '..', 'fixtures', 'ecr', 'context');
const COMMIT_TIME = 1700000000;
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** Points buildah at an empty storage of its own (host.exec passes this process's environment on). */
function freshStorage(): void {
  const storage = tempDir('arkit-buildah-');
  writeFileSync(
    join(storage, 'storage.conf'),
    `[storage]\ndriver = "vfs"\nrunroot = "${storage}/run"\ngraphroot = "${storage}/graph"\n`,
  );
  process.env['CONTAINERS_STORAGE_CONF'] = join(storage, 'storage.conf');
}

beforeAll(() => {
  process.env['BUILDAH_ISOLATION'] = 'chroot';
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A build context in a git repository of its own, with one commit made at COMMIT_TIME. */
function gitContext(files: Record<string, string>): string {
  const dir = tempDir('arkit-ctx-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const env = { ...process.env, GIT_AUTHOR_DATE: `@${COMMIT_TIME} +0000`, GIT_COMMITTER_DATE: `@${COMMIT_TIME} +0000` };
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, env });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'context');
  return dir;
}

/** A context whose image has a shell: this machine's dash and the libraries it loads (no base image, no network). */
function shellContext(dockerfile: string): string {
  const dir = tempDir('arkit-shell-');
  const sh = existsSync('/bin/dash') ? '/bin/dash' : '/bin/sh';
  const libs = execFileSync('ldd', [sh], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /(\/\S+)\s+\(0x/.exec(l)?.[1])
    .filter((p): p is string => !!p);
  for (const file of [...libs]) {
    mkdirSync(join(dir, 'root', dirname(file)), { recursive: true });
    copyFileSync(file, join(dir, 'root', file));
  }
  mkdirSync(join(dir, 'root', 'bin'), { recursive: true });
  copyFileSync(sh, join(dir, 'root', 'bin', 'sh'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

const push = (repository: string, context: string, ...more: string[]) =>
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

const ACCEPT = { accept: MANIFEST_MEDIA_TYPES.join(', ') };

async function manifestText(repository: string, reference: string): Promise<string> {
  const res = await fetch(`http://${registryHost()}/v2/${repository}/manifests/${reference}`, { headers: ACCEPT });
  expect(res.status).toBe(200);
  return res.text();
}

async function blob(repository: string, digest: string): Promise<Buffer> {
  const res = await fetch(`http://${registryHost()}/v2/${repository}/blobs/${digest}`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

interface Manifest {
  config: { digest: string };
  layers: Array<{ digest: string; mediaType: string }>;
}

async function tags(repository: string): Promise<string[]> {
  const res = await fetch(`http://${registryHost()}/v2/${repository}/tags/list`);
  return (((await res.json()) as { tags?: string[] }).tags ?? []).sort();
}

describe('reproducible by default', () => {
  it('two builds of the same commit from empty storage give the same digest, and the second push changes nothing', async () => {
    const repository = uniqueName('arkit-repro');
    const context = gitContext({ Dockerfile: 'FROM scratch\nCOPY a.txt /a.txt\n', 'a.txt': 'one\n' });
    freshStorage();
    const first = await push(repository, context, '--tags', 'v1', '--no-cache', 'true');
    expect(first.code).toBe(0);
    expect(first.log).toContain(`image time ${new Date(COMMIT_TIME * 1000).toISOString()} (${COMMIT_TIME})`);
    const digest = String(first.outputs?.['digest']);
    const before = { manifest: await manifestText(repository, 'v1'), tags: await tags(repository) };

    // Another day, another machine: the file's time changes, the storage is empty.
    execFileSync('touch', ['-d', '2030-01-01', join(context, 'a.txt')]);
    freshStorage();
    const second = await push(repository, context, '--tags', 'v1', '--no-cache', 'true');
    expect(second.code).toBe(0);
    expect(second.log).toMatch(/^\$ buildah bud .*--timestamp 1700000000 /m);
    expect(second.outputs?.['digest']).toBe(digest);
    expect(await manifestText(repository, 'v1')).toBe(before.manifest);
    expect(await tags(repository)).toEqual(before.tags);

    // The image says when its commit was made, not when it was built.
    const manifest = JSON.parse(before.manifest) as Manifest;
    const config = JSON.parse((await blob(repository, manifest.config.digest)).toString()) as { created: string };
    expect(config.created).toBe(new Date(COMMIT_TIME * 1000).toISOString().replace('.000Z', 'Z'));
  });
});

describe('build secrets', () => {
  it('a secret is readable in RUN --mount=type=secret, masked in the log, on no command line, and nowhere in the image', async () => {
    const repository = uniqueName('arkit-secret');
    const secret = 'tok-9f2c71e0d4b3a8';
    const context = shellContext(
      [
        'FROM scratch',
        'COPY root/ /',
        // dash's read fails at a last line without newline, but fills v.
        'RUN --mount=type=secret,id=token { read -r v || [ -n "$v" ]; } < /run/secrets/token && echo "token is $v" && echo "${#v}" > /token-length',
        '',
      ].join('\n'),
    );
    freshStorage();
    const res = await push(
      repository,
      context,
      '--tags',
      's1',
      '--source-date-epoch',
      '0',
      '--secrets',
      `token=${secret}`,
    );
    expect(res.code).toBe(0);
    // The RUN step printed it: the line is there, the value is not.
    expect(res.log).toContain('token is ***');
    expect(res.log).not.toContain(secret);
    // The logged command line names the variable that carries the value; had the value been an
    // argument, it would show there as ***.
    const bud = res.log.split('\n').find((l) => l.startsWith('$ buildah bud ')) ?? '';
    expect(bud).toContain('--secret id=token,env=ARKIT_BUILD_SECRET_0');
    expect(bud).not.toContain('***');

    const manifest = JSON.parse(await manifestText(repository, 's1')) as Manifest;
    const config = (await blob(repository, manifest.config.digest)).toString();
    expect(config).toContain('--mount=type=secret,id=token');
    expect(config).not.toContain(secret);
    let lengthSeen = false;
    for (const layer of manifest.layers) {
      const raw = await blob(repository, layer.digest);
      const tar = layer.mediaType.endsWith('gzip') ? gunzipSync(raw) : raw;
      expect(tar.includes(secret)).toBe(false);
      // The step read the whole secret: the file it wrote holds its length.
      const at = tar.indexOf('token-length');
      if (
        at >= 0 &&
        tar
          .subarray(at + 512, at + 1024)
          .toString()
          .startsWith(`${secret.length}\n`)
      )
        lengthSeen = true;
    }
    expect(lengthSeen).toBe(true);
    expect(manifest.layers.length).toBeGreaterThan(0);
  });
});

describe('registry cache', () => {
  it('a second build from empty storage takes every step from the cache; after one changed file, the steps before it', async () => {
    const repository = uniqueName('arkit-cache');
    const context = tempDir('arkit-cachectx-');
    writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY a.txt /a\nCOPY b.txt /b\nCOPY c.txt /c\n');
    for (const f of ['a', 'b', 'c']) writeFileSync(join(context, `${f}.txt`), `${f}\n`);
    const build = () => push(repository, context, '--tags', 'c1', '--source-date-epoch', String(COMMIT_TIME));

    freshStorage();
    const cold = await build();
    expect(cold.code).toBe(0);
    expect(cold.log).toContain(`cache from ${registryHost()}/${repository}-buildcache`);
    expect(cold.log).not.toContain('Using cache');
    // One cache image per step (and one for the commit).
    expect((await tags(`${repository}-buildcache`)).length).toBeGreaterThanOrEqual(3);

    freshStorage();
    const warm = await build();
    expect(warm.code).toBe(0);
    // Every step after FROM (the three COPY, and the LABEL step buildah makes of --label) is pulled
    // from the registry cache and used.
    const steps = (warm.log.match(/^STEP \d+\/\d+: /gm) ?? []).length;
    expect(steps).toBe(5);
    expect(warm.log.match(/Cache pulled from remote /g)).toHaveLength(steps - 1);
    expect(warm.log.match(/Using cache /g)).toHaveLength(steps - 1);
    expect(warm.outputs?.['digest']).toBe(cold.outputs?.['digest']);

    writeFileSync(join(context, 'b.txt'), 'b, changed\n');
    freshStorage();
    const changed = await build();
    expect(changed.code).toBe(0);
    // COPY a.txt comes from the cache; COPY b.txt and what follows are built again.
    expect(changed.log.match(/Using cache /g)).toHaveLength(1);
    expect(changed.log).toMatch(/STEP 2\/5: COPY a.txt \/a\n--> Cache pulled from remote [^\n]*\n--> Using cache /);
    expect(changed.outputs?.['digest']).not.toBe(cold.outputs?.['digest']);
  });

  it('a cache that cannot be written is a warning, and the image is still built and pushed', async () => {
    const repository = uniqueName('arkit-nocache');
    freshStorage();
    const res = await push(
      repository,
      fixtureContext,
      '--tags',
      'n1',
      '--source-date-epoch',
      '0',
      '--cache-to',
      'type=registry,ref=127.0.0.1:1/nowhere',
    );
    expect(res.code).toBe(0);
    expect(res.log).toContain(
      'warning: buildah could not read or write the build cache (127.0.0.1:1/nowhere); building again without it',
    );
    expect(res.log.match(/^\$ buildah bud /gm)).toHaveLength(2);
    expect(res.outputs?.['digest']).toMatch(/^sha256:/);
  });
});

describe('several platforms', () => {
  it('a RUN-less Dockerfile for linux/amd64 and linux/arm64 becomes one index; image-uri is its digest, platform-digests its entries', async () => {
    const repository = uniqueName('arkit-multi');
    freshStorage();
    const res = await push(
      repository,
      fixtureContext,
      '--tags',
      'm1,latest',
      '--source-date-epoch',
      String(COMMIT_TIME),
      '--platforms',
      'linux/amd64,linux/arm64',
    );
    expect(res.code).toBe(0);
    const digest = String(res.outputs?.['digest']);
    expect(res.outputs?.['image-uri']).toBe(`${registryHost()}/${repository}@${digest}`);
    const index = JSON.parse(await manifestText(repository, 'm1')) as {
      mediaType?: string;
      manifests: Array<{ digest: string; platform: { os: string; architecture: string } }>;
    };
    expect(index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`)).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
    expect(JSON.parse(String(res.outputs?.['platform-digests']))).toEqual({
      'linux/amd64': index.manifests[0]?.digest,
      'linux/arm64': index.manifests[1]?.digest,
    });
    // Each entry is an image built for its platform.
    for (const entry of index.manifests) {
      const manifest = JSON.parse(await manifestText(repository, entry.digest)) as Manifest;
      const config = JSON.parse((await blob(repository, manifest.config.digest)).toString()) as {
        architecture: string;
      };
      expect(config.architecture).toBe(entry.platform.architecture);
    }
    expect(res.log).toContain('buildah does not tell cached layers of different platforms apart');
    expect(res.log.match(/^\$ buildah manifest push --all /gm)).toHaveLength(2);

    // The index is reproducible too: built again from empty storage, it has the same digest.
    freshStorage();
    const again = await push(
      repository,
      fixtureContext,
      '--tags',
      'm2',
      '--source-date-epoch',
      String(COMMIT_TIME),
      '--platforms',
      'linux/amd64,linux/arm64',
    );
    expect(again.code).toBe(0);
    expect(again.outputs?.['digest']).toBe(digest);
  });
});

describe('registries', () => {
  const ecr = new ECR({ region: 'us-east-1', endpoint: motoUrl() });

  it("logs in to another account's ECR in the same throwaway store before the build; its password only on stdin", async () => {
    const repository = uniqueName('arkit-registries');
    const other = '111111111111.dkr.ecr.us-east-1.amazonaws.com';
    const base = testHost({ sha: 'a'.repeat(40), awsRegion: 'us-east-1' });
    const secrets: string[] = [];
    const calls: Array<{ args: string[]; input?: string; env?: Record<string, string> }> = [];
    const host: CapturedHost = {
      ...base,
      secret: (v) => void (v && secrets.push(v)),
      exec: (command, args, options) => {
        calls.push({ args, input: options?.input?.toString(), env: options?.env });
        // The other account's registry does not exist here: its login goes to the test registry.
        const routed = args.map((a) => (a === other ? registryHost() : a));
        if (args[0] === 'login' && args.includes(other)) routed.splice(-1, 0, '--tls-verify=false');
        return base.exec(command, routed, options);
      },
    };
    const inputs = ecrPush.parse(
      new InputReader(
        ecrPush.inputs,
        new Map(
          Object.entries({
            repository,
            registry: registryHost(),
            context: fixtureContext,
            'container-cli': 'buildah',
            'source-date-epoch': '0',
            registries: '111111111111',
            'endpoint-url': motoUrl(),
          }),
        ),
      ),
      host.context,
    );
    freshStorage();
    const locateCli = (requested: Parameters<typeof locateContainerCli>[0]) =>
      locateContainerCli(requested, { exec: host.exec, pathEnv: process.env['PATH'] ?? '' });
    await execute(inputs, { ecr, host, locateCli });
    const logins = calls.filter((c) => c.args[0] === 'login');
    expect(logins.map((c) => c.args.at(-1))).toEqual([registryHost(), other]);
    expect(logins[1]?.input).toBe('111111111111-auth-token');
    expect(secrets).toContain('111111111111-auth-token');
    // Both logins went to one store, and the build used it.
    const store = logins[0]?.env?.['REGISTRY_AUTH_FILE'];
    expect(store).toBeDefined();
    expect(logins[1]?.env?.['REGISTRY_AUTH_FILE']).toBe(store);
    const build = calls.find((c) => c.args[0] === 'bud');
    expect(build?.env?.['REGISTRY_AUTH_FILE']).toBe(store);
    for (const c of calls) expect(JSON.stringify(c.args)).not.toContain('auth-token');
    expect(existsSync(dirname(store ?? ''))).toBe(false);
  });
});
