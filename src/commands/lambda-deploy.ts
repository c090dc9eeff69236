import { readFile } from 'node:fs/promises';
import type { FunctionCode, FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { LambdaDeployInputs } from '../definitions/lambda-deploy.js';
import { formatMiB, parseImageUri, stagingKey } from '../lambda/code.js';
import { planConfiguration, sameDeployment } from '../lambda/config.js';
import {
  createFunction,
  hashS3Object,
  newestVersion,
  pointAlias,
  publish,
  readCodeSigning,
  readFunction,
  readTags,
  stagePackage,
  updateCode,
  updateConfiguration,
  waitReady,
  type LambdaApi,
  type S3Api,
  type Waiter,
} from '../lambda/deploy.js';
import { createRequest, planFunction, type Code, type FunctionPlan, type Observed, type Wish } from '../lambda/plan.js';
import { codeSha256, codeSha256Hex, zipDirectory } from '../lambda/zip.js';
import { clientConfig } from '../runtime/aws.js';
import { targetName } from '../release/record.js';
import { inReleaseStep, releaseSettings, type ReleaseSettings } from '../release/session.js';
import { InputError, ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';
import type { OutputValue } from '../runtime/spec.js';

/** Lambda's limit for a package sent in the request itself; larger ones must come from S3. */
export const DIRECT_UPLOAD_LIMIT = 50 * 1024 * 1024;
/** How long one wait for an update (or a creation) may take before the deploy gives up. */
export const MAX_WAIT_MS = 15 * 60 * 1000;

export interface LambdaDeployDeps {
  lambda: LambdaApi;
  /** Set with release-store and an alias: each function is deployed under its lock, the alias move recorded. */
  release?: ReleaseSettings;
  /** Built on first use: only the S3 paths need it. */
  s3: () => Promise<S3Api>;
  host: Host;
  /** Packages larger than this go through s3-bucket (tests lower it). */
  directUploadLimit?: number;
  maxWaitMs?: number;
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
  let s3: S3Api | undefined;
  const getS3 = async (): Promise<S3Api> => {
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
  let release: LambdaDeployDeps['release'];
  if (inputs.release && inputs.alias && !inputs.dryRun) {
    release = await releaseSettings(inputs.release, inputs, (ms) => host.sleep(ms), undefined, host.log);
  } else if (inputs.release && !inputs.alias) {
    host.log.warn('release-store: without an alias there is nothing a rollback could move back; nothing is recorded');
  }
  return execute(inputs, { lambda, s3: getS3, host, release });
}

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

/** The code to deploy: the local package, or the S3 object's hash, or the image URI. */
async function prepareCode(inputs: LambdaDeployInputs, deps: LambdaDeployDeps): Promise<Code> {
  const local = await prepareLocalCode(inputs, deps);
  if (local) return local;
  const source = inputs.code;
  if (source.kind === 's3') {
    const sha256 = await hashS3Object(await deps.s3(), source.bucket, source.key);
    deps.host.log.info(`s3://${source.bucket}/${source.key}: CodeSha256 ${sha256}`);
    return { kind: 's3', bucket: source.bucket, key: source.key, sha256 };
  }
  if (source.kind !== 'image') throw new Error('BUG: no code source');
  if (!parseImageUri(source.uri).digest) {
    deps.host.log.warn(
      `image-uri ${source.uri} names a tag, which may have moved: the code is updated every time. Pass the @sha256 form (ecr-push's image-uri output) to skip unchanged images.`,
    );
  }
  return { kind: 'image', uri: source.uri };
}

/** Where Lambda finds the code; the package reaches S3 at most once, and only when some function needs it. */
function codeLocator(code: Code, deps: LambdaDeployDeps): () => Promise<FunctionCode> {
  let staged: Promise<void> | undefined;
  return async () => {
    if (code.kind === 'image') return { ImageUri: code.uri };
    if (code.kind === 's3') return { S3Bucket: code.bucket, S3Key: code.key };
    if (!code.stage) return { ZipFile: code.bytes };
    const target = code.stage;
    staged ??= deps.s3().then((s3) => stagePackage(s3, target, code, (l) => deps.host.log.info(l)));
    await staged;
    return { S3Bucket: target.bucket, S3Key: target.key };
  };
}

/** Reads what the plan of one function needs: the function, and its tags or code signing when asked. */
async function observe(lambda: LambdaApi, name: string, wish: Wish): Promise<Observed> {
  const found = await readFunction(lambda, name);
  if (!found) return {};
  const arn = found.current.FunctionArn ?? name;
  try {
    return {
      ...found,
      tags: wish.tags ? await readTags(lambda, arn) : undefined,
      codeSigning: wish.codeSigningConfigArn !== undefined ? await readCodeSigning(lambda, name) : undefined,
    };
  } catch (err) {
    throw new ReleaseError(`${name}: cannot read the function: ${errorMessage(err)}`);
  }
}

/** What every step of one function's deployment needs. */
interface Step {
  name: string;
  w: Waiter;
  lambda: LambdaApi;
  dry: boolean;
  code: Code;
  wish: Wish;
  locate: () => Promise<FunctionCode>;
}

/** Where a step leaves the function: its configuration as last read, and whether anything changed. */
interface Progress {
  latest: FunctionConfiguration;
  changed: boolean;
}

/** The RevisionId an update is sent with (undefined: not pinned). */
type Pin = (idle: FunctionConfiguration) => string | undefined;

/** revision-id pins the first change to the revision the plan was made on; later changes pin our own. */
function revisionPin(
  name: string,
  revisionId: string | undefined,
): (idle: FunctionConfiguration) => string | undefined {
  let expected = revisionId;
  return (idle) => {
    if (expected !== undefined && idle.RevisionId !== expected) {
      throw new ReleaseError(`${name}: changed since revision-id ${expected} (now ${idle.RevisionId ?? '?'})`);
    }
    expected = undefined;
    return idle.RevisionId;
  };
}

async function attachCodeSigning(s: Step, plan: FunctionPlan, at: Progress): Promise<Progress> {
  if (!plan.codeSigning) return at;
  if (s.dry) s.w.log('dry run: would attach the code signing configuration');
  else await s.lambda.putFunctionCodeSigningConfig({ FunctionName: s.name, CodeSigningConfigArn: plan.codeSigning });
  return { ...at, changed: true };
}

async function applyCode(s: Step, plan: FunctionPlan, at: Progress, pin: Pin): Promise<Progress> {
  const arch = plan.config.architecture;
  if (!plan.codeChanged && !arch) return at;
  const before = at.latest;
  const body = {
    ...(await s.locate()),
    ...(arch ? { Architectures: [arch] } : {}),
    ...(s.wish.sourceKmsKeyArn ? { SourceKMSKeyArn: s.wish.sourceKmsKeyArn } : {}),
  };
  if (s.dry) {
    if (s.code.kind === 'zip' && s.code.stage) {
      const { bucket, key } = s.code.stage;
      s.w.log(`dry run: would upload the package to s3://${bucket}/${key} and update the code`);
    } else {
      // Lambda's own dry run checks permissions and the code location without changing anything.
      await s.lambda.updateFunctionCode({ FunctionName: s.name, ...body, DryRun: true });
      s.w.log('dry run: Lambda accepted the code update (UpdateFunctionCode DryRun)');
    }
    return { ...at, changed: true };
  }
  await updateCode(s.w, s.name, body, pin);
  const latest = await waitReady(s.w, s.name, 'after', 'the code update');
  if (arch && latest.Architectures?.[0] !== arch) {
    // Otherwise every run would plan (and report) the same change again.
    throw new ReleaseError(
      `${s.name}: Lambda did not apply architectures ${arch}: the function still reports ${latest.Architectures?.join(',') ?? '(none)'}`,
    );
  }
  s.w.log(`code updated: CodeSha256 ${latest.CodeSha256}`);
  // A tag-only image URI is re-resolved by every update; only a new digest is a change. A zip sent
  // again for a new source-kms-key-arn is a change though its hash stays the same.
  const newCode = latest.CodeSha256 !== before.CodeSha256;
  const changed = at.changed || arch !== undefined || newCode || (s.code.kind !== 'image' && plan.codeChanged);
  return { latest, changed };
}

async function applyConfiguration(s: Step, plan: FunctionPlan, at: Progress, pin: Pin): Promise<Progress> {
  if (!Object.keys(plan.config.update).length) return at;
  if (s.dry) {
    s.w.log('dry run: would update the configuration as listed above');
    return { ...at, changed: true };
  }
  // Planned again on the fresh read: the merge of variables must lay over them as they are now.
  const updated = await updateConfiguration(s.w, s.name, (idle) => planConfiguration(idle, s.wish.config).update, pin);
  const latest = await waitReady(s.w, s.name, updated ? 'after' : 'before', 'the configuration update');
  if (updated) s.w.log('configuration updated');
  return { latest, changed: at.changed || updated };
}

async function applyTags(s: Step, plan: FunctionPlan, at: Progress): Promise<Progress> {
  if (!Object.keys(plan.tags.set).length) return at;
  if (s.dry) s.w.log('dry run: would tag the function');
  else await s.lambda.tagResource({ Resource: at.latest.FunctionArn ?? s.name, Tags: plan.tags.set });
  return { ...at, changed: true };
}

/** Publishes (unless the newest version already is $LATEST) and moves the alias. */
async function publishAndPoint(
  s: Step,
  plan: FunctionPlan,
  at: Progress,
  options: {
    publish: boolean;
    alias?: string;
    beforeMove?: (previous: string | undefined, next: string) => Promise<void>;
  },
): Promise<FunctionResult> {
  const { name, dry, code, w } = s;
  const { latest } = at;
  let { changed } = at;
  const arn = latest.FunctionArn ?? '';
  const sha = dry && changed && code.kind !== 'image' ? code.sha256 : (latest.CodeSha256 ?? '');
  if (!options.publish) return { name, arn, version: '$LATEST', 'code-sha256': sha, changed };

  // Publish unless the newest version already is exactly $LATEST: after a run that updated the
  // function but failed before publishing, a re-run then still publishes (and moves the alias).
  let version: string;
  const newest = plan.current && !(dry && changed) ? await newestVersion(s.lambda, name) : undefined;
  if (dry && changed) {
    w.log('dry run: would publish a new version');
    version = '';
  } else if (newest?.Version && sameDeployment(latest, newest)) {
    version = newest.Version;
    w.log(`version ${version} already holds this code and configuration`);
  } else if (dry) {
    w.log(
      `dry run: would publish $LATEST, which differs from ${newest?.Version ? `version ${newest.Version}` : 'any published version'}`,
    );
    version = '';
    changed = true;
  } else {
    version = await publish(w, name, latest);
    changed = true;
    w.log(`published version ${version}`);
  }

  if (options.alias) {
    const record = options.beforeMove;
    const moved = await pointAlias(s.lambda, name, options.alias, version, {
      dryRun: dry,
      log: w.log,
      ...(record ? { beforeMove: (previous: string | undefined) => record(previous, version) } : {}),
    });
    changed = changed || moved;
  }
  return { name, arn, version, 'code-sha256': sha, changed };
}

/** Carries out one function's plan: create it, or code signing, code, configuration and tags in turn; then publish. */
async function deployOne(
  s: Step,
  plan: FunctionPlan,
  inputs: LambdaDeployInputs,
  beforeMove?: (previous: string | undefined, next: string) => Promise<void>,
): Promise<FunctionResult> {
  const publishing = { publish: inputs.publish, alias: inputs.alias, beforeMove };
  if (!plan.current) {
    if (s.dry) {
      s.w.log('dry run: would create the function');
      const sha = s.code.kind === 'image' ? '' : s.code.sha256;
      return { name: s.name, arn: '', version: '', 'code-sha256': sha, changed: true };
    }
    const created = await createFunction(s.w, createRequest(s.name, s.wish, await s.locate()));
    return publishAndPoint(s, plan, { latest: created, changed: true }, publishing);
  }
  const pin = revisionPin(s.name, inputs.revisionId);
  let at: Progress = { latest: plan.current, changed: false };
  at = await attachCodeSigning(s, plan, at);
  at = await applyCode(s, plan, at, pin);
  at = await applyConfiguration(s, plan, at, pin);
  at = await applyTags(s, plan, at);
  return publishAndPoint(s, plan, at, publishing);
}

export async function execute(
  inputs: LambdaDeployInputs,
  deps: LambdaDeployDeps,
): Promise<Record<string, OutputValue>> {
  const { host, lambda } = deps;
  const code = await prepareCode(inputs, deps);
  const wish: Wish = {
    code,
    config: inputs.config,
    sourceKmsKeyArn: inputs.sourceKmsKeyArn,
    tags: inputs.tags,
    codeSigningConfigArn: inputs.codeSigningConfigArn,
    revisionId: inputs.revisionId,
  };
  const locate = codeLocator(code, deps);
  const step = (name: string): Step => ({
    name,
    lambda,
    dry: inputs.dryRun,
    code,
    wish,
    locate,
    w: {
      lambda,
      sleep: (ms) => host.sleep(ms),
      maxWaitMs: deps.maxWaitMs ?? MAX_WAIT_MS,
      log: (line) => host.log.info(`${name}: ${line}`),
    },
  });

  // ── Phase 1: read every function and plan. Nothing changes until every plan is valid. ──
  const planned = await Promise.allSettled(
    inputs.functionNames.map(async (name) => {
      const plan = planFunction(name, await observe(lambda, name, wish), wish);
      for (const line of plan.lines) host.log.info(`${name}: ${line}`);
      return plan;
    }),
  );
  const planErrors = planned.flatMap((p) => (p.status === 'rejected' ? [errorMessage(p.reason)] : []));
  if (planErrors.length) throw new ReleaseError(`nothing was changed: ${planErrors.join('; ')}`);
  const plans = planned.map((p) => (p as PromiseFulfilledResult<FunctionPlan>).value);

  // ── Phase 2: apply, every function in parallel. ──
  const applied = await Promise.allSettled(plans.map((plan) => deployRecorded(step(plan.name), plan, inputs, deps)));
  return report(applied, plans, inputs.dryRun, host);
}

/**
 * deployOne, and with a release store: under the lock of the function's alias, the alias move recorded
 * (the version it served before) just before it happens, so that `rollback` can point it back.
 */
async function deployRecorded(
  s: Step,
  plan: FunctionPlan,
  inputs: LambdaDeployInputs,
  deps: LambdaDeployDeps,
): Promise<FunctionResult> {
  const { release, host } = deps;
  const alias = inputs.alias;
  if (!release || !alias) return deployOne(s, plan, inputs);
  const ref = { kind: 'lambda-alias' as const, functionName: s.name, alias };
  return inReleaseStep(
    // One step per function: functions deploy in parallel, and one's failure must not be hidden by another's success.
    {
      ...release,
      command: `lambda-deploy ${s.name}`,
      context: host.context,
      log: host.log,
      sleep: (ms) => host.sleep(ms),
    },
    targetName(ref),
    (step) =>
      deployOne(s, plan, inputs, (previous, next) =>
        step.record({ ...ref, ...(previous !== undefined ? { previousVersion: previous } : {}), newVersion: next }),
      ),
  );
}

/** One line per function, the summary table, and the outputs; any failure fails the step, naming each. */
async function report(
  applied: PromiseSettledResult<FunctionResult>[],
  plans: FunctionPlan[],
  dry: boolean,
  host: Host,
): Promise<Record<string, OutputValue>> {
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
