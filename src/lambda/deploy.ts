/**
 * The Lambda (and S3) calls of lambda-deploy, thin and one job each, so that the command reads as the
 * plan it is: read the function, stage the package, create or update, wait, publish, move the alias.
 */
import { createHash } from 'node:crypto';
import type {
  CreateFunctionCommandInput,
  FunctionCode,
  FunctionCodeLocation,
  FunctionConfiguration,
  Lambda,
  UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import type { S3 } from '@aws-sdk/client-s3';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import { errorName, httpStatus, isAwsError } from '../util/aws-errors.js';
import { retry } from '../util/retry.js';
import { formatMiB } from './code.js';
import type { ConfigurationUpdate } from './config.js';
import { FunctionNotReady, waitForFunction, type WaitPhase } from './wait.js';

/** The Lambda calls lambda-deploy makes; the SDK's aggregated client satisfies it. */
export type LambdaApi = Pick<
  Lambda,
  | 'getFunction'
  | 'getFunctionConfiguration'
  | 'createFunction'
  | 'updateFunctionCode'
  | 'updateFunctionConfiguration'
  | 'publishVersion'
  | 'listVersionsByFunction'
  | 'getAlias'
  | 'createAlias'
  | 'updateAlias'
  | 'listTags'
  | 'tagResource'
  | 'getFunctionCodeSigningConfig'
  | 'putFunctionCodeSigningConfig'
>;

/** The S3 calls: hashing an existing package, staging a large one. */
export type S3Api = Pick<S3, 'getObject' | 'headObject' | 'putObject'>;

/** Conflicting updates (ResourceConflictException) are waited out and retried this many times in all. */
const CONFLICT_ATTEMPTS = 4;
/** A role created moments ago is not yet assumable by Lambda (IAM is eventually consistent). */
const ROLE_PROPAGATION_ATTEMPTS = 5;

export interface Deployed {
  current: FunctionConfiguration;
  location?: FunctionCodeLocation;
}

/** The function as it is, or undefined when it does not exist. */
export async function readFunction(lambda: LambdaApi, name: string): Promise<Deployed | undefined> {
  try {
    const res = await lambda.getFunction({ FunctionName: name });
    if (!res.Configuration) throw new ReleaseError(`${name}: GetFunction returned no configuration`);
    return { current: res.Configuration, location: res.Code };
  } catch (err) {
    if (isAwsError(err, 'ResourceNotFoundException')) return undefined;
    if (err instanceof ReleaseError) throw err;
    throw new ReleaseError(`${name}: cannot read the function: ${errorMessage(err)}`);
  }
}

/** The function's tags, read with ListTags (GetFunction shows them only with that permission anyway). */
export async function readTags(lambda: LambdaApi, arn: string): Promise<Record<string, string>> {
  return (await lambda.listTags({ Resource: arn })).Tags ?? {};
}

export async function readCodeSigning(lambda: LambdaApi, name: string): Promise<string | undefined> {
  const res = await lambda.getFunctionCodeSigningConfig({ FunctionName: name });
  return res.CodeSigningConfigArn || undefined;
}

/** CodeSha256 of an object already in S3: Lambda hashes the object's bytes, so we stream and hash them. */
export async function hashS3Object(s3: S3Api, bucket: string, key: string): Promise<string> {
  let res;
  try {
    res = await s3.getObject({ Bucket: bucket, Key: key });
  } catch (err) {
    if (isAwsError(err, 'NoSuchKey', 'NotFound', 'NoSuchBucket')) {
      throw new ReleaseError(`s3://${bucket}/${key} does not exist (${errorName(err) ?? 'error'})`);
    }
    throw err;
  }
  const hash = createHash('sha256');
  for await (const chunk of res.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('base64');
}

/** Uploads the package unless the content-addressed key already holds it. */
export async function stagePackage(
  s3: S3Api,
  target: { bucket: string; key: string },
  zip: { bytes: Uint8Array; sha256: string },
  log: (line: string) => void,
): Promise<void> {
  const { bucket, key } = target;
  try {
    const head = await s3.headObject({ Bucket: bucket, Key: key });
    if (head.Metadata?.['code-sha256'] === zip.sha256) {
      log(`s3://${bucket}/${key} already holds this package`);
      return;
    }
  } catch (err) {
    // Without s3:ListBucket, S3 answers a HEAD of a missing key with 403 instead of 404: treat it as absent
    // and let the upload say whether writing is allowed.
    if (!isAwsError(err, 'NotFound', 'NoSuchKey') && httpStatus(err) !== 403) throw err;
  }
  log(`uploading the package to s3://${bucket}/${key} (${formatMiB(zip.bytes.length)})`);
  await s3.putObject({
    Bucket: bucket,
    Key: key,
    Body: zip.bytes,
    ContentType: 'application/zip',
    ContentMD5: createHash('md5').update(zip.bytes).digest('base64'),
    Metadata: { 'code-sha256': zip.sha256 },
  });
}

/** What the waits need: where to read, how to sleep, how long at most, where to say why (one function's log). */
export interface Waiter {
  lambda: LambdaApi;
  sleep: (ms: number) => Promise<void>;
  maxWaitMs: number;
  log: (line: string) => void;
}

/** Reads the function until it is ready for the phase; a failed update becomes one clear error. */
export async function waitReady(
  w: Waiter,
  name: string,
  phase: WaitPhase,
  what: string,
): Promise<FunctionConfiguration> {
  try {
    return await waitForFunction(() => w.lambda.getFunctionConfiguration({ FunctionName: name }), {
      phase,
      maxWaitMs: w.maxWaitMs,
      sleep: w.sleep,
      onWait: (why) => w.log(`waiting ${phase === 'before' ? `before ${what}` : `for ${what}`}: ${why}`),
    });
  } catch (err) {
    if (err instanceof FunctionNotReady) throw new ReleaseError(`${name}: ${what} failed: ${err.message}`);
    throw err;
  }
}

/**
 * Waits until no update is running, then makes the call with that fresh read (its RevisionId, its
 * variables). Another deployment may still slip in between; Lambda then answers
 * ResourceConflictException, and the whole step is repeated on a new fresh read.
 */
export async function whenIdle<T>(
  w: Waiter,
  name: string,
  what: string,
  call: (idle: FunctionConfiguration) => Promise<T>,
): Promise<T> {
  try {
    return await retry(what, async () => call(await waitReady(w, name, 'before', `the ${what}`)), {
      attempts: CONFLICT_ATTEMPTS,
      // The wait before the next try is the status poll itself, not a backoff.
      baseMs: 0,
      maxMs: 0,
      retryable: (err) => isAwsError(err, 'ResourceConflictException'),
      sleep: (ms) => (ms > 0 ? w.sleep(ms) : Promise.resolve()),
      log: w.log,
    });
  } catch (err) {
    if (isAwsError(err, 'PreconditionFailedException')) {
      throw new ReleaseError(
        `${name}: changed by someone else during the ${what} (RevisionId moved); run again to deploy over it`,
      );
    }
    throw err;
  }
}

/** Creates the function, retrying while a new role is not yet assumable, and waits until it is Active. */
export async function createFunction(w: Waiter, request: CreateFunctionCommandInput): Promise<FunctionConfiguration> {
  const name = request.FunctionName ?? '';
  await retry('creating the function', () => w.lambda.createFunction(request), {
    attempts: ROLE_PROPAGATION_ATTEMPTS,
    baseMs: 2000,
    maxMs: 10000,
    retryable: (err) =>
      isAwsError(err, 'InvalidParameterValueException') && /cannot be assumed/i.test(errorMessage(err)),
    // New roles take a few seconds: wait a little longer each time.
    waitFor: (_err, attempt) => 2000 * attempt,
    describe: () => 'the role cannot be assumed yet',
    sleep: w.sleep,
    log: w.log,
  });
  w.log('created; waiting until it is Active');
  return waitReady(w, name, 'after', 'the creation');
}

/** One code update; the fresh read's RevisionId pins it. */
export async function updateCode(
  w: Waiter,
  name: string,
  code: FunctionCode & { Architectures?: ('x86_64' | 'arm64')[]; SourceKMSKeyArn?: string },
  pin: (idle: FunctionConfiguration) => string | undefined,
): Promise<void> {
  await whenIdle(w, name, 'code update', (idle) =>
    w.lambda.updateFunctionCode({ FunctionName: name, ...code, RevisionId: pin(idle) }),
  );
}

/**
 * One configuration update, planned again on the fresh read (the merge of variables must lay over
 * them as they are now). Returns false when that read needs no change after all.
 */
export async function updateConfiguration(
  w: Waiter,
  name: string,
  replan: (idle: FunctionConfiguration) => ConfigurationUpdate,
  pin: (idle: FunctionConfiguration) => string | undefined,
): Promise<boolean> {
  return whenIdle(w, name, 'configuration update', async (idle) => {
    const update = replan(idle);
    if (Object.keys(update).length === 0) return false;
    await w.lambda.updateFunctionConfiguration({
      FunctionName: name,
      ...(update as Omit<UpdateFunctionConfigurationCommandInput, 'FunctionName'>),
      RevisionId: pin(idle),
    });
    return true;
  });
}

/** The newest published version, or undefined when none was ever published. */
export async function newestVersion(lambda: LambdaApi, name: string): Promise<FunctionConfiguration | undefined> {
  let newest: FunctionConfiguration | undefined;
  let marker: string | undefined;
  do {
    const page = await lambda.listVersionsByFunction({ FunctionName: name, Marker: marker, MaxItems: 50 });
    for (const v of page.Versions ?? []) {
      if (!v.Version || !/^\d+$/.test(v.Version)) continue;
      if (!newest || Number(v.Version) > Number(newest.Version)) newest = v;
    }
    marker = page.NextMarker;
  } while (marker);
  return newest;
}

/**
 * Publishes $LATEST as it was deployed: CodeSha256 and RevisionId pin it, so that if anyone changed the
 * function since, Lambda refuses instead of publishing their change under our name.
 */
export async function publish(w: Waiter, name: string, expected: FunctionConfiguration): Promise<string> {
  const published = await whenIdle(w, name, 'publish', () =>
    w.lambda.publishVersion({ FunctionName: name, CodeSha256: expected.CodeSha256, RevisionId: expected.RevisionId }),
  );
  return published.Version ?? '';
}

/** Creates the alias or moves it to version; true when it changed (or would, in a dry run). */
export async function pointAlias(
  lambda: LambdaApi,
  name: string,
  alias: string,
  version: string,
  options: {
    dryRun: boolean;
    log: (line: string) => void;
    /** Called with the version the alias serves now (none: it does not exist) just before it is moved. */
    beforeMove?: (previous: string | undefined) => Promise<void>;
  },
): Promise<boolean> {
  const { log } = options;
  let current;
  try {
    current = await lambda.getAlias({ FunctionName: name, Name: alias });
  } catch (err) {
    if (!isAwsError(err, 'ResourceNotFoundException')) throw err;
  }
  if (current && current.FunctionVersion === version) {
    log(`alias ${alias} already points to version ${version}`);
    return false;
  }
  if (options.dryRun) {
    log(
      `dry run: would ${current ? `move alias ${alias} from version ${current.FunctionVersion}` : `create alias ${alias}`} to the new version`,
    );
    return true;
  }
  await options.beforeMove?.(current?.FunctionVersion);
  if (!current) {
    await lambda.createAlias({ FunctionName: name, Name: alias, FunctionVersion: version });
    log(`alias ${alias} created at version ${version}`);
    return true;
  }
  const weights = current.RoutingConfig?.AdditionalVersionWeights ?? {};
  if (Object.keys(weights).length) {
    log(`alias ${alias} had weighted routing (${JSON.stringify(weights)}); it now sends all traffic to ${version}`);
  }
  await lambda.updateAlias({
    FunctionName: name,
    Name: alias,
    FunctionVersion: version,
    RevisionId: current.RevisionId,
    ...(Object.keys(weights).length ? { RoutingConfig: { AdditionalVersionWeights: {} } } : {}),
  });
  log(`alias ${alias} moved from version ${current.FunctionVersion} to ${version}`);
  return true;
}
