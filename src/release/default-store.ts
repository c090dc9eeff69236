/**
 * The default release store, for `release-store: default`: a bucket named after the AWS account and
 * region that run the release, `s3://aws-release-kit-<account>-<region>/releases`. Bucket names are
 * global, so a name anyone could create would be a guess; every request to it therefore carries the
 * account as ExpectedBucketOwner, and S3 refuses it (403) when another account owns a bucket of that
 * name: a record is never written to, or read from, somebody else's bucket.
 */
import type { BucketLocationConstraint, S3 } from '@aws-sdk/client-s3';
import type { STS } from '@aws-sdk/client-sts';
import { ReleaseError } from '../runtime/errors.js';
import { httpStatus, isAwsError } from '../util/aws-errors.js';
import { clientConfig, type AwsTarget } from '../runtime/aws.js';
import { isMissing, ReleaseStore, type StoreLocation, type StoreS3 } from './store.js';

export const DEFAULT_STORE = 'default';
export const DEFAULT_PREFIX = 'releases';

/** The store as an input gives it: a location, or `default` (resolved at run time, it needs the account). */
export type StoreChoice = StoreLocation | typeof DEFAULT_STORE;

export function defaultBucketName(account: string, region: string): string {
  return `aws-release-kit-${account}-${region}`.toLowerCase();
}

export interface DefaultStoreDeps {
  sts: Pick<STS, 'getCallerIdentity'>;
  s3: Pick<S3, 'headBucket' | 'createBucket'>;
  region: string;
  log: (line: string) => void;
}

/** The default store's bucket does not exist yet: no step has recorded with `release-store: default`. */
export class NoDefaultStore extends ReleaseError {
  constructor(readonly bucket: string) {
    super(`the default release store s3://${bucket} does not exist yet: no step has recorded a release in it`);
  }
}

/**
 * The location of the store. For `default`: the account's bucket, made when `create` is set and it is
 * missing (a step that records); a listing or a rollback never makes it (NoDefaultStore).
 */
export async function resolveStore(
  choice: StoreChoice,
  deps: () => Promise<DefaultStoreDeps>,
  create: boolean,
): Promise<StoreLocation> {
  if (choice !== DEFAULT_STORE) return choice;
  const { sts, s3, region, log } = await deps();
  const account = (await sts.getCallerIdentity({})).Account;
  if (!account) throw new ReleaseError('release-store default: STS did not say which account runs this');
  const bucket = defaultBucketName(account, region);
  const location: StoreLocation = { bucket, prefix: DEFAULT_PREFIX, owner: account };
  try {
    await s3.headBucket({ Bucket: bucket, ExpectedBucketOwner: account });
    return location;
  } catch (err) {
    if (httpStatus(err) === 403) {
      throw new ReleaseError(
        `release-store default: s3://${bucket} is not a bucket of account ${account} (or this role may not read it); set release-store to a bucket of yours`,
      );
    }
    if (!(isMissing(err) || isAwsError(err, 'NoSuchBucket'))) throw err;
  }
  if (!create) throw new NoDefaultStore(bucket);
  log(`release-store default: creating s3://${bucket} (private, in ${region}) for the release records`);
  try {
    await s3.createBucket({
      Bucket: bucket,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      ObjectOwnership: 'BucketOwnerEnforced',
    });
  } catch (err) {
    // Another run of the same account made it a moment ago: that is the bucket wanted.
    if (!isAwsError(err, 'BucketAlreadyOwnedByYou')) {
      if (isAwsError(err, 'BucketAlreadyExists')) {
        throw new ReleaseError(
          `release-store default: s3://${bucket} belongs to another account; set release-store to a bucket of yours`,
        );
      }
      throw err;
    }
  }
  return location;
}

/** What the store is reached with: its calls, and for the default store a look at (and the making of) its bucket. */
export type StoreClient = StoreS3 & Pick<S3, 'headBucket' | 'createBucket'>;

/** The store a command reads and writes, on `s3` (which must reach the store's region). */
export async function openStore(
  choice: StoreChoice,
  target: AwsTarget,
  s3: StoreClient,
  opts: { create: boolean; log: (line: string) => void; sleep: (ms: number) => Promise<void> },
): Promise<ReleaseStore> {
  const location = await resolveStore(
    choice,
    async () => {
      const { STS } = await import('@aws-sdk/client-sts');
      return { sts: new STS(clientConfig(target)), s3, region: target.region, log: opts.log };
    },
    opts.create,
  );
  return new ReleaseStore(s3, location, opts.sleep);
}
