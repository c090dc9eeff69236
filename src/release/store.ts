/**
 * The release store: `s3://bucket/prefix`, holding
 *   <prefix>/records/<id>.json          one release record each (see record.ts)
 *   <prefix>/backups/<id>/<bucket>/<key> server-side copies of objects a release replaced or deleted
 *                                        (for buckets without versioning)
 *   <prefix>/locks/<sha256 of target>.json  who is releasing to a target right now (see lock.ts)
 * Writes are conditional (If-Match / If-None-Match), so two runs never overwrite each other's record.
 */
import { createHash } from 'node:crypto';
import type { S3 } from '@aws-sdk/client-s3';
import { errorMessage } from '../runtime/errors.js';
import { httpStatus, isAwsError } from '../util/aws-errors.js';
import { retry } from '../util/retry.js';
import { parseRecord, type ReleaseRecord } from './record.js';

export type StoreS3 = Pick<
  S3,
  | 'getObject'
  | 'putObject'
  | 'deleteObject'
  | 'deleteObjects'
  | 'listObjectsV2'
  | 'copyObject'
  | 'headObject'
  | 'getBucketVersioning'
>;

export interface StoreLocation {
  bucket: string;
  prefix: string;
  /** The account that must own the bucket (sent as ExpectedBucketOwner): set for the default store. */
  owner?: string;
}

/** Parses `s3://bucket/prefix`; undefined for anything else. */
export function parseStoreUri(uri: string): StoreLocation | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri.trim());
  if (!m?.[1]) return undefined;
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((s) => s === '.' || s === '..')) return undefined;
  return { bucket: m[1], prefix };
}

/** A write lost a race: the object changed (or appeared) since it was read. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

const isPreconditionFailed = (err: unknown): boolean =>
  isAwsError(err, 'PreconditionFailed', 'ConditionalRequestConflict') ||
  httpStatus(err) === 412 ||
  httpStatus(err) === 409;

export const isMissing = (err: unknown): boolean => isAwsError(err, 'NoSuchKey', 'NotFound') || httpStatus(err) === 404;

export class ReleaseStore {
  constructor(
    readonly s3: StoreS3,
    readonly location: StoreLocation,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** ExpectedBucketOwner for a request to the store bucket, when the owner is known. */
  get ownerCheck(): { ExpectedBucketOwner?: string } {
    return this.location.owner ? { ExpectedBucketOwner: this.location.owner } : {};
  }

  get uri(): string {
    return `s3://${this.location.bucket}/${this.location.prefix}`;
  }

  key(...parts: string[]): string {
    return [this.location.prefix, ...parts].filter(Boolean).join('/');
  }

  recordKey(id: string): string {
    return this.key('records', `${encodeURIComponent(id)}.json`);
  }

  backupKey(id: string, bucket: string, key: string): string {
    return this.key('backups', encodeURIComponent(id), bucket, key);
  }

  lockKey(target: string): string {
    return this.key('locks', `${createHash('sha256').update(target).digest('hex')}.json`);
  }

  /** A JSON object and its ETag; undefined when there is none. */
  async readJson(key: string): Promise<{ text: string; etag: string } | undefined> {
    try {
      const res = await this.s3.getObject({ Bucket: this.location.bucket, Key: key, ...this.ownerCheck });
      return { text: (await res.Body?.transformToString()) ?? '', etag: res.ETag ?? '' };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  /**
   * Writes a JSON object only if it is still as read: `etag` of the version read, or none to create it.
   * Throws ConflictError when another writer came first. Returns the new ETag.
   */
  async writeJson(key: string, body: unknown, etag: string | undefined): Promise<string> {
    try {
      const res = await this.s3.putObject({
        Bucket: this.location.bucket,
        Key: key,
        ...this.ownerCheck,
        Body: `${JSON.stringify(body, null, 2)}\n`,
        ContentType: 'application/json',
        ...(etag ? { IfMatch: etag } : { IfNoneMatch: '*' }),
      });
      return res.ETag ?? '';
    } catch (err) {
      if (isPreconditionFailed(err)) throw new ConflictError(`${key} was changed by another run`);
      throw err;
    }
  }

  async deleteIfUnchanged(key: string, etag: string): Promise<boolean> {
    try {
      await this.s3.deleteObject({ Bucket: this.location.bucket, Key: key, IfMatch: etag, ...this.ownerCheck });
      return true;
    } catch (err) {
      if (isPreconditionFailed(err) || isMissing(err)) return false;
      throw err;
    }
  }

  async read(id: string): Promise<{ record: ReleaseRecord; etag: string } | undefined> {
    const found = await this.readJson(this.recordKey(id));
    return found ? { record: parseRecord(found.text), etag: found.etag } : undefined;
  }

  /**
   * Read-modify-write of one record, retried when another writer came first. `change` gets the stored
   * record, or undefined when there is none yet.
   */
  async update(id: string, change: (current: ReleaseRecord | undefined) => ReleaseRecord): Promise<ReleaseRecord> {
    return retry(
      `release record ${id}`,
      async () => {
        const current = await this.read(id);
        const next = change(current?.record);
        await this.writeJson(this.recordKey(id), next, current?.etag);
        return next;
      },
      // Several steps of a release (parallel functions, services) may write the record at once.
      { attempts: 10, baseMs: 100, maxMs: 2000, retryable: (err) => err instanceof ConflictError, sleep: this.sleep },
    );
  }

  /** Every record in the store, oldest first (a record that cannot be read is reported, not fatal). */
  async list(
    onUnreadable: (key: string, problem: string) => void = () => {},
    /** Only records written since then (S3's LastModified), when given. */
    modifiedSince?: Date,
  ): Promise<ReleaseRecord[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.listObjectsV2({
        Bucket: this.location.bucket,
        ...this.ownerCheck,
        Prefix: `${this.key('records')}/`,
        ContinuationToken: token,
      });
      for (const o of page.Contents ?? []) {
        if (!o.Key?.endsWith('.json')) continue;
        if (modifiedSince && o.LastModified && o.LastModified < modifiedSince) continue;
        keys.push(o.Key);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const records: ReleaseRecord[] = [];
    for (const key of keys) {
      const found = await this.readJson(key);
      if (!found) continue;
      try {
        records.push(parseRecord(found.text));
      } catch (err) {
        onUnreadable(key, errorMessage(err));
      }
    }
    return records.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
  }
}
