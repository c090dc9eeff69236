import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIEmbed } from 'discord-api-types/v10';
import { execute } from '../../src/commands/notify.js';
import { notify, type NotifyInputs } from '../../src/definitions/notify.js';
import { MAX_NOTES_FILE_BYTES } from '../../src/notify/notes-file.js';
import type { RunContext } from '../../src/runtime/context.js';
import { ReleaseError } from '../../src/runtime/errors.js';
import { InputReader } from '../../src/runtime/inputs.js';
import { runCli, testHost } from '../helpers/host.js';
import {
  fakeClock,
  JANDI_ACCEPT,
  validateDiscord,
  WebhookReceiver,
  type DiscordDelivery,
} from '../helpers/webhook-receiver.js';

const GITHUB_CTX: RunContext = {
  provider: 'github',
  repository: 'acme/shop',
  repositoryUrl: 'https://github.com/acme/shop',
  ref: 'refs/tags/v2.0.0',
  tag: 'v2.0.0',
  sha: '0123456789abcdef0123456789abcdef01234567',
  actor: 'octo-dev',
  runUrl: 'https://github.com/acme/shop/actions/runs/987',
};

const dirs: string[] = [];
function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'arkit-notify-'));
  dirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Inputs as the CLI would parse them. */
function inputsFor(args: Record<string, string>, ctx: RunContext = GITHUB_CTX): NotifyInputs {
  return notify.parse(new InputReader(notify.inputs, new Map(Object.entries(args))), ctx);
}

/** Runs the command on a fake clock: waits are recorded, not slept. */
async function runFake(args: Record<string, string>, clock = fakeClock(), ctx: RunContext = GITHUB_CTX) {
  const host = testHost(ctx, { sleep: clock.sleep });
  const outputs = await execute(inputsFor(args, ctx), { host, fetch: globalThis.fetch, now: clock.now });
  return { outputs, host, clock };
}

/** The notes as received: the descriptions of the embeds after the header, in order. */
function receivedNotes(deliveries: DiscordDelivery[]): string {
  return deliveries
    .flatMap((d) => d.body.embeds ?? [])
    .filter((e: APIEmbed) => !e.title && e.description)
    .map((e) => e.description)
    .join('\n');
}

/**
 * Words in order, after removing what the conversion adds: code fences (closed and reopened at
 * splits), link targets, zero-width spaces; markup characters are not words anyway.
 */
function wordsOf(text: string): string[] {
  return (
    text
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('```'))
      .join('\n')
      .replace(/\u200b/g, '')
      .replace(/\]\((?:[^()\s]|\([^)\s]*\))*\)/g, ']')
      .match(/[A-Za-z0-9]+/g) ?? []
  );
}

/** Words of the source notes: HTML tags and task-list boxes are syntax there, not text. */
function sourceWordsOf(md: string): string[] {
  return wordsOf(md.replace(/<\/?[a-z][^>]*>/g, ' ').replace(/^(\s*[-*] )\[[ x]\] /gm, '$1'));
}

/** About `chars` characters of release notes in every construct people use, each word unique. */
function bigNotes(chars: number): string {
  const parts: string[] = [];
  let n = 0;
  const w = (): string => `w${n++}`;
  const words = (k: number): string => Array.from({ length: k }, w).join(' ');
  for (let i = 0; parts.join('\n\n').length < chars; i++) {
    switch (i % 8) {
      case 0:
        parts.push(`## ${words(3)}`);
        break;
      case 1:
        parts.push(
          `${words(40)} **${words(3)}** and *${words(2)}* with \`${w()}\` and [${words(2)}](https://example.com/${w()}).`,
        );
        break;
      case 2:
        parts.push(`- ${words(6)}\n  - ${words(5)}\n    1. ${words(4)}\n- [x] ${words(3)}\n- [ ] ${words(3)}`);
        break;
      case 3:
        // Every fourth code block is longer than a whole embed.
        parts.push(
          `\`\`\`ts\n${Array.from({ length: i % 32 === 3 ? 220 : 12 }, () => `const ${w()} = compute(${w()});`).join('\n')}\n\`\`\``,
        );
        break;
      case 4:
        parts.push(`| ${w()} | ${w()} |\n|---|--:|\n| ${w()} | ${w()} |\n| ${w()} | ${w()} |`);
        break;
      case 5:
        parts.push(`> ${words(20)}\n> ${words(10)}`);
        break;
      case 6:
        parts.push(`<details>\n<summary>${words(2)}</summary>\n\n${words(15)}\n\n</details>`);
        break;
      default:
        parts.push(`#### ${words(2)}\n\n${words(80)}`);
    }
  }
  return parts.join('\n\n');
}

function assertNoLimitBroken(receiver: WebhookReceiver): void {
  expect(receiver.rejected.map((r) => r.answer)).toEqual([]);
  for (const d of receiver.discord) expect(validateDiscord(d.body)).toEqual([]);
}

const dirsCleanup = () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
};
afterAll(dirsCleanup);

describe('notify to a Discord-like receiver', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(() => receiver.close());

  it('a 30,000-character release note arrives complete and in order, within every limit', async () => {
    const clock = fakeClock();
    const r = await WebhookReceiver.start({ now: clock.now });
    try {
      const url = r.discordWebhook();
      const notes = bigNotes(30_000);
      expect(notes.length).toBeGreaterThanOrEqual(30_000);
      const { outputs } = await runFake(
        { 'discord-webhook-url': url, 'release-notes': notes, 'max-messages': '0' },
        clock,
      );
      const got = r.deliveredTo(url);
      expect(outputs['discord-messages']).toBe(got.length);
      expect(got.length).toBeGreaterThan(5);
      assertNoLimitBroken(r);
      const expected = sourceWordsOf(notes);
      expect(expected.length).toBeGreaterThan(3000);
      expect(wordsOf(receivedNotes(got))).toEqual(expected);
      // A code block longer than an embed was split with its fence closed and reopened.
      const descriptions = got.flatMap((d) => d.body.embeds ?? []).map((e) => e.description ?? '');
      const reopened = descriptions.filter((d) => d.startsWith('```ts\nconst'));
      expect(reopened.length).toBeGreaterThan(0);
      for (const d of descriptions) expect((d.match(/^```/gm) ?? []).length % 2).toBe(0);
      // More than 5 messages: the sender waited for the bucket instead of being refused.
      expect(r.rateLimited).toEqual([]);
      expect(clock.waits.length).toBeGreaterThan(0);
    } finally {
      await r.close();
    }
  });

  it('tables, images, nested lists, long code, HTML, <details>, task lists and @everyone arrive converted and ping nobody', async () => {
    const url = receiver.discordWebhook();
    const notes = [
      '<!-- release-drafter: do not edit -->',
      "## What's Changed @everyone",
      '',
      '| Service | Version |',
      '|:--|--:|',
      '| api | 2.0.0 |',
      '',
      '![Dashboard](https://img.example/dash.png)',
      '',
      '![@everyone look](https://img.example/look.png) for <@123456789012345678>',
      '',
      '- Platform',
      '  - Upgrade Node by @octo-dev in #41',
      '    1. first step',
      '- [x] migrate the database',
      '- [ ] remove the old bucket',
      '',
      '<details><summary>Full log</summary>',
      '',
      'Ping @here if this breaks.',
      '',
      '</details>',
      '',
      '```sh',
      ...Array.from({ length: 300 }, (_, i) => `echo "step ${i} of the long migration script"`),
      '```',
    ].join('\n');
    const jandi = receiver.jandiWebhook();
    const res = await runCli(notify, [
      '--discord-webhook-url',
      url,
      '--jandi-webhook-url',
      jandi,
      '--release-notes',
      notes,
      '--status',
      'success',
    ]);
    expect(res.code).toBe(0);
    const got = receiver.deliveredTo(url);
    expect(got.length).toBeGreaterThan(1);
    expect(res.outputs?.['discord-messages']).toBe(got.length);
    // JANDI's plain lines are defused the same way.
    const jandiText = JSON.stringify(receiver.jandi.filter((j) => jandi.endsWith(j.token)).map((j) => j.body));
    expect(jandiText).toContain(
      '[🖼 @\u200beveryone look](https://img.example/look.png) for <\u200b@123456789012345678>',
    );
    expect(jandiText).not.toMatch(/@everyone|@here|<@1/);
    assertNoLimitBroken(receiver);
    for (const d of got) {
      expect(d.body.allowed_mentions).toEqual({ parse: [] });
      expect(d.body.content).toBeUndefined();
      expect(d.query.get('wait')).toBe('true');
    }
    const all = JSON.stringify(got.map((d) => d.body));
    expect(all).not.toMatch(/@everyone|@here/);
    expect(all).not.toMatch(/<details>|<summary>|<!--/);
    const text = receivedNotes(got);
    expect(text).toContain('```\nService | Version\n--------+--------\napi     |   2.0.0\n```');
    expect(text).toContain('[🖼 Dashboard](https://img.example/dash.png)');
    expect(text).toContain('[🖼 @\u200beveryone look](https://img.example/look.png) for <\u200b@123456789012345678>');
    expect(text).toContain('  - Upgrade Node by [@octo-dev](https://github.com/octo-dev) in #41');
    expect(text).toContain('    1. first step');
    expect(text).toContain('- ✅ migrate the database\n- ⬜ remove the old bucket');
    expect(text).toContain('**Full log**\n\nPing @\u200bhere if this breaks.');
    const steps = text.split('\n').filter((l) => l.startsWith('echo "step'));
    expect(steps).toEqual(Array.from({ length: 300 }, (_, i) => `echo "step ${i} of the long migration script"`));
  });

  it('pings only the listed role and user, once', async () => {
    const url = receiver.discordWebhook();
    const res = await runCli(notify, [
      '--discord-webhook-url',
      url,
      '--release-notes',
      bigNotes(8000),
      '--mention-roles',
      '<@&111111111111111111>',
      '--mention-users',
      '222222222222222222',
    ]);
    expect(res.code).toBe(0);
    const got = receiver.deliveredTo(url);
    expect(got.length).toBeGreaterThan(1);
    got.forEach((d, i) => {
      expect(d.body.allowed_mentions).toEqual({
        parse: [],
        roles: ['111111111111111111'],
        users: ['222222222222222222'],
      });
      expect(d.body.content).toBe(i === 0 ? '<@&111111111111111111> <@222222222222222222>' : undefined);
    });
  });

  it('a forum post made with thread-name gets its follow-up messages in the same thread', async () => {
    const url = receiver.discordWebhook({ forum: true });
    const res = await runCli(notify, [
      '--discord-webhook-url',
      url,
      '--thread-name',
      'Release v2.0.0',
      '--release-notes',
      bigNotes(9000),
    ]);
    expect(res.code).toBe(0);
    const got = receiver.deliveredTo(url);
    expect(got.length).toBeGreaterThan(1);
    const [first, ...rest] = got;
    expect(first?.body.thread_name).toBe('Release v2.0.0');
    expect(first?.query.get('thread_id')).toBeNull();
    for (const d of rest) {
      expect(d.body.thread_name).toBeUndefined();
      expect(d.query.get('thread_id')).toBe(first?.message.channel_id);
    }
    assertNoLimitBroken(receiver);
  });

  it('thread-id posts every message into that thread', async () => {
    const url = receiver.discordWebhook({ forum: true });
    const thread = receiver.addThread(url);
    const res = await runCli(notify, ['--discord-webhook-url', url, '--thread-id', thread, '--release-notes', 'hello']);
    expect(res.code).toBe(0);
    const got = receiver.deliveredTo(url);
    expect(got.map((d) => d.query.get('thread_id'))).toEqual([thread]);
  });

  it('sends to several webhooks and counts every message', async () => {
    const a = receiver.discordWebhook();
    const b = receiver.discordWebhook();
    const res = await runCli(notify, ['--discord-webhook-url', `${a}\n${b}`, '--release-notes', bigNotes(7000)]);
    expect(res.code).toBe(0);
    const n = receiver.deliveredTo(a).length;
    expect(n).toBeGreaterThan(1);
    expect(receiver.deliveredTo(b).map((d) => d.body)).toEqual(receiver.deliveredTo(a).map((d) => d.body));
    expect(res.outputs).toEqual({ 'discord-messages': 2 * n, 'jandi-messages': 0 });
  });

  it('uses the username and avatar, and the status colour', async () => {
    const url = receiver.discordWebhook();
    const res = await runCli(notify, [
      '--discord-webhook-url',
      url,
      '--status',
      'cancelled',
      '--title',
      'Shop release',
      '--username',
      'Release Bot',
      '--avatar-url',
      'https://img.example/bot.png',
    ]);
    expect(res.code).toBe(0);
    const [d] = receiver.deliveredTo(url);
    expect(d?.body.username).toBe('Release Bot');
    expect(d?.body.avatar_url).toBe('https://img.example/bot.png');
    expect(d?.body.embeds?.[0]?.title).toBe('Shop release');
    expect(d?.body.embeds?.[0]?.color).toBe(0x8c959f);
  });
});

describe('rate limits and failures', () => {
  it('429s are waited out for exactly retry_after when Discord sends no bucket headers', async () => {
    const clock = fakeClock();
    const r = await WebhookReceiver.start({ now: clock.now, bucketHeaders: false });
    try {
      const url = r.discordWebhook();
      const notes = bigNotes(40_000);
      const { outputs } = await runFake(
        { 'discord-webhook-url': url, 'release-notes': notes, 'max-messages': '0' },
        clock,
      );
      const got = r.deliveredTo(url);
      expect(got.length).toBeGreaterThan(5);
      expect(outputs['discord-messages']).toBe(got.length);
      expect(r.rateLimited.length).toBeGreaterThan(0);
      // Every wait is the retry_after of a 429, nothing more, nothing less: the unversioned URL was
      // sent as API v10, whose retry_after is in seconds (the receiver answers milliseconds on an
      // unversioned path, so a sender that kept the path would wait 1000 times too long).
      expect(clock.waits).toEqual(r.rateLimited);
      expect(new Set(r.requestsTo(url).map((q) => q.path))).toEqual(
        new Set([new URL(url).pathname.replace('/api/webhooks/', '/api/v10/webhooks/')]),
      );
      expect(wordsOf(receivedNotes(got))).toEqual(sourceWordsOf(notes));
      assertNoLimitBroken(r);
    } finally {
      await r.close();
    }
  });

  it.each([6, 9])('a webhook URL with API version v%i keeps it, and its retry_after unit is read right', async (v) => {
    const clock = fakeClock();
    const r = await WebhookReceiver.start({ now: clock.now, bucketHeaders: false });
    try {
      const url = r.discordWebhook({ apiVersion: v });
      const { outputs } = await runFake(
        { 'discord-webhook-url': url, 'release-notes': bigNotes(40_000), 'max-messages': '0' },
        clock,
      );
      expect(outputs['discord-messages']).toBe(r.deliveredTo(url).length);
      expect(r.rateLimited.length).toBeGreaterThan(0);
      expect(clock.waits).toEqual(r.rateLimited);
      expect(new Set(r.requestsTo(url).map((q) => q.apiVersion))).toEqual(new Set([v]));
    } finally {
      await r.close();
    }
  });

  it("the webhook URL's own query is kept when the path gets its version", async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook({ forum: true });
      const thread = r.addThread(url);
      const res = await runCli(notify, [
        '--discord-webhook-url',
        `${url}?thread_id=${thread}`,
        '--release-notes',
        'hi',
      ]);
      expect(res.code).toBe(0);
      const [d] = r.deliveredTo(url);
      expect(d?.query.get('thread_id')).toBe(thread);
      expect(d?.query.get('wait')).toBe('true');
      expect(r.requestsTo(url).map((q) => q.apiVersion)).toEqual([10]);
    } finally {
      await r.close();
    }
  });

  it('with bucket headers, waits for the bucket to refill and collects no 429', async () => {
    const clock = fakeClock();
    const r = await WebhookReceiver.start({ now: clock.now });
    try {
      const url = r.discordWebhook();
      await runFake({ 'discord-webhook-url': url, 'release-notes': bigNotes(40_000), 'max-messages': '0' }, clock);
      const sent = r.deliveredTo(url).length;
      expect(sent).toBeGreaterThan(5);
      expect(r.rateLimited).toEqual([]);
      // A bucket emptied by the last message needs no wait.
      const expected = r.bucketEmptied.slice(0, Math.floor((sent - 1) / 5));
      expect(clock.waits).toEqual(expected);
    } finally {
      await r.close();
    }
  });

  it('a 429 with an HTML body or only a Retry-After header is waited out too', async () => {
    const clock = fakeClock();
    const r = await WebhookReceiver.start({ now: clock.now });
    try {
      const url = r.discordWebhook();
      r.script(url, [
        { status: 429, body: '<html><body>Error 1015: You are being rate limited</body></html>' },
        { status: 429, body: '<html>slow down</html>', headers: { 'retry-after': '7' } },
      ]);
      const { outputs, host } = await runFake({ 'discord-webhook-url': url, 'release-notes': 'short' }, clock);
      expect(outputs['discord-messages']).toBe(1);
      expect(clock.waits).toEqual([10_000, 7000]);
      expect(r.requestsTo(url).map((q) => q.status)).toEqual([429, 429, 200]);
      expect(host.text()).toContain('no retry time given');
    } finally {
      await r.close();
    }
  });

  it('5xx answers are retried a few times with backoff', async () => {
    const clock = fakeClock();
    const r = await WebhookReceiver.start({ now: clock.now });
    try {
      const ok = r.discordWebhook();
      r.script(ok, [
        { status: 503, body: { message: 'upstream', code: 0 } },
        { status: 502, body: '<html>bad gateway</html>' },
      ]);
      const first = await runFake({ 'discord-webhook-url': ok, 'release-notes': 'short' }, clock);
      expect(first.outputs['discord-messages']).toBe(1);
      expect(r.requestsTo(ok).map((q) => q.status)).toEqual([503, 502, 200]);
      expect(clock.waits).toEqual([1000, 2000]);

      const down = r.discordWebhook();
      r.script(
        down,
        Array.from({ length: 10 }, () => ({ status: 500, body: { message: 'Internal Server Error', code: 0 } })),
      );
      const second = await runFake({ 'discord-webhook-url': down, 'release-notes': 'short' }, fakeClock());
      expect(second.outputs['discord-messages']).toBe(0);
      expect(r.requestsTo(down)).toHaveLength(4);
      expect(second.host.text()).toContain(
        'Discord webhook #1 answered 500 (code 0: Internal Server Error) after 4 attempts',
      );
    } finally {
      await r.close();
    }
  });

  it('a 404 webhook fails fast with exactly one request, reports the code, and the others still get theirs', async () => {
    const r = await WebhookReceiver.start();
    try {
      const gone = r.unknownDiscordWebhook();
      const ok = r.discordWebhook();
      const res = await runCli(notify, [
        '--discord-webhook-url',
        gone,
        '--discord-webhook-url',
        ok,
        '--release-notes',
        'hi',
      ]);
      expect(res.code).toBe(0);
      expect(r.requestsTo(gone)).toHaveLength(1);
      expect(res.log).toContain('Discord webhook #1 answered 404 (code 10015: Unknown Webhook)');
      expect(res.log).toMatch(/^warning: notification incomplete/m);
      expect(r.deliveredTo(ok)).toHaveLength(1);
      expect(res.outputs?.['discord-messages']).toBe(1);
    } finally {
      await r.close();
    }
  });

  it('fail-on-error: false warns and exits 0, true exits 1', async () => {
    const r = await WebhookReceiver.start();
    try {
      const gone = r.unknownDiscordWebhook();
      const soft = await runCli(notify, ['--discord-webhook-url', gone]);
      expect(soft.code).toBe(0);
      expect(soft.log).toContain('warning: notification incomplete: Discord webhook #1 answered 404');
      expect(soft.outputs).toEqual({ 'discord-messages': 0, 'jandi-messages': 0 });

      const hard = await runCli(notify, ['--discord-webhook-url', gone, '--fail-on-error', 'true']);
      expect(hard.code).toBe(1);
      expect(hard.log).toContain(
        'error: notify failed: notification incomplete: Discord webhook #1 answered 404 (code 10015: Unknown Webhook)',
      );
      expect(hard.outputs).toBeUndefined();
    } finally {
      await r.close();
    }
  });

  it('a wrong token (401) and a refused payload (400) are not retried', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const wrong = url.replace(/tok_[^/]+$/, 'tok_wrong_token_SECRET');
      const res = await runCli(notify, ['--discord-webhook-url', wrong]);
      expect(r.requestsTo(wrong)).toHaveLength(1);
      expect(res.log).toContain('Discord webhook #1 answered 401 (code 50027: Invalid Webhook Token)');

      r.script(url, [
        {
          status: 400,
          body: {
            code: 50035,
            message: 'Invalid Form Body',
            errors: { embeds: { _errors: [{ code: 'X', message: 'bad' }] } },
          },
        },
      ]);
      const res2 = await runCli(notify, ['--discord-webhook-url', url]);
      expect(r.requestsTo(url)).toHaveLength(1);
      expect(res2.log).toContain('answered 400 (code 50035: Invalid Form Body; embeds: bad)');
    } finally {
      await r.close();
    }
  });
});

describe('secrets', () => {
  it('webhook URLs and tokens never appear in the log or stdout, in success, failure or dry run', async () => {
    const r = await WebhookReceiver.start();
    try {
      const ok = r.discordWebhook();
      const gone = r.unknownDiscordWebhook();
      const jandi = r.jandiWebhook();
      const jandiGone = jandi.replace(/jt[^/]+$/, 'jtunknowntoken1234SECRET');
      const secrets = [ok, gone, jandi, jandiGone].flatMap((u) => [
        u,
        new URL(u).pathname,
        new URL(u).pathname.replace('/api/webhooks/', '/api/v10/webhooks/'),
        new URL(u).pathname.split('/').pop() as string,
      ]);
      const runs = [
        await runCli(notify, ['--discord-webhook-url', ok, '--jandi-webhook-url', jandi, '--release-notes', 'x'], {
          DEBUG: 'aws-release-kit',
        }),
        await runCli(
          notify,
          ['--discord-webhook-url', gone, '--jandi-webhook-url', jandiGone, '--fail-on-error', 'true'],
          { DEBUG: 'aws-release-kit' },
        ),
        await runCli(notify, ['--discord-webhook-url', ok, '--dry-run'], { DEBUG: 'aws-release-kit' }),
        await runCli(notify, ['--discord-webhook-url', `${ok}\nnot a url`]),
        await runCli(notify, ['--discord-webhook-url', ok, '--status', 'bogus']),
      ];
      expect(runs.map((x) => x.code)).toEqual([0, 1, 0, 2, 2]);
      for (const run of runs) {
        const out = `${run.stdout}\n${run.log}`;
        for (const s of secrets) expect(out).not.toContain(s);
      }
      expect(runs[1]?.log).toContain('JANDI webhook #1 answered 404 (code 40400: Not found webhook)');
    } finally {
      await r.close();
    }
  });

  it('an unreachable webhook is retried and reported without its address', async () => {
    // A port that was free a moment ago: the connection is refused.
    const srv = createServer();
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as AddressInfo).port;
    await new Promise<void>((resolve) => srv.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/api/webhooks/123456789012345678/tok_unreachable_SECRET`;
    const { outputs, host, clock } = await runFake({ 'discord-webhook-url': url, 'fail-on-error': 'false' });
    expect(outputs['discord-messages']).toBe(0);
    expect(clock.waits).toEqual([1000, 2000, 4000]);
    expect(host.text()).toContain('Discord webhook #1 could not be reached (ECONNREFUSED) after 4 attempts');
    expect(host.text()).not.toContain('tok_unreachable_SECRET');
    expect(host.text()).not.toContain(String(port));
  });
});

describe('dry run', () => {
  it('prints the exact payloads and sends nothing', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const jandi = r.jandiWebhook();
      const args = { 'discord-webhook-url': url, 'jandi-webhook-url': jandi, 'release-notes': bigNotes(9000) };
      const now = fakeClock().now;
      const dry = testHost(GITHUB_CTX);
      await execute(inputsFor({ ...args, 'dry-run': 'true' }), { host: dry, fetch: globalThis.fetch, now });
      expect(r.requests).toEqual([]);
      // The payloads are the top-level JSON objects in the log, Discord's first.
      const printed: unknown[] = [];
      let buf: string[] | undefined;
      for (const line of dry.lines) {
        if (line === '{') buf = [line];
        else if (buf) {
          buf.push(line);
          if (line === '}') {
            printed.push(JSON.parse(buf.join('\n')));
            buf = undefined;
          }
        }
      }
      await execute(inputsFor(args), { host: testHost(GITHUB_CTX), fetch: globalThis.fetch, now });
      const sent = [...r.deliveredTo(url).map((d) => d.body), ...r.jandi.map((j) => j.body)];
      expect(sent.length).toBeGreaterThan(2);
      expect(printed).toEqual(sent);
    } finally {
      await r.close();
    }
  });

  it('through the CLI: exit 0, planned counts, no request', async () => {
    const r = await WebhookReceiver.start();
    try {
      const res = await runCli(notify, [
        '--discord-webhook-url',
        r.discordWebhook(),
        '--release-notes',
        'hello',
        '--dry-run',
      ]);
      expect(res.code).toBe(0);
      expect(res.outputs).toEqual({ 'discord-messages': 1, 'jandi-messages': 0 });
      expect(res.log).toContain('"allowed_mentions": {');
      expect(r.requests).toEqual([]);
    } finally {
      await r.close();
    }
  });
});

describe('run contexts', () => {
  it('a CodeBuild-only environment produces a correct message', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const start = Date.now() - 125_000;
      const res = await runCli(
        notify,
        [
          '--discord-webhook-url',
          url,
          '--release-notes',
          '* Fixed #7',
          '--details',
          'IMAGE=sha256:feed\nTASK_DEFINITION=shop:42',
        ],
        {
          CODEBUILD_BUILD_ID: 'shop-release:8f0c1d',
          CODEBUILD_BUILD_ARN: 'arn:aws:codebuild:eu-west-1:123456789012:build/shop-release:8f0c1d',
          CODEBUILD_SOURCE_REPO_URL: 'https://github.com/acme/shop.git',
          CODEBUILD_RESOLVED_SOURCE_VERSION: 'fedcba9876543210fedcba9876543210fedcba98',
          CODEBUILD_WEBHOOK_TRIGGER: 'tag/v3.1.0',
          CODEBUILD_INITIATOR: 'GitHub-Hookshot/1a2b3c',
          CODEBUILD_BUILD_SUCCEEDING: '0',
          CODEBUILD_START_TIME: String(start),
        },
      );
      expect(res.code).toBe(0);
      const [d] = r.deliveredTo(url);
      const header = d?.body.embeds?.[0];
      expect(header?.title).toBe('❌ acme/shop v3.1.0 release failed');
      expect(header?.color).toBe(0xcf222e);
      expect(header?.description).toMatch(/^❌ \*\*Failed\*\* in 2m 0[5-9]s$/);
      expect(header?.footer?.text).toBe('aws-release-kit · AWS CodeBuild');
      const fields = Object.fromEntries((header?.fields ?? []).map((f) => [f.name, f.value]));
      expect(fields).toMatchObject({
        Repository: '[acme/shop](https://github.com/acme/shop)',
        Tag: '[v3.1.0](https://github.com/acme/shop/tree/v3.1.0)',
        Commit: '[fedcba9](https://github.com/acme/shop/commit/fedcba9876543210fedcba9876543210fedcba98)',
        Actor: 'GitHub-Hookshot/1a2b3c',
        IMAGE: 'sha256:feed',
        TASK_DEFINITION: 'shop:42',
      });
      expect(fields['Build']).toMatch(/^\[shop-release:8f0c1d\]\(https:\/\/eu-west-1\.console\.aws\.amazon\.com\//);
      expect(d?.body.embeds?.[1]?.description).toBe('- Fixed [#7](https://github.com/acme/shop/issues/7)');
      assertNoLimitBroken(r);
    } finally {
      await r.close();
    }
  });

  it('in Actions, the release event payload is the default notes, and status comes from the input', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const event = tempFile(
        'event.json',
        JSON.stringify({
          release: {
            tag_name: 'v5.0.0',
            name: 'Shop 5',
            body: '## Highlights\n\n* New cart',
            html_url: 'https://github.com/acme/shop/releases/tag/v5.0.0',
          },
        }),
      );
      const githubEnv = {
        GITHUB_ACTIONS: 'true',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REF: 'refs/tags/v5.0.0',
        GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
        GITHUB_ACTOR: 'octo-dev',
        GITHUB_RUN_ID: '555',
        GITHUB_EVENT_NAME: 'release',
        GITHUB_EVENT_PATH: event,
      };
      const res = await runCli(notify, ['--discord-webhook-url', url, '--status', 'success'], githubEnv);
      expect(res.code).toBe(0);
      const [d] = r.deliveredTo(url);
      const [header, notes] = d?.body.embeds ?? [];
      expect(header?.title).toBe('✅ acme/shop v5.0.0 released');
      expect(header?.url).toBe('https://github.com/acme/shop/releases/tag/v5.0.0');
      expect(header?.description).toBe('✅ **Succeeded**\n**Shop 5**');
      expect(notes?.description).toBe('## Highlights\n\n- New cart');
      expect(notes?.url).toBeUndefined();

      // Notes given as text replace the body; the release's page and name stay.
      const custom = await runCli(notify, ['--discord-webhook-url', url, '--release-notes', 'Custom words'], githubEnv);
      expect(custom.code).toBe(0);
      const [header2, notes2] = r.deliveredTo(url)[1]?.body.embeds ?? [];
      expect(header2?.url).toBe('https://github.com/acme/shop/releases/tag/v5.0.0');
      expect(notes2?.description).toBe('Custom words');
    } finally {
      await r.close();
    }
  });

  it('release-notes-file is read', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const file = tempFile('NOTES.md', '# From a file\n\nbody text');
      const res = await runCli(notify, ['--discord-webhook-url', url, '--release-notes-file', file]);
      expect(res.code).toBe(0);
      expect(r.deliveredTo(url)[0]?.body.embeds?.[1]?.description).toBe('# From a file\n\nbody text');
    } finally {
      await r.close();
    }
  });

  it("relative links in a release-notes-file start from the file's folder in the repository", async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const workspace = mkdtempSync(join(tmpdir(), 'arkit-notify-ws-'));
      dirs.push(workspace);
      mkdirSync(join(workspace, 'docs', 'changelogs'), { recursive: true });
      writeFileSync(
        join(workspace, 'docs', 'changelogs', 'v2.md'),
        'See [the config](../config.md) and ![UI](./ui.png).',
      );
      const raw = new Map([
        ['discord-webhook-url', url],
        ['release-notes-file', 'docs/changelogs/v2.md'],
      ]);
      const inputs = notify.parse(new InputReader(notify.inputs, raw, [workspace]), GITHUB_CTX);
      expect(inputs.notes).toMatchObject({ kind: 'file', baseDir: 'docs/changelogs' });
      await execute(inputs, { host: testHost(GITHUB_CTX), fetch: globalThis.fetch, now: Date.now });
      expect(r.deliveredTo(url)[0]?.body.embeds?.[1]?.description).toBe(
        'See [the config](https://github.com/acme/shop/blob/v2.0.0/docs/config.md) and ' +
          '[🖼 UI](https://github.com/acme/shop/raw/v2.0.0/docs/changelogs/ui.png).',
      );
    } finally {
      await r.close();
    }
  });

  it('a missing release-notes-file costs the notes, not the notification; with fail-on-error it fails the step', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const missing = join(tmpdir(), `arkit-notify-missing-${process.pid}`, 'NOTES.md');
      const soft = await runCli(notify, ['--discord-webhook-url', url, '--release-notes-file', missing]);
      expect(soft.code).toBe(0);
      expect(soft.log).toContain(
        `warning: release notes could not be loaded (release-notes-file ${missing} does not exist)`,
      );
      const [d] = r.deliveredTo(url);
      expect(d?.body.embeds?.[1]?.description).toBe(
        `*Release notes could not be loaded: release-notes-file ${missing} does not exist*`,
      );
      expect(soft.outputs).toEqual({ 'discord-messages': 1, 'jandi-messages': 0 });

      const hard = await runCli(notify, [
        '--discord-webhook-url',
        url,
        '--release-notes-file',
        missing,
        '--fail-on-error',
        'true',
      ]);
      expect(hard.code).toBe(1);
      expect(hard.log).toContain(`error: notify failed: release-notes-file ${missing} does not exist`);
      expect(r.requestsTo(url)).toHaveLength(1);
    } finally {
      await r.close();
    }
  });

  it('a notes file that is a directory or too large is reported the same way', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const dir = mkdtempSync(join(tmpdir(), 'arkit-notify-'));
      dirs.push(dir);
      const big = tempFile('BIG.md', 'x'.repeat(MAX_NOTES_FILE_BYTES + 1));
      const cases: Array<[string, string]> = [
        [dir, `release-notes-file ${dir} is not a file`],
        [big, `release-notes-file ${big} has ${MAX_NOTES_FILE_BYTES + 1} bytes; release notes over 1 MiB are refused`],
      ];
      for (const [path, reason] of cases) {
        // Inputs as parse leaves them for a file: the checks happen when the notes are loaded.
        const inputs: NotifyInputs = { ...inputsFor({ 'discord-webhook-url': url }), notes: { kind: 'file', path } };
        const host = testHost(GITHUB_CTX);
        const outputs = await execute(inputs, { host, fetch: globalThis.fetch, now: Date.now });
        expect(outputs['discord-messages']).toBe(1);
        expect(host.text()).toContain(`warning: release notes could not be loaded (${reason})`);
        expect(r.deliveredTo(url).at(-1)?.body.embeds?.[1]?.description).toBe(
          `*Release notes could not be loaded: ${reason}*`,
        );
        const strict = { ...inputs, failOnError: true };
        await expect(
          execute(strict, { host: testHost(GITHUB_CTX), fetch: globalThis.fetch, now: Date.now }),
        ).rejects.toThrow(new ReleaseError(reason));
      }
      expect(r.deliveredTo(url)).toHaveLength(2);
    } finally {
      await r.close();
    }
  });
});

describe('release-tag through the GitHub API', () => {
  let github: Server;
  let apiUrl: string;
  const calls: Array<{ method: string; path: string; auth?: string; body: string }> = [];
  const TOKEN = 'ghp_testtoken0123456789abcdef';
  // The repository's tags in no useful order (neither by name nor by version), served 4 per page.
  const TAGS = ['v0.10.0', 'v0.8.9', 'v1.0.0', 'v0.9.0', 'v0.8.10', 'api-v0.9.5', 'v0.9.0-rc.1', 'v0.1.0'];
  const TAGS_PER_PAGE = 4;

  beforeAll(async () => {
    github = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
        const path = url.pathname;
        calls.push({ method: req.method ?? '', path, auth: req.headers.authorization, body });
        const json = (status: number, data: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(data));
        };
        if (req.headers.authorization !== `token ${TOKEN}`) return json(401, { message: 'Bad credentials' });
        if (req.method === 'GET' && path === '/repos/acme/shop/releases/tags/v1.0.0') {
          return json(200, {
            tag_name: 'v1.0.0',
            name: 'Shop 1.0',
            body: '## Features\n\n* Checkout by @octo-dev in https://github.com/acme/shop/pull/12',
            html_url: 'https://github.com/acme/shop/releases/tag/v1.0.0',
          });
        }
        if (req.method === 'GET' && path.startsWith('/repos/acme/shop/releases/tags/'))
          return json(404, { message: 'Not Found' });
        if (req.method === 'GET' && path === '/repos/acme/shop/tags') {
          // GitHub paginates with a Link header.
          const page = Number(url.searchParams.get('page') ?? '1');
          const items = TAGS.slice((page - 1) * TAGS_PER_PAGE, page * TAGS_PER_PAGE);
          const more = page * TAGS_PER_PAGE < TAGS.length;
          const next = `http://${req.headers.host}/repos/acme/shop/tags?per_page=${TAGS_PER_PAGE}&page=${page + 1}`;
          return json(
            200,
            items.map((name) => ({ name, commit: { sha: '0'.repeat(40), url: '' } })),
            more ? { link: `<${next}>; rel="next"` } : {},
          );
        }
        if (req.method === 'POST' && path === '/repos/acme/shop/releases/generate-notes') {
          const { tag_name: tag, previous_tag_name: previous } = JSON.parse(body) as {
            tag_name: string;
            previous_tag_name?: string;
          };
          // Like GitHub: a previous tag that does not exist is refused.
          if (previous !== undefined && !TAGS.includes(previous)) return json(404, { message: 'Not Found' });
          const since = previous ? `${previous}...${tag}` : `the start...${tag}`;
          return json(200, { name: tag, body: `## What's Changed\n* Generated for ${since} in #13` });
        }
        return json(404, { message: 'Not Found' });
      });
    });
    await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => github.close(() => resolve())));

  const env = () => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: apiUrl,
    GITHUB_REF: 'refs/heads/main',
  });

  it("reads a release's notes", async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const res = await runCli(
        notify,
        ['--discord-webhook-url', url, '--release-tag', 'v1.0.0', '--github-token', TOKEN],
        env(),
      );
      expect(res.code).toBe(0);
      const [header, notes] = r.deliveredTo(url)[0]?.body.embeds ?? [];
      expect(header?.url).toBe('https://github.com/acme/shop/releases/tag/v1.0.0');
      expect(header?.title).toBe('✅ acme/shop v1.0.0 released');
      expect(notes?.description).toBe(
        '## Features\n\n- Checkout by [@octo-dev](https://github.com/octo-dev) in [#12](https://github.com/acme/shop/pull/12)',
      );
      expect(calls.at(-1)).toMatchObject({
        method: 'GET',
        path: '/repos/acme/shop/releases/tags/v1.0.0',
        auth: `token ${TOKEN}`,
      });
      expect(`${res.stdout}${res.log}`).not.toContain(TOKEN);
    } finally {
      await r.close();
    }
  });

  it("falls back to GitHub's generated notes for a tag without a release", async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const before = calls.length;
      const res = await runCli(
        notify,
        ['--discord-webhook-url', url, '--release-tag', 'v0.9.0', '--github-token', TOKEN],
        env(),
      );
      expect(res.code).toBe(0);
      expect(calls.slice(before).map((c) => `${c.method} ${c.path}`)).toEqual([
        'GET /repos/acme/shop/releases/tags/v0.9.0',
        'GET /repos/acme/shop/tags',
        'GET /repos/acme/shop/tags',
        'POST /repos/acme/shop/releases/generate-notes',
      ]);
      // The previous tag by version, not the one before it in the list or by name (v0.8.9), and not
      // the pre-release of this version.
      expect(JSON.parse(calls.at(-1)?.body ?? '{}')).toEqual({ tag_name: 'v0.9.0', previous_tag_name: 'v0.8.10' });
      expect(res.log).toContain("GitHub's generated notes from v0.8.10 to v0.9.0");
      const [header, notes] = r.deliveredTo(url)[0]?.body.embeds ?? [];
      expect(header?.url).toBe('https://github.com/acme/shop/tree/v0.9.0');
      expect(notes?.description).toBe(
        "## What's Changed\n\n- Generated for v0.8.10...v0.9.0 in [#13](https://github.com/acme/shop/issues/13)",
      );
    } finally {
      await r.close();
    }
  });

  it('the first tag of its kind gets notes from the start of history (no previous_tag_name)', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const res = await runCli(
        notify,
        ['--discord-webhook-url', url, '--release-tag', 'api-v0.9.5', '--github-token', TOKEN],
        env(),
      );
      expect(res.code).toBe(0);
      expect(calls.at(-1)?.path).toBe('/repos/acme/shop/releases/generate-notes');
      expect(JSON.parse(calls.at(-1)?.body ?? '{}')).toEqual({ tag_name: 'api-v0.9.5' });
      expect(res.log).toContain('no earlier tag like api-v0.9.5');
      expect(r.deliveredTo(url)[0]?.body.embeds?.[1]?.description).toContain('Generated for the start...api-v0.9.5');
    } finally {
      await r.close();
    }
  });

  it('a bad token: with fail-on-error the step fails, without it the message says the notes are missing', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.discordWebhook();
      const hard = await runCli(
        notify,
        [
          '--discord-webhook-url',
          url,
          '--release-tag',
          'v1.0.0',
          '--github-token',
          'ghp_wrong_token_value',
          '--fail-on-error',
          'true',
        ],
        env(),
      );
      expect(hard.code).toBe(1);
      expect(hard.log).toContain('GitHub answered 401 when reading the release acme/shop@v1.0.0: Bad credentials');
      expect(r.requests).toEqual([]);
      const soft = await runCli(
        notify,
        ['--discord-webhook-url', url, '--release-tag', 'v1.0.0', '--github-token', 'ghp_wrong_token_value'],
        env(),
      );
      expect(soft.code).toBe(0);
      expect(soft.log).toContain('warning: release notes could not be loaded');
      expect(r.deliveredTo(url)[0]?.body.embeds?.[1]?.description).toContain('Release notes could not be loaded');
      expect(`${hard.log}${soft.log}`).not.toContain('ghp_wrong_token_value');
    } finally {
      await r.close();
    }
  });
});

describe('JANDI', () => {
  it('posts the documented shape with the v2 Accept header, the status colour, and long notes split', async () => {
    const r = await WebhookReceiver.start();
    try {
      const url = r.jandiWebhook();
      const notes = bigNotes(20_000);
      const res = await runCli(notify, [
        '--jandi-webhook-url',
        url,
        '--release-notes',
        notes,
        '--status',
        'failure',
        '--details',
        'IMAGE=sha256:feed',
        '--max-messages',
        '0',
      ]);
      expect(res.code).toBe(0);
      expect(r.rejected.map((q) => q.answer)).toEqual([]);
      const got = r.jandi.map((j) => j.body);
      expect(got.length).toBeGreaterThan(4);
      expect(res.outputs).toEqual({ 'discord-messages': 0, 'jandi-messages': got.length });
      for (const q of r.requests) expect(q.headers['accept']).toBe(JANDI_ACCEPT);
      for (const m of got) {
        expect(m.connectColor).toBe('#CF222E');
        expect(Object.keys(m).sort()).toEqual(['body', 'connectColor', 'connectInfo']);
      }
      // Everything is in body, where JANDI renders links; the facts lead the first message.
      expect(got[0]?.body).toContain('\nIMAGE: sha256:feed\n');
      expect(got[0]?.body).toMatch(/\nCommit: /);
      got.forEach((m, i) => expect(m.body.split('\n')[0]).toMatch(new RegExp(`\\(${i + 1}/${got.length}\\)$`)));
      // The notes: every body after its first line, the first one after the facts and footer line.
      const bodies = got.map((m) => m.body.split('\n').slice(1).join('\n'));
      bodies[0] = (bodies[0] ?? '').slice((bodies[0] ?? '').indexOf('aws-release-kit ·'));
      bodies[0] = bodies[0].slice(bodies[0].indexOf('\n') + 1);
      const text = bodies.join('\n');
      expect(wordsOf(text)).toEqual(sourceWordsOf(notes));
      // Plain lines: no Discord markup.
      expect(text).not.toMatch(/\*\*|```|^#/m);
    } finally {
      await r.close();
    }
  });
});

describe('shape of the message', () => {
  let r: WebhookReceiver;
  beforeAll(async () => {
    r = await WebhookReceiver.start();
  });
  afterAll(() => r.close());

  it('one colour for every status is taken as #RRGGBB (not as a comment line)', () => {
    const inputs = inputsFor({ 'discord-webhook-url': 'https://discord.com/api/webhooks/1/x', color: '#112233' });
    expect(inputs.colors).toEqual({ success: '#112233', failure: '#112233', cancelled: '#112233', started: '#112233' });
    expect(inputsFor({ 'discord-webhook-url': 'https://d.example/a/b', color: 'failure=abcdef' }).colors).toEqual({
      failure: '#ABCDEF',
    });
  });

  it('color, footer, content, image, thumbnail and author reach Discord and JANDI, defused and within limits', async () => {
    const discord = r.discordWebhook();
    const jandi = r.jandiWebhook();
    await runFake({
      'discord-webhook-url': discord,
      'jandi-webhook-url': jandi,
      'release-notes': 'Notes.',
      color: 'success=#1F883D\nfailure=#D1242F',
      footer: 'Deployed by @everyone',
      content: 'Production is on the new version @here',
      'image-url': 'https://img.example/banner.png',
      'thumbnail-url': 'https://img.example/logo.png',
      'author-name': 'Release bot',
      'author-url': 'https://bots.example',
      'author-icon-url': 'https://img.example/bot.png',
    });
    assertNoLimitBroken(r);
    const [first] = r.deliveredTo(discord);
    expect(first?.body.content).toBe('Production is on the new version @\u200bhere');
    const head = first?.body.embeds?.[0];
    expect(head?.color).toBe(0x1f883d);
    expect(head?.footer?.text).toBe('Deployed by @\u200beveryone');
    expect(head?.image).toEqual({ url: 'https://img.example/banner.png' });
    expect(head?.thumbnail).toEqual({ url: 'https://img.example/logo.png' });
    expect(head?.author).toEqual({
      name: 'Release bot',
      url: 'https://bots.example',
      icon_url: 'https://img.example/bot.png',
    });
    expect(first?.body.allowed_mentions).toEqual({ parse: [] });
    const [j] = r.jandi;
    expect(j?.body.connectColor).toBe('#1F883D');
    expect(j?.body.body.split('\n')[0]).toBe('Production is on the new version @\u200bhere');
    expect(j?.body.body).toContain('[Release bot](https://bots.example)');
    expect(j?.body.body).toContain('Deployed by @\u200beveryone');
    expect(j?.body.connectInfo).toEqual([
      { imageUrl: 'https://img.example/banner.png' },
      { imageUrl: 'https://img.example/logo.png' },
    ]);
  });

  it('a template lays out the first message with the run context and the details; the notes follow', async () => {
    const discord = r.discordWebhook();
    const jandi = r.jandiWebhook();
    const before = r.jandi.length;
    const template = tempFile(
      'notify-template.json',
      JSON.stringify({
        discord: {
          content: '{{ repository }} {{ tag }}: {{ status }} @everyone',
          embeds: [
            {
              title: '{{ title }}',
              url: '{{ release_url }}',
              color: 2067518,
              fields: [
                { name: 'Image', value: '{{ details.IMAGE }}', inline: true },
                { name: 'Run', value: '[{{ short_sha }}]({{ run_url }})', inline: true },
              ],
            },
            { description: 'x'.repeat(7000) },
          ],
        },
        jandi: {
          body: '[{{ title }}]({{ run_url }})',
          connectColor: '#1F883D',
          connectInfo: [{ title: 'Image', description: '{{ details.IMAGE }}' }],
        },
      }),
    );
    await runFake({
      'discord-webhook-url': discord,
      'jandi-webhook-url': jandi,
      'release-notes': 'The notes "quoted" \\ and more.',
      details: 'IMAGE=sha256:feed "x"',
      template,
    });
    assertNoLimitBroken(r);
    const [first] = r.deliveredTo(discord);
    expect(first?.body.content).toBe('acme/shop v2.0.0: success @\u200beveryone');
    const [embed, ...rest] = first?.body.embeds ?? [];
    expect(embed?.title).toBe('✅ acme/shop v2.0.0 released');
    // No release page in this run: the empty URL is dropped, not sent.
    expect(embed?.url).toBeUndefined();
    expect(embed?.fields).toEqual([
      { name: 'Image', value: 'sha256:feed "x"', inline: true },
      { name: 'Run', value: '[0123456](https://github.com/acme/shop/actions/runs/987)', inline: true },
    ]);
    // The over-long second embed is cut to Discord's 4096, and the notes follow in their own embed.
    expect(rest[0]?.description?.length).toBe(4096);
    expect(receivedNotes(r.deliveredTo(discord))).toContain('The notes "quoted" \\\\ and more.');
    const [t, ...notes] = r.jandi.slice(before);
    expect(t?.body).toEqual({
      body: '[✅ acme/shop v2.0.0 released](https://github.com/acme/shop/actions/runs/987)',
      connectColor: '#1F883D',
      connectInfo: [{ title: 'Image', description: 'sha256:feed "x"' }],
    });
    expect(notes.map((n) => n.body.body).join('\n')).toContain('The notes "quoted" \\ and more.');
  });
});

describe('bad input', () => {
  let r: WebhookReceiver;
  beforeAll(async () => {
    r = await WebhookReceiver.start();
  });
  afterAll(() => r.close());

  const cases: Array<[string, () => string[], string]> = [
    ['no webhook', () => ['--release-notes', 'x'], 'discord-webhook-url'],
    [
      'a webhook that is not a URL',
      () => ['--discord-webhook-url', 'discord.com/api/webhooks/1/x'],
      'discord-webhook-url',
    ],
    ['an unknown status', () => ['--discord-webhook-url', r.discordWebhook(), '--status', 'done'], 'status'],
    [
      'two notes sources',
      () => ['--discord-webhook-url', r.discordWebhook(), '--release-notes', 'x', '--release-tag', 'v1'],
      'release-tag',
    ],
    [
      'release-tag without a token',
      () => ['--discord-webhook-url', r.discordWebhook(), '--release-tag', 'v1'],
      'github-token',
    ],
    ['a details line without =', () => ['--discord-webhook-url', r.discordWebhook(), '--details', 'IMAGE'], 'details'],
    [
      'a role that is not an id',
      () => ['--discord-webhook-url', r.discordWebhook(), '--mention-roles', '@everyone'],
      'mention-roles',
    ],
    [
      'thread-id and thread-name',
      () => ['--discord-webhook-url', r.discordWebhook(), '--thread-id', '123456789012345678', '--thread-name', 'x'],
      'thread-name',
    ],
    [
      'a username Discord refuses',
      () => ['--discord-webhook-url', r.discordWebhook(), '--username', 'Discord Bot'],
      'username',
    ],
    [
      'a bad fail-on-error',
      () => ['--discord-webhook-url', r.discordWebhook(), '--fail-on-error', 'maybe'],
      'fail-on-error',
    ],
    ['a colour that is not #RRGGBB', () => ['--discord-webhook-url', r.discordWebhook(), '--color', 'green'], 'color'],
    [
      'a colour for an unknown status',
      () => ['--discord-webhook-url', r.discordWebhook(), '--color', 'done=#112233'],
      'color',
    ],
    [
      'a negative max-messages',
      () => ['--discord-webhook-url', r.discordWebhook(), '--max-messages', '-1'],
      'max-messages',
    ],
    [
      'author-url without author-name',
      () => ['--discord-webhook-url', r.discordWebhook(), '--author-url', 'https://x.example'],
      'author-url',
    ],
    [
      'a jandi-email that is no address',
      () => ['--jandi-webhook-url', r.jandiWebhook(), '--jandi-email', 'dev'],
      'jandi-email',
    ],
    [
      'a template that is not JSON after substitution',
      () => [
        '--discord-webhook-url',
        r.discordWebhook(),
        '--template',
        tempFile('t.json', '{"discord": {"content": "{{ tag }}"}'),
      ],
      'template',
    ],
    [
      'a template with an unknown placeholder',
      () => [
        '--discord-webhook-url',
        r.discordWebhook(),
        '--template',
        tempFile('t.json', '{"discord": {"content": "{{ secret_token }}"}}'),
      ],
      'template',
    ],
    [
      'a template that is not an object of discord/jandi parts',
      () => ['--discord-webhook-url', r.discordWebhook(), '--template', tempFile('t.json', '{"content": "x"}')],
      'template',
    ],
  ];

  it.each(cases)('%s: exit 2, the input named, nothing sent', async (_name, argv, input) => {
    const res = await runCli(notify, argv());
    expect(res.code).toBe(2);
    expect(res.log).toContain(`input "${input}"`);
    expect(r.requests).toEqual([]);
  });
});
