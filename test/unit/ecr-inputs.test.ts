import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execute } from '../../src/commands/ecr-push.js';
import { ecrPush, type EcrPushInputs } from '../../src/definitions/ecr-push.js';
import { CACHE_LIFECYCLE_POLICY, ensureCacheRepository, getRegistryLogins, type EcrApi } from '../../src/ecr/ecr.js';
import { InputError } from '../../src/runtime/errors.js';
import { InputReader } from '../../src/runtime/inputs.js';
import { testHost } from '../helpers/host.js';

const here = dirname(fileURLToPath(import.meta.url));
const context = join(here, '..', 'fixtures', 'ecr', 'context');
const dir = mkdtempSync(join(tmpdir(), 'arkit-ecr-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parse(inputs: Record<string, string>): EcrPushInputs {
  // Promote mode takes no build inputs, context included.
  const base = { repository: 'web', tags: 'v1', region: 'eu-west-1', ...(inputs['source-tag'] ? {} : { context }) };
  const raw = new Map(Object.entries({ ...base, ...inputs }));
  return ecrPush.parse(new InputReader(ecrPush.inputs, raw), { provider: 'local', sha: 'a'.repeat(40) });
}

function inputError(inputs: Record<string, string>): InputError {
  try {
    parse(inputs);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error(`no InputError for ${JSON.stringify(inputs)}`);
}

describe('build inputs in build-push-action format', () => {
  it('defaults: one platform of the builder, default cache, nothing extra, provenance and sbom off', () => {
    const build = parse({}).build;
    expect(build).toMatchObject({
      platforms: [],
      cache: { from: [], to: [] },
      noCache: false,
      pull: false,
      buildContexts: [],
      secrets: [],
      ssh: [],
      provenance: undefined,
      sbom: undefined,
      sourceDateEpoch: undefined,
    });
    expect(parse({}).registries).toEqual([]);
    // A platform listed twice is built once; platform (one) is platforms with one entry.
    expect(parse({ platforms: 'linux/amd64\nlinux/amd64' }).build?.platforms).toEqual(['linux/amd64']);
    expect(parse({ platform: 'linux/arm64' }).build?.platforms).toEqual(['linux/arm64']);
  });

  it('reads every build input', () => {
    const file = join(dir, 'npmrc');
    writeFileSync(file, '//registry.npmjs.org/:_authToken=x\n');
    const inputs = parse({
      platforms: 'linux/amd64,linux/arm64',
      'cache-from': 'type=registry,ref=reg/app:cache',
      'cache-to': 'type=registry,ref=reg/app:cache,mode=max',
      'no-cache': 'true',
      pull: 'true',
      'build-contexts': 'base=docker-image://alpine:3',
      secrets: 'token=abc=def',
      'secret-envs': 'npm=NPM_TOKEN',
      'secret-files': `npmrc=${file}`,
      ssh: 'default',
      provenance: 'mode=max',
      sbom: 'false',
      'source-date-epoch': '1700000000',
      registries: '111111111111, 222222222222',
    });
    expect(inputs.build).toMatchObject({
      platforms: ['linux/amd64', 'linux/arm64'],
      cache: {
        from: [{ type: 'registry', attrs: [{ key: 'ref', value: 'reg/app:cache' }] }],
        to: [
          {
            type: 'registry',
            attrs: [
              { key: 'ref', value: 'reg/app:cache' },
              { key: 'mode', value: 'max' },
            ],
          },
        ],
      },
      noCache: true,
      pull: true,
      buildContexts: [{ key: 'base', value: 'docker-image://alpine:3' }],
      secrets: [
        { id: 'token', source: { kind: 'value', value: 'abc=def' } },
        { id: 'npm', source: { kind: 'env', name: 'NPM_TOKEN' } },
        { id: 'npmrc', source: { kind: 'file', path: file } },
      ],
      ssh: ['default'],
      provenance: 'mode=max',
      sbom: undefined,
      sourceDateEpoch: 1700000000,
    });
    expect(inputs.registries).toEqual(['111111111111', '222222222222']);
    // secrets is a secret input: the runtime masks its lines before anything is logged.
    expect(ecrPush.inputs['secrets']?.secret).toBe(true);
  });

  it('each bad value names its input, and a secret value is never quoted', () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ platform: 'linux/amd64', platforms: 'linux/arm64' }, 'platform', /not both/],
      [{ platforms: 'amd64' }, 'platforms', /not an os\/arch/],
      [{ 'cache-from': 'ref=reg/app' }, 'cache-from', /no type=/],
      [{ 'cache-to': 'type=registry' }, 'cache-to', /needs ref=/],
      [{ secrets: 'bad id=s3cr3t-value' }, 'secrets', /not a secret id/],
      [{ secrets: 's3cr3t-value' }, 'secrets', /not KEY=VALUE/],
      [{ secrets: 'a=1', 'secret-envs': 'a=X' }, 'secret-envs', /given twice/],
      [{ 'secret-envs': 'a=not-a-name' }, 'secret-envs', /not an environment variable name/],
      [{ 'secret-files': 'a=/nonexistent/file' }, 'secret-files', /does not exist/],
      [{ ssh: 'default=a b' }, 'ssh', /is not default/],
      [{ 'build-contexts': 'bad name=x' }, 'build-contexts', /not a build context name/],
      [{ 'source-date-epoch': '-1' }, 'source-date-epoch', /at least 0/],
      [{ 'source-date-epoch': 'yesterday' }, 'source-date-epoch', /whole number/],
      [{ registries: '1234' }, 'registries', /not an AWS account ID/],
      [{ 'no-cache': 'maybe' }, 'no-cache', /true or false/],
      [{ 'source-tag': 'v1', secrets: 'a=1' }, 'secrets', /does not apply with source-tag/],
      [{ 'source-tag': 'v1', platforms: 'linux/amd64' }, 'platforms', /does not apply with source-tag/],
    ];
    for (const [inputs, input, message] of cases) {
      const err = inputError(inputs);
      expect({ input: err.input, message: err.message }).toEqual({ input, message: expect.stringMatching(message) });
      expect(err.message).not.toContain('s3cr3t-value');
    }
  });
});

/** An ECR client that records calls and answers from `answers` (a missing answer is an error). */
function fakeEcr(answers: Partial<Record<keyof EcrApi, (input: unknown) => unknown>>): EcrApi & { calls: string[] } {
  const calls: string[] = [];
  const handler: ProxyHandler<object> = {
    get(_t, prop) {
      if (prop === 'calls') return calls;
      return async (input: unknown) => {
        calls.push(String(prop));
        const answer = answers[prop as keyof EcrApi];
        if (!answer) throw new Error(`unexpected ECR call ${String(prop)}`);
        return answer(input);
      };
    },
  };
  return new Proxy({}, handler) as EcrApi & { calls: string[] };
}

describe('checks that need the container CLI come before any AWS call', () => {
  it.each([
    [{ provenance: 'true' }, 'provenance'],
    [{ sbom: 'true' }, 'sbom'],
    [{ 'cache-to': 'type=local,dest=/tmp/cache' }, 'cache-to'],
    [{ 'cache-from': 'type=gha' }, 'cache-from'],
  ])('buildah with %j → input %s, and ECR is never called', async (given, input) => {
    const ecr = fakeEcr({});
    const host = testHost({ sha: 'a'.repeat(40) });
    const run = execute(parse(given), { ecr, host, locateCli: async () => 'buildah' });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toMatchObject({ input });
    expect(ecr.calls).toEqual([]);
  });
});

describe('ECR helpers for the cache and other registries', () => {
  const notFound = () => {
    throw Object.assign(new Error('not found'), { name: 'RepositoryNotFoundException' });
  };

  it('the cache repository is used when it exists, created with a lifecycle policy when allowed, else skipped', async () => {
    const host = testHost({});
    const exists = fakeEcr({ describeRepositories: () => ({ repositories: [{ repositoryName: 'web-buildcache' }] }) });
    await expect(ensureCacheRepository(exists, 'web-buildcache', true, host.log)).resolves.toBe(true);
    expect(exists.calls).toEqual(['describeRepositories']);

    const inputs: unknown[] = [];
    const create = fakeEcr({
      describeRepositories: notFound,
      createRepository: (i) => void inputs.push(i),
      putLifecyclePolicy: (i) => void inputs.push(i),
    });
    await expect(ensureCacheRepository(create, 'web-buildcache', true, host.log)).resolves.toBe(true);
    expect(inputs).toEqual([
      { repositoryName: 'web-buildcache', imageTagMutability: 'MUTABLE' },
      { repositoryName: 'web-buildcache', lifecyclePolicyText: CACHE_LIFECYCLE_POLICY },
    ]);

    const off = fakeEcr({ describeRepositories: notFound });
    await expect(ensureCacheRepository(off, 'web-buildcache', false, host.log)).resolves.toBe(false);
    expect(off.calls).toEqual(['describeRepositories']);

    const denied = fakeEcr({
      describeRepositories: notFound,
      createRepository: () => {
        throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
      },
    });
    await expect(ensureCacheRepository(denied, 'web-buildcache', true, host.log)).resolves.toBe(false);
    expect(host.text()).toContain('warning: build cache repository web-buildcache is not usable');
  });

  it("other accounts' logins: one per account, every token and password registered first", async () => {
    const token = (id: string) => Buffer.from(`AWS:pw-${id}`).toString('base64');
    const ecr = fakeEcr({
      getAuthorizationToken: (input) => ({
        authorizationData: ((input as { registryIds: string[] }).registryIds ?? []).map((id) => ({
          authorizationToken: token(id),
          proxyEndpoint: `https://${id}.dkr.ecr.eu-west-1.amazonaws.com`,
        })),
      }),
    });
    const secrets: string[] = [];
    const logins = await getRegistryLogins(ecr, ['111111111111', '222222222222'], (s) => secrets.push(s));
    expect(logins.map((l) => [l.registry, l.username, l.password])).toEqual([
      ['111111111111.dkr.ecr.eu-west-1.amazonaws.com', 'AWS', 'pw-111111111111'],
      ['222222222222.dkr.ecr.eu-west-1.amazonaws.com', 'AWS', 'pw-222222222222'],
    ]);
    expect(secrets).toEqual(
      expect.arrayContaining([token('111111111111'), 'pw-111111111111', token('222222222222'), 'pw-222222222222']),
    );
    await expect(getRegistryLogins(ecr, [], () => undefined)).resolves.toEqual([]);
    const short = fakeEcr({ getAuthorizationToken: () => ({ authorizationData: [] }) });
    await expect(getRegistryLogins(short, ['111111111111'], () => undefined)).rejects.toThrow(
      /returned 0 login\(s\) for the 1 registries/,
    );
  });
});
