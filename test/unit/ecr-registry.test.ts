import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MANIFEST_MEDIA_TYPES, RegistryClient, parseChallenge, registryBaseUrl } from '../../src/ecr/registry.js';
import { ReleaseError } from '../../src/runtime/errors.js';

const creds = { username: 'AWS', password: 'p4ssw0rd-token' };
const basic = `Basic ${Buffer.from('AWS:p4ssw0rd-token').toString('base64')}`;
const DIGEST = `sha256:${'d'.repeat(64)}`;
const BODY = '{"schemaVersion":2}';

describe('parseChallenge', () => {
  it('reads scheme and quoted or bare parameters', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' },
    });
    expect(parseChallenge('Basic realm="ECR"')).toEqual({ scheme: 'basic', params: { realm: 'ECR' } });
    expect(parseChallenge('Bearer realm=x')?.params['realm']).toBe('x');
    expect(parseChallenge('')).toBeUndefined();
  });

  it('registries on loopback are plain HTTP, all others HTTPS', () => {
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('1.dkr.ecr.eu-west-1.amazonaws.com')).toBe('https://1.dkr.ecr.eu-west-1.amazonaws.com');
  });
});

describe('RegistryClient against a local registry double', () => {
  let server: Server;
  let host = '';
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  const seen: Array<{ method?: string; url?: string; accept?: string; authorization?: string }> = [];
  const sleeps: number[] = [];
  const client = () => new RegistryClient(host, creds, { sleep: async (ms) => void sleeps.push(ms) });

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({
        method: req.method,
        url: req.url,
        accept: req.headers.accept,
        authorization: req.headers.authorization,
      });
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    host = `127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const reset = (h: typeof handler) => {
    seen.length = 0;
    sleeps.length = 0;
    handler = h;
  };

  it('HEAD with Basic credentials and every manifest type accepted; the digest is Docker-Content-Digest', async () => {
    reset((req, res) => {
      if (req.headers.authorization !== basic) return void res.writeHead(401).end();
      res.writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': MANIFEST_MEDIA_TYPES[0] }).end();
    });
    await expect(client().manifestDigest('team/app', 'v1')).resolves.toBe(DIGEST);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('HEAD');
    expect(seen[0]?.url).toBe('/v2/team/app/manifests/v1');
    for (const t of MANIFEST_MEDIA_TYPES) expect(seen[0]?.accept).toContain(t);
  });

  it('a registry that omits the header: GET, and the digest is the sha256 of the manifest bytes', async () => {
    reset((req, res) =>
      res.writeHead(200, { 'content-type': MANIFEST_MEDIA_TYPES[0] }).end(req.method === 'GET' ? BODY : undefined),
    );
    await expect(client().manifestDigest('app', 'v1')).resolves.toBe(
      `sha256:${createHash('sha256').update(BODY).digest('hex')}`,
    );
    expect(seen.map((s) => s.method)).toEqual(['HEAD', 'GET']);
  });

  it('no such tag is undefined, not an error', async () => {
    reset((_req, res) => res.writeHead(404).end());
    await expect(client().manifestDigest('app', 'nope')).resolves.toBeUndefined();
  });

  it('trades the credentials for a Bearer token when challenged, once', async () => {
    reset((req, res) => {
      if (req.url?.startsWith('/token')) {
        const url = new URL(req.url, 'http://x');
        if (
          req.headers.authorization !== basic ||
          url.searchParams.get('scope') !== 'repository:app:pull' ||
          url.searchParams.get('service') !== 'reg'
        ) {
          return void res.writeHead(403).end();
        }
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ token: 'tok-123' }));
      }
      if (req.headers.authorization !== 'Bearer tok-123') {
        return void res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="http://${host}/token",service="reg",scope="repository:app:pull"`,
          })
          .end();
      }
      res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
    });
    const c = client();
    await expect(c.manifestDigest('app', 'v1')).resolves.toBe(DIGEST);
    await expect(c.manifestDigest('app', 'v2')).resolves.toBe(DIGEST);
    expect(seen.filter((s) => s.url?.startsWith('/token'))).toHaveLength(1);
  });

  it('refused credentials are a clear error that does not quote them', async () => {
    reset((_req, res) => res.writeHead(401, { 'www-authenticate': 'Basic realm="reg"' }).end());
    const err = await client()
      .manifestDigest('app', 'v1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseError);
    expect((err as Error).message).toBe(
      `the registry refused the login credentials when reading ${host}/app:v1 (HTTP 401)`,
    );
    expect((err as Error).message).not.toContain(creds.password);
  });

  it('retries 5xx and 429 with backoff, then gives up with the last reason', async () => {
    let n = 0;
    reset((_req, res) => {
      n++;
      if (n <= 2) return void res.writeHead(n === 1 ? 503 : 429).end();
      res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
    });
    const lines: string[] = [];
    const logged = new RegistryClient(host, creds, {
      sleep: async (ms) => void sleeps.push(ms),
      log: (line) => lines.push(line),
    });
    await expect(logged.manifestDigest('app', 'v1')).resolves.toBe(DIGEST);
    expect(seen).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    // One line per retry, with the reason.
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^request to the registry ${host.replace(/\./g, '\\.')} failed \\(HTTP 503\\); retry 1 of 3 in `),
      ),
      expect.stringMatching(/failed \(HTTP 429\); retry 2 of 3 in /),
    ]);

    reset((_req, res) => res.writeHead(502).end());
    await expect(client().manifestDigest('app', 'v1')).rejects.toThrow(
      `the registry ${host} did not answer after 4 tries: HTTP 502`,
    );
    expect(seen).toHaveLength(4);
  });

  it('a registry that is not there: the connection error is named', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const addr = closed.address();
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const gone = new RegistryClient(`127.0.0.1:${port}`, creds, { sleep: async () => undefined, attempts: 2 });
    await expect(gone.manifestDigest('app', 'v1')).rejects.toThrow(/did not answer after 2 tries: .*ECONNREFUSED/);
  });
});

describe('the ECR token goes to ECR and this machine only', () => {
  /** Every request that reached the server: which host the client meant, and what it sent. */
  interface Seen {
    origin: string;
    method?: string;
    path: string;
    authorization?: string;
  }
  let server: Server;
  let address = '';
  const seen: Seen[] = [];
  let handler: (req: IncomingMessage, res: ServerResponse, origin: string) => void = () => undefined;
  const ECR_HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  const CONFIG = '{"config":{"Labels":{"org.opencontainers.image.revision":"abc"}}}';
  const CONFIG_DIGEST = `sha256:${createHash('sha256').update(CONFIG).digest('hex')}`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const origin = String(req.headers['x-original-origin']);
      seen.push({ origin, method: req.method, path: req.url ?? '', authorization: req.headers.authorization });
      handler(req, res, origin);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    address = `127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /**
   * Sends every request to the local server instead of the host in the URL (no name is resolved),
   * telling it which origin the client meant: the server then plays ECR, another registry, a token
   * service and blob storage at once, and records the Authorization header each of them got.
   */
  const viaServer: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    headers.set('x-original-origin', url.origin);
    return fetch(`http://${address}${url.pathname}${url.search}`, { ...init, headers });
  };
  const clientFor = (registry: string) =>
    new RegistryClient(registry, creds, { sleep: async () => undefined, fetch: viaServer, attempts: 1 });
  const reset = (h: typeof handler) => {
    seen.length = 0;
    handler = h;
  };
  const sentCredentials = (s: Seen) => s.authorization === basic || (s.authorization ?? '').includes(creds.password);

  it('ECR hosts get the Basic credentials, over HTTPS', async () => {
    reset((_req, res) => res.writeHead(200, { 'docker-content-digest': DIGEST }).end());
    await expect(clientFor(ECR_HOST).manifestDigest('app', 'v1')).resolves.toBe(DIGEST);
    expect(seen).toEqual([
      { origin: `https://${ECR_HOST}`, method: 'HEAD', path: '/v2/app/manifests/v1', authorization: basic },
    ]);
  });

  it('another registry is read anonymously, even when the client is given the ECR credentials', async () => {
    reset((_req, res) => res.writeHead(200, { 'docker-content-digest': DIGEST }).end());
    const client = clientFor('registry.example.com');
    await expect(client.manifestDigest('app', 'v1')).resolves.toBe(DIGEST);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.origin).toBe('https://registry.example.com');
    expect(seen[0]?.authorization).toBeUndefined();
    expect(client.authenticated).toBe(false);

    // One that wants a login says so, without falling back to the ECR token.
    reset((_req, res) => res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' }).end());
    await expect(client.manifestDigest('app', 'v1')).rejects.toThrow(
      'the registry registry.example.com requires a login to read registry.example.com/app:v1 (HTTP 401)',
    );
    expect(seen.some(sentCredentials)).toBe(false);
  });

  /** A registry that asks for a Bearer token from `realm`, and accepts any token it handed out. */
  const tokenRegistry = (realm: string) => (req: IncomingMessage, res: ServerResponse, origin: string) => {
    if (origin === new URL(realm).origin && req.url?.startsWith(new URL(realm).pathname)) {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"tok-1"}');
    }
    if (req.headers.authorization !== 'Bearer tok-1') {
      return void res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="reg"` }).end();
    }
    res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
  };

  it.each([
    ['a token service on another host', 'https://auth.example.net/token'],
    ['a token service on the same host over plain HTTP', `http://${ECR_HOST}/token`],
    ['a token service on the same host but another port', `https://${ECR_HOST}:8443/token`],
  ])('%s gets no credentials (an anonymous token request)', async (_label, realm) => {
    reset(tokenRegistry(realm));
    await expect(clientFor(ECR_HOST).manifestDigest('app', 'v1')).resolves.toBe(DIGEST);
    const token = seen.filter((s) => s.origin === new URL(realm).origin && s.path.startsWith('/token'));
    expect(token).toHaveLength(1);
    expect(token[0]?.authorization).toBeUndefined();
    expect(token[0]?.path).toContain('scope=repository%3Aapp%3Apull');
    expect(seen.at(-1)?.authorization).toBe('Bearer tok-1');
  });

  it('the registry itself over HTTPS, or on this machine, may receive them', async () => {
    reset(tokenRegistry(`https://${ECR_HOST}/token`));
    await expect(clientFor(ECR_HOST).manifestDigest('app', 'v1')).resolves.toBe(DIGEST);
    expect(seen.find((s) => s.path.startsWith('/token'))?.authorization).toBe(basic);
  });

  it('a blob redirected to storage elsewhere is fetched there without credentials, and checked against its digest', async () => {
    reset((req, res, origin) => {
      if (origin === `https://${ECR_HOST}`)
        return void res.writeHead(307, { location: `https://storage.example.net/layer?sig=1` }).end();
      res.writeHead(200).end(req.url === '/layer?sig=1' ? CONFIG : 'other');
    });
    const body = await clientFor(ECR_HOST).blob('app', CONFIG_DIGEST);
    expect(new TextDecoder().decode(body)).toBe(CONFIG);
    expect(seen.map((s) => [s.origin, s.authorization])).toEqual([
      [`https://${ECR_HOST}`, basic],
      ['https://storage.example.net', undefined],
    ]);

    // Storage that answers with other bytes than the digest promises is not trusted.
    reset((_req, res) => res.writeHead(200).end('tampered'));
    await expect(clientFor(ECR_HOST).blob('app', CONFIG_DIGEST)).rejects.toThrow(
      `returned a blob for ${CONFIG_DIGEST} with another digest`,
    );
  });
});

describe('RegistryClient writes a manifest under another tag', () => {
  let server: Server;
  let host = '';
  const puts: Array<{ url?: string; type?: string; body: string }> = [];
  const stored = new Map<string, { body: string; type: string }>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const ref = decodeURIComponent(req.url?.split('/manifests/')[1] ?? '');
        if (req.method === 'PUT') {
          const body = Buffer.concat(chunks).toString();
          puts.push({ url: req.url, type: req.headers['content-type'], body });
          const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
          stored.set(ref, { body, type: req.headers['content-type'] ?? '' });
          stored.set(digest, { body, type: req.headers['content-type'] ?? '' });
          return void res.writeHead(201, { 'docker-content-digest': digest }).end();
        }
        const m = stored.get(ref);
        if (!m) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': m.type }).end(req.method === 'GET' ? m.body : undefined);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    host = `127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the manifest byte for byte and PUTs the same bytes and media type, so the digest is kept', async () => {
    const body = '{ "schemaVersion": 2,\n  "odd": "spacing" }';
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    stored.set('v1', { body, type: MANIFEST_MEDIA_TYPES[0] });
    const client = new RegistryClient(host, creds, { sleep: async () => undefined });
    const manifest = await client.manifest('app', 'v1');
    expect(manifest?.digest).toBe(digest);
    expect(manifest?.mediaType).toBe(MANIFEST_MEDIA_TYPES[0]);
    await expect(client.putManifest('app', 'v2', manifest as NonNullable<typeof manifest>)).resolves.toBe(digest);
    expect(puts).toEqual([{ url: '/v2/app/manifests/v2', type: MANIFEST_MEDIA_TYPES[0], body }]);
    await expect(client.manifestDigest('app', 'v2')).resolves.toBe(digest);
    await expect(client.manifest('app', 'nope')).resolves.toBeUndefined();
  });
});
