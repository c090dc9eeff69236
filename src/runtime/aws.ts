import { InputError } from './errors.js';
import type { InputReader } from './inputs.js';
import type { RunContext } from './context.js';

/** The part of every AWS command's inputs that decides where calls go. */
export interface AwsTarget {
  region: string;
  /** Custom endpoint (moto, LocalStack, MinIO, R2). */
  endpoint?: string;
}

export interface AwsCommon extends AwsTarget {
  dryRun: boolean;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function readAwsCommon(reader: InputReader, context: RunContext): AwsCommon {
  const region = reader.string('region') ?? context.awsRegion;
  if (!region) throw new InputError('region', 'is not set: pass it, or set AWS_REGION in the environment');
  const endpoint = reader.url('endpoint-url');
  // Other S3-compatible services name regions their own way (R2: auto, MinIO: anything).
  if (!endpoint && !REGION.test(region)) {
    throw new InputError('region', `"${region}" is not an AWS region name such as us-east-1`);
  }
  if (!/^[\w-]+$/.test(region)) throw new InputError('region', `"${region}" is not a region name`);
  return { region, endpoint, dryRun: reader.boolean('dry-run') };
}

/**
 * Client settings shared by every SDK client. Credentials are never passed: the SDK's default chain
 * finds them (environment, web identity from configure-aws-credentials, CodeBuild's container role).
 * maxAttempts with the SDK's standard backoff retries throttling, 5xx and dropped connections.
 */
export function clientConfig(target: AwsTarget, extra: { s3?: boolean } = {}): Record<string, unknown> {
  return {
    region: target.region,
    maxAttempts: 6,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(extra.s3 && target.endpoint ? { forcePathStyle: true } : {}),
  };
}
