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
  pushArgs,
  sessionEnv,
  tagArgs,
  type Exec,
} from '../../src/ecr/cli.js';
import { InputError } from '../../src/runtime/errors.js';

const spec = {
  context: '/src/app',
  dockerfile: '/src/app/Dockerfile',
  ref: 'reg.example/app:v1',
  buildArgs: [
    { key: 'NODE_ENV', value: 'production' },
    { key: 'EMPTY', value: '' },
  ],
  labels: [{ key: 'org.opencontainers.image.revision', value: 'abc' }],
  target: 'runtime',
  platform: 'linux/arm64',
};

describe('argument builders', () => {
  it('build: the same flags for every CLI, buildah through bud, context last, build args always KEY=VALUE', () => {
    const common = [
      '--file',
      '/src/app/Dockerfile',
      '--tag',
      'reg.example/app:v1',
      '--build-arg',
      'NODE_ENV=production',
      '--build-arg',
      'EMPTY=',
      '--label',
      'org.opencontainers.image.revision=abc',
      '--target',
      'runtime',
      '--platform',
      'linux/arm64',
      '/src/app',
    ];
    expect(buildArgs('docker', spec)).toEqual(['build', ...common]);
    expect(buildArgs('podman', spec)).toEqual(['build', ...common]);
    expect(buildArgs('buildah', spec)).toEqual(['bud', ...common]);
    expect(buildArgs('docker', { ...spec, buildArgs: [], labels: [], target: undefined, platform: undefined })).toEqual(
      ['build', '--file', '/src/app/Dockerfile', '--tag', 'reg.example/app:v1', '/src/app'],
    );
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
