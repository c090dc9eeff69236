/**
 * Release notes of a tag from the GitHub API (@actions/github): the release's own notes, or, for a
 * tag that has no release, the notes GitHub generates between this tag and the previous one.
 *
 * "The previous one" is chosen here and passed as `previous_tag_name`: without it GitHub starts the
 * generated notes at the latest *release* (or the start of history), which is wrong for a project
 * that tags without making releases, or whose latest release is not the previous tag.
 */
import type { Log } from '../runtime/host.js';
import { ReleaseError } from '../runtime/errors.js';
import { httpStatus } from '../util/aws-errors.js';
import { retry } from '../util/retry.js';
import type { ReleaseNotes } from './announcement.js';

export interface GitHubSource {
  /** API root, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiUrl: string;
  token: string;
  /** owner/name */
  repository: string;
  /** https URL of the repository, for the link of a tag without a release. */
  repositoryUrl?: string;
  tag: string;
}

export interface GitHubDeps {
  sleep(ms: number): Promise<void>;
  log: Log;
}

const ATTEMPTS = 4;

/** A tag read as a version: `api-v1.2.3-rc.1+build` is prefix `api-v`, core [1, 2, 3], pre ['rc', '1']. */
export interface TagVersion {
  /** Everything before the version number; only tags with the same prefix are compared. */
  prefix: string;
  core: number[];
  /** Pre-release identifiers; empty for a release. */
  pre: string[];
}

// The prefix is empty or ends in something that is neither a digit nor a dot, so the version
// number is read whole (v1.2.3 is "v" + 1.2.3, not "v1.2." + 3); build metadata (+...) is ignored.
const TAG_VERSION = /^(|.*?[^\d.])(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]*)?$/;

export function parseTagVersion(tag: string): TagVersion | undefined {
  const m = TAG_VERSION.exec(tag);
  if (!m) return undefined;
  const [, prefix = '', core = '', pre] = m;
  return { prefix, core: core.split('.').map(Number), pre: pre ? pre.split('.') : [] };
}

/** Semantic-versioning precedence (missing numbers count as 0: v2 = v2.0.0), prefixes not compared. */
export function compareTagVersions(a: TagVersion, b: TagVersion): number {
  for (let i = 0; i < Math.max(a.core.length, b.core.length); i++) {
    const d = (a.core[i] ?? 0) - (b.core[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  // A release ranks above its own pre-releases.
  if (!a.pre.length || !b.pre.length) return Math.sign(b.pre.length - a.pre.length);
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i] as string;
    const y = b.pre[i] as string;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    // Numbers compare as numbers and rank below words.
    if (xn && yn) return Math.sign(Number(x) - Number(y));
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

/**
 * The tag the generated notes of `tag` start from: among the tags of the same family (same prefix,
 * so `api-v2.0.0` follows `api-v1.4.0`, whatever `web-v*` tags exist), the highest version below
 * `tag`. A release (no pre-release part) starts from the previous release, skipping pre-releases, so
 * v2.0.0 covers everything since v1.9.0 and not just since v2.0.0-rc.3; a pre-release starts from
 * whatever came just before it. Undefined when there is no such tag (the first one) or `tag` is no
 * version. This is the order people mean by "the previous version", and unlike the order of
 * GitHub's tag list (undocumented) or of tag names (v1.10.0 < v1.9.0) it does not depend on how
 * the API happens to list them.
 */
export function previousTag(tag: string, tags: readonly string[]): string | undefined {
  const current = parseTagVersion(tag);
  if (!current) return undefined;
  let best: { name: string; version: TagVersion } | undefined;
  for (const name of tags) {
    const version = parseTagVersion(name);
    if (!version || version.prefix !== current.prefix) continue;
    if (!current.pre.length && version.pre.length) continue;
    if (compareTagVersions(version, current) >= 0) continue;
    if (!best || compareTagVersions(version, best.version) > 0) best = { name, version };
  }
  return best?.name;
}

/** The API root for a repository when GITHUB_API_URL is not set (CodeBuild, local runs). */
export function defaultApiUrl(repositoryUrl: string | undefined): string {
  if (repositoryUrl) {
    try {
      const host = new URL(repositoryUrl).host;
      if (host !== 'github.com') return `https://${host}/api/v3`;
    } catch {
      // fall through to github.com
    }
  }
  return 'https://api.github.com';
}

interface RequestErrorLike {
  message?: string;
  response?: { data?: { message?: unknown } };
}

/** Octokit's RequestError carries the HTTP status as `status`. */
const statusOf = (err: unknown): number | undefined => httpStatus(err);

function messageOf(err: unknown): string {
  const data = (err as RequestErrorLike | undefined)?.response?.data;
  if (data && typeof data.message === 'string') return data.message;
  return err instanceof Error ? err.message : String(err);
}

/** Runs a GitHub call, retrying answers of 5xx and failed connections (1 s, 2 s, 4 s apart). */
function withRetries<T>(what: string, call: () => Promise<T>, deps: GitHubDeps): Promise<T> {
  return retry(`GitHub ${what}`, () => call(), {
    attempts: ATTEMPTS,
    baseMs: 1000,
    maxMs: 1000 * 2 ** (ATTEMPTS - 2),
    retryable: (err) => {
      const status = statusOf(err);
      return status === undefined || status >= 500;
    },
    // The same doubling waits as before the retry helper, without jitter.
    waitFor: (_err, attempt) => 1000 * 2 ** (attempt - 1),
    describe: (err) => String(statusOf(err) ?? 'no answer'),
    sleep: deps.sleep,
    log: (line) => deps.log.warn(line),
  });
}

export async function fetchReleaseNotes(source: GitHubSource, deps: GitHubDeps): Promise<ReleaseNotes> {
  const [owner, repo] = source.repository.split('/') as [string, string];
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(source.token, { baseUrl: source.apiUrl.replace(/\/+$/, '') });
  const where = `${source.repository}@${source.tag}`;
  try {
    const release = await withRetries(
      'release lookup',
      () => octokit.rest.repos.getReleaseByTag({ owner, repo, tag: source.tag }),
      deps,
    );
    deps.log.info(`release notes of ${where} read from its GitHub release`);
    return {
      body: release.data.body ?? '',
      name: release.data.name ?? undefined,
      tag: release.data.tag_name,
      url: release.data.html_url,
    };
  } catch (err) {
    if (statusOf(err) !== 404) {
      throw new ReleaseError(
        `GitHub answered ${statusOf(err) ?? 'nothing'} when reading the release ${where}: ${messageOf(err)}`,
      );
    }
  }
  let previous: string | undefined;
  if (parseTagVersion(source.tag)) {
    let tags: Array<{ name: string }>;
    try {
      // Every tag of the repository, a page of 100 at a time (the list is in no documented order).
      tags = await withRetries(
        'tag list',
        () => octokit.paginate(octokit.rest.repos.listTags, { owner, repo, per_page: 100 }),
        deps,
      );
    } catch (err) {
      throw new ReleaseError(
        `GitHub answered ${statusOf(err) ?? 'nothing'} when listing the tags of ${source.repository}: ${messageOf(err)}`,
      );
    }
    previous = previousTag(
      source.tag,
      tags.map((t) => t.name),
    );
    deps.log.info(
      previous
        ? `${where} has no GitHub release: using GitHub's generated notes from ${previous} to ${source.tag}`
        : `${where} has no GitHub release and there is no earlier tag like ${source.tag}: using GitHub's generated notes up to it`,
    );
  } else {
    deps.log.info(
      `${where} has no GitHub release, and ${source.tag} is no version number, so its previous tag is unknown: ` +
        "using GitHub's generated notes, which then start at the latest release",
    );
  }
  try {
    const generated = await withRetries(
      'release notes generation',
      () =>
        octokit.rest.repos.generateReleaseNotes({
          owner,
          repo,
          tag_name: source.tag,
          ...(previous ? { previous_tag_name: previous } : {}),
        }),
      deps,
    );
    return {
      body: generated.data.body,
      name: generated.data.name,
      tag: source.tag,
      url: source.repositoryUrl ? `${source.repositoryUrl}/tree/${encodeURIComponent(source.tag)}` : undefined,
    };
  } catch (err) {
    throw new ReleaseError(
      `GitHub answered ${statusOf(err) ?? 'nothing'} when generating release notes for ${where}: ${messageOf(err)}`,
    );
  }
}
