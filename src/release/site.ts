/**
 * An S3 site in a release: before a release writes, what it will replace or delete is made restorable
 * (the current version id in a versioned bucket; otherwise a server-side copy under the store), and a
 * rollback brings those objects back and removes what the release added, all server-side.
 */
import type { S3 } from '@aws-sdk/client-s3';
import { isAwsError } from '../util/aws-errors.js';
import { mapPool } from '../util/pool.js';
import { changedPaths, inverseKeys, siteKeys, targetName, type ObjectRestore, type SiteChange } from './record.js';
import { isMissing, type ReleaseStore } from './store.js';
import type { TargetKind } from './targets.js';

export type SiteS3 = Pick<S3, 'headObject' | 'copyObject' | 'deleteObjects' | 'getBucketVersioning'>;

export interface SiteKeys {
  added: string[];
  replaced: string[];
  deleted: string[];
}

/** S3 copy sources are URL-encoded, the slashes between key segments kept. */
const copySource = (bucket: string, key: string, versionId?: string): string =>
  `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ''}`;

export async function isVersioned(s3: SiteS3, bucket: string): Promise<boolean> {
  const res = await s3.getBucketVersioning({ Bucket: bucket });
  return res.Status === 'Enabled';
}

/**
 * Makes every key the release will replace or delete restorable, and returns the change to record.
 * A key that is already gone (deleted meanwhile) is recorded as added, so that a rollback removes it.
 */
export async function captureSite(
  s3: SiteS3,
  store: ReleaseStore,
  releaseId: string,
  site: { bucket: string; prefix: string; distributionId?: string },
  keys: SiteKeys,
  /** Keys this release already made restorable (an earlier run of the step): their first state stands. */
  already: ReadonlySet<string> = new Set(),
  concurrency = 16,
): Promise<SiteChange> {
  const versioned = await isVersioned(s3, site.bucket);
  const fresh = (list: string[]): string[] => list.filter((k) => !already.has(k));
  const gone: string[] = [];
  const restoreOf = async (key: string): Promise<ObjectRestore | undefined> => {
    try {
      if (versioned) {
        const head = await s3.headObject({ Bucket: site.bucket, Key: key });
        if (head.VersionId && head.VersionId !== 'null') return { key, versionId: head.VersionId };
        // An object from before versioning was enabled has the version "null": copy it like any other.
      }
      const backupKey = store.backupKey(releaseId, site.bucket, key);
      await s3.copyObject({
        Bucket: store.location.bucket,
        Key: backupKey,
        CopySource: copySource(site.bucket, key),
        MetadataDirective: 'COPY',
        ...store.ownerCheck,
      });
      return { key, backupKey };
    } catch (err) {
      if (!isMissing(err)) throw err;
      gone.push(key);
      return undefined;
    }
  };
  const replaced = (await mapPool(fresh(keys.replaced), concurrency, restoreOf)).filter((r): r is ObjectRestore => !!r);
  const deleted = (await mapPool(fresh(keys.deleted), concurrency, restoreOf)).filter((r): r is ObjectRestore => !!r);
  return {
    kind: 's3-site',
    bucket: site.bucket,
    prefix: site.prefix,
    versioned,
    added: [...fresh(keys.added), ...gone].sort(),
    replaced,
    deleted,
    ...(site.distributionId ? { distributionId: site.distributionId } : {}),
  };
}

/** Checks, without changing anything, that every object a rollback needs is still there. */
export async function missingRestores(s3: SiteS3, store: ReleaseStore, change: SiteChange): Promise<string[]> {
  const missing: string[] = [];
  await mapPool([...change.replaced, ...change.deleted], 16, async (r) => {
    try {
      if (r.versionId) await s3.headObject({ Bucket: change.bucket, Key: r.key, VersionId: r.versionId });
      else if (r.backupKey)
        await s3.headObject({ Bucket: store.location.bucket, Key: r.backupKey, ...store.ownerCheck });
      else missing.push(`${r.key} (no version and no copy was recorded)`);
    } catch (err) {
      if (!isMissing(err) && !isAwsError(err, 'NoSuchVersion', 'InvalidArgument')) throw err;
      missing.push(r.versionId ? `${r.key} version ${r.versionId}` : `${r.key} (copy ${r.backupKey ?? ''})`);
    }
  });
  return missing.sort();
}

/** Brings back what the change replaced or deleted, then removes what it added. Server-side only. */
export async function restoreSite(
  s3: SiteS3,
  store: ReleaseStore,
  change: SiteChange,
  concurrency = 16,
): Promise<void> {
  await mapPool([...change.replaced, ...change.deleted], concurrency, async (r) => {
    const source = r.versionId
      ? copySource(change.bucket, r.key, r.versionId)
      : copySource(store.location.bucket, r.backupKey ?? '');
    // A copy from the store is read only from the store's owner (the default store's account).
    const owner = !r.versionId && store.location.owner ? { ExpectedSourceBucketOwner: store.location.owner } : {};
    await s3.copyObject({ Bucket: change.bucket, Key: r.key, CopySource: source, MetadataDirective: 'COPY', ...owner });
  });
  for (let i = 0; i < change.added.length; i += 1000) {
    const batch = change.added.slice(i, i + 1000);
    const res = await s3.deleteObjects({
      Bucket: change.bucket,
      Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
    });
    const failed = res.Errors ?? [];
    if (failed.length) {
      throw new Error(`${failed.length} object(s) could not be removed, e.g. ${failed[0]?.Key}: ${failed[0]?.Code}`);
    }
  }
}

/** A site in a rollback: its objects restored server-side, what the release added removed, one invalidation. */
export const siteTarget: TargetKind<SiteChange> = {
  describe(c) {
    const restore = c.replaced.length + c.deleted.length;
    const cdn = c.distributionId ? `, invalidate ${changedPaths(c).length} path(s) in ${c.distributionId}` : '';
    return `restore ${restore} object(s) from ${c.versioned ? 'their versions' : 'copies'}, remove ${c.added.length}${cdn}`;
  },
  missing: (deps, change) => missingRestores(deps.s3, deps.store, change),
  moved: (c) => `${targetName(c)} (${c.replaced.length + c.deleted.length} restored, ${c.added.length} removed)`,
  async undo(deps, change, step) {
    const { s3, store } = deps;
    // What this rollback already made restorable (a rollback run again) keeps its first state.
    const recorded = (await store.read(step.releaseId))?.record.changes.find(
      (c) => targetName(c) === targetName(change),
    );
    const own = await captureSite(
      s3,
      store,
      step.releaseId,
      { bucket: change.bucket, prefix: change.prefix, distributionId: change.distributionId },
      inverseKeys(change),
      recorded?.kind === 's3-site' ? siteKeys(recorded) : new Set(),
    );
    await step.record(own);
    await restoreSite(s3, store, change);
    return change.distributionId
      ? { invalidate: { distributionId: change.distributionId, paths: changedPaths(change) } }
      : {};
  },
};
