/**
 * Release notes of a tag from the GitHub API (@actions/github): the release's own notes, or, for a
 * tag that has no release, the notes GitHub generates between this tag and the previous one.
 */
import type { Log } from '../runtime/host.js';
import { ReleaseError } from '../runtime/errors.js';
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
  status?: number;
  message?: string;
  response?: { data?: { message?: unknown } };
}

function statusOf(err: unknown): number | undefined {
  const s = (err as RequestErrorLike | undefined)?.status;
  return typeof s === 'number' ? s : undefined;
}

function messageOf(err: unknown): string {
  const data = (err as RequestErrorLike | undefined)?.response?.data;
  if (data && typeof data.message === 'string') return data.message;
  return err instanceof Error ? err.message : String(err);
}

/** Runs a GitHub call, retrying answers of 5xx and failed connections with backoff. */
async function withRetries<T>(what: string, call: () => Promise<T>, deps: GitHubDeps): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const status = statusOf(err);
      const retryable = status === undefined || status >= 500;
      if (!retryable || attempt >= ATTEMPTS) throw err;
      const wait = 1000 * 2 ** (attempt - 1);
      deps.log.warn(`GitHub ${what} failed (${status ?? 'no answer'}); retrying in ${wait / 1000} s`);
      await deps.sleep(wait);
    }
  }
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
  deps.log.info(`${where} has no GitHub release: using GitHub's generated notes since the previous tag`);
  try {
    const generated = await withRetries(
      'release notes generation',
      () => octokit.rest.repos.generateReleaseNotes({ owner, repo, tag_name: source.tag }),
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
