import { describe, expect, it } from '@jest/globals';
import { assess, FunctionNotReady, pollDelay, waitForFunction, type FunctionStatus } from '../../src/lambda/wait.js';

/** A read() that answers the scripted statuses in turn, then repeats the last one. */
function script(statuses: FunctionStatus[]): { read: () => Promise<FunctionStatus>; reads: () => number } {
  let n = 0;
  return {
    read: async () => statuses[Math.min(n++, statuses.length - 1)] ?? {},
    reads: () => n,
  };
}

describe('assess', () => {
  it('waits while the function is Pending or an update is InProgress, in both phases', () => {
    for (const phase of ['before', 'after'] as const) {
      expect(assess({ State: 'Pending' }, phase).kind).toBe('wait');
      expect(assess({ State: 'Active', LastUpdateStatus: 'InProgress' }, phase).kind).toBe('wait');
    }
  });

  it('before an update, a failed earlier update or an inactive function does not block', () => {
    expect(assess({ State: 'Active', LastUpdateStatus: 'Failed' }, 'before').kind).toBe('ready');
    expect(assess({ State: 'Inactive', LastUpdateStatus: 'Successful' }, 'before').kind).toBe('ready');
  });

  it('after an update, reports LastUpdateStatusReason of a failed update', () => {
    expect(
      assess(
        {
          State: 'Active',
          LastUpdateStatus: 'Failed',
          LastUpdateStatusReason: 'Unzipped size must be smaller than 262144000 bytes',
          LastUpdateStatusReasonCode: 'InvalidCodeSize',
        },
        'after',
      ),
    ).toEqual({ kind: 'failed', reason: 'Unzipped size must be smaller than 262144000 bytes (InvalidCodeSize)' });
    expect(assess({ State: 'Failed', StateReason: 'role gone' }, 'after')).toEqual({
      kind: 'failed',
      reason: 'role gone',
    });
  });

  it('after an update, ready only when Active and Successful (or never updated)', () => {
    expect(assess({ State: 'Active', LastUpdateStatus: 'Successful' }, 'after').kind).toBe('ready');
    expect(assess({ State: 'Active' }, 'after').kind).toBe('ready');
    expect(assess({ State: 'Inactive', LastUpdateStatus: 'Successful' }, 'after').kind).toBe('wait');
  });
});

describe('waitForFunction', () => {
  it('polls through host.sleep until the update settles', async () => {
    const slept: number[] = [];
    const s = script([
      { State: 'Active', LastUpdateStatus: 'InProgress' },
      { State: 'Active', LastUpdateStatus: 'InProgress' },
      { State: 'Active', LastUpdateStatus: 'Successful' },
    ]);
    const waits: string[] = [];
    const status = await waitForFunction(s.read, {
      phase: 'after',
      maxWaitMs: 60_000,
      sleep: async (ms) => void slept.push(ms),
      onWait: (why) => waits.push(why),
    });
    expect(status.LastUpdateStatus).toBe('Successful');
    expect(s.reads()).toBe(3);
    expect(slept).toEqual([1000, 2000]);
    expect(waits).toEqual(['LastUpdateStatus is InProgress', 'LastUpdateStatus is InProgress']);
  });

  it('throws the failure reason', async () => {
    const s = script([
      { State: 'Pending' },
      { State: 'Failed', StateReason: 'The image manifest is invalid', StateReasonCode: 'ImageAccessDenied' },
    ]);
    await expect(
      waitForFunction(s.read, { phase: 'after', maxWaitMs: 60_000, sleep: async () => undefined }),
    ).rejects.toThrow(new FunctionNotReady('The image manifest is invalid (ImageAccessDenied)'));
  });

  it('gives up after maxWaitMs of sleeping, saying why', async () => {
    const slept: number[] = [];
    const s = script([{ State: 'Active', LastUpdateStatus: 'InProgress' }]);
    await expect(
      waitForFunction(s.read, { phase: 'before', maxWaitMs: 20_000, sleep: async (ms) => void slept.push(ms) }),
    ).rejects.toThrow(/still not ready after 20 s \(LastUpdateStatus is InProgress\)/);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(20_000);
  });

  it('backs off to one poll every 5 seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(pollDelay)).toEqual([1000, 2000, 3000, 4000, 5000, 5000, 5000]);
  });
});
