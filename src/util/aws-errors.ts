/**
 * The one way to ask what an AWS SDK (or fetch) error is. SDK v3 errors carry the service's error
 * code as `name` and the HTTP status in `$metadata.httpStatusCode`; fetch failures carry a `cause`
 * with a system error code.
 */
interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { statusCode?: unknown };
  status?: unknown;
  cause?: unknown;
}

const shape = (err: unknown): ErrorShape => (typeof err === 'object' && err !== null ? (err as ErrorShape) : {});

/** The error's code: the AWS error name (`ResourceNotFoundException`), else a Node `code`. */
export function errorName(err: unknown): string | undefined {
  const e = shape(err);
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  if (typeof e.code === 'string') return e.code;
  return typeof e.name === 'string' ? e.name : undefined;
}

/** True when the error's name is one of `names`. */
export function isAwsError(err: unknown, ...names: string[]): boolean {
  const name = errorName(err);
  return name !== undefined && names.includes(name);
}

/** The HTTP status behind the error, when an answer came back at all. */
export function httpStatus(err: unknown): number | undefined {
  const e = shape(err);
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode ?? e.status;
  return typeof status === 'number' ? status : undefined;
}

/** The low-level reason of a failed connection (ECONNREFUSED, ETIMEDOUT, UND_ERR_SOCKET ...). */
export function connectionCode(err: unknown): string | undefined {
  const cause = shape(shape(err).cause);
  if (typeof cause.code === 'string') return cause.code;
  const code = shape(err).code;
  return typeof code === 'string' && /^E[A-Z]+$|^UND_ERR/.test(code) ? code : undefined;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);

/** Throttling, a 5xx answer, or no answer at all: worth another try. */
export function isTransient(err: unknown): boolean {
  const name = errorName(err);
  if (name && THROTTLING.has(name)) return true;
  const status = httpStatus(err);
  if (status !== undefined) return status === 429 || status >= 500;
  return connectionCode(err) !== undefined || name === 'TimeoutError' || name === 'AbortError';
}
