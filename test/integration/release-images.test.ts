/**
 * Moved image tags in a release, against moto's ECR: ecr-push with a release store records the image
 * each mutable tag named before it moved, and `rollback` points the moved tags back (new tags stay).
 * Images get into moto through PutImage and are released with promote mode (no build); one test builds
 * with buildah to a registry that is not ECR, where nothing can be recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ECR } from '@aws-sdk/client-ecr';
import { S3 } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ecrPush } from '../../src/definitions/ecr-push.js';
import { rollback } from '../../src/definitions/rollback.js';
import { parseRecord, type EcrTagsChange } from '../../src/release/record.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { runCli } from '../helpers/host.js';
import { motoUrl, registryHost, uniqueName } from '../helpers/env.js';

const ecr = new ECR({ region: 'us-east-1', endpoint: motoUrl() });
const s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
const ACCOUNT = '123456789012';
let storeBucket = '';

beforeAll(async () => {
  storeBucket = uniqueName('releases').toLowerCase();
  await s3.createBucket({ Bucket: storeBucket });
});

/** An image manifest of its own (Docker v2 or OCI), and its digest. */
function image(layer: string, mediaType = 'application/vnd.docker.distribution.manifest.v2+json') {
  const oci = mediaType.startsWith('application/vnd.oci.');
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json',
      size: 2,
      digest: `sha256:${'c'.repeat(64)}`,
    },
    layers: [
      {
        mediaType: oci
          ? 'application/vnd.oci.image.layer.v1.tar+gzip'
          : 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 3,
        digest: `sha256:${layer.repeat(64)}`,
      },
    ],
  });
  return { manifest, mediaType, digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}` };
}

const A = image('a');
const B = image('b', 'application/vnd.oci.image.manifest.v1+json');

/** A repository holding image A as build-a and B as build-b. */
async function repository(mutability: 'MUTABLE' | 'IMMUTABLE' = 'MUTABLE'): Promise<string> {
  const name = uniqueName('arkit-release-img');
  await ecr.createRepository({ repositoryName: name, imageTagMutability: mutability });
  for (const [tag, img] of [
    ['build-a', A],
    ['build-b', B],
  ] as const) {
    await ecr.putImage({
      repositoryName: name,
      imageTag: tag,
      imageManifest: img.manifest,
      imageManifestMediaType: img.mediaType,
      imageDigest: img.digest,
    });
  }
  return name;
}

/** Tag → digest, as moto's ECR holds them. */
async function tags(name: string): Promise<Record<string, string>> {
  const res = await ecr.describeImages({ repositoryName: name });
  const out: Record<string, string> = {};
  for (const d of res.imageDetails ?? []) for (const t of d.imageTags ?? []) out[t] = d.imageDigest ?? '';
  return out;
}

const storeUri = (): string => `s3://${storeBucket}/${uniqueName('store')}`;

/** Release `id`: ecr-push promote mode puts `tagList` on the image tagged `source`. */
const release = (store: string, id: string, name: string, source: string, tagList: string, ...more: string[]) =>
  runCli(ecrPush, [
    '--repository',
    name,
    '--source-tag',
    source,
    '--tags',
    tagList,
    '--release-store',
    store,
    '--release-id',
    id,
    '--endpoint-url',
    motoUrl(),
    ...more,
  ]);

const roll = (store: string, ...more: string[]) =>
  runCli(rollback, ['--release-store', store, '--endpoint-url', motoUrl(), ...more]);

async function record(store: string, id: string) {
  const key = `${store.replace(`s3://${storeBucket}/`, '')}/records/${encodeURIComponent(id)}.json`;
  const res = await s3.getObject({ Bucket: storeBucket, Key: key });
  return parseRecord((await res.Body?.transformToString()) ?? '');
}

async function recordIds(store: string): Promise<string[]> {
  const prefix = `${store.replace(`s3://${storeBucket}/`, '')}/records/`;
  const res = await s3.listObjectsV2({ Bucket: storeBucket, Prefix: prefix });
  return (res.Contents ?? []).map((o) => decodeURIComponent((o.Key ?? '').slice(prefix.length, -'.json'.length)));
}

describe('release v1 and v2 of an image, rollback to v1', () => {
  it('latest goes back to v1’s image and v2 stays; rolling the rollback back gives latest to v2 again; a dry run changes nothing', async () => {
    const store = storeUri();
    const name = await repository();
    const v1 = await release(store, 'v1', name, 'build-a', 'v1,latest');
    expect([v1.code, v1.code === 0 ? '' : v1.log]).toEqual([0, '']);
    const v2 = await release(store, 'v2', name, 'build-b', 'v2,latest');
    expect([v2.code, v2.code === 0 ? '' : v2.log]).toEqual([0, '']);
    expect(await tags(name)).toMatchObject({ v1: A.digest, v2: B.digest, latest: B.digest });

    // v1 created both tags; v2 created v2 and moved latest from A to B.
    const target = { kind: 'ecr-tags', registryId: ACCOUNT, region: 'us-east-1', repository: name };
    expect((await record(store, 'v1')).changes).toEqual([
      {
        ...target,
        tags: [
          { tag: 'v1', newDigest: A.digest },
          { tag: 'latest', newDigest: A.digest },
        ],
      },
    ]);
    const recorded = await record(store, 'v2');
    expect(recorded.status).toBe('succeeded');
    expect(recorded.steps).toEqual([expect.objectContaining({ command: 'ecr-push', status: 'succeeded' })]);
    expect(recorded.changes).toEqual([
      {
        ...target,
        tags: [
          { tag: 'v2', newDigest: B.digest },
          { tag: 'latest', previousDigest: A.digest, newDigest: B.digest },
        ],
      },
    ]);

    const dry = await roll(store, '--to', 'v1', '--dry-run', 'true');
    expect([dry.code, dry.code === 0 ? '' : dry.log]).toEqual([0, '']);
    expect(dry.log).toContain(
      `undo v2 on ecr:${ACCOUNT}/us-east-1/${name}: latest from ${B.digest.slice(0, 19)}… back to ${A.digest.slice(0, 19)}…; v2 stays (new in that release: it names its image)`,
    );
    expect(dry.outputs).toMatchObject({ 'rolled-back': 'v2', images: 1 });
    expect(await tags(name)).toMatchObject({ v2: B.digest, latest: B.digest });

    const back = await roll(store, '--to', 'v1');
    expect([back.code, back.code === 0 ? '' : back.log]).toEqual([0, '']);
    expect(back.outputs).toMatchObject({ 'rolled-back': 'v2', to: 'v1', images: 1 });
    expect(await tags(name)).toEqual({
      'build-a': A.digest,
      'build-b': B.digest,
      v1: A.digest,
      latest: A.digest,
      v2: B.digest,
    });
    // The tag is back on A as A was stored: same manifest bytes and media type.
    const latest = await ecr.batchGetImage({
      repositoryName: name,
      imageIds: [{ imageTag: 'latest' }],
      acceptedMediaTypes: [A.mediaType],
    });
    expect(latest.images?.[0]?.imageManifest).toBe(A.manifest);
    expect((await record(store, 'v2')).status).toBe('rolled-back');
    // The rollback recorded its own move, so that it can be undone.
    const rollbackId = String(back.outputs?.['release-id']);
    expect((await record(store, rollbackId)).changes).toEqual([
      { ...target, tags: [{ tag: 'latest', previousDigest: B.digest, newDigest: A.digest }] },
    ]);

    const again = await roll(store, '--to', 'previous');
    expect([again.code, again.code === 0 ? '' : again.log]).toEqual([0, '']);
    expect(again.outputs).toMatchObject({ 'rolled-back': rollbackId, images: 1 });
    expect(await tags(name)).toMatchObject({ v1: A.digest, v2: B.digest, latest: B.digest });
    expect((await record(store, 'v2')).status).toBe('succeeded');

    // latest back on B as B was stored (OCI): PutImage kept its media type.
    const onB = await ecr.batchGetImage({
      repositoryName: name,
      imageIds: [{ imageTag: 'latest' }],
      acceptedMediaTypes: [B.mediaType],
    });
    expect(onB.images?.[0]?.imageManifest).toBe(B.manifest);
    expect(onB.images?.[0]?.imageManifestMediaType).toBe(B.mediaType);
  });

  it('a tag that did not move is not recorded', async () => {
    const store = storeUri();
    const name = await repository();
    expect((await release(store, 'v1', name, 'build-a', 'latest')).code).toBe(0);
    const same = await release(store, 'v1.0.1', name, 'build-a', 'v1.0.1,latest');
    expect(same.code).toBe(0);
    expect(((await record(store, 'v1.0.1')).changes[0] as EcrTagsChange).tags).toEqual([
      { tag: 'v1.0.1', newDigest: A.digest },
    ]);
  });
});

describe('a push that stops half-way', () => {
  it('leaves a record that rollback uses: the tag it had moved goes back', async () => {
    const store = storeUri();
    const name = await repository();
    expect((await release(store, 'v1', name, 'build-a', 'v1,latest')).code).toBe(0);
    // The second PutImage of v2 (its tag v2, after latest moved) is refused.
    const proxy = await startFaultProxy(motoUrl(), [
      {
        match: (req) => String(req.headers['x-amz-target'] ?? '').endsWith('.PutImage'),
        when: (n) => n === 2,
        fault: {
          status: 400,
          contentType: 'application/x-amz-json-1.1',
          body: JSON.stringify({ __type: 'AccessDeniedException', message: 'not allowed here' }),
        },
      },
    ]);
    try {
      const v2 = await runCli(ecrPush, [
        '--repository',
        name,
        '--source-tag',
        'build-b',
        '--tags',
        'latest,v2',
        '--release-store',
        store,
        '--release-id',
        'v2',
        '--endpoint-url',
        proxy.url,
      ]);
      expect(v2.code).toBe(1);
      expect(v2.log).toContain(`ECR refused to tag ${name}:v2`);
    } finally {
      await proxy.close();
    }
    expect(await tags(name)).toMatchObject({ latest: B.digest });
    const stopped = await record(store, 'v2');
    expect(stopped.status).toBe('failed');
    expect((stopped.changes[0] as EcrTagsChange).tags).toEqual([
      { tag: 'latest', previousDigest: A.digest },
      { tag: 'v2' },
    ]);

    const undo = await roll(store, '--undo', 'v2');
    expect([undo.code, undo.code === 0 ? '' : undo.log]).toEqual([0, '']);
    expect(undo.log).toContain(`latest back to ${A.digest.slice(0, 19)}… (the push may have stopped before moving it)`);
    expect(await tags(name)).toMatchObject({ v1: A.digest, latest: A.digest });
  });
});

describe('two releases of one repository at once', () => {
  it('the second waits for the lock on the repository, then records the first one’s image as what latest named', async () => {
    const store = storeUri();
    const name = await repository();
    const lockName = `ecr:${ACCOUNT}/us-east-1/${name}`;
    // The first release's PutImage takes 3 s: it holds the repository's lock a while.
    const proxy = await startFaultProxy(motoUrl(), [
      {
        match: (req) => String(req.headers['x-amz-target'] ?? '').endsWith('.PutImage'),
        when: () => true,
        fault: { delayMs: 3000 },
      },
    ]);
    try {
      const first = runCli(ecrPush, [
        '--repository',
        name,
        '--source-tag',
        'build-a',
        '--tags',
        'latest',
        '--release-store',
        store,
        '--release-id',
        'rel-a',
        '--endpoint-url',
        proxy.url,
      ]);
      const lockPrefix = `${store.replace(`s3://${storeBucket}/`, '')}/locks/`;
      const deadline = Date.now() + 30000;
      while (((await s3.listObjectsV2({ Bucket: storeBucket, Prefix: lockPrefix })).KeyCount ?? 0) === 0) {
        if (Date.now() > deadline) throw new Error('rel-a never took the lock');
        await new Promise((r) => setTimeout(r, 100));
      }
      const second = release(store, 'rel-b', name, 'build-b', 'latest');
      const [a, b] = await Promise.all([first, second]);
      expect([a.code, b.code]).toEqual([0, 0]);
      expect(a.log).toContain(`release rel-a: recording ${lockName} in ${store}`);
      expect(b.log).toMatch(new RegExp(`waiting for ${lockName}: release rel-a .* holds it`));
    } finally {
      await proxy.close();
    }
    expect(await tags(name)).toMatchObject({ latest: B.digest });
    expect((await record(store, 'rel-b')).changes).toEqual([
      expect.objectContaining({ tags: [{ tag: 'latest', previousDigest: A.digest, newDigest: B.digest }] }),
    ]);
  });
});

describe('rollback of image tags refuses what it cannot do, before changing anything', () => {
  it('the image a tag named before was deleted: the reason, exit 1, no tag moved', async () => {
    const store = storeUri();
    const name = await repository();
    expect((await release(store, 'v1', name, 'build-a', 'v1,latest')).code).toBe(0);
    expect((await release(store, 'v2', name, 'build-b', 'v2,latest')).code).toBe(0);
    await ecr.batchDeleteImage({ repositoryName: name, imageIds: [{ imageDigest: A.digest }] });
    const before = await tags(name);

    const res = await roll(store, '--to', 'v1');
    expect(res.code).toBe(1);
    expect(res.log).toContain(
      `cannot roll back to v1: 1 thing(s) it needs are gone (an expired object version, a deleted copy, a deregistered revision), e.g. image ${name}@${A.digest} (for latest); nothing was changed.`,
    );
    expect(await tags(name)).toEqual(before);
    expect(before['latest']).toBe(B.digest);
    expect((await record(store, 'v2')).status).toBe('succeeded');
  });
});

describe('what ecr-push does not record', () => {
  it('an immutable repository: no tag can move, nothing is recorded', async () => {
    const store = storeUri();
    const name = await repository('IMMUTABLE');
    const res = await release(store, 'v1', name, 'build-a', 'v1');
    expect([res.code, res.code === 0 ? '' : res.log]).toEqual([0, '']);
    expect(res.log).toContain(
      `release-store: every tag is immutable in ${name}, so none can move; nothing is recorded`,
    );
    expect(await tags(name)).toMatchObject({ v1: A.digest });
    expect(await recordIds(store)).toEqual([]);
  });

  describe('a registry that is not ECR (built with buildah)', () => {
    let storage = '';
    beforeAll(() => {
      // buildah gets a storage of its own (vfs: no overlay mounts here), as in ecr-push.test.ts.
      storage = mkdtempSync(join(tmpdir(), 'arkit-buildah-'));
      writeFileSync(
        join(storage, 'storage.conf'),
        `[storage]\ndriver = "vfs"\nrunroot = "${storage}/run"\ngraphroot = "${storage}/graph"\n`,
      );
      Object.assign(process.env, {
        CONTAINERS_STORAGE_CONF: join(storage, 'storage.conf'),
        BUILDAH_ISOLATION: 'chroot',
      });
    });
    afterAll(() => rmSync(storage, { recursive: true, force: true }));

    it('one warning that rollback cannot move tags there; the push goes on, nothing is recorded', async () => {
      const store = storeUri();
      const name = uniqueName('arkit-release-foreign');
      const context = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ecr', 'context');
      const res = await runCli(ecrPush, [
        '--repository',
        name,
        '--registry',
        registryHost(),
        '--context',
        context,
        '--container-cli',
        'buildah',
        '--tags',
        'r1,latest',
        '--release-store',
        store,
        '--release-id',
        'r1',
        '--endpoint-url',
        motoUrl(),
      ]);
      expect([res.code, res.code === 0 ? '' : res.log]).toEqual([0, '']);
      expect(res.outputs?.['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
      const warning = `release-store: ${registryHost()} is not the ECR registry of ${name}, so a rollback cannot move its tags back; nothing is recorded for them`;
      expect(res.log.split(warning)).toHaveLength(2);
      expect(await recordIds(store)).toEqual([]);
    });
  });
});
