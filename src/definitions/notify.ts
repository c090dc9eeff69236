import { existsSync } from 'node:fs';
import type { RunContext } from '../runtime/context.js';
import { InputError } from '../runtime/errors.js';
import type { InputReader, KeyValue } from '../runtime/inputs.js';
import type { CommandDefinition } from '../runtime/spec.js';
import { parseSnowflake } from '../notify/mentions.js';

// Kept free of the notify implementation's heavy imports (remark, @actions/github): this file is
// loaded for --help and for every command listing. mentions.ts has no runtime dependencies.
const STATUSES = ['success', 'failure', 'cancelled', 'started'] as const;
type NotifyStatus = (typeof STATUSES)[number];

/** Where the release notes come from. */
export type NotesSource =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'file'; path: string }
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
  if (file !== undefined) return { kind: 'file', path: file };
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
    return {
      discordWebhookUrls,
      jandiWebhookUrls,
      status: statusOf(reader, context),
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
    };
  },
  load: () => import('../commands/notify.js'),
};
