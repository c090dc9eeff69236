/**
 * A local stand-in for Discord's and JANDI's webhook endpoints, on a free loopback port.
 *
 * Discord (POST /api/webhooks/{id}/{token}, or /api/v{N}/webhooks/...) is checked the way Discord
 * documents it: every embed and message limit (400 with code 50035 and Discord's nested `errors`
 * object when one is broken), allowed_mentions, threads and forum posts, 404 (10015) for an unknown
 * webhook, 401 (50027) for a wrong token, and the per-webhook rate limit of 5 requests per 2 seconds:
 * past it, 429 with `retry_after` in the JSON body and a Retry-After header. Like Discord, the body's
 * `retry_after` is in milliseconds on an unversioned path (Discord's default API version, v6) and on
 * v6/v7, in seconds (a float) from v8 on, so a sender that reads the wrong unit waits 1000 times too
 * long and a test sees it. Answers carry Discord's X-RateLimit-* headers, and with wait=true the
 * created message (with its id).
 *
 * JANDI (POST /connect-api/webhook/{team}/{token}) checks the Accept header and the payload shape
 * documented at https://support.jandi.com/en/articles/6352697-receiving-incoming-webhooks-in-jandi
 * (body required, connectColor #RRGGBB, connectInfo of title/description/imageUrl), plus `email` for
 * team incoming webhooks (https://support.jandi.com/en/articles/6352712-team-incoming-webhook): a
 * webhook made with jandiWebhook({ team: true }) requires it, and it must be a known member's.
 * Sizes: see JANDI below.
 *
 * Time comes from `now` so that a test can run the rate limiter on a fake clock.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIEmbed, APIMessage, RESTPostAPIWebhookWithTokenJSONBody } from 'discord-api-types/v10';

export const DISCORD = {
  content: 2000,
  embeds: 10,
  total: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  username: 80,
  threadName: 100,
  listedMentions: 100,
} as const;

/**
 * JANDI's limits as far as they are documented, and the sender's own where they are not: JANDI's
 * webhook pages state no sizes; a JANDI message holds up to 5,000 characters
 * (https://support.jandi.com/en/articles/6815054-sending-scheduled-messages), so a payload (body,
 * titles and descriptions) is held to that and body to 4,000; the connectInfo sizes are the sender's.
 */
export const JANDI = { body: 4000, title: 200, description: 2000, items: 10, message: 5000 } as const;
export const JANDI_ACCEPT = 'application/vnd.tosslab.jandi-v2+json';

export interface ReceiverOptions {
  /** Milliseconds; Date.now by default. */
  now?: () => number;
  /** Requests per window per webhook (Discord: 5 per 2 s). */
  rateLimit?: { requests: number; windowMs: number };
  /** Send X-RateLimit-* headers like Discord (default true). Off, a client only learns from 429s. */
  bucketHeaders?: boolean;
}

export interface ScriptedResponse {
  status: number;
  /** A string is sent as is (text/html), anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LoggedRequest {
  service: 'discord' | 'jandi' | 'other';
  /** Path without the query, as requested (e.g. /api/v10/webhooks/...). */
  path: string;
  /** Discord: the API version of the path (6, Discord's default, when the path has none). */
  apiVersion?: number;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  status: number;
  /** The error or 429 body that was answered. */
  answer?: unknown;
}

export interface DiscordDelivery {
  webhookId: string;
  body: RESTPostAPIWebhookWithTokenJSONBody;
  query: URLSearchParams;
  message: APIMessage;
}

export interface JandiDelivery {
  token: string;
  body: {
    email?: string;
    body: string;
    connectColor: string;
    connectInfo?: Array<{ title?: string; description?: string; imageUrl?: string }>;
  };
}

interface DiscordHook {
  id: string;
  token: string;
  forum: boolean;
  /** Threads this (forum) webhook's channel has. */
  threads: Set<string>;
  bucket: { resetAt: number; count: number };
}

export interface FieldError {
  path: Array<string | number>;
  code: string;
  message: string;
}

/** The API version Discord serves a path without one with. */
export const DISCORD_DEFAULT_API_VERSION = 6;

/** `/api[/vN]/webhooks/{id}/{token}`: the webhook and the API version, or undefined. */
export function parseDiscordPath(
  pathname: string,
): { id: string; token: string; apiVersion: number; canonical: string } | undefined {
  const m = /^\/api(?:\/v(\d+))?\/webhooks\/([^/]*)\/?([^/]*)\/?$/.exec(pathname);
  if (!m) return undefined;
  const [, version, id = '', token = ''] = m;
  return {
    id,
    token,
    apiVersion: version ? Number(version) : DISCORD_DEFAULT_API_VERSION,
    canonical: `/api/webhooks/${id}/${token}`,
  };
}

/** The same webhook whatever API version its path names; other paths as they are. */
function canonicalPath(pathname: string): string {
  return parseDiscordPath(pathname)?.canonical ?? pathname;
}

let snowflake = 1_100_000_000_000_000_000n;
const nextId = (): string => String(++snowflake);

/** A fake clock: sleep() records the wait and moves time on at once. */
export function fakeClock(start = 1_700_000_000_000): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  waits: number[];
} {
  let t = start;
  const waits: number[] = [];
  return {
    now: () => t,
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
  };
}

export class WebhookReceiver {
  readonly requests: LoggedRequest[] = [];
  readonly discord: DiscordDelivery[] = [];
  readonly jandi: JandiDelivery[] = [];
  /** The retry_after (ms) of every 429 answered because of the rate limit. */
  readonly rateLimited: number[] = [];
  /** The X-RateLimit-Reset-After (ms) of every answer that emptied the bucket. */
  readonly bucketEmptied: number[] = [];
  private readonly hooks = new Map<string, DiscordHook>();
  private readonly jandiTokens = new Map<string, { team: boolean }>();
  /** Members of the JANDI team (team incoming webhooks accept only their addresses). */
  readonly jandiMembers = new Set<string>(['dev@acme.example', 'ops@acme.example']);
  private readonly scripted = new Map<string, ScriptedResponse[]>();
  private readonly now: () => number;
  private readonly limit: { requests: number; windowMs: number };
  private readonly bucketHeaders: boolean;
  private readonly server: Server;
  private port = 0;

  private constructor(options: ReceiverOptions) {
    this.now = options.now ?? Date.now;
    this.limit = options.rateLimit ?? { requests: 5, windowMs: 2000 };
    this.bucketHeaders = options.bucketHeaders ?? true;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
  }

  static async start(options: ReceiverOptions = {}): Promise<WebhookReceiver> {
    const r = new WebhookReceiver(options);
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    r.port = (r.server.address() as AddressInfo).port;
    return r;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * A new Discord webhook; `forum` makes it one in a forum channel (posts need a thread). Its URL is
   * unversioned, the way Discord shows it to users, unless `apiVersion` is given.
   */
  discordWebhook(options: { forum?: boolean; apiVersion?: number } = {}): string {
    const id = nextId();
    const token = `tok_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}_SECRET`;
    this.hooks.set(id, { id, token, forum: !!options.forum, threads: new Set(), bucket: { resetAt: 0, count: 0 } });
    const version = options.apiVersion === undefined ? '' : `/v${options.apiVersion}`;
    return `${this.base}/api${version}/webhooks/${id}/${token}`;
  }

  /** A thread that exists in a forum webhook's channel. */
  addThread(webhookUrl: string): string {
    const hook = this.hookOf(webhookUrl);
    const id = nextId();
    hook.threads.add(id);
    return id;
  }

  /** A well-formed Discord webhook URL that Discord does not know (404). */
  unknownDiscordWebhook(): string {
    return `${this.base}/api/webhooks/${nextId()}/tok_unknown_${Math.random().toString(36).slice(2)}_SECRET`;
  }

  jandiWebhook(options: { team?: boolean } = {}): string {
    const token = `jt${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}SECRET`;
    this.jandiTokens.set(token, { team: !!options.team });
    return `${this.base}/connect-api/webhook/12345678/${token}`;
  }

  /**
   * Answers the next requests to this webhook (under any API version) with these responses, before
   * any other handling.
   */
  script(webhookUrl: string, responses: ScriptedResponse[]): void {
    const path = canonicalPath(new URL(webhookUrl).pathname);
    this.scripted.set(path, [...(this.scripted.get(path) ?? []), ...responses]);
  }

  /** Accepted Discord messages of one webhook, in order. */
  deliveredTo(webhookUrl: string): DiscordDelivery[] {
    const id = this.hookOf(webhookUrl).id;
    return this.discord.filter((d) => d.webhookId === id);
  }

  /** Requests to this webhook, under any API version. */
  requestsTo(webhookUrl: string): LoggedRequest[] {
    const path = canonicalPath(new URL(webhookUrl).pathname);
    return this.requests.filter((r) => canonicalPath(r.path) === path);
  }

  /** Every 400 answered: the limits the sender broke. */
  get rejected(): LoggedRequest[] {
    return this.requests.filter((r) => r.status === 400);
  }

  private hookOf(url: string): DiscordHook {
    const id = parseDiscordPath(new URL(url).pathname)?.id ?? '';
    const hook = this.hooks.get(id);
    if (!hook) throw new Error(`no such test webhook ${id}`);
    return hook;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const discordPath = parseDiscordPath(url.pathname);
    const service = discordPath ? 'discord' : url.pathname.startsWith('/connect-api/') ? 'jandi' : 'other';
    const log: LoggedRequest = {
      service,
      path: url.pathname,
      ...(discordPath ? { apiVersion: discordPath.apiVersion } : {}),
      query: url.searchParams,
      headers: req.headers,
      body,
      status: 0,
    };
    this.requests.push(log);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
      log.status = status;
      log.answer = payload;
      if (payload === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else if (typeof payload === 'string') {
        res.writeHead(status, { 'content-type': 'text/html', ...headers });
        res.end(payload);
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      }
    };

    const queue = this.scripted.get(canonicalPath(url.pathname));
    const scripted = queue?.shift();
    if (scripted) return send(scripted.status, scripted.body, scripted.headers);

    if (req.method !== 'POST') return send(405, { message: '405: Method Not Allowed', code: 0 });
    if (discordPath) return this.discordRequest(discordPath, url, req, body, send);
    if (service === 'jandi') return this.jandiRequest(url, req, body, send);
    return send(404, { message: '404: Not Found', code: 0 });
  }

  private discordRequest(
    path: { id: string; token: string; apiVersion: number },
    url: URL,
    req: IncomingMessage,
    body: unknown,
    send: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const { id, token } = path;
    const hook = this.hooks.get(id);
    if (!hook) return send(404, { message: 'Unknown Webhook', code: 10015 });
    if (hook.token !== token) return send(401, { message: 'Invalid Webhook Token', code: 50027 });

    // Rate limit: a fixed window per webhook, as Discord's bucket headers describe it.
    const now = this.now();
    if (now >= hook.bucket.resetAt) hook.bucket = { resetAt: now + this.limit.windowMs, count: 0 };
    const resetAfter = (hook.bucket.resetAt - now) / 1000;
    if (hook.bucket.count >= this.limit.requests) {
      this.rateLimited.push(Math.round(resetAfter * 1000));
      // Discord changed the unit in API v8: milliseconds before (and on unversioned paths), seconds after.
      const retryAfter = path.apiVersion < 8 ? Math.round(resetAfter * 1000) : resetAfter;
      return send(
        429,
        { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
        { 'retry-after': String(Math.ceil(resetAfter)), 'x-ratelimit-scope': 'shared' },
      );
    }
    hook.bucket.count++;
    const remaining = this.limit.requests - hook.bucket.count;
    if (remaining === 0) this.bucketEmptied.push(Math.round(resetAfter * 1000));
    const headers: Record<string, string> = this.bucketHeaders
      ? {
          'x-ratelimit-limit': String(this.limit.requests),
          'x-ratelimit-remaining': String(remaining),
          'x-ratelimit-reset-after': resetAfter.toFixed(3),
          'x-ratelimit-bucket': `webhook-${id}`,
        }
      : {};

    const contentType = req.headers['content-type'] ?? '';
    if (
      !contentType.startsWith('application/json') ||
      body === undefined ||
      typeof body !== 'object' ||
      body === null
    ) {
      return send(400, { message: 'The request body contains invalid JSON.', code: 50109 }, headers);
    }
    const payload = body as RESTPostAPIWebhookWithTokenJSONBody;
    const errors = validateDiscord(payload);
    if (errors.length) return send(400, formBodyError(errors), headers);
    if (!payload.content && !(payload.embeds ?? []).length) {
      return send(400, { message: 'Cannot send an empty message', code: 50006 }, headers);
    }

    // Threads and forum posts.
    const threadId = url.searchParams.get('thread_id') ?? undefined;
    let channelId = `channel-of-${id}`;
    if (threadId !== undefined) {
      if (payload.thread_name)
        return send(
          400,
          formBodyError([
            {
              path: ['thread_name'],
              code: 'THREAD_NAME_AND_ID',
              message: 'Cannot use thread_name together with thread_id.',
            },
          ]),
          headers,
        );
      if (!/^\d{15,21}$/.test(threadId) || (hook.forum && !hook.threads.has(threadId))) {
        return send(400, { message: 'Unknown Channel', code: 10003 }, headers);
      }
      channelId = threadId;
    } else if (hook.forum) {
      if (!payload.thread_name) {
        return send(
          400,
          { message: 'Webhooks posted to forum channels must have a thread_name or thread_id', code: 220001 },
          headers,
        );
      }
    } else if (payload.thread_name) {
      return send(400, { message: 'Webhooks can only create threads in forum channels', code: 220003 }, headers);
    }

    const messageId = nextId();
    if (hook.forum && payload.thread_name && threadId === undefined) {
      // A forum post: the thread's id is the id of its first message.
      hook.threads.add(messageId);
      channelId = messageId;
    }
    const message = {
      id: messageId,
      type: 0,
      channel_id: channelId,
      webhook_id: id,
      content: payload.content ?? '',
      embeds: payload.embeds ?? [],
      author: {
        id,
        username: payload.username ?? 'Captain Hook',
        discriminator: '0000',
        avatar: null,
        global_name: null,
        bot: true,
      },
      timestamp: new Date(this.now()).toISOString(),
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      attachments: [],
      pinned: false,
      tts: false,
      edited_timestamp: null,
    } as unknown as APIMessage;
    this.discord.push({ webhookId: id, body: payload, query: url.searchParams, message });
    if (url.searchParams.get('wait') === 'true') return send(200, message, headers);
    return send(204, undefined, headers);
  }

  private jandiRequest(
    url: URL,
    req: IncomingMessage,
    body: unknown,
    send: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const token = url.pathname.split('/').pop() ?? '';
    if (!this.jandiTokens.has(token)) return send(404, { code: 40400, msg: 'Not found webhook' });
    if (req.headers['accept'] !== JANDI_ACCEPT) return send(400, { code: 40000, msg: 'Invalid Accept header' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return send(400, { code: 40000, msg: 'Invalid Content-Type' });
    const problems = validateJandi(body);
    if (problems.length) return send(400, { code: 40000, msg: problems.join('; ') });
    const email = (body as { email?: unknown }).email;
    if (this.jandiTokens.get(token)?.team) {
      if (typeof email !== 'string' || !this.jandiMembers.has(email))
        return send(400, { code: 40000, msg: 'email is not a member of this team' });
    } else if (email !== undefined) {
      return send(400, { code: 40000, msg: 'email is only for team incoming webhooks' });
    }
    this.jandi.push({ token, body: body as JandiDelivery['body'] });
    return send(200, {});
  }
}

function formBodyError(errors: FieldError[]): unknown {
  const tree: Record<string, unknown> = {};
  for (const e of errors) {
    let node = tree;
    for (const key of e.path) {
      const k = String(key);
      node = (node[k] ??= {}) as Record<string, unknown>;
    }
    const list = ((node['_errors'] as unknown[] | undefined) ??= []);
    list.push({ code: e.code, message: e.message });
  }
  return { message: 'Invalid Form Body', code: 50035, errors: tree };
}

function isUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Discord counts characters as code points. */
const len = (s: string): number => [...s].length;

export function embedTotal(e: APIEmbed): number {
  return (
    len(e.title ?? '') +
    len(e.description ?? '') +
    len(e.footer?.text ?? '') +
    len(e.author?.name ?? '') +
    (e.fields ?? []).reduce((n, f) => n + len(f.name) + len(f.value), 0)
  );
}

export function validateDiscord(p: RESTPostAPIWebhookWithTokenJSONBody): FieldError[] {
  const errors: FieldError[] = [];
  const max = (path: FieldError['path'], value: unknown, limit: number, min = 0): void => {
    if (value === undefined) return;
    if (typeof value !== 'string') {
      errors.push({ path, code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
      return;
    }
    if (len(value) > limit)
      errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${limit} or fewer in length.` });
    if (min > 0 && value.trim().length < min)
      errors.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  };
  max(['content'], p.content, DISCORD.content);
  max(['username'], p.username, DISCORD.username, 1);
  if (typeof p.username === 'string' && /discord|clyde/i.test(p.username)) {
    errors.push({
      path: ['username'],
      code: 'USERNAME_INVALID_CONTAINS',
      message: 'Username cannot contain "discord"',
    });
  }
  if (p.avatar_url !== undefined && !isUrl(p.avatar_url))
    errors.push({ path: ['avatar_url'], code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
  max(['thread_name'], p.thread_name, DISCORD.threadName, 1);

  const am = p.allowed_mentions;
  if (am !== undefined) {
    const parse: string[] = am.parse ?? [];
    if (!Array.isArray(parse) || parse.some((x) => !['roles', 'users', 'everyone'].includes(x))) {
      errors.push({
        path: ['allowed_mentions', 'parse'],
        code: 'BASE_TYPE_CHOICES',
        message: 'Value must be one of roles, users, everyone.',
      });
    }
    for (const kind of ['roles', 'users'] as const) {
      const list = am[kind];
      if (list === undefined) continue;
      if (
        !Array.isArray(list) ||
        list.length > DISCORD.listedMentions ||
        list.some((x) => !/^\d{15,21}$/.test(String(x)))
      ) {
        errors.push({
          path: ['allowed_mentions', kind],
          code: 'BASE_TYPE_MAX_LENGTH',
          message: `Must be ${DISCORD.listedMentions} or fewer snowflakes.`,
        });
      }
      if (parse.includes(kind)) {
        errors.push({
          path: ['allowed_mentions'],
          code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
          message: `parse:["${kind}"] and ${kind}: [ids] are mutually exclusive.`,
        });
      }
    }
  }

  const embeds = p.embeds;
  if (embeds !== undefined) {
    if (!Array.isArray(embeds))
      errors.push({ path: ['embeds'], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    else {
      if (embeds.length > DISCORD.embeds)
        errors.push({
          path: ['embeds'],
          code: 'BASE_TYPE_MAX_LENGTH',
          message: `Must be ${DISCORD.embeds} or fewer in length.`,
        });
      let total = 0;
      embeds.forEach((e, i) => {
        const at = (...rest: Array<string | number>): Array<string | number> => ['embeds', i, ...rest];
        max(at('title'), e.title, DISCORD.title);
        max(at('description'), e.description, DISCORD.description);
        if (e.url !== undefined && !isUrl(e.url))
          errors.push({ path: at('url'), code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
        if (e.color !== undefined && (!Number.isInteger(e.color) || e.color < 0 || e.color > 0xffffff)) {
          errors.push({
            path: at('color'),
            code: 'NUMBER_TYPE_MAX',
            message: 'int value should be <= 16777215 and >= 0.',
          });
        }
        if (e.timestamp !== undefined && Number.isNaN(Date.parse(e.timestamp))) {
          errors.push({ path: at('timestamp'), code: 'DATE_TYPE_PARSE', message: 'Could not parse timestamp.' });
        }
        if (e.footer !== undefined) max(at('footer', 'text'), e.footer.text, DISCORD.footer, 1);
        if (e.author !== undefined) max(at('author', 'name'), e.author.name, DISCORD.author, 1);
        const fields = e.fields ?? [];
        if (fields.length > DISCORD.fields)
          errors.push({
            path: at('fields'),
            code: 'BASE_TYPE_MAX_LENGTH',
            message: `Must be ${DISCORD.fields} or fewer in length.`,
          });
        fields.forEach((f, j) => {
          max(at('fields', j, 'name'), f.name ?? '', DISCORD.fieldName, 1);
          max(at('fields', j, 'value'), f.value ?? '', DISCORD.fieldValue, 1);
        });
        if (!e.title && !e.description && !fields.length && !e.footer && !e.author && !e.image && !e.thumbnail) {
          errors.push({ path: at(), code: 'EMBED_EMPTY', message: 'Embed must not be empty.' });
        }
        total += embedTotal(e);
      });
      if (total > DISCORD.total)
        errors.push({
          path: ['embeds'],
          code: 'MAX_EMBED_SIZE_EXCEEDED',
          message: `Embed size exceeds maximum size of ${DISCORD.total}`,
        });
    }
  }
  return errors;
}

export function validateJandi(body: unknown): string[] {
  const problems: string[] = [];
  if (!body || typeof body !== 'object') return ['body is not a JSON object'];
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!['body', 'connectColor', 'connectInfo', 'email'].includes(key)) problems.push(`${key} is not a JANDI field`);
  }
  if (b['email'] !== undefined && typeof b['email'] !== 'string') problems.push('email is not a string');
  if (typeof b['body'] !== 'string' || !b['body'].trim()) problems.push('body is required');
  else if (len(b['body']) > JANDI.body) problems.push(`body is longer than ${JANDI.body}`);
  if (b['connectColor'] !== undefined && !/^#[0-9A-Fa-f]{6}$/.test(String(b['connectColor'])))
    problems.push('connectColor is not #RRGGBB');
  let total = typeof b['body'] === 'string' ? len(b['body']) : 0;
  const info = b['connectInfo'];
  if (info !== undefined) {
    if (!Array.isArray(info)) problems.push('connectInfo is not an array');
    else {
      if (info.length > JANDI.items) problems.push(`more than ${JANDI.items} connectInfo entries`);
      info.forEach((item: unknown, i) => {
        if (!item || typeof item !== 'object') {
          problems.push(`connectInfo[${i}] is not an object`);
          return;
        }
        const it = item as Record<string, unknown>;
        for (const key of Object.keys(it)) {
          if (!['title', 'description', 'imageUrl'].includes(key))
            problems.push(`connectInfo[${i}].${key} is not a JANDI field`);
          else if (typeof it[key] !== 'string') problems.push(`connectInfo[${i}].${key} is not a string`);
        }
        const title = typeof it['title'] === 'string' ? it['title'] : '';
        const description = typeof it['description'] === 'string' ? it['description'] : '';
        if (len(title) > JANDI.title) problems.push(`connectInfo[${i}].title is longer than ${JANDI.title}`);
        if (len(description) > JANDI.description)
          problems.push(`connectInfo[${i}].description is longer than ${JANDI.description}`);
        if (it['imageUrl'] !== undefined && !isUrl(it['imageUrl']))
          problems.push(`connectInfo[${i}].imageUrl is not a URL`);
        total += len(title) + len(description);
      });
    }
  }
  if (total > JANDI.message) problems.push(`message is longer than ${JANDI.message}`);
  return problems;
}
