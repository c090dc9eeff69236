import { describe, expect, it } from '@jest/globals';
import { acquireLock } from '../../src/release/lock.js';
import { inReleaseStep } from '../../src/release/session.js';
import { ReleaseStore, type StoreS3 } from '../../src/release/store.js';
import { testHost } from '../helpers/host.js';

const awsError = (name: string, status: number): Error =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

/** S3 in memory, with the conditional writes the store relies on; `failPuts` makes the next puts fail. */
function memoryS3() {
  const objects = new Map<string, { body: string; etag: string }>();
  let n = 0;
  const state = { failPuts: 0 };
  const s3 = {
    getObject: async ({ Key }: { Key: string }) => {
      const o = objects.get(Key);
      if (!o) throw awsError('NoSuchKey', 404);
      return { ETag: o.etag, Body: { transformToString: async () => o.body } };
    },
    putObject: async ({ Key, Body, IfMatch, IfNoneMatch }: Record<string, string>) => {
      if (state.failPuts > 0) {
        state.failPuts--;
        throw awsError('ServiceUnavailable', 503);
      }
      const cur = objects.get(Key as string);
      if ((IfNoneMatch && cur) || (IfMatch && cur?.etag !== IfMatch)) throw awsError('PreconditionFailed', 412);
      const etag = `"e${++n}"`;
      objects.set(Key as string, { body: Body as string, etag });
      return { ETag: etag };
    },
    deleteObject: async ({ Key, IfMatch }: Record<string, string>) => {
      if (IfMatch && objects.get(Key as string)?.etag !== IfMatch) throw awsError('PreconditionFailed', 412);
      objects.delete(Key as string);
      return {};
    },
    listObjectsV2: async () => ({ Contents: [...objects.keys()].map((Key) => ({ Key })) }),
  } as unknown as StoreS3;
  return { s3, objects, state };
}

/** A lock whose heartbeat the test beats by hand, on a clock it moves. */
async function heldLock(ttlMs = 90_000) {
  const mem = memoryS3();
  const store = new ReleaseStore(mem.s3, { bucket: 'b', prefix: 'rel' }, async () => {});
  const clock = { now: 1_000_000 };
  let beat = (): void => {};
  const log: string[] = [];
  const lock = await acquireLock(
    store,
    's3://site/',
    { release: 'v1', host: 'h', pid: 1 },
    {
      ttlMs,
      timeoutMs: 0,
      pollMs: 1,
      now: () => clock.now,
      sleep: async () => {},
      log: (l) => log.push(l),
      every: (_ms, fn) => {
        beat = fn;
        return () => {};
      },
    },
  );
  const tick = async (ms: number): Promise<void> => {
    clock.now += ms;
    beat();
    await new Promise((r) => setTimeout(r, 0));
  };
  const etag = () => [...mem.objects.values()][0]?.etag;
  return { lock, mem, tick, log, etag, store };
}

describe('a held lock', () => {
  it('is renewed every beat', async () => {
    const { lock, tick, etag } = await heldLock();
    const first = etag();
    await tick(30_000);
    expect(etag()).not.toBe(first);
    expect(lock.lost).toBe(false);
  });

  it('survives a renewal that fails while it has not expired, and renews at the next beat', async () => {
    const { lock, mem, tick, log, etag } = await heldLock();
    mem.state.failPuts = 1;
    const before = etag();
    await tick(30_000);
    expect(lock.lost).toBe(false);
    expect(etag()).toBe(before);
    expect(log.at(-1)).toMatch(/could not renew it .*trying again at the next beat/);
    await tick(30_000);
    expect(etag()).not.toBe(before);
    expect(lock.lost).toBe(false);
  });

  it('is lost when it could not be renewed before it expired, or when another run took it over', async () => {
    const expired = await heldLock();
    expired.mem.state.failPuts = 10;
    await expired.tick(30_000);
    await expired.tick(30_000);
    expect(expired.lock.lost).toBe(false);
    await expired.tick(30_000);
    expect(expired.lock.lost).toBe(true);
    expect(expired.log.at(-1)).toMatch(/lost: it could not be renewed before it expired/);

    const taken = await heldLock();
    for (const o of taken.mem.objects.values()) o.etag = '"someone-else"';
    await taken.tick(30_000);
    expect(taken.lock.lost).toBe(true);
    expect(taken.log.at(-1)).toMatch(/another run took it over/);
  });
});

describe('a release step whose lock was lost', () => {
  it('records no change and makes none: it stops with the reason', async () => {
    const mem = memoryS3();
    const store = new ReleaseStore(mem.s3, { bucket: 'b', prefix: 'rel' }, async () => {});
    let beat = (): void => {};
    let changed = false;
    const host = testHost();
    const run = inReleaseStep(
      {
        store,
        releaseId: 'v1',
        command: 's3-sync',
        context: host.context,
        log: host.log,
        sleep: async () => {},
        now: Date.now,
        lockTimeoutMs: 0,
        every: (_ms, fn) => {
          beat = fn;
          return () => {};
        },
      },
      's3://site/',
      async (step) => {
        // Another run takes the lock over while this one works.
        for (const [key, o] of mem.objects) if (key.includes('/locks/')) o.etag = '"taken"';
        beat();
        await new Promise((r) => setTimeout(r, 0));
        await step.record({
          kind: 's3-site',
          bucket: 'site',
          prefix: '',
          versioned: false,
          added: ['a'],
          replaced: [],
          deleted: [],
        });
        changed = true;
      },
    );
    await expect(run).rejects.toThrow(/the lock on s3:\/\/site\/ was lost .*stopped before changing it/);
    expect(changed).toBe(false);
    const record = JSON.parse(mem.objects.get('rel/records/v1.json')?.body ?? '{}');
    expect(record.changes).toEqual([]);
    expect(record.steps).toEqual([expect.objectContaining({ command: 's3-sync', status: 'failed' })]);
  });
});

describe('a release id that a rollback undid', () => {
  it('is not run again: the step stops before any change, asking for an id of its own', async () => {
    const mem = memoryS3();
    const store = new ReleaseStore(mem.s3, { bucket: 'b', prefix: 'rel' }, async () => {});
    await store.update('v2', () => ({
      format: 'aws-release-kit/release-record',
      version: 1,
      id: 'v2',
      status: 'rolled-back',
      rolledBackBy: 'rollback-of-v2-20261201T100000Z',
      startedAt: '2026-12-01T09:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
      steps: [],
      changes: [],
    }));
    const host = testHost();
    let ran = false;
    const run = inReleaseStep(
      {
        store,
        releaseId: 'v2',
        command: 'lambda-deploy fn',
        context: host.context,
        log: host.log,
        sleep: async () => {},
        now: Date.now,
        lockTimeoutMs: 0,
        every: () => () => {},
      },
      'lambda:fn:live',
      async () => {
        ran = true;
      },
    );
    await expect(run).rejects.toThrow(
      /release v2 was rolled back by rollback-of-v2-20261201T100000Z; give this run a release-id of its own \(e\.g\. v2-2\)/,
    );
    expect(ran).toBe(false);
    expect([...mem.objects.keys()].filter((k) => k.includes('/locks/'))).toEqual([]);
  });
});

describe('a later step of a release that a newer release overtook', () => {
  it('stops before changing a target the newer one changed, and says so in its record', async () => {
    const mem = memoryS3();
    const store = new ReleaseStore(mem.s3, { bucket: 'b', prefix: 'rel' }, async () => {});
    const site = {
      kind: 's3-site' as const,
      bucket: 'www',
      prefix: '',
      versioned: false,
      added: ['a'],
      replaced: [],
      deleted: [],
    };
    const service = {
      kind: 'ecs-service' as const,
      cluster: 'prd',
      service: 'web',
      previousTaskDefinition: 'td:1',
      newTaskDefinition: 'td:2',
    };
    const base = {
      format: 'aws-release-kit/release-record' as const,
      version: 1 as const,
      updatedAt: '2026-12-01T10:05:00.000Z',
    };
    await store.update('v1', () => ({
      ...base,
      id: 'v1',
      status: 'succeeded',
      startedAt: '2026-12-01T10:00:00.000Z',
      steps: [],
      changes: [site],
    }));
    await store.update('v2', () => ({
      ...base,
      id: 'v2',
      status: 'in-progress',
      startedAt: '2026-12-01T10:01:00.000Z',
      steps: [],
      changes: [site, service],
    }));
    const host = testHost();
    const step = (target: string) => {
      let ran = false;
      const done = inReleaseStep(
        {
          store,
          releaseId: 'v1',
          command: 'ecs-deploy',
          context: host.context,
          log: host.log,
          sleep: async () => {},
          now: Date.now,
          lockTimeoutMs: 0,
          every: () => () => {},
        },
        target,
        async () => {
          ran = true;
        },
      );
      return { done, ran: () => ran };
    };
    const overtaken = step('ecs:prd/web');
    await expect(overtaken.done).rejects.toThrow(
      /ecs:prd\/web was changed by release v2, which started after v1: a release never goes over a newer one/,
    );
    expect(overtaken.ran()).toBe(false);
    const v1 = JSON.parse(mem.objects.get('rel/records/v1.json')?.body ?? '{}');
    expect(v1.status).toBe('failed');
    // A target the newer release did not change: the step goes on.
    const free = step('lambda:api:live');
    await free.done;
    expect(free.ran()).toBe(true);
  });
});
