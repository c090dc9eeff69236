/**
 * One JSON POST to a webhook, with the retries a chat webhook needs: rate limits (429) are waited
 * out for as long as the server asks, server errors (5xx) and dropped connections are retried a
 * few times with backoff, and every other answer (400, 401, 403, 404...) fails at once.
 *
 * Webhook URLs are secrets: no message made here contains the URL, only the webhook's label
 * ("Discord webhook #2").
 */
import type { Log } from '../runtime/host.js';
import { retry } from '../util/retry.js';
import { isAwsError } from '../util/aws-errors.js';

export interface HttpDeps {
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  log: Log;
}

export interface RetryPolicy {
  /** Names the webhook in logs and errors, never its URL. */
  label: string;
  /** Retries after a 5xx answer or a dropped connection. */
  serverRetries: number;
  /** First wait after a 5xx; doubled each time. */
  serverBackoffMs: number;
  /** 429 answers waited out for one request before giving up. */
  rateLimitRetries: number;
  /** A 429 that asks for a longer wait than this fails instead. */
  maxRateLimitWaitMs: number;
  /** The wait after a 429 that does not say how long (an HTML page from a proxy). */
  fallbackRateLimitWaitMs: number;
  /** The unit of `retry_after` in a 429's JSON body (Discord: seconds from API v8 on); seconds by default. */
  retryAfterUnit?: 'seconds' | 'milliseconds';
  /** Per-request time limit. */
  timeoutMs: number;
  /** Reads the service's error body: "code 10015: Unknown Webhook". */
  describeError(status: number, body: string): string;
}

export interface PostResult {
  status: number;
  headers: Headers;
  body: string;
}

/** A webhook call that failed for good; the message is safe to print. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The wait a 429 asks for, in ms: `retry_after` in a JSON body (in `retryAfterUnit`, seconds by
 * default), else the Retry-After header (seconds or an HTTP date), else undefined.
 */
export function rateLimitWait(
  headers: Headers,
  body: string,
  options: { retryAfterUnit?: 'seconds' | 'milliseconds'; now?: number } = {},
): number | undefined {
  try {
    const json = JSON.parse(body) as { retry_after?: unknown };
    if (typeof json.retry_after === 'number' && json.retry_after >= 0) {
      return Math.ceil(options.retryAfterUnit === 'milliseconds' ? json.retry_after : json.retry_after * 1000);
    }
  } catch {
    // Not JSON: a proxy's HTML page, read the header instead.
  }
  const header = headers.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - (options.now ?? Date.now()));
  }
  return undefined;
}

/** A short reason for a failed connection, without the address (which could carry the URL). */
function networkReason(err: unknown): string {
  // Duck-typed: fetch's errors may come from another realm (test runners), where instanceof fails.
  const e = (err ?? {}) as { cause?: { code?: unknown; errors?: Array<{ code?: unknown }> } };
  if (isAwsError(err, 'TimeoutError', 'AbortError')) return 'timed out';
  const code = e.cause?.code ?? e.cause?.errors?.[0]?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'connection failed';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
}

/** One try that did not get a 2xx: what happened, for the retry decision and the final message. */
class Attempt extends Error {
  override readonly name = 'Attempt';
  constructor(
    readonly kind: 'network' | 'rate-limited' | 'status',
    readonly reason: string,
    readonly status?: number,
    /** rate-limited: the wait asked for (ms), undefined when the answer did not say. */
    readonly asked?: number,
  ) {
    super(reason);
  }
}

export async function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string>,
  policy: RetryPolicy,
  deps: HttpDeps,
): Promise<PostResult> {
  const body = JSON.stringify(payload);
  // Rate limits and server faults have budgets of their own.
  let serverFailures = 0;
  let rateLimits = 0;
  let refusal: DeliveryError | undefined;
  let lastKind: Attempt['kind'] | undefined;
  const rateWait = (a: Attempt): number => a.asked ?? policy.fallbackRateLimitWaitMs;

  const once = async (): Promise<PostResult> => {
    let res: Response;
    try {
      res = await deps.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
    } catch (err) {
      throw new Attempt('network', networkReason(err));
    }
    const text = await res.text();
    if (res.ok) return { status: res.status, headers: res.headers, body: text };
    if (res.status === 429) {
      const asked = rateLimitWait(res.headers, text, { retryAfterUnit: policy.retryAfterUnit });
      throw new Attempt('rate-limited', 'rate limited', 429, asked);
    }
    throw new Attempt('status', policy.describeError(res.status, text), res.status);
  };

  /** Whether to try again; when not, `refusal` says why in the words of the final error. */
  const retryable = (err: unknown): boolean => {
    if (!(err instanceof Attempt)) return false;
    lastKind = err.kind;
    const label = policy.label;
    if (err.kind === 'rate-limited') {
      const wait = rateWait(err);
      if (rateLimits >= policy.rateLimitRetries) {
        refusal = new DeliveryError(`${label} kept answering 429 (rate limited) after ${rateLimits + 1} attempts`, 429);
        return false;
      }
      if (wait > policy.maxRateLimitWaitMs) {
        refusal = new DeliveryError(`${label} is rate limited for ${seconds(wait)}, longer than this step waits`, 429);
        return false;
      }
      rateLimits++;
      return true;
    }
    const detail = err.reason ? ` (${err.reason})` : '';
    if (err.kind === 'network' || (err.status ?? 0) >= 500) {
      if (serverFailures < policy.serverRetries) {
        serverFailures++;
        return true;
      }
      refusal =
        err.kind === 'network'
          ? new DeliveryError(`${label} could not be reached${detail} after ${serverFailures + 1} attempts`)
          : new DeliveryError(
              `${label} answered ${err.status}${detail} after ${serverFailures + 1} attempts`,
              err.status,
            );
      return false;
    }
    refusal = new DeliveryError(`${label} answered ${err.status}${detail}`, err.status);
    return false;
  };

  try {
    return await retry(policy.label, once, {
      attempts: policy.serverRetries + policy.rateLimitRetries + 1,
      baseMs: policy.serverBackoffMs,
      maxMs: policy.serverBackoffMs * 2 ** policy.serverRetries,
      retryable,
      // A 429 waits as long as it asks; a server fault waits the doubling backoff (no jitter).
      waitFor: (err) =>
        err instanceof Attempt && err.kind === 'rate-limited'
          ? rateWait(err)
          : policy.serverBackoffMs * 2 ** (serverFailures - 1),
      describe: (err) => {
        if (!(err instanceof Attempt)) return String(err);
        if (err.kind === 'rate-limited')
          return err.asked === undefined ? 'rate limited, no retry time given' : 'rate limited';
        if (err.kind === 'network') return `could not be reached: ${err.reason}`;
        return `answered ${err.status}${err.reason ? ` (${err.reason})` : ''}`;
      },
      sleep: deps.sleep,
      // Waiting out a rate limit is normal operation, not a warning.
      log: (line) => (lastKind === 'rate-limited' ? deps.log.info(line) : deps.log.warn(line)),
    });
  } catch (err) {
    if (refusal) throw refusal;
    throw err;
  }
}
