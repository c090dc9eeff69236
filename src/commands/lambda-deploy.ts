import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FunctionCode, FunctionCodeLocation, FunctionConfiguration, Lambda } from '@aws-sdk/client-lambda';
import type { S3 } from '@aws-sdk/client-s3';
import type { LambdaDeployInputs } from '../definitions/lambda-deploy.js';
import { formatMiB, parseImageUri, sameImage, stagingKey } from '../lambda/code.js';
import {
  ENVIRONMENT_LIMIT_BYTES,
  environmentSize,
  isEmptyUpdate,
  planConfiguration,
  sameDeployment,
  type ConfigPlan,
} from '../lambda/config.js';
import { FunctionNotReady, waitForFunction, type WaitPhase } from '../lambda/wait.js';
import { codeSha256, codeSha256Hex, zipDirectory } from '../lambda/zip.js';
import { clientConfig } from '../runtime/aws.js';
import { InputError, ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';
import type { OutputValue } from '../runtime/spec.js';

/** Lambda's limit for a package sent in the request itself; larger ones must come from S3. */
export const DIRECT_UPLOAD_LIMIT = 50 * 1024 * 1024;
/** How long one wait for an update (or a creation) may take before the deploy gives up. */
export const MAX_WAIT_MS = 15 * 60 * 1000;
const CONFLICT_ATTEMPTS = 4;
/** A role created moments ago is not yet assumable by Lambda (IAM is eventually consistent). */
const ROLE_PROPAGATION_ATTEMPTS = 5;

export interface LambdaDeployDeps {
  lambda: Lambda;
  /** Built on first use: only the S3 paths need it. */
  s3: () => Promise<S3>;
  host: Host;
  /** Packages larger than this go through s3-bucket (tests lower it). */
  directUploadLimit?: number;
  maxWaitMs?: number;
}

/** The code, ready to compare and to send. */
type Code =
  | { kind: 'zip'; bytes: Uint8Array; sha256: string; stage?: { bucket: string; key: string } }
  | { kind: 's3'; bucket: string; key: string; sha256: string }
  | { kind: 'image'; uri: string };

interface FunctionPlan {
  name: string;
  /** undefined: the function does not exist and will be created. */
  current?: FunctionConfiguration;
  location?: FunctionCodeLocation;
  codeChanged: boolean;
  config: ConfigPlan;
}

export interface FunctionResult {
  name: string;
  arn: string;
  version: string;
  'code-sha256': string;
  changed: boolean;
}

export async function run(inputs: LambdaDeployInputs, host: Host): Promise<Record<string, OutputValue>> {
  const { Lambda } = await import('@aws-sdk/client-lambda');
  const lambda = new Lambda(clientConfig(inputs));
  let s3: S3 | undefined;
  const getS3 = async (): Promise<S3> => {
    if (!s3) {
      const { S3 } = await import('@aws-sdk/client-s3');
      // Checksums only where an API requires them, as s3-sync does: S3-compatible endpoints reject
      // the SDK's newer default trailers.
      s3 = new S3({
        ...clientConfig(inputs, { s3: true }),
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
    }
    return s3;
  };
  return execute(inputs, { lambda, s3: getS3, host });
}

const isNotFound = (err: unknown): boolean => (err as Error)?.name === 'ResourceNotFoundException';

/** Reads the package (zipping a directory) before any AWS call, so local problems fail first. */
async function prepareLocalCode(inputs: LambdaDeployInputs, deps: LambdaDeployDeps): Promise<Code | undefined> {
  const { host } = deps;
  const source = inputs.code;
  if (source.kind === 'image' || source.kind === 's3') return undefined;
  let bytes: Uint8Array;
  if (source.kind === 'dir') {
    const zip = await zipDirectory(source.path);
    for (const s of zip.skipped) host.log.warn(`left out of the package: ${s}`);
    if (zip.files === 0) throw new InputError('source-dir', `${source.path} has no files to package`);
    bytes = zip.bytes;
    host.log.info(`packaged ${zip.files} files from ${source.path}: ${formatMiB(bytes.length)}`);
  } else {
    bytes = await readFile(source.path);
    host.log.info(`package ${source.path}: ${formatMiB(bytes.length)}`);
  }
  const sha256 = codeSha256(bytes);
  host.log.info(`CodeSha256 ${sha256}`);
  const limit = deps.directUploadLimit ?? DIRECT_UPLOAD_LIMIT;
  if (bytes.length <= limit) return { kind: 'zip', bytes, sha256 };
  if (!source.bucket) {
    throw new InputError(
      's3-bucket',
      `the package is ${formatMiB(bytes.length)}, over the ${formatMiB(limit)} direct-upload limit: give s3-bucket to stage it in S3`,
    );
  }
  return { kind: 'zip', bytes, sha256, stage: { bucket: source.bucket, key: stagingKey(codeSha256Hex(bytes)) } };
}

/** CodeSha256 of an object already in S3: Lambda hashes the object's bytes, so we stream and hash them. */
async function hashS3Object(s3: S3, bucket: string, key: string): Promise<string> {
  let res;
  try {
    res = await s3.getObject({ Bucket: bucket, Key: key });
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchBucket') {
      throw new ReleaseError(`s3://${bucket}/${key} does not exist (${name})`);
    }
    throw err;
  }
  const hash = createHash('sha256');
  for await (const chunk of res.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('base64');
}

export async function execute(
  inputs: LambdaDeployInputs,
  deps: LambdaDeployDeps,
): Promise<Record<string, OutputValue>> {
  const { host, lambda } = deps;
  const dry = inputs.dryRun;
  const maxWaitMs = deps.maxWaitMs ?? MAX_WAIT_MS;
  const log = (name: string, message: string): void => host.log.info(`${name}: ${message}`);

  let code = await prepareLocalCode(inputs, deps);
  if (inputs.code.kind === 's3') {
    const { bucket, key } = inputs.code;
    code = { kind: 's3', bucket, key, sha256: await hashS3Object(await deps.s3(), bucket, key) };
    host.log.info(`s3://${bucket}/${key}: CodeSha256 ${code.sha256}`);
  } else if (inputs.code.kind === 'image') {
    code = { kind: 'image', uri: inputs.code.uri };
    if (!parseImageUri(code.uri).digest) {
      host.log.warn(
        `image-uri ${code.uri} names a tag, which may have moved: the code is updated every time. Pass the @sha256 form (ecr-push's image-uri output) to skip unchanged images.`,
      );
    }
  }
  if (!code) throw new Error('BUG: no code source');
  const theCode: Code = code;

  // The package reaches S3 at most once, and only when some function needs it.
  let staged: Promise<void> | undefined;
  const codeLocation = async (): Promise<FunctionCode> => {
    if (theCode.kind === 'image') return { ImageUri: theCode.uri };
    if (theCode.kind === 's3') return { S3Bucket: theCode.bucket, S3Key: theCode.key };
    if (!theCode.stage) return { ZipFile: theCode.bytes };
    const { bucket, key } = theCode.stage;
    staged ??= stage(await deps.s3(), bucket, key, theCode);
    await staged;
    return { S3Bucket: bucket, S3Key: key };
  };
  const stage = async (
    s3: S3,
    bucket: string,
    key: string,
    zip: { bytes: Uint8Array; sha256: string },
  ): Promise<void> => {
    try {
      const head = await s3.headObject({ Bucket: bucket, Key: key });
      if (head.Metadata?.['code-sha256'] === zip.sha256) {
        host.log.info(`s3://${bucket}/${key} already holds this package`);
        return;
      }
    } catch (err) {
      // Without s3:ListBucket, S3 answers a HEAD of a missing key with 403 instead of 404: treat it as absent
      // and let the upload say whether writing is allowed.
      const name = (err as Error).name;
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (name !== 'NotFound' && name !== 'NoSuchKey' && status !== 403) throw err;
    }
    host.log.info(`uploading the package to s3://${bucket}/${key} (${formatMiB(zip.bytes.length)})`);
    await s3.putObject({
      Bucket: bucket,
      Key: key,
      Body: zip.bytes,
      ContentType: 'application/zip',
      ContentMD5: createHash('md5').update(zip.bytes).digest('base64'),
      Metadata: { 'code-sha256': zip.sha256 },
    });
  };

  const readConfig = async (name: string): Promise<FunctionConfiguration> =>
    lambda.getFunctionConfiguration({ FunctionName: name });
  const waitReady = async (name: string, phase: WaitPhase, what: string): Promise<FunctionConfiguration> => {
    try {
      return await waitForFunction(() => readConfig(name), {
        phase,
        maxWaitMs,
        sleep: (ms) => host.sleep(ms),
        onWait: (why) => log(name, `waiting ${phase === 'before' ? `before ${what}` : `for ${what}`}: ${why}`),
      });
    } catch (err) {
      if (err instanceof FunctionNotReady) throw new ReleaseError(`${name}: ${what} failed: ${err.message}`);
      throw err;
    }
  };
  /**
   * Waits until no update is running, then makes the call with that fresh read (its RevisionId, its
   * variables). Another deployment may still slip in between; Lambda then answers
   * ResourceConflictException, and the whole step is repeated on a new fresh read.
   */
  const whenIdle = async <T>(
    name: string,
    what: string,
    call: (idle: FunctionConfiguration) => Promise<T>,
  ): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const idle = await waitReady(name, 'before', `the ${what}`);
      try {
        return await call(idle);
      } catch (err) {
        const kind = (err as Error).name;
        if (kind === 'PreconditionFailedException') {
          throw new ReleaseError(
            `${name}: changed by someone else during the ${what} (RevisionId moved); run again to deploy over it`,
          );
        }
        if (kind !== 'ResourceConflictException' || attempt >= CONFLICT_ATTEMPTS) throw err;
        log(name, `${what}: ${errorMessage(err)}; waiting and retrying`);
      }
    }
  };

  // ── Phase 1: read every function and plan. Nothing changes until every plan is valid. ──
  const planOne = async (name: string): Promise<FunctionPlan> => {
    let current: FunctionConfiguration | undefined;
    let location: FunctionCodeLocation | undefined;
    try {
      const res = await lambda.getFunction({ FunctionName: name });
      current = res.Configuration;
      location = res.Code;
    } catch (err) {
      if (!isNotFound(err)) throw new ReleaseError(`${name}: cannot read the function: ${errorMessage(err)}`);
    }
    const config = planConfiguration(current ?? {}, inputs.config);
    const env = config.update.Environment?.Variables;
    if (env && environmentSize(env) > ENVIRONMENT_LIMIT_BYTES) {
      throw new ReleaseError(
        `${name}: the environment would be ${environmentSize(env)} bytes, over Lambda's ${ENVIRONMENT_LIMIT_BYTES}-byte limit`,
      );
    }
    if (!current) {
      const missing: string[] = [];
      if (!inputs.role) missing.push('role');
      if (theCode.kind !== 'image') {
        if (!inputs.config.runtime) missing.push('runtime');
        if (!inputs.config.handler) missing.push('handler');
      }
      if (missing.length) {
        throw new ReleaseError(`function ${name} does not exist; to create it, also give ${missing.join(', ')}`);
      }
      log(name, `does not exist: it will be created`);
      return { name, codeChanged: true, config };
    }
    const isImage = current.PackageType === 'Image';
    if (isImage !== (theCode.kind === 'image')) {
      throw new ReleaseError(
        isImage
          ? `${name} is a container-image function: deploy it with image-uri`
          : `${name} is a zip function: deploy it with source-dir, zip-file or s3-bucket + s3-key, not image-uri`,
      );
    }
    const codeChanged =
      theCode.kind === 'image'
        ? !sameImage(theCode.uri, location, current.CodeSha256)
        : current.CodeSha256 !== theCode.sha256;
    if (codeChanged) {
      log(
        name,
        theCode.kind === 'image'
          ? `code: ${location?.ImageUri ?? '(none)'} → ${theCode.uri}`
          : `code: ${current.CodeSha256} → ${theCode.sha256}`,
      );
    } else {
      log(name, `code unchanged (CodeSha256 ${current.CodeSha256})`);
    }
    for (const line of config.lines) log(name, line);
    if (!config.lines.length) log(name, 'configuration unchanged');
    return { name, current, location, codeChanged, config };
  };

  const planned = await Promise.allSettled(inputs.functionNames.map(planOne));
  const planErrors = planned.flatMap((p) => (p.status === 'rejected' ? [errorMessage(p.reason)] : []));
  if (planErrors.length) {
    throw new ReleaseError(`nothing was changed: ${planErrors.join('; ')}`);
  }
  const plans = planned.map((p) => (p as PromiseFulfilledResult<FunctionPlan>).value);

  // ── Phase 2: apply, every function in parallel. ──
  const createFunction = async (plan: FunctionPlan): Promise<FunctionConfiguration> => {
    const c = inputs.config;
    const request = {
      FunctionName: plan.name,
      Role: inputs.role,
      Code: await codeLocation(),
      PackageType: theCode.kind === 'image' ? ('Image' as const) : ('Zip' as const),
      Handler: c.handler,
      Runtime: c.runtime as FunctionConfiguration['Runtime'],
      MemorySize: c.memorySize,
      Timeout: c.timeout,
      Description: c.description,
      Layers: c.layers,
      Architectures: c.architecture ? [c.architecture] : undefined,
      Environment: c.environment ? { Variables: c.environment } : undefined,
      Publish: false, // published below, after the function is Active
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await lambda.createFunction(request);
        break;
      } catch (err) {
        const roleNotReady =
          (err as Error).name === 'InvalidParameterValueException' && /cannot be assumed/i.test(errorMessage(err));
        if (!roleNotReady || attempt >= ROLE_PROPAGATION_ATTEMPTS) throw err;
        log(plan.name, 'the role cannot be assumed yet (new roles take a few seconds); retrying');
        await host.sleep(2000 * attempt);
      }
    }
    log(plan.name, 'created; waiting until it is Active');
    return waitReady(plan.name, 'after', 'the creation');
  };

  /** The newest published version, or undefined when none was ever published. */
  const newestVersion = async (name: string): Promise<FunctionConfiguration | undefined> => {
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
  };

  const applyOne = async (plan: FunctionPlan): Promise<FunctionResult> => {
    const { name } = plan;
    const desired = inputs.config;
    let changed = false;
    let latest: FunctionConfiguration;

    if (!plan.current) {
      if (dry) {
        log(name, 'dry run: would create the function');
        const sha = theCode.kind === 'image' ? '' : theCode.sha256;
        return { name, arn: '', version: '', 'code-sha256': sha, changed: true };
      }
      latest = await createFunction(plan);
      changed = true;
    } else {
      latest = plan.current;
      if (plan.codeChanged || plan.config.architecture) {
        const body = {
          FunctionName: name,
          Architectures: plan.config.architecture ? [plan.config.architecture] : undefined,
        };
        if (dry) {
          if (theCode.kind === 'zip' && theCode.stage) {
            log(
              name,
              `dry run: would upload the package to s3://${theCode.stage.bucket}/${theCode.stage.key} and update the code`,
            );
          } else {
            // Lambda's own dry run checks permissions and the code location without changing anything.
            await lambda.updateFunctionCode({ ...body, ...(await codeLocation()), DryRun: true });
            log(name, 'dry run: Lambda accepted the code update (UpdateFunctionCode DryRun)');
          }
          changed = true;
        } else {
          const location = await codeLocation();
          await whenIdle(name, 'code update', (idle) =>
            lambda.updateFunctionCode({ ...body, ...location, RevisionId: idle.RevisionId }),
          );
          latest = await waitReady(name, 'after', 'the code update');
          // A tag-only image URI is re-resolved by every update; only a new digest is a change.
          changed = changed || plan.config.architecture !== undefined || latest.CodeSha256 !== plan.current.CodeSha256;
          log(name, `code updated: CodeSha256 ${latest.CodeSha256}`);
        }
      }
      if (!isEmptyUpdate(plan.config.update)) {
        if (dry) {
          log(name, 'dry run: would update the configuration as listed above');
          changed = true;
        } else {
          // Planned again on each fresh read: the merge must lay over the variables as they are now.
          const updated = await whenIdle(name, 'configuration update', async (idle) => {
            const again = planConfiguration(idle, desired);
            if (isEmptyUpdate(again.update)) return false;
            await lambda.updateFunctionConfiguration({
              FunctionName: name,
              ...again.update,
              Runtime: again.update.Runtime as FunctionConfiguration['Runtime'],
              RevisionId: idle.RevisionId,
            });
            return true;
          });
          latest = await waitReady(name, updated ? 'after' : 'before', 'the configuration update');
          if (updated) {
            changed = true;
            log(name, 'configuration updated');
          }
        }
      }
    }

    const arn = latest.FunctionArn ?? '';
    const sha = dry && changed && theCode.kind !== 'image' ? theCode.sha256 : (latest.CodeSha256 ?? '');
    if (!inputs.publish) return { name, arn, version: '$LATEST', 'code-sha256': sha, changed };

    // Publish unless the newest version already is exactly $LATEST: after a run that updated the
    // function but failed before publishing, a re-run then still publishes (and moves the alias).
    let version: string;
    const newest = plan.current && !(dry && changed) ? await newestVersion(name) : undefined;
    if (dry && changed) {
      log(name, 'dry run: would publish a new version');
      version = '';
    } else if (newest?.Version && sameDeployment(latest, newest)) {
      version = newest.Version;
      log(name, `version ${version} already holds this code and configuration`);
    } else if (dry) {
      log(
        name,
        `dry run: would publish $LATEST, which differs from ${newest?.Version ? `version ${newest.Version}` : 'any published version'}`,
      );
      version = '';
      changed = true;
    } else {
      // CodeSha256 and RevisionId pin what was deployed above: if anyone changed the function since,
      // Lambda refuses instead of publishing their change under our name.
      const expected = latest;
      const published = await whenIdle(name, 'publish', () =>
        lambda.publishVersion({ FunctionName: name, CodeSha256: expected.CodeSha256, RevisionId: expected.RevisionId }),
      );
      version = published.Version ?? '';
      changed = true;
      log(name, `published version ${version}`);
    }

    if (inputs.alias) {
      const moved = await pointAlias(name, inputs.alias, version);
      changed = changed || moved;
    }
    return { name, arn, version, 'code-sha256': sha, changed };
  };

  /** Creates the alias or moves it to version; true when it changed (or would, in a dry run). */
  const pointAlias = async (name: string, alias: string, version: string): Promise<boolean> => {
    let current;
    try {
      current = await lambda.getAlias({ FunctionName: name, Name: alias });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (current && current.FunctionVersion === version) {
      log(name, `alias ${alias} already points to version ${version}`);
      return false;
    }
    if (dry) {
      log(
        name,
        `dry run: would ${current ? `move alias ${alias} from version ${current.FunctionVersion}` : `create alias ${alias}`} to the new version`,
      );
      return true;
    }
    if (!current) {
      await lambda.createAlias({ FunctionName: name, Name: alias, FunctionVersion: version });
      log(name, `alias ${alias} created at version ${version}`);
      return true;
    }
    const weights = current.RoutingConfig?.AdditionalVersionWeights ?? {};
    if (Object.keys(weights).length) {
      log(
        name,
        `alias ${alias} had weighted routing (${JSON.stringify(weights)}); it now sends all traffic to ${version}`,
      );
    }
    await lambda.updateAlias({
      FunctionName: name,
      Name: alias,
      FunctionVersion: version,
      RevisionId: current.RevisionId,
      ...(Object.keys(weights).length ? { RoutingConfig: { AdditionalVersionWeights: {} } } : {}),
    });
    log(name, `alias ${alias} moved from version ${current.FunctionVersion} to ${version}`);
    return true;
  };

  const applied = await Promise.allSettled(plans.map(applyOne));
  const results: FunctionResult[] = [];
  const failures: string[] = [];
  applied.forEach((outcome, i) => {
    const name = plans[i]?.name ?? '';
    if (outcome.status === 'fulfilled') results.push(outcome.value);
    else failures.push(`${name}: ${errorMessage(outcome.reason).replace(new RegExp(`^${escapeRegExp(name)}: `), '')}`);
  });
  for (const r of results) {
    host.log.info(
      `${r.name}: ${r.changed ? (dry ? 'would change' : 'deployed') : 'unchanged'}, version ${r.version || '(none)'}`,
    );
  }
  if (failures.length) {
    const done = results.length ? ` (${results.map((r) => r.name).join(', ')} deployed)` : '';
    throw new ReleaseError(`${failures.length} of ${plans.length} function(s) failed${done}: ${failures.join('; ')}`);
  }

  await host.summary(summaryTable(results, dry));
  const first = results[0];
  if (!first) throw new Error('BUG: no function deployed');
  return {
    'function-arn': first.arn,
    version: first.version,
    'code-sha256': first['code-sha256'],
    // With several functions, a step gated on `changed` must run when any of them changed.
    changed: results.some((r) => r.changed),
    functions: JSON.stringify(results),
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function summaryTable(results: FunctionResult[], dry: boolean): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.version || '-'} | ${r.changed ? (dry ? 'would change' : 'yes') : 'no'} | \`${r['code-sha256'] || '-'}\` |`,
  );
  return [
    `### Lambda deploy${dry ? ' (dry run)' : ''}`,
    '',
    '| Function | Version | Changed | CodeSha256 |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
