/**
 * Image tags in a release: the image each mutable tag of an ECR repository pointed at before ecr-push
 * moved it. A rollback points every moved tag back at that image by writing its manifest under the tag
 * again (PutImage: nothing is pulled or pushed). A tag the release created stays where it is: it names
 * that release's image, and nothing else was there to go back to.
 */
import type { ECR } from '@aws-sdk/client-ecr';
import { imageByDigest, imageByTag, type ImageReadApi } from '../ecr/ecr.js';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import { isAwsError } from '../util/aws-errors.js';
import type { EcrTagsChange, TagMove } from './record.js';
import type { TargetKind } from './targets.js';

export type TagsEcr = Pick<ECR, 'describeImages' | 'batchGetImage' | 'putImage'>;

/** Where the tags live: the repository, its registry's account and its region. */
export type TagsTarget = Pick<EcrTagsChange, 'kind' | 'registryId' | 'region' | 'repository'>;

/** The account of an ECR registry host (123456789012.dkr.ecr.eu-west-1.amazonaws.com): it leads every ECR URI. */
export function registryIdOf(registry: string | undefined): string | undefined {
  return /^(\d{12})\./.exec(registry ?? '')?.[1];
}

/** The digest each tag points at now (undefined: there is no such tag). */
export async function tagDigests(
  ecr: ImageReadApi,
  target: TagsTarget,
  tags: string[],
): Promise<Map<string, string | undefined>> {
  const found = await Promise.all(
    tags.map(async (tag) => [tag, (await imageByTag(ecr, target.repository, tag, target.registryId))?.digest] as const),
  );
  return new Map(found);
}

/** Before a push whose digest is not known yet: every tag that may move, with what it points at now. */
export function tagsBefore(before: Map<string, string | undefined>): TagMove[] {
  return [...before].map(([tag, previousDigest]) => ({ tag, ...(previousDigest ? { previousDigest } : {}) }));
}

/** After the push: every tag now on `digest`, from where it was (mergeTags drops the ones that stayed). */
export function tagsAfter(before: Map<string, string | undefined>, digest: string): TagMove[] {
  return tagsBefore(before).map((m) => ({ ...m, newDigest: digest }));
}

/** sha256:0123456789ab…, enough to tell images apart in a plan line. */
export function shortDigest(digest: string): string {
  return /^sha256:[0-9a-f]{64}$/.test(digest) ? `${digest.slice(0, 'sha256:'.length + 12)}…` : digest;
}

/** The plan line of an image-tags change: which tags go back to which image, which stay. */
export function describeTags(change: EcrTagsChange): string {
  const parts: string[] = [];
  const kept: string[] = [];
  for (const m of change.tags) {
    if (m.previousDigest === undefined) {
      kept.push(m.tag);
    } else if (m.newDigest === undefined) {
      parts.push(`${m.tag} back to ${shortDigest(m.previousDigest)} (the push may have stopped before moving it)`);
    } else {
      parts.push(`${m.tag} from ${shortDigest(m.newDigest)} back to ${shortDigest(m.previousDigest)}`);
    }
  }
  if (kept.length) {
    parts.push(
      `${kept.join(', ')} ${kept.length > 1 ? 'stay' : 'stays'} (new in that release: ${kept.length > 1 ? 'they name' : 'it names'} its image)`,
    );
  }
  return parts.length ? parts.join('; ') : 'no tag to move back';
}

/** The tags a rollback moves back, each with the image it goes back to. */
export function tagsToRestore(change: EcrTagsChange): Array<{ tag: string; digest: string }> {
  return change.tags.flatMap((m) => (m.previousDigest === undefined ? [] : [{ tag: m.tag, digest: m.previousDigest }]));
}

/** What a rollback of this change needs that is gone (the images to go back to), without changing anything. */
export async function missingImages(ecr: TagsEcr, change: EcrTagsChange): Promise<string[]> {
  const byDigest = new Map<string, string[]>();
  for (const { tag, digest } of tagsToRestore(change)) byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
  const missing: string[] = [];
  for (const [digest, tags] of byDigest) {
    try {
      const res = await ecr.describeImages({
        registryId: change.registryId,
        repositoryName: change.repository,
        imageIds: [{ imageDigest: digest }],
      });
      if (res.imageDetails?.length) continue;
    } catch (err) {
      if (isAwsError(err, 'RepositoryNotFoundException')) return [`ECR repository ${change.repository}`];
      if (!isAwsError(err, 'ImageNotFoundException')) throw err;
    }
    missing.push(`image ${change.repository}@${digest} (for ${tags.join(', ')})`);
  }
  return missing;
}

/** Points `tag` at the image `digest` again, with that image's own manifest and media type. */
export async function restoreTag(ecr: TagsEcr, target: TagsTarget, tag: string, digest: string): Promise<void> {
  const { repository, registryId } = target;
  const image = await imageByDigest(ecr, repository, digest, registryId);
  if (!image) throw new ReleaseError(`ECR no longer holds ${repository}@${digest}, so ${tag} cannot go back to it`);
  try {
    await ecr.putImage({
      registryId,
      repositoryName: repository,
      imageTag: tag,
      imageManifest: image.manifest,
      imageManifestMediaType: image.mediaType,
      // ECR checks the manifest against it: the tag cannot end up on another image.
      imageDigest: image.digest,
    });
  } catch (err) {
    // The tag is on that image already (another run put it back first): the wanted state.
    if (!isAwsError(err, 'ImageAlreadyExistsException'))
      throw new ReleaseError(`ECR refused to point ${repository}:${tag} back at ${digest}: ${errorMessage(err)}`);
  }
}

/** Image tags in a rollback: each moved tag back on the image it named before; new tags stay. */
export const imageTarget: TargetKind<EcrTagsChange> = {
  describe: describeTags,
  missing: async (deps, change) => missingImages(await deps.ecr(change.region), change),
  moved: (c) =>
    `${c.repository}: ${
      tagsToRestore(c)
        .map((r) => `${r.tag} on ${r.digest.slice(0, 19)}`)
        .join(', ') || 'no tag moved'
    }`,
  async undo(deps, change, step) {
    const ecr = await deps.ecr(change.region);
    const restore = tagsToRestore(change);
    const now = await tagDigests(
      ecr,
      change,
      restore.map((r) => r.tag),
    );
    const moves = restore.filter((r) => now.get(r.tag) !== r.digest);
    if (moves.length === 0) return {};
    // The rollback's own move: from what each tag names now to the image it named before.
    await step.record({
      ...change,
      tags: moves.map(({ tag, digest }) => {
        const current = now.get(tag);
        return { tag, ...(current ? { previousDigest: current } : {}), newDigest: digest };
      }),
    });
    for (const { tag, digest } of moves) {
      await restoreTag(ecr, change, tag, digest);
      deps.host.log.info(`${change.repository}:${tag} is back on ${digest}`);
    }
    return {};
  },
};
