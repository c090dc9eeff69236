import type { HealthCheckInputs } from '../definitions/health-check.js';
import { checkHealth, describeCriteria } from '../health/check.js';
import { ReleaseError } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';

export interface HealthCheckDeps {
  host: Host;
  /** The clock the deadline is measured on; tests pair it with a sleep that advances it. */
  now?: () => number;
  fetchImpl?: typeof fetch;
  /** Per-request limit; 10 s (or the whole timeout when shorter) by default. */
  requestTimeoutMs?: number;
}

export async function run(inputs: HealthCheckInputs, host: Host): Promise<Record<string, string>> {
  return execute(inputs, { host });
}

export async function execute(inputs: HealthCheckInputs, deps: HealthCheckDeps): Promise<Record<string, string>> {
  const { host } = deps;
  const criteria = {
    status: inputs.expectedStatus,
    ...(inputs.bodyContains !== undefined ? { bodyContains: inputs.bodyContains } : {}),
    successes: inputs.successes,
  };
  host.log.info(
    `checking ${inputs.url}: expecting ${describeCriteria(criteria)}, every ${inputs.interval} s for up to ${inputs.timeout} s`,
  );
  const timeoutMs = Math.round(inputs.timeout * 1000);
  const result = await checkHealth(inputs.url, {
    ...criteria,
    timeoutMs,
    intervalMs: Math.round(inputs.interval * 1000),
    now: deps.now ?? Date.now,
    sleep: (ms) => host.sleep(ms),
    log: (m) => host.log.info(m),
    requestTimeoutMs: deps.requestTimeoutMs ?? Math.min(10000, Math.max(1000, timeoutMs)),
    ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
  });
  // The failure's message is the last line the run wrapper prints; a success ends on the same kind of line.
  if (!result.healthy) throw new ReleaseError(result.summary);
  host.log.info(result.summary);
  return { healthy: 'true', requests: String(result.requests), 'last-status': result.last };
}
