import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildArgs,
  buildEnv,
  findOnPath,
  locateContainerCli,
  loginArgs,
  manifestPushArgs,
  manifestRemoveArgs,
  pushArgs,
  sessionEnv,
  tagArgs,
  type BuildSpec,
  type Exec,
} from '../../src/ecr/cli.js';
import { InputError } from '../../src/runtime/errors.js';

const spec: BuildSpec = {
  context: '/src/app',
  dockerfile: '/src/app/Dockerfile',
  refs: ['reg.example/app:v1', 'reg.example/app:latest'],
  buildArgs: [
    { key: 'NODE_ENV', value: 'production' },
    { key: 'EMPTY', value: '' },
  ],
  labels: [{ key: 'org.opencontainers.image.revision', value: 'abc' }],
  target: 'runtime',
  platforms: ['linux/arm64'],
  cacheFrom: [],
  cacheTo: [],
  layers: false,
  noCache: false,
  pull: false,
  buildContexts: [],
  secretArgs: [],
  ssh: [],
  insecure: false,
};

const bare: BuildSpec = { ...spec, buildArgs: [], labels: [], target: undefined, platforms: [] };

describe('argument builders', () => {
  it('build: the same common flags for every CLI, buildah through bud, docker through buildx with the push in the build, context last', () => {
    const common = [
      '--file',
      '/src/app/Dockerfile',
      '--build-arg',
      'NODE_ENV=production',
      '--build-arg',
      'EMPTY=',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--target',
      'runtime',
    ];
    const local = ['--tag', 'reg.example/app:v1', '--platform', 'linux/arm64', '/src/app'];
    expect(buildArgs('podman', spec)).toEqual(['build', ...common, ...local]);
    expect(buildArgs('buildah', spec)).toEqual(['bud', ...common, ...local]);
    expect(buildArgs('docker', spec)).toEqual([
      'buildx',
      'build',
      ...common,
      '--platform',
      'linux/arm64',
      '--output',
      'type=image,"name=reg.example/app:v1,reg.example/app:latest",push=true,oci-mediatypes=true',
      '/src/app',
    ]);
    expect(buildArgs('buildah', bare)).toEqual([
      'bud',
      '--file',
      '/src/app/Dockerfile',
      '--tag',
      'reg.example/app:v1',
      '/src/app',
    ]);
  });

  it('reproducible: buildah/podman --timestamp; docker SOURCE_DATE_EPOCH plus rewrite-timestamp on the output', () => {
    const t = { ...bare, timestamp: 1700000000 };
    expect(buildArgs('buildah', t)).toEqual([
      'bud',
      '--file',
      '/src/app/Dockerfile',
      '--tag',
      'reg.example/app:v1',
      '--timestamp',
      '1700000000',
      '/src/app',
    ]);
    expect(buildArgs('podman', t)).toContain('--timestamp');
    expect(buildArgs('docker', t)).toContain(
      'type=image,"name=reg.example/app:v1,reg.example/app:latest",push=true,oci-mediatypes=true,rewrite-timestamp=true',
    );
    expect(buildEnv('docker', { timestamp: 1700000000, attestations: false })).toEqual({
      BUILDX_NO_DEFAULT_ATTESTATIONS: '1',
      SOURCE_DATE_EPOCH: '1700000000',
    });
    expect(buildEnv('buildah', { timestamp: 1700000000, attestations: false })).toEqual({});
  });

  it('cache, no-cache, pull, build contexts, secrets, ssh, attestations and a local cache registry', () => {
    const full: BuildSpec = {
      ...bare,
      cacheFrom: ['reg.example/app-buildcache'],
      cacheTo: ['reg.example/app-buildcache'],
      layers: true,
      noCache: true,
      pull: true,
      buildContexts: [{ key: 'base', value: 'docker-image://alpine:3' }],
      secretArgs: ['--secret', 'id=token,env=ARKIT_BUILD_SECRET_0'],
      ssh: ['default'],
      provenance: 'mode=max',
      sbom: 'true',
      insecure: true,
    };
    expect(buildArgs('buildah', full)).toEqual([
      'bud',
      '--file',
      '/src/app/Dockerfile',
      '--cache-from',
      'reg.example/app-buildcache',
      '--cache-to',
      'reg.example/app-buildcache',
      '--no-cache',
      '--build-context',
      'base=docker-image://alpine:3',
      '--secret',
      'id=token,env=ARKIT_BUILD_SECRET_0',
      '--ssh',
      'default',
      '--tag',
      'reg.example/app:v1',
      '--layers',
      '--pull=always',
      '--tls-verify=false',
      '/src/app',
    ]);
    const docker = buildArgs('docker', full);
    expect(docker).toEqual(expect.arrayContaining(['--pull', '--provenance=mode=max', '--sbom=true']));
    expect(docker).not.toContain('--tls-verify=false');
    expect(docker).not.toContain('--layers');
    expect(buildEnv('docker', { attestations: true })).toEqual({});
  });

  it('multi-platform: buildah/podman add each platform to a local manifest list, pushed with --all', () => {
    const args = buildArgs('buildah', { ...bare, platforms: ['linux/amd64'], manifest: 'localhost/list' });
    expect(args).toEqual([
      'bud',
      '--file',
      '/src/app/Dockerfile',
      '--manifest',
      'localhost/list',
      '--platform',
      'linux/amd64',
      '/src/app',
    ]);
    expect(buildArgs('docker', { ...bare, platforms: ['linux/amd64', 'linux/arm64'] })).toEqual(
      expect.arrayContaining(['--platform', 'linux/amd64,linux/arm64']),
    );
    expect(manifestPushArgs('buildah', 'localhost/list', 'r/a:1', { insecure: true })).toEqual([
      'manifest',
      'push',
      '--all',
      '--tls-verify=false',
      'localhost/list',
      'docker://r/a:1',
    ]);
    expect(manifestRemoveArgs('podman', 'localhost/list')).toEqual(['manifest', 'rm', 'localhost/list']);
  });

  it('docker builds without default attestations (an index would not run on Lambda)', () => {
    expect(buildEnv('docker')).toEqual({ BUILDX_NO_DEFAULT_ATTESTATIONS: '1' });
    expect(buildEnv('buildah')).toEqual({});
  });

  it('tag and push; --tls-verify=false only for buildah/podman on an insecure registry', () => {
    expect(tagArgs('podman', 'r/a:1', 'r/a:2')).toEqual(['tag', 'r/a:1', 'r/a:2']);
    expect(pushArgs('docker', 'r/a:1', { insecure: true })).toEqual(['push', 'r/a:1']);
    expect(pushArgs('podman', 'r/a:1', { insecure: true })).toEqual(['push', '--tls-verify=false', 'r/a:1']);
    expect(pushArgs('podman', 'r/a:1', { insecure: false })).toEqual(['push', 'r/a:1']);
    expect(pushArgs('buildah', 'r/a:1', { insecure: false })).toEqual(['push', 'r/a:1', 'docker://r/a:1']);
  });

  it('login takes the password from stdin, never as an argument', () => {
    expect(loginArgs('docker', '1.dkr.ecr.eu-west-1.amazonaws.com', 'AWS', { insecure: false })).toEqual([
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '1.dkr.ecr.eu-west-1.amazonaws.com',
    ]);
    expect(loginArgs('buildah', '127.0.0.1:5000', 'AWS', { insecure: true })).toEqual([
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '--tls-verify=false',
      '127.0.0.1:5000',
    ]);
  });

  it('the throwaway credentials store: DOCKER_CONFIG for docker, REGISTRY_AUTH_FILE otherwise', () => {
    expect(sessionEnv('docker', '/tmp/x')).toEqual({ DOCKER_CONFIG: '/tmp/x' });
    expect(sessionEnv('podman', '/tmp/x')).toEqual({ REGISTRY_AUTH_FILE: '/tmp/x/auth.json' });
    expect(sessionEnv('buildah', '/tmp/x')).toEqual({ REGISTRY_AUTH_FILE: '/tmp/x/auth.json' });
  });
});

describe('finding the CLI', () => {
  const root = mkdtempSync(join(tmpdir(), 'arkit-path-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function bin(dir: string, name: string, mode: number): void {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, name), '#!/bin/sh\n');
    chmodSync(join(root, dir, name), mode);
  }

  it('findOnPath takes the first executable file in PATH order and skips non-executables and directories', () => {
    bin('a', 'podman', 0o644);
    bin('b', 'podman', 0o755);
    bin('c', 'podman', 0o755);
    mkdirSync(join(root, 'd', 'buildah'), { recursive: true });
    const pathEnv = ['', join(root, 'a'), join(root, 'b'), join(root, 'c')].join(':');
    expect(findOnPath('podman', pathEnv, undefined, ':')).toBe(join(root, 'b', 'podman'));
    expect(findOnPath('buildah', join(root, 'd'), undefined, ':')).toBeUndefined();
    expect(findOnPath('docker', '', undefined, ':')).toBeUndefined();
  });

  /** An exec that behaves like @actions/exec: throws for unknown programs, else returns a canned result. */
  function fakeExec(results: Record<string, { exitCode: number; stderr?: string }>): Exec & { calls: string[] } {
    const calls: string[] = [];
    const exec = async (command: string, args: string[]) => {
      calls.push([command, ...args].join(' '));
      const r = results[command];
      if (!r) throw new Error(`Unable to locate executable file: ${command}.`);
      return { exitCode: r.exitCode, stdout: '', stderr: r.stderr ?? '' };
    };
    return Object.assign(exec, { calls });
  }

  it('auto: the first usable of docker, podman, buildah; docker needs its daemon', async () => {
    const exec = fakeExec({
      docker: { exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' },
      buildah: { exitCode: 0 },
    });
    await expect(locateContainerCli(undefined, { exec })).resolves.toBe('buildah');
    expect(exec.calls).toEqual([
      'docker version --format {{.Server.Version}}',
      'podman --version',
      'buildah --version',
    ]);
    await expect(locateContainerCli(undefined, { exec: fakeExec({ docker: { exitCode: 0 } }) })).resolves.toBe(
      'docker',
    );
  });

  it('auto with nothing usable names every reason; a requested CLI must work itself', async () => {
    const exec = fakeExec({ docker: { exitCode: 1, stderr: 'Cannot connect to the Docker daemon' } });
    const none = locateContainerCli(undefined, { exec });
    await expect(none).rejects.toThrow(InputError);
    await expect(locateContainerCli(undefined, { exec })).rejects.toThrow(
      'docker is installed, but the Docker daemon does not answer (Cannot connect to the Docker daemon); podman is not installed; buildah is not installed',
    );
    await expect(locateContainerCli('podman', { exec })).rejects.toThrow(
      'input "container-cli": podman is not installed',
    );
    await expect(locateContainerCli('docker', { exec })).rejects.toThrow(
      'docker is installed, but the Docker daemon does not answer',
    );
    await expect(locateContainerCli('buildah', { exec: fakeExec({ buildah: { exitCode: 0 } }) })).resolves.toBe(
      'buildah',
    );
  });

  it('with a PATH string, a CLI that is not on it is never started', async () => {
    bin('e', 'buildah', 0o755);
    const exec = fakeExec({ docker: { exitCode: 0 }, buildah: { exitCode: 0 } });
    await expect(locateContainerCli(undefined, { exec, pathEnv: join(root, 'e') })).resolves.toBe('buildah');
    expect(exec.calls).toEqual(['buildah --version']);
  });
});
