/**
 * One command's part in a release: it takes the lock on its target, records (before writing anything)
 * how to undo what it is about to change, runs, and records how the step ended. The record is written
 * at each of these moments, so a run killed in the middle leaves a record that `rollback` can use.
 */
import { hostname } from 'node:os';
import type { RunContext } from '../runtime/context.js';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Log } from '../runtime/host.js';
import { acquireLock, type HeldLock, type LockOptions } from './lock.js';
import { newerOnTargets, newRecord, withChange, withStep, type ReleaseRecord, type TargetChange } from './record.js';
import type { ReleaseStore } from './store.js';
import { openStore, type StoreClient } from './default-store.js';
import { clientConfig, type AwsTarget } from '../runtime/aws.js';
import type { ReleaseOptions } from '../definitions/release-inputs.js';

export interface ReleaseStepDeps {
  store: ReleaseStore;
  releaseId: string;
  command: string;
  context: RunContext;
  log: Log;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  lockTimeoutMs: number;
  /** A lock lives this long without a heartbeat (default 2 minutes). */
  lockTtlMs?: number;
  every?: LockOptions['every'];
}

export interface ReleaseStep {
  /** The release this step records into. */
  readonly releaseId: string;
  /** Records a change before it is made (and again when it is known better). */
  record(change: TargetChange): Promise<void>;
  /** Set when a lock was taken over while the step ran: it must not go on changing the target. */
  readonly lost: boolean;
}

/**
 * Runs `work` holding the lock of every target (taken in name order, so two runs never wait on each
 * other crosswise), recording the step; the locks are released however it ends.
 */
export async function inReleaseStep<T>(
  deps: ReleaseStepDeps,
  targets: string | string[],
  work: (step: ReleaseStep) => Promise<T>,
): Promise<T> {
  const names = [...new Set(typeof targets === 'string' ? [targets] : targets)].sort();
  const locks: HeldLock[] = [];
  const releaseAll = async (): Promise<void> => {
    for (const held of locks.reverse()) {
      await held
        .release()
        .catch((e: unknown) => deps.log.warn(`could not release the lock on ${held.target}: ${errorMessage(e)}`));
    }
  };
  try {
    for (const target of names) {
      locks.push(
        await acquireLock(
          deps.store,
          target,
          { release: deps.releaseId, run: deps.context.runUrl, host: hostname(), pid: process.pid },
          {
            ttlMs: deps.lockTtlMs ?? 120_000,
            timeoutMs: deps.lockTimeoutMs,
            pollMs: 2000,
            now: deps.now,
            sleep: deps.sleep,
            log: (line) => deps.log.info(line),
            every: deps.every,
          },
        ),
      );
    }
  } catch (err) {
    await releaseAll();
    throw err;
  }
  const target = names.join(', ');
  const at = (): Date => new Date(deps.now());
  const fresh = (current: ReleaseRecord | undefined): ReleaseRecord =>
    current ?? newRecord(deps.releaseId, deps.context, at());
  try {
    await refuseOverNewer(deps, names);
    await deps.store.update(deps.releaseId, (cur) => {
      // Its record says what the rollback undid; a new run under the same id would mix into it.
      if (cur?.status === 'rolled-back') {
        throw new ReleaseError(
          `release ${deps.releaseId} was rolled back by ${cur.rolledBackBy ?? 'a rollback'}; give this run a release-id of its own (e.g. ${deps.releaseId}-2) and run it again; nothing was changed`,
        );
      }
      return withStep(fresh(cur), { command: deps.command, status: 'running' }, at());
    });
    deps.log.info(`release ${deps.releaseId}: recording ${target} in ${deps.store.uri}`);
    const step: ReleaseStep = {
      releaseId: deps.releaseId,
      get lost() {
        return locks.some((l) => l.lost);
      },
      record: async (change) => {
        // A change is recorded just before it is made: with the lock gone, it must not be made.
        const gone = locks.find((l) => l.lost);
        if (gone) {
          throw new ReleaseError(
            `the lock on ${gone.target} was lost (another run may be changing it); stopped before changing it`,
          );
        }
        await deps.store.update(deps.releaseId, (cur) => withChange(fresh(cur), change, at()));
      },
    };
    let result: T;
    try {
      result = await work(step);
    } catch (err) {
      await deps.store
        .update(deps.releaseId, (cur) =>
          withStep(fresh(cur), { command: deps.command, status: 'failed', error: errorMessage(err) }, at()),
        )
        .catch((e: unknown) => deps.log.warn(`could not record the failure in the release record: ${errorMessage(e)}`));
      throw err;
    }
    await deps.store.update(deps.releaseId, (cur) =>
      withStep(fresh(cur), { command: deps.command, status: 'succeeded' }, at()),
    );
    return result;
  } finally {
    await releaseAll();
  }
}

/** Records written a little before a release started may still be newer: runners' clocks differ. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A later step of a release (its record exists) stops when a release that started after it has changed
 * one of its targets meanwhile (two tags pushed a minute apart, the second overtaking the first): going on
 * would leave the targets half one release, half the other. The newer release wins.
 */
async function refuseOverNewer(deps: ReleaseStepDeps, targets: string[]): Promise<void> {
  const mine = (await deps.store.read(deps.releaseId))?.record;
  // A first step has nothing to be overtaken in; a rolled-back id is refused on its own (below).
  if (!mine || mine.status === 'rolled-back') return;
  const since = new Date(Date.parse(mine.startedAt) - CLOCK_SKEW_MS);
  const newer = newerOnTargets(await deps.store.list(undefined, since), mine, targets);
  const first = newer[0];
  if (!first) return;
  const error = new ReleaseError(
    `${first.target} was changed by release ${first.id}, which started after ${deps.releaseId}: a release never goes over a newer one, so that no target ends half one release, half the other; nothing was changed (to deploy ${deps.releaseId} anyway, run it again with a release-id of its own)`,
  );
  await deps.store.update(deps.releaseId, (cur) =>
    withStep(cur ?? mine, { command: deps.command, status: 'failed', error: error.message }, new Date(deps.now())),
  );
  throw error;
}

/** What a command hands its release steps: the store (on its own S3 client unless one is given) and the lock settings. */
export type ReleaseSettings = Omit<ReleaseStepDeps, 'command' | 'context' | 'log' | 'sleep'>;

export async function releaseSettings(
  release: ReleaseOptions,
  target: AwsTarget,
  sleep: (ms: number) => Promise<void>,
  s3?: StoreClient,
  log?: Log,
): Promise<ReleaseSettings> {
  let client = s3;
  if (!client) {
    const { S3 } = await import('@aws-sdk/client-s3');
    client = new S3({ ...clientConfig(target, { s3: true }), followRegionRedirects: true });
  }
  // A step that records makes the default store when it is missing.
  const store = await openStore(release.store, target, client, { create: true, log: (l) => log?.info(l), sleep });
  return {
    store,
    releaseId: release.id,
    now: Date.now,
    lockTimeoutMs: release.lockTimeoutSeconds * 1000,
    lockTtlMs: release.lockTtlSeconds * 1000,
  };
}
