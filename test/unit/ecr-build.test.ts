import { describe, expect, it } from '@jest/globals';
import {
  attestationValue,
  cliProblem,
  formatCacheEntry,
  indexEntries,
  isCacheFailure,
  missingPlatforms,
  parseCacheEntry,
  parseCommitTime,
  planCache,
  platformsProblem,
  secretArgs,
  secretFileValues,
  splitCsv,
  sshProblem,
  withoutTag,
  type CacheEntry,
} from '../../src/ecr/build.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const entry = (value: string): CacheEntry => {
  const e = parseCacheEntry(value);
  if (typeof e === 'string') throw new Error(e);
  return e;
};
const target = { registry: ECR, repository: 'web', platforms: 1, noCache: false };

describe('cache-from / cache-to in build-push-action format', () => {
  it('parses type=...,key=value (quoted commas kept), and a bare reference as a registry cache', () => {
    expect(splitCsv('type=local,"src=a,b", dest=c')).toEqual(['type=local', 'src=a,b', 'dest=c']);
    expect(entry('type=registry,ref=reg/app:cache,mode=max')).toEqual({
      type: 'registry',
      attrs: [
        { key: 'ref', value: 'reg/app:cache' },
        { key: 'mode', value: 'max' },
      ],
    });
    expect(entry('reg/app:cache')).toEqual({ type: 'registry', attrs: [{ key: 'ref', value: 'reg/app:cache' }] });
    expect(formatCacheEntry(entry('type=local,"src=a,b"'))).toBe('type=local,"src=a,b"');
  });

  it('says what is wrong with a bad entry', () => {
    expect(parseCacheEntry('ref=reg/app')).toMatch(/has no type=/);
    expect(parseCacheEntry('type=registry,mode=max')).toMatch(/needs ref=/);
    expect(parseCacheEntry('type=local,src')).toMatch(/"src" is not key=value/);
  });

  it('docker default: the buildcache tag of the repository, written as an image manifest (ECR) and never failing the build', () => {
    expect(planCache('docker', { from: [], to: [] }, target)).toEqual({
      from: [`type=registry,ref=${ECR}/web:buildcache`],
      to: [
        `type=registry,ref=${ECR}/web:buildcache,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`,
      ],
      layers: false,
    });
    // Another registry does not need image-manifest; ignore-error is still added, and what is given is kept.
    const plan = planCache(
      'docker',
      { from: [entry('type=gha')], to: [entry('type=registry,ref=ghcr.io/a/b:c,ignore-error=false')] },
      target,
    );
    expect(plan).toMatchObject({ from: ['type=gha'], to: ['type=registry,ref=ghcr.io/a/b:c,ignore-error=false'] });
  });

  it('buildah/podman default: a repository <repository>-buildcache in the same registry, with --layers; no-cache drops the reads only', () => {
    expect(planCache('buildah', { from: [], to: [] }, target)).toEqual({
      from: [`${ECR}/web-buildcache`],
      to: [`${ECR}/web-buildcache`],
      layers: true,
    });
    expect(planCache('podman', { from: [], to: [] }, { ...target, noCache: true })).toMatchObject({
      from: [],
      to: [`${ECR}/web-buildcache`],
    });
    // buildah tags cache images itself: a tag in the ref is dropped.
    expect(
      planCache('buildah', { from: [entry('type=registry,ref=127.0.0.1:5000/c:x')], to: [] }, target),
    ).toMatchObject({ from: ['127.0.0.1:5000/c'], to: [] });
  });

  it('buildah/podman: registry caches only; several platforms build without a cache (its lookups ignore the platform)', () => {
    expect(planCache('buildah', { from: [entry('type=local,src=/tmp/c')], to: [] }, target)).toMatch(
      /type=local is docker \(buildx\) only/,
    );
    expect(planCache('buildah', { from: [], to: [] }, { ...target, platforms: 2 })).toMatchObject({
      from: [],
      to: [],
      layers: false,
      note: expect.stringMatching(/multi-platform build runs without the cache/),
    });
  });

  it('recognises a failed cache read or write in buildah output, and nothing else', () => {
    expect(isCacheFailure('Error: failed pushing cache to {{{"127.0.0.1:1" "nope"} "5876"}}: ...')).toBe(true);
    expect(isCacheFailure('Error: building at STEP "RUN make": exit status 2')).toBe(false);
    expect(
      isCacheFailure(
        'ERROR: cache export feature is currently not supported for docker driver. Please switch to a different driver',
      ),
    ).toBe(true);
    expect(isCacheFailure('ERROR: failed to build: Cache export is not supported for the docker driver.')).toBe(true);
    // A successful cache push is not a failure.
    expect(isCacheFailure('--> Pushing cache 127.0.0.1:5000/app-buildcache:5876057a')).toBe(false);
  });

  it('withoutTag drops a tag or digest but keeps a registry port', () => {
    expect(withoutTag('127.0.0.1:5000/a/b:c')).toBe('127.0.0.1:5000/a/b');
    expect(withoutTag('127.0.0.1:5000/a/b')).toBe('127.0.0.1:5000/a/b');
    expect(withoutTag('reg/a@sha256:00')).toBe('reg/a');
  });
});

describe('checks that depend on the CLI', () => {
  const none = { cache: { from: [], to: [] } };
  it('provenance and sbom are docker only; so are cache types other than registry', () => {
    expect(cliProblem('docker', { ...none, provenance: 'mode=max', sbom: 'true' })).toBeUndefined();
    expect(cliProblem('buildah', { ...none, provenance: 'true' })).toEqual({
      input: 'provenance',
      message: expect.stringContaining('docker (buildx) only') as unknown as string,
    });
    expect(cliProblem('podman', { ...none, sbom: 'true' })?.input).toBe('sbom');
    expect(cliProblem('buildah', { cache: { from: [], to: [entry('type=inline')] } })?.input).toBe('cache-to');
    expect(cliProblem('buildah', { cache: { from: [entry('type=gha')], to: [] } })?.input).toBe('cache-from');
    expect(cliProblem('buildah', none)).toBeUndefined();
  });

  it('provenance/sbom false or empty means off', () => {
    expect(attestationValue(undefined)).toBeUndefined();
    expect(attestationValue('false')).toBeUndefined();
    expect(attestationValue('mode=max')).toBe('mode=max');
  });
});

describe('secrets, ssh, platforms, commit time', () => {
  it('a secret value travels in the environment of the build, never in its arguments', () => {
    const { args, env } = secretArgs([
      { id: 'token', source: { kind: 'value', value: 's3cr3t' } },
      { id: 'npm', source: { kind: 'env', name: 'NPM_TOKEN' } },
      { id: 'key', source: { kind: 'file', path: '/run/key' } },
    ]);
    expect(args).toEqual([
      '--secret',
      'id=token,env=ARKIT_BUILD_SECRET_0',
      '--secret',
      'id=npm,env=NPM_TOKEN',
      '--secret',
      'id=key,src=/run/key',
    ]);
    expect(args.join(' ')).not.toContain('s3cr3t');
    expect(env).toEqual({ ARKIT_BUILD_SECRET_0: 's3cr3t' });
  });

  it('a secret file is masked whole and line by line', () => {
    expect(secretFileValues('user=a\npass=b\n')).toEqual(['user=a\npass=b\n', 'user=a\npass=b', 'user=a', 'pass=b']);
  });

  it('ssh takes default or id[=paths]', () => {
    expect(sshProblem('default')).toBeUndefined();
    expect(sshProblem('github=/home/u/.ssh/id_ed25519,/k2')).toBeUndefined();
    expect(sshProblem('default=a b')).toMatch(/is not default/);
  });

  it('platforms: os/arch[/variant], each once', () => {
    expect(platformsProblem(['linux/amd64', 'linux/arm64/v8'])).toBeUndefined();
    expect(platformsProblem(['linux'])).toMatch(/not an os\/arch/);
    expect(platformsProblem(['linux/amd64', 'linux/amd64'])).toMatch(/listed twice/);
  });

  it('the commit time is what git prints, or unknown', () => {
    expect(parseCommitTime('1764600000\n')).toBe(1764600000);
    expect(parseCommitTime('fatal: not a git repository')).toBeUndefined();
    expect(parseCommitTime('')).toBeUndefined();
  });
});

describe('image indexes', () => {
  const index = JSON.stringify({
    manifests: [
      { digest: 'sha256:a', platform: { os: 'linux', architecture: 'amd64' } },
      { digest: 'sha256:b', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { digest: 'sha256:c', platform: { os: 'unknown', architecture: 'unknown' } },
    ],
  });

  it('lists the platform images, without attestations', () => {
    expect(indexEntries(index)).toEqual([
      { digest: 'sha256:a', platform: 'linux/amd64' },
      { digest: 'sha256:b', platform: 'linux/arm64/v8' },
    ]);
    expect(indexEntries('{"config":{}}')).toBeUndefined();
    expect(indexEntries('not json')).toBeUndefined();
  });

  it('finds platforms an index lacks (linux/arm64 and linux/arm64/v8 are one)', () => {
    const entries = indexEntries(index) ?? [];
    expect(missingPlatforms(['linux/amd64', 'linux/arm64'], entries)).toEqual([]);
    expect(missingPlatforms(['linux/amd64', 'linux/s390x'], entries)).toEqual(['linux/s390x']);
  });
});
