/**
 * Discord: one coloured header embed with the facts of the run, then the release notes in as many
 * embeds and messages as they need, every one within Discord's documented limits, in order.
 */
import type { APIEmbed, APIEmbedField, APIMessage, RESTPostAPIWebhookWithTokenJSONBody } from 'discord-api-types/v10';
import { STATUS_STYLE, type Announcement, type Fact } from './announcement.js';
import { errorName } from '../util/aws-errors.js';
import { DeliveryError, postJson, type HttpDeps, type RetryPolicy } from './http.js';
import { maskedLink, type Block } from './markdown.js';
import { allowedMentions, mentionContent, neutralizeMentions, type Mentions } from './mentions.js';
import { Splitter, splitText, truncate } from './split.js';
import { fitToMessages, type Composed } from './volume.js';

/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits and execute-webhook. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  /** Sum of every embed's title, description, field names and values, footer text and author name. */
  charactersPerMessage: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  username: 80,
  threadName: 100,
} as const;

/** Room kept in each notes embed for its "Release notes · part 2 of 7" footer. */
const NOTES_FOOTER_ROOM = 48;
/** Below this much room, a message takes no further notes embed: the next one starts a message. */
const MIN_NOTES_CHUNK = 500;
/** A detail value up to this long sits beside others (inline field); longer ones get a row. */
const INLINE_VALUE = 40;

export type DiscordPayload = RESTPostAPIWebhookWithTokenJSONBody;

export interface DiscordOptions {
  mentions: Mentions;
  username?: string;
  avatarUrl?: string;
  /** Forum channels: the first message opens a thread with this name. */
  threadName?: string;
  /** Messages per webhook at most (0: no limit); longer notes are cut to a summary. */
  maxMessages?: number;
  /** Embed colour; the status colour by default. */
  color?: number;
  /** Replaces the provider line in the header's footer. */
  footer?: string;
  /** Text above the first message's embeds (after any mentions). */
  content?: string;
  imageUrl?: string;
  thumbnailUrl?: string;
  author?: { name: string; url?: string; iconUrl?: string };
  /** The template's "discord" part: the first message's own content and embeds. */
  template?: Record<string, unknown>;
}

/** Characters an embed counts toward the 6000 per message. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function linkMarkdown(fact: Fact): string {
  return fact.url ? maskedLink(fact.text, fact.url, 'discord') : fact.text;
}

/** Facts as embed fields; a value longer than a field holds goes on in numbered fields. */
export function factFields(facts: readonly Fact[]): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  for (const fact of facts) {
    const value = neutralizeMentions(fact.detail ? fact.text : linkMarkdown(fact)) || '(empty)';
    const name = neutralizeMentions(fact.name);
    const parts = splitText(value, DISCORD_LIMITS.fieldValue);
    parts.forEach((part, i) => {
      const suffix = parts.length > 1 ? ` (${i + 1}/${parts.length})` : '';
      fields.push({
        name: truncate(name, DISCORD_LIMITS.fieldName - suffix.length) + suffix,
        value: part,
        inline: parts.length === 1 && (!fact.detail || (value.length <= INLINE_VALUE && !value.includes('\n'))),
      });
    });
  }
  return fields;
}

/** The header: title, status line, release link, facts as fields (several embeds if they need it). */
export function headerEmbeds(a: Announcement, shape: Omit<DiscordOptions, 'mentions'> = {}): APIEmbed[] {
  const color = shape.color ?? STATUS_STYLE[a.status].color;
  const first: APIEmbed = {
    title: truncate(neutralizeMentions(a.title), DISCORD_LIMITS.title),
    description: truncate(neutralizeMentions(a.summary), DISCORD_LIMITS.description),
    color,
    footer: { text: truncate(neutralizeMentions(shape.footer ?? a.footer), DISCORD_LIMITS.footer) },
    timestamp: a.timestamp,
  };
  // Only the first embed links to the release: Discord merges consecutive embeds with one URL.
  if (a.url) first.url = a.url;
  if (shape.author) {
    first.author = { name: truncate(neutralizeMentions(shape.author.name), DISCORD_LIMITS.author) };
    if (shape.author.url) first.author.url = shape.author.url;
    if (shape.author.iconUrl) first.author.icon_url = shape.author.iconUrl;
  }
  if (shape.imageUrl) first.image = { url: shape.imageUrl };
  if (shape.thumbnailUrl) first.thumbnail = { url: shape.thumbnailUrl };
  const embeds: APIEmbed[] = [first];
  let current = first;
  for (const field of factFields(a.facts)) {
    const fields = current.fields ?? [];
    const size = field.name.length + field.value.length;
    if (fields.length >= DISCORD_LIMITS.fields || embedLength(current) + size > DISCORD_LIMITS.charactersPerMessage) {
      current = { title: 'Details (continued)', color, fields: [] };
      embeds.push(current);
    }
    (current.fields ??= []).push(field);
  }
  return embeds;
}

/** Every message to send, in order. */
export function buildDiscordMessages(a: Announcement, options: DiscordOptions): DiscordPayload[] {
  return composeDiscord(a, options).messages;
}

/** The messages, and whether the notes had to be cut to fit max-messages. */
export function composeDiscord(a: Announcement, options: DiscordOptions): Composed<DiscordPayload> {
  return fitToMessages({
    notes: a.notes,
    flavor: 'discord',
    links: a.links,
    fullNotesUrl: a.fullNotesUrl,
    maxMessages: options.maxMessages ?? 0,
    build: (blocks) => layoutDiscord(a, options, blocks),
  });
}

/** The messages for the header and these converted notes, every one within Discord's limits. */
function layoutDiscord(a: Announcement, options: DiscordOptions, noteBlocks: Block[]): DiscordPayload[] {
  const L = DISCORD_LIMITS;
  const color = options.color ?? STATUS_STYLE[a.status].color;
  let header = options.template ? templateEmbeds(options.template) : headerEmbeds(a, options);
  // A template that leaves nothing to show (no valid embed, no content) gets the usual header.
  if (!header.length && !firstContent(options)) header = headerEmbeds(a, options);
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let used = 0;
  const flush = (): void => {
    if (current.length) messages.push(current);
    current = [];
    used = 0;
  };
  /** `reserve`: characters the embed may still gain (its footer, set once the parts are counted). */
  const add = (e: APIEmbed, reserve = 0): void => {
    const size = embedLength(e) + reserve;
    if (current.length >= L.embedsPerMessage || used + size > L.charactersPerMessage) flush();
    current.push(e);
    used += size;
  };
  for (const e of header) add(e);

  const notes: APIEmbed[] = [];
  const splitter = new Splitter(noteBlocks);
  while (!splitter.done) {
    const room = Math.min(L.description, L.charactersPerMessage - used - NOTES_FOOTER_ROOM);
    if (current.length < L.embedsPerMessage && room >= MIN_NOTES_CHUNK) {
      // A block that would fit a fresh embed whole is not cut just to fill this message.
      const text = splitter.next(room, { wholeLimit: L.description });
      if (text !== undefined) {
        const e: APIEmbed = { description: text, color };
        notes.push(e);
        add(e, NOTES_FOOTER_ROOM);
        continue;
      }
    }
    flush();
  }
  flush();
  if (notes.length > 1) {
    notes.forEach((e, i) => (e.footer = { text: `Release notes · part ${i + 1} of ${notes.length}` }));
  }

  const content = firstContent(options);
  return messages.map((embeds, i) => {
    const payload: DiscordPayload = { embeds, allowed_mentions: allowedMentions(options.mentions) };
    // The listed roles and users are pinged once, by the first message.
    if (i === 0 && content) payload.content = content;
    const username = str(options.template?.['username']) ?? options.username;
    // A template's name is checked here (the input's is checked when parsed): Discord refuses these.
    if (username && username.length <= L.username && !/discord|clyde/i.test(username)) payload.username = username;
    const avatar = httpUrl(options.template?.['avatar_url']) ?? options.avatarUrl;
    if (avatar) payload.avatar_url = avatar;
    if (i === 0 && options.threadName) payload.thread_name = options.threadName;
    return payload;
  });
}

/** The first message's content: the mentions, then the team's text (template or `content`), defused. */
function firstContent(options: DiscordOptions): string {
  const mentions = mentionContent(options.mentions);
  const own = typeof options.template?.['content'] === 'string' ? options.template['content'] : options.content;
  const text = own ? neutralizeMentions(own) : '';
  const joined = [mentions, text].filter(Boolean).join('\n');
  return truncate(joined, DISCORD_LIMITS.content);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const httpUrl = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? v : undefined;
  } catch {
    return undefined;
  }
};
const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * The template's embeds held to Discord's rules: only embed fields a webhook may set, every text
 * defused and cut to its limit, at most 10 embeds and 25 fields each, 6000 characters in all (the
 * notes then follow in embeds of their own), URLs that are not http(s) dropped.
 */
export function templateEmbeds(template: Record<string, unknown>): APIEmbed[] {
  const L = DISCORD_LIMITS;
  const list = Array.isArray(template['embeds']) ? template['embeds'] : [];
  const text = (v: unknown, max: number): string | undefined => {
    const s = str(v);
    return s === undefined ? undefined : truncate(neutralizeMentions(s), max);
  };
  const out: APIEmbed[] = [];
  let total = 0;
  for (const raw of list.slice(0, L.embedsPerMessage)) {
    const e = obj(raw);
    if (!e) continue;
    const embed: APIEmbed = {};
    const title = text(e['title'], L.title);
    if (title) embed.title = title;
    const description = text(e['description'], L.description);
    if (description) embed.description = description;
    const url = httpUrl(e['url']);
    if (url) embed.url = url;
    const color = e['color'];
    if (typeof color === 'number' && Number.isInteger(color) && color >= 0 && color <= 0xffffff) embed.color = color;
    if (typeof e['timestamp'] === 'string' && !Number.isNaN(Date.parse(e['timestamp'])))
      embed.timestamp = e['timestamp'];
    const footer = obj(e['footer']);
    const footerText = text(footer?.['text'], L.footer);
    if (footerText)
      embed.footer = {
        text: footerText,
        ...(httpUrl(footer?.['icon_url']) ? { icon_url: footer?.['icon_url'] as string } : {}),
      };
    const author = obj(e['author']);
    const authorName = text(author?.['name'], L.author);
    if (authorName) {
      embed.author = { name: authorName };
      const au = httpUrl(author?.['url']);
      if (au) embed.author.url = au;
      const ai = httpUrl(author?.['icon_url']);
      if (ai) embed.author.icon_url = ai;
    }
    const image = httpUrl(obj(e['image'])?.['url']);
    if (image) embed.image = { url: image };
    const thumbnail = httpUrl(obj(e['thumbnail'])?.['url']);
    if (thumbnail) embed.thumbnail = { url: thumbnail };
    const fields = (Array.isArray(e['fields']) ? e['fields'] : []).slice(0, L.fields).flatMap((f): APIEmbedField[] => {
      const field = obj(f);
      const name = text(field?.['name'], L.fieldName);
      const value = text(field?.['value'], L.fieldValue);
      return name && value ? [{ name, value, inline: field?.['inline'] === true }] : [];
    });
    if (fields.length) embed.fields = fields;
    const size = embedLength(embed);
    const empty = size === 0 && !embed.image && !embed.thumbnail;
    if (empty || total + size > L.charactersPerMessage) continue;
    total += size;
    out.push(embed);
  }
  return out;
}

/** Discord's error body: {"code": 50035, "message": "Invalid Form Body", "errors": {...}}. */
export function describeDiscordError(_status: number, body: string): string {
  let json: { code?: unknown; message?: unknown; errors?: unknown };
  try {
    json = JSON.parse(body) as typeof json;
  } catch {
    return body.trim() ? 'not a JSON answer' : '';
  }
  const parts: string[] = [];
  if (typeof json.code === 'number') parts.push(`code ${json.code}`);
  if (typeof json.message === 'string') parts.push(json.message);
  let text = parts.join(': ');
  const first = json.errors ? firstFieldError(json.errors, '') : undefined;
  if (first) text += `; ${first}`;
  return text.slice(0, 500);
}

/** The first {"_errors": [{"message"}]} in Discord's nested error object, with its path. */
function firstFieldError(node: unknown, path: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const errors = (node as { _errors?: Array<{ message?: string }> })._errors;
  if (Array.isArray(errors) && errors[0]?.message) return `${path || 'body'}: ${errors[0].message}`;
  for (const [key, child] of Object.entries(node)) {
    if (key === '_errors') continue;
    const found = firstFieldError(child, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

export const DISCORD_POLICY: Omit<RetryPolicy, 'label'> = {
  serverRetries: 3,
  serverBackoffMs: 1000,
  rateLimitRetries: 10,
  maxRateLimitWaitMs: 5 * 60 * 1000,
  fallbackRateLimitWaitMs: 10 * 1000,
  timeoutMs: 30 * 1000,
  describeError: describeDiscordError,
};

export interface DiscordTarget {
  url: string;
  /** "Discord webhook #1" */
  label: string;
  threadId?: string;
}

export interface SendReport {
  sent: number;
  /** Why the rest was not sent; undefined when every message went. */
  error?: string;
}

/** The Discord API version messages are sent with; the payload types are discord-api-types/v10. */
export const DISCORD_API_VERSION = 10;

/** `/api/webhooks/...` (no version) or `/api/v{N}/webhooks/...`: N, or undefined for an unversioned path. */
const WEBHOOK_PATH = /^\/api\/(?:v(\d+)\/)?webhooks\//;

/**
 * The webhook URL with the API version pinned. Webhook URLs as Discord shows them to users have no
 * version (https://discord.com/api/webhooks/{id}/{token}), and Discord serves an unversioned path
 * with its default API version, v6: there a 429's `retry_after` is in milliseconds, while from v8 on
 * it is in seconds (a float), and error bodies differ too. So `/api/webhooks/` becomes
 * `/api/v10/webhooks/`, on any host (a proxy or a test receiver with Discord's path layout gets the
 * same request Discord would); the query string stays. A path that names a version already is the
 * user's choice and is left alone, as is any other path layout.
 */
export function versionedWebhookUrl(webhook: string): string {
  const u = new URL(webhook);
  const m = WEBHOOK_PATH.exec(u.pathname);
  if (!m || m[1] !== undefined) return webhook;
  u.pathname = `/api/v${DISCORD_API_VERSION}/webhooks/${u.pathname.slice(m[0].length)}`;
  return u.toString();
}

/**
 * The unit of a 429's `retry_after` at this URL: milliseconds on API v6 and v7 and on an unversioned
 * path (the default, v6), seconds from v8 on and on paths that are not Discord's layout.
 */
export function retryAfterUnit(url: string): 'seconds' | 'milliseconds' {
  const m = WEBHOOK_PATH.exec(new URL(url).pathname);
  if (!m) return 'seconds';
  const version = m[1] === undefined ? 6 : Number(m[1]);
  return version < 8 ? 'milliseconds' : 'seconds';
}

/**
 * The URL of one execute-webhook call: the API version pinned (see versionedWebhookUrl), wait=true
 * (so errors are reported) and the thread. It holds the webhook's token: never log it.
 */
export function executeUrl(webhook: string, threadId: string | undefined): string {
  const u = new URL(versionedWebhookUrl(webhook));
  u.searchParams.set('wait', 'true');
  if (threadId) u.searchParams.set('thread_id', threadId);
  return u.toString();
}

/**
 * Sends the messages in order and stops at the first that fails for good (later ones would
 * arrive out of order). Honours Discord's bucket headers so that 429s are rarely needed, and
 * sends the follow-ups of a new forum post into the thread it created.
 */
export async function sendDiscord(
  target: DiscordTarget,
  messages: readonly DiscordPayload[],
  deps: HttpDeps,
): Promise<SendReport> {
  let threadId = target.threadId;
  let sent = 0;
  for (const [i, payload] of messages.entries()) {
    const body = threadId ? { ...payload, thread_name: undefined } : payload;
    try {
      const url = executeUrl(target.url, threadId);
      const policy: RetryPolicy = { ...DISCORD_POLICY, label: target.label, retryAfterUnit: retryAfterUnit(url) };
      const res = await postJson(url, body, {}, policy, deps);
      sent++;
      let message: Partial<APIMessage> = {};
      try {
        message = JSON.parse(res.body) as Partial<APIMessage>;
      } catch {
        // wait=true answers with the message; a proxy that strips it only costs the thread id.
      }
      deps.log.info(
        `${target.label}: message ${i + 1}/${messages.length} sent${message.id ? ` (id ${message.id})` : ''}`,
      );
      if (payload.thread_name && !threadId) {
        if (!message.channel_id)
          throw new DeliveryError(`${target.label} created a forum post but did not say its thread id`);
        threadId = message.channel_id;
      }
      // The bucket is empty: wait for it to refill rather than collect a 429.
      if (i < messages.length - 1 && res.headers.get('x-ratelimit-remaining') === '0') {
        const resetAfter = Number(res.headers.get('x-ratelimit-reset-after'));
        if (Number.isFinite(resetAfter) && resetAfter > 0) {
          const wait = Math.ceil(resetAfter * 1000);
          deps.log.info(`${target.label}: rate limit bucket empty, waiting ${(wait / 1000).toFixed(1)} s`);
          await deps.sleep(wait);
        }
      }
    } catch (err) {
      const reason =
        err instanceof DeliveryError ? err.message : `${target.label} failed (${errorName(err) ?? 'unknown error'})`;
      return { sent, error: `${reason}; ${sent} of ${messages.length} message(s) were sent` };
    }
  }
  return { sent };
}
