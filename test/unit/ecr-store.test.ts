import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { adoptExistingImage, revisionOf, type AdoptOptions, type ImageStore } from '../../src/ecr/store.js';
import { ReleaseError } from '../../src/runtime/errors.js';
import { testHost } from '../helpers/host.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const SHA = '0123456789abcdef0123456789abcdef01234567';
const OTHER = 'fedcba9876543210fedcba9876543210fedcba98';

/**
 * An in-memory repository with the ImageStore shape, that records what was asked of it: the
 * decision logic is tested here; the real stores (ECR through moto, the registry) in integration.
 */
function memoryStore(tags: Record<string, string>, revisions: Record<string, string | undefined>) {
  const calls: string[] = [];
  const store: ImageStore = {
    digest: async (tag) => tags[tag],
    revision: async (digest) => {
      calls.push(`revision ${digest}`);
      return revisions[digest];
    },
    addTags: async (digest, wanted, options) => {
      const added = wanted.filter((t) => tags[t] !== digest);
      calls.push(`addTags ${digest} ${added.join(',')}${options.dryRun ? ' (dry run)' : ''}`);
      if (!options.dryRun) for (const t of added) tags[t] = digest;
      return added;
    },
  };
  return { store, tags, calls };
}

const options = (more: Partial<AdoptOptions>): AdoptOptions => ({
  repository: 'app',
  tags: ['r3', 'r1'],
  immutable: () => true,
  revision: SHA,
  dryRun: false,
  ...more,
});

async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ReleaseError);
  return err as Error;
}

describe('adoptExistingImage: existing immutable tags decide before anything is built or written', () => {
  it('no requested immutable tag exists: undefined (build), and nothing is read or written', async () => {
    const m = memoryStore({ other: D1 }, {});
    await expect(adoptExistingImage(m.store, options({}), testHost().log)).resolves.toBeUndefined();
    expect(m.calls).toEqual([]);
  });

  it('only mutable tags exist (an IMMUTABLE_WITH_EXCLUSION repository): build as usual', async () => {
    const m = memoryStore({ latest: D1 }, {});
    const res = await adoptExistingImage(
      m.store,
      options({ tags: ['r3', 'latest'], immutable: (t) => t !== 'latest' }),
      testHost().log,
    );
    expect(res).toBeUndefined();
    expect(m.calls).toEqual([]);
  });

  it('one image built from this commit: the missing tags are added to it, no build', async () => {
    const m = memoryStore({ r1: D1 }, { [D1]: SHA });
    const host = testHost();
    await expect(adoptExistingImage(m.store, options({}), host.log)).resolves.toBe(D1);
    expect(m.calls).toEqual([`revision ${D1}`, `addTags ${D1} r3`]);
    expect(m.tags).toEqual({ r1: D1, r3: D1 });
    expect(host.text()).toContain(`app:r1 already exists as ${D1} and is immutable: nothing is built`);

    // The re-run: every tag is there, nothing is written.
    const again = testHost();
    await expect(adoptExistingImage(m.store, options({}), again.log)).resolves.toBe(D1);
    expect(m.calls.at(-1)).toBe(`addTags ${D1} `);
    expect(again.text()).toContain(`every tag already points at ${D1}: nothing to do`);
  });

  it('a short SHA in the label is the same commit', async () => {
    const m = memoryStore({ r1: D1 }, { [D1]: SHA.slice(0, 7) });
    await expect(adoptExistingImage(m.store, options({}), testHost().log)).resolves.toBe(D1);
  });

  it('an image built from another commit: a clear error, and nothing is written', async () => {
    const m = memoryStore({ r1: D1 }, { [D1]: OTHER });
    const err = await failure(adoptExistingImage(m.store, options({}), testHost().log));
    expect(err.message).toContain(
      `tag r1 already holds an image built from commit ${OTHER}; this run is commit ${SHA}.`,
    );
    expect(m.calls).toEqual([`revision ${D1}`]);
    expect(m.tags['r3']).toBeUndefined();
  });

  it('existing tags on different images: a clear error before the revision is even read', async () => {
    const m = memoryStore({ r1: D1, r2: D2 }, { [D1]: SHA, [D2]: SHA });
    const err = await failure(adoptExistingImage(m.store, options({ tags: ['r3', 'r1', 'r2'] }), testHost().log));
    expect(err.message).toBe(
      `repository app already holds the immutable tags r1 → ${D1}, r2 → ${D2} on different images; no one image can carry them all, so nothing was built or tagged`,
    );
    expect(m.calls).toEqual([]);
    expect(m.tags['r3']).toBeUndefined();
  });

  it('unknown revision on either side: not checked (said so when the image has no label)', async () => {
    const unlabelled = memoryStore({ r1: D1 }, {});
    const host = testHost();
    await expect(adoptExistingImage(unlabelled.store, options({}), host.log)).resolves.toBe(D1);
    expect(host.text()).toContain('has no org.opencontainers.image.revision label');

    const noSha = memoryStore({ r1: D1 }, { [D1]: OTHER });
    await expect(adoptExistingImage(noSha.store, options({ revision: undefined }), testHost().log)).resolves.toBe(D1);
    expect(noSha.calls).toEqual([`addTags ${D1} r3`]);
  });

  it('dry run: checks everything, writes nothing', async () => {
    const m = memoryStore({ r1: D1 }, { [D1]: SHA });
    await expect(adoptExistingImage(m.store, options({ dryRun: true }), testHost().log)).resolves.toBe(D1);
    expect(m.calls).toEqual([`revision ${D1}`, `addTags ${D1} r3 (dry run)`]);
    expect(m.tags['r3']).toBeUndefined();
  });
});

describe('revisionOf reads the label from the image config', () => {
  const config = (labels: Record<string, string> | null) =>
    new TextEncoder().encode(JSON.stringify({ config: { Labels: labels } }));
  const digestOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

  it('single-platform manifest → config blob → Labels', async () => {
    const blobs: string[] = [];
    const manifest = JSON.stringify({ schemaVersion: 2, config: { digest: 'sha256:cfg' } });
    const revision = await revisionOf(manifest, {
      manifest: async () => undefined,
      blob: async (d) => {
        blobs.push(d);
        return config({ 'org.opencontainers.image.revision': SHA });
      },
    });
    expect(revision).toBe(SHA);
    expect(blobs).toEqual(['sha256:cfg']);
  });

  it('an index: the first platform image, skipping attestations', async () => {
    const child = JSON.stringify({ config: { digest: 'sha256:cfg-amd64' } });
    const index = JSON.stringify({
      manifests: [
        { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } },
        { digest: digestOf(child), platform: { os: 'linux', architecture: 'amd64' } },
      ],
    });
    const read: string[] = [];
    const revision = await revisionOf(index, {
      manifest: async (d) => {
        read.push(d);
        return d === digestOf(child) ? child : undefined;
      },
      blob: async (d) => config(d === 'sha256:cfg-amd64' ? { 'org.opencontainers.image.revision': OTHER } : {}),
    });
    expect(revision).toBe(OTHER);
    expect(read).toEqual([digestOf(child)]);
  });

  it('no label, no Labels, or no config: undefined', async () => {
    const manifest = JSON.stringify({ config: { digest: 'sha256:cfg' } });
    await expect(
      revisionOf(manifest, { manifest: async () => undefined, blob: async () => config({}) }),
    ).resolves.toBeUndefined();
    await expect(
      revisionOf(manifest, { manifest: async () => undefined, blob: async () => config(null) }),
    ).resolves.toBeUndefined();
    await expect(
      revisionOf('{}', { manifest: async () => undefined, blob: async () => config({}) }),
    ).resolves.toBeUndefined();
  });
});
