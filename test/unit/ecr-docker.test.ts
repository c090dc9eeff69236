/**
 * The docker (buildx) path of ecr-push, which cannot run here (no Docker engine): execute() with an
 * ECR and a registry that answer from memory and a docker that only records what it is asked.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execute } from '../../src/commands/ecr-push.js';
import { ecrPush } from '../../src/definitions/ecr-push.js';
import type { EcrApi } from '../../src/ecr/ecr.js';
import type { ExecOptions, ExecResult } from '../../src/runtime/host.js';
import { InputReader } from '../../src/runtime/inputs.js';
import { testHost } from '../helpers/host.js';

const here = dirname(fileURLToPath(import.meta.url));
const context = join(here, '..', 'fixtures', 'ecr', 'context');
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const PASSWORD = 'ecr-password-6d1f';
const root = mkdtempSync(join(tmpdir(), 'arkit-ecr-docker-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ecr = {
  describeRepositories: async () => ({
    repositories: [{ repositoryName: 'web', repositoryUri: `${REGISTRY}/web`, imageTagMutability: 'MUTABLE' }],
  }),
  getAuthorizationToken: async () => ({
    authorizationData: [
      { authorizationToken: Buffer.from(`AWS:${PASSWORD}`).toString('base64'), proxyEndpoint: `https://${REGISTRY}` },
    ],
  }),
} as unknown as EcrApi;

/** The registry: every tag holds `manifest` (HEAD answers its digest, GET its bytes). */
function registryFetch(manifest: string): typeof fetch {
  const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  return async (_url, init) =>
    new Response(init?.method === 'HEAD' ? null : manifest, {
      status: 200,
      headers: { 'docker-content-digest': digest, 'content-type': 'application/vnd.oci.image.index.v1+json' },
    });
}

const IMAGE = JSON.stringify({ schemaVersion: 2, config: { digest: 'sha256:00' }, layers: [] });
const DIGEST = `sha256:${createHash('sha256').update(IMAGE).digest('hex')}`;

interface Call {
  command: string;
  args: string[];
  options?: ExecOptions;
}

function run(inputs: Record<string, string>, answer: (call: Call, n: number) => ExecResult, manifest = IMAGE) {
  const host = testHost({ sha: 'c'.repeat(40) });
  const calls: Call[] = [];
  host.exec = async (command, args, options) => {
    const call = { command, args, options };
    calls.push(call);
    return answer(call, calls.filter((c) => c.args[1] === 'build').length);
  };
  const parsed = ecrPush.parse(
    new InputReader(
      ecrPush.inputs,
      new Map(Object.entries({ repository: 'web', tags: 'v1,latest', context, region: 'eu-west-1', ...inputs })),
    ),
    host.context,
  );
  const done = execute(parsed, {
    ecr,
    host,
    locateCli: async () => 'docker',
    tmpRoot: root,
    fetch: registryFetch(manifest),
  });
  return { host, calls, done };
}

const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' });

describe('ecr-push with docker (buildx)', () => {
  it('logs in first, then builds and pushes every tag in one buildx call, reproducibly, with the default cache', async () => {
    const { calls, done } = run({}, (c) => (c.command === 'git' ? ok('1700000000\n') : ok()));
    const out = await done;
    expect(out['digest']).toBe(DIGEST);
    expect(calls.map((c) => `${c.command} ${c.args.slice(0, 2).join(' ')}`)).toEqual([
      'git log -1',
      'docker login --username',
      'docker buildx build',
    ]);
    const [, login, build] = calls;
    expect(login?.options?.input).toBe(PASSWORD);
    const config = login?.options?.env?.['DOCKER_CONFIG'];
    expect(config).toMatch(/arkit-ecr-auth-/);
    expect(build?.options?.env).toEqual({
      DOCKER_CONFIG: config,
      BUILDX_NO_DEFAULT_ATTESTATIONS: '1',
      SOURCE_DATE_EPOCH: '1700000000',
    });
    expect(build?.args).toEqual(
      expect.arrayContaining([
        '--cache-from',
        `type=registry,ref=${REGISTRY}/web:buildcache`,
        '--cache-to',
        `type=registry,ref=${REGISTRY}/web:buildcache,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`,
        '--output',
        `type=image,"name=${REGISTRY}/web:v1,${REGISTRY}/web:latest",push=true,oci-mediatypes=true,rewrite-timestamp=true`,
      ]),
    );
    expect(build?.args.at(-1)).toBe(context);
    // The throwaway store is gone, and the password was never an argument.
    expect(readdirSync(root)).toEqual([]);
    for (const c of calls) expect(c.args.join(' ')).not.toContain(PASSWORD);
  });

  it('a builder that cannot export a cache (the docker driver) is a warning: the build runs again without the cache', async () => {
    const { host, calls, done } = run({ 'source-date-epoch': '0', secrets: 'token=s3cr3t-7' }, (_c, builds) =>
      builds === 1
        ? {
            exitCode: 1,
            stdout: '',
            stderr: 'ERROR: cache export feature is currently not supported for docker driver.',
          }
        : ok(),
    );
    await expect(done).resolves.toMatchObject({ digest: DIGEST });
    const builds = calls.filter((c) => c.args[1] === 'build');
    expect(builds).toHaveLength(2);
    expect(builds[0]?.args).toContain('--cache-to');
    expect(builds[1]?.args).not.toContain('--cache-to');
    expect(builds[1]?.args).not.toContain('--cache-from');
    expect(host.text()).toContain('warning: docker could not read or write the build cache');
    // The secret goes in through the environment of both builds, never as an argument.
    for (const b of builds) {
      expect(b.args).toEqual(expect.arrayContaining(['--secret', 'id=token,env=ARKIT_BUILD_SECRET_0']));
      expect(b.options?.env?.['ARKIT_BUILD_SECRET_0']).toBe('s3cr3t-7');
      expect(b.args.join(' ')).not.toContain('s3cr3t-7');
    }
  });

  it('a build that fails for another reason fails the release, and is not run again', async () => {
    const { calls, done } = run({ 'source-date-epoch': '0' }, (c) =>
      c.args[1] === 'build'
        ? {
            exitCode: 1,
            stdout: '',
            stderr: 'ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully',
          }
        : ok(),
    );
    await expect(done).rejects.toThrow('docker build failed with exit code 1 (its output is above)');
    expect(calls.filter((c) => c.args[1] === 'build')).toHaveLength(1);
  });

  it("provenance and sbom, when asked for, reach buildx; several platforms give the index digest and each platform's", async () => {
    const index = JSON.stringify({
      schemaVersion: 2,
      manifests: [
        { digest: 'sha256:aa', platform: { os: 'linux', architecture: 'amd64' } },
        { digest: 'sha256:bb', platform: { os: 'linux', architecture: 'arm64' } },
        { digest: 'sha256:cc', platform: { os: 'unknown', architecture: 'unknown' } },
      ],
    });
    const { calls, done } = run(
      { 'source-date-epoch': '0', provenance: 'mode=max', sbom: 'true', platforms: 'linux/amd64,linux/arm64' },
      () => ok(),
      index,
    );
    const out = await done;
    expect(out['digest']).toBe(`sha256:${createHash('sha256').update(index).digest('hex')}`);
    expect(JSON.parse(String(out['platform-digests']))).toEqual({
      'linux/amd64': 'sha256:aa',
      'linux/arm64': 'sha256:bb',
    });
    const build = calls.find((c) => c.args[1] === 'build');
    expect(build?.args).toEqual(
      expect.arrayContaining(['--provenance=mode=max', '--sbom=true', '--platform', 'linux/amd64,linux/arm64']),
    );
    // Attestations asked for: buildx's defaults are not switched off.
    expect(build?.options?.env?.['BUILDX_NO_DEFAULT_ATTESTATIONS']).toBeUndefined();
  });

  it('an index without a platform that was asked for fails the release', async () => {
    const index = JSON.stringify({
      schemaVersion: 2,
      manifests: [{ digest: 'sha256:aa', platform: { os: 'linux', architecture: 'amd64' } }],
    });
    const { done } = run({ 'source-date-epoch': '0', platforms: 'linux/amd64,linux/arm64' }, () => ok(), index);
    await expect(done).rejects.toThrow(/has no image for linux\/arm64/);
  });
});
