import type { ApplicationLogLevel, SystemLogLevel } from '@aws-sdk/client-lambda';
import { ReleaseError } from '../runtime/errors.js';
import { canonicalJson } from '../util/json.js';
/**
 * The configuration half of a Lambda deployment as pure functions: what the user asked for, what
 * the function has, and the smallest update that turns one into the other. Every field is compared
 * the way Lambda stores it (defaults filled in, lists that are sets sorted), so that asking for what
 * is already there sends nothing.
 */

export type Architecture = 'x86_64' | 'arm64';
export type EnvironmentMode = 'merge' | 'replace';
export type TracingMode = 'Active' | 'PassThrough';
export type SnapStartApplyOn = 'PublishedVersions' | 'None';
export type LogFormat = 'Text' | 'JSON';

export interface VpcConfig {
  SubnetIds: string[];
  SecurityGroupIds: string[];
  Ipv6AllowedForDualStack?: boolean;
}

export interface FileSystemConfig {
  Arn: string;
  LocalMountPath: string;
}

export interface ImageConfig {
  EntryPoint?: string[];
  Command?: string[];
  WorkingDirectory?: string;
}

export interface LoggingConfig {
  LogFormat?: LogFormat;
  ApplicationLogLevel?: ApplicationLogLevel;
  SystemLogLevel?: SystemLogLevel;
  LogGroup?: string;
}

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
  role?: string;
  kmsKeyArn?: string;
  ephemeralStorage?: number;
  vpcConfig?: VpcConfig;
  /** '' removes the dead-letter target. */
  deadLetterTarget?: string;
  tracingMode?: TracingMode;
  fileSystemConfigs?: FileSystemConfig[];
  imageConfig?: ImageConfig;
  snapStart?: SnapStartApplyOn;
  loggingConfig?: LoggingConfig;
}

/** The part of Lambda's FunctionConfiguration read here (the SDK type fits it structurally). */
export interface CurrentConfig {
  FunctionName?: string;
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
  Role?: string;
  KMSKeyArn?: string;
  EphemeralStorage?: { Size?: number };
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[]; Ipv6AllowedForDualStack?: boolean };
  DeadLetterConfig?: { TargetArn?: string };
  TracingConfig?: { Mode?: string };
  FileSystemConfigs?: { Arn?: string; LocalMountPath?: string }[];
  ImageConfigResponse?: { ImageConfig?: ImageConfig };
  SnapStart?: { ApplyOn?: string };
  LoggingConfig?: { LogFormat?: string; ApplicationLogLevel?: string; SystemLogLevel?: string; LogGroup?: string };
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
  Role?: string;
  KMSKeyArn?: string;
  EphemeralStorage?: { Size: number };
  VpcConfig?: VpcConfig;
  DeadLetterConfig?: { TargetArn: string };
  TracingConfig?: { Mode: TracingMode };
  FileSystemConfigs?: FileSystemConfig[];
  ImageConfig?: ImageConfig;
  SnapStart?: { ApplyOn: SnapStartApplyOn };
  LoggingConfig?: LoggingConfig;
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
export const DEFAULTS = {
  MemorySize: 128,
  Timeout: 3,
  Description: '',
  Architecture: 'x86_64',
  EphemeralStorage: 512,
  TracingMode: 'PassThrough',
  SnapStart: 'None',
  LogFormat: 'Text',
  LogLevel: 'INFO',
} as const;

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
const sorted = (xs: readonly string[] | undefined): string[] => [...(xs ?? [])].sort();

// ── Normal forms: what Lambda holds once it has applied a value, defaults filled in. ──

export function normalVpc(v: CurrentConfig['VpcConfig'] | undefined): VpcConfig {
  // Lambda keeps subnets and security groups as sets; a function outside any VPC reports empty lists.
  return {
    SubnetIds: sorted(v?.SubnetIds),
    SecurityGroupIds: sorted(v?.SecurityGroupIds),
    Ipv6AllowedForDualStack: v?.Ipv6AllowedForDualStack ?? false,
  };
}

export function normalFileSystems(fs: CurrentConfig['FileSystemConfigs'] | undefined): FileSystemConfig[] {
  return (fs ?? [])
    .map((f) => ({ Arn: f.Arn ?? '', LocalMountPath: f.LocalMountPath ?? '' }))
    .sort((a, b) => (a.Arn + a.LocalMountPath).localeCompare(b.Arn + b.LocalMountPath));
}

export function normalImageConfig(c: ImageConfig | undefined): Required<ImageConfig> {
  return { EntryPoint: c?.EntryPoint ?? [], Command: c?.Command ?? [], WorkingDirectory: c?.WorkingDirectory ?? '' };
}

/**
 * Lambda fills in the format (Text), the log group (/aws/lambda/NAME) and, for JSON, both levels
 * (INFO); levels do not apply to Text logs.
 */
export function normalLogging(c: CurrentConfig['LoggingConfig'] | undefined, functionName: string): LoggingConfig {
  const format = (c?.LogFormat ?? DEFAULTS.LogFormat) as LogFormat;
  return {
    LogFormat: format,
    LogGroup: c?.LogGroup || `/aws/lambda/${functionName}`,
    ...(format === 'JSON'
      ? {
          ApplicationLogLevel: (c?.ApplicationLogLevel ?? DEFAULTS.LogLevel) as ApplicationLogLevel,
          SystemLogLevel: (c?.SystemLogLevel ?? DEFAULTS.LogLevel) as SystemLogLevel,
        }
      : {}),
  };
}

/** One configuration field: how to read it from the function, and what to send for the wish. */
interface Field {
  label: string;
  /** The wish in normal form, or undefined when the user did not ask. */
  want(d: DesiredConfig, name: string): unknown;
  have(c: CurrentConfig, name: string): unknown;
  /** Puts the wish (as given, or completed where Lambda would otherwise keep an old part) into the update. */
  send(u: ConfigurationUpdate, d: DesiredConfig, name: string): void;
}

const FIELDS: Field[] = [
  {
    label: 'handler',
    want: (d) => d.handler,
    have: (c) => c.Handler,
    send: (u, d) => (u.Handler = d.handler),
  },
  {
    label: 'runtime',
    want: (d) => d.runtime,
    have: (c) => c.Runtime,
    send: (u, d) => (u.Runtime = d.runtime),
  },
  {
    label: 'memory-size',
    want: (d) => d.memorySize,
    have: (c) => c.MemorySize ?? DEFAULTS.MemorySize,
    send: (u, d) => (u.MemorySize = d.memorySize),
  },
  {
    label: 'timeout',
    want: (d) => d.timeout,
    have: (c) => c.Timeout ?? DEFAULTS.Timeout,
    send: (u, d) => (u.Timeout = d.timeout),
  },
  {
    label: 'description',
    want: (d) => d.description,
    have: (c) => c.Description ?? DEFAULTS.Description,
    send: (u, d) => (u.Description = d.description),
  },
  {
    label: 'role',
    want: (d) => d.role,
    have: (c) => c.Role,
    send: (u, d) => (u.Role = d.role),
  },
  {
    label: 'kms-key-arn',
    want: (d) => d.kmsKeyArn,
    have: (c) => c.KMSKeyArn ?? '',
    send: (u, d) => (u.KMSKeyArn = d.kmsKeyArn),
  },
  {
    label: 'ephemeral-storage',
    want: (d) => d.ephemeralStorage,
    have: (c) => c.EphemeralStorage?.Size ?? DEFAULTS.EphemeralStorage,
    send: (u, d) => (u.EphemeralStorage = { Size: d.ephemeralStorage ?? DEFAULTS.EphemeralStorage }),
  },
  {
    label: 'vpc-config',
    want: (d) => (d.vpcConfig ? normalVpc(d.vpcConfig) : undefined),
    have: (c) => normalVpc(c.VpcConfig),
    send: (u, d) => (u.VpcConfig = d.vpcConfig),
  },
  {
    label: 'dead-letter-config',
    want: (d) => d.deadLetterTarget,
    have: (c) => c.DeadLetterConfig?.TargetArn ?? '',
    send: (u, d) => (u.DeadLetterConfig = { TargetArn: d.deadLetterTarget ?? '' }),
  },
  {
    label: 'tracing-config',
    want: (d) => d.tracingMode,
    have: (c) => c.TracingConfig?.Mode ?? DEFAULTS.TracingMode,
    send: (u, d) => (u.TracingConfig = { Mode: d.tracingMode ?? DEFAULTS.TracingMode }),
  },
  {
    label: 'file-system-configs',
    want: (d) => (d.fileSystemConfigs ? normalFileSystems(d.fileSystemConfigs) : undefined),
    have: (c) => normalFileSystems(c.FileSystemConfigs),
    send: (u, d) => (u.FileSystemConfigs = d.fileSystemConfigs),
  },
  {
    label: 'image-config',
    want: (d) => (d.imageConfig ? normalImageConfig(d.imageConfig) : undefined),
    have: (c) => normalImageConfig(c.ImageConfigResponse?.ImageConfig),
    send: (u, d) => (u.ImageConfig = d.imageConfig),
  },
  {
    label: 'snap-start',
    want: (d) => d.snapStart,
    have: (c) => c.SnapStart?.ApplyOn ?? DEFAULTS.SnapStart,
    send: (u, d) => (u.SnapStart = { ApplyOn: d.snapStart ?? 'None' }),
  },
  {
    label: 'logging-config',
    want: (d, name) => (d.loggingConfig ? normalLogging(d.loggingConfig, name) : undefined),
    have: (c, name) => normalLogging(c.LoggingConfig, name),
    // The complete normal form is sent: whatever Lambda does with parts left out, it ends up as compared.
    send: (u, d, name) => (u.LoggingConfig = normalLogging(d.loggingConfig, name)),
  },
];

/** Compares what was asked for with what the function has; fields not asked for are left alone. */
export function planConfiguration(current: CurrentConfig, desired: DesiredConfig): ConfigPlan {
  const update: ConfigurationUpdate = {};
  const lines: string[] = [];
  const name = current.FunctionName ?? '';
  for (const field of FIELDS) {
    const want = field.want(desired, name);
    if (want === undefined) continue;
    const have = field.have(current, name);
    if (canonicalJson(have) === canonicalJson(want)) continue;
    field.send(update, desired, name);
    lines.push(`${field.label}: ${show(have)} → ${show(want)}`);
  }

  if (desired.layers) {
    // Layers are applied in order, so order counts.
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
 * Everything a published version freezes, in normal form: two configurations with the same key
 * deploy the same thing.
 */
export function deploymentKey(c: CurrentConfig): string {
  const name = c.FunctionName ?? '';
  const vars = c.Environment?.Variables ?? {};
  return canonicalJson({
    code: c.CodeSha256,
    architecture: c.Architectures?.[0] ?? DEFAULTS.Architecture,
    layers: (c.Layers ?? []).map((l) => l.Arn ?? ''),
    environment: Object.keys(vars)
      .sort()
      .map((k) => [k, vars[k]]),
    fields: FIELDS.map((f) => f.have(c, name)),
  });
}

/**
 * Whether a published version has the same code and configuration as $LATEST, i.e. publishing
 * again would add nothing. Compares every field this command manages.
 */
export function sameDeployment(latest: CurrentConfig, version: CurrentConfig): boolean {
  // A version's FunctionName is the function's; its ARN carries the qualifier.
  const name = latest.FunctionName ?? version.FunctionName;
  return deploymentKey({ ...latest, FunctionName: name }) === deploymentKey({ ...version, FunctionName: name });
}

/** Tags to add or change; tags the function has and the input does not name are kept. */
export interface TagPlan {
  set: Record<string, string>;
  lines: string[];
}

export function planTags(current: Record<string, string> | undefined, desired: Record<string, string>): TagPlan {
  const have = current ?? {};
  const set: Record<string, string> = {};
  const added: string[] = [];
  const changed: string[] = [];
  for (const [k, v] of Object.entries(desired)) {
    if (!(k in have)) added.push(k);
    else if (have[k] !== v) changed.push(k);
    else continue;
    set[k] = v;
  }
  const parts = [...added.sort().map((k) => `+${k}`), ...changed.sort().map((k) => `~${k}`)];
  return { set, lines: parts.length ? [`tags: ${parts.join(' ')}`] : [] };
}
