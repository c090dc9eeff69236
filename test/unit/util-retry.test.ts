import { describe, expect, it } from '@jest/globals';
import { backoffDelay, retry } from '../../src/util/retry.js';
import { connectionCode, errorName, httpStatus, isAwsError, isTransient } from '../../src/util/aws-errors.js';

const awsError = (name: string, status?: number): Error =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });

describe('retry', () => {
  const policy = { attempts: 3, baseMs: 100, maxMs: 1000, random: () => 0.5 };

  it('tries until fn succeeds, counting tries from 1, one log line and one sleep per retry', async () => {
    const seen: number[] = [];
    const slept: number[] = [];
    const lines: string[] = [];
    const value = await retry(
      'upload of a.txt',
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw awsError('SlowDown', 503);
        return 'done';
      },
      { ...policy, retryable: isTransient, sleep: async (ms) => void slept.push(ms), log: (l) => lines.push(l) },
    );
    expect(value).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    expect(slept).toEqual([50, 100]);
    expect(lines).toEqual([
      'upload of a.txt failed (SlowDown happened); retry 1 of 2 in 50 ms',
      'upload of a.txt failed (SlowDown happened); retry 2 of 2 in 100 ms',
    ]);
  });

  it('throws the last error as it was when the tries run out, and at once when it is not retryable', async () => {
    let calls = 0;
    const last = awsError('ThrottlingException', 400);
    await expect(
      retry('x', async () => ((calls += 1), Promise.reject(last)), {
        ...policy,
        retryable: () => true,
        sleep: async () => {},
      }),
    ).rejects.toBe(last);
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      retry('x', async () => ((calls += 1), Promise.reject(awsError('AccessDenied', 403))), {
        ...policy,
        retryable: isTransient,
        sleep: async () => {},
      }),
    ).rejects.toThrow('AccessDenied happened');
    expect(calls).toBe(1);
  });

  it('waits what the answer asked for when waitFor names it', async () => {
    const slept: number[] = [];
    let first = true;
    await retry(
      'x',
      async () => {
        if (first) {
          first = false;
          throw new Error('429');
        }
      },
      { ...policy, retryable: () => true, waitFor: () => 4321, sleep: async (ms) => void slept.push(ms) },
    );
    expect(slept).toEqual([4321]);
  });

  it('backoff doubles from base up to max, with full jitter', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, { baseMs: 100, maxMs: 1000 }, () => 0.999))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000 }, () => 0)).toBe(0);
  });
});

describe('AWS error matcher', () => {
  it('names SDK errors by their code and reads their HTTP status', () => {
    const err = awsError('ResourceNotFoundException', 404);
    expect(errorName(err)).toBe('ResourceNotFoundException');
    expect(isAwsError(err, 'ConflictException', 'ResourceNotFoundException')).toBe(true);
    expect(isAwsError(err, 'ConflictException')).toBe(false);
    expect(httpStatus(err)).toBe(404);
    expect(isAwsError(undefined, 'X')).toBe(false);
    expect(isAwsError('text', 'X')).toBe(false);
  });

  it('transient: throttling, 429, 5xx and dropped connections; not 4xx', () => {
    expect(isTransient(awsError('ThrottlingException', 400))).toBe(true);
    expect(isTransient(awsError('InternalError', 500))).toBe(true);
    expect(isTransient(awsError('Whatever', 429))).toBe(true);
    expect(isTransient(awsError('ValidationException', 400))).toBe(false);
    const dropped = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    expect(connectionCode(dropped)).toBe('ECONNRESET');
    expect(isTransient(dropped)).toBe(true);
    expect(isTransient(new Error('plain'))).toBe(false);
  });
});
