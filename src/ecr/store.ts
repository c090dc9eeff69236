/**
 * What ecr-push does with images that are already in the repository, without building: find the
 * image behind a tag, read the commit it was built from, and put more tags on it. Two stores hold
 * images: ECR itself (its API: BatchGetImage + PutImage, as promote mode uses), and any other
 * registry through the registry HTTP API (a test registry on this machine, or a registry override).
 */
import { ReleaseError } from '../runtime/errors.js';
import type { Log } from '../runtime/host.js';
import { imageByDigest, imageByTag, retag, tagImage, type EcrApi } from './ecr.js';
import { REVISION_LABEL, sameRevision } from './names.js';
import type { RegistryClient } from './registry.js';

export interface ImageStore {
  /** The digest a tag points at, or undefined when the tag does not exist. */
  digest(tag: string): Promise<string | undefined>;
  /** The revision label of an image, or undefined when it has none. */
  revision(digest: string): Promise<string | undefined>;
  /** Points every tag at `digest` (tags already there are left alone) and reads them back; returns the tags added. */
  addTags(digest: string, tags: string[], options: AddTagsOptions, log: Log): Promise<string[]>;
}

export interface AddTagsOptions {
  immutable: (tag: string) => boolean;
  dryRun: boolean;
}

/** How to read the parts of an image that lead to its config: manifests and blobs by digest. */
export interface ImageReader {
  manifest(digest: string): Promise<string | undefined>;
  blob(digest: string): Promise<Uint8Array>;
}

interface ManifestDoc {
  config?: { digest?: unknown };
  manifests?: Array<{ digest?: unknown; platform?: { os?: unknown; architecture?: unknown } }>;
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * The revision label of the image a manifest describes. For an index (multi-platform), the first
 * platform image is read: one build gives every platform the same labels. Attestation entries
 * (platform unknown/unknown) carry no config labels and are skipped.
 */
export async function revisionOf(manifestText: string, reader: ImageReader): Promise<string | undefined> {
  let doc = parseJson<ManifestDoc>(manifestText);
  if (Array.isArray(doc?.manifests)) {
    const child = doc.manifests.find((m) => typeof m.digest === 'string' && m.platform?.os !== 'unknown');
    if (!child) return undefined;
    const text = await reader.manifest(child.digest as string);
    doc = text === undefined ? undefined : parseJson<ManifestDoc>(text);
  }
  const configDigest = doc?.config?.digest;
  if (typeof configDigest !== 'string') return undefined;
  const config = parseJson<{ config?: { Labels?: Record<string, unknown> | null } }>(
    new TextDecoder().decode(await reader.blob(configDigest)),
  );
  const value = config?.config?.Labels?.[REVISION_LABEL];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The repository in ECR: tags and images through the ECR API; only the image config (a blob) comes
 * through the registry, whose client holds the ECR credentials.
 */
export function ecrImageStore(ecr: EcrApi, repository: string, registry: RegistryClient): ImageStore {
  return {
    async digest(tag) {
      return (await imageByTag(ecr, repository, tag))?.digest;
    },
    async revision(digest) {
      const image = await imageByDigest(ecr, repository, digest);
      if (!image) return undefined;
      return revisionOf(image.manifest, {
        manifest: async (d) => (await imageByDigest(ecr, repository, d))?.manifest,
        blob: (d) => registry.blob(repository, d),
      });
    },
    async addTags(digest, tags, options, log) {
      const source = await imageByDigest(ecr, repository, digest);
      if (!source) throw new ReleaseError(`ECR no longer holds ${repository}@${digest}`);
      return (await tagImage(ecr, { repository, source, tags, ...options }, log)).added;
    },
  };
}

/** A repository in another registry (a registry override), through the registry HTTP API. */
export function registryImageStore(registry: RegistryClient, repository: string): ImageStore {
  const name = `${registry.registry}/${repository}`;
  const digestOf = (tag: string): Promise<string | undefined> => registry.manifestDigest(repository, tag);
  return {
    digest: digestOf,
    async revision(digest) {
      const manifest = await registry.manifest(repository, digest);
      if (!manifest) return undefined;
      const text = (m: { body: Uint8Array }): string => new TextDecoder().decode(m.body);
      return revisionOf(text(manifest), {
        manifest: async (d) => {
          const m = await registry.manifest(repository, d);
          return m && text(m);
        },
        blob: (d) => registry.blob(repository, d),
      });
    },
    async addTags(digest, tags, options, log) {
      const source = await registry.manifest(repository, digest);
      if (!source) throw new ReleaseError(`the registry no longer holds ${name}@${digest}`);
      const result = await retag(
        {
          digest,
          tags,
          ...options,
          name,
          holder: name,
          store: 'the registry',
          digestOf,
          putTag: async (tag) => {
            await registry.putManifest(repository, tag, source);
          },
        },
        log,
      );
      return result.added;
    },
  };
}

export interface AdoptOptions {
  repository: string;
  /** Every requested tag, in order. */
  tags: string[];
  immutable: (tag: string) => boolean;
  /** The revision label this run's image would carry (the commit SHA); undefined when unknown. */
  revision?: string;
  dryRun: boolean;
}

/**
 * Decides, BEFORE anything is built or written, what to do when the repository already holds some
 * of the requested tags as immutable tags. ECR never lets go of an immutable tag, so pushing the
 * other tags first and comparing afterwards could leave a failed run's tags behind for good.
 *
 * - No requested immutable tag exists: returns undefined, and the caller builds and pushes.
 * - They point at different images: no one image can carry them all, an error.
 * - They point at one image built from another commit (its revision label): an error.
 * - Otherwise that image is this release: the remaining tags are added to it (no build) and its
 *   digest is returned. A re-run with the same tags changes nothing.
 */
export async function adoptExistingImage(
  store: ImageStore,
  options: AdoptOptions,
  log: Log,
): Promise<string | undefined> {
  const { repository } = options;
  const existing: Array<[string, string]> = [];
  for (const tag of options.tags.filter(options.immutable)) {
    const digest = await store.digest(tag);
    if (digest) existing.push([tag, digest]);
  }
  if (existing.length === 0) return undefined;

  const held = [...new Set(existing.map(([, d]) => d))];
  if (held.length > 1) {
    const list = existing.map(([t, d]) => `${t} → ${d}`).join(', ');
    throw new ReleaseError(
      `repository ${repository} already holds the immutable tags ${list} on different images; no one image can carry them all, so nothing was built or tagged`,
    );
  }
  const digest = held[0] as string;
  const [firstTag] = existing[0] as [string, string];

  if (options.revision) {
    const built = await store.revision(digest);
    if (built && !sameRevision(built, options.revision)) {
      throw new ReleaseError(
        `tag ${firstTag} already holds an image built from commit ${built}; this run is commit ${options.revision}. Immutable tags cannot be moved, so nothing was built or tagged: use new tags for this commit`,
      );
    }
    if (!built)
      log.info(`${repository}@${digest} has no ${REVISION_LABEL} label: which commit built it cannot be checked`);
  }

  log.info(
    `${repository}:${existing.map(([t]) => t).join(', ')} already ${existing.length > 1 ? 'exist' : 'exists'} as ${digest} and ${existing.length > 1 ? 'are' : 'is'} immutable: nothing is built, the image is handed on`,
  );
  const added = await store.addTags(digest, options.tags, options, log);
  if (added.length === 0) log.info(`every tag already points at ${digest}: nothing to do`);
  return digest;
}
