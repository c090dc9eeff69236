/*
 * health-check against a local HTTP server that is down, slow, answering 500 and then 200. The clock
 * is the test's: only the command's own sleeps move it, so nothing here depends on real time.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute } from '../../src/commands/health-check.js';
import { healthCheck, type HealthCheckInputs } from '../../src/definitions/health-check.js';
import { checkHealth, describeRanges, judge, parseStatusRanges } from '../../src/health/check.js';
import { ReleaseError } from '../../src/runtime/errors.js';
import { freePort } from '../helpers/servers.js';
import { runCli, testHost } from '../helpers/host.js';

let server: Server;
let base = '';
const hits = new Map<string, number>();
const pending: Array<() => void> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    if (path === '/500-then-200') res.writeHead(n <= 2 ? 500 : 200).end(n <= 2 ? 'starting' : 'UP');
    else if (path === '/always-500') res.writeHead(500).end('boom');
    // Never answers (until the test ends): a server that hangs.
    else if (path === '/slow') pending.push(() => res.writeHead(200).end('late'));
    // 200 every time, but "UP" only from the third answer on.
    else if (path === '/body') res.writeHead(200).end(n >= 3 ? '{"status":"UP"}' : '{"status":"STARTING"}');
    // Healthy, unhealthy, then healthy for good: a flapping server.
    else if (path === '/flap') res.writeHead(n === 2 ? 503 : 200).end();
    else if (path === '/redirect') res.writeHead(302, { location: '/always-500' }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const answer of pending.splice(0)) answer();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

const inputs = (url: string, over: Partial<HealthCheckInputs> = {}): HealthCheckInputs => ({
  url,
  expectedStatus: parseStatusRanges('200-399') as never,
  timeout: 10,
  interval: 1,
  successes: 1,
  ...over,
});

async function check(url: string, over: Partial<HealthCheckInputs> = {}, requestTimeoutMs?: number) {
  const c = clock();
  const host = testHost({}, { sleep: c.sleep });
  let error: unknown;
  let outputs: Record<string, string> | undefined;
  try {
    outputs = await execute(inputs(url, over), { host, now: c.now, ...(requestTimeoutMs ? { requestTimeoutMs } : {}) });
  } catch (err) {
    error = err;
  }
  return { outputs, error: error as Error | undefined, lines: host.lines, elapsed: c.now() };
}

describe('health-check', () => {
  it('reports a server that is down: connection refused, until the timeout', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/health`;
    const r = await check(url, { timeout: 5, interval: 1 });
    expect(r.error).toBeInstanceOf(ReleaseError);
    expect(r.error?.message).toBe(
      `health check ${url} did not answer 200-399 within 5 s (last: connection refused (ECONNREFUSED)), 6 request(s)`,
    );
    expect(r.elapsed).toBe(5000);
    expect(r.lines[1]).toBe(`health check ${url}: connection refused (ECONNREFUSED); retrying`);
  });

  it('reports a slow server as no answer within the per-request limit', async () => {
    const r = await check(`${base}/slow`, { timeout: 2, interval: 1 }, 50);
    expect(r.error?.message).toBe(
      `health check ${base}/slow did not answer 200-399 within 2 s (last: no answer within 50 ms), 3 request(s)`,
    );
  });

  it('waits through 500s until the server answers 200', async () => {
    hits.delete('/500-then-200');
    const r = await check(`${base}/500-then-200`);
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ healthy: 'true', requests: '3', 'last-status': 'HTTP 200' });
    expect(r.lines).toContain(`health check ${base}/500-then-200: HTTP 500; retrying`);
    expect(r.lines.at(-1)).toBe(`health check ${base}/500-then-200: HTTP 200 after 3 request(s)`);
    expect(r.elapsed).toBe(2000);
  });

  it('fails on a server that always answers 500, saying so in its last line', async () => {
    const r = await check(`${base}/always-500`, { timeout: 3, interval: 1 });
    expect(r.error?.message).toBe(
      `health check ${base}/always-500 did not answer 200-399 within 3 s (last: HTTP 500), 4 request(s)`,
    );
  });

  it('follows redirects and judges the final answer', async () => {
    const r = await check(`${base}/redirect`, { timeout: 1, interval: 1 });
    expect(r.error?.message).toContain('(last: HTTP 500)');
  });

  it('needs the body text when asked for it', async () => {
    hits.delete('/body');
    const r = await check(`${base}/body`, { bodyContains: '"UP"' });
    expect(r.outputs?.['requests']).toBe('3');
    expect(r.lines).toContain(`health check ${base}/body: HTTP 200 without "\\"UP\\"" in the body; retrying`);
  });

  it('needs consecutive successes: a flap resets the count', async () => {
    hits.delete('/flap');
    const r = await check(`${base}/flap`, { successes: 3 });
    // 200 (1), 503 (reset), 200, 200, 200.
    expect(r.outputs?.['requests']).toBe('5');
    expect(r.lines.at(-1)).toBe(`health check ${base}/flap: HTTP 200, 3 times in a row after 5 request(s)`);
  });

  it('runs through the CLI: exit 0 with outputs, exit 1 with the last line, exit 2 for bad input', async () => {
    hits.delete('/500-then-200');
    const ok = await runCli(healthCheck, ['--url', `${base}/500-then-200`, '--interval', '0.01', '--timeout', '30']);
    expect(ok.code).toBe(0);
    expect(ok.outputs).toEqual({ healthy: 'true', requests: '3', 'last-status': 'HTTP 200' });
    const bad = await runCli(healthCheck, [
      '--url',
      `${base}/always-500`,
      '--interval',
      '0.01',
      '--timeout',
      '0.05',
      '--expected-status',
      '2xx',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.log.split('\n').at(-1)).toMatch(
      new RegExp(
        `^error: health-check failed: health check ${base}/always-500 did not answer 2xx within 50 ms \\(last: HTTP 500\\), \\d+ request\\(s\\)$`,
      ),
    );
    const input = await runCli(healthCheck, ['--url', `${base}/x`, '--expected-status', '200-1xx']);
    expect(input.code).toBe(2);
    expect(input.log).toContain('input "expected-status": "200-1xx" is not a status code');
    expect((await runCli(healthCheck, ['--url', 'ftp://x/'])).log).toContain('input "url": must be an http(s) URL');
    expect((await runCli(healthCheck, ['--url', `${base}/x`, '--interval', '9', '--timeout', '5'])).log).toContain(
      'input "interval": (9 s) is longer than timeout (5 s)',
    );
  });
});

describe('status ranges and answers', () => {
  it('parses codes, ranges and classes, and refuses the rest', () => {
    expect(parseStatusRanges('200-399')).toEqual([{ from: 200, to: 399 }]);
    expect(parseStatusRanges('200, 204\n3xx')).toEqual([
      { from: 200, to: 200 },
      { from: 204, to: 204 },
      { from: 300, to: 399 },
    ]);
    expect(parseStatusRanges('399-200')).toBe('"399-200" is a range that ends before it starts');
    expect(parseStatusRanges('700')).toBe('700-700 is outside the HTTP status codes 100-599');
    expect(parseStatusRanges('ok')).toMatch(/"ok" is not a status code/);
    expect(describeRanges(parseStatusRanges('2xx,301,200-399') as never)).toBe('2xx, 301, 200-399');
  });

  it('judges status and body', () => {
    const ranges = parseStatusRanges('200') as never;
    expect(judge(200, 'UP', { status: ranges, bodyContains: 'UP' })).toEqual({ healthy: true, seen: 'HTTP 200' });
    expect(judge(204, '', { status: ranges })).toEqual({ healthy: false, seen: 'HTTP 204' });
    expect(judge(299, undefined, {})).toEqual({ healthy: true, seen: 'HTTP 299' });
  });

  it('checkHealth never throws for an unhealthy URL: the result says what it saw', async () => {
    const c = clock();
    const r = await checkHealth(`${base}/always-500`, {
      timeoutMs: 2000,
      intervalMs: 1000,
      ...c,
      log: () => undefined,
    });
    expect(r).toEqual({
      healthy: false,
      requests: 3,
      last: 'HTTP 500',
      summary: `health check ${base}/always-500 did not answer 2xx within 2 s (last: HTTP 500), 3 request(s)`,
    });
  });
});
