/**
 * GitHub-flavoured release notes -> what Discord (or JANDI, as plain lines) can show.
 *
 * The notes are parsed into a markdown syntax tree (remark + GFM) and written out again node by
 * node, so that code stays code and a `#123` inside a code span is never turned into a link. The
 * output is a list of blocks (paragraphs, list items, code blocks...), the units split.ts may put
 * into different embeds or messages without breaking the formatting, and volume.ts may end a
 * summary before (`start`). The HTML in the notes is read by html.ts with a real HTML parser and
 * comes back as markdown nodes, converted here like the rest.
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
import { closesDetails, htmlToMdast, inlineTag, isIcon, opensDetails } from './html.js';
import { neutralizeMentions } from './mentions.js';

/** Discord renders markdown; 'plain' is for JANDI: text lines where only [text](url) links survive. */
export type Flavor = 'discord' | 'plain';

/** Where GitHub references point. Without a repository URL, #123 and commit SHAs stay text. */
export interface LinkContext {
  /** e.g. https://github.com, for @user links. */
  serverUrl?: string;
  /** e.g. https://github.com/owner/repo, for #123 and commit links. */
  repositoryUrl?: string;
  /**
   * The tag (or commit) the notes belong to: relative links and images in the notes point into the
   * repository at this ref. Without it (or without repositoryUrl) they stay text.
   */
  ref?: string;
  /** The folder (in the repository) relative links start from, e.g. docs/changelogs; the root by default. */
  baseDir?: string;
}

export interface ConvertOptions {
  /** Notes cut to fit: each <details> becomes its summary and a link here instead of its content. */
  collapseDetailsTo?: string;
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
  /**
   * A summary of the notes may end before this block: it starts a top-level unit (a paragraph, a
   * heading, a code block, a list item, a table row), so no list item, code block or row is cut.
   */
  start?: boolean;
}

export const FENCE = '```';
/** The line a thematic break (---) becomes: neither Discord nor JANDI draws rules. */
export const RULE = '────────';
/** Marks for GFM task list items. */
export const TASK_DONE = '✅';
export const TASK_OPEN = '⬜';

/** A table without links whose text grid is at most this wide stays a grid (Discord); wider ones become lines. */
export const NARROW_TABLE = 60;

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
  /** At the top level of the notes (not inside a list, a quote or a footnote). */
  top: boolean;
}

const TOP: BlockState = { prefix: '', first: '', gap: true, quoted: false, top: true };

export function parseMarkdown(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

/**
 * The same notes are converted up to four times (Discord and JANDI, whole and as a summary), and
 * parsing is most of the work: the last tree is kept. The converter only reads it.
 */
let lastParsed: { markdown: string; tree: Root } | undefined;
function parsedOnce(markdown: string): Root {
  if (lastParsed?.markdown !== markdown) lastParsed = { markdown, tree: parseMarkdown(markdown) };
  return lastParsed.tree;
}

/** Converts release notes for Discord embeds ('discord') or JANDI messages ('plain'). */
export function convertNotes(
  markdown: string,
  flavor: Flavor,
  links: LinkContext = {},
  options: ConvertOptions = {},
): Block[] {
  return new Converter(flavor, links, options).convert(markdown);
}

/** The blocks joined the way split.ts joins them, for callers that want one string. */
export function joinBlocks(blocks: readonly Block[]): string {
  return blocks.map((b, i) => (i === 0 ? '' : b.gap ? '\n\n' : '\n') + b.text).join('');
}

class Converter {
  private readonly definitions = new Map<string, { url: string; title?: string }>();

  constructor(
    private readonly flavor: Flavor,
    private readonly links: LinkContext,
    private readonly options: ConvertOptions,
  ) {}

  convert(markdown: string): Block[] {
    const tree = parsedOnce(markdown.replace(/\r\n?/g, '\n'));
    this.collectDefinitions(tree);
    return this.blocks(tree.children, TOP);
  }

  private collectDefinitions(node: Nodes): void {
    if (node.type === 'definition') {
      this.definitions.set(node.identifier.toLowerCase(), { url: node.url, title: node.title ?? undefined });
    }
    if ('children' in node) for (const child of node.children) this.collectDefinitions(child);
  }

  // ---------------------------------------------------------------- blocks

  private blocks(nodes: readonly RootContent[], state: BlockState): Block[] {
    const out: Block[] = [];
    let st = state;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as RootContent;
      let produced: Block[];
      if (node.type === 'html' && this.options.collapseDetailsTo && opensDetails(node.value)) {
        // A collapsed <details> whose body is markdown: its summary and link, then on after its end tag.
        produced = this.html(node, st);
        i = closingDetails(nodes, i);
      } else {
        produced = this.block(node, st);
      }
      if (st.top && produced[0]) produced[0].start = true;
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
          top: false,
        });
      }
      case 'list':
        return this.list(node, st);
      case 'code':
        return [this.code(node, st)];
      case 'html':
        return this.html(node, st);
      case 'table':
        return this.table(node, st);
      case 'definition':
        return [];
      case 'footnoteDefinition':
        return this.blocks(node.children, {
          ...st,
          first: `${st.first}[^${neutralizeMentions(node.label ?? node.identifier)}]: `,
          top: false,
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
    for (const segment of segments) {
      // Nothing before the first words (a dropped avatar leaves the space that followed it).
      const seg = text === st.first && !segment.atom ? { ...segment, text: segment.text.trimStart() } : segment;
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
        top: false,
      };
      const children = item.children;
      // Each item of a top-level list is a unit a summary may end before.
      const mark = (blocks: Block[]): Block[] => {
        if (st.top && blocks[0]) blocks[0].start = true;
        return blocks;
      };
      if (children.length === 0 || children[0]?.type !== 'paragraph') {
        // The marker stands alone on its line, the content follows below it.
        out.push(...mark([{ text: itemState.first.trimEnd(), gap: itemState.gap, atoms: [] }]));
        out.push(...this.blocks(children, { ...itemState, first: itemState.prefix, gap: false }));
        return;
      }
      const [firstChild, ...rest] = children;
      out.push(...mark(this.block(firstChild, itemState)));
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
    // Parsed HTML holds no raw HTML any more (comments are dropped), so this does not recurse.
    const nodes = htmlToMdast(node.value, { collapseDetailsTo: this.options.collapseDetailsTo }).filter(
      (n) => n.type !== 'html',
    );
    return this.blocks(nodes, st);
  }

  private table(node: Table, st: BlockState): Block[] {
    const bare: InlineState = { inLink: false, inBold: false, bare: true };
    const oneLine = (segs: Segment[]): Segment[] => {
      const out = segs.map((seg) => ({ ...seg, text: seg.text.replace(/\n/g, ' ') }));
      // Trim the cell's outer spaces, which sit in its first and last plain segments.
      if (out[0] && !out[0].atom) out[0] = { ...out[0], text: out[0].text.trimStart() };
      const last = out.at(-1);
      if (last && !last.atom) out[out.length - 1] = { ...last, text: last.text.trimEnd() };
      return out.filter((seg) => seg.text !== '');
    };
    const cells = node.children.map((row) => row.children.map((cell) => oneLine(this.inline(cell.children))));
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
    const width = Array.from({ length: columns }, (_, c) => Math.max(1, ...rows.map((r) => charLength(r[c] ?? ''))));
    const gridWidth = width.reduce((n, w) => n + w, 0) + 3 * (columns - 1);
    // A link is an atom whose text differs from the bare text of its cell: it would be lost in a grid.
    const hasLinks = cells.some((row) => row.some((segs) => segs.some((seg) => seg.atom && seg.text.includes(']('))));
    if (hasLinks || gridWidth > NARROW_TABLE) return this.tableLines(cells, st);
    if (this.flavor === 'plain') {
      return [
        this.lines(
          rows.map((r) => r.join(' | ')),
          st,
        ),
      ];
    }
    // Discord has no tables: a narrow one reads the same as an aligned text grid in a code block.
    const align = node.align ?? [];
    const fmt = (r: string[]): string =>
      width
        .map((w, c) => pad(r[c] ?? '', w, align[c] ?? null))
        .join(' | ')
        .trimEnd();
    const lines = rows.map(fmt);
    lines.splice(1, 0, width.map((w) => '-'.repeat(w)).join('-+-'));
    const safe = lines.map((l) => neutralizeMentions(l).split(FENCE).join('`\u200b``'));
    return [{ text: [FENCE, ...safe, FENCE].join('\n'), gap: true, atoms: [], code: { open: FENCE, lines: safe } }];
  }

  /**
   * A wide table, or one with links, as one line per row that keeps every cell and link:
   * `**Windows** · SDK Installer: [x86](...) | [x64](...) · Runtime: ...` (the header names each
   * cell; the first cell leads). Each row is its own block, so a split or a summary never cuts one.
   */
  private tableLines(cells: Segment[][][], st: BlockState): Block[] {
    const header = cells[0] ?? [];
    const body = cells.length > 1 ? cells.slice(1) : [header];
    const label = (segs: Segment[]): string => segs.map((seg) => seg.text).join('');
    const out: Block[] = [];
    body.forEach((row, r) => {
      const segs: Segment[] = [];
      const sep = (): void => {
        if (segs.length) segs.push({ text: ' · ', atom: false });
      };
      row.forEach((cell, c) => {
        if (!cell.length) return;
        sep();
        if (c === 0 && cells.length > 1) {
          const text = label(cell);
          const bold = this.flavor === 'discord' && !(text.startsWith('**') && text.endsWith('**'));
          segs.push({ text: bold ? `**${text}**` : text, atom: true });
          return;
        }
        const name = cells.length > 1 ? label(header[c] ?? []) : '';
        if (name) segs.push({ text: `${name}: `, atom: false });
        segs.push(...cell);
      });
      const state: BlockState = r === 0 ? st : { ...st, first: st.prefix, gap: false };
      const blocks = this.textBlock(segs, state);
      if (st.top && blocks[0]) blocks[0].start = true;
      out.push(...blocks);
    });
    return out;
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
        const tag = inlineTag(node.value);
        const href = tag?.kind === 'open' && tag.name === 'a' ? tag.attrs['href'] : undefined;
        if (tag?.kind === 'open' && typeof href === 'string' && href) {
          // <a href>text</a> arrives as three nodes or more: find the end tag among the siblings.
          const close = nodes.findIndex((n, j) => {
            if (j <= i || n.type !== 'html') return false;
            const t = inlineTag(n.value);
            return t?.kind === 'close' && t.name === 'a';
          });
          const end = close === -1 ? nodes.length : close;
          const title = tag.attrs['title'];
          out.push(this.link(href, nodes.slice(i + 1, end), state, typeof title === 'string' ? title : undefined));
          i = end;
          continue;
        }
        if (tag?.kind === 'open' && (tag.name === 'code' || tag.name === 'kbd')) {
          // <code>x</code> is inline code, as in markdown; its text nodes are taken as written.
          const close = nodes.findIndex((n, j) => {
            if (j <= i || n.type !== 'html') return false;
            const t = inlineTag(n.value);
            return t?.kind === 'close' && t.name === tag.name;
          });
          const inner = nodes.slice(i + 1, close === -1 ? nodes.length : close);
          if (close !== -1 && inner.every((n) => n.type === 'text')) {
            const value = inner.map((n) => (n.type === 'text' ? n.value : '')).join('');
            out.push(...this.phrasing({ type: 'inlineCode', value }, state, false));
            i = close;
            continue;
          }
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
        return [this.link(node.url, node.children, state, node.title ?? undefined)];
      case 'linkReference': {
        const def = this.definitions.get(node.identifier.toLowerCase());
        if (def) return [this.link(def.url, node.children, state, def.title)];
        const inner = this.joined(node.children, state);
        return [{ text: `[${inner}]`, atom: false }];
      }
      case 'image':
        return [this.image(node.url, node.alt ?? '', state)];
      case 'imageReference': {
        const def = this.definitions.get(node.identifier.toLowerCase());
        return def
          ? [this.image(def.url, node.alt ?? '', state)]
          : [{ text: neutralizeMentions(node.alt ?? ''), atom: false }];
      }
      case 'footnoteReference':
        return [{ text: `[^${neutralizeMentions(node.label ?? node.identifier)}]`, atom: true }];
      case 'html': {
        const tag = inlineTag(node.value);
        if (tag?.kind === 'void' && tag.name === 'br') return [{ text: '\n', atom: false }];
        if (tag?.kind === 'void' && tag.name === 'img') {
          const { src, alt, width, height } = tag.attrs;
          if (typeof src !== 'string' || !src) return [];
          const altText = typeof alt === 'string' ? alt : '';
          return isIcon(src, altText, width, height) ? [] : [this.image(src, altText, state)];
        }
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

  private link(url: string, children: readonly PhrasingContent[], state: InlineState, title?: string): Segment {
    const inner = this.joined(children, { ...state, inLink: true });
    const href = this.resolve(url, 'link');
    const plainText = children.length === 1 && children[0]?.type === 'text' ? children[0].value : undefined;
    // A link around nothing but an icon (a badge) is dropped with it.
    if (!inner && children.length > 0 && plainText === undefined) return { text: '', atom: true };
    if (!href) return { text: inner, atom: true };
    if (state.bare) return { text: inner || href, atom: true };
    // A bare URL: GitHub shows a pull request or commit URL as #123 or a short SHA; so do we.
    if (!inner || plainText === url) {
      const short = this.shortReference(href);
      if (!short) return { text: href, atom: true };
      return { text: this.masked(this.flavor === 'discord' ? this.escape(short, false) : short, href), atom: true };
    }
    // The title (GitHub shows it on hover) often says something, e.g. a contributor's "+108/-596":
    // chat apps show no titles, so it follows the link in parentheses.
    const note = title?.replace(/\s+/g, ' ').trim();
    const said = note && note !== plainText && note !== url ? neutralizeMentions(note) : '';
    const suffix = said ? ` (${this.flavor === 'discord' ? this.escape(said, false) : said})` : '';
    return { text: this.masked(inner, href) + suffix, atom: true };
  }

  private image(url: string, alt: string, state: InlineState): Segment {
    // Avatars and badges say nothing in a chat message: dropped quietly.
    if (isIcon(url, alt)) return { text: '', atom: true };
    const href = this.resolve(url, 'image');
    // Alt text is raw text (the parser does not hand it over as text nodes): defuse it here.
    const label = neutralizeMentions(alt.trim()) || 'image';
    // An image inside a link shows as the link's text; the link keeps the target.
    if (!href || state.bare || state.inLink) return { text: state.inLink ? `🖼 ${label}` : label, atom: true };
    const text = this.flavor === 'discord' ? this.escape(label, false) : label;
    return { text: this.masked(`🖼 ${text}`, href), atom: true };
  }

  /**
   * An absolute http(s) URL for a link or image of the notes. Relative ones point into the
   * repository at the release's ref, as GitHub shows them: links to the file view (blob), images to
   * the file itself (raw), from `baseDir` (`../` never climbs above the repository's root). In-page
   * anchors, other schemes, and relative URLs without a repository and ref: undefined (text only).
   */
  private resolve(url: string, kind: 'link' | 'image'): string | undefined {
    const absolute = absoluteUrl(url.startsWith('//') ? `https:${url}` : url);
    if (absolute) return absolute;
    if (!url || url.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
    const { repositoryUrl, ref } = this.links;
    if (!repositoryUrl || !ref) return undefined;
    return repositoryFileUrl(repositoryUrl, ref, this.links.baseDir ?? '', url, kind);
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

/**
 * `path` (relative, as written in the notes) as a URL into the repository at `ref`: the file view
 * for links, the raw file for images. Resolved from `baseDir`; a leading `/` means the root, and
 * `../` stops at the root, as GitHub resolves links in a repository's files.
 */
export function repositoryFileUrl(
  repositoryUrl: string,
  ref: string,
  baseDir: string,
  path: string,
  kind: 'link' | 'image',
): string {
  const cut = path.search(/[?#]/);
  const [pathPart, suffix] = cut === -1 ? [path, ''] : [path.slice(0, cut), path.slice(cut)];
  const segments = pathPart.startsWith('/') ? [] : baseDir.split('/').filter(Boolean);
  for (const seg of pathPart.split('/')) {
    if (seg === '..') segments.pop();
    else if (seg !== '.' && seg !== '') segments.push(seg);
  }
  const refPath = ref.split('/').map(encodeURIComponent).join('/');
  return `${repositoryUrl.replace(/\/+$/, '')}/${kind === 'image' ? 'raw' : 'blob'}/${refPath}/${segments.join('/')}${suffix}`;
}

/** Where a collapsed-details walk goes on: the index of the end tag matching the <details> at `i`. */
function closingDetails(nodes: readonly RootContent[], i: number): number {
  let depth = 1;
  for (let j = i + 1; j < nodes.length; j++) {
    const n = nodes[j] as RootContent;
    if (n.type !== 'html') continue;
    if (opensDetails(n.value)) depth++;
    else if (closesDetails(n.value) && --depth === 0) return j;
  }
  return nodes.length - 1;
}
