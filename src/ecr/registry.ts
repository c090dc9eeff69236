/**
 * Reads what a registry holds for a tag, through the registry HTTP API (distribution v2), with the
 * same credentials the CLI logged in with. The digest ecr-push reports comes from here: it is what
 * the registry answers for the pushed tag, never something computed from the local image.
 */
import { createHash } from 'node:crypto';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import { backoff } from '../util/pool.js';
import { isLoopbackRegistry } from './names.js';

/** Every manifest kind a single- or multi-platform image may be stored as; without them a registry may convert. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
] as const;

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses one WWW-Authenticate challenge: `Bearer realm="https://x/token",service="x",scope="repository:a:pull"`. */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*([A-Za-z][\w-]*)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let p = re.exec(m[2] ?? ''); p; p = re.exec(m[2] ?? '')) {
    params[(p[1] ?? '').toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: (m[1] ?? '').toLowerCase(), params };
}

/** fetch() only says "fetch failed"; the reason (ECONNREFUSED, a certificate error) is in its cause. */
function reason(err: unknown): string {
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  const message = (cause as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : errorMessage(err);
}

export function registryBaseUrl(registry: string): string {
  return `${isLoopbackRegistry(registry) ? 'http' : 'https'}://${registry}`;
}

export function sha256Digest(body: Uint8Array): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

export interface RegistryClientOptions {
  sleep: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  /** Tries per request for network errors, 429 and 5xx. */
  attempts?: number;
}

/**
 * A minimal registry client: HEAD/GET of manifests with Basic credentials (what ECR asks for), and
 * the Bearer token dance when the registry challenges for it (most other registries).
 */
export class RegistryClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly attempts: number;
  private authorization: string;

  constructor(
    readonly registry: string,
    private readonly credentials: RegistryCredentials,
    private readonly options: RegistryClientOptions,
  ) {
    this.base = registryBaseUrl(registry);
    this.fetch = options.fetch ?? fetch;
    this.attempts = options.attempts ?? 4;
    this.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  }

  /**
   * The digest the registry holds for repository:reference, or undefined when there is no such tag.
   * Docker-Content-Digest from a HEAD is preferred; a registry that omits it gets a GET, and the
   * digest is then the sha256 of the exact manifest bytes, which is how digests are defined.
   */
  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const url = `${this.base}/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
    const head = await this.request('HEAD', url, repository);
    if (head.status === 404) return undefined;
    this.expectOk(head, repository, reference);
    const digest = head.headers.get('docker-content-digest');
    if (digest) return digest;
    const get = await this.request('GET', url, repository);
    if (get.status === 404) return undefined;
    this.expectOk(get, repository, reference);
    return get.headers.get('docker-content-digest') ?? sha256Digest(new Uint8Array(await get.arrayBuffer()));
  }

  private expectOk(res: Response, repository: string, reference: string): void {
    if (res.ok) return;
    const what = `${this.registry}/${repository}:${reference}`;
    if (res.status === 401 || res.status === 403) {
      throw new ReleaseError(`the registry refused the login credentials when reading ${what} (HTTP ${res.status})`);
    }
    throw new ReleaseError(`the registry answered HTTP ${res.status} when reading ${what}`);
  }

  private async request(method: 'HEAD' | 'GET', url: string, repository: string): Promise<Response> {
    let res = await this.send(method, url);
    if (res.status !== 401) return res;
    // Registries other than ECR hand out short-lived tokens: trade the credentials for one, once.
    const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
    if (challenge?.scheme !== 'bearer' || !challenge.params['realm']) return res;
    await res.body?.cancel();
    this.authorization = `Bearer ${await this.token(challenge, repository)}`;
    res = await this.send(method, url);
    return res;
  }

  private async token(challenge: Challenge, repository: string): Promise<string> {
    const realm = new URL(challenge.params['realm'] ?? '');
    if (challenge.params['service']) realm.searchParams.set('service', challenge.params['service']);
    realm.searchParams.set('scope', challenge.params['scope'] ?? `repository:${repository}:pull`);
    const basic = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    const res = await this.withRetries(() => this.fetch(realm, { headers: { authorization: basic } }));
    if (!res.ok) throw new ReleaseError(`the registry's token service ${realm.host} answered HTTP ${res.status}`);
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new ReleaseError(`the registry's token service ${realm.host} returned no token`);
    return token;
  }

  private send(method: 'HEAD' | 'GET', url: string): Promise<Response> {
    return this.withRetries(() =>
      this.fetch(url, {
        method,
        headers: { accept: MANIFEST_MEDIA_TYPES.join(', '), authorization: this.authorization },
      }),
    );
  }

  /** Retries dropped connections, 429 and 5xx with backoff; anything else is the answer. */
  private async withRetries(call: () => Promise<Response>): Promise<Response> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) await this.options.sleep(backoff(attempt));
      try {
        const res = await call();
        if (res.status !== 429 && res.status < 500) return res;
        lastError = new Error(`HTTP ${res.status}`);
        await res.body?.cancel();
      } catch (err) {
        lastError = err;
      }
    }
    throw new ReleaseError(
      `the registry ${this.registry} did not answer after ${this.attempts} tries: ${reason(lastError)}`,
    );
  }
}
