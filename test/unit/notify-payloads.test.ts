import { describe, expect, it } from '@jest/globals';
import type { RunContext } from '../../src/runtime/context.js';
import { readRunContext } from '../../src/runtime/context.js';
import {
  buildAnnouncement,
  compareUrl,
  formatDuration,
  STATUS_STYLE,
  type AnnouncementInput,
} from '../../src/notify/announcement.js';
import {
  buildDiscordMessages,
  composeDiscord,
  DISCORD_LIMITS,
  describeDiscordError,
  embedLength,
  executeUrl,
  factFields,
  retryAfterUnit,
  versionedWebhookUrl,
} from '../../src/notify/discord.js';
import { rateLimitWait } from '../../src/notify/http.js';
import { repositoryFileUrl } from '../../src/notify/markdown.js';
import { buildJandiMessages, composeJandi, describeJandiError, JANDI_LIMITS } from '../../src/notify/jandi.js';
import { validateDiscord, validateJandi } from '../helpers/webhook-receiver.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const GITHUB: RunContext = {
  provider: 'github',
  repository: 'acme/shop',
  repositoryUrl: 'https://github.com/acme/shop',
  ref: 'refs/tags/v2.0.0',
  tag: 'v2.0.0',
  sha: '0123456789abcdef0123456789abcdef01234567',
  actor: 'octo-dev',
  runUrl: 'https://github.com/acme/shop/actions/runs/987/attempts/2',
};
const NO_MENTIONS = { roles: [], users: [] };

function announce(over: Partial<AnnouncementInput> = {}) {
  return buildAnnouncement({ status: 'success', context: GITHUB, details: [], now: NOW, ...over });
}

function longNotes(chars: number): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; parts.join('\n\n').length < chars; i++) {
    if (i % 9 === 0) parts.push(`## Heading h${n++}`);
    else if (i % 5 === 0)
      parts.push(`\`\`\`sh\n${Array.from({ length: 40 }, () => `echo c${n++}`).join('\n')}\n\`\`\``);
    else if (i % 3 === 0) parts.push(Array.from({ length: 6 }, () => `- item i${n++} with some words`).join('\n'));
    else parts.push(Array.from({ length: 60 }, () => `p${n++}`).join(' '));
  }
  return parts.join('\n\n');
}

describe('announcement', () => {
  it('collects the facts of a GitHub run', () => {
    const a = announce({ details: [{ key: 'IMAGE', value: 'sha256:abc' }] });
    expect(a.title).toBe('✅ acme/shop v2.0.0 released');
    expect(a.facts).toEqual([
      { name: 'Repository', text: 'acme/shop', url: 'https://github.com/acme/shop' },
      { name: 'Tag', text: 'v2.0.0', url: 'https://github.com/acme/shop/tree/v2.0.0' },
      {
        name: 'Commit',
        text: '0123456',
        url: 'https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567',
      },
      { name: 'Actor', text: 'octo-dev', url: 'https://github.com/octo-dev' },
      { name: 'Run', text: '#987 (attempt 2)', url: GITHUB.runUrl },
      { name: 'IMAGE', text: 'sha256:abc', detail: true },
    ]);
    expect(a.timestamp).toBe('2026-03-01T12:00:00.000Z');
  });

  it('reads a CodeBuild-only environment: build link, plain actor, duration, failure', () => {
    const ctx = readRunContext(
      {
        CODEBUILD_BUILD_ID: 'shop-release:8f0c',
        CODEBUILD_BUILD_ARN: 'arn:aws:codebuild:eu-west-1:123456789012:build/shop-release:8f0c',
        CODEBUILD_SOURCE_REPO_URL: 'https://github.com/acme/shop.git',
        CODEBUILD_RESOLVED_SOURCE_VERSION: 'fedcba9876543210fedcba9876543210fedcba98',
        CODEBUILD_WEBHOOK_TRIGGER: 'tag/v3.1.0',
        CODEBUILD_INITIATOR: 'GitHub-Hookshot/1a2b3c',
        CODEBUILD_BUILD_SUCCEEDING: '0',
        CODEBUILD_START_TIME: String(NOW - 754_000),
      },
      '/nonexistent',
    );
    const a = buildAnnouncement({ status: 'failure', context: ctx, details: [], now: NOW });
    expect(a.title).toBe('❌ acme/shop v3.1.0 release failed');
    expect(a.summary).toBe('❌ **Failed** in 12m 34s');
    expect(a.footer).toBe('aws-release-kit · AWS CodeBuild');
    const byName = Object.fromEntries(a.facts.map((f) => [f.name, f]));
    expect(byName['Tag']?.text).toBe('v3.1.0');
    expect(byName['Commit']?.url).toBe('https://github.com/acme/shop/commit/fedcba9876543210fedcba9876543210fedcba98');
    expect(byName['Actor']).toEqual({ name: 'Actor', text: 'GitHub-Hookshot/1a2b3c', url: undefined });
    expect(byName['Build']?.text).toBe('shop-release:8f0c');
    expect(byName['Build']?.url).toContain(
      'eu-west-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/shop-release',
    );
    expect(byName['Duration']?.text).toBe('12m 34s');
  });

  it('formats durations', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(192_000)).toBe('3m 12s');
    expect(formatDuration(3_723_000)).toBe('1h 02m');
  });
});

describe('Discord payloads', () => {
  it('one header embed coloured by status; only it links to the release', () => {
    for (const status of ['success', 'failure', 'cancelled', 'started'] as const) {
      const a = announce({
        status,
        notes: { body: longNotes(9000), url: 'https://github.com/acme/shop/releases/tag/v2.0.0', tag: 'v2.0.0' },
      });
      const messages = buildDiscordMessages(a, { mentions: NO_MENTIONS });
      const embeds = messages.flatMap((m) => m.embeds ?? []);
      expect(embeds.length).toBeGreaterThan(2);
      for (const e of embeds) expect(e.color).toBe(STATUS_STYLE[status].color);
      expect(embeds[0]?.url).toBe('https://github.com/acme/shop/releases/tag/v2.0.0');
      expect(embeds.slice(1).every((e) => e.url === undefined)).toBe(true);
      expect(embeds[0]?.title?.startsWith(STATUS_STYLE[status].emoji)).toBe(true);
    }
  });

  it('keeps every documented limit for long notes, and the parts are numbered', () => {
    const messages = buildDiscordMessages(announce({ notes: { body: longNotes(40_000) } }), { mentions: NO_MENTIONS });
    expect(messages.length).toBeGreaterThan(6);
    for (const m of messages) {
      expect(validateDiscord(m)).toEqual([]);
      const total = (m.embeds ?? []).reduce((n, e) => n + embedLength(e), 0);
      expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.charactersPerMessage);
    }
    const parts = messages.flatMap((m) => m.embeds ?? []).filter((e) => e.footer?.text.startsWith('Release notes'));
    expect(parts[0]?.footer?.text).toBe(`Release notes · part 1 of ${parts.length}`);
  });

  it('splits long detail values into numbered fields and truncates long names visibly', () => {
    const value = Array.from({ length: 500 }, (_, i) => `v${i}`).join(' ');
    const fields = factFields([
      { name: 'LOG', text: value, detail: true },
      { name: 'N'.repeat(300), text: 'x', detail: true },
      { name: 'EMPTY', text: '', detail: true },
    ]);
    const log = fields.filter((f) => f.name.startsWith('LOG'));
    expect(log.length).toBe(3);
    expect(log.map((f) => f.name)).toEqual(['LOG (1/3)', 'LOG (2/3)', 'LOG (3/3)']);
    for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(log.map((f) => f.value).join(' ')).toBe(value);
    const long = fields.find((f) => f.name.startsWith('NNN'));
    expect(long?.name).toHaveLength(256);
    expect(long?.name.endsWith('…')).toBe(true);
    expect(fields.find((f) => f.name === 'EMPTY')?.value).toBe('(empty)');
  });

  it('more than 25 fields go on in further embeds, all sent', () => {
    const details = Array.from({ length: 40 }, (_, i) => ({ key: `K${i}`, value: `value ${i} `.repeat(60) }));
    const messages = buildDiscordMessages(announce({ details }), { mentions: NO_MENTIONS });
    for (const m of messages) expect(validateDiscord(m)).toEqual([]);
    const fields = messages.flatMap((m) => m.embeds ?? []).flatMap((e) => e.fields ?? []);
    expect(fields.filter((f) => /^K\d+$/.test(f.name)).map((f) => f.name)).toEqual(details.map((d) => d.key));
  });

  it('pings only the listed ids, only in the first message; thread_name only on the first', () => {
    const mentions = { roles: ['111111111111111111'], users: ['222222222222222222'] };
    const messages = buildDiscordMessages(announce({ notes: { body: longNotes(20_000) } }), {
      mentions,
      threadName: 'Release v2.0.0',
      username: 'Release bot',
    });
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach((m, i) => {
      expect(m.allowed_mentions).toEqual({ parse: [], roles: mentions.roles, users: mentions.users });
      expect(m.username).toBe('Release bot');
      expect(m.content).toBe(i === 0 ? '<@&111111111111111111> <@222222222222222222>' : undefined);
      expect(m.thread_name).toBe(i === 0 ? 'Release v2.0.0' : undefined);
    });
  });

  it('defuses @everyone in titles and details too, and truncates a long title visibly', () => {
    const messages = buildDiscordMessages(
      announce({ title: `@everyone ${'t'.repeat(300)}`, details: [{ key: '@here', value: '@everyone' }] }),
      { mentions: NO_MENTIONS },
    );
    const json = JSON.stringify(messages);
    expect(json).not.toMatch(/@everyone|@here/);
    expect(messages[0]?.embeds?.[0]?.title).toHaveLength(256);
    expect(messages[0]?.embeds?.[0]?.title?.endsWith('…')).toBe(true);
  });

  it("reports Discord's error code, message and first field error", () => {
    expect(describeDiscordError(404, '{"message": "Unknown Webhook", "code": 10015}')).toBe(
      'code 10015: Unknown Webhook',
    );
    expect(
      describeDiscordError(
        400,
        '{"code":50035,"message":"Invalid Form Body","errors":{"embeds":{"0":{"description":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 4096 or fewer in length."}]}}}}}',
      ),
    ).toBe('code 50035: Invalid Form Body; embeds.0.description: Must be 4096 or fewer in length.');
    expect(describeDiscordError(502, '<html>bad gateway</html>')).toBe('not a JSON answer');
  });

  it('reads the wait of a 429 from the body, the header, or neither', () => {
    expect(rateLimitWait(new Headers({ 'retry-after': '3' }), '{"retry_after": 1.234}')).toBe(1234);
    expect(rateLimitWait(new Headers({ 'retry-after': '3' }), '<html>slow down</html>')).toBe(3000);
    expect(rateLimitWait(new Headers(), '<html>slow down</html>')).toBeUndefined();
    // API v6/v7 (and unversioned paths) answer retry_after in milliseconds.
    expect(rateLimitWait(new Headers(), '{"retry_after": 1234}', { retryAfterUnit: 'milliseconds' })).toBe(1234);
  });

  it('sends to a versioned webhook path (v10), keeping the query, whatever the host', () => {
    const id = '123456789012345678';
    expect(versionedWebhookUrl(`https://discord.com/api/webhooks/${id}/tok_abc`)).toBe(
      `https://discord.com/api/v10/webhooks/${id}/tok_abc`,
    );
    expect(versionedWebhookUrl(`https://discordapp.com/api/webhooks/${id}/tok_abc?thread_id=9`)).toBe(
      `https://discordapp.com/api/v10/webhooks/${id}/tok_abc?thread_id=9`,
    );
    expect(versionedWebhookUrl(`http://127.0.0.1:8080/api/webhooks/${id}/tok_abc`)).toBe(
      `http://127.0.0.1:8080/api/v10/webhooks/${id}/tok_abc`,
    );
    // A version chosen by the user and other path layouts (proxies) are left alone.
    for (const url of [
      `https://discord.com/api/v9/webhooks/${id}/tok_abc`,
      `https://proxy.example/discord/api/webhooks/${id}/tok_abc`,
      `https://proxy.example/hooks/${id}/tok_abc`,
    ]) {
      expect(versionedWebhookUrl(url)).toBe(url);
    }
    expect(executeUrl(`https://discord.com/api/webhooks/${id}/tok_abc?foo=1`, '999')).toBe(
      `https://discord.com/api/v10/webhooks/${id}/tok_abc?foo=1&wait=true&thread_id=999`,
    );
  });

  it('reads retry_after in the unit of the API version the request went to', () => {
    const id = '123456789012345678';
    expect(retryAfterUnit(executeUrl(`https://discord.com/api/webhooks/${id}/t`, undefined))).toBe('seconds');
    expect(retryAfterUnit(`https://discord.com/api/v8/webhooks/${id}/t`)).toBe('seconds');
    expect(retryAfterUnit(`https://discord.com/api/v6/webhooks/${id}/t`)).toBe('milliseconds');
    expect(retryAfterUnit(`https://discord.com/api/v7/webhooks/${id}/t`)).toBe('milliseconds');
    expect(retryAfterUnit(`https://discord.com/api/webhooks/${id}/t`)).toBe('milliseconds');
    expect(retryAfterUnit(`https://proxy.example/hooks/${id}/t`)).toBe('seconds');
  });
});

describe('JANDI payloads', () => {
  it('has the documented shape: everything in body, where JANDI renders [text](url) links', () => {
    const a = announce({
      status: 'failure',
      notes: { body: '## Fixes\n\n* **Bold** [link](https://x.example)\n\n![Chart](https://img.example/c.png)' },
    });
    const [m, ...rest] = buildJandiMessages(a, {});
    expect(rest).toEqual([]);
    expect(m?.connectColor).toBe('#CF222E');
    const lines = m?.body.split('\n') ?? [];
    expect(lines[0]).toBe('❌ acme/shop v2.0.0 release failed');
    expect(lines[1]).toBe('❌ Failed');
    expect(m?.body).toContain('Repository: [acme/shop](https://github.com/acme/shop)');
    expect(m?.body).toContain('Fixes\n\n• Bold [link](https://x.example)');
    // Images of the notes become connectInfo images as well as links.
    expect(m?.connectInfo).toEqual([{ title: 'Chart', imageUrl: 'https://img.example/c.png' }]);
    // Descriptions carry no links: JANDI documents links in body only.
    expect(validateJandi(m)).toEqual([]);
  });

  it('splits long notes over messages within the limits, losing no word', () => {
    const notes = longNotes(30_000);
    const messages = buildJandiMessages(announce({ notes: { body: notes } }), {});
    expect(messages.length).toBeGreaterThan(5);
    for (const m of messages) {
      expect(validateJandi(m)).toEqual([]);
      expect(m.body.length).toBeLessThanOrEqual(JANDI_LIMITS.body);
    }
    messages.forEach((m, i) => expect(m.body.split('\n')[0]?.endsWith(`(${i + 1}/${messages.length})`)).toBe(true));
    const text = messages.map((m) => m.body.split('\n').slice(1).join('\n')).join('\n');
    // The generated notes' words (h0, p1, ...); the facts' "v2.0.0" is not one of them.
    const words = (s: string) => (s.match(/\b[a-z]\d+\b/g) ?? []).filter((w) => !w.startsWith('v'));
    expect(words(text)).toEqual(words(notes));
  });

  it('cuts to max-messages with a summary whose last line links the full notes', () => {
    const notes = longNotes(30_000);
    const a = announce({ notes: { body: notes, url: 'https://github.com/acme/shop/releases/tag/v2.0.0' } });
    const { messages, cut } = composeJandi(a, { maxMessages: 2 });
    expect(messages).toHaveLength(2);
    expect(cut?.totalChars).toBeGreaterThan(cut?.shownChars ?? Infinity);
    const last = messages.at(-1)?.body.split('\n').at(-1);
    expect(last).toMatch(/^✂️ Cut to fit: [\d,]+ of [\d,]+ characters of the release notes are not shown\. /);
    expect(last).toContain('[full release notes](https://github.com/acme/shop/releases/tag/v2.0.0)');
    for (const m of messages) expect(validateJandi(m)).toEqual([]);
  });

  it('takes the shape inputs and a template, still within the limits and defused', () => {
    const a = announce({ notes: { body: 'Notes @everyone.' } });
    const [m] = buildJandiMessages(a, {
      color: '#123456',
      content: 'Heads up @here',
      footer: 'Deployed by the platform team',
      imageUrl: 'https://img.example/banner.png',
      author: { name: 'Release bot', url: 'https://bots.example' },
    });
    expect(m?.connectColor).toBe('#123456');
    expect(m?.body.split('\n')[0]).toBe('Heads up @\u200bhere');
    expect(m?.body).toContain('[Release bot](https://bots.example)');
    expect(m?.body).toContain('Deployed by the platform team');
    expect(m?.body).toContain('Notes @\u200beveryone.');
    expect(m?.connectInfo[0]).toEqual({ imageUrl: 'https://img.example/banner.png' });
    const [t, ...rest] = buildJandiMessages(a, {
      template: {
        body: `@everyone ${'x'.repeat(9000)}`,
        connectColor: 'red',
        connectInfo: [{ title: 'T', description: 'D', imageUrl: 'javascript:alert(1)', extra: 1 }],
      },
    });
    expect(t?.body.startsWith('@\u200beveryone')).toBe(true);
    expect(t?.connectColor).toBe('#2DA44E');
    expect(t?.connectInfo).toEqual([{ title: 'T', description: 'D' }]);
    expect(validateJandi(t)).toEqual([]);
    expect(rest.map((r) => r.body)).toEqual([expect.stringContaining('Notes @\u200beveryone.')]);
  });

  it('reads JANDI error bodies', () => {
    expect(describeJandiError(400, '{"code": 40000, "msg": "Invalid Accept header"}')).toBe(
      'code 40000: Invalid Accept header',
    );
  });
});

describe('volume control', () => {
  /** Notes of top-level units that must not be cut: list items with sub-items, code blocks, table rows. */
  function units(n: number): string {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      parts.push(`- item u${i}a ${'word '.repeat(60)}\n  - sub u${i}b ${'word '.repeat(40)}`);
      parts.push(`\`\`\`sh\n${Array.from({ length: 30 }, (_, k) => `echo u${i}c${k}`).join('\n')}\n\`\`\``);
      parts.push(`| name | link |\n|--|--|\n| u${i}d | [get](https://dl.example/u${i}) |`);
    }
    return parts.join('\n\n');
  }

  it('without a cap, or when the notes fit, nothing is cut', () => {
    const a = announce({ notes: { body: units(40) } });
    const all = composeDiscord(a, { mentions: NO_MENTIONS, maxMessages: 0 });
    expect(all.cut).toBeUndefined();
    expect(all.messages.length).toBeGreaterThan(3);
    const fits = composeDiscord(a, { mentions: NO_MENTIONS, maxMessages: all.messages.length });
    expect(fits.cut).toBeUndefined();
    expect(fits.messages).toEqual(all.messages);
  });

  it('cuts to max-messages at a unit boundary, with a last line that counts and links', () => {
    const a = announce({ notes: { body: units(40), url: 'https://github.com/acme/shop/releases/tag/v2.0.0' } });
    for (const max of [1, 2, 3]) {
      const { messages, cut } = composeDiscord(a, { mentions: NO_MENTIONS, maxMessages: max });
      expect(messages.length).toBeLessThanOrEqual(max);
      for (const m of messages) expect(validateDiscord(m)).toEqual([]);
      const notes = messages
        .flatMap((m) => m.embeds ?? [])
        .filter((e) => !e.title)
        .map((e) => e.description ?? '')
        .join('\n');
      const lines = notes.split('\n');
      expect(lines.at(-1)).toBe(
        `✂️ *Cut to fit: ${(cut!.totalChars - cut!.shownChars).toLocaleString('en-US')} of ${cut!.totalChars.toLocaleString('en-US')} characters of the release notes are not shown.* Read the [full release notes](https://github.com/acme/shop/releases/tag/v2.0.0).`,
      );
      // The last unit before the cut line is whole: an item with its sub-item, a closed fence, or a row.
      const before = lines.slice(0, -2).join('\n');
      expect((before.match(/^```/gm) ?? []).length % 2).toBe(0);
      const lastItem = /- item u(\d+)a/g;
      const items = [...before.matchAll(lastItem)].map((m) => m[1]);
      for (const i of items) expect(before).toContain(`sub u${i}b`);
      const codes = [...before.matchAll(/echo u(\d+)c0$/gm)].map((m) => m[1]);
      for (const i of codes) expect(before).toContain(`echo u${i}c29`);
    }
  });

  it('links the compare view when there is no release page, else the run', () => {
    const compare = 'https://github.com/acme/shop/compare/v1.9.0...v2.0.0';
    const withCompare = announce({ notes: { body: `Notes.\n\n**Full Changelog**: ${compare}` } });
    expect(withCompare.fullNotesUrl).toBe(compare);
    expect(compareUrl(`see ${compare}`, 'https://github.com/other/repo')).toBeUndefined();
    expect(announce({ notes: { body: 'Notes.' } }).fullNotesUrl).toBe(GITHUB.runUrl);
  });
});

describe('relative links', () => {
  it('point into the repository at the ref, from the base folder, never above the root', () => {
    const repo = 'https://github.com/acme/shop';
    expect(repositoryFileUrl(repo, 'v2.0.0', 'docs/changelogs', '../config.md#import', 'link')).toBe(
      'https://github.com/acme/shop/blob/v2.0.0/docs/config.md#import',
    );
    expect(repositoryFileUrl(repo, 'v2.0.0', '', '../../docs/x.png', 'image')).toBe(
      'https://github.com/acme/shop/raw/v2.0.0/docs/x.png',
    );
    expect(repositoryFileUrl(repo, 'release/2.0', 'a', '/b/c.md?plain=1', 'link')).toBe(
      'https://github.com/acme/shop/blob/release/2.0/b/c.md?plain=1',
    );
  });
});
