/**
 * The revision codedeploy-deploy ships: a local directory (bundled into a deterministic zip and
 * uploaded under a content-addressed key unless the same bytes are already there) or a bundle already
 * in S3. Pure helpers first, then the thin S3 and CodeDeploy calls.
 */
import type { BundleType, CodeDeploy, FileExistsBehavior, RevisionLocation } from '@aws-sdk/client-codedeploy';
import type { S3 } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ReleaseError } from '../runtime/errors.js';
import { httpStatus, isAwsError } from '../util/aws-errors.js';
import type { RevisionFiles } from './appspec.js';

export interface S3Object {
  bucket: string;
  key: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isBucketName(name: string): boolean {
  return BUCKET.test(name) && !name.includes('..');
}

/** s3://bucket/key, or the problem in words. */
export function parseS3Url(url: string): S3Object | string {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!m) return `"${url}" is not s3://bucket/key`;
  const [, bucket = '', key = ''] = m;
  if (!isBucketName(bucket)) return `"${bucket}" is not a valid bucket name`;
  return { bucket, key };
}

/** The bundle type CodeDeploy needs, from the key's extension; undefined when it cannot tell. */
export function bundleTypeFor(key: string): BundleType | undefined {
  const k = key.toLowerCase();
  if (k.endsWith('.zip')) return 'zip';
  if (k.endsWith('.tar.gz') || k.endsWith('.tgz')) return 'tgz';
  if (k.endsWith('.tar')) return 'tar';
  return undefined;
}

/** A key derived from the bundle's bytes: the same bundle always lands on the same key. */
export function contentKey(application: string, sha256Hex: string, prefix = ''): string {
  const p = prefix.replace(/^\/+|\/+$/g, '');
  return `${p ? `${p}/` : ''}${application}/${sha256Hex}.zip`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** "s3://bucket/key" with the version when the bucket keeps versions. */
export function locationText(o: S3Object & { version?: string }): string {
  return `s3://${o.bucket}/${o.key}${o.version ? `?versionId=${o.version}` : ''}`;
}

/** What HeadObject said about an object already at the key. */
export interface ExistingObject {
  eTag?: string;
  versionId?: string;
  /** The sha256 this tool stored in the object's metadata when it uploaded it. */
  sha256?: string;
}

const unquote = (etag: string | undefined): string | undefined => etag?.replace(/^"|"$/g, '');

/**
 * Whether the object at the key already holds these bytes: by the sha256 this tool records, else by
 * a single-part upload's ETag (the MD5). A multipart ETag ("...-3") proves nothing, so it is uploaded again.
 */
export function sameBundle(existing: ExistingObject | undefined, sha256: string, md5: string): boolean {
  if (!existing) return false;
  if (existing.sha256) return existing.sha256 === sha256;
  return unquote(existing.eTag) === md5;
}

/** The revision's files on disk, for the appspec check. */
export function filesAt(root: string): RevisionFiles {
  const stat = (rel: string) => {
    try {
      return statSync(path.join(root, rel));
    } catch {
      return undefined;
    }
  };
  return {
    isFile: (rel) => stat(rel)?.isFile() ?? false,
    isDirectory: (rel) => stat(rel)?.isDirectory() ?? false,
    isExecutable: (rel) => ((stat(rel)?.mode ?? 0) & 0o100) !== 0,
    head: (rel) => {
      const fd = openSync(path.join(root, rel), 'r');
      try {
        const buf = Buffer.alloc(256);
        const n = readSync(fd, buf, 0, buf.length, 0);
        return buf.subarray(0, n).toString('utf8');
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** HeadObject, with "not there" as undefined. */
export async function headBundle(s3: Pick<S3, 'headObject'>, o: S3Object): Promise<ExistingObject | undefined> {
  try {
    const head = await s3.headObject({ Bucket: o.bucket, Key: o.key });
    return {
      ...(head.ETag ? { eTag: unquote(head.ETag) } : {}),
      ...(head.VersionId ? { versionId: head.VersionId } : {}),
      ...(head.Metadata?.['sha256'] ? { sha256: head.Metadata['sha256'] } : {}),
    };
  } catch (err) {
    if (isAwsError(err, 'NotFound', 'NoSuchKey') || httpStatus(err) === 404) return undefined;
    if (isAwsError(err, 'NoSuchBucket')) throw new ReleaseError(`bucket ${o.bucket} does not exist`);
    if (httpStatus(err) === 403) {
      throw new ReleaseError(
        `reading s3://${o.bucket}/${o.key} was denied (403): the role needs s3:GetObject on it (and s3:ListBucket on the bucket to tell a missing key from a denied one)`,
      );
    }
    throw err;
  }
}

export interface UploadedBundle {
  uploaded: boolean;
  eTag?: string;
  versionId?: string;
}

/** Uploads the bundle unless the same bytes are already at the key. */
export async function uploadBundle(
  s3: Pick<S3, 'headObject' | 'putObject'>,
  o: S3Object & { bytes: Uint8Array; dryRun: boolean; log: (m: string) => void },
): Promise<UploadedBundle> {
  const sha = sha256Hex(o.bytes);
  const existing = await headBundle(s3, o);
  const where = locationText(o);
  if (sameBundle(existing, sha, md5Hex(o.bytes))) {
    o.log(`${where} already holds this bundle (sha256 ${sha.slice(0, 12)}…): not uploading it again`);
    return { uploaded: false, ...existing };
  }
  if (o.dryRun) {
    o.log(`dry run: would upload the bundle (${o.bytes.length} bytes) to ${where}`);
    return { uploaded: false };
  }
  const put = await s3.putObject({
    Bucket: o.bucket,
    Key: o.key,
    Body: o.bytes,
    ContentType: 'application/zip',
    Metadata: { sha256: sha },
  });
  o.log(`uploaded the bundle (${o.bytes.length} bytes) to ${where}`);
  return {
    uploaded: true,
    ...(put.ETag ? { eTag: unquote(put.ETag) } : {}),
    ...(put.VersionId ? { versionId: put.VersionId } : {}),
  };
}

export interface DeploymentRequest {
  application: string;
  deploymentGroup: string;
  revision: RevisionLocation;
  description?: string;
  deploymentConfig?: string;
  fileExistsBehavior?: FileExistsBehavior;
}

/** The S3 revision CodeDeploy gets; the ETag (when known) makes the agent check the bytes it downloads. */
export function s3Revision(
  o: S3Object & { bundleType: BundleType; eTag?: string; versionId?: string },
): RevisionLocation {
  return {
    revisionType: 'S3',
    s3Location: {
      bucket: o.bucket,
      key: o.key,
      bundleType: o.bundleType,
      ...(o.eTag && !o.eTag.includes('-') ? { eTag: o.eTag } : {}),
      ...(o.versionId ? { version: o.versionId } : {}),
    },
  };
}

/** CreateDeployment; CodeDeploy's refusals become one sentence saying what to fix. */
export async function startDeployment(cd: Pick<CodeDeploy, 'createDeployment'>, r: DeploymentRequest): Promise<string> {
  try {
    const res = await cd.createDeployment({
      applicationName: r.application,
      deploymentGroupName: r.deploymentGroup,
      revision: r.revision,
      ...(r.description ? { description: r.description } : {}),
      ...(r.deploymentConfig ? { deploymentConfigName: r.deploymentConfig } : {}),
      ...(r.fileExistsBehavior ? { fileExistsBehavior: r.fileExistsBehavior } : {}),
    });
    if (!res.deploymentId) throw new ReleaseError('CreateDeployment returned no deployment id');
    return res.deploymentId;
  } catch (err) {
    const what = `${r.application}/${r.deploymentGroup}`;
    if (isAwsError(err, 'ApplicationDoesNotExistException')) {
      throw new ReleaseError(`CodeDeploy application ${r.application} does not exist (in this region)`);
    }
    if (isAwsError(err, 'DeploymentGroupDoesNotExistException')) {
      throw new ReleaseError(`deployment group ${r.deploymentGroup} does not exist in application ${r.application}`);
    }
    if (isAwsError(err, 'DeploymentConfigDoesNotExistException')) {
      throw new ReleaseError(`deployment config ${r.deploymentConfig ?? '(the group’s)'} does not exist`);
    }
    if (isAwsError(err, 'DeploymentLimitExceededException')) {
      throw new ReleaseError(
        `${what} already has a deployment in progress; CodeDeploy runs one at a time per deployment group (wait for it, or stop it)`,
      );
    }
    if (isAwsError(err, 'InvalidRevisionException', 'RevisionDoesNotExistException')) {
      throw new ReleaseError(`CodeDeploy refused the revision: ${(err as Error).message}`);
    }
    throw err;
  }
}

/** Resolves the revision's directory path and reports a missing appspec.yml plainly. */
export function appspecPath(dir: string): string {
  return path.join(dir, 'appspec.yml');
}
