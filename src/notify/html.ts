/**
 * The HTML in release notes (<details>, <img>, <a>, <br>, <code>, HTML tables, character references)
 * read with a real HTML parser: hast-util-from-html (parse5, the browsers' algorithm) turns it into
 * a hast tree, and hast-util-to-mdast turns that into the markdown syntax tree the converter
 * already renders. Nothing here scans markup by hand.
 *
 * The markdown parser hands HTML over in pieces: a block of HTML as one node, but inline tags one
 * tag per node (`<a href="x">`, then the text as markdown, then `</a>`), and a `<details>` whose body
 * is markdown as an opening node, markdown nodes, and a closing node. So there are two entry
 * points: htmlToMdast() for a piece that stands alone, and inlineTag() to say what one inline tag is.
 */
import type { Element, Root as HastRoot, RootContent as HastContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toMdast, type Handle } from 'hast-util-to-mdast';
import type {
  Heading,
  Nodes as MdastNodes,
  Paragraph,
  PhrasingContent,
  Root as MdastRoot,
  RootContent as MdastContent,
  Text,
} from 'mdast';

export function parseHtml(html: string): HastRoot {
  return fromHtml(html, { fragment: true });
}

/**
 * Avatars, badges and other inline icons: noise in a chat message. An image is an icon when the
 * notes draw it small (width or height of 48 px or less), or it is a user avatar or a status badge
 * by its address or alt text.
 */
export function isIcon(src: string, alt: string, width?: unknown, height?: unknown): boolean {
  const small = (v: unknown): boolean => {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? parseFloat(v) : NaN;
    return Number.isFinite(n) && n > 0 && n <= 48;
  };
  if (small(width) || small(height)) return true;
  if (/^(avatar|badge)$/i.test(alt.trim())) return true;
  let u: URL;
  try {
    u = new URL(src, 'https://relative.invalid/');
  } catch {
    return false;
  }
  const host = u.hostname;
  if (/(^|\.)avatars\.githubusercontent\.com$|(^|\.)gravatar\.com$/.test(host)) return true;
  if (/(^|\.)(img\.shields\.io|badgen\.net|badge\.fury\.io|codecov\.io|coveralls\.io|snyk\.io)$/.test(host)) {
    return true;
  }
  // GitHub's own workflow badges: /owner/repo/actions/workflows/ci.yml/badge.svg
  return /\/badge\.svg$/.test(u.pathname);
}

export interface HtmlOptions {
  /** Collapsed <details> (notes cut to fit): its summary and this link instead of its content. */
  collapseDetailsTo?: string;
}

function text(value: string): Text {
  return { type: 'text', value };
}

/** hast -> mdast handlers for what chat apps need said differently. */
function handlers(options: HtmlOptions): Record<string, Handle> {
  return {
    // A <summary> reads as a bold line (a level-4 heading in the converter).
    summary: (state, node): Heading => ({ type: 'heading', depth: 4, children: state.all(node) as PhrasingContent[] }),
    details: (state, node) => {
      if (!options.collapseDetailsTo) return state.toFlow(state.all(node));
      const summary = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'summary');
      const heading: Heading = {
        type: 'heading',
        depth: 4,
        children: summary ? (state.all(summary) as PhrasingContent[]) : [text('Details')],
      };
      const link: Paragraph = {
        type: 'paragraph',
        children: [{ type: 'link', url: options.collapseDetailsTo, children: [text('(in the full notes)')] }],
      };
      return [heading, link];
    },
    img: (_state, node) => {
      const p = node.properties;
      const src = typeof p['src'] === 'string' ? p['src'] : '';
      const alt = typeof p['alt'] === 'string' ? p['alt'] : '';
      // Without a source only the alt text is left to show.
      if (!src) return alt.trim() ? text(alt) : undefined;
      if (isIcon(src, alt, p['width'], p['height'])) return undefined;
      return { type: 'image', url: src, alt, title: typeof p['title'] === 'string' ? p['title'] : null };
    },
  };
}

/** A piece of HTML as markdown syntax nodes; comments are dropped. */
export function htmlToMdast(html: string, options: HtmlOptions = {}): MdastContent[] {
  const tree = parseHtml(html);
  const mdast = toMdast(tree, {
    handlers: handlers(options),
    nodeHandlers: { comment: () => undefined },
  }) as MdastNodes;
  const nodes = mdast.type === 'root' ? (mdast as MdastRoot).children : [mdast as MdastContent];
  return wrapPhrasing(nodes);
}

const PHRASING = new Set([
  'text',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'break',
  'link',
  'linkReference',
  'image',
  'imageReference',
  'footnoteReference',
]);

/** Runs of inline nodes at the top (HTML that was only inline, such as one <img>) become paragraphs. */
function wrapPhrasing(nodes: MdastContent[]): MdastContent[] {
  const out: MdastContent[] = [];
  let run: PhrasingContent[] = [];
  const flush = (): void => {
    if (run.some((n) => n.type !== 'text' || n.value.trim())) out.push({ type: 'paragraph', children: run });
    run = [];
  };
  for (const n of nodes) {
    if (PHRASING.has(n.type)) run.push(n as PhrasingContent);
    else {
      flush();
      out.push(n);
    }
  }
  flush();
  return out;
}

/** One inline tag as the markdown parser hands it over. */
export type InlineTag =
  | { kind: 'open'; name: string; attrs: Record<string, unknown> }
  | { kind: 'close'; name: string }
  | { kind: 'void'; name: string; attrs: Record<string, unknown> };

const VOID = new Set(['br', 'img', 'wbr', 'hr', 'input']);

/**
 * What one inline HTML node is: an opening tag (`<a href>`), a closing tag (`</a>`), a void element
 * (`<br>`, `<img>`), or undefined (a comment, or HTML with content of its own).
 */
export function inlineTag(value: string): InlineTag | undefined {
  const v = value.trim();
  // An end tag on its own is dropped by an HTML parser (it closes nothing), so it is read here:
  // "</" + a tag name + optional spaces + ">" and nothing else.
  const close = /^<\/([A-Za-z][A-Za-z0-9-]*)\s*>$/.exec(v);
  if (close) return { kind: 'close', name: (close[1] as string).toLowerCase() };
  const nodes = parseHtml(v).children.filter((n) => !(n.type === 'text' && !n.value.trim()));
  const [only] = nodes;
  if (nodes.length !== 1 || only?.type !== 'element' || only.children.length > 0) return undefined;
  const name = only.tagName;
  return { kind: VOID.has(name) ? 'void' : 'open', name, attrs: only.properties };
}

/** Whether this piece of HTML opens a <details> that it does not close (its body follows as markdown). */
export function opensDetails(html: string): boolean {
  let open = false;
  const visit = (nodes: readonly HastContent[]): void => {
    for (const n of nodes) {
      if (n.type !== 'element') continue;
      if (n.tagName === 'details') {
        // The parser closes what is left open at the end of the input; an element closed by its own
        // end tag ends right after "</details>".
        const end = n.position?.end.offset ?? html.length;
        if (
          !html
            .slice(Math.max(0, end - 10), end)
            .toLowerCase()
            .startsWith('</details')
        )
          open = true;
      }
      visit(n.children);
    }
  };
  visit(parseHtml(html).children);
  return open;
}

/** Whether this piece of HTML is only the end tag of a <details> (plus whitespace). */
export function closesDetails(html: string): boolean {
  const tag = inlineTag(html);
  return tag?.kind === 'close' && tag.name === 'details';
}
