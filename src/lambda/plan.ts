/**
 * The plan of one function, as pure functions: from what is deployed and what is asked, whether to
 * create it, update its code, which configuration fields and tags to send, and the lines that say so.
 * Nothing here calls AWS; the command carries the plan out with the calls of ./deploy.ts.
 */
import type {
  CreateFunctionCommandInput,
  FunctionCode,
  FunctionCodeLocation,
  FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { ReleaseError } from '../runtime/errors.js';
import { sameImage } from './code.js';
import {
  ENVIRONMENT_LIMIT_BYTES,
  environmentSize,
  planConfiguration,
  planTags,
  type ConfigPlan,
  type DesiredConfig,
  type TagPlan,
} from './config.js';

/** The code, ready to compare and to send. */
export type Code =
  | { kind: 'zip'; bytes: Uint8Array; sha256: string; stage?: { bucket: string; key: string } }
  | { kind: 's3'; bucket: string; key: string; sha256: string }
  | { kind: 'image'; uri: string };

/** Everything asked of every function. */
export interface Wish {
  code: Code;
  config: DesiredConfig;
  sourceKmsKeyArn?: string;
  tags?: Record<string, string>;
  codeSigningConfigArn?: string;
  revisionId?: string;
}

/** What was read of one function before anything changes. */
export interface Observed {
  current?: FunctionConfiguration;
  location?: FunctionCodeLocation;
  /** Read only when tags are asked for. */
  tags?: Record<string, string>;
  /** Read only when code-signing-config-arn is asked for. */
  codeSigning?: string;
}

export interface FunctionPlan {
  name: string;
  /** undefined: the function does not exist and will be created. */
  current?: FunctionConfiguration;
  codeChanged: boolean;
  config: ConfigPlan;
  tags: TagPlan;
  /** The code signing configuration to attach, when it differs. */
  codeSigning?: string;
  /** What will change (or that nothing will), for the log. */
  lines: string[];
}

/** The function's name, also when it is given as its ARN (Lambda's defaults, such as the log group, use the name). */
export function shortName(nameOrArn: string): string {
  return /:function:([^:]+)$/.exec(nameOrArn)?.[1] ?? nameOrArn;
}

/** Whether the deployed code differs from the code to deploy (and why, for the log). */
export function codeDifference(code: Code, observed: Observed, sourceKmsKeyArn?: string): string | undefined {
  const { current, location } = observed;
  if (!current) return 'new function';
  if (code.kind === 'image') {
    return sameImage(code.uri, location, current.CodeSha256)
      ? undefined
      : `code: ${location?.ImageUri ?? '(none)'} → ${code.uri}`;
  }
  if (current.CodeSha256 !== code.sha256) return `code: ${current.CodeSha256} → ${code.sha256}`;
  // The package key goes with the code: a new key needs the code sent again.
  if (sourceKmsKeyArn !== undefined && (location?.SourceKMSKeyArn ?? '') !== sourceKmsKeyArn) {
    return `source-kms-key-arn: ${location?.SourceKMSKeyArn || '(none)'} → ${sourceKmsKeyArn}`;
  }
  return undefined;
}

/** Plans one function; throws ReleaseError when it cannot be deployed as asked (nothing changed yet). */
export function planFunction(name: string, observed: Observed, wish: Wish): FunctionPlan {
  const { current } = observed;
  const { code, config: desired } = wish;
  const config = planConfiguration(current ?? { FunctionName: shortName(name) }, desired);
  const env = config.update.Environment?.Variables;
  if (env && environmentSize(env) > ENVIRONMENT_LIMIT_BYTES) {
    throw new ReleaseError(
      `${name}: the environment would be ${environmentSize(env)} bytes, over Lambda's ${ENVIRONMENT_LIMIT_BYTES}-byte limit`,
    );
  }
  const tags = planTags(observed.tags, wish.tags ?? {});

  if (!current) {
    const missing: string[] = [];
    if (!desired.role) missing.push('role');
    if (code.kind !== 'image') {
      if (!desired.runtime) missing.push('runtime');
      if (!desired.handler) missing.push('handler');
    }
    if (missing.length) {
      throw new ReleaseError(`function ${name} does not exist; to create it, also give ${missing.join(', ')}`);
    }
    if (wish.revisionId !== undefined) {
      throw new ReleaseError(`function ${name} does not exist, so it cannot be at revision-id ${wish.revisionId}`);
    }
    return { name, codeChanged: true, config, tags, lines: ['does not exist: it will be created'] };
  }

  const isImage = current.PackageType === 'Image';
  if (isImage !== (code.kind === 'image')) {
    throw new ReleaseError(
      isImage
        ? `${name} is a container-image function: deploy it with image-uri`
        : `${name} is a zip function: deploy it with source-dir, zip-file or s3-bucket + s3-key, not image-uri`,
    );
  }
  if (wish.revisionId !== undefined && current.RevisionId !== wish.revisionId) {
    throw new ReleaseError(
      `${name} is at RevisionId ${current.RevisionId ?? '(none)'}, not revision-id ${wish.revisionId}: it changed since`,
    );
  }
  const codeWhy = codeDifference(code, observed, wish.sourceKmsKeyArn);
  const codeSigning =
    wish.codeSigningConfigArn !== undefined && observed.codeSigning !== wish.codeSigningConfigArn
      ? wish.codeSigningConfigArn
      : undefined;
  const lines = [
    codeWhy ?? `code unchanged (CodeSha256 ${current.CodeSha256})`,
    ...(codeSigning ? [`code-signing-config-arn: ${observed.codeSigning ?? '(none)'} → ${codeSigning}`] : []),
    ...config.lines,
    ...tags.lines,
  ];
  if (!config.lines.length && !tags.lines.length && !codeSigning) lines.push('configuration unchanged');
  return { name, current, codeChanged: codeWhy !== undefined, config, tags, codeSigning, lines };
}

/** The CreateFunction request for a function that does not exist yet: everything asked, at once. */
export function createRequest(name: string, wish: Wish, location: FunctionCode): CreateFunctionCommandInput {
  const c = wish.config;
  const u = planConfiguration({ FunctionName: shortName(name) }, { ...c, environmentMode: 'replace' }).update;
  return {
    FunctionName: name,
    Role: c.role,
    Code: { ...location, ...(wish.sourceKmsKeyArn ? { SourceKMSKeyArn: wish.sourceKmsKeyArn } : {}) },
    PackageType: wish.code.kind === 'image' ? 'Image' : 'Zip',
    Handler: c.handler,
    Runtime: c.runtime as FunctionConfiguration['Runtime'],
    MemorySize: c.memorySize,
    Timeout: c.timeout,
    Description: c.description,
    Layers: c.layers,
    Architectures: c.architecture ? [c.architecture] : undefined,
    Environment: c.environment ? { Variables: c.environment } : undefined,
    KMSKeyArn: c.kmsKeyArn || undefined,
    EphemeralStorage: c.ephemeralStorage !== undefined ? { Size: c.ephemeralStorage } : undefined,
    VpcConfig: c.vpcConfig,
    DeadLetterConfig: c.deadLetterTarget ? { TargetArn: c.deadLetterTarget } : undefined,
    TracingConfig: u.TracingConfig,
    FileSystemConfigs: c.fileSystemConfigs?.length ? c.fileSystemConfigs : undefined,
    ImageConfig: c.imageConfig,
    SnapStart: u.SnapStart,
    LoggingConfig: u.LoggingConfig,
    Tags: wish.tags && Object.keys(wish.tags).length ? wish.tags : undefined,
    CodeSigningConfigArn: wish.codeSigningConfigArn,
    Publish: false, // published after the function is Active
  };
}
