import { ReleaseError } from '../runtime/errors.js';
/**
 * The configuration half of a Lambda deployment as pure functions: what the user asked for, what
 * the function has, and the smallest update that turns one into the other.
 */

export type Architecture = 'x86_64' | 'arm64';
export type EnvironmentMode = 'merge' | 'replace';

/** Only the fields the user gave are set; an absent field is never touched. */
export interface DesiredConfig {
  handler?: string;
  runtime?: string;
  memorySize?: number;
  timeout?: number;
  architecture?: Architecture;
  layers?: string[];
  description?: string;
  environment?: Record<string, string>;
  environmentMode: EnvironmentMode;
}

/** The part of Lambda's FunctionConfiguration read here (the SDK type fits it structurally). */
export interface CurrentConfig {
  Handler?: string;
  Runtime?: string;
  MemorySize?: number;
  Timeout?: number;
  Architectures?: string[];
  Layers?: { Arn?: string }[];
  Description?: string;
  /** Error is set instead of Variables when Lambda could not decrypt them for the caller. */
  Environment?: { Variables?: Record<string, string>; Error?: { ErrorCode?: string; Message?: string } };
  CodeSha256?: string;
}

/** The body of UpdateFunctionConfiguration, with only the fields that must change. */
export interface ConfigurationUpdate {
  Handler?: string;
  Runtime?: string;
  MemorySize?: number;
  Timeout?: number;
  Layers?: string[];
  Description?: string;
  Environment?: { Variables: Record<string, string> };
}

export interface EnvironmentChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface ConfigPlan {
  /** Empty when no UpdateFunctionConfiguration call is needed. */
  update: ConfigurationUpdate;
  /** Lambda takes the architecture with the code (UpdateFunctionCode), not with the configuration. */
  architecture?: Architecture;
  /** One line per changed field, for the log; environment values are never shown. */
  lines: string[];
}

/** Lambda's own defaults, which GetFunction may leave out. */
const DEFAULTS = { MemorySize: 128, Timeout: 3, Description: '', Architecture: 'x86_64' };

/** Names Lambda reserves; setting one is rejected by the API, so it is refused before any call. */
export const RESERVED_ENVIRONMENT_KEYS = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** Lambda's limit on the total size of a function's variables (keys and values). */
export const ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * The variables the function should end up with. merge: the current ones with the given ones laid
 * over them (nothing is removed); replace: exactly the given ones.
 */
export function mergeEnvironment(
  current: Record<string, string> | undefined,
  given: Record<string, string>,
  mode: EnvironmentMode,
): Record<string, string> {
  return mode === 'replace' ? { ...given } : { ...(current ?? {}), ...given };
}

export function environmentChanges(
  before: Record<string, string> | undefined,
  after: Record<string, string>,
): EnvironmentChanges {
  const b = before ?? {};
  const added: string[] = [];
  const changed: string[] = [];
  for (const [k, v] of Object.entries(after)) {
    if (!(k in b)) added.push(k);
    else if (b[k] !== v) changed.push(k);
  }
  const removed = Object.keys(b).filter((k) => !(k in after));
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}

/** Size as Lambda counts it: the UTF-8 bytes of every key and value. */
export function environmentSize(vars: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(vars)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

const show = (v: unknown): string => (v === undefined || v === '' ? '(none)' : JSON.stringify(v));
const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Compares what was asked for with what the function has; fields not asked for are left alone. */
export function planConfiguration(current: CurrentConfig, desired: DesiredConfig): ConfigPlan {
  const update: ConfigurationUpdate = {};
  const lines: string[] = [];
  const scalar = <K extends 'Handler' | 'Runtime' | 'MemorySize' | 'Timeout' | 'Description'>(
    key: K,
    label: string,
    want: ConfigurationUpdate[K] | undefined,
    fallback?: ConfigurationUpdate[K],
  ): void => {
    if (want === undefined) return;
    const have = current[key] ?? fallback;
    if (have === want) return;
    update[key] = want;
    lines.push(`${label}: ${show(have)} → ${show(want)}`);
  };
  scalar('Handler', 'handler', desired.handler);
  scalar('Runtime', 'runtime', desired.runtime);
  scalar('MemorySize', 'memory-size', desired.memorySize, DEFAULTS.MemorySize);
  scalar('Timeout', 'timeout', desired.timeout, DEFAULTS.Timeout);
  scalar('Description', 'description', desired.description, DEFAULTS.Description);

  if (desired.layers) {
    const have = (current.Layers ?? []).map((l) => l.Arn ?? '');
    if (!sameList(have, desired.layers)) {
      update.Layers = [...desired.layers];
      lines.push(`layers: ${show(have.length ? have : undefined)} → ${show(desired.layers)}`);
    }
  }

  let architecture: Architecture | undefined;
  if (desired.architecture) {
    const have = current.Architectures?.[0] ?? DEFAULTS.Architecture;
    if (have !== desired.architecture) {
      architecture = desired.architecture;
      lines.push(`architectures: ${have} → ${desired.architecture}`);
    }
  }

  // Environment is sent only when asked for AND the result differs: sending it replaces every
  // variable, so an unneeded call could only lose a variable set by someone else meanwhile.
  if (desired.environment) {
    // Lambda answers Environment.Error (no Variables) when it cannot decrypt them for us, e.g. a customer
    // managed KMS key the deploy role may not use. Merging into "nothing" would wipe every variable.
    const unreadable = current.Environment?.Error;
    if (unreadable && desired.environmentMode === 'merge') {
      throw new ReleaseError(
        `cannot read the function's environment variables (${unreadable.ErrorCode ?? 'error'}: ${unreadable.Message ?? 'no message'}), so they cannot be merged without losing some; grant kms:Decrypt on the function's key, or use environment-mode: replace`,
      );
    }
    const before = current.Environment?.Variables;
    const after = mergeEnvironment(before, desired.environment, desired.environmentMode);
    const diff = environmentChanges(before, after);
    if (diff.added.length || diff.changed.length || diff.removed.length) {
      update.Environment = { Variables: after };
      const parts = [
        ...diff.added.map((k) => `+${k}`),
        ...diff.changed.map((k) => `~${k}`),
        ...diff.removed.map((k) => `-${k}`),
      ];
      lines.push(`environment (${desired.environmentMode}): ${parts.join(' ')}`);
    }
  }

  return { update, architecture, lines };
}

export function isEmptyUpdate(update: ConfigurationUpdate): boolean {
  return Object.keys(update).length === 0;
}

/**
 * Whether a published version has the same code and configuration as $LATEST, i.e. publishing
 * again would add nothing. Compares every field this command manages.
 */
export function sameDeployment(latest: CurrentConfig, version: CurrentConfig): boolean {
  const env = (c: CurrentConfig): string => {
    const vars = c.Environment?.Variables ?? {};
    return JSON.stringify(
      Object.keys(vars)
        .sort()
        .map((k) => [k, vars[k]]),
    );
  };
  const layers = (c: CurrentConfig): string[] => (c.Layers ?? []).map((l) => l.Arn ?? '');
  return (
    latest.CodeSha256 === version.CodeSha256 &&
    latest.Handler === version.Handler &&
    latest.Runtime === version.Runtime &&
    (latest.MemorySize ?? DEFAULTS.MemorySize) === (version.MemorySize ?? DEFAULTS.MemorySize) &&
    (latest.Timeout ?? DEFAULTS.Timeout) === (version.Timeout ?? DEFAULTS.Timeout) &&
    (latest.Description ?? '') === (version.Description ?? '') &&
    (latest.Architectures?.[0] ?? DEFAULTS.Architecture) === (version.Architectures?.[0] ?? DEFAULTS.Architecture) &&
    sameList(layers(latest), layers(version)) &&
    env(latest) === env(version)
  );
}
