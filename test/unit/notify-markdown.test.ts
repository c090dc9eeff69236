import { describe, expect, it } from '@jest/globals';
import { closesDetails, inlineTag, isIcon, opensDetails } from '../../src/notify/html.js';
import { convertNotes, joinBlocks, type Flavor } from '../../src/notify/markdown.js';
import { allowedMentions, mentionContent, neutralizeMentions, parseSnowflake } from '../../src/notify/mentions.js';

const LINKS = { serverUrl: 'https://github.com', repositoryUrl: 'https://github.com/acme/shop' };
const conv = (md: string, flavor: Flavor = 'discord'): string => joinBlocks(convertNotes(md, flavor, LINKS));

describe('GitHub markdown -> Discord markdown', () => {
  it('keeps H1-H3 and turns H4-H6 into bold lines (no nested **)', () => {
    expect(conv('# One\n\n### Three\n\n#### Four **bold**\n\n###### Six')).toBe(
      '# One\n\n### Three\n\n**Four bold**\n\n**Six**',
    );
  });

  it('turns a narrow table without links into an aligned grid in a code block', () => {
    const out = conv('| Name | Size |\n|:-----|-----:|\n| app.js | 12 kB |\n| logo | 3 |');
    expect(out).toBe(['```', 'Name   |  Size', '-------+------', 'app.js | 12 kB', 'logo   |     3', '```'].join('\n'));
  });

  it('turns a table with links (or a wide one) into one line per row that keeps every link', () => {
    const md = [
      '|  | Installer | Binaries |',
      '|--|--|--|',
      '| **Windows** | [x64][w64] \\| [Arm64](https://dl.example/win-arm64.exe) | [zip](https://dl.example/w.zip) |',
      '| macOS | [pkg](https://dl.example/m.pkg) | - |',
      '',
      '[w64]: https://dl.example/win-x64.exe',
    ].join('\n');
    expect(conv(md)).toBe(
      [
        '**Windows** · Installer: [x64](https://dl.example/win-x64.exe) | [Arm64](https://dl.example/win-arm64.exe) · Binaries: [zip](https://dl.example/w.zip)',
        '**macOS** · Installer: [pkg](https://dl.example/m.pkg) · Binaries: -',
      ].join('\n'),
    );
    expect(conv(md, 'plain')).toBe(
      [
        'Windows · Installer: [x64](https://dl.example/win-x64.exe) | [Arm64](https://dl.example/win-arm64.exe) · Binaries: [zip](https://dl.example/w.zip)',
        'macOS · Installer: [pkg](https://dl.example/m.pkg) · Binaries: -',
      ].join('\n'),
    );
    const wide = conv(`| Key | Value |\n|--|--|\n| a | ${'long words '.repeat(8).trim()} |`);
    expect(wide).toBe(`**a** · Value: ${'long words '.repeat(8).trim()}`);
  });

  it('keeps link titles, drops avatars and badges, resolves relative links at the tag', () => {
    const links = { ...LINKS, ref: 'v2.0.0', baseDir: 'docs/changelogs' };
    const md = [
      '- <img src="https://avatars.githubusercontent.com/u/1?v&#x3D;4&amp;s&#x3D;18" alt="avatar" width="18"/> [Jay](https://github.com/jay "+596/-108 (#6729 )")',
      '',
      '[![CI](https://github.com/acme/shop/actions/workflows/ci.yml/badge.svg)](https://github.com/acme/shop/actions) Built.',
      '',
      'See [the config](../config.md#import), [rpc](../../client/rpc), [top](/README.md) and ![shot](../../docs/x.png).',
      '',
      '<p align="center"><img src="./img/arch.png" alt="Architecture" width="600"></p>',
    ].join('\n');
    expect(joinBlocks(convertNotes(md, 'discord', links))).toBe(
      [
        '- [Jay](https://github.com/jay) (+596/-108 (#6729 ))',
        '',
        'Built.',
        '',
        'See [the config](https://github.com/acme/shop/blob/v2.0.0/docs/config.md#import), ' +
          '[rpc](https://github.com/acme/shop/blob/v2.0.0/client/rpc), [top](https://github.com/acme/shop/blob/v2.0.0/README.md) ' +
          'and [🖼 shot](https://github.com/acme/shop/raw/v2.0.0/docs/x.png).',
        '',
        '[🖼 Architecture](https://github.com/acme/shop/raw/v2.0.0/docs/changelogs/img/arch.png)',
      ].join('\n'),
    );
    // Without a ref the relative links stay text rather than point somewhere wrong.
    expect(conv('[rpc](../../client/rpc)')).toBe('rpc');
  });

  it('reads HTML tables, <code>, <br> and character references through the parser', () => {
    const md = [
      '<table><tr><th>OS</th><th>Get</th></tr>',
      '<tr><td>Win &amp; Server</td><td><a href="https://dl.example/w?a=1&amp;b=2">Install&nbsp;now</a></td></tr></table>',
      '',
      'Run <code>npm ci</code><br>then &lt;build&gt; &#x2014; done',
    ].join('\n');
    expect(conv(md)).toBe(
      '**Win & Server** · Get: [Install\u00a0now](https://dl.example/w?a=1&b=2)\n\nRun `npm ci`\nthen <build> — done',
    );
  });

  it('shows a collapsed <details> as its summary and a link when the notes are cut', () => {
    const md = [
      'Intro.',
      '',
      '<details><summary>Full Changelog</summary>',
      '',
      '- one',
      '- two',
      '',
      '</details>',
      '',
      '<details><summary>Inline <b>one</b></summary>hidden text</details>',
      '',
      'After.',
    ].join('\n');
    const full = 'https://github.com/acme/shop/releases/tag/v2.0.0';
    const out = joinBlocks(convertNotes(md, 'discord', LINKS, { collapseDetailsTo: full }));
    expect(out).toBe(
      `Intro.\n\n**Full Changelog**\n\n[(in the full notes)](${full})\n\n**Inline one**\n\n[(in the full notes)](${full})\n\nAfter.`,
    );
    expect(conv(md)).toBe('Intro.\n\n**Full Changelog**\n\n- one\n- two\n\n**Inline one**\n\nhidden text\n\nAfter.');
  });

  it('marks where a summary may end: top-level blocks, list items and table rows only', () => {
    const blocks = convertNotes(
      'Para.\n\n- a\n  - a.1\n- b\n\n> q1\n>\n> q2\n\n| k | v |\n|--|--|\n| [x](https://x.example) | 1 |\n| y | 2 |',
      'discord',
      LINKS,
    );
    expect(blocks.map((b) => [b.text, !!b.start])).toEqual([
      ['Para.', true],
      ['- a', true],
      ['  - a.1', false],
      ['- b', true],
      ['> q1', true],
      ['> q2', false],
      ['**[x](https://x.example)** · v: 1', true],
      ['**y** · v: 2', true],
    ]);
  });

  it('turns images into links (also <img> tags and images in links)', () => {
    expect(conv('![Screenshot](https://img.example/s.png)')).toBe('[🖼 Screenshot](https://img.example/s.png)');
    expect(conv('<img src="https://img.example/a.png" alt="Arch">')).toBe('[🖼 Arch](https://img.example/a.png)');
    expect(conv('[![build](https://badge/b.svg)](https://ci/run)')).toBe('[🖼 build](https://ci/run)');
  });

  it('indents nested lists under their item and keeps ordered numbers', () => {
    const md = '- one\n  - one.a\n    1. deep\n    2. deeper\n- two\n\n3. three\n4. four';
    expect(conv(md)).toBe('- one\n  - one.a\n    1. deep\n    2. deeper\n- two\n\n3. three\n4. four');
  });

  it('shows task lists with check marks', () => {
    expect(conv('- [x] shipped\n- [ ] pending')).toBe('- ✅ shipped\n- ⬜ pending');
    expect(conv('- [x] shipped', 'plain')).toBe('• ✅ shipped');
  });

  it('drops HTML comments and tags, keeps <details> summary and body', () => {
    const md = [
      '<!-- Generated by release-drafter -->',
      'Intro <kbd>Ctrl</kbd>+<kbd>C</kbd>.',
      '',
      '<details>',
      '<summary>All <b>47</b> changes</summary>',
      '',
      '- change one',
      '- change two',
      '',
      '</details>',
      '',
      '<p align="center">Made with <a href="https://acme.example">care</a></p>',
    ].join('\n');
    expect(conv(md)).toBe(
      'Intro `Ctrl`+`C`.\n\n**All 47 changes**\n\n- change one\n- change two\n\nMade with [care](https://acme.example)',
    );
  });

  it('links @user, #123, owner/repo#9 and commit SHAs, but never inside code', () => {
    const out = conv('Fix by @octo-cat in #123, see other/lib#9 and 1a2b3c4d. Code: `#5 @x 1a2b3c4d`');
    expect(out).toBe(
      'Fix by [@octo-cat](https://github.com/octo-cat) in [#123](https://github.com/acme/shop/issues/123), ' +
        'see [other/lib#9](https://github.com/other/lib/issues/9) and ' +
        '[1a2b3c4d](https://github.com/acme/shop/commit/1a2b3c4d). Code: `#5 @x 1a2b3c4d`',
    );
    expect(conv('```\nfix #12 by @someone at deadbee1\n```')).toBe('```\nfix #12 by @someone at deadbee1\n```');
  });

  it('does not link e-mail addresses, npm scopes, plain numbers or words that look like hex', () => {
    expect(conv('mail ops@acme.io, bump @types/node, build 1234567, the defaced facade')).toBe(
      'mail ops@acme.io, bump @types/node, build 1234567, the defaced facade',
    );
  });

  it('shows bot accounts and GitHub URLs the way GitHub does', () => {
    expect(conv('by @dependabot[bot] in https://github.com/acme/shop/pull/77')).toBe(
      'by [@dependabot[bot]](https://github.com/apps/dependabot) in [#77](https://github.com/acme/shop/pull/77)',
    );
    expect(conv('**Full Changelog**: https://github.com/acme/shop/compare/v1.0.0...v1.1.0')).toBe(
      '**Full Changelog**: [v1.0.0...v1.1.0](https://github.com/acme/shop/compare/v1.0.0...v1.1.0)',
    );
  });

  it('defuses @everyone and @here everywhere, code included', () => {
    const out = conv('Hey @everyone and @here!\n\n`@everyone`\n\n```\n@here\n```\n\n| @everyone |\n|---|\n| x |');
    expect(out).not.toMatch(/@everyone|@here/);
    expect(out.match(/@\u200b(everyone|here)/g)).toHaveLength(5);
    expect(neutralizeMentions(neutralizeMentions('@everyone'))).toBe('@\u200beveryone');
  });

  it('defuses @everyone and @here in every label: image alt text, badges, footnotes, references', () => {
    const md = [
      '![@everyone ping](https://img.example/p.png)',
      '',
      '[![@here build](https://badge.example/b.svg)](https://ci.example/run)',
      '',
      '<img src="https://img.example/a.png" alt="@everyone arch">',
      '',
      'See[^@here] and https://github.com/acme/shop/compare/@everyone...v2',
      '',
      '[^@here]: the note',
      '',
      '![@here ref][shot]',
      '',
      '| ![@everyone cell](https://img.example/c.png) |',
      '|---|',
      '| ![@here](https://img.example/d.png) |',
      '',
      '[shot]: https://img.example/r.png',
    ].join('\n');
    for (const flavor of ['discord', 'plain'] as const) {
      const out = conv(md, flavor);
      // Link targets are URLs, not text; everything else must be defused.
      const shown = out.replace(/\]\((?:[^()\s]|\([^)\s]*\))*\)/g, ']');
      expect(shown).not.toMatch(/@(everyone|here)/i);
      expect(out).toContain('[🖼 @\u200beveryone ping](https://img.example/p.png)');
      expect(out).toContain('[🖼 @\u200bhere build](https://ci.example/run)');
      expect(out).toContain('[🖼 @\u200beveryone arch](https://img.example/a.png)');
      expect(out).toContain('[^@\u200bhere]');
    }
  });

  it('defuses @everyone and @here in HTML inside HTML attributes (shown as text)', () => {
    // <img alt="..."> without src keeps its (decoded) alt text, which is text, never parsed again.
    const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    let md =
      '<p>@everyone look at snake_case: ![@here pic](https://img.example/x.png) [@everyone](https://x.example)</p>';
    for (let i = 0; i < 3; i++) md = `<img alt="${attr(md)}">`;
    const discord = conv(md);
    expect(discord).toContain('@\u200beveryone look at snake\\_case: ');
    expect(discord).toContain('@\u200bhere pic');
    expect(discord).not.toMatch(/@(everyone|here)/);
    const plain = conv(md, 'plain');
    expect(plain).not.toMatch(/@(everyone|here)/);
    // JANDI shows no Discord escapes.
    expect(plain).toContain('@\u200beveryone look at snake_case: ');
  });

  it('keeps Discord mention syntax as text: no GitHub link, no mention pill', () => {
    for (const flavor of ['discord', 'plain'] as const) {
      const out = conv('Ping <@123456789012345678>, <@!123456789012345678>, <@&123> and <#456>; thanks @octo', flavor);
      expect(out).toBe(
        'Ping <\u200b@123456789012345678>, <\u200b@!123456789012345678>, <\u200b@&123> and <\u200b#456>; ' +
          'thanks [@octo](https://github.com/octo)',
      );
    }
    expect(neutralizeMentions(neutralizeMentions('<@1> <#2>'))).toBe('<\u200b@1> <\u200b#2>');
    // Generics with annotations in code stay as written.
    expect(conv('`Map<@NonNull K, V>`')).toBe('`Map<@NonNull K, V>`');
  });

  it('escapes markup that the notes meant literally', () => {
    expect(conv('2 \\* 3 = 6 and snake_case and a\\_b\\_c')).toBe('2 \\* 3 = 6 and snake\\_case and a\\_b\\_c');
    expect(conv('\\# not a heading')).toBe('\\# not a heading');
    expect(conv('1\\. not a list')).toBe('1\\. not a list');
  });

  it('defuses a ``` inside code so the fence holds', () => {
    const out = conv('````md\n```js\nx\n```\n````');
    expect(out).toBe('```md\n`\u200b``js\nx\n`\u200b``\n```');
  });

  it('quotes every line of a block quote', () => {
    expect(conv('> one\n> two\n>\n> three')).toBe('> one\n> two\n\n> three');
  });

  it('resolves reference links and keeps unknown references as text', () => {
    expect(conv('See [the docs][d] and [nothing].\n\n[d]: https://docs.example')).toBe(
      'See [the docs](https://docs.example) and [nothing].',
    );
  });

  it('plain flavour (JANDI): no markup, [text](url) links kept', () => {
    const md =
      '## Fixes\n\n* **Bold** fix for `api` by @octo in #4\n\n```sh\nnpm ci\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |';
    expect(conv(md, 'plain')).toBe(
      'Fixes\n\n• Bold fix for api by [@octo](https://github.com/octo) in [#4](https://github.com/acme/shop/issues/4)\n\nnpm ci\n\na | b\n1 | 2',
    );
  });
});

describe('HTML through the parser', () => {
  it('says what one inline tag is, attributes decoded by the parser', () => {
    expect(inlineTag('<a href="x>y" title=\'t &amp; u\'>')).toEqual({
      kind: 'open',
      name: 'a',
      attrs: { href: 'x>y', title: 't & u' },
    });
    expect(inlineTag('</A >')).toEqual({ kind: 'close', name: 'a' });
    expect(inlineTag('<br/>')).toMatchObject({ kind: 'void', name: 'br' });
    expect(inlineTag('<!-- c -->')).toBeUndefined();
  });

  it('knows a <details> left open for markdown from one closed in place', () => {
    expect(opensDetails('<details>\n<summary>Log</summary>')).toBe(true);
    expect(opensDetails('<details><summary>Log</summary>text</details>')).toBe(false);
    expect(opensDetails('<p>no</p>')).toBe(false);
    expect(closesDetails('</details>\n')).toBe(true);
    expect(closesDetails('</div>')).toBe(false);
  });

  it('tells icons (avatars, badges, tiny images) from images that matter', () => {
    expect(isIcon('https://avatars.githubusercontent.com/u/1?v=4', 'octo')).toBe(true);
    expect(isIcon('https://img.shields.io/npm/v/x.svg', 'npm')).toBe(true);
    expect(isIcon('https://github.com/a/b/actions/workflows/ci.yml/badge.svg', 'CI')).toBe(true);
    expect(isIcon('https://img.example/logo.png', 'logo', '24')).toBe(true);
    expect(isIcon('https://img.example/shot.png', 'Screenshot', '800')).toBe(false);
    expect(isIcon('../docs/shot.png', 'Screenshot')).toBe(false);
  });
});

describe('mentions', () => {
  it('accepts ids and mention forms, refuses anything else', () => {
    expect(parseSnowflake('123456789012345678')).toBe('123456789012345678');
    expect(parseSnowflake('<@&123456789012345678>')).toBe('123456789012345678');
    expect(parseSnowflake('<@!123456789012345678>')).toBe('123456789012345678');
    expect(parseSnowflake('<@123456789012345678')).toBeUndefined();
    expect(parseSnowflake('@everyone')).toBeUndefined();
    expect(parseSnowflake('12')).toBeUndefined();
  });

  it('parses nothing and lists only the given ids', () => {
    expect(allowedMentions({ roles: [], users: [] })).toEqual({ parse: [] });
    expect(allowedMentions({ roles: ['111111111111111111'], users: ['222222222222222222'] })).toEqual({
      parse: [],
      roles: ['111111111111111111'],
      users: ['222222222222222222'],
    });
    expect(mentionContent({ roles: ['111111111111111111'], users: ['222222222222222222'] })).toBe(
      '<@&111111111111111111> <@222222222222222222>',
    );
  });
});
