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
    await expect(client().manifestDigest('app', 'v1')).resolves.toBe(DIGEST);
    expect(seen).toHaveLength(3);
    expect(sleeps).toHaveLength(2);

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
