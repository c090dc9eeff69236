/**
 * notify on real release notes (test/fixtures/notify: .NET 8.0.0, Kubo v0.21 and v0.29, the axios
 * CHANGELOG; each fixture's first line says where it was fetched from), delivered to the test
 * receiver, which enforces Discord's documented limits and JANDI's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { execute } from '../../src/commands/notify.js';
import { notify } from '../../src/definitions/notify.js';
import { isIcon } from '../../src/notify/html.js';
import { repositoryFileUrl } from '../../src/notify/markdown.js';
import type { RunContext } from '../../src/runtime/context.js';
import { InputReader } from '../../src/runtime/inputs.js';
import { testHost } from '../helpers/host.js';
import { fakeClock, validateDiscord, validateJandi, WebhookReceiver } from '../helpers/webhook-receiver.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'notify');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const DOTNET = fixture('dotnet-core-8.0.0.md');
const KUBO_21 = fixture('kubo-v0.21.md');
const KUBO_29 = fixture('kubo-v0.29.md');
const AXIOS = fixture('axios-changelog.md');
/** About 163,000 characters: the four together, as one (very) long release note. */
const HUGE = [DOTNET, KUBO_21, KUBO_29, AXIOS].join('\n\n');

const RELEASE_URL = 'https://github.com/acme/platform/releases/tag/v9.0.0';

function context(repo: string, tag: string, releaseUrl?: string): RunContext {
  return {
    provider: 'github',
    repository: repo,
    repositoryUrl: `https://github.com/${repo}`,
    ref: `refs/tags/${tag}`,
    tag,
    sha: '0123456789abcdef0123456789abcdef01234567',
    actor: 'octo-dev',
    runUrl: `https://github.com/${repo}/actions/runs/42`,
    ...(releaseUrl ? { release: { tag, name: '', body: '', url: releaseUrl } } : {}),
  };
}

/** One fake clock for the receiver's rate limiter and the sender's waits: no real waiting, no 429s lost. */
const clock = fakeClock();

async function run(args: Record<string, string>, ctx: RunContext) {
  const host = testHost(ctx, { sleep: clock.sleep });
  const summaries: string[] = [];
  host.summary = async (md: string) => {
    summaries.push(md);
  };
  const inputs = notify.parse(new InputReader(notify.inputs, new Map(Object.entries(args))), ctx);
  const outputs = await execute(inputs, { host, fetch: globalThis.fetch, now: clock.now });
  // Every message was delivered: no webhook gave up (on a 429 or anything else).
  expect(host.text()).not.toContain('notification incomplete');
  return { outputs, host, summaries };
}

/** Everything a Discord webhook received as text, message by message, embed by embed. */
function discordText(r: WebhookReceiver, url: string): string {
  return r
    .deliveredTo(url)
    .flatMap((d) => [d.body.content ?? '', ...(d.body.embeds ?? []).map((e) => e.description ?? '')])
    .join('\n');
}

function parse(md: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(md);
}

function walk(node: Nodes, visit: (n: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const c of node.children) walk(c, visit);
}

/** Every link target in every table of the notes, as it should arrive (relative ones resolved). */
function tableLinks(md: string, repo: string, tag: string): string[] {
  const tree = parse(md);
  const defs = new Map<string, string>();
  walk(tree, (n) => {
    if (n.type === 'definition') defs.set(n.identifier.toLowerCase(), n.url);
  });
  const urls: string[] = [];
  walk(tree, (n) => {
    if (n.type !== 'table') return;
    walk(n, (c) => {
      const url =
        c.type === 'link' ? c.url : c.type === 'linkReference' ? defs.get(c.identifier.toLowerCase()) : undefined;
      if (!url || url.startsWith('#')) return;
      urls.push(/^https?:/.test(url) ? url : repositoryFileUrl(`https://github.com/${repo}`, tag, '', url, 'link'));
    });
  });
  return urls;
}

/**
 * The words of the notes' text (HTML and link targets aside), in order. A table's header row is left
 * out: it arrives as the label of each cell of every row, not once before them.
 */
function sourceWords(md: string): string[] {
  const parts: string[] = [];
  const visit = (n: Nodes): void => {
    if (n.type === 'text' || n.type === 'inlineCode' || n.type === 'code') parts.push(n.value);
    else if (n.type === 'image' && !isIcon(n.url, n.alt ?? '')) parts.push(n.alt ?? '');
    if (n.type === 'table') n.children.slice(1).forEach(visit);
    else if ('children' in n) n.children.forEach(visit);
  };
  visit(parse(md));
  return parts.join(' ').match(/[A-Za-z0-9]+/g) ?? [];
}

function deliveredWords(text: string): string[] {
  return (
    text
      .replace(/\u200b/g, '')
      .replace(/\]\((?:[^()\s]|\([^)\s]*\))*\)/g, ']')
      .match(/[A-Za-z0-9]+/g) ?? []
  );
}

/** 'all there' when every word of `want` is in `got` in order, else the words around the first one missing. */
function missing(want: string[], got: string[]): string {
  let j = 0;
  for (let i = 0; i < want.length; i++) {
    while (j < got.length && got[j] !== want[i]) j++;
    if (j === got.length) return `missing word ${i}: ...${want.slice(Math.max(0, i - 8), i).join(' ')} >>${want[i]}<<`;
    j++;
  }
  return 'all there';
}

function assertAccepted(r: WebhookReceiver): void {
  expect(r.rejected.map((q) => q.answer)).toEqual([]);
  for (const d of r.discord) expect(validateDiscord(d.body)).toEqual([]);
  for (const j of r.jandi) expect(validateJandi(j.body)).toEqual([]);
}

describe('real release notes', () => {
  let r: WebhookReceiver;
  beforeAll(async () => {
    r = await WebhookReceiver.start({ now: clock.now });
  });
  afterAll(() => r.close());

  it('.NET 8.0.0: every link of every table arrives, on Discord and JANDI, as one line per row', async () => {
    const discord = r.discordWebhook();
    const jandi = r.jandiWebhook();
    const before = r.jandi.length;
    await run(
      { 'discord-webhook-url': discord, 'jandi-webhook-url': jandi, 'release-notes': DOTNET, 'max-messages': '0' },
      context('dotnet/core', 'v8.0.0'),
    );
    assertAccepted(r);
    const links = tableLinks(DOTNET, 'dotnet/core', 'v8.0.0');
    expect(links.length).toBeGreaterThanOrEqual(50);
    const d = discordText(r, discord);
    const j = r.jandi
      .slice(before)
      .map((x) => x.body.body)
      .join('\n');
    for (const url of links) {
      expect(d).toContain(`](${url})`);
      expect(j).toContain(`](${url})`);
    }
    // A row reads as a line: the platform first, each column named.
    expect(d).toMatch(
      /^\*\*Windows\*\* · SDK Installer1?: \[x86\]\(https:\/\/download\.visualstudio\.microsoft\.com\//m,
    );
    // The download table is no code grid any more.
    expect(d).not.toMatch(/^```\n\s*\| SDK Installer/m);
  });

  it('Kubo v0.21: relative links resolved against the repository at the tag, <details> kept in full', async () => {
    const discord = r.discordWebhook();
    await run(
      { 'discord-webhook-url': discord, 'release-notes': KUBO_21, 'max-messages': '0' },
      context('ipfs/kubo', 'v0.21.0'),
    );
    assertAccepted(r);
    const d = discordText(r, discord);
    expect(d).toContain('[`kubo/client/rpc`](https://github.com/ipfs/kubo/blob/v0.21.0/client/rpc)');
    // No relative target is left for Discord to leave dead.
    expect(d).not.toMatch(/\]\((?!https?:)/);
    // The <details> Full Changelog is there, its summary a bold line.
    expect(d).toContain('**Full Changelog**');
    expect(d).toContain('chore: update version');
  });

  it('axios: no avatar noise, and the contributor stats in link titles are kept', async () => {
    const discord = r.discordWebhook();
    await run(
      { 'discord-webhook-url': discord, 'release-notes': AXIOS, 'max-messages': '0' },
      context('axios/axios', 'v1.7.9'),
    );
    assertAccepted(r);
    const d = discordText(r, discord);
    expect(AXIOS.match(/alt="avatar"/g)?.length).toBeGreaterThan(90);
    expect(d).not.toMatch(/avatar|avatars\.githubusercontent|🖼/);
    expect(d).toContain('- [Jay](https://github.com/jasonsaayman) (+596/-108 (#6729 ))');
    expect(d).toContain('- [Remco Haszing](https://github.com/remcohaszing) (+108/-596 (#6218 ))');
  });

  it('with max-messages 3, 163k characters arrive as at most 3 messages per webhook, the last line linking the full notes', async () => {
    expect(HUGE.length).toBeGreaterThan(150_000);
    const d1 = r.discordWebhook();
    const d2 = r.discordWebhook();
    const jandi = r.jandiWebhook();
    const before = r.jandi.length;
    const { outputs, host, summaries } = await run(
      {
        'discord-webhook-url': `${d1}\n${d2}`,
        'jandi-webhook-url': jandi,
        'release-notes': HUGE,
        'max-messages': '3',
      },
      context('acme/platform', 'v9.0.0', RELEASE_URL),
    );
    assertAccepted(r);
    for (const url of [d1, d2]) {
      const got = r.deliveredTo(url);
      expect(got.length).toBeLessThanOrEqual(3);
      const last = got.at(-1)?.body.embeds?.at(-1)?.description?.split('\n').at(-1);
      expect(last).toMatch(/^✂️ \*Cut to fit: [\d,]+ of [\d,]+ characters of the release notes are not shown\.\*/);
      expect(last).toContain(`[full release notes](${RELEASE_URL})`);
    }
    const jandiGot = r.jandi.slice(before);
    expect(jandiGot.length).toBeLessThanOrEqual(3);
    const jandiLast = jandiGot.at(-1)?.body.body.split('\n').at(-1);
    expect(jandiLast).toMatch(/^✂️ Cut to fit: [\d,]+ of [\d,]+ characters/);
    expect(jandiLast).toContain(`[full release notes](${RELEASE_URL})`);
    expect(outputs['discord-messages']).toBe(r.deliveredTo(d1).length + r.deliveredTo(d2).length);
    // Never silent: the log and the job summary say what was cut.
    expect(host.text()).toMatch(/Discord: the release notes need more than max-messages \(3\)/);
    expect(host.text()).toMatch(/JANDI: the release notes need more than max-messages \(3\)/);
    expect(summaries.join('\n')).toMatch(/✂️ Discord: .* characters; the last message links the full notes/);
    // The summary ends at a block boundary: every code fence it opened is closed.
    for (const d of r.deliveredTo(d1)) {
      for (const e of d.body.embeds ?? []) expect(((e.description ?? '').match(/^```/gm) ?? []).length % 2).toBe(0);
    }
  });

  it('with no cap, nothing of the 163k characters is lost (Discord and JANDI)', async () => {
    const discord = r.discordWebhook();
    const jandi = r.jandiWebhook();
    const before = r.jandi.length;
    await run(
      { 'discord-webhook-url': discord, 'jandi-webhook-url': jandi, 'release-notes': HUGE, 'max-messages': '0' },
      context('acme/platform', 'v9.0.0', RELEASE_URL),
    );
    assertAccepted(r);
    const want = sourceWords(HUGE);
    expect(want.length).toBeGreaterThan(14_000);
    const got = r.deliveredTo(discord);
    expect(got.length).toBeGreaterThan(3);
    expect(missing(want, deliveredWords(discordText(r, discord)))).toBe('all there');
    const j = r.jandi
      .slice(before)
      .map((x) => x.body.body)
      .join('\n');
    expect(missing(want, deliveredWords(j))).toBe('all there');
  }, 60_000);

  it('a JANDI team incoming webhook gets every message once per member, with their email', async () => {
    const team = r.jandiWebhook({ team: true });
    const before = r.jandi.length;
    const { outputs } = await run(
      {
        'jandi-webhook-url': team,
        'jandi-email': 'dev@acme.example, ops@acme.example',
        'release-notes': KUBO_29,
      },
      context('ipfs/kubo', 'v0.29.0'),
    );
    assertAccepted(r);
    const got = r.jandi.slice(before);
    expect(got.length).toBe(outputs['jandi-messages']);
    const per = got.length / 2;
    expect(got.map((g) => g.body.email)).toEqual([
      ...Array(per).fill('dev@acme.example'),
      ...Array(per).fill('ops@acme.example'),
    ]);
    // The default cap holds per member.
    expect(per).toBeLessThanOrEqual(5);
  });
});
