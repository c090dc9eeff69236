import { describe, expect, it } from '@jest/globals';
import {
  defaultBucketName,
  NoDefaultStore,
  resolveStore,
  type DefaultStoreDeps,
} from '../../src/release/default-store.js';
import { ReleaseStore, type StoreS3 } from '../../src/release/store.js';

/** An AWS SDK error as the SDK throws it: a name and the HTTP status. */
const awsError = (name: string, status: number): Error =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

function fakeDeps(head: () => Promise<unknown>, create: () => Promise<unknown> = async () => ({})) {
  const calls: Array<[string, unknown]> = [];
  const deps: DefaultStoreDeps = {
    sts: { getCallerIdentity: async () => ({ Account: '111122223333', $metadata: {} }) } as never,
    s3: {
      headBucket: async (input: unknown) => {
        calls.push(['headBucket', input]);
        return head();
      },
      createBucket: async (input: unknown) => {
        calls.push(['createBucket', input]);
        return create();
      },
    } as never,
    region: 'ap-northeast-2',
    log: () => {},
  };
  return { deps: async () => deps, calls };
}

describe('the default release store', () => {
  it('is named after the account and region, and an explicit store is taken as given', async () => {
    expect(defaultBucketName('111122223333', 'ap-northeast-2')).toBe('aws-release-kit-111122223333-ap-northeast-2');
    const { deps, calls } = fakeDeps(async () => ({}));
    expect(await resolveStore({ bucket: 'mine', prefix: 'rel' }, deps, true)).toEqual({
      bucket: 'mine',
      prefix: 'rel',
    });
    expect(calls).toEqual([]);
  });

  it('asks S3 for the bucket with the account as its expected owner, and names that owner', async () => {
    const { deps, calls } = fakeDeps(async () => ({}));
    expect(await resolveStore('default', deps, true)).toEqual({
      bucket: 'aws-release-kit-111122223333-ap-northeast-2',
      prefix: 'releases',
      owner: '111122223333',
    });
    expect(calls).toEqual([
      ['headBucket', { Bucket: 'aws-release-kit-111122223333-ap-northeast-2', ExpectedBucketOwner: '111122223333' }],
    ]);
  });

  it('refuses a bucket of that name that another account owns (403), without creating anything', async () => {
    const { deps, calls } = fakeDeps(async () => {
      throw awsError('Forbidden', 403);
    });
    await expect(resolveStore('default', deps, true)).rejects.toThrow(
      /aws-release-kit-111122223333-ap-northeast-2 is not a bucket of account 111122223333/,
    );
    expect(calls.map(([name]) => name)).toEqual(['headBucket']);
  });

  it('creates a missing bucket in its region for a step that records; a listing gets NoDefaultStore', async () => {
    const missing = async () => {
      throw awsError('NotFound', 404);
    };
    const made = fakeDeps(missing);
    await resolveStore('default', made.deps, true);
    expect(made.calls[1]).toEqual([
      'createBucket',
      {
        Bucket: 'aws-release-kit-111122223333-ap-northeast-2',
        CreateBucketConfiguration: { LocationConstraint: 'ap-northeast-2' },
        ObjectOwnership: 'BucketOwnerEnforced',
      },
    ]);
    const listing = fakeDeps(missing);
    await expect(resolveStore('default', listing.deps, false)).rejects.toBeInstanceOf(NoDefaultStore);
    expect(listing.calls.map(([name]) => name)).toEqual(['headBucket']);
  });

  it('takes a bucket another run of the account made a moment ago, and refuses one another account took', async () => {
    const missing = async () => {
      throw awsError('NotFound', 404);
    };
    const raced = fakeDeps(missing, async () => {
      throw awsError('BucketAlreadyOwnedByYou', 409);
    });
    await expect(resolveStore('default', raced.deps, true)).resolves.toMatchObject({ owner: '111122223333' });
    const taken = fakeDeps(missing, async () => {
      throw awsError('BucketAlreadyExists', 409);
    });
    await expect(resolveStore('default', taken.deps, true)).rejects.toThrow(/belongs to another account/);
  });

  it('sends the expected owner with every read and write of the store', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const s3 = new Proxy(
      {},
      {
        get: (_t, name: string) => async (input: Record<string, unknown>) => {
          seen.push({ call: name, ...input });
          if (name === 'getObject') throw awsError('NoSuchKey', 404);
          if (name === 'listObjectsV2') return { Contents: [] };
          return { ETag: '"e"' };
        },
      },
    ) as StoreS3;
    const store = new ReleaseStore(s3, { bucket: 'b', prefix: 'releases', owner: '111122223333' }, async () => {});
    await store.update('v1', () => ({ id: 'v1' }) as never);
    await store.list();
    await store.deleteIfUnchanged('releases/locks/x.json', '"e"');
    expect(seen.map((c) => c.call)).toEqual(['getObject', 'putObject', 'listObjectsV2', 'deleteObject']);
    for (const call of seen) expect(call).toMatchObject({ Bucket: 'b', ExpectedBucketOwner: '111122223333' });
  });
});
