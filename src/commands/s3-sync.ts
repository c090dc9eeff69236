import { readFile } from 'node:fs/promises';
import type { CloudFront } from '@aws-sdk/client-cloudfront';
import type { ObjectCannedACL, S3 } from '@aws-sdk/client-s3';
import type { S3SyncInputs } from '../definitions/s3-sync.js';
import { clientConfig } from '../runtime/aws.js';
import { InputError, ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';
import { hashFiles, walkSource } from '../s3/files.js';
import { pathFilter } from '../s3/globs.js';
import { contentTypeFor, firstMatch } from '../s3/headers.js';
import { createInvalidation } from '../s3/cloudfront.js';
import { invalidationPaths, mergeInvalidationPaths } from '../s3/invalidation.js';
import {
  buildFile,
  classify,
  emptyPlan,
  parseState,
  stateFor,
  uploadPhases,
  withPending,
  type HeadInfo,
  type PlannedFile,
  type RemoteObject,
  type SyncPlan,
  type SyncState,
} from '../s3/plan.js';
import { siteKeys, targetName } from '../release/record.js';
import { inReleaseStep, releaseSettings, type ReleaseSettings, type ReleaseStep } from '../release/session.js';
import { captureSite } from '../release/site.js';
import type { ReleaseStore } from '../release/store.js';
import { isAwsError } from '../util/aws-errors.js';
import { mapPool, settlePool } from '../util/pool.js';
import { retry } from '../util/retry.js';

/** Where a sync keeps what it uploaded (see SyncState), relative to the prefix. Never synced or deleted. */
export const STATE_NAME = '.aws-release-kit/s3-sync-state.json';
/** Files at least this large go up in parts (lib-storage), each part retried on its own. */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const UPLOAD_RETRY = { attempts: 4, baseMs: 500, maxMs: 8000 };

export interface S3SyncDeps {
  s3: S3;
  /** Only needed when a distribution id is given. */
  cloudfront?: CloudFront;
  host: Host;
  /** Set with release-store: the sync runs under the site's lock and records how to undo it. */
  release?: ReleaseSettings;
}

export async function run(inputs: S3SyncInputs, host: Host): Promise<Record<string, string | number>> {
  const { S3 } = await import('@aws-sdk/client-s3');
  // Checksums only when an API requires them: third-party S3 (R2, MinIO, older moto) reject the SDK's
  // newer default trailers. Integrity is kept by sending Content-MD5 with every PutObject.
  const s3 = new S3({
    ...clientConfig(inputs, { s3: true }),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  let cloudfront: CloudFront | undefined;
  if (inputs.cloudfrontDistributionId) {
    const { CloudFront } = await import('@aws-sdk/client-cloudfront');
    cloudfront = new CloudFront(clientConfig(inputs));
  }
  const release = inputs.release
    ? await releaseSettings(inputs.release, inputs, (ms) => host.sleep(ms), s3, host.log)
    : undefined;
  return execute(inputs, { s3, cloudfront, host, release });
}

const keyOf = (prefix: string, rel: string): string => (prefix ? `${prefix}/${rel}` : rel);

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

async function listAll(
  s3: S3,
  bucket: string,
  prefix: string | undefined,
  delimiter: string | undefined,
  into: Map<string, RemoteObject>,
): Promise<string[]> {
  const folders: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.listObjectsV2({
      Bucket: bucket,
      Prefix: prefix,
      Delimiter: delimiter,
      ContinuationToken: token,
    });
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined) continue;
      into.set(o.Key, { key: o.Key, etag: (o.ETag ?? '').replace(/"/g, ''), size: o.Size ?? 0 });
    }
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return folders;
}

/**
 * Every object under the prefix. The top level is listed with a delimiter, then each top-level folder
 * in parallel: a listing is a chain of pages, and several chains finish sooner than one long one.
 */
async function listRemote(
  s3: S3,
  bucket: string,
  prefix: string,
  concurrency: number,
): Promise<Map<string, RemoteObject>> {
  const remote = new Map<string, RemoteObject>();
  const base = prefix ? `${prefix}/` : undefined;
  const folders = await listAll(s3, bucket, base, '/', remote);
  await mapPool(folders, Math.min(concurrency, 8), (folder) => listAll(s3, bucket, folder, undefined, remote));
  return remote;
}

async function readState(s3: S3, bucket: string, key: string, host: Host): Promise<SyncState | undefined> {
  try {
    const res = await s3.getObject({ Bucket: bucket, Key: key });
    const state = parseState((await res.Body?.transformToString()) ?? '');
    if (!state)
      host.log.warn(`ignoring unreadable sync state s3://${bucket}/${key}; objects will be compared one by one`);
    return state;
  } catch (err) {
    if (isAwsError(err, 'NoSuchKey', 'NotFound')) return undefined;
    throw err;
  }
}

async function head(s3: S3, bucket: string, key: string): Promise<HeadInfo> {
  const h = await s3.headObject({ Bucket: bucket, Key: key });
  return {
    etag: (h.ETag ?? '').replace(/"/g, ''),
    contentType: h.ContentType,
    cacheControl: h.CacheControl,
    md5: h.Metadata?.['arkit-md5'],
    headers: h.Metadata?.['arkit-h'],
    serverSideEncryption: h.ServerSideEncryption,
  };
}

/** Lists, hashes and compares: everything up to the first write. */
export async function planSync(
  inputs: S3SyncInputs,
  deps: S3SyncDeps,
): Promise<{ plan: SyncPlan; files: PlannedFile[]; remote: Map<string, RemoteObject>; state?: SyncState }> {
  const { s3, host } = deps;
  const stateKey = keyOf(inputs.prefix, STATE_NAME);
  // One filter for both sides: what the walk leaves out is exactly what deletion leaves alone.
  const filter = pathFilter(inputs.exclude, inputs.include);

  // The local side is read first: an empty source is refused before any AWS call.
  const walk = await walkSource(inputs.source, filter);
  for (const link of walk.skippedLinks) host.log.warn(`skipped ${link}: symlink leads outside source (or in a loop)`);
  if (walk.files.length === 0) {
    throw new InputError('source', `${inputs.source} has no files to publish; refusing to sync an empty site`);
  }
  const [md5s, remote, state] = await Promise.all([
    hashFiles(walk.files, inputs.concurrency),
    listRemote(s3, inputs.bucket, inputs.prefix, inputs.concurrency),
    readState(s3, inputs.bucket, stateKey, host),
  ]);
  const files = walk.files.map((f, i) =>
    buildFile({
      key: keyOf(inputs.prefix, f.rel),
      rel: f.rel,
      abs: f.abs,
      size: f.size,
      md5: md5s[i] ?? '',
      contentType: contentTypeFor(f.rel, inputs.contentType),
      cacheControl: firstMatch(inputs.cacheControl, f.rel),
      acl: inputs.acl,
    }),
  );

  const plan = emptyPlan();
  const toCheck: PlannedFile[] = [];
  const sort = (f: PlannedFile, verdict: ReturnType<typeof classify>): void => {
    if (verdict === 'new') plan.create.push(f);
    else if (verdict === 'changed') plan.change.push(f);
    else if (verdict === 'headers') plan.headers.push(f);
    else if (verdict === 'unchanged') plan.unchanged.push(f);
    else toCheck.push(f);
  };
  for (const f of files) sort(f, classify(f, remote.get(f.key), state?.objects[f.key]));
  if (toCheck.length) {
    host.log.info(`checking ${toCheck.length} object(s) the listing cannot settle (HEAD)`);
    const heads = await mapPool(toCheck, inputs.concurrency, (f) => head(s3, inputs.bucket, f.key));
    toCheck.forEach((f, i) => sort(f, classify(f, remote.get(f.key), undefined, heads[i])));
  }

  if (inputs.delete) {
    const local = new Set(files.map((f) => f.key));
    const base = inputs.prefix ? `${inputs.prefix}/` : '';
    for (const key of remote.keys()) {
      if (local.has(key) || key === stateKey) continue;
      // Excluded paths (and everything in an excluded folder) are left alone, as rclone does.
      if (filter.excluded(key.slice(base.length))) continue;
      plan.delete.push(key);
    }
    plan.delete.sort();
  }
  return { plan, files, remote, state };
}

async function uploadOne(f: PlannedFile, inputs: S3SyncInputs, deps: S3SyncDeps): Promise<string> {
  const common = {
    Bucket: inputs.bucket,
    Key: f.key,
    ContentType: f.contentType,
    CacheControl: f.cacheControl,
    ACL: inputs.acl as ObjectCannedACL | undefined,
    Metadata: { 'arkit-md5': f.md5, 'arkit-h': f.fingerprint },
  };
  return retry(
    `upload of ${f.key}`,
    async () => {
      if (f.size >= MULTIPART_THRESHOLD) {
        const { Upload } = await import('@aws-sdk/lib-storage');
        const { createReadStream } = await import('node:fs');
        const up = new Upload({
          client: deps.s3,
          params: { ...common, Body: createReadStream(f.abs) },
          partSize: 8 * 1024 * 1024,
          queueSize: 4,
        });
        const res = await up.done();
        return (res.ETag ?? '').replace(/"/g, '');
      }
      // A Buffer (not a stream) so that the SDK can resend it on a retry.
      const body = await readFile(f.abs);
      const res = await deps.s3.putObject({
        ...common,
        Body: body,
        ContentMD5: Buffer.from(f.md5, 'hex').toString('base64'),
      });
      return (res.ETag ?? '').replace(/"/g, '');
    },
    {
      ...UPLOAD_RETRY,
      retryable: (err) => !isPermanent(err),
      sleep: (ms) => deps.host.sleep(ms),
      log: (line) => deps.host.log.warn(line),
      describe: errorMessage,
    },
  );
}

function isPermanent(err: unknown): boolean {
  return isAwsError(
    err,
    'AccessDenied',
    'NoSuchBucket',
    'InvalidAccessKeyId',
    'SignatureDoesNotMatch',
    'InvalidBucketName',
  );
}

async function uploadPhase(
  label: string,
  files: PlannedFile[],
  inputs: S3SyncInputs,
  deps: S3SyncDeps,
  etags: Map<string, string>,
): Promise<{ bytes: number; failed: string[] }> {
  if (files.length === 0) return { bytes: 0, failed: [] };
  const total = files.reduce((n, f) => n + f.size, 0);
  deps.host.log.info(`${label}: uploading ${files.length} file(s), ${formatBytes(total)}`);
  const step = Math.max(50, Math.ceil(files.length / 10));
  let done = 0;
  let bytes = 0;
  const outcomes = await settlePool(files, inputs.concurrency, async (f) => {
    const etag = await uploadOne(f, inputs, deps);
    etags.set(f.key, etag);
    done++;
    bytes += f.size;
    if (done % step === 0 && done < files.length) {
      deps.host.log.info(`${label}: ${done}/${files.length} file(s), ${formatBytes(bytes)}`);
    }
  });
  const failed: string[] = [];
  outcomes.forEach((o, i) => {
    if (!o.ok) {
      const f = files[i] as PlannedFile;
      failed.push(f.key);
      deps.host.log.error(`upload of ${f.key} failed: ${errorMessage(o.error)}`);
    }
  });
  deps.host.log.info(`${label}: ${done}/${files.length} file(s) uploaded, ${formatBytes(bytes)}`);
  return { bytes, failed };
}

async function deleteKeys(keys: string[], inputs: S3SyncInputs, deps: S3SyncDeps): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const res = await deps.s3.deleteObjects({
      Bucket: inputs.bucket,
      Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
    });
    const errors = res.Errors ?? [];
    if (errors.length) {
      const first = errors[0];
      throw new ReleaseError(
        `${errors.length} of ${batch.length} deletion(s) failed (first: ${first?.Key}: ${first?.Code} ${first?.Message ?? ''})`.trim(),
      );
    }
    deps.host.log.info(`deleted ${Math.min(i + 1000, keys.length)}/${keys.length} object(s)`);
  }
}

/**
 * Refuses a distribution that does not exist (or cannot be read) before anything is written: found out
 * after the uploads, the changed paths would stay cached.
 */
async function checkDistribution(id: string, cf: CloudFront): Promise<void> {
  try {
    await cf.getDistribution({ Id: id });
  } catch (err) {
    const problem = isAwsError(err, 'NoSuchDistribution')
      ? 'does not exist'
      : isAwsError(err, 'AccessDenied')
        ? 'cannot be read (AccessDenied: allow cloudfront:GetDistribution on it)'
        : `could not be checked (${errorMessage(err)})`;
    throw new ReleaseError(`CloudFront distribution ${id} ${problem}; nothing was written.`);
  }
}

async function waitForInvalidation(id: string, invalidationId: string, cf: CloudFront, host: Host): Promise<void> {
  for (let poll = 0; ; poll++) {
    const status = (await cf.getInvalidation({ DistributionId: id, Id: invalidationId })).Invalidation?.Status;
    if (status === 'Completed' || status === 'COMPLETED') break;
    if (poll > 240) throw new ReleaseError(`invalidation ${invalidationId} did not complete within 20 minutes`);
    await host.sleep(5000);
  }
  host.log.info(`CloudFront invalidation ${invalidationId} completed`);
}

function describePlan(plan: SyncPlan, host: Host): void {
  const show = (label: string, keys: string[]): void => {
    if (keys.length === 0) return;
    host.log.info(`${label} (${keys.length}):`);
    for (const k of keys.slice(0, 200)) host.log.info(`  ${k}`);
    if (keys.length > 200) host.log.info(`  ... and ${keys.length - 200} more`);
  };
  show(
    'upload (new)',
    plan.create.map((f) => f.key),
  );
  show(
    'upload (changed)',
    plan.change.map((f) => f.key),
  );
  show(
    'update headers',
    plan.headers.map((f) => f.key),
  );
  show('delete', plan.delete);
}

export async function execute(inputs: S3SyncInputs, deps: S3SyncDeps): Promise<Record<string, string | number>> {
  const { host, release } = deps;
  const target = targetName({ kind: 's3-site', bucket: inputs.bucket, prefix: inputs.prefix });
  if (!release || inputs.dryRun) return syncSite(inputs, deps, target);
  // Planned under the lock: a plan made while another release was still writing would mix the two.
  return inReleaseStep(
    { ...release, command: 's3-sync', context: host.context, log: host.log, sleep: (ms) => host.sleep(ms) },
    target,
    (step) => syncSite(inputs, deps, target, step),
  );
}

async function syncSite(
  inputs: S3SyncInputs,
  deps: S3SyncDeps,
  target: string,
  step?: ReleaseStep,
): Promise<Record<string, string | number>> {
  const { host } = deps;
  const started = Date.now();
  const { plan, files, remote, state } = await host.log.group(`Plan ${inputs.source} -> ${target}`, async () => {
    const result = await planSync(inputs, deps);
    const p = result.plan;
    host.log.info(
      `${result.files.length} local file(s): ${p.create.length} new, ${p.change.length} changed, ${p.headers.length} header-only, ${p.unchanged.length} unchanged; ${p.delete.length} to delete`,
    );
    return result;
  });

  const distributionId = inputs.cloudfrontDistributionId;
  const cf = deps.cloudfront;
  if (distributionId) {
    if (!cf) throw new Error('execute: a CloudFront client is needed with a distribution id');
    await checkDistribution(distributionId, cf);
  }

  // What CloudFront must forget: this run's overwritten and deleted paths (or the given paths, when this
  // run writes anything at all), plus the paths an earlier run left owed (see SyncState.pending).
  let paths: string[] = [];
  if (distributionId) {
    const writes = plan.create.length + plan.change.length + plan.headers.length + plan.delete.length;
    const invalidatedKeys = [...plan.change, ...plan.headers].map((f) => f.key).concat(plan.delete);
    const allKeys = files.map((f) => f.key).concat(plan.delete);
    const own = inputs.invalidationPaths
      ? writes > 0
        ? inputs.invalidationPaths
        : []
      : invalidationPaths(invalidatedKeys, allKeys);
    const owed = state?.pending?.[distributionId] ?? [];
    if (owed.length) host.log.info(`an earlier run left ${owed.length} path(s) to invalidate: ${owed.join(' ')}`);
    paths = mergeInvalidationPaths([own, owed]);
  }

  if (inputs.dryRun) {
    host.log.info('dry run: nothing will be written');
    describePlan(plan, host);
    if (paths.length) host.log.info(`would invalidate in ${distributionId}: ${paths.join(' ')}`);
  }
  if (plan.delete.length > inputs.maxDelete) {
    throw new ReleaseError(
      `the plan deletes ${plan.delete.length} objects from ${target}, more than max-delete (${inputs.maxDelete}); nothing was changed. Check source, or raise max-delete.`,
    );
  }
  if (inputs.dryRun) return outputs(plan, 0, '');
  if (step && deps.release) await recordSite(inputs, deps.release.store, deps.release.releaseId, plan, deps, step);

  let storedText = state ? JSON.stringify(state) : undefined;
  const saveState = async (next: SyncState, ifLost: string): Promise<boolean> => {
    const text = JSON.stringify(next);
    if (text === storedText) return true;
    try {
      await deps.s3.putObject({
        Bucket: inputs.bucket,
        Key: keyOf(inputs.prefix, STATE_NAME),
        Body: text,
        ContentType: 'application/json',
        CacheControl: 'no-store',
      });
      storedText = text;
      return true;
    } catch (err) {
      host.log.warn(`could not save the sync state (${errorMessage(err)}); ${ifLost}`);
      return false;
    }
  };
  const pendingWith = (owed: string[]): SyncState['pending'] =>
    distributionId ? { ...state?.pending, [distributionId]: owed } : state?.pending;

  // Owe the paths before the first write: if an upload, a deletion or the invalidation fails, the next
  // run (which may find nothing left to upload) still invalidates what this one overwrote.
  let owedSaved = false;
  if (paths.length) {
    owedSaved = await saveState(
      withPending(state ?? { version: 1, objects: {} }, pendingWith(paths)),
      'if this run fails, invalidate these paths by hand: ' + paths.join(' '),
    );
  }

  const etags = new Map<string, string>();
  const { assets, entries } = uploadPhases(plan);
  let bytes = 0;
  const phase1 = await uploadPhase('assets', assets, inputs, deps, etags);
  bytes += phase1.bytes;
  if (phase1.failed.length) {
    throw new ReleaseError(
      `${phase1.failed.length} asset upload(s) failed; HTML and other entry files were held back and nothing was deleted, but the assets that did upload are live (a changed file under an unchanged name already serves its new content). Re-run to upload what is still missing.`,
    );
  }
  const phase2 = await uploadPhase('entry files', entries, inputs, deps, etags);
  bytes += phase2.bytes;
  if (phase2.failed.length) {
    throw new ReleaseError(
      `${phase2.failed.length} entry file upload(s) failed; nothing was deleted. Re-run to finish.`,
    );
  }
  if (plan.delete.length) await deleteKeys(plan.delete, inputs, deps);

  // Record what is now there, for the next sync; losing it only costs that sync some HEAD calls.
  const remoteEtags = new Map(etags);
  for (const f of files) {
    const etag = remoteEtags.get(f.key) ?? remote.get(f.key)?.etag;
    if (etag) remoteEtags.set(f.key, etag);
  }
  const synced = stateFor(files, remoteEtags);

  let invalidationId = '';
  if (distributionId && cf && paths.length) {
    try {
      invalidationId = await createInvalidation(distributionId, paths, cf, host);
    } catch (err) {
      // Kept with the new objects; when this save fails, the one made before the uploads still owes them.
      owedSaved =
        (await saveState(withPending(synced, pendingWith(paths)), 'the paths below are not kept')) || owedSaved;
      throw new ReleaseError(
        `the sync finished, but the CloudFront invalidation in ${distributionId} failed (${errorMessage(err)}); ${owedSaved ? 'the next run makes it (the paths are kept in the sync state)' : 'make it by hand'}: ${paths.join(' ')}`,
      );
    }
    await saveState(withPending(synced, pendingWith([])), 'the next sync will invalidate these paths again');
    if (inputs.waitForInvalidation && invalidationId)
      await waitForInvalidation(distributionId, invalidationId, cf, host);
  } else {
    await saveState(withPending(synced, state?.pending), 'the next sync will compare with HEAD calls');
    if (distributionId) host.log.info('nothing changed that CloudFront could have cached: no invalidation');
  }

  const result = outputs(plan, bytes, invalidationId);
  host.log.info(
    `done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${result.uploaded} uploaded, ${result.updated} updated, ${result.deleted} deleted, ${result.unchanged} unchanged, ${formatBytes(bytes)}`,
  );
  await host.summary(
    [
      `### s3-sync: ${target}`,
      '',
      '| uploaded | updated | deleted | unchanged | bytes | invalidation |',
      '| ---: | ---: | ---: | ---: | ---: | --- |',
      `| ${result.uploaded} | ${result.updated} | ${result.deleted} | ${result.unchanged} | ${formatBytes(bytes)} | ${invalidationId || 'none'} |`,
      '',
    ].join('\n'),
  );
  return result;
}

/** Before the first write: makes what this sync replaces or deletes restorable, and records it. */
async function recordSite(
  inputs: S3SyncInputs,
  store: ReleaseStore,
  releaseId: string,
  plan: SyncPlan,
  deps: S3SyncDeps,
  step: ReleaseStep,
): Promise<void> {
  const existing = await store.read(releaseId);
  const site = { kind: 's3-site' as const, bucket: inputs.bucket, prefix: inputs.prefix };
  const earlier = existing?.record.changes.find((c) => targetName(c) === targetName(site));
  const known = earlier?.kind === 's3-site' ? siteKeys(earlier) : new Set<string>();
  const change = await captureSite(
    deps.s3,
    store,
    releaseId,
    { bucket: inputs.bucket, prefix: inputs.prefix, distributionId: inputs.cloudfrontDistributionId },
    {
      added: plan.create.map((f) => f.key),
      // The sync state is written too; restoring it keeps it true to the restored objects.
      replaced: [...plan.change, ...plan.headers].map((f) => f.key).concat(keyOf(inputs.prefix, STATE_NAME)),
      deleted: plan.delete,
    },
    known,
    inputs.concurrency,
  );
  await step.record(change);
  const kept = change.versioned ? 'object versions' : `copies under ${store.uri}`;
  deps.host.log.info(
    `release ${releaseId}: ${change.added.length} added, ${change.replaced.length} replaced, ${change.deleted.length} deleted key(s) recorded (restorable from ${kept})`,
  );
}

function outputs(plan: SyncPlan, bytes: number, invalidationId: string): Record<string, string | number> {
  return {
    uploaded: plan.create.length + plan.change.length,
    updated: plan.headers.length,
    deleted: plan.delete.length,
    unchanged: plan.unchanged.length,
    'bytes-uploaded': bytes,
    'invalidation-id': invalidationId,
  };
}
