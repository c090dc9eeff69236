/*
 * moto applies every Lambda change at once (always State Active, LastUpdateStatus Successful). Real
 * Lambda does not: updates run asynchronously and a second one meanwhile is a ResourceConflictException.
 * This proxy in front of moto plays those states back on GetFunctionConfiguration, and records the
 * order of reads and changes, so the waits of lambda-deploy are checked against a real server.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Lambda } from '@aws-sdk/client-lambda';
import { writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { run } from '../../src/commands/lambda-deploy.js';
import { lambdaDeploy } from '../../src/definitions/lambda-deploy.js';
import type { FunctionStatus } from '../../src/lambda/wait.js';
import { ReleaseError } from '../../src/runtime/errors.js';
import { createRole, HANDLER_JS, parseInputs, TempDirs } from '../fixtures/lambda/aws.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { runCli, testHost } from '../helpers/host.js';

type Kind = 'create' | 'code' | 'configuration' | 'publish' | 'alias';

interface LambdaEvent {
  fn: string;
  kind: 'read' | Kind | 'conflict';
  status?: FunctionStatus;
}

interface StateProxy {
  url: string;
  events: LambdaEvent[];
  /** Statuses served, in turn, by the next reads of fn (then moto's own answer again). */
  queue(fn: string, statuses: FunctionStatus[]): void;
  /** Statuses to serve after each change of this kind to fn. */
  after(fn: string, kind: Kind, statuses: FunctionStatus[]): void;
  /** Answer the next change of this kind with a 409 ResourceConflictException, then serve statuses. */
  conflictOnce(fn: string, kind: Kind, statuses: FunctionStatus[]): void;
  close(): Promise<void>;
}

const FUNCTIONS = '/2015-03-31/functions';

function classify(method: string, path: string, body: string): { fn: string; kind: LambdaEvent['kind'] } | undefined {
  if (method === 'POST' && path === FUNCTIONS) {
    return { fn: (JSON.parse(body) as { FunctionName: string }).FunctionName, kind: 'create' };
  }
  const m = /^\/2015-03-31\/functions\/([^/]+)\/(configuration|code|versions|aliases)(\/[^/]+)?$/.exec(path);
  if (!m) return undefined;
  const fn = decodeURIComponent(m[1] ?? '');
  if (m[2] === 'configuration') return { fn, kind: method === 'GET' ? 'read' : 'configuration' };
  if (m[2] === 'code' && method === 'PUT') return { fn, kind: 'code' };
  if (m[2] === 'versions' && method === 'POST') return { fn, kind: 'publish' };
  if (m[2] === 'aliases' && method !== 'GET') return { fn, kind: 'alias' };
  return undefined;
}

async function startStateProxy(target: string): Promise<StateProxy> {
  const upstream = new URL(target);
  const queues = new Map<string, FunctionStatus[]>();
  const afters = new Map<string, FunctionStatus[]>();
  const conflicts = new Map<string, FunctionStatus[]>();
  const events: LambdaEvent[] = [];

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    respond: (status: number, headers: Record<string, unknown>, data: Buffer) => void,
  ) => {
    const up = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => respond(res.statusCode ?? 502, { ...res.headers }, Buffer.concat(chunks)));
      },
    );
    up.on('error', () => respond(502, {}, Buffer.from('')));
    up.end(body);
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '').split('?')[0] ?? '';
      const what = classify(req.method ?? 'GET', path, body.toString());
      const send = (status: number, headers: Record<string, unknown>, data: Buffer): void => {
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        res.writeHead(status, { ...(headers as Record<string, string>), 'content-length': String(data.length) });
        res.end(data);
      };
      if (!what) return forward(req, body, send);
      const { fn, kind } = what;

      if (kind !== 'read' && conflicts.has(`${fn}/${kind}`)) {
        const next = conflicts.get(`${fn}/${kind}`) ?? [];
        conflicts.delete(`${fn}/${kind}`);
        queues.set(fn, [...next]);
        events.push({ fn, kind: 'conflict' });
        return send(
          409,
          { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceConflictException' },
          Buffer.from(
            JSON.stringify({
              Type: 'User',
              message: `The operation cannot be performed at this time. An update is in progress for resource: ${fn}`,
            }),
          ),
        );
      }
      forward(req, body, (status, headers, data) => {
        if (kind === 'read') {
          const json = JSON.parse(data.toString()) as FunctionStatus;
          const override = queues.get(fn)?.shift();
          const served = override ? { ...json, ...override } : json;
          events.push({ fn, kind, status: { State: served.State, LastUpdateStatus: served.LastUpdateStatus } });
          return send(status, headers, Buffer.from(JSON.stringify(served)));
        }
        if (status < 300) {
          events.push({ fn, kind });
          const next = afters.get(`${fn}/${kind}`);
          if (next) queues.set(fn, [...next]);
        }
        send(status, headers, data);
      });
    });
  };

  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    queue: (fn, statuses) => void queues.set(fn, [...statuses]),
    after: (fn, kind, statuses) => void afters.set(`${fn}/${kind}`, statuses),
    conflictOnce: (fn, kind, statuses) => void conflicts.set(`${fn}/${kind}`, statuses),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const IN_PROGRESS: FunctionStatus = { State: 'Active', LastUpdateStatus: 'InProgress' };
const PENDING: FunctionStatus = { State: 'Pending', LastUpdateStatus: undefined };
const busy = (s: FunctionStatus | undefined): boolean => s?.State === 'Pending' || s?.LastUpdateStatus === 'InProgress';

/** Every change must follow a read that found the function idle, and be followed by a read before the next change. */
function expectOrderly(events: LambdaEvent[]): void {
  let lastRead: FunctionStatus | undefined;
  let readSinceChange = true;
  for (const e of events) {
    if (e.kind === 'read') {
      lastRead = e.status;
      readSinceChange = true;
    } else if (e.kind === 'create') {
      readSinceChange = false;
    } else if (e.kind !== 'conflict') {
      expect({ event: e.kind, readSinceChange }).toEqual({ event: e.kind, readSinceChange: true });
      expect({ event: e.kind, busy: busy(lastRead) }).toEqual({ event: e.kind, busy: false });
      if (e.kind === 'code' || e.kind === 'configuration') readSinceChange = false;
    }
  }
}

const temp = new TempDirs();
let proxy: StateProxy;
let role = '';
const lambda = new Lambda({ region: 'us-east-1', endpoint: motoUrl() });

beforeAll(async () => {
  proxy = await startStateProxy(motoUrl());
  role = await createRole(motoUrl(), uniqueName('lambda-role'));
});
afterAll(async () => {
  await proxy.close();
  temp.cleanup();
});

const createArgs = () => ['--role', role, '--runtime', 'nodejs20.x', '--handler', 'index.handler'];

/** A function created straight in moto, with version 1 behind alias live. */
async function existingFunction(): Promise<{ name: string; dir: string }> {
  const name = uniqueName('fn-state');
  const dir = temp.make({ 'index.js': HANDLER_JS });
  const res = await runCli(lambdaDeploy, [
    '--function-name',
    name,
    '--source-dir',
    dir,
    ...createArgs(),
    '--alias',
    'live',
    '--endpoint-url',
    motoUrl(),
  ]);
  expect(res.code).toBe(0);
  writeFileSync(join(dir, 'index.js'), HANDLER_JS.replace('v1', 'v2'));
  return { name, dir };
}

function deployThroughProxy(argv: string[]) {
  const slept: number[] = [];
  const host = testHost({}, { sleep: async (ms) => void slept.push(ms) });
  const inputs = parseInputs([...argv, '--endpoint-url', proxy.url]);
  return { slept, host, result: run(inputs, host) };
}

describe('lambda-deploy waits for Lambda', () => {
  it('waits out an update in flight, then after the code update and after the configuration update, before publishing', async () => {
    const { name, dir } = await existingFunction();
    proxy.queue(name, [IN_PROGRESS, IN_PROGRESS]); // someone else's update is still running
    proxy.after(name, 'code', [IN_PROGRESS, IN_PROGRESS]);
    proxy.after(name, 'configuration', [IN_PROGRESS]);
    const { slept, host, result } = deployThroughProxy([
      '--function-name',
      name,
      '--source-dir',
      dir,
      '--memory-size',
      '256',
      '--alias',
      'live',
    ]);
    const out = await result;
    expect(out).toMatchObject({ changed: true, version: '2' });

    const mine = proxy.events.filter((e) => e.fn === name);
    expect(mine.filter((e) => e.kind !== 'read').map((e) => e.kind)).toEqual([
      'code',
      'configuration',
      'publish',
      'alias',
    ]);
    expectOrderly(mine);
    // Two reads waited before the code update, two after it, one after the configuration update.
    expect(slept).toEqual([1000, 2000, 1000, 2000, 1000]);
    expect(host.text()).toContain('waiting before the code update: LastUpdateStatus is InProgress');
    expect(host.text()).toContain('waiting for the configuration update: LastUpdateStatus is InProgress');
    expect((await lambda.getFunctionConfiguration({ FunctionName: name })).MemorySize).toBe(256);
    expect((await lambda.getAlias({ FunctionName: name, Name: 'live' })).FunctionVersion).toBe('2');
  });

  it('a failed update reports LastUpdateStatusReason and publishes nothing', async () => {
    const { name, dir } = await existingFunction();
    proxy.after(name, 'code', [
      IN_PROGRESS,
      {
        State: 'Active',
        LastUpdateStatus: 'Failed',
        LastUpdateStatusReason: 'Unzipped size must be smaller than 262144000 bytes',
        LastUpdateStatusReasonCode: 'InvalidCodeSize',
      },
    ]);
    const { result } = deployThroughProxy([
      '--function-name',
      name,
      '--source-dir',
      dir,
      '--memory-size',
      '256',
      '--alias',
      'live',
    ]);
    const error = await result.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ReleaseError);
    expect((error as Error).message).toBe(
      `1 of 1 function(s) failed: ${name}: the code update failed: Unzipped size must be smaller than 262144000 bytes (InvalidCodeSize)`,
    );
    const mine = proxy.events.filter((e) => e.fn === name && e.kind !== 'read').map((e) => e.kind);
    expect(mine).toEqual(['code']); // no configuration update, no version, no alias move
    expect((await lambda.getAlias({ FunctionName: name, Name: 'live' })).FunctionVersion).toBe('1');
    expect((await lambda.getFunctionConfiguration({ FunctionName: name })).MemorySize).toBe(128);
  });

  it('a ResourceConflictException from a concurrent update is waited out and retried', async () => {
    const { name, dir } = await existingFunction();
    proxy.conflictOnce(name, 'configuration', [IN_PROGRESS]);
    const { slept, host, result } = deployThroughProxy([
      '--function-name',
      name,
      '--source-dir',
      dir,
      '--timeout',
      '42',
    ]);
    expect(await result).toMatchObject({ changed: true, version: '2' });
    const mine = proxy.events.filter((e) => e.fn === name);
    expect(mine.filter((e) => e.kind !== 'read').map((e) => e.kind)).toEqual([
      'code',
      'conflict',
      'configuration',
      'publish',
    ]);
    expectOrderly(mine.filter((e) => e.kind !== 'conflict'));
    expect(slept).toEqual([1000]);
    expect(host.text()).toContain('configuration update failed (The operation cannot be performed at this time');
    expect((await lambda.getFunctionConfiguration({ FunctionName: name })).Timeout).toBe(42);
  });

  it('a new function is waited for until Active before it is published', async () => {
    const name = uniqueName('fn-state-new');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    proxy.after(name, 'create', [PENDING, PENDING]);
    const { slept, result } = deployThroughProxy([
      '--function-name',
      name,
      '--source-dir',
      dir,
      ...createArgs(),
      '--alias',
      'live',
    ]);
    expect(await result).toMatchObject({ changed: true, version: '1' });
    const mine = proxy.events.filter((e) => e.fn === name);
    expect(mine.map((e) => (e.kind === 'read' ? `read:${e.status?.State}` : e.kind))).toEqual([
      'create',
      'read:Pending',
      'read:Pending',
      'read:Active',
      'read:Active', // the idle check right before publishing
      'publish',
      'alias',
    ]);
    expect(slept).toEqual([1000, 2000]);
  });
});
