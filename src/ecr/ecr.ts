/**
 * The ECR side of ecr-push: the repository (found, or created with its settings), the login token,
 * and promotion of an existing image to more tags without pulling it (BatchGetImage + PutImage).
 */
import type { ECR, ImageTagMutability } from '@aws-sdk/client-ecr';
import type { ECRPUBLIC } from '@aws-sdk/client-ecr-public';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Log } from '../runtime/host.js';
import { isAwsError } from '../util/aws-errors.js';
import { canonicalJson } from '../util/json.js';
import type { TagMutability } from './names.js';
import { MANIFEST_MEDIA_TYPES } from './registry.js';

/** The ECR calls ecr-push makes; the SDK's aggregated client satisfies it. */
export type EcrApi = Pick<
  ECR,
  | 'describeRepositories'
  | 'createRepository'
  | 'getLifecyclePolicy'
  | 'putLifecyclePolicy'
  | 'getAuthorizationToken'
  | 'batchGetImage'
  | 'putImage'
>;

/** The one ECR Public call: its tokens are issued in us-east-1 only. */
export type EcrPublicApi = Pick<ECRPUBLIC, 'getAuthorizationToken'>;

/** The ECR Public registry host that the token logs in to. */
export const ECR_PUBLIC_REGISTRY = 'public.ecr.aws';

export interface RegistryLogin {
  /** Registry host, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
  registry: string;
  username: string;
  password: string;
  /** The raw base64 token (it encodes the password, so it is a secret too). */
  token: string;
}

/** An ECR authorization token is base64("AWS:<password>"). */
export function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  // The message must not quote the token or its decoded text: both carry the password.
  if (colon <= 0 || colon === text.length - 1)
    throw new ReleaseError('ECR returned an authorization token that is not base64 of user:password');
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** https://123456789012.dkr.ecr.eu-west-1.amazonaws.com → 123456789012.dkr.ecr.eu-west-1.amazonaws.com */
export function registryFromEndpoint(endpoint: string): string {
  try {
    return new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`).host;
  } catch {
    throw new ReleaseError(`ECR returned a registry endpoint that is not a URL: ${endpoint}`);
  }
}

/**
 * Asks ECR for a registry login. `secret` is called with the password and the token before this
 * returns, so that nothing can log them first.
 */
export async function getRegistryLogin(ecr: EcrApi, secret: (value: string) => void): Promise<RegistryLogin> {
  const res = await ecr.getAuthorizationToken({});
  const data = res.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) throw new ReleaseError('ECR returned no authorization data');
  secret(data.authorizationToken);
  const { username, password } = decodeAuthorizationToken(data.authorizationToken);
  secret(password);
  return { registry: registryFromEndpoint(data.proxyEndpoint), username, password, token: data.authorizationToken };
}

/**
 * Logins for other AWS accounts' ECR registries (account IDs), for pulling base images. As with
 * getRegistryLogin, every token and password is handed to `secret` before anything else happens.
 */
export async function getRegistryLogins(
  ecr: EcrApi,
  accountIds: string[],
  secret: (value: string) => void,
): Promise<RegistryLogin[]> {
  if (accountIds.length === 0) return [];
  const res = await ecr.getAuthorizationToken({ registryIds: accountIds });
  const logins: RegistryLogin[] = [];
  for (const data of res.authorizationData ?? []) {
    if (!data.authorizationToken || !data.proxyEndpoint) continue;
    secret(data.authorizationToken);
    const { username, password } = decodeAuthorizationToken(data.authorizationToken);
    secret(password);
    logins.push({
      registry: registryFromEndpoint(data.proxyEndpoint),
      username,
      password,
      token: data.authorizationToken,
    });
  }
  if (logins.length < accountIds.length)
    throw new ReleaseError(
      `ECR returned ${logins.length} login(s) for the ${accountIds.length} registries asked for (${accountIds.join(', ')})`,
    );
  return logins;
}

/** A login to ECR Public for pulls; the token and password go to `secret` before anything else. */
export async function getPublicRegistryLogin(
  api: EcrPublicApi,
  secret: (value: string) => void,
): Promise<RegistryLogin> {
  const res = await api.getAuthorizationToken({});
  const token = res.authorizationData?.authorizationToken;
  if (!token) throw new ReleaseError('ECR Public returned no authorization data');
  secret(token);
  const { username, password } = decodeAuthorizationToken(token);
  secret(password);
  return { registry: ECR_PUBLIC_REGISTRY, username, password, token };
}

/** Compares two lifecycle policies as JSON values, so that formatting differences do not count. */
export function samePolicy(a: string, b: string): boolean {
  const canonical = (text: string): string => {
    try {
      return canonicalJson(JSON.parse(text));
    } catch {
      return text;
    }
  };
  return canonical(a) === canonical(b);
}

export interface RepositorySettings {
  name: string;
  create: boolean;
  /** Why a missing repository is not created, appended to the error (e.g. " and create-repository is false"). */
  missing?: string;
  mutability: TagMutability;
  /** Whether image-tag-mutability / scan-on-push were given explicitly (an existing repo is then checked). */
  mutabilityGiven: boolean;
  scanOnPush: boolean;
  scanOnPushGiven: boolean;
  /** Lifecycle policy JSON text, applied when the repository is created. */
  lifecyclePolicy?: string;
  /**
   * Whether an existing repository's differing (or missing) lifecycle policy is replaced. Off by
   * default: a repository may be shared, and a policy expires images of everyone who pushes there.
   */
  lifecyclePolicyUpdate: boolean;
  dryRun: boolean;
}

export interface RepositoryState {
  name: string;
  /** Registry host from the repository URI; undefined only for a repository a dry run would create. */
  registry?: string;
  /** MUTABLE, IMMUTABLE, or one of them _WITH_EXCLUSION. */
  mutability: string;
  /** Wildcard patterns of tags that behave the other way (the *_WITH_EXCLUSION kinds). */
  exclusions: string[];
  /** Made by this run. */
  created: boolean;
  /** False only in a dry run for a repository that would be created. */
  exists: boolean;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/**
 * Whether ECR refuses to move `tag` once it exists: every tag of an IMMUTABLE repository, and in
 * the *_WITH_EXCLUSION kinds the tags the exclusion filters flip (e.g. IMMUTABLE but `latest` mutable).
 */
export function tagIsImmutable(repo: Pick<RepositoryState, 'mutability' | 'exclusions'>, tag: string): boolean {
  const base = repo.mutability.startsWith('IMMUTABLE');
  if (!repo.mutability.endsWith('_WITH_EXCLUSION')) return base;
  return repo.exclusions.some((p) => wildcard(p).test(tag)) ? !base : base;
}

/**
 * Finds the repository, or creates it (when allowed) with the requested tag mutability, scan on
 * push and lifecycle policy. An existing repository keeps its settings: it may be shared with other
 * pipelines, so a differing explicit setting is reported, not changed. That includes the lifecycle
 * policy, which is only replaced when lifecyclePolicyUpdate says so.
 */
export async function ensureRepository(ecr: EcrApi, settings: RepositorySettings, log: Log): Promise<RepositoryState> {
  let repo = await describeRepository(ecr, settings.name);
  let created = false;
  if (!repo) {
    if (!settings.create) {
      throw new ReleaseError(
        `ECR repository ${settings.name} does not exist${settings.missing ?? ' and create-repository is false'}`,
      );
    }
    const what = `${settings.mutability.toLowerCase()} tags, scan on push ${settings.scanOnPush ? 'on' : 'off'}${settings.lifecyclePolicy ? ', lifecycle policy' : ''}`;
    if (settings.dryRun) {
      log.info(`dry run: would create ECR repository ${settings.name} (${what})`);
      return { name: settings.name, mutability: settings.mutability, exclusions: [], created: false, exists: false };
    }
    try {
      const res = await ecr.createRepository({
        repositoryName: settings.name,
        imageTagMutability: settings.mutability as ImageTagMutability,
        imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
      });
      repo = res.repository;
      created = true;
      log.info(`created ECR repository ${settings.name} (${what})`);
    } catch (err) {
      // Another pipeline created it in the meantime: use theirs.
      if (!isAwsError(err, 'RepositoryAlreadyExistsException')) throw err;
      repo = await describeRepository(ecr, settings.name);
    }
    if (!repo) throw new ReleaseError(`ECR repository ${settings.name} could not be found after creating it`);
  } else {
    const mutability = repo.imageTagMutability ?? 'MUTABLE';
    if (settings.mutabilityGiven && mutability !== settings.mutability) {
      log.warn(
        `ECR repository ${settings.name} exists with ${mutability} tags; image-tag-mutability ${settings.mutability} only applies when ecr-push creates the repository`,
      );
    }
    const scan = repo.imageScanningConfiguration?.scanOnPush ?? false;
    if (settings.scanOnPushGiven && scan !== settings.scanOnPush) {
      log.warn(
        `ECR repository ${settings.name} exists with scan on push ${scan ? 'on' : 'off'}; scan-on-push only applies when ecr-push creates the repository`,
      );
    }
  }
  if (settings.lifecyclePolicy)
    await syncLifecyclePolicy(ecr, settings.name, settings.lifecyclePolicy, {
      // A repository another run created meanwhile counts as existing: it is not ours to change.
      replace: created || settings.lifecyclePolicyUpdate,
      dryRun: settings.dryRun,
      log,
    });
  return {
    name: settings.name,
    registry: repo.repositoryUri?.split('/')[0],
    mutability: repo.imageTagMutability ?? 'MUTABLE',
    exclusions: (repo.imageTagMutabilityExclusionFilters ?? []).map((f) => f.filter ?? '').filter((f) => f !== ''),
    created,
    exists: true,
  };
}

/** Keeps the newest 1000 cache images: a cache that grows without end costs storage, a lost one only time. */
export const CACHE_LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'aws-release-kit build cache: keep the newest 1000 images',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1000 },
      action: { type: 'expire' },
    },
  ],
});

/**
 * The repository a buildah/podman registry cache lives in: found, or created (mutable tags, since
 * cache images are re-pushed under the same keys, and a lifecycle policy). Whether it can be used;
 * a cache that cannot be had is a log line, never a failed release.
 */
export async function ensureCacheRepository(ecr: EcrApi, name: string, create: boolean, log: Log): Promise<boolean> {
  try {
    if (await describeRepository(ecr, name)) return true;
    if (!create) {
      log.info(
        `build cache repository ${name} does not exist and create-repository is false: building without the registry cache`,
      );
      return false;
    }
    try {
      await ecr.createRepository({ repositoryName: name, imageTagMutability: 'MUTABLE' });
      await ecr.putLifecyclePolicy({ repositoryName: name, lifecyclePolicyText: CACHE_LIFECYCLE_POLICY });
      log.info(`created ECR repository ${name} for the build cache (mutable tags, newest 1000 images kept)`);
    } catch (err) {
      if (!isAwsError(err, 'RepositoryAlreadyExistsException')) throw err;
    }
    return true;
  } catch (err) {
    log.warn(
      `build cache repository ${name} is not usable (${errorMessage(err)}): building without the registry cache`,
    );
    return false;
  }
}

async function describeRepository(ecr: EcrApi, name: string) {
  try {
    const res = await ecr.describeRepositories({ repositoryNames: [name] });
    return res.repositories?.[0];
  } catch (err) {
    if (isAwsError(err, 'RepositoryNotFoundException')) return undefined;
    throw err;
  }
}

/**
 * Sets the lifecycle policy when the repository has none or another one, if `replace` allows it
 * (a repository this run created, or lifecycle-policy-update); otherwise warns and leaves it.
 */
async function syncLifecyclePolicy(
  ecr: EcrApi,
  name: string,
  policy: string,
  { replace, dryRun, log }: { replace: boolean; dryRun: boolean; log: Log },
): Promise<void> {
  let current: string | undefined;
  try {
    current = (await ecr.getLifecyclePolicy({ repositoryName: name })).lifecyclePolicyText;
  } catch (err) {
    if (!isAwsError(err, 'LifecyclePolicyNotFoundException', 'RepositoryNotFoundException')) throw err;
  }
  if (current !== undefined && samePolicy(current, policy)) {
    log.info(`lifecycle policy of ${name} is up to date`);
    return;
  }
  if (!replace) {
    log.warn(
      `ECR repository ${name} exists with ${current === undefined ? 'no lifecycle policy' : 'another lifecycle policy'}; it is left as it is, since the repository may be shared (set lifecycle-policy-update to true to replace it with the lifecycle-policy file)`,
    );
    return;
  }
  if (dryRun) {
    log.info(`dry run: would ${current === undefined ? 'set' : 'update'} the lifecycle policy of ${name}`);
    return;
  }
  try {
    await ecr.putLifecyclePolicy({ repositoryName: name, lifecyclePolicyText: policy });
  } catch (err) {
    throw new ReleaseError(`ECR rejected the lifecycle policy for ${name}: ${errorMessage(err)}`);
  }
  log.info(`${current === undefined ? 'set' : 'updated'} the lifecycle policy of ${name}`);
}

export interface StoredImage {
  digest: string;
  manifest: string;
  mediaType?: string;
}

/** The one ECR call that reads images (the release record and rollback need no more). */
export type ImageReadApi = Pick<ECR, 'batchGetImage'>;

/**
 * What the repository holds under a tag (digest and manifest), or undefined when the tag is not there.
 * `registryId`: the account of the registry, when it is not the caller's own.
 */
export function imageByTag(
  ecr: ImageReadApi,
  repository: string,
  tag: string,
  registryId?: string,
): Promise<StoredImage | undefined> {
  return getImage(ecr, repository, { imageTag: tag }, `${repository}:${tag}`, registryId);
}

/** The image with this digest (its manifest byte for byte), or undefined when the repository does not hold it. */
export function imageByDigest(
  ecr: ImageReadApi,
  repository: string,
  digest: string,
  registryId?: string,
): Promise<StoredImage | undefined> {
  return getImage(ecr, repository, { imageDigest: digest }, `${repository}@${digest}`, registryId);
}

async function getImage(
  ecr: ImageReadApi,
  repository: string,
  imageId: { imageTag: string } | { imageDigest: string },
  /** repository:tag or repository@digest, for messages. */
  what: string,
  registryId: string | undefined,
): Promise<StoredImage | undefined> {
  // One image per call: an image with several tags comes back under any one of them, so a combined
  // answer could not be matched to the tags asked for.
  const res = await ecr.batchGetImage({
    ...(registryId ? { registryId } : {}),
    repositoryName: repository,
    imageIds: [imageId],
    // Without this ECR may convert the manifest (e.g. OCI to Docker), and the copy gets another digest.
    acceptedMediaTypes: [...MANIFEST_MEDIA_TYPES],
  });
  const image = res.images?.[0];
  if (!image) {
    const failure = res.failures?.[0];
    if (!failure || failure.failureCode === 'ImageNotFound' || failure.failureCode === 'ImageTagDoesNotMatchDigest')
      return undefined;
    throw new ReleaseError(`ECR could not read ${what}: ${failure.failureCode} ${failure.failureReason ?? ''}`.trim());
  }
  if (!image.imageId?.imageDigest || !image.imageManifest)
    throw new ReleaseError(`ECR returned ${what} without digest or manifest`);
  return { digest: image.imageId.imageDigest, manifest: image.imageManifest, mediaType: image.imageManifestMediaType };
}

export interface PromoteOptions {
  repository: string;
  sourceTag: string;
  tags: string[];
  /** Whether ECR would refuse to move an existing tag (see tagIsImmutable). */
  immutable: (tag: string) => boolean;
  dryRun: boolean;
}

export interface PromoteResult {
  digest: string;
  /** Tags that now point at the image and did not before. */
  added: string[];
  /** Tags that already pointed at the image. */
  unchanged: string[];
}

/**
 * Adds tags to the image that `sourceTag` points at, by writing its manifest again under each new
 * tag (PutImage). No layer moves and nothing is pulled. Every tag is read back afterwards and must
 * carry the source digest.
 */
export async function promote(ecr: EcrApi, options: PromoteOptions, log: Log): Promise<PromoteResult> {
  const { repository, sourceTag } = options;
  const source = await imageByTag(ecr, repository, sourceTag);
  if (!source)
    throw new ReleaseError(`${repository}:${sourceTag} does not exist in ECR, so there is nothing to promote`);
  log.info(`${repository}:${sourceTag} is ${source.digest}`);
  return tagImage(ecr, { ...options, source }, log);
}

export interface TagImageOptions {
  repository: string;
  /** The image every tag must end up on. */
  source: StoredImage;
  tags: string[];
  immutable: (tag: string) => boolean;
  dryRun: boolean;
}

export interface RetagOptions {
  /** The digest every tag must end up on. */
  digest: string;
  tags: string[];
  immutable: (tag: string) => boolean;
  dryRun: boolean;
  /** The image name in log lines (`web`, `127.0.0.1:5000/web`). */
  name: string;
  /** Who holds the tags, in errors (`repository web`). */
  holder: string;
  /** Where the tags are read back, in errors (`ECR`, `the registry`). */
  store: string;
  digestOf(tag: string): Promise<string | undefined>;
  putTag(tag: string): Promise<void>;
}

/**
 * Points every tag at one digest, for ECR and any registry alike: tags already on it are left alone, an
 * immutable tag on another image stops everything before a write, and the tags are read back after.
 */
export async function retag(o: RetagOptions, log: Log): Promise<{ added: string[]; unchanged: string[] }> {
  const current = await Promise.all(o.tags.map(async (tag) => ({ tag, digest: await o.digestOf(tag) })));
  const unchanged = current.filter((c) => c.digest === o.digest).map((c) => c.tag);
  const stuck = current.filter((c) => c.digest && c.digest !== o.digest && o.immutable(c.tag));
  if (stuck.length > 0) {
    const list = stuck.map((c) => `${c.tag} (${c.digest})`).join(', ');
    throw new ReleaseError(
      `${o.holder} already holds the immutable tag ${list}, not ${o.digest}; immutable tags cannot be moved`,
    );
  }
  const added = o.tags.filter((t) => !unchanged.includes(t));
  for (const tag of unchanged) log.info(`${o.name}:${tag} already points at ${o.digest}`);
  if (o.dryRun) {
    for (const tag of added) log.info(`dry run: would tag ${o.digest} as ${o.name}:${tag}`);
    return { added, unchanged };
  }
  for (const tag of added) {
    await o.putTag(tag);
    log.info(`tagged ${o.digest} as ${o.name}:${tag}`);
  }
  const after = await Promise.all(o.tags.map(async (tag) => ({ tag, digest: await o.digestOf(tag) })));
  const wrong = after.filter((a) => a.digest !== o.digest);
  if (wrong.length > 0) {
    const list = wrong.map((w) => `${w.tag} → ${w.digest ?? 'missing'}`).join(', ');
    throw new ReleaseError(`after tagging, ${o.store} does not show every tag on ${o.digest}: ${list}`);
  }
  return { added, unchanged };
}

/** Points every tag at `source` through PutImage (tags already on it are left alone), then reads them back. */
export async function tagImage(ecr: EcrApi, options: TagImageOptions, log: Log): Promise<PromoteResult> {
  const { repository, source } = options;
  const result = await retag(
    {
      digest: source.digest,
      tags: options.tags,
      immutable: options.immutable,
      dryRun: options.dryRun,
      name: repository,
      holder: `repository ${repository}`,
      store: 'ECR',
      digestOf: async (tag) => (await imageByTag(ecr, repository, tag))?.digest,
      putTag: async (tag) => {
        try {
          await ecr.putImage({
            repositoryName: repository,
            imageTag: tag,
            imageManifest: source.manifest,
            imageManifestMediaType: source.mediaType,
            // ECR checks the manifest bytes against it: the copy cannot silently become another image.
            imageDigest: source.digest,
          });
        } catch (err) {
          // Raced with another run that put the same tag on the same image: that is the wanted state.
          if (!isAwsError(err, 'ImageAlreadyExistsException'))
            throw new ReleaseError(`ECR refused to tag ${repository}:${tag}: ${errorMessage(err)}`);
        }
      },
    },
    log,
  );
  return { digest: source.digest, ...result };
}
