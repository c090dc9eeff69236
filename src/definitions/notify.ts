import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { RunContext } from '../runtime/context.js';
import { InputError } from '../runtime/errors.js';
import type { InputReader, KeyValue } from '../runtime/inputs.js';
import type { CommandDefinition } from '../runtime/spec.js';
import { parseSnowflake } from '../notify/mentions.js';
import { renderTemplate, templateValues, TemplateError } from '../notify/template.js';

// Kept free of the notify implementation's heavy imports (remark, @actions/github): this file is
// loaded for --help and for every command listing. mentions.ts and template.ts have no runtime
// dependencies.
const STATUSES = ['success', 'failure', 'cancelled', 'started'] as const;
type NotifyStatus = (typeof STATUSES)[number];

/** Where the release notes come from. */
export type NotesSource =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'file'; path: string; baseDir?: string }
  | { kind: 'tag'; tag: string; token: string; repository: string }
  | { kind: 'event'; body: string; name: string; tag: string; url: string };

export interface NotifyInputs {
  discordWebhookUrls: string[];
  jandiWebhookUrls: string[];
  status: NotifyStatus;
  title?: string;
  notes: NotesSource;
  details: KeyValue[];
  mentionRoles: string[];
  mentionUsers: string[];
  threadId?: string;
  threadName?: string;
  username?: string;
  avatarUrl?: string;
  failOnError: boolean;
  dryRun: boolean;
  /** Messages per webhook at most; 0: no limit. */
  maxMessages: number;
  /** Team incoming webhooks of JANDI: every message goes to each of these members. */
  jandiEmails: string[];
  /** #RRGGBB per status, for the ones the `color` input sets. */
  colors: Partial<Record<NotifyStatus, string>>;
  footer?: string;
  content?: string;
  imageUrl?: string;
  thumbnailUrl?: string;
  author?: { name: string; url?: string; iconUrl?: string };
  /** The template file's text (validated: it renders to the right JSON shape). */
  template?: { path: string; source: string };
}

/** The default of max-messages (volume.ts's DEFAULT_MAX_MESSAGES; not imported to keep this file light). */
const DEFAULT_MAX_MESSAGES = 5;

function colors(reader: InputReader): Partial<Record<NotifyStatus, string>> {
  const out: Partial<Record<NotifyStatus, string>> = {};
  // Not reader.list(): it skips lines starting with '#' as comments, and a colour starts with one.
  const items = reader
    .value('color')
    .split(/[\r\n,]+/)
    .map((v) => v.trim())
    .filter(Boolean);
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq === -1 ? '' : item.slice(0, eq).trim().toLowerCase();
    const value = (eq === -1 ? item : item.slice(eq + 1)).trim();
    const m = /^#?([0-9a-fA-F]{6})$/.exec(value);
    if (!m) throw new InputError('color', `"${value}" is not a colour; use #RRGGBB, alone or as status=#RRGGBB`);
    const hex = `#${(m[1] as string).toUpperCase()}`;
    if (key === '') for (const s of STATUSES) out[s] = hex;
    else if ((STATUSES as readonly string[]).includes(key)) out[key as NotifyStatus] = hex;
    else throw new InputError('color', `"${key}" is not a status (${STATUSES.join(', ')})`);
  }
  return out;
}

function emails(reader: InputReader): string[] {
  return reader.list('jandi-email', { commas: true }).map((v) => {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) throw new InputError('jandi-email', `"${v}" is not an e-mail address`);
    return v;
  });
}

/** Mentions go in the first message's content (2000 characters); `<@&id> ` takes up to 25. */
const MAX_MENTIONS = 75;

function webhookUrls(reader: InputReader, name: string): string[] {
  return reader.list(name).map((line, i) => {
    // The value is a secret: errors name the line, never show it.
    let u: URL;
    try {
      u = new URL(line);
    } catch {
      throw new InputError(name, `line ${i + 1} is not a URL`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      throw new InputError(name, `line ${i + 1} is not an http(s) URL`);
    if (u.pathname.split('/').filter(Boolean).length < 2) {
      throw new InputError(name, `line ${i + 1} has no webhook id/token path`);
    }
    return line;
  });
}

function snowflakes(reader: InputReader, name: string): string[] {
  return reader.list(name, { commas: true }).map((v) => {
    // Accepts 123, <@123>, <@!123> and <@&123>.
    const id = parseSnowflake(v);
    if (!id) throw new InputError(name, `"${v}" is not a Discord id (a 15-21 digit number)`);
    return id;
  });
}

function notesSource(reader: InputReader, context: RunContext): NotesSource {
  const given = ['release-notes', 'release-notes-file', 'release-tag'].filter((n) => reader.has(n));
  if (given.length > 1) {
    throw new InputError(
      given[1] as string,
      `give only one of release-notes, release-notes-file and release-tag (also got ${given[0]})`,
    );
  }
  const text = reader.string('release-notes');
  if (text !== undefined) return { kind: 'text', text };
  const file = reader.path('release-notes-file', existsSync);
  // Whether the file exists, is a file and is not too large is checked when the notes are loaded
  // (src/notify/notes-file.ts): with fail-on-error false, a missing file costs the notes, not the message.
  if (file !== undefined) {
    // Relative links in a notes file start from its folder in the repository (docs/changelogs/...).
    const given = reader.value('release-notes-file').replace(/\\/g, '/');
    const dir = given.startsWith('/') ? '' : posix.dirname(posix.normalize(given));
    const baseDir = dir === '.' || dir.startsWith('..') ? undefined : dir;
    return { kind: 'file', path: file, ...(baseDir ? { baseDir } : {}) };
  }
  const tag = reader.string('release-tag');
  if (tag !== undefined) {
    const token = reader.string('github-token');
    if (!token) throw new InputError('github-token', 'is required to read the notes of release-tag from GitHub');
    if (!context.repository) {
      throw new InputError(
        'release-tag',
        'needs the repository, which this run does not know (no GITHUB_REPOSITORY or CODEBUILD_SOURCE_REPO_URL)',
      );
    }
    return { kind: 'tag', tag, token, repository: context.repository };
  }
  if (context.release) return { kind: 'event', ...context.release };
  return { kind: 'none' };
}

function statusOf(reader: InputReader, context: RunContext): NotifyStatus {
  const v = reader.value('status').toLowerCase();
  if (v === '') return context.buildSucceeding === false ? 'failure' : 'success';
  // job.status in Actions is success, failure or cancelled.
  if (!(STATUSES as readonly string[]).includes(v)) {
    throw new InputError('status', `expected one of ${STATUSES.join(', ')}, got "${reader.value('status')}"`);
  }
  return v as NotifyStatus;
}

export const notify: CommandDefinition<NotifyInputs> = {
  name: 'notify',
  title: 'Notify Discord and JANDI',
  description:
    'Post the release notes and the deploy result to Discord and JANDI webhooks: readable, complete, pinging nobody by accident.',
  inputs: {
    'discord-webhook-url': {
      description: 'Discord webhook URL; one per line for several channels.',
      secret: true,
      multiple: true,
    },
    'jandi-webhook-url': {
      description: 'JANDI incoming webhook URL; one per line for several topics.',
      secret: true,
      multiple: true,
    },
    status: {
      description:
        'success, failure, cancelled or started. Default: job.status in Actions (the action.yml default), CODEBUILD_BUILD_SUCCEEDING in CodeBuild, else success.',
      actionDefault: '${{ job.status }}',
    },
    title: { description: 'Message title. Default: "<status emoji> <repository> <tag> released" (or failed, ...).' },
    'release-notes': { description: 'Release notes as markdown text.' },
    'release-notes-file': { description: 'File with the release notes (markdown).' },
    'release-tag': {
      description:
        "Read the notes of this tag's GitHub release; for a tag without a release, GitHub's generated notes since the previous tag. Needs github-token.",
    },
    'github-token': {
      description: 'Token for the GitHub API (release-tag). In Actions: the workflow token by default.',
      secret: true,
      actionDefault: '${{ github.token }}',
    },
    details: {
      description: 'KEY=VALUE lines shown as fields, e.g. IMAGE=sha256:..., TASK_DEFINITION=app:42.',
      multiple: true,
    },
    'mention-roles': {
      description: 'Discord role ids that this message may ping (one per line or comma-separated).',
      multiple: true,
    },
    'mention-users': {
      description: 'Discord user ids that this message may ping (one per line or comma-separated).',
      multiple: true,
    },
    'thread-id': { description: 'Post into this Discord thread.' },
    'thread-name': { description: 'Forum channels: open a post with this name; all messages go into it.' },
    username: { description: 'Discord: the name shown for the webhook.' },
    'avatar-url': { description: 'Discord: the avatar shown for the webhook.' },
    'fail-on-error': {
      description: 'Fail the step when a notification cannot be sent (by default it only warns).',
      default: 'false',
    },
    'dry-run': { description: 'Print the exact payloads and send nothing.', default: 'false' },
    'max-messages': {
      description:
        'Messages per webhook at most (0: no limit). Longer notes are cut at a block boundary to a summary whose last line says how much was left out and links the full notes (the release page, else the compare view, else the run).',
      default: String(DEFAULT_MAX_MESSAGES),
    },
    'jandi-email': {
      description:
        'JANDI team incoming webhooks: the e-mail address (registered in JANDI) of each member who gets the messages; one per line or comma-separated.',
      multiple: true,
    },
    color: {
      description:
        'Colour of the message bar: #RRGGBB for every status, or status=#RRGGBB lines (success, failure, cancelled, started). Default: green, red, grey, blue.',
      multiple: true,
    },
    footer: {
      description:
        'Footer text (Discord embed footer; the line after the facts in the first JANDI message). Default: "aws-release-kit · <provider>".',
    },
    content: {
      description:
        'Text above the message (Discord message content, after any mentions; top of the first JANDI message). Mentions in it are defused.',
    },
    'image-url': { description: 'An image shown in the message (Discord embed image; JANDI connectInfo imageUrl).' },
    'thumbnail-url': {
      description: 'A small image at the top right (Discord embed thumbnail; JANDI: an image entry).',
    },
    'author-name': {
      description: 'Author line at the top of the message (Discord embed author; first line of the JANDI body).',
    },
    'author-url': { description: 'Link of the author line. Needs author-name.' },
    'author-icon-url': { description: 'Icon of the author line (Discord). Needs author-name.' },
    template: {
      description:
        'JSON file with your own layout of the first message: {"discord": {...webhook body}, "jandi": {...}} with {{placeholders}} (status, title, repository, tag, sha, actor, run_url, release_url, details.KEY, ...). Still held to the limits and mention rules.',
    },
  },
  outputs: {
    'discord-messages': 'Discord messages sent (counting every webhook).',
    'jandi-messages': 'JANDI messages sent (counting every webhook).',
  },
  parse(reader, context) {
    const discordWebhookUrls = webhookUrls(reader, 'discord-webhook-url');
    const jandiWebhookUrls = webhookUrls(reader, 'jandi-webhook-url');
    if (!discordWebhookUrls.length && !jandiWebhookUrls.length) {
      throw new InputError('discord-webhook-url', 'no webhook given: set discord-webhook-url or jandi-webhook-url');
    }
    const details = reader.pairs('details');
    details.forEach(({ key }, i) => {
      if (key === '') throw new InputError('details', `line ${i + 1} has an empty KEY`);
    });
    const mentionRoles = snowflakes(reader, 'mention-roles');
    const mentionUsers = snowflakes(reader, 'mention-users');
    if (mentionRoles.length + mentionUsers.length > MAX_MENTIONS) {
      throw new InputError('mention-roles', `at most ${MAX_MENTIONS} roles and users together can be mentioned`);
    }
    const threadId = reader.string('thread-id');
    if (threadId !== undefined && !/^\d{15,21}$/.test(threadId)) {
      throw new InputError('thread-id', `"${threadId}" is not a Discord thread id`);
    }
    const threadName = reader.string('thread-name');
    if (threadName !== undefined && threadId !== undefined) {
      throw new InputError(
        'thread-name',
        'give thread-name (a new forum post) or thread-id (an existing thread), not both',
      );
    }
    if (threadName !== undefined && threadName.length > 100) {
      throw new InputError('thread-name', `has ${threadName.length} characters; Discord allows 100`);
    }
    const username = reader.string('username');
    if (username !== undefined) {
      if (username.length > 80)
        throw new InputError('username', `has ${username.length} characters; Discord allows 80`);
      // Discord refuses webhook names that contain these words.
      if (/discord|clyde/i.test(username))
        throw new InputError('username', 'must not contain "discord" or "clyde" (Discord refuses it)');
    }
    const title = reader.string('title');
    const status = statusOf(reader, context);
    const content = reader.string('content');
    const mentionChars = mentionRoles.length * 25 + mentionUsers.length * 24;
    if (content !== undefined && content.length + mentionChars > 2000) {
      throw new InputError('content', `has ${content.length} characters; Discord allows 2000 with the mentions`);
    }
    const footer = reader.string('footer');
    if (footer !== undefined && footer.length > 2048) {
      throw new InputError('footer', `has ${footer.length} characters; Discord allows 2048`);
    }
    const authorName = reader.string('author-name');
    const authorUrl = reader.url('author-url');
    const authorIconUrl = reader.url('author-icon-url');
    if (authorName === undefined && (authorUrl || authorIconUrl)) {
      throw new InputError(authorUrl ? 'author-url' : 'author-icon-url', 'needs author-name');
    }
    if (authorName !== undefined && authorName.length > 256) {
      throw new InputError('author-name', `has ${authorName.length} characters; Discord allows 256`);
    }
    const templatePath = reader.path('template', existsSync);
    let template: NotifyInputs['template'];
    if (templatePath !== undefined) {
      let source: string;
      try {
        source = readFileSync(templatePath, 'utf8');
      } catch (err) {
        throw new InputError('template', `${templatePath} could not be read (${(err as Error).message})`);
      }
      try {
        renderTemplate(source, templateValues(context, { status, title, details }));
      } catch (err) {
        if (err instanceof TemplateError) throw new InputError('template', `${templatePath} ${err.message}`);
        throw err;
      }
      template = { path: templatePath, source };
    }
    return {
      discordWebhookUrls,
      jandiWebhookUrls,
      status,
      title,
      notes: notesSource(reader, context),
      details,
      mentionRoles,
      mentionUsers,
      threadId,
      threadName,
      username,
      avatarUrl: reader.url('avatar-url'),
      failOnError: reader.boolean('fail-on-error'),
      dryRun: reader.boolean('dry-run'),
      maxMessages: reader.int('max-messages', { min: 0 }) ?? DEFAULT_MAX_MESSAGES,
      jandiEmails: emails(reader),
      colors: colors(reader),
      footer,
      content,
      imageUrl: reader.url('image-url'),
      thumbnailUrl: reader.url('thumbnail-url'),
      author: authorName !== undefined ? { name: authorName, url: authorUrl, iconUrl: authorIconUrl } : undefined,
      template,
    };
  },
  load: () => import('../commands/notify.js'),
};
