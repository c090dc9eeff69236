import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ReleaseInfo {
  tag: string;
  name: string;
  body: string;
  url: string;
}

/** What the run is about, wherever it runs: GitHub Actions, CodeBuild, or a developer's checkout. */
export interface RunContext {
  provider: 'github' | 'codebuild' | 'local';
  /** owner/name when known. */
  repository?: string;
  /** https URL of the repository, without .git. */
  repositoryUrl?: string;
  /** Full ref such as refs/heads/main or refs/tags/v1.2.3. */
  ref?: string;
  branch?: string;
  tag?: string;
  sha?: string;
  actor?: string;
  /** Link to this workflow run or CodeBuild build. */
  runUrl?: string;
  /** GitHub event name, or the CodeBuild webhook trigger / initiator. */
  event?: string;
  release?: ReleaseInfo;
  /** CodeBuild only: CODEBUILD_BUILD_SUCCEEDING (false once a phase failed). */
  buildSucceeding?: boolean;
  /** When the run started, if the provider says (ms since epoch). */
  startedAt?: number;
  /** Where a GitHub API call should go (GITHUB_API_URL), for GitHub Enterprise. */
  apiUrl?: string;
  /** AWS_REGION or AWS_DEFAULT_REGION, the default of every command's region input. */
  awsRegion?: string;
}

export function shortSha(sha: string | undefined): string | undefined {
  return sha ? sha.slice(0, 7) : undefined;
}

function refParts(ref: string | undefined): { branch?: string; tag?: string } {
  if (!ref) return {};
  if (ref.startsWith('refs/tags/')) return { tag: ref.slice('refs/tags/'.length) };
  if (ref.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length) };
  return {};
}

function repoFromUrl(url: string | undefined): { repository?: string; repositoryUrl?: string } {
  if (!url) return {};
  const m = /^(?:https?:\/\/|git@|ssh:\/\/git@)([^/:]+)[/:]([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url.trim());
  if (!m) return {};
  return { repository: m[2], repositoryUrl: `https://${m[1]}/${m[2]}` };
}

function readEvent(path: string | undefined): Record<string, unknown> | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function githubContext(env: NodeJS.ProcessEnv): RunContext {
  const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  const repository = env['GITHUB_REPOSITORY'];
  const ref = env['GITHUB_REF'];
  const ctx: RunContext = {
    provider: 'github',
    repository,
    repositoryUrl: repository ? `${server}/${repository}` : undefined,
    ref,
    ...refParts(ref),
    sha: env['GITHUB_SHA'],
    actor: env['GITHUB_ACTOR'],
    event: env['GITHUB_EVENT_NAME'],
    apiUrl: env['GITHUB_API_URL'],
  };
  if (repository && env['GITHUB_RUN_ID']) {
    const attempt = env['GITHUB_RUN_ATTEMPT'];
    ctx.runUrl = `${server}/${repository}/actions/runs/${env['GITHUB_RUN_ID']}${attempt && attempt !== '1' ? `/attempts/${attempt}` : ''}`;
  }
  const payload = readEvent(env['GITHUB_EVENT_PATH']);
  const release = payload?.['release'] as Record<string, unknown> | undefined;
  if (release && typeof release === 'object') {
    ctx.release = {
      tag: String(release['tag_name'] ?? ''),
      name: String(release['name'] ?? release['tag_name'] ?? ''),
      body: String(release['body'] ?? ''),
      url: String(release['html_url'] ?? ''),
    };
    ctx.tag ??= ctx.release.tag || undefined;
  }
  return ctx;
}

/** The console link for a build, from its ARN (arn:aws:codebuild:REGION:ACCOUNT:build/PROJECT:ID). */
export function codebuildConsoleUrl(arn: string): string | undefined {
  const m = /^arn:aws[\w-]*:codebuild:([^:]+):(\d+):build\/([^:]+):(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, region, account, project, id] = m;
  return `https://${region}.console.aws.amazon.com/codesuite/codebuild/${account}/projects/${project}/build/${project}%3A${id}/?region=${region}`;
}

function codebuildContext(env: NodeJS.ProcessEnv): RunContext {
  const trigger = env['CODEBUILD_WEBHOOK_TRIGGER'] ?? '';
  const headRef = env['CODEBUILD_WEBHOOK_HEAD_REF'];
  const sourceVersion = env['CODEBUILD_SOURCE_VERSION'];
  let ref = headRef;
  if (!ref && trigger.startsWith('tag/')) ref = `refs/tags/${trigger.slice(4)}`;
  if (!ref && trigger.startsWith('branch/')) ref = `refs/heads/${trigger.slice(7)}`;
  if (!ref && sourceVersion?.startsWith('refs/')) ref = sourceVersion;
  const parts = refParts(ref);
  const start = Number(env['CODEBUILD_START_TIME']);
  const succeeding = env['CODEBUILD_BUILD_SUCCEEDING'];
  return {
    provider: 'codebuild',
    ...repoFromUrl(env['CODEBUILD_SOURCE_REPO_URL']),
    ref,
    ...parts,
    sha:
      env['CODEBUILD_RESOLVED_SOURCE_VERSION'] ??
      (sourceVersion && /^[0-9a-f]{40}$/.test(sourceVersion) ? sourceVersion : undefined),
    actor: env['CODEBUILD_WEBHOOK_ACTOR_ACCOUNT_ID'] ?? env['CODEBUILD_INITIATOR'],
    runUrl:
      env['CODEBUILD_BUILD_URL'] ??
      (env['CODEBUILD_BUILD_ARN'] ? codebuildConsoleUrl(env['CODEBUILD_BUILD_ARN']) : undefined),
    event: trigger || env['CODEBUILD_INITIATOR'],
    buildSucceeding: succeeding === undefined ? undefined : succeeding === '1',
    startedAt: Number.isFinite(start) && start > 0 ? start : undefined,
  };
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return (
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * From the git checkout, read on first use only: most commands never look, and each git call costs a
 * process start.
 */
function localContext(cwd: string): RunContext {
  let facts: Partial<RunContext> | undefined;
  const load = (): Partial<RunContext> => {
    if (facts) return facts;
    const sha = git(['rev-parse', 'HEAD'], cwd);
    const tag = sha ? git(['describe', '--tags', '--exact-match', 'HEAD'], cwd) : undefined;
    const branch = sha ? git(['symbolic-ref', '--short', '-q', 'HEAD'], cwd) : undefined;
    facts = {
      ...repoFromUrl(sha ? git(['remote', 'get-url', 'origin'], cwd) : undefined),
      sha,
      tag,
      branch,
      ref: tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : undefined,
      actor: git(['config', 'user.name'], cwd),
    };
    return facts;
  };
  const ctx: RunContext = { provider: 'local' };
  for (const key of ['repository', 'repositoryUrl', 'sha', 'tag', 'branch', 'ref', 'actor'] as const) {
    Object.defineProperty(ctx, key, { enumerable: true, configurable: true, get: () => load()[key] });
  }
  return ctx;
}

export function readRunContext(env: NodeJS.ProcessEnv, cwd: string): RunContext {
  const ctx =
    env['GITHUB_ACTIONS'] === 'true'
      ? githubContext(env)
      : env['CODEBUILD_BUILD_ID']
        ? codebuildContext(env)
        : localContext(cwd);
  const region = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
  if (region) ctx.awsRegion = region;
  return ctx;
}
