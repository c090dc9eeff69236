/**
 * GitHub-flavoured release notes -> what Discord (or JANDI, as plain lines) can show.
 *
 * The notes are parsed into a markdown syntax tree (remark + GFM) and written out again node by
 * node, so that code stays code and a `#123` inside a code span is never turned into a link. The
 * output is a list of blocks (paragraphs, list items, code blocks...), the units split.ts may put
 * into different embeds or messages without breaking the formatting.
 */
import type {
  AlignType,
  Code,
  Heading,
  Html,
  List,
  ListItem,
  Nodes,
  Parents,
  PhrasingContent,
  Root,
  RootContent,
  Table,
} from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { htmlToMarkdown, tokenizeHtml, type HtmlTag } from './html.js';
import { neutralizeMentions } from './mentions.js';

/** Discord renders markdown; 'plain' is for JANDI: text lines where only [text](url) links survive. */
export type Flavor = 'discord' | 'plain';

/** Where GitHub references point. Without a repository URL, #123 and commit SHAs stay text. */
export interface LinkContext {
  /** e.g. https://github.com, for @user links. */
  serverUrl?: string;
  /** e.g. https://github.com/owner/repo, for #123 and commit links. */
  repositoryUrl?: string;
}

/** A fenced code block, kept as its lines so that a split can close and reopen the fence. */
export interface CodeBody {
  /** The opening fence line, e.g. ```ts */
  open: string;
  lines: string[];
}

/** One unit of converted notes. Blocks are joined with a newline, or a blank line when `gap`. */
export interface Block {
  text: string;
  /** A blank line before this block when another block precedes it in the same chunk. */
  gap: boolean;
  /** Set for fenced code blocks (Discord); `text` is then the fenced text. */
  code?: CodeBody;
  /** Repeated at the start of every line (quotes, list continuations); re-added to a continuation. */
  linePrefix?: string;
  /** [start, end) ranges that should not be cut: links, inline code, emphasis. */
  atoms: Array<[number, number]>;
}

export const FENCE = '```';
/** The line a thematic break (---) becomes: neither Discord nor JANDI draws rules. */
export const RULE = '────────';
/** Marks for GFM task list items. */
export const TASK_DONE = '✅';
export const TASK_OPEN = '⬜';

/** How deep HTML that contains markdown is parsed again (each level removes every tag). */
const MAX_HTML_DEPTH = 3;

interface Segment {
  text: string;
  /** Not to be cut inside. */
  atom: boolean;
}

interface InlineState {
  /** Inside a link: no autolinks (links do not nest). */
  inLink: boolean;
  /** Inside a bold line (H4-H6): strong adds no second pair of **. */
  inBold: boolean;
  /** Plain text wanted (table cells): no markup, no links. */
  bare: boolean;
}

interface BlockState {
  /** Prefix of every line but the first (quote markers, list indentation). */
  prefix: string;
  /** Prefix of the first line; differs from `prefix` for the first paragraph of a list item. */
  first: string;
  /** Whether the first block gets a blank line before it. */
  gap: boolean;
  /** Inside a block quote already: Discord has no nested quotes. */
  quoted: boolean;
}

const TOP: BlockState = { prefix: '', first: '', gap: true, quoted: false };

export function parseMarkdown(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

/** Converts release notes for Discord embeds ('discord') or JANDI messages ('plain'). */
export function convertNotes(markdown: string, flavor: Flavor, links: LinkContext = {}): Block[] {
  return new Converter(flavor, links, 0).convert(markdown);
}

/** The blocks joined the way split.ts joins them, for callers that want one string. */
export function joinBlocks(blocks: readonly Block[]): string {
  return blocks.map((b, i) => (i === 0 ? '' : b.gap ? '\n\n' : '\n') + b.text).join('');
}

class Converter {
  private readonly definitions = new Map<string, string>();

  constructor(
    private readonly flavor: Flavor,
    private readonly links: LinkContext,
    private readonly depth: number,
  ) {}

  convert(markdown: string): Block[] {
    const tree = parseMarkdown(markdown.replace(/\r\n?/g, '\n'));
    this.collectDefinitions(tree);
    return this.blocks(tree.children, TOP);
  }

  private collectDefinitions(node: Nodes): void {
    if (node.type === 'definition') this.definitions.set(node.identifier.toLowerCase(), node.url);
    if ('children' in node) for (const child of node.children) this.collectDefinitions(child);
  }

  // ---------------------------------------------------------------- blocks

  private blocks(nodes: readonly RootContent[], state: BlockState): Block[] {
    const out: Block[] = [];
    let st = state;
    for (const node of nodes) {
      const produced = this.block(node, st);
      out.push(...produced);
      // Only the first block of a list item carries its marker; the rest are continuations.
      if (produced.length) st = { ...st, first: st.prefix, gap: true };
    }
    return out;
  }

  private block(node: RootContent, st: BlockState): Block[] {
    switch (node.type) {
      case 'paragraph':
        return this.textBlock(this.inline(node.children), st);
      case 'heading':
        return this.heading(node, st);
      case 'thematicBreak':
        return [this.lines([RULE], st)];
      case 'blockquote': {
        const marker = this.flavor === 'discord' && st.quoted ? '' : '> ';
        return this.blocks(node.children, {
          prefix: st.prefix + marker,
          first: st.first + marker,
          gap: st.gap,
          quoted: true,
        });
      }
      case 'list':
        return this.list(node, st);
      case 'code':
        return [this.code(node, st)];
      case 'html':
        return this.html(node, st);
      case 'table':
        return [this.table(node, st)];
      case 'definition':
        return [];
      case 'footnoteDefinition':
        return this.blocks(node.children, {
          ...st,
          first: `${st.first}[^${neutralizeMentions(node.label ?? node.identifier)}]: `,
        });
      default:
        // Anything else (yaml front matter, future node types): keep its text.
        if ('children' in node) return this.textBlock(this.inline(node.children as PhrasingContent[]), st);
        if ('value' in node && typeof node.value === 'string' && node.value.trim()) {
          return [this.lines(neutralizeMentions(node.value).split('\n'), st)];
        }
        return [];
    }
  }

  /** A block from rendered inline segments: every line gets the state's prefixes. */
  private textBlock(segments: Segment[], st: BlockState): Block[] {
    const atoms: Array<[number, number]> = [];
    let text = st.first;
    for (const seg of segments) {
      if (seg.text === '') continue;
      // Line starts inside the segment get the continuation prefix.
      const piece = st.prefix ? seg.text.split('\n').join(`\n${st.prefix}`) : seg.text;
      if (seg.atom) atoms.push([text.length, text.length + piece.length]);
      text += piece;
    }
    if (text.slice(st.first.length).trim() === '') {
      // An empty list item still shows its marker; anything else empty is dropped.
      return st.first.trim() ? [{ text: st.first.trimEnd(), gap: st.gap, atoms: [] }] : [];
    }
    return [{ text: text.trimEnd(), gap: st.gap, atoms, ...(st.prefix ? { linePrefix: st.prefix } : {}) }];
  }

  private lines(lines: string[], st: BlockState): Block {
    const text = lines.map((l, i) => (i === 0 ? st.first : st.prefix) + l).join('\n');
    return { text, gap: st.gap, atoms: [], ...(st.prefix ? { linePrefix: st.prefix } : {}) };
  }

  private heading(node: Heading, st: BlockState): Block[] {
    if (this.flavor === 'plain') return this.textBlock(this.inline(node.children), st);
    if (node.depth <= 3) {
      // Discord renders #, ## and ### headings; a heading is one line, so soft breaks become spaces.
      const segs = this.inline(node.children).map((s) => ({ ...s, text: s.text.replace(/\n/g, ' ') }));
      return this.textBlock([{ text: `${'#'.repeat(node.depth)} `, atom: false }, ...segs], st);
    }
    const inner = this.inline(node.children, { inLink: false, inBold: true, bare: false });
    const text = inner
      .map((s) => s.text)
      .join('')
      .replace(/\n/g, ' ');
    if (!text.trim()) return [];
    return this.textBlock([{ text: `**${text.trim()}**`, atom: true }], st);
  }

  private list(node: List, st: BlockState): Block[] {
    const out: Block[] = [];
    const start = node.start ?? 1;
    node.children.forEach((item: ListItem, i) => {
      const marker = node.ordered ? `${start + i}.` : this.flavor === 'plain' ? '•' : '-';
      const task = item.checked === true ? `${TASK_DONE} ` : item.checked === false ? `${TASK_OPEN} ` : '';
      // A sub-list is indented under the text of its item, whatever the marker's width.
      const indent = ' '.repeat(marker.length + 1);
      const itemState: BlockState = {
        prefix: st.prefix + indent,
        first: (i === 0 ? st.first : st.prefix) + `${marker} ${task}`,
        gap: i === 0 ? st.gap : false,
        quoted: st.quoted,
      };
      const children = item.children;
      if (children.length === 0 || children[0]?.type !== 'paragraph') {
        // The marker stands alone on its line, the content follows below it.
        out.push({ text: itemState.first.trimEnd(), gap: itemState.gap, atoms: [] });
        out.push(...this.blocks(children, { ...itemState, first: itemState.prefix, gap: false }));
        return;
      }
      const [firstChild, ...rest] = children;
      out.push(...this.block(firstChild, itemState));
      const restState: BlockState = { ...itemState, first: itemState.prefix, gap: false };
      for (const child of rest) out.push(...this.block(child, restState));
    });
    return out;
  }

  private code(node: Code, st: BlockState): Block {
    const lines = neutralizeMentions(node.value).split('\n');
    if (this.flavor === 'plain') return this.lines(lines, st);
    // A ``` inside the code would end Discord's fence early; a zero-width space defuses it.
    const safe = lines.map((l) => l.split(FENCE).join('`\u200b``'));
    const lang = (node.lang ?? '').replace(/[^\w+#.-]/g, '').slice(0, 20);
    const open = FENCE + lang;
    const text = [open, ...safe, FENCE].join('\n');
    // Code blocks are not indented or quoted: Discord renders a fence only at the start of a line.
    return { text, gap: st.gap, atoms: [], code: { open, lines: safe } };
  }

  private html(node: Html, st: BlockState): Block[] {
    const markdown = htmlToMarkdown(node.value);
    if (!markdown.trim()) return [];
    if (this.depth >= MAX_HTML_DEPTH) {
      // Too deep to parse again: shown as text, which may hold image and link labels, so it is
      // defused as a whole (and escaped for Discord only; JANDI shows backslashes as they are).
      const text = neutralizeMentions(markdown.trim());
      return this.textBlock([{ text: this.flavor === 'discord' ? this.escape(text, true) : text, atom: false }], st);
    }
    const inner = new Converter(this.flavor, this.links, this.depth + 1);
    for (const [k, v] of this.definitions) inner.definitions.set(k, v);
    const blocks = inner.convert(markdown);
    return this.reprefix(blocks, st);
  }

  /** Places blocks converted on their own (HTML contents) at this point of the tree. */
  private reprefix(blocks: Block[], st: BlockState): Block[] {
    return blocks.map((b, i) => {
      const gap = i === 0 ? st.gap : b.gap;
      if (b.code || (!st.prefix && !st.first)) return { ...b, gap };
      const first = i === 0 ? st.first : st.prefix;
      const lines = b.text.split('\n');
      const text = lines.map((l, j) => (j === 0 ? first : st.prefix) + l).join('\n');
      const atoms = shiftAtoms(b.text, b.atoms, first.length, st.prefix.length);
      return { ...b, text, gap, atoms, linePrefix: st.prefix + (b.linePrefix ?? '') };
    });
  }

  private table(node: Table, st: BlockState): Block {
    const bare: InlineState = { inLink: false, inBold: false, bare: true };
    const rows = node.children.map((row) =>
      row.children.map((cell) =>
        this.inline(cell.children, bare)
          .map((s) => s.text)
          .join('')
          .replace(/\n/g, ' ')
          .trim(),
      ),
    );
    const columns = Math.max(...rows.map((r) => r.length));
    if (this.flavor === 'plain') {
      return this.lines(
        rows.map((r) => r.join(' | ')),
        st,
      );
    }
    // Discord has no tables: an aligned text grid in a code block reads the same.
    const width = Array.from({ length: columns }, (_, c) => Math.max(1, ...rows.map((r) => charLength(r[c] ?? ''))));
    const align = node.align ?? [];
    const fmt = (r: string[]): string =>
      width
        .map((w, c) => pad(r[c] ?? '', w, align[c] ?? null))
        .join(' | ')
        .trimEnd();
    const lines = rows.map(fmt);
    lines.splice(1, 0, width.map((w) => '-'.repeat(w)).join('-+-'));
    const safe = lines.map((l) => neutralizeMentions(l).split(FENCE).join('`\u200b``'));
    return { text: [FENCE, ...safe, FENCE].join('\n'), gap: true, atoms: [], code: { open: FENCE, lines: safe } };
  }

  // ---------------------------------------------------------------- inline

  private inline(
    nodes: readonly PhrasingContent[],
    state: InlineState = { inLink: false, inBold: false, bare: false },
  ): Segment[] {
    const out: Segment[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as PhrasingContent;
      if (node.type === 'html') {
        const tag = singleTag(node.value);
        if (tag?.name === 'a' && !tag.closing && tag.attrs['href']) {
          // <a href>text</a> arrives as three nodes: find the closing tag among the siblings.
          const close = nodes.findIndex((n, j) => j > i && n.type === 'html' && singleTag(n.value)?.name === 'a');
          const end = close === -1 ? nodes.length : close;
          const inner = nodes.slice(i + 1, end);
          out.push(this.link(tag.attrs['href'], inner, state));
          i = end;
          continue;
        }
      }
      out.push(...this.phrasing(node, state, i === 0));
    }
    return out;
  }

  private phrasing(node: PhrasingContent, state: InlineState, atStart: boolean): Segment[] {
    const discord = this.flavor === 'discord' && !state.bare;
    const wrap = (mark: string, children: PhrasingContent[]): Segment[] => {
      const inner = this.joined(children, state);
      if (!inner) return [];
      return [{ text: discord ? `${mark}${inner}${mark}` : inner, atom: true }];
    };
    switch (node.type) {
      case 'text':
        return this.text(node.value, state, atStart);
      case 'emphasis':
        return wrap('*', node.children);
      case 'strong':
        return state.inBold ? [{ text: this.joined(node.children, state), atom: true }] : wrap('**', node.children);
      case 'delete':
        return wrap('~~', node.children);
      case 'inlineCode': {
        const value = neutralizeMentions(node.value);
        if (!discord) return [{ text: value, atom: true }];
        const ticks = value.includes('`') ? '``' : '`';
        const space = ticks.length > 1 ? ' ' : '';
        return [{ text: `${ticks}${space}${value}${space}${ticks}`, atom: true }];
      }
      case 'break':
        return [{ text: '\n', atom: false }];
      case 'link':
        return [this.link(node.url, node.children, state)];
      case 'linkReference': {
        const url = this.definitions.get(node.identifier.toLowerCase());
        if (url) return [this.link(url, node.children, state)];
        const inner = this.joined(node.children, state);
        return [{ text: `[${inner}]`, atom: false }];
      }
      case 'image':
        return [this.image(node.url, node.alt ?? '', state)];
      case 'imageReference': {
        const url = this.definitions.get(node.identifier.toLowerCase());
        return url
          ? [this.image(url, node.alt ?? '', state)]
          : [{ text: neutralizeMentions(node.alt ?? ''), atom: false }];
      }
      case 'footnoteReference':
        return [{ text: `[^${neutralizeMentions(node.label ?? node.identifier)}]`, atom: true }];
      case 'html': {
        const tag = singleTag(node.value);
        if (tag?.name === 'br') return [{ text: '\n', atom: false }];
        if (tag?.name === 'img' && tag.attrs['src'])
          return [this.image(tag.attrs['src'], tag.attrs['alt'] ?? '', state)];
        // Other tags and comments are dropped; their text lives in the sibling nodes.
        return [];
      }
      default: {
        // Node types this code does not know (from future remark versions): keep their text.
        const other = node as Nodes;
        if ('children' in other) return this.inline((other as Parents).children as PhrasingContent[], state);
        if ('value' in other && typeof other.value === 'string') return this.text(other.value, state, atStart);
        return [];
      }
    }
  }

  private joined(nodes: readonly PhrasingContent[], state: InlineState): string {
    return this.inline(nodes, state)
      .map((s) => s.text)
      .join('');
  }

  private link(url: string, children: readonly PhrasingContent[], state: InlineState): Segment {
    const inner = this.joined(children, { ...state, inLink: true });
    const href = absoluteUrl(url);
    const plainText = children.length === 1 && children[0]?.type === 'text' ? children[0].value : undefined;
    if (!href) return { text: inner, atom: true };
    if (state.bare) return { text: inner || href, atom: true };
    // A bare URL: GitHub shows a pull request or commit URL as #123 or a short SHA; so do we.
    if (!inner || plainText === url) {
      const short = this.shortReference(href);
      if (!short) return { text: href, atom: true };
      return { text: this.masked(this.flavor === 'discord' ? this.escape(short, false) : short, href), atom: true };
    }
    return { text: this.masked(inner, href), atom: true };
  }

  private image(url: string, alt: string, state: InlineState): Segment {
    const href = absoluteUrl(url);
    // Alt text is raw text (the parser does not hand it over as text nodes): defuse it here.
    const label = neutralizeMentions(alt.trim()) || 'image';
    // An image inside a link (a badge) shows as the link's text; the link keeps the target.
    if (!href || state.bare || state.inLink) return { text: state.inLink ? `🖼 ${label}` : label, atom: true };
    const text = this.flavor === 'discord' ? this.escape(label, false) : label;
    return { text: this.masked(`🖼 ${text}`, href), atom: true };
  }

  private masked(text: string, href: string): string {
    return maskedLink(text, href, this.flavor);
  }

  /** GitHub's short form of a link to an issue, pull request, commit or comparison. */
  private shortReference(url: string): string | undefined {
    const server = this.links.serverUrl ?? originOf(this.links.repositoryUrl);
    if (!server || !url.startsWith(`${server}/`)) return undefined;
    const path = url.slice(server.length + 1).split(/[?#]/)[0] ?? '';
    const parts = path.split('/');
    if (parts.length !== 4) return undefined;
    const [owner, repo, kind, id] = parts as [string, string, string, string];
    const same = this.links.repositoryUrl === `${server}/${owner}/${repo}`;
    const prefix = same ? '' : `${owner}/${repo}`;
    if ((kind === 'pull' || kind === 'issues' || kind === 'discussions') && /^\d+$/.test(id)) return `${prefix}#${id}`;
    if (kind === 'commit' && /^[0-9a-f]{7,40}$/.test(id)) return `${prefix ? `${prefix}@` : ''}${id.slice(0, 7)}`;
    if (kind === 'compare' && id.includes('...')) return `${prefix ? `${prefix}: ` : ''}${decodeURIComponent(id)}`;
    return undefined;
  }

  /** A text node: GitHub references become links, @everyone/@here are defused, markup is escaped. */
  private text(value: string, state: InlineState, atStart: boolean): Segment[] {
    const discord = this.flavor === 'discord' && !state.bare;
    const out: Segment[] = [];
    let plain = '';
    const pushPlain = (t: string): void => {
      plain += t;
    };
    const flush = (): void => {
      if (!plain) return;
      const safe = neutralizeMentions(plain);
      out.push({ text: discord ? this.escape(safe, atStart && out.length === 0) : safe, atom: false });
      plain = '';
    };
    const refs = state.inLink || state.bare ? [] : this.references(value);
    let pos = 0;
    for (const ref of refs) {
      pushPlain(value.slice(pos, ref.start));
      flush();
      const label = discord ? this.escape(ref.text, false) : ref.text;
      out.push({ text: this.masked(label, ref.url), atom: true });
      pos = ref.end;
    }
    pushPlain(value.slice(pos));
    flush();
    return out;
  }

  /** @user, @org/team, #123, owner/repo#123 and commit SHAs in a text node. */
  private references(value: string): Array<{ start: number; end: number; text: string; url: string }> {
    const server = this.links.serverUrl ?? originOf(this.links.repositoryUrl) ?? 'https://github.com';
    const repo = this.links.repositoryUrl;
    const found: Array<{ start: number; end: number; text: string; url: string }> = [];
    const pattern =
      /@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(\[bot\])?(\/)?|(?:([A-Za-z0-9][\w.-]*)\/([\w.-]+))?#(\d+)\b|\b[0-9a-f]{7,40}\b/g;
    for (const m of value.matchAll(pattern)) {
      const start = m.index;
      const before = start > 0 ? value[start - 1] : '';
      const text = m[0];
      let url: string | undefined;
      if (text.startsWith('@')) {
        // Not part of an e-mail address or a longer word, and not Discord's <@id> mention syntax
        // (kept as text and defused by neutralizeMentions).
        if (before && /[\w.+<-]/.test(before)) continue;
        const user = m[1] as string;
        // @everyone/@here are defused, not linked; @scope/package (npm) is not a person.
        if (/^(everyone|here)$/i.test(user) || m[3]) continue;
        url = m[2] ? `${server}/apps/${user}` : `${server}/${user}`;
      } else if (m[6] !== undefined) {
        // <#123> is a Discord channel mention, not an issue.
        if (before && /[\w&/]/.test(before)) continue;
        if (before === '<' && !m[4] && value[start + text.length] === '>') continue;
        if (m[4] && m[5]) url = `${server}/${m[4]}/${m[5]}/issues/${m[6]}`;
        else if (repo) url = `${repo}/issues/${m[6]}`;
      } else {
        // A commit SHA: hex with at least one digit and one letter, so that words and numbers stay text.
        if (!repo || !/\d/.test(text) || !/[a-f]/.test(text)) continue;
        if (before && /[\w/@.-]/.test(before)) continue;
        url = `${repo}/commit/${text}`;
      }
      if (url) found.push({ start, end: start + text.length, text, url });
    }
    return found;
  }

  /**
   * Escapes what Discord would read as markup in literal text: the parser already consumed the
   * notes' own markup, so any * _ ~ ` | \ left in a text node was meant literally. A line that
   * would start a heading, quote or list gets a backslash too.
   */
  private escape(text: string, atStart: boolean): string {
    let out = text.replace(/[\\*_~`]|\|(?=\|)/g, (c) => `\\${c}`);
    // Backslash escapes work on punctuation only: `1. ` becomes `1\. `, `# ` becomes `\# `.
    const lineStart = /(^|\n)(?:(#{1,3} |-# |> |[-+] )|(\d+)([.)] ))/g;
    out = out.replace(
      lineStart,
      (whole, nl: string, mark: string | undefined, num: string, dot: string, offset: number) => {
        if (offset === 0 && !atStart && nl === '') return whole;
        return mark ? `${nl}\\${mark}` : `${nl}${num}\\${dot}`;
      },
    );
    return out;
  }
}

/**
 * [label](url). Balanced brackets in the label are fine for Discord and CommonMark alike
 * ("@dependabot[bot]"); unbalanced ones are escaped (Discord) or made round (plain text). Every
 * label is defused (@everyone, @here, <@id>), whatever it was made from; the URL is left intact.
 */
export function maskedLink(text: string, href: string, flavor: Flavor): string {
  let label = neutralizeMentions(text.replace(/\n/g, ' '));
  if (!bracketsBalanced(label)) {
    label = label.replace(/[[\]]/g, (c) => (flavor === 'discord' ? `\\${c}` : c === '[' ? '(' : ')'));
  }
  return `[${label}](${href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

function bracketsBalanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth < 0) return false;
  }
  return depth === 0;
}

function singleTag(html: string): HtmlTag | undefined {
  const tokens = tokenizeHtml(html.trim());
  const first = tokens[0];
  return tokens.length === 1 && first?.kind === 'tag' ? first : undefined;
}

function absoluteUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Length in code points, closer to what a reader sees than UTF-16 units (for table columns). */
function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function pad(text: string, width: number, align: AlignType): string {
  const room = Math.max(0, width - charLength(text));
  if (align === 'right') return ' '.repeat(room) + text;
  if (align === 'center') return ' '.repeat(Math.floor(room / 2)) + text + ' '.repeat(Math.ceil(room / 2));
  return text + ' '.repeat(room);
}

/** Moves atom ranges after prefixes were put before every line (first line: `first`, others: `rest`). */
function shiftAtoms(
  text: string,
  atoms: Array<[number, number]>,
  first: number,
  rest: number,
): Array<[number, number]> {
  const shift = (offset: number): number => {
    let lines = 0;
    for (let i = 0; i < offset; i++) if (text[i] === '\n') lines++;
    return offset + first + lines * rest;
  };
  return atoms.map(([s, e]) => [shift(s), shift(e)]);
}
