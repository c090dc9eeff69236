/**
 * Grammar of the names ecr-push accepts, as pure checks. Each returns what is wrong, or undefined,
 * so that the definition can turn it into an InputError naming the input.
 */
import type { RunContext } from '../runtime/context.js';
import type { KeyValue } from '../runtime/inputs.js';

/** Tag mutability of a repository ecr-push creates (ECR's *_WITH_EXCLUSION kinds need filters, not offered). */
export const TAG_MUTABILITIES = ['MUTABLE', 'IMMUTABLE'] as const;
export type TagMutability = (typeof TAG_MUTABILITIES)[number];

/** Docker's tag grammar: a word character first, then word characters, dots and dashes; 128 at most. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
export const MAX_TAG_LENGTH = 128;

export function tagProblem(tag: string): string | undefined {
  if (tag.length > MAX_TAG_LENGTH) return `"${tag}" is longer than ${MAX_TAG_LENGTH} characters`;
  if (!TAG.test(tag)) {
    return `"${tag}" is not a valid image tag (letters, digits, _ . - only, not starting with . or -)`;
  }
  return undefined;
}

/** ECR's repository name pattern (lowercase path components separated by / . _ -), 2 to 256 characters. */
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function repositoryProblem(name: string): string | undefined {
  // A leading host is recognised the way users paste one: an ECR host, a host:port or localhost.
  // (Docker's rule, "contains a dot", would also catch valid ECR names such as my.team/app.)
  const first = name.split('/')[0] ?? '';
  if (name.includes('/') && (first.includes(':') || first === 'localhost' || /\.amazonaws\.com(\.cn)?$/.test(first))) {
    return `"${name}" looks like a full image address; give the repository name only (the registry comes from ECR or the registry input)`;
  }
  if (name.includes(':') || name.includes('@')) return `"${name}" must not contain a tag or digest; use the tags input`;
  if (name.length < 2 || name.length > 256) return `"${name}" must be 2 to 256 characters long`;
  if (!REPOSITORY.test(name)) {
    return `"${name}" is not a valid ECR repository name (lowercase letters, digits, and . _ - / between them)`;
  }
  return undefined;
}

/** host[:port], where host is a DNS name, an IPv4 address or a bracketed IPv6 address. */
const REGISTRY =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function registryProblem(registry: string): string | undefined {
  if (registry.includes('://'))
    return `"${registry}" must be a host[:port] without a scheme, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com`;
  if (!REGISTRY.test(registry)) return `"${registry}" is not a registry host[:port]`;
  const port = /:(\d+)$/.exec(registry.replace(/^\[[^\]]*\]/, ''));
  if (port && Number(port[1]) > 65535) return `"${registry}" has a port above 65535`;
  return undefined;
}

/**
 * A registry on this machine. Such a registry is reached over plain HTTP and the container CLI is told
 * not to require TLS: docker already treats 127.0.0.0/8 as insecure, buildah and podman need
 * --tls-verify=false. Anything else (ECR included) is always HTTPS with verified certificates.
 */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * An ECR registry host: ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com, or .amazonaws.com.cn in China.
 * Anchored at both ends, so that a host such as 1.dkr.ecr.us-east-1.amazonaws.com.example.net is not one.
 */
const ECR_HOST = /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;

export function isEcrRegistry(registry: string): boolean {
  return ECR_HOST.test(registry.replace(/:443$/, '').toLowerCase());
}

/**
 * Whether the ECR token may be sent to this registry: ECR itself, or a registry on this machine (a
 * test registry). Any other host would receive a credential for the AWS account, so it gets none:
 * there the user logs in beforehand and reads are anonymous.
 */
export function mayReceiveEcrCredentials(registry: string): boolean {
  return isEcrRegistry(registry) || isLoopbackRegistry(registry);
}

/** The label that names the commit an image was built from. */
export const REVISION_LABEL = 'org.opencontainers.image.revision';

/**
 * Whether two revision labels name the same commit. A label written by another tool may hold the
 * short SHA, so a hex prefix of at least 7 characters also matches.
 */
export function sameRevision(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  if (x === y) return true;
  const hex = /^[0-9a-f]{7,64}$/;
  if (!hex.test(x) || !hex.test(y)) return false;
  return x.length < y.length ? y.startsWith(x) : x.startsWith(y);
}

/** os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8: the one platform of the platform input (platforms takes several). */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;

export function platformProblem(platform: string): string | undefined {
  if (platform.includes(',')) return `"${platform}" lists several platforms; give them in platforms`;
  if (!PLATFORM.test(platform)) return `"${platform}" is not an os/arch[/variant] platform such as linux/amd64`;
  return undefined;
}

/** Build arguments are referenced as ARG NAME in a Dockerfile: an identifier. */
export function buildArgProblem(key: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? undefined : `"${key}" is not a build argument name`;
}

/** Label keys may be almost anything, but not empty and without whitespace (they become one CLI argument). */
export function labelProblem(key: string): string | undefined {
  return key !== '' && !/[\s=]/.test(key) ? undefined : `"${key}" is not a label key`;
}

/** A Dockerfile stage name (FROM ... AS name). */
export function targetProblem(target: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(target) ? undefined : `"${target}" is not a build stage name`;
}

/**
 * The OCI labels that tie an image to its source: repository URL, commit and release version, each
 * set only when the run context knows it. Labels given by the user are added after and win.
 */
export function defaultLabels(context: RunContext): KeyValue[] {
  const labels: KeyValue[] = [];
  if (context.repositoryUrl) labels.push({ key: 'org.opencontainers.image.source', value: context.repositoryUrl });
  if (context.sha) labels.push({ key: REVISION_LABEL, value: context.sha });
  const version = context.tag ?? context.release?.tag;
  if (version) labels.push({ key: 'org.opencontainers.image.version', value: version });
  return labels;
}

/** Later entries replace earlier ones with the same key; the order of first appearance is kept. */
export function mergeLabels(...lists: KeyValue[][]): KeyValue[] {
  const merged = new Map<string, string>();
  for (const list of lists) for (const { key, value } of list) merged.set(key, value);
  return [...merged].map(([key, value]) => ({ key, value }));
}
