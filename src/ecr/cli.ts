/**
 * The container CLIs ecr-push drives (docker, podman, buildah): argument arrays for each step, the
 * environment that points a step at a throwaway credentials store, and finding a usable CLI.
 * Everything here returns arrays for host.exec; nothing is ever joined into a shell string.
 */
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../runtime/errors.js';
import type { ExecOptions, ExecResult } from '../runtime/host.js';
import type { KeyValue } from '../runtime/inputs.js';

export const CONTAINER_CLIS = ['docker', 'podman', 'buildah'] as const;
export type ContainerCli = (typeof CONTAINER_CLIS)[number];

export interface BuildSpec {
  context: string;
  dockerfile: string;
  /** Full reference the image is built as (registry/repository:tag). */
  ref: string;
  buildArgs: KeyValue[];
  labels: KeyValue[];
  target?: string;
  platform?: string;
}

export function buildArgs(cli: ContainerCli, spec: BuildSpec): string[] {
  // `buildah bud` rather than `buildah build`: the alias only exists since buildah 1.23, bud in every version.
  const args = cli === 'buildah' ? ['bud'] : ['build'];
  args.push('--file', spec.dockerfile, '--tag', spec.ref);
  // Always KEY=VALUE: a bare --build-arg KEY would make the CLI read KEY from its own environment.
  for (const { key, value } of spec.buildArgs) args.push('--build-arg', `${key}=${value}`);
  for (const { key, value } of spec.labels) args.push('--label', `${key}=${value}`);
  if (spec.target) args.push('--target', spec.target);
  if (spec.platform) args.push('--platform', spec.platform);
  args.push(spec.context);
  return args;
}

/**
 * Extra environment for the build. BuildKit (docker 23+) otherwise adds provenance attestations when
 * the containerd image store is on, which turns the pushed image into an index that Lambda rejects.
 * The variable is ignored by the legacy builder, so it is safe to always set.
 */
export function buildEnv(cli: ContainerCli): Record<string, string> {
  return cli === 'docker' ? { BUILDX_NO_DEFAULT_ATTESTATIONS: '1' } : {};
}

export function tagArgs(_cli: ContainerCli, source: string, target: string): string[] {
  return ['tag', source, target];
}

export interface RegistryOptions {
  /** Plain HTTP / unverified TLS (a loopback test registry). docker decides this itself. */
  insecure: boolean;
}

function tlsFlag(cli: ContainerCli, options: RegistryOptions): string[] {
  return cli !== 'docker' && options.insecure ? ['--tls-verify=false'] : [];
}

export function pushArgs(cli: ContainerCli, ref: string, options: RegistryOptions): string[] {
  // buildah needs the transport spelled out; podman and docker push to the name the image carries.
  if (cli === 'buildah') return ['push', ...tlsFlag(cli, options), ref, `docker://${ref}`];
  return ['push', ...tlsFlag(cli, options), ref];
}

/** The password is never an argument: it goes to standard input (host.exec's `input`). */
export function loginArgs(cli: ContainerCli, registry: string, username: string, options: RegistryOptions): string[] {
  return ['login', '--username', username, '--password-stdin', ...tlsFlag(cli, options), registry];
}

/**
 * Environment that makes login and push use a credentials store inside `dir` (a throwaway
 * directory) instead of the user's: DOCKER_CONFIG for docker, REGISTRY_AUTH_FILE for buildah and podman.
 */
export function sessionEnv(cli: ContainerCli, dir: string): Record<string, string> {
  return cli === 'docker' ? { DOCKER_CONFIG: dir } : { REGISTRY_AUTH_FILE: path.join(dir, 'auth.json') };
}

/** A command that succeeds only when the CLI can really build: docker also needs its daemon. */
export function probeArgs(cli: ContainerCli): string[] {
  return cli === 'docker' ? ['version', '--format', '{{.Server.Version}}'] : ['--version'];
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in the directories of a PATH string, or undefined. */
export function findOnPath(
  name: string,
  pathEnv: string,
  isExecutable: (file: string) => boolean = isExecutableFile,
  delimiter: string = path.delimiter,
): string | undefined {
  for (const dir of pathEnv.split(delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

export type Exec = (command: string, args: string[], options?: ExecOptions) => Promise<ExecResult>;

export interface LocateOptions {
  exec: Exec;
  /**
   * The PATH to look in. When given, a missing CLI is known without starting anything; when not,
   * running the probe finds out (@actions/exec resolves the program on PATH and throws before
   * spawning when it is absent).
   */
  pathEnv?: string;
}

type Probe = { ok: true } | { ok: false; why: string };

async function probe(cli: ContainerCli, options: LocateOptions): Promise<Probe> {
  if (options.pathEnv !== undefined && !findOnPath(cli, options.pathEnv)) return { ok: false, why: 'is not installed' };
  let result: ExecResult;
  try {
    result = await options.exec(cli, probeArgs(cli), { quiet: true });
  } catch {
    return { ok: false, why: 'is not installed' };
  }
  if (result.exitCode === 0) return { ok: true };
  const detail = (result.stderr.trim().split('\n').pop() ?? '').trim();
  return {
    ok: false,
    why:
      cli === 'docker'
        ? `is installed, but the Docker daemon does not answer${detail ? ` (${detail})` : ''}`
        : `does not run (exit code ${result.exitCode})`,
  };
}

/**
 * The CLI to use: the requested one, which must work, or else the first that works in the order
 * docker, podman, buildah. Throws InputError (exit 2, before any AWS call) when there is none.
 */
export async function locateContainerCli(
  requested: ContainerCli | undefined,
  options: LocateOptions,
): Promise<ContainerCli> {
  if (requested) {
    const found = await probe(requested, options);
    if (!found.ok) throw new InputError('container-cli', `${requested} ${found.why}`);
    return requested;
  }
  const reasons: string[] = [];
  for (const cli of CONTAINER_CLIS) {
    const found = await probe(cli, options);
    if (found.ok) return cli;
    reasons.push(`${cli} ${found.why}`);
  }
  throw new InputError('container-cli', `no usable container CLI found (${reasons.join('; ')})`);
}
