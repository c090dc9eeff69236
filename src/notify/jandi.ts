/**
 * JANDI incoming webhooks, as JANDI's help pages document them:
 * - https://support.jandi.com/en/articles/6352697-receiving-incoming-webhooks-in-jandi
 *   POST with `Accept: application/vnd.tosslab.jandi-v2+json` and a JSON body
 *   `{body, connectColor, connectInfo: [{title, description, imageUrl}]}`; `body` is required and is
 *   where JANDI renders `[text](url)` links ("Link Markdown"); connectInfo's title shows bold, its
 *   description as text, imageUrl as an image.
 * - https://support.jandi.com/en/articles/6352712-team-incoming-webhook
 *   a team incoming webhook takes the same body plus `email`: the member who receives it.
 * So the whole text (heading, facts, notes) goes into `body`, where links work, and connectInfo
 * carries images. JANDI renders no other markdown: the notes are flattened to plain lines
 * (markdown.ts, 'plain'). Long notes go on in further messages, or are cut to max-messages.
 */
import { STATUS_STYLE, type Announcement, type Fact } from './announcement.js';
import { errorName } from '../util/aws-errors.js';
import { DeliveryError, postJson, type HttpDeps, type RetryPolicy } from './http.js';
import { maskedLink, type Block } from './markdown.js';
import { neutralizeMentions } from './mentions.js';
import { Splitter, truncate } from './split.js';
import { fitToMessages, type Composed } from './volume.js';

export const JANDI_ACCEPT = 'application/vnd.tosslab.jandi-v2+json';

/**
 * JANDI's webhook pages state no sizes. The one documented message size is 5,000 characters
 * (https://support.jandi.com/en/articles/6815054-sending-scheduled-messages: "Enter up to 5,000
 * characters for the message"), so a whole payload stays within that, `body` within 4,000; the
 * connectInfo sizes are this tool's own, deliberately small.
 */
export const JANDI_LIMITS = {
  body: 4000,
  title: 200,
  description: 2000,
  /** connectInfo entries per message. */
  items: 10,
  /** body + every title and description of one message. */
  message: 5000,
} as const;

export interface JandiInfo {
  title?: string;
  description?: string;
  imageUrl?: string;
}

export interface JandiPayload {
  body: string;
  connectColor: string;
  connectInfo: JandiInfo[];
  /** Team incoming webhooks: the member who receives the message (set when sending). */
  email?: string;
}

export interface JandiOptions {
  /** Messages per webhook (and member) at most; 0: no limit. */
  maxMessages?: number;
  /** connectColor, #RRGGBB; the status colour by default. */
  color?: string;
  /** Text at the top of the first message. */
  content?: string;
  /** A line after the facts of the first message; the provider line by default. */
  footer?: string;
  imageUrl?: string;
  thumbnailUrl?: string;
  author?: { name: string; url?: string };
  /** The template's "jandi" part: the first message, as the team lays it out. */
  template?: Record<string, unknown>;
}

/** Room kept on each body's first line for " (12/12)". */
const PART_ROOM = 10;

function factLine(f: Fact): string {
  const text = f.url ? maskedLink(f.text, f.url, 'plain') : f.text;
  return neutralizeMentions(`${f.name}: ${text}`);
}

/** Images of the notes ("[🖼 alt](url)" as converted) in a piece of body text. */
function imagesIn(text: string): JandiInfo[] {
  return [...text.matchAll(/\[🖼 ([^\]\n]*)\]\((https?:\/\/[^)\s]+)\)/g)].map((m) => ({
    title: truncate(m[1] as string, JANDI_LIMITS.title),
    imageUrl: m[2] as string,
  }));
}

export function buildJandiMessages(a: Announcement, options: JandiOptions): JandiPayload[] {
  return composeJandi(a, options).messages;
}

export function composeJandi(a: Announcement, options: JandiOptions): Composed<JandiPayload> {
  return fitToMessages({
    notes: a.notes,
    flavor: 'plain',
    links: a.links,
    fullNotesUrl: a.fullNotesUrl,
    maxMessages: options.maxMessages ?? 0,
    build: (blocks) => layoutJandi(a, options, blocks),
  });
}

function layoutJandi(a: Announcement, options: JandiOptions, noteBlocks: Block[]): JandiPayload[] {
  const L = JANDI_LIMITS;
  const color = options.color ?? STATUS_STYLE[a.status].hex;
  const title = truncate(neutralizeMentions(a.title), L.title);
  const templated = options.template ? templateMessage(options.template, color) : undefined;
  // The summary's **bold** is Discord markup; JANDI shows the words.
  const summary = neutralizeMentions(a.summary.replace(/\*\*/g, ''));
  const heading = a.url ? maskedLink(title, a.url, 'plain') : title;
  const lead: Block[] = [];
  if (!templated) {
    if (options.author) {
      const name = neutralizeMentions(options.author.name);
      lead.push({
        text: options.author.url ? maskedLink(name, options.author.url, 'plain') : name,
        gap: false,
        atoms: [],
      });
    }
    lead.push({ text: summary, gap: false, atoms: [] });
    a.facts.forEach((f, i) => lead.push({ text: factLine(f), gap: i === 0, atoms: [] }));
    lead.push({ text: neutralizeMentions(options.footer ?? a.footer), gap: true, atoms: [] });
  }
  const splitter = new Splitter([...lead, ...noteBlocks]);
  const bodies: string[] = [];
  while (!splitter.done) {
    const first = bodies.length === 0 && !templated ? heading : title;
    // The team's text stands above the heading of the first message.
    const top = bodies.length === 0 && !templated && options.content ? options.content.length + 1 : 0;
    const chunk = splitter.next(L.body - first.length - PART_ROOM - 1 - top);
    if (chunk === undefined) throw new Error('BUG: JANDI splitter made no progress');
    bodies.push(chunk);
  }
  const total = bodies.length + (templated ? 1 : 0);
  const messages = bodies.map((chunk, i): JandiPayload => {
    const n = i + (templated ? 1 : 0);
    const first = n === 0 ? heading : title;
    const part = total > 1 ? ` (${n + 1}/${total})` : '';
    const top = n === 0 && options.content ? `${neutralizeMentions(options.content)}\n` : '';
    const extra: JandiInfo[] = [];
    if (n === 0) {
      for (const url of [options.imageUrl, options.thumbnailUrl]) if (url) extra.push({ imageUrl: url });
    }
    return {
      body: `${top}${first}${part}\n${chunk}`,
      connectColor: color,
      connectInfo: [...extra, ...imagesIn(chunk)].slice(0, L.items),
    };
  });
  return templated ? [templated, ...messages] : messages;
}

/**
 * The template's "jandi" part held to JANDI's documented shape and this tool's sizes: body
 * (required; the title when it is empty), connectColor (#RRGGBB, else the status colour),
 * connectInfo entries of title, description and an http(s) imageUrl; every text defused and cut.
 */
export function templateMessage(template: Record<string, unknown>, color: string): JandiPayload {
  const L = JANDI_LIMITS;
  const text = (v: unknown, max: number): string | undefined =>
    typeof v === 'string' && v.trim() ? truncate(neutralizeMentions(v), max) : undefined;
  const connectColor =
    typeof template['connectColor'] === 'string' && /^#[0-9A-Fa-f]{6}$/.test(template['connectColor'])
      ? template['connectColor']
      : color;
  const info = (Array.isArray(template['connectInfo']) ? template['connectInfo'] : [])
    .slice(0, L.items)
    .flatMap((raw): JandiInfo[] => {
      if (typeof raw !== 'object' || raw === null) return [];
      const r = raw as Record<string, unknown>;
      const item: JandiInfo = {};
      const t = text(r['title'], L.title);
      if (t) item.title = t;
      const d = text(r['description'], L.description);
      if (d) item.description = d;
      if (typeof r['imageUrl'] === 'string' && /^https?:\/\//.test(r['imageUrl'])) item.imageUrl = r['imageUrl'];
      return Object.keys(item).length ? [item] : [];
    });
  const infoSize = info.reduce((n, i) => n + (i.title?.length ?? 0) + (i.description?.length ?? 0), 0);
  const body = text(template['body'], Math.min(L.body, L.message - infoSize)) ?? 'Release';
  return { body, connectColor, connectInfo: info };
}

/** JANDI's error body is JSON with `code` and `msg` (or `message`); anything else is not quoted. */
export function describeJandiError(_status: number, body: string): string {
  try {
    const json = JSON.parse(body) as { code?: unknown; msg?: unknown; message?: unknown };
    const msg = typeof json.msg === 'string' ? json.msg : typeof json.message === 'string' ? json.message : '';
    const code = typeof json.code === 'number' || typeof json.code === 'string' ? `code ${json.code}` : '';
    return [code, msg].filter(Boolean).join(': ').slice(0, 300);
  } catch {
    return body.trim() ? 'not a JSON answer' : '';
  }
}

export const JANDI_POLICY: Omit<RetryPolicy, 'label'> = {
  serverRetries: 3,
  serverBackoffMs: 1000,
  rateLimitRetries: 10,
  maxRateLimitWaitMs: 5 * 60 * 1000,
  fallbackRateLimitWaitMs: 10 * 1000,
  timeoutMs: 30 * 1000,
  describeError: describeJandiError,
};

export interface JandiTarget {
  url: string;
  label: string;
  /** Team incoming webhook: the member's e-mail address, sent as `email`. */
  email?: string;
}

export async function sendJandi(
  target: JandiTarget,
  messages: readonly JandiPayload[],
  deps: HttpDeps,
): Promise<{ sent: number; error?: string }> {
  const policy: RetryPolicy = { ...JANDI_POLICY, label: target.label };
  let sent = 0;
  for (const [i, payload] of messages.entries()) {
    try {
      const body = target.email ? { ...payload, email: target.email } : payload;
      await postJson(target.url, body, { accept: JANDI_ACCEPT }, policy, deps);
      sent++;
      deps.log.info(`${target.label}: message ${i + 1}/${messages.length} sent`);
    } catch (err) {
      const reason =
        err instanceof DeliveryError ? err.message : `${target.label} failed (${errorName(err) ?? 'unknown error'})`;
      return { sent, error: `${reason}; ${sent} of ${messages.length} message(s) were sent` };
    }
  }
  return { sent };
}
