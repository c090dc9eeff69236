/**
 * One release at a time per target. A lock is an object in the store created with If-None-Match: *
 * (only one run can create it), naming its owner; the owner renews it (If-Match its ETag) every
 * heartbeat, and a lock whose expiry has passed belongs to a run that died: it is removed (If-Match,
 * so a renewed lock is never taken) and the next run proceeds. A run that finds the lock held waits up
 * to its lock-timeout, then fails naming the holder.
 */
import { ReleaseError } from '../runtime/errors.js';
import { ConflictError, type ReleaseStore } from './store.js';

export interface LockOwner {
  release: string;
  run?: string;
  host: string;
  pid: number;
}

interface LockBody {
  target: string;
  owner: LockOwner;
  acquiredAt: string;
  expiresAt: string;
}

export interface LockOptions {
  /** How long a lock lives without a heartbeat (a killed run's lock frees itself after this). */
  ttlMs: number;
  /** How long to wait for a lock another run holds before failing. */
  timeoutMs: number;
  /** Time between looks at a held lock. */
  pollMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
  /** Starts the heartbeat; returns its stop. Real timers by default (tests may drive it themselves). */
  every?: (ms: number, fn: () => void) => () => void;
}

export interface HeldLock {
  target: string;
  /** Ends the heartbeat and removes the lock (if it is still ours). */
  release(): Promise<void>;
  /** Set when a heartbeat found the lock taken over: the run must not go on changing the target. */
  readonly lost: boolean;
}

const realEvery = (ms: number, fn: () => void): (() => void) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
};

function describeHolder(body: LockBody | undefined): string {
  if (!body) return 'another run';
  const o = body.owner;
  return `release ${o.release}${o.run ? ` (${o.run})` : ''} on ${o.host} since ${body.acquiredAt}`;
}

function parseLock(text: string): LockBody | undefined {
  try {
    const body = JSON.parse(text) as Partial<LockBody>;
    return typeof body.expiresAt === 'string' && body.owner ? (body as LockBody) : undefined;
  } catch {
    return undefined;
  }
}

export async function acquireLock(
  store: ReleaseStore,
  target: string,
  owner: LockOwner,
  options: LockOptions,
): Promise<HeldLock> {
  const key = store.lockKey(target);
  const started = options.now();
  const body = (): LockBody => ({
    target,
    owner,
    acquiredAt: new Date(started).toISOString(),
    expiresAt: new Date(options.now() + options.ttlMs).toISOString(),
  });
  const deadline = started + options.timeoutMs;
  let etag: string | undefined;
  let announced = false;
  while (etag === undefined) {
    try {
      etag = await store.writeJson(key, body(), undefined);
      break;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
    const held = await store.readJson(key);
    if (!held) continue; // released between our write and our read: try again at once
    const holder = parseLock(held.text);
    if (!holder || Date.parse(holder.expiresAt) < options.now()) {
      options.log(`lock on ${target}: ${describeHolder(holder)} did not renew it (expired); taking it over`);
      await store.deleteIfUnchanged(key, held.etag);
      continue;
    }
    if (options.now() >= deadline) {
      throw new ReleaseError(
        `${target} is being released by ${describeHolder(holder)}; waited ${Math.round(options.timeoutMs / 1000)} s (lock-timeout) and changed nothing. The lock expires ${holder.expiresAt} if that run died.`,
      );
    }
    if (!announced) {
      options.log(`waiting for ${target}: ${describeHolder(holder)} holds it`);
      announced = true;
    }
    await options.sleep(Math.min(options.pollMs, Math.max(0, deadline - options.now())));
  }

  let lost = false;
  // Until when the lock is ours for sure: the expiry of the last write that went through.
  let ours = options.now() + options.ttlMs;
  let renewing: Promise<void> = Promise.resolve();
  const heartbeat = (): void => {
    renewing = renewing.then(async () => {
      if (lost || etag === undefined) return;
      try {
        const next = body();
        etag = await store.writeJson(key, next, etag);
        ours = Date.parse(next.expiresAt);
      } catch (err) {
        if (err instanceof ConflictError) {
          lost = true;
          options.log(`lock on ${target} was lost: another run took it over`);
        } else if (options.now() >= ours) {
          // Not renewed before it expired: another run may have taken it over meanwhile.
          lost = true;
          options.log(`lock on ${target} was lost: it could not be renewed before it expired (${String(err)})`);
        } else {
          options.log(`lock on ${target}: could not renew it (${String(err)}); trying again at the next beat`);
        }
      }
    });
  };
  const stop = (options.every ?? realEvery)(Math.max(1, Math.floor(options.ttlMs / 3)), heartbeat);
  return {
    target,
    get lost() {
      return lost;
    },
    async release() {
      stop();
      await renewing;
      if (!lost && etag !== undefined) await store.deleteIfUnchanged(key, etag);
    },
  };
}
