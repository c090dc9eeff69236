/**
 * The health check: poll a URL until it answers as expected (status codes, optionally a text in the
 * body) a number of times in a row, within its own deadline. Used by the health-check command (after
 * any step, or in an appspec ValidateService hook on the instance) and by ecs-deploy.
 */
import { ReleaseError } from '../runtime/errors.js';
import { connectionCode, errorName } from '../util/aws-errors.js';

/** An inclusive range of HTTP status codes; a single code is a range of one. */
export interface StatusRange {
  from: number;
  to: number;
}

export interface HealthCriteria {
  /** Accepted status codes; 2xx when absent. */
  status?: readonly StatusRange[];
  /** Text the body must contain (case-sensitive). */
  bodyContains?: string;
  /** Consecutive good answers needed; 1 when absent. */
  successes?: number;
}

export const DEFAULT_2XX: readonly StatusRange[] = [{ from: 200, to: 299 }];

/**
 * Parses "200-399", "200,204", "2xx", one or several separated by commas, spaces or lines.
 * Returns the ranges, or the problem as text (the caller names the input).
 */
export function parseStatusRanges(text: string): StatusRange[] | string {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.length) return 'is empty';
  const out: StatusRange[] = [];
  for (const p of parts) {
    let m: RegExpExecArray | null;
    if ((m = /^([1-5])xx$/i.exec(p))) {
      const h = Number(m[1]) * 100;
      out.push({ from: h, to: h + 99 });
    } else if ((m = /^(\d{3})-(\d{3})$/.exec(p))) {
      const from = Number(m[1]);
      const to = Number(m[2]);
      if (from > to) return `"${p}" is a range that ends before it starts`;
      out.push({ from, to });
    } else if (/^\d{3}$/.test(p)) {
      out.push({ from: Number(p), to: Number(p) });
    } else {
      return `"${p}" is not a status code (200), a range (200-399) or a class (2xx)`;
    }
  }
  const bad = out.find((r) => r.from < 100 || r.to > 599);
  if (bad) return `${bad.from}-${bad.to} is outside the HTTP status codes 100-599`;
  return out;
}

/** "2xx", "200-399", "200, 204". */
export function describeRanges(ranges: readonly StatusRange[]): string {
  return ranges
    .map((r) =>
      r.from === r.to
        ? String(r.from)
        : r.from % 100 === 0 && r.to === r.from + 99
          ? `${r.from / 100}xx`
          : `${r.from}-${r.to}`,
    )
    .join(', ');
}

export function statusMatches(status: number, ranges: readonly StatusRange[]): boolean {
  return ranges.some((r) => status >= r.from && status <= r.to);
}

/** What one request saw, in words, and whether it counts as healthy. */
export interface Observation {
  healthy: boolean;
  seen: string;
}

/** Judges one answer against the criteria. Pure. */
export function judge(status: number, body: string | undefined, c: HealthCriteria): Observation {
  const ranges = c.status ?? DEFAULT_2XX;
  if (!statusMatches(status, ranges)) return { healthy: false, seen: `HTTP ${status}` };
  if (c.bodyContains !== undefined && !(body ?? '').includes(c.bodyContains)) {
    return { healthy: false, seen: `HTTP ${status} without ${JSON.stringify(c.bodyContains)} in the body` };
  }
  return { healthy: true, seen: `HTTP ${status}` };
}

/** "no answer within 5 s", "connection refused (ECONNREFUSED)", the error otherwise. */
export function describeFetchError(err: unknown, requestTimeoutMs: number): string {
  const name = errorName(err);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `no answer within ${formatSeconds(requestTimeoutMs)}`;
  }
  const code = connectionCode(err);
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (code) return code;
  const cause = (err as { cause?: { message?: string } }).cause;
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** "5 s", "1.5 s", "50 ms". */
export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** What the criteria ask, for the log: "2xx", "200-399 with "ok" in the body, 3 times in a row". */
export function describeCriteria(c: HealthCriteria): string {
  let text = describeRanges(c.status ?? DEFAULT_2XX);
  if (c.bodyContains !== undefined) text += ` with ${JSON.stringify(c.bodyContains)} in the body`;
  if ((c.successes ?? 1) > 1) text += `, ${c.successes} times in a row`;
  return text;
}

export interface HealthOptions extends HealthCriteria {
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (m: string) => void;
  /** Per-request limit, so that one hanging connection cannot eat the whole deadline (10 s by default). */
  requestTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export interface HealthResult {
  healthy: boolean;
  requests: number;
  /** What the last request saw. */
  last: string;
  /** The line to end on: what it saw, healthy or not. */
  summary: string;
}

/** Only the start of a body is read: enough for a status page, bounded for anything else. */
const BODY_LIMIT = 64 * 1024;

async function readSome(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  return text.slice(0, BODY_LIMIT);
}

/**
 * Polls until `successes` consecutive answers meet the criteria, or the deadline passes. Never
 * throws for an unhealthy URL: the result says what was seen (the caller decides what failing means).
 */
export async function checkHealth(url: string, o: HealthOptions): Promise<HealthResult> {
  const doFetch = o.fetchImpl ?? fetch;
  const needed = Math.max(1, o.successes ?? 1);
  const wanted = describeCriteria(o);
  const deadline = o.now() + o.timeoutMs;
  let streak = 0;
  let last = '';
  for (let attempt = 1; ; attempt++) {
    const left = deadline - o.now();
    const limit = Math.min(o.requestTimeoutMs ?? 10000, Math.max(left, 1000));
    let seen: Observation;
    try {
      const res = await doFetch(url, {
        redirect: 'follow',
        signal: AbortSignal.timeout(limit),
        headers: { 'user-agent': 'aws-release-kit health check' },
      });
      // Reading the body also frees the connection when it is not needed.
      const body = await readSome(res);
      seen = judge(res.status, body, o);
    } catch (err) {
      seen = { healthy: false, seen: describeFetchError(err, limit) };
    }
    last = seen.seen;
    streak = seen.healthy ? streak + 1 : 0;
    if (streak >= needed) {
      const inARow = needed > 1 ? `, ${needed} times in a row` : '';
      return {
        healthy: true,
        requests: attempt,
        last,
        summary: `health check ${url}: ${last}${inARow} after ${attempt} request(s)`,
      };
    }
    if (!seen.healthy && (attempt === 1 || attempt % 5 === 0)) o.log(`health check ${url}: ${last}; retrying`);
    const wait = Math.min(o.intervalMs, deadline - o.now());
    if (wait <= 0) {
      return {
        healthy: false,
        requests: attempt,
        last,
        summary: `health check ${url} did not answer ${wanted} within ${formatSeconds(o.timeoutMs)} (last: ${last}), ${attempt} request(s)`,
      };
    }
    await o.sleep(wait);
  }
}

/**
 * checkHealth for callers that treat an unhealthy URL as the end of the step (ecs-deploy): logs the
 * result and returns the number of requests, or throws ReleaseError with what was seen last.
 */
export async function waitForHealthy(url: string, o: HealthOptions): Promise<number> {
  const result = await checkHealth(url, o);
  if (!result.healthy) throw new ReleaseError(result.summary);
  o.log(result.summary);
  return result.requests;
}
