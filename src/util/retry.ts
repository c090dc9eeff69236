/**
 * The one retry idiom of the toolkit. Attempts are counted from 1 (the first try); `attempts` is the
 * total number of tries. Every retry is logged once, with the reason and the wait.
 */
export interface RetryPolicy {
  /** Total tries, the first included (at least 1). */
  attempts: number;
  /** The first wait's ceiling; it doubles per retry up to maxMs (full jitter: a random wait below it). */
  baseMs: number;
  maxMs: number;
}

export interface RetryOptions extends RetryPolicy {
  /** Whether this error is worth another try; `attempt` is the try that just failed. */
  retryable: (err: unknown, attempt: number) => boolean;
  sleep: (ms: number) => Promise<void>;
  /** One line per retry, e.g. host.log.warn. */
  log?: (line: string) => void;
  /** A wait the answer asked for (Retry-After, retry_after); the backoff is used when undefined. */
  waitFor?: (err: unknown, attempt: number) => number | undefined;
  /** Describes the error in the retry line; errorMessage by default. */
  describe?: (err: unknown) => string;
  random?: () => number;
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random = Math.random) {
  return Math.floor(random() * Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1)));
}

/**
 * Runs fn until it succeeds, the error is not retryable, or the tries run out; then the last error is
 * thrown as it was. fn gets the number of the try (1, 2, ...).
 */
export async function retry<T>(what: string, fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const attempts = Math.max(1, o.attempts);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || !o.retryable(err, attempt)) throw err;
      const wait = o.waitFor?.(err, attempt) ?? backoffDelay(attempt, o, o.random);
      const why = (o.describe ?? describeError)(err);
      o.log?.(`${what} failed (${why}); retry ${attempt} of ${attempts - 1} in ${formatWait(wait)}`);
      await o.sleep(wait);
    }
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
}
