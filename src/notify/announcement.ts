/**
 * What a notification says, before it is shaped for Discord or JANDI: the status, a title, the
 * facts about the run (repository, tag, commit, actor, run link, duration, the `details` lines)
 * and the release notes.
 */
import type { RunContext } from '../runtime/context.js';
import { shortSha } from '../runtime/context.js';
import type { KeyValue } from '../runtime/inputs.js';
import type { LinkContext } from './markdown.js';

export const STATUSES = ['success', 'failure', 'cancelled', 'started'] as const;
export type Status = (typeof STATUSES)[number];

export interface StatusStyle {
  emoji: string;
  /** How the status reads in a sentence: "Succeeded", "Failed"... */
  label: string;
  /** Embed colour (Discord) as a number; `hex` is the same for JANDI. */
  color: number;
  hex: string;
  /** Default title: "<emoji> <subject> <phrase>". */
  phrase: string;
}

export const STATUS_STYLE: Record<Status, StatusStyle> = {
  success: { emoji: '✅', label: 'Succeeded', color: 0x2da44e, hex: '#2DA44E', phrase: 'released' },
  failure: { emoji: '❌', label: 'Failed', color: 0xcf222e, hex: '#CF222E', phrase: 'release failed' },
  cancelled: { emoji: '⚪', label: 'Cancelled', color: 0x8c959f, hex: '#8C959F', phrase: 'release cancelled' },
  started: { emoji: '🚀', label: 'Started', color: 0x0969da, hex: '#0969DA', phrase: 'release started' },
};

/** Release notes and where they came from. */
export interface ReleaseNotes {
  /** Markdown (GitHub flavoured). */
  body: string;
  /** Release name, when it has one. */
  name?: string;
  tag?: string;
  /** The release page, the only URL the first embed links to. */
  url?: string;
  /** The repository folder relative links of the notes start from (a notes file's folder); the root by default. */
  baseDir?: string;
}

/** One line of facts: shown as `name: text`, the text linked to `url` when there is one. */
export interface Fact {
  name: string;
  text: string;
  url?: string;
  /** From the user's `details` input: the text is theirs (markdown allowed), shown as written. */
  detail?: boolean;
}

export interface Announcement {
  status: Status;
  title: string;
  /** The release page, when known. */
  url?: string;
  /** "✅ Succeeded in 3m 12s" and the release name. */
  summary: string;
  facts: Fact[];
  /** Markdown notes; '' when there are none. */
  notes: string;
  links: LinkContext;
  /** Where the whole notes can be read when a summary is sent: the release page, else the compare view, else the run. */
  fullNotesUrl?: string;
  /** Provider line for footers: "aws-release-kit · GitHub Actions". */
  footer: string;
  /** ISO time of the notification. */
  timestamp: string;
}

export interface AnnouncementInput {
  status: Status;
  title?: string;
  context: RunContext;
  notes?: ReleaseNotes;
  details: KeyValue[];
  now: number;
}

const PROVIDER: Record<RunContext['provider'], string> = {
  github: 'GitHub Actions',
  codebuild: 'AWS CodeBuild',
  local: 'local run',
};

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** The server part of the repository URL (https://github.com or an Enterprise host). */
export function serverOf(context: RunContext): string | undefined {
  if (!context.repositoryUrl) return undefined;
  try {
    return new URL(context.repositoryUrl).origin;
  } catch {
    return undefined;
  }
}

export function buildAnnouncement(input: AnnouncementInput): Announcement {
  const { context: ctx, status, notes } = input;
  const style = STATUS_STYLE[status];
  const repoUrl = ctx.repositoryUrl;
  const tag = notes?.tag ?? ctx.tag;
  const what = tag ?? ctx.branch ?? shortSha(ctx.sha);
  const subject = [ctx.repository, what].filter(Boolean).join(' ') || 'Release';
  const title = input.title ?? `${style.emoji} ${subject} ${style.phrase}`;

  const facts: Fact[] = [];
  if (ctx.repository) facts.push({ name: 'Repository', text: ctx.repository, url: repoUrl });
  if (tag) {
    facts.push({ name: 'Tag', text: tag, url: repoUrl ? `${repoUrl}/tree/${encodeURIComponent(tag)}` : undefined });
  } else if (ctx.branch) {
    facts.push({
      name: 'Branch',
      text: ctx.branch,
      url: repoUrl ? `${repoUrl}/tree/${encodeURIComponent(ctx.branch)}` : undefined,
    });
  } else if (ctx.ref) {
    facts.push({ name: 'Ref', text: ctx.ref });
  }
  if (ctx.sha) {
    facts.push({
      name: 'Commit',
      text: shortSha(ctx.sha) as string,
      url: repoUrl ? `${repoUrl}/commit/${ctx.sha}` : undefined,
    });
  }
  if (ctx.actor) {
    // Only GitHub's actor is a user name; CodeBuild's is an account id or an initiator such as
    // "codepipeline/my-pipeline", which has no profile page.
    const server = serverOf(ctx) ?? 'https://github.com';
    const url = ctx.provider === 'github' ? `${server}/${encodeURIComponent(ctx.actor)}` : undefined;
    facts.push({ name: 'Actor', text: ctx.actor, url });
  }
  if (ctx.runUrl)
    facts.push({ name: ctx.provider === 'codebuild' ? 'Build' : 'Run', text: runLabel(ctx), url: ctx.runUrl });
  let duration: string | undefined;
  if (ctx.startedAt !== undefined && status !== 'started' && input.now >= ctx.startedAt) {
    duration = formatDuration(input.now - ctx.startedAt);
    facts.push({ name: 'Duration', text: duration });
  }
  for (const { key, value } of input.details) facts.push({ name: key, text: value, detail: true });

  const summaryLines = [`${style.emoji} **${style.label}**${duration ? ` in ${duration}` : ''}`];
  if (notes?.name && notes.name !== tag) summaryLines.push(`**${notes.name}**`);

  return {
    status,
    title,
    url: notes?.url || undefined,
    summary: summaryLines.join('\n'),
    facts,
    notes: notes?.body.trim() ?? '',
    links: {
      serverUrl: serverOf(ctx),
      repositoryUrl: repoUrl,
      ref: tag ?? ctx.sha,
      ...(notes?.baseDir ? { baseDir: notes.baseDir } : {}),
    },
    fullNotesUrl: notes?.url || compareUrl(notes?.body ?? '', repoUrl) || ctx.runUrl,
    footer: `aws-release-kit · ${PROVIDER[ctx.provider]}`,
    timestamp: new Date(input.now).toISOString(),
  };
}

/**
 * The compare view the notes link to ("**Full Changelog**: https://github.com/o/r/compare/v1...v2",
 * as GitHub's generated notes end), when it is in this repository.
 */
export function compareUrl(notes: string, repositoryUrl: string | undefined): string | undefined {
  if (!repositoryUrl) return undefined;
  const prefix = `${repositoryUrl.replace(/\/+$/, '')}/compare/`;
  for (const word of notes.split(/[\s()<>[\]]+/)) {
    if (word.startsWith(prefix) && word.length > prefix.length) return word;
  }
  return undefined;
}

function runLabel(ctx: RunContext): string {
  const url = ctx.runUrl ?? '';
  if (ctx.provider === 'github') {
    const m = /\/actions\/runs\/(\d+)(?:\/attempts\/(\d+))?/.exec(url);
    if (m) return `#${m[1]}${m[2] ? ` (attempt ${m[2]})` : ''}`;
    return 'workflow run';
  }
  if (ctx.provider === 'codebuild') {
    // CODEBUILD_BUILD_URL ends in #/builds/<project>:<id>/view/new, the URL made from the ARN in
    // /build/<project>%3A<id>/?region=...; both show as "<project>:<id>".
    const m = /\/builds?\/([^/?]+)/.exec(url);
    if (m) return decodeURIComponent(m[1] as string);
    return 'build log';
  }
  return 'run';
}
