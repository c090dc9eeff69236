/**
 * Reads what a registry holds for a tag, through the registry HTTP API (distribution v2). The digest
 * ecr-push reports comes from here: it is what the registry answers for the pushed tag, never
 * something computed from the local image. It also reads image configs (for the revision label) and
 * writes a manifest under another tag, for registries that are not this repository's ECR.
 *
 * The ECR token is a credential for the whole AWS account, so it only ever goes to ECR hosts and to
 * registries on this machine (see mayReceiveEcrCredentials); every other registry is read anonymously.
 */
import { createHash } from 'node:crypto';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import { retry } from '../util/retry.js';
import { isLoopbackRegistry, mayReceiveEcrCredentials } from './names.js';

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
  /** One line per retry (host.log.warn). */
  log?: (line: string) => void;
}

/** A manifest exactly as the registry stores it: re-writing these bytes keeps the digest. */
export interface StoredManifest {
  digest: string;
  body: Uint8Array;
  mediaType?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

type Method = 'HEAD' | 'GET' | 'PUT';

interface Outgoing {
  method: Method;
  headers: Record<string, string>;
  body?: Uint8Array;
}

/**
 * A minimal registry client: HEAD/GET/PUT of manifests and GET of blobs, with Basic credentials
 * (what ECR asks for) where they may go, and the Bearer token dance when the registry challenges for
 * it (most other registries).
 */
export class RegistryClient {
  private readonly base: URL;
  private readonly fetch: typeof fetch;
  private readonly attempts: number;
  /** Basic header of the ECR credentials; undefined for a registry that must not get them. */
  private readonly basic: string | undefined;
  /** Bearer token from the registry's token service, once one was handed out. */
  private bearer: string | undefined;

  /**
   * `ecrCredentials` are used only when the registry is an ECR host or on this machine: any other
   * registry is read without credentials, even when they are given.
   */
  constructor(
    readonly registry: string,
    ecrCredentials: RegistryCredentials | undefined,
    private readonly options: RegistryClientOptions,
  ) {
    this.base = new URL(registryBaseUrl(registry));
    this.fetch = options.fetch ?? fetch;
    this.attempts = options.attempts ?? 4;
    this.basic =
      ecrCredentials && mayReceiveEcrCredentials(registry)
        ? `Basic ${Buffer.from(`${ecrCredentials.username}:${ecrCredentials.password}`).toString('base64')}`
        : undefined;
  }

  /** Whether requests carry credentials at all (false: anonymous reads). */
  get authenticated(): boolean {
    return this.basic !== undefined;
  }

  private url(repository: string, kind: 'manifests' | 'blobs', reference: string): string {
    // Digests keep their colon (sha256:...), as every registry client sends them.
    const ref = encodeURIComponent(reference).replace(/%3A/gi, ':');
    return new URL(`/v2/${repository}/${kind}/${ref}`, this.base).toString();
  }

  /**
   * The digest the registry holds for repository:reference, or undefined when there is no such tag.
   * Docker-Content-Digest from a HEAD is preferred; a registry that omits it gets a GET, and the
   * digest is then the sha256 of the exact manifest bytes, which is how digests are defined.
   */
  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const head = await this.request(repository, 'pull', this.url(repository, 'manifests', reference), {
      method: 'HEAD',
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    if (head.status === 404) return undefined;
    this.expectOk(head, `${repository}:${reference}`);
    const digest = head.headers.get('docker-content-digest');
    if (digest) return digest;
    return (await this.manifest(repository, reference))?.digest;
  }

  /** The manifest stored under a tag or digest, byte for byte, or undefined when there is none. */
  async manifest(repository: string, reference: string): Promise<StoredManifest | undefined> {
    const res = await this.request(repository, 'pull', this.url(repository, 'manifests', reference), {
      method: 'GET',
      headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    });
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    this.expectOk(res, `${repository}:${reference}`);
    const body = new Uint8Array(await res.arrayBuffer());
    const digest = sha256Digest(body);
    if (reference.startsWith('sha256:') && digest !== reference)
      throw new ReleaseError(
        `the registry ${this.registry} returned a manifest for ${reference} whose digest is ${digest}`,
      );
    return { digest, body, mediaType: res.headers.get('content-type')?.split(';')[0]?.trim() || undefined };
  }

  /**
   * A blob (an image config), checked against its digest. Registries such as ECR answer with a
   * redirect to storage on another host, which is followed without the credentials.
   */
  async blob(repository: string, digest: string): Promise<Uint8Array> {
    const res = await this.request(repository, 'pull', this.url(repository, 'blobs', digest), {
      method: 'GET',
      headers: {},
    });
    this.expectOk(res, `${repository}@${digest}`);
    const body = new Uint8Array(await res.arrayBuffer());
    if (sha256Digest(body) !== digest)
      throw new ReleaseError(`the registry ${this.registry} returned a blob for ${digest} with another digest`);
    return body;
  }

  /** Stores `manifest` under `tag` (the same bytes, so the same digest) and returns the digest the registry reports. */
  async putManifest(repository: string, tag: string, manifest: StoredManifest): Promise<string> {
    const res = await this.request(repository, 'pull,push', this.url(repository, 'manifests', tag), {
      method: 'PUT',
      headers: { 'content-type': manifest.mediaType ?? MANIFEST_MEDIA_TYPES[0] },
      body: manifest.body,
    });
    await res.body?.cancel();
    if (!res.ok) {
      const login = this.authenticated
        ? ''
        : ' (ecr-push writes to registries other than ECR without credentials: the ECR token is not sent there)';
      throw new ReleaseError(
        `the registry ${this.registry} refused to tag ${repository}:${tag} (HTTP ${res.status})${login}`,
      );
    }
    return res.headers.get('docker-content-digest') ?? manifest.digest;
  }

  private expectOk(res: Response, what: string): void {
    if (res.ok) return;
    void res.body?.cancel();
    const where = `${this.registry}/${what}`;
    if (res.status === 401 || res.status === 403) {
      if (!this.authenticated)
        throw new ReleaseError(
          `the registry ${this.registry} requires a login to read ${where} (HTTP ${res.status}); ecr-push reads registries other than ECR anonymously, because the ECR token is only sent to ECR`,
        );
      throw new ReleaseError(`the registry refused the login credentials when reading ${where} (HTTP ${res.status})`);
    }
    throw new ReleaseError(`the registry answered HTTP ${res.status} when reading ${where}`);
  }

  /** One registry call; on a Bearer challenge, trades for a token (scoped to `actions`) and tries once more. */
  private async request(repository: string, actions: string, url: string, out: Outgoing): Promise<Response> {
    const authFor = (target: URL): string | undefined =>
      target.origin === this.base.origin ? (this.bearer ? `Bearer ${this.bearer}` : this.basic) : undefined;
    const res = await this.withRetries(() => this.send(url, out, authFor));
    if (res.status !== 401) return res;
    // Registries other than ECR hand out short-lived tokens: trade the credentials for one.
    const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
    if (challenge?.scheme !== 'bearer' || !challenge.params['realm']) return res;
    await res.body?.cancel();
    this.bearer = await this.token(challenge, repository, actions);
    return this.withRetries(() => this.send(url, out, authFor));
  }

  /**
   * Whether the token service at `realm` may receive the credentials: only when it is the registry
   * itself (same host and port) and the connection is HTTPS or stays on this machine. A registry
   * that names a token service elsewhere gets an anonymous token request.
   */
  private realmMayReceiveCredentials(realm: URL): boolean {
    if (realm.host !== this.base.host) return false;
    return realm.protocol === 'https:' || (realm.protocol === 'http:' && isLoopbackRegistry(realm.host));
  }

  private async token(challenge: Challenge, repository: string, actions: string): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(challenge.params['realm'] ?? '');
    } catch {
      throw new ReleaseError(`the registry ${this.registry} named a token service that is not a URL`);
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:')
      throw new ReleaseError(`the registry ${this.registry} named a token service that is not http(s)`);
    if (challenge.params['service']) realm.searchParams.set('service', challenge.params['service']);
    realm.searchParams.set('scope', challenge.params['scope'] ?? `repository:${repository}:${actions}`);
    const credentials = this.basic !== undefined && this.realmMayReceiveCredentials(realm) ? this.basic : undefined;
    const res = await this.withRetries(() =>
      this.send(realm.toString(), { method: 'GET', headers: {} }, (target) =>
        target.origin === realm.origin ? credentials : undefined,
      ),
    );
    if (!res.ok) {
      await res.body?.cancel();
      throw new ReleaseError(`the registry's token service ${realm.host} answered HTTP ${res.status}`);
    }
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new ReleaseError(`the registry's token service ${realm.host} returned no token`);
    return token;
  }

  /**
   * One HTTP exchange, following redirects by hand: the Authorization header goes only to the
   * origin `authFor` allows (storage a registry redirects to never sees it).
   */
  private async send(url: string, out: Outgoing, authFor: (target: URL) => string | undefined): Promise<Response> {
    let target = new URL(url);
    let method: Method = out.method;
    for (let hop = 0; ; hop++) {
      const authorization = authFor(target);
      const res = await this.fetch(target, {
        method,
        redirect: 'manual',
        headers: { ...out.headers, ...(authorization ? { authorization } : {}) },
        ...(method === 'PUT' && out.body ? { body: out.body } : {}),
      });
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return res;
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new ReleaseError(`the registry ${this.registry} redirected too many times`);
      target = new URL(location, target);
      if (res.status === 303 && method !== 'HEAD') method = 'GET';
    }
  }

  /** Retries dropped connections, 429 and 5xx with backoff; anything else is the answer. */
  private async withRetries(call: () => Promise<Response>): Promise<Response> {
    try {
      return await retry(
        `request to the registry ${this.registry}`,
        async () => {
          const res = await call();
          if (res.status !== 429 && res.status < 500) return res;
          await res.body?.cancel();
          throw new Error(`HTTP ${res.status}`);
        },
        {
          attempts: this.attempts,
          baseMs: 400,
          maxMs: 10000,
          sleep: this.options.sleep,
          // A ReleaseError is an answer (too many redirects, a bad token service), not a dropped line.
          retryable: (err) => !(err instanceof ReleaseError),
          describe: reason,
          log: this.options.log,
        },
      );
    } catch (err) {
      if (err instanceof ReleaseError) throw err;
      throw new ReleaseError(
        `the registry ${this.registry} did not answer after ${this.attempts} tries: ${reason(err)}`,
      );
    }
  }
}
