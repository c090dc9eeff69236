/**
 * The build options ecr-push takes in docker/build-push-action's value formats (cache-from/cache-to,
 * secrets, secret-envs, secret-files, ssh, build-contexts, platforms), as pure parsers that return
 * what is wrong or a typed value, and the plan that turns them into what each CLI understands.
 */
import type { KeyValue } from '../runtime/inputs.js';
import type { ContainerCli } from './cli.js';
import { isEcrRegistry } from './names.js';

// ---------------------------------------------------------------- cache-from / cache-to

/**
 * One cache entry, as build-push-action (buildx) spells it: `type=registry,ref=host/repo:tag,mode=max`.
 * A value without `=` is buildx's shorthand for `type=registry,ref=<value>`.
 */
export interface CacheEntry {
  type: string;
  attrs: KeyValue[];
}

/** Splits buildx's CSV: commas separate fields, except inside double quotes. */
export function splitCsv(value: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(field.trim());
      field = '';
    } else field += ch;
  }
  out.push(field.trim());
  return out.filter((f) => f !== '');
}

export function parseCacheEntry(value: string): CacheEntry | string {
  const fields = splitCsv(value);
  if (fields.length === 1 && !(fields[0] ?? '').includes('='))
    return { type: 'registry', attrs: [{ key: 'ref', value: fields[0] as string }] };
  const attrs: KeyValue[] = [];
  let type: string | undefined;
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq <= 0) return `"${field}" is not key=value (e.g. type=registry,ref=host/repo:buildcache)`;
    const key = field.slice(0, eq).trim();
    const v = field.slice(eq + 1).trim();
    if (key === 'type') type = v;
    else attrs.push({ key, value: v });
  }
  if (!type) return `"${value}" has no type= (e.g. type=registry,ref=host/repo:buildcache or type=local,src=dir)`;
  if (type === 'registry' && !attrs.some((a) => a.key === 'ref')) return `"${value}": type=registry needs ref=`;
  return { type, attrs };
}

export function formatCacheEntry(entry: CacheEntry): string {
  const quote = (s: string): string => (s.includes(',') ? `"${s}"` : s);
  return [`type=${entry.type}`, ...entry.attrs.map((a) => quote(`${a.key}=${a.value}`))].join(',');
}

export function attr(entry: CacheEntry, key: string): string | undefined {
  return entry.attrs.find((a) => a.key === key)?.value;
}

function withAttrs(entry: CacheEntry, defaults: KeyValue[]): CacheEntry {
  const missing = defaults.filter((d) => attr(entry, d.key) === undefined);
  return { ...entry, attrs: [...entry.attrs, ...missing] };
}

/** host/repo:tag → host/repo (a digest or tag after the last path component is dropped). */
export function withoutTag(ref: string): string {
  const at = ref.indexOf('@');
  const base = at >= 0 ? ref.slice(0, at) : ref;
  const slash = base.lastIndexOf('/');
  const colon = base.lastIndexOf(':');
  return colon > slash ? base.slice(0, colon) : base;
}

/** The registry host of a reference (host/repo:tag). */
export function refRegistry(ref: string): string {
  return ref.split('/')[0] ?? '';
}

export interface CacheSettings {
  /** As given (parsed); both empty means: the default cache. */
  from: CacheEntry[];
  to: CacheEntry[];
}

export interface CachePlan {
  /** Values for --cache-from / --cache-to, as this CLI takes them. */
  from: string[];
  to: string[];
  /** buildah/podman: intermediate layers are kept and looked up (the cache itself). */
  layers: boolean;
  /** Why the cache is off or limited, for one log line. */
  note?: string;
}

/** The tag docker's default registry cache lives under, in the image's own repository. */
export const DOCKER_CACHE_TAG = 'buildcache';
/** buildah/podman keep one image per cached step: in a repository of their own, next to the image's. */
export const CACHE_REPOSITORY_SUFFIX = '-buildcache';

/**
 * What the CLI gets for the cache. With nothing given the cache lives in the registry the image goes
 * to: docker (buildx) under the tag `buildcache` of the image's repository (image-manifest=true, the
 * form ECR accepts); buildah and podman, which store one image per cached step tagged with its cache
 * key, in the repository `<repository>-buildcache`, so those images never count against the
 * image repository's lifecycle rules. Cache writes never fail a docker build (ignore-error=true); for
 * buildah/podman the command retries the build without the cache.
 */
export function planCache(
  cli: ContainerCli,
  settings: CacheSettings,
  target: { registry: string; repository: string; platforms: number; noCache: boolean; buildArgs?: boolean },
): CachePlan | string {
  const given = settings.from.length > 0 || settings.to.length > 0;
  if (cli === 'docker') {
    const fallback: CacheEntry = {
      type: 'registry',
      attrs: [{ key: 'ref', value: `${target.registry}/${target.repository}:${DOCKER_CACHE_TAG}` }],
    };
    const from = given ? settings.from : [fallback];
    const to = (given ? settings.to : [withAttrs(fallback, [{ key: 'mode', value: 'max' }])]).map((e) => {
      const ref = attr(e, 'ref');
      // ECR stores a registry cache only as an image manifest; ignore-error turns a failed write into a warning.
      const ecr = e.type === 'registry' && ref !== undefined && isEcrRegistry(refRegistry(ref));
      return withAttrs(e, [
        ...(ecr
          ? [
              { key: 'image-manifest', value: 'true' },
              { key: 'oci-mediatypes', value: 'true' },
            ]
          : []),
        { key: 'ignore-error', value: 'true' },
      ]);
    });
    return {
      from: target.noCache ? [] : from.map(formatCacheEntry),
      to: to.map(formatCacheEntry),
      layers: false,
    };
  }
  // buildah and podman: a registry repository, nothing else.
  for (const e of [...settings.from, ...settings.to]) {
    if (e.type !== 'registry')
      return `${cli} caches in a registry repository only (type=registry,ref=host/repo); type=${e.type} is docker (buildx) only`;
  }
  if (target.platforms > 1) {
    // buildah 1.28 looks cached steps up without regard to the platform, and would put one platform's
    // layers into another's image.
    return {
      from: [],
      to: [],
      layers: false,
      note: `${cli} does not tell cached layers of different platforms apart, so a multi-platform build runs without the cache`,
    };
  }
  if (!given && target.buildArgs) {
    // buildah 1.28 leaves build-arg values out of the cache key of steps other than RUN (LABEL
    // x=${ARG}, ENV): a cached build would keep the values of an earlier one.
    return {
      from: [],
      to: [],
      layers: false,
      note: `${cli} does not key its layer cache on build-arg values (a LABEL or ENV that uses one would keep an earlier value), so a build with build-args runs without the default cache; set cache-from/cache-to to use one anyway`,
    };
  }
  const repo = (e: CacheEntry): string => withoutTag(attr(e, 'ref') as string);
  const fallback = `${target.registry}/${target.repository}${CACHE_REPOSITORY_SUFFIX}`;
  const from = given ? settings.from.map(repo) : [fallback];
  const to = given ? settings.to.map(repo) : [fallback];
  return {
    from: target.noCache ? [] : from,
    to,
    layers: true,
  };
}

/**
 * Output that says a build failed because of its cache: buildah/podman fail a build whose cache push
 * fails, and buildx's docker driver (without the containerd image store) refuses any cache export.
 */
export function isCacheFailure(output: string): boolean {
  return /failed pushing cache|failed pulling cache|pushing cache to|cache export (feature )?is (currently )?not supported/i.test(
    output,
  );
}

// ---------------------------------------------------------------- secrets, ssh, build contexts

export type SecretSource =
  { kind: 'value'; value: string } | { kind: 'env'; name: string } | { kind: 'file'; path: string };

export interface BuildSecret {
  id: string;
  source: SecretSource;
}

const SECRET_ID = /^[A-Za-z0-9_.-]+$/;

export function secretIdProblem(id: string): string | undefined {
  return SECRET_ID.test(id) ? undefined : `"${id}" is not a secret id (letters, digits, _ . - only)`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function envNameProblem(name: string): string | undefined {
  return ENV_NAME.test(name) ? undefined : `"${name}" is not an environment variable name`;
}

/** The name of the variable that carries the value of the n-th `secrets` entry to the CLI (never its argument). */
export function secretEnvName(index: number): string {
  return `ARKIT_BUILD_SECRET_${index}`;
}

/**
 * --secret arguments and the environment that feeds them. A value given in `secrets` travels in an
 * environment variable of the build process (env=), never as an argument and never in a file.
 */
export function secretArgs(secrets: BuildSecret[]): { args: string[]; env: Record<string, string> } {
  const args: string[] = [];
  const env: Record<string, string> = {};
  secrets.forEach((s, i) => {
    let from: string;
    if (s.source.kind === 'value') {
      env[secretEnvName(i)] = s.source.value;
      from = `env=${secretEnvName(i)}`;
    } else if (s.source.kind === 'env') from = `env=${s.source.name}`;
    else from = `src=${s.source.path}`;
    args.push('--secret', `id=${s.id},${from}`);
  });
  return { args, env };
}

/** build-push-action's ssh format: `default` or `<id>[=<socket>|<key>[,<key>]]`. */
export function sshProblem(value: string): string | undefined {
  return /^[A-Za-z0-9_.-]+(?:=[^\s,]+(?:,[^\s,]+)*)?$/.test(value)
    ? undefined
    : `"${value}" is not default or id[=socket|key[,key]]`;
}

/** build-contexts: name=path, name=docker-image://ref, name=https://... */
export function buildContextProblem({ key, value }: KeyValue): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/.test(key)) return `"${key}" is not a build context name`;
  if (value === '') return `${key} has no source`;
  return undefined;
}

// ---------------------------------------------------------------- platforms, time

/** os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8. */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;

export function platformsProblem(platforms: string[]): string | undefined {
  for (const p of platforms)
    if (!PLATFORM.test(p)) return `"${p}" is not an os/arch[/variant] platform such as linux/amd64`;
  const seen = new Set<string>();
  for (const p of platforms) {
    if (seen.has(p)) return `"${p}" is listed twice`;
    seen.add(p);
  }
  return undefined;
}

/** The seconds-since-1970 `git log -1 --format=%ct` prints, or undefined. */
export function parseCommitTime(stdout: string): number | undefined {
  const text = stdout.trim();
  return /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}

/** build-push-action's provenance/sbom: false (or empty) means off; anything else is passed on. */
export function attestationValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  return v === '' || /^(false|0|no|off)$/i.test(v) ? undefined : v;
}

// ---------------------------------------------------------------- multi-platform indexes

export interface IndexEntry {
  digest: string;
  platform: string;
}

/** The platform images of an index (attestation entries, platform unknown/unknown, left out). */
export function indexEntries(manifestText: string): IndexEntry[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(manifestText);
  } catch {
    return undefined;
  }
  const manifests = (doc as { manifests?: unknown } | null)?.manifests;
  if (!Array.isArray(manifests)) return undefined;
  const out: IndexEntry[] = [];
  for (const m of manifests as Array<{
    digest?: unknown;
    platform?: { os?: unknown; architecture?: unknown; variant?: unknown };
  }>) {
    const p = m.platform;
    if (typeof m.digest !== 'string' || typeof p?.os !== 'string' || typeof p.architecture !== 'string') continue;
    if (p.os === 'unknown') continue;
    const variant = typeof p.variant === 'string' && p.variant !== '' ? `/${p.variant}` : '';
    out.push({ digest: m.digest, platform: `${p.os}/${p.architecture}${variant}` });
  }
  return out;
}

/** Platforms asked for that an index lacks, compared the way registries match (arm64 = arm64/v8). */
export function missingPlatforms(asked: string[], entries: IndexEntry[]): string[] {
  const norm = (p: string): string => p.replace(/^(linux\/arm64)\/v8$/, '$1');
  const have = new Set(entries.map((e) => norm(e.platform)));
  return asked.filter((p) => !have.has(norm(p)));
}

// ---------------------------------------------------------------- checks that need the CLI

export interface CliProblem {
  input: string;
  message: string;
}

/** What a build asks for that this CLI cannot do; checked before any AWS call. */
export function cliProblem(
  cli: ContainerCli,
  build: { cache: CacheSettings; provenance?: string; sbom?: string },
): CliProblem | undefined {
  if (cli !== 'docker') {
    for (const input of ['provenance', 'sbom'] as const)
      if (build[input] !== undefined)
        return { input, message: `is docker (buildx) only: ${cli} does not make attestations (leave it empty)` };
  }
  const planned = planCache(cli, build.cache, { registry: 'r', repository: 'r', platforms: 1, noCache: false });
  if (typeof planned === 'string')
    return { input: build.cache.from.some((e) => e.type !== 'registry') ? 'cache-from' : 'cache-to', message: planned };
  return undefined;
}

/**
 * The strings a secret file holds that must never show in a log: the whole text and each line of it
 * (a build step that prints the file prints it line by line).
 */
export function secretFileValues(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  return [text, text.trim(), ...lines].filter((v) => v !== '');
}
