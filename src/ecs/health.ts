/** The post-deploy health check: poll a URL until it answers 2xx, within its own deadline. */
import { ReleaseError } from '../runtime/errors.js';

export interface HealthOptions {
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (m: string) => void;
  /** Per-request limit, so that one hanging connection cannot eat the whole deadline. */
  requestTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** Returns the number of requests it took; throws ReleaseError with the last answer at the deadline. */
export async function waitForHealthy(url: string, o: HealthOptions): Promise<number> {
  const doFetch = o.fetchImpl ?? fetch;
  const deadline = o.now() + o.timeoutMs;
  let last = '';
  for (let attempt = 1; ; attempt++) {
    const left = deadline - o.now();
    try {
      const res = await doFetch(url, {
        redirect: 'follow',
        signal: AbortSignal.timeout(Math.max(1000, Math.min(o.requestTimeoutMs ?? 10000, left))),
        headers: { 'user-agent': 'aws-release-kit health check' },
      });
      // The body is not needed, but reading it frees the connection.
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        o.log(`health check ${url}: HTTP ${res.status} after ${attempt} request(s)`);
        return attempt;
      }
      last = `HTTP ${res.status}`;
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      last = cause?.code ?? cause?.message ?? (err as Error).message;
    }
    if (attempt === 1 || attempt % 5 === 0) o.log(`health check ${url}: ${last}; retrying`);
    const wait = Math.min(o.intervalMs, deadline - o.now());
    if (wait <= 0) {
      throw new ReleaseError(
        `health check ${url} did not answer 2xx within ${Math.round(o.timeoutMs / 1000)} s (last: ${last})`,
      );
    }
    await o.sleep(wait);
  }
}
