/**
 * `release-store: default`, against moto: the first step that records makes the account's bucket
 * (aws-release-kit-<account>-<region>) and writes its record under releases/; `releases` and `rollback`
 * find the same store without being told.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { S3 } from '@aws-sdk/client-s3';
import { STS } from '@aws-sdk/client-sts';
import { releases } from '../../src/definitions/releases.js';
import { rollback } from '../../src/definitions/rollback.js';
import { s3Sync } from '../../src/definitions/s3-sync.js';
import { parseRecord, type ReleaseRecord } from '../../src/release/record.js';
import { runCli } from '../helpers/host.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });

const trees = new TempDirs('arkit-default-store-');
afterAll(() => trees.cleanup());
const siteDir = (files: Record<string, string>): string => trees.make(files);

async function contents(bucket: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const o of (await s3.listObjectsV2({ Bucket: bucket })).Contents ?? []) {
    const key = o.Key ?? '';
    if (key.startsWith('.aws-release-kit/')) continue;
    out[key] = (await (await s3.getObject({ Bucket: bucket, Key: key })).Body?.transformToString()) ?? '';
  }
  return out;
}

describe('release-store: default', () => {
  it('makes the account’s bucket on the first record; releases and rollback find it without being told', async () => {
    const account = (await new STS({ region: 'us-east-1', endpoint: motoUrl() }).getCallerIdentity({})).Account;
    expect(account).toMatch(/^\d{12}$/);
    const storeBucket = `aws-release-kit-${account}-us-east-1`;
    const site = uniqueName('default-site').toLowerCase();
    await s3.createBucket({ Bucket: site });
    const [d1, d2] = [uniqueName('d1'), uniqueName('d2')];
    const sync = (id: string, files: Record<string, string>) =>
      runCli(s3Sync, [
        ...['--source', siteDir(files), '--bucket', site, '--delete', 'true'],
        ...['--release-store', 'default', '--release-id', id, '--endpoint-url', motoUrl()],
      ]);

    const first = await sync(d1, { 'index.html': 'one', 'a.js': 'a1' });
    expect(first.code).toBe(0);
    expect(first.log).toContain(`creating s3://${storeBucket}`);
    const stored = await s3.getObject({ Bucket: storeBucket, Key: `releases/records/${d1}.json` });
    expect(parseRecord((await stored.Body?.transformToString()) ?? '')).toMatchObject({ id: d1, status: 'succeeded' });

    const second = await sync(d2, { 'index.html': 'two', 'b.js': 'b2' });
    expect(second.code).toBe(0);
    expect(second.log).not.toContain('creating s3://');
    expect(await contents(site)).toEqual({ 'index.html': 'two', 'b.js': 'b2' });

    // No release-store given: the default store, and with --json the whole records.
    const listed = await runCli(releases, ['--json', '--endpoint-url', motoUrl()]);
    expect(listed.code).toBe(0);
    expect(listed.log).not.toContain('| release |');
    const records = JSON.parse(String(listed.outputs?.releases)) as ReleaseRecord[];
    const ours = records.filter((r) => r.id === d1 || r.id === d2);
    expect(ours.map((r) => r.id)).toEqual([d2, d1]);
    expect(ours[0]?.changes[0]).toMatchObject({ kind: 's3-site', bucket: site, added: ['b.js'] });
    expect(ours[0]?.steps).toEqual([expect.objectContaining({ command: 's3-sync', status: 'succeeded' })]);

    const back = await runCli(rollback, ['--undo', d2, '--endpoint-url', motoUrl()]);
    expect(back.code).toBe(0);
    expect(back.outputs?.['rolled-back']).toBe(d2);
    expect(await contents(site)).toEqual({ 'index.html': 'one', 'a.js': 'a1' });
  });

  it('a listing never makes the bucket: another region’s default store that does not exist lists nothing', async () => {
    const listed = await runCli(releases, ['--region', 'eu-west-3', '--endpoint-url', motoUrl()]);
    expect(listed.code).toBe(0);
    expect(listed.outputs?.count).toBe(0);
    const buckets = (await s3.listBuckets({})).Buckets?.map((b) => b.Name) ?? [];
    expect(buckets.filter((b) => b?.endsWith('-eu-west-3'))).toEqual([]);
  });
});
