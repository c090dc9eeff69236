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
  /**
   * docker: every reference the build pushes (buildx pushes them itself). buildah/podman: the local
   * name the image is tagged with (the first only); unused with `manifest`.
   */
  refs: string[];
  buildArgs: KeyValue[];
  labels: KeyValue[];
  target?: string;
  /** Empty: the builder machine's. docker builds them all in one call; buildah/podman one per call. */
  platforms: string[];
  /** buildah/podman: add the image to this local manifest list (multi-platform) instead of tagging it. */
  manifest?: string;
  /** Seconds since 1970 for the image's created time and every file time: the same input, the same digest. */
  timestamp?: number;
  cacheFrom: string[];
  cacheTo: string[];
  /** buildah/podman: keep and look up intermediate layers (their cache). */
  layers: boolean;
  noCache: boolean;
  pull: boolean;
  buildContexts: KeyValue[];
  /** `--secret id=...,env=...|src=...` pairs: names of variables and files, never a value. */
  secretArgs: string[];
  ssh: string[];
  /** docker only; undefined: off. */
  provenance?: string;
  sbom?: string;
  /** buildah/podman: the cache registry is on this machine (plain HTTP). */
  insecure: boolean;
}

/** Flags every CLI spells the same way. */
function commonBuildArgs(spec: BuildSpec): string[] {
  const args = ['--file', spec.dockerfile];
  // Always KEY=VALUE: a bare --build-arg KEY would make the CLI read KEY from its own environment.
  for (const { key, value } of spec.buildArgs) args.push('--build-arg', `${key}=${value}`);
  for (const { key, value } of spec.labels) args.push('--label', `${key}=${value}`);
  if (spec.target) args.push('--target', spec.target);
  for (const from of spec.cacheFrom) args.push('--cache-from', from);
  for (const to of spec.cacheTo) args.push('--cache-to', to);
  if (spec.noCache) args.push('--no-cache');
  for (const { key, value } of spec.buildContexts) args.push('--build-context', `${key}=${value}`);
  args.push(...spec.secretArgs);
  for (const s of spec.ssh) args.push('--ssh', s);
  return args;
}

/**
 * docker builds with buildx and pushes in the same call (an index of several platforms cannot be
 * held by the classic image store); buildah and podman build into local storage, and are pushed after.
 */
export function buildArgs(cli: ContainerCli, spec: BuildSpec): string[] {
  if (cli === 'docker') {
    const args = ['buildx', 'build', ...commonBuildArgs(spec)];
    if (spec.platforms.length > 0) args.push('--platform', spec.platforms.join(','));
    if (spec.pull) args.push('--pull');
    if (spec.provenance) args.push(`--provenance=${spec.provenance}`);
    if (spec.sbom) args.push(`--sbom=${spec.sbom}`);
    // SOURCE_DATE_EPOCH (buildEnv) sets the created time; rewrite-timestamp clamps the file times in layers.
    const output = ['type=image', `"name=${spec.refs.join(',')}"`, 'push=true', 'oci-mediatypes=true'];
    if (spec.timestamp !== undefined) output.push('rewrite-timestamp=true');
    args.push('--output', output.join(','), spec.context);
    return args;
  }
  // `buildah bud` rather than `buildah build`: the alias only exists since buildah 1.23, bud in every version.
  const args = [cli === 'buildah' ? 'bud' : 'build', ...commonBuildArgs(spec)];
  if (spec.manifest) args.push('--manifest', spec.manifest);
  else args.push('--tag', spec.refs[0] ?? '');
  for (const p of spec.platforms) args.push('--platform', p);
  if (spec.timestamp !== undefined) args.push('--timestamp', String(spec.timestamp));
  if (spec.layers) args.push('--layers');
  if (spec.pull) args.push('--pull=always');
  // Only for a cache registry on this machine (plain HTTP): the flag applies to every pull of the build.
  if (spec.insecure) args.push('--tls-verify=false');
  args.push(spec.context);
  return args;
}

export interface BuildEnvOptions {
  timestamp?: number;
  /** provenance or sbom asked for: docker's default attestations are then not switched off. */
  attestations: boolean;
}

/**
 * Extra environment for the build. BuildKit (docker 23+) otherwise adds provenance attestations,
 * which turns the pushed image into an index that Lambda rejects; SOURCE_DATE_EPOCH is BuildKit's
 * reproducible-build time. buildah and podman take both as flags.
 */
export function buildEnv(
  cli: ContainerCli,
  options: BuildEnvOptions = { attestations: false },
): Record<string, string> {
  if (cli !== 'docker') return {};
  const env: Record<string, string> = {};
  if (!options.attestations) env['BUILDX_NO_DEFAULT_ATTESTATIONS'] = '1';
  if (options.timestamp !== undefined) env['SOURCE_DATE_EPOCH'] = String(options.timestamp);
  return env;
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

/** buildah/podman: pushes a local manifest list and every image in it under `ref`. */
export function manifestPushArgs(cli: ContainerCli, list: string, ref: string, options: RegistryOptions): string[] {
  return ['manifest', 'push', '--all', ...tlsFlag(cli, options), list, `docker://${ref}`];
}

export function manifestRemoveArgs(_cli: ContainerCli, list: string): string[] {
  return ['manifest', 'rm', list];
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
