import { existsSync, statSync } from 'node:fs';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError } from '../runtime/errors.js';
import type { InputReader } from '../runtime/inputs.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
import { isValidGlob } from '../s3/globs.js';
import { readReleaseOptions, releaseInputs, type ReleaseOptions } from './release-inputs.js';
import type { GlobRule } from '../s3/headers.js';

export interface S3SyncInputs extends AwsCommon {
  source: string;
  bucket: string;
  /** Key prefix without leading or trailing slash ('' for the bucket root). */
  prefix: string;
  delete: boolean;
  maxDelete: number;
  exclude: string[];
  include: string[];
  cacheControl: GlobRule[];
  contentType: GlobRule[];
  acl?: string;
  concurrency: number;
  cloudfrontDistributionId?: string;
  invalidationPaths?: string[];
  waitForInvalidation: boolean;
  /** Set with release-store: record the sync in the release and lock the site. */
  release?: ReleaseOptions;
}

const ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;

function globList(reader: InputReader, name: string): string[] {
  const globs = reader.list(name);
  for (const glob of globs) if (!isValidGlob(glob)) throw new InputError(name, `"${glob}" is not a valid glob`);
  return globs;
}

function globRules(reader: InputReader, name: string): GlobRule[] {
  return reader.pairs(name).map(({ key, value }) => {
    if (!isValidGlob(key)) throw new InputError(name, `"${key}" is not a valid glob`);
    if (value === '') throw new InputError(name, `the value for "${key}" is empty`);
    return { glob: key, value };
  });
}

/** The store holds copies of replaced objects: inside the synced prefix it would be published (or deleted). */
function storeOutside(release: ReleaseOptions | undefined, bucket: string, prefix: string): ReleaseOptions | undefined {
  // The default store's bucket is named after the account (aws-release-kit-<account>-<region>), never a site's.
  if (!release || release.store === 'default' || release.store.bucket !== bucket) return release;
  const inside = prefix === '' || release.store.prefix === prefix || release.store.prefix.startsWith(`${prefix}/`);
  if (inside) {
    throw new InputError(
      'release-store',
      `is inside the synced site s3://${bucket}/${prefix}; keep the store out of it`,
    );
  }
  return release;
}

export const s3Sync: CommandDefinition<S3SyncInputs> = {
  name: 's3-sync',
  title: 'Sync a static site to S3',
  description: 'Upload only what changed (by content) to S3, then invalidate exactly those paths in CloudFront.',
  inputs: {
    source: { description: 'Local directory to publish (the build output).', required: true },
    bucket: { description: 'Target S3 bucket name.', required: true },
    prefix: { description: 'Key prefix in the bucket (a folder), without leading slash.', default: '' },
    delete: {
      description: 'Remove objects under the prefix that are not in source (only after every upload succeeded).',
      default: 'false',
    },
    'max-delete': {
      description: 'Refuse, before writing anything, when the plan deletes more objects than this.',
      default: '1000',
    },
    exclude: { description: 'Glob of local paths to leave out (relative to source).', multiple: true },
    include: { description: 'Glob of excluded paths to bring back in.', multiple: true },
    'cache-control': {
      description: 'Lines GLOB=VALUE; the first matching glob sets Cache-Control, e.g. **/*.html=no-cache.',
      multiple: true,
    },
    'content-type': { description: 'Lines GLOB=TYPE overriding the detected Content-Type.', multiple: true },
    acl: { description: `Canned ACL for uploaded objects (${ACLS.join(', ')}); none by default.` },
    concurrency: { description: 'Parallel uploads and hashes.', default: '16' },
    'cloudfront-distribution-id': { description: 'Invalidate the changed paths in this CloudFront distribution.' },
    'invalidation-paths': {
      description: 'Paths to invalidate instead of the computed ones (e.g. /*).',
      multiple: true,
    },
    'wait-for-invalidation': { description: 'Wait until the invalidation completes.', default: 'false' },
    ...releaseInputs,
    ...awsInputs,
  },
  outputs: {
    uploaded: 'Objects uploaded (new or changed content).',
    updated: 'Objects whose content was unchanged but whose headers were updated.',
    deleted: 'Objects deleted.',
    unchanged: 'Objects left as they were.',
    'bytes-uploaded': 'Bytes uploaded.',
    'invalidation-id': 'CloudFront invalidation id, empty when none was made.',
  },
  parse(reader, context) {
    const aws = readAwsCommon(reader, context);
    const source = reader.path('source', existsSync) ?? reader.required('source');
    if (!existsSync(source)) throw new InputError('source', `directory ${source} does not exist`);
    if (!statSync(source).isDirectory()) throw new InputError('source', `${source} is not a directory`);
    const bucket = reader.required('bucket');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new InputError('bucket', `"${bucket}" is not a valid bucket name`);
    }
    const prefix = reader.value('prefix').replace(/^\/+|\/+$/g, '');
    if (prefix.split('/').some((seg) => seg === '..' || seg === '.')) {
      throw new InputError('prefix', 'must not contain . or .. segments');
    }
    const paths = reader.list('invalidation-paths');
    for (const p of paths)
      if (!p.startsWith('/')) throw new InputError('invalidation-paths', `"${p}" must start with /`);
    const distribution = reader.string('cloudfront-distribution-id');
    if (distribution && !/^[A-Z0-9]+$/.test(distribution)) {
      throw new InputError('cloudfront-distribution-id', `"${distribution}" is not a distribution id`);
    }
    return {
      ...aws,
      source,
      bucket,
      prefix,
      delete: reader.boolean('delete'),
      maxDelete: reader.requiredInt('max-delete', { min: 0 }),
      exclude: globList(reader, 'exclude'),
      include: globList(reader, 'include'),
      cacheControl: globRules(reader, 'cache-control'),
      contentType: globRules(reader, 'content-type'),
      acl: reader.choice('acl', ACLS),
      concurrency: reader.requiredInt('concurrency', { min: 1, max: 256 }),
      cloudfrontDistributionId: distribution,
      invalidationPaths: paths.length ? paths : undefined,
      waitForInvalidation: reader.boolean('wait-for-invalidation'),
      release: storeOutside(readReleaseOptions(reader, context), bucket, prefix),
    };
  },
  load: () => import('../commands/s3-sync.js'),
};
