/**
 * JANDI incoming webhooks: `{body, connectColor, connectInfo: [{title, description, imageUrl}]}`
 * posted with JANDI's v2 Accept header. JANDI renders no markdown except [text](url) links, so the
 * notes are flattened to plain lines (markdown.ts, 'plain'). JANDI documents no size limits: the
 * sizes below are deliberately small, and long notes go on in further messages, never dropped.
 */
import { STATUS_STYLE, type Announcement, type Fact } from './announcement.js';
import { DeliveryError, postJson, type HttpDeps, type RetryPolicy } from './http.js';
import { convertNotes, maskedLink, type Block } from './markdown.js';
import { neutralizeMentions } from './mentions.js';
import { Splitter, truncate } from './split.js';

export const JANDI_ACCEPT = 'application/vnd.tosslab.jandi-v2+json';

/** Conservative sizes (JANDI publishes none). */
export const JANDI_LIMITS = {
  body: 1000,
  title: 200,
  description: 2000,
  /** connectInfo entries per message. */
  items: 10,
  /** body + every title and description of one message. */
  message: 4000,
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
}

/** Room kept in a message's body for " (2/5)". */
const PART_ROOM = 12;
const MIN_CHUNK = 300;

function factLine(f: Fact): string {
  const text = f.url ? maskedLink(f.text, f.url, 'plain') : f.text;
  return `${f.name}: ${text}`;
}

function payloadLength(p: JandiPayload): number {
  return p.body.length + p.connectInfo.reduce((n, i) => n + (i.title?.length ?? 0) + (i.description?.length ?? 0), 0);
}

export function buildJandiMessages(a: Announcement): JandiPayload[] {
  const L = JANDI_LIMITS;
  const color = STATUS_STYLE[a.status].hex;
  const title = neutralizeMentions(a.title);
  // The summary's **bold** is Discord markup; JANDI shows the words.
  const summary = neutralizeMentions(a.summary.replace(/\*\*/g, ''));
  const heading = a.url ? maskedLink(title, a.url, 'plain') : title;
  const firstBody = truncate(`${heading}\n${summary}`, L.body - PART_ROOM);

  const sections: Array<{ title: string; blocks: Block[] }> = [];
  if (a.facts.length) {
    const lines = a.facts.map((f) => ({ text: neutralizeMentions(factLine(f)), gap: false, atoms: [] }));
    sections.push({ title: 'Details', blocks: lines });
  }
  if (a.notes) sections.push({ title: 'Release notes', blocks: convertNotes(a.notes, 'plain', a.links) });

  const messages: JandiPayload[] = [];
  let current: JandiPayload = { body: firstBody, connectColor: color, connectInfo: [] };
  const flush = (): void => {
    messages.push(current);
    current = { body: truncate(title, L.body - PART_ROOM), connectColor: color, connectInfo: [] };
  };
  for (const section of sections) {
    const splitter = new Splitter(section.blocks);
    let part = 0;
    while (!splitter.done) {
      const itemTitle = part === 0 ? section.title : `${section.title} (continued)`;
      // PART_ROOM: the " (2/5)" every body gets once the messages are counted.
      const room = Math.min(L.description, L.message - payloadLength(current) - itemTitle.length - PART_ROOM);
      if (current.connectInfo.length < L.items && room >= MIN_CHUNK) {
        const text = splitter.next(room, { wholeLimit: L.description });
        if (text !== undefined) {
          current.connectInfo.push({ title: itemTitle, description: text });
          part++;
          continue;
        }
      }
      flush();
    }
  }
  if (current.connectInfo.length || messages.length === 0) messages.push(current);
  if (messages.length > 1) messages.forEach((m, i) => (m.body += ` (${i + 1}/${messages.length})`));
  return messages;
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
      await postJson(target.url, payload, { accept: JANDI_ACCEPT }, policy, deps);
      sent++;
      deps.log.info(`${target.label}: message ${i + 1}/${messages.length} sent`);
    } catch (err) {
      const reason = err instanceof DeliveryError ? err.message : `${target.label} failed (${(err as Error).name})`;
      return { sent, error: `${reason}; ${sent} of ${messages.length} message(s) were sent` };
    }
  }
  return { sent };
}
