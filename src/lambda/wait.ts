/**
 * Waiting for a Lambda function to settle. Lambda refuses a second update while one is in progress
 * (ResourceConflictException), and applies updates asynchronously: the call returns before the
 * function is ready. So every update is preceded and followed by a wait on State/LastUpdateStatus.
 */

/** The part of FunctionConfiguration the wait reads (the SDK type fits it structurally). */
export interface FunctionStatus {
  State?: string;
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus?: string;
  LastUpdateStatusReason?: string;
  LastUpdateStatusReasonCode?: string;
}

/**
 * before: no update is running, so a new one may start.
 * after: the update (or creation) we just made has finished successfully.
 */
export type WaitPhase = 'before' | 'after';

export type Verdict = { kind: 'ready' } | { kind: 'wait'; why: string } | { kind: 'failed'; reason: string };

function reasonOf(reason: string | undefined, code: string | undefined, fallback: string): string {
  const text = reason?.trim() || fallback;
  return code ? `${text} (${code})` : text;
}

/** Decides from one read of the function's status. Pure. */
export function assess(status: FunctionStatus, phase: WaitPhase): Verdict {
  const state = status.State;
  const update = status.LastUpdateStatus;
  if (state === 'Pending') return { kind: 'wait', why: 'State is Pending' };
  if (update === 'InProgress') return { kind: 'wait', why: 'LastUpdateStatus is InProgress' };
  if (phase === 'before') {
    // A function left Failed or Inactive by earlier events can still take an update (which is
    // how it gets repaired or reactivated); only an update in flight must be waited out.
    return { kind: 'ready' };
  }
  if (update === 'Failed') {
    return {
      kind: 'failed',
      reason: reasonOf(status.LastUpdateStatusReason, status.LastUpdateStatusReasonCode, 'the update failed'),
    };
  }
  if (state === 'Failed') {
    return { kind: 'failed', reason: reasonOf(status.StateReason, status.StateReasonCode, 'the function failed') };
  }
  // Inactive right after an update means Lambda has not started the reactivation yet.
  if (state !== undefined && state !== 'Active') return { kind: 'wait', why: `State is ${state}` };
  // LastUpdateStatus is absent on a function that was never updated; its State alone decides.
  if (update !== undefined && update !== 'Successful') return { kind: 'wait', why: `LastUpdateStatus is ${update}` };
  return { kind: 'ready' };
}

/** Poll delays: quick at first (most updates settle in seconds), then every 5 s. */
export function pollDelay(attempt: number): number {
  return Math.min(1000 * (attempt + 1), 5000);
}

export interface WaitOptions {
  phase: WaitPhase;
  /** Total time spent sleeping before giving up (counted from the requested sleeps, not the clock). */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Called each time the wait goes on, with the reason. */
  onWait?: (why: string, waitedMs: number) => void;
}

export class FunctionNotReady extends Error {
  override readonly name = 'FunctionNotReady';
}

/**
 * Reads the status until it is ready for the phase. Throws FunctionNotReady with Lambda's own
 * reason when the update or the function failed, or when maxWaitMs of waiting did not suffice.
 */
export async function waitForFunction<S extends FunctionStatus>(
  read: () => Promise<S>,
  options: WaitOptions,
): Promise<S> {
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    const status = await read();
    const verdict = assess(status, options.phase);
    if (verdict.kind === 'ready') return status;
    if (verdict.kind === 'failed') throw new FunctionNotReady(verdict.reason);
    if (waited >= options.maxWaitMs) {
      throw new FunctionNotReady(`still not ready after ${Math.round(waited / 1000)} s (${verdict.why})`);
    }
    const delay = pollDelay(attempt);
    options.onWait?.(verdict.why, waited);
    await options.sleep(delay);
    waited += delay;
  }
}
