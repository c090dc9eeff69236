/**
 * Just enough HTML handling for release notes: GitHub lets people write <details>, <img>, <br>,
 * <a href> and comments in markdown, and Discord and JANDI render none of it. The markdown parser
 * hands such HTML over as `html` nodes; this scanner reads their value tag by tag (no regular
 * expressions over the markup) so that the converter can keep the text and links and drop the tags.
 */

export interface HtmlTag {
  kind: 'tag';
  /** Lower-case tag name. */
  name: string;
  closing: boolean;
  attrs: Record<string, string>;
}

export interface HtmlText {
  kind: 'text';
  /** Raw text between tags; character references are left as written. */
  text: string;
}

export type HtmlToken = HtmlTag | HtmlText;

const isLetter = (c: string | undefined): boolean => !!c && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isNameChar = (c: string | undefined): boolean => isLetter(c) || (!!c && ((c >= '0' && c <= '9') || c === '-'));
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

/** Reads one tag starting at `start` (a '<'); undefined when the text there is not a tag. */
function readTag(html: string, start: number): { tag: HtmlTag; end: number } | undefined {
  let i = start + 1;
  const closing = html[i] === '/';
  if (closing) i++;
  if (!isLetter(html[i])) return undefined;
  const nameStart = i;
  while (isNameChar(html[i])) i++;
  const name = html.slice(nameStart, i).toLowerCase();
  // `<https://x>` and `<a:b>` are autolinks or text, not tags.
  if (i < html.length && !isSpace(html[i]) && html[i] !== '>' && html[i] !== '/') return undefined;
  const attrs: Record<string, string> = {};
  while (i < html.length) {
    while (isSpace(html[i])) i++;
    if (html[i] === '>') return { tag: { kind: 'tag', name, closing, attrs }, end: i + 1 };
    if (html[i] === '/' && html[i + 1] === '>') return { tag: { kind: 'tag', name, closing, attrs }, end: i + 2 };
    if (html[i] === '/') {
      i++;
      continue;
    }
    const attrStart = i;
    while (i < html.length && !isSpace(html[i]) && html[i] !== '=' && html[i] !== '>' && html[i] !== '/') i++;
    const attr = html.slice(attrStart, i).toLowerCase();
    if (attr === '') return undefined;
    while (isSpace(html[i])) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (isSpace(html[i])) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        if (close === -1) return undefined;
        value = html.slice(i + 1, close);
        i = close + 1;
      } else {
        const valueStart = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
        value = html.slice(valueStart, i);
      }
    }
    attrs[attr] = decodeEntities(value);
  }
  return undefined;
}

/** Splits HTML into tags and text; comments, doctypes and processing instructions are dropped. */
export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let text = '';
  const flush = (): void => {
    if (text) tokens.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < html.length) {
    const c = html[i] as string;
    if (c === '<') {
      if (html.startsWith('<!--', i)) {
        const end = html.indexOf('-->', i + 4);
        flush();
        i = end === -1 ? html.length : end + 3;
        continue;
      }
      if (html[i + 1] === '!' || html[i + 1] === '?') {
        const end = html.indexOf('>', i);
        flush();
        i = end === -1 ? html.length : end + 1;
        continue;
      }
      const tag = readTag(html, i);
      if (tag) {
        flush();
        tokens.push(tag.tag);
        i = tag.end;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return tokens;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  rarr: '→',
  larr: '←',
  middot: '·',
  bull: '•',
};

/** Decodes the character references that occur in practice; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '&') {
      const semi = text.indexOf(';', i + 1);
      if (semi !== -1 && semi - i <= 10) {
        const ref = text.slice(i + 1, semi);
        let decoded: string | undefined;
        if (ref.startsWith('#x') || ref.startsWith('#X')) decoded = fromCodePoint(parseInt(ref.slice(2), 16));
        else if (ref.startsWith('#')) decoded = fromCodePoint(parseInt(ref.slice(1), 10));
        else decoded = NAMED[ref];
        if (decoded !== undefined) {
          out += decoded;
          i = semi + 1;
          continue;
        }
      }
    }
    out += c;
    i++;
  }
  return out;
}

function fromCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/** Tags after which the text continues on a new paragraph. */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'details',
  'div',
  'dl',
  'dd',
  'dt',
  'figure',
  'figcaption',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'section',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
]);

/**
 * Turns a block of HTML into markdown that says the same in the constructs chat apps render:
 * <details> becomes its summary (a heading, shown as a bold line) and its body, <img> and <a href> become links,
 * <br> a line break, block elements paragraph breaks; every other tag and every comment is
 * dropped and its text kept. The result contains no tags, so parsing it again terminates.
 */
export function htmlToMarkdown(html: string): string {
  let out = '';
  let pre = 0;
  const links: Array<string | undefined> = [];
  for (const token of tokenizeHtml(html)) {
    if (token.kind === 'text') {
      // Inside <pre> the text is code: the fence added below keeps it literal, so decode it here.
      out += pre > 0 ? decodeEntities(token.text) : token.text;
      continue;
    }
    const { name, closing, attrs } = token;
    if (name === 'br') out += pre > 0 ? '\n' : '  \n';
    else if (name === 'img') {
      const src = attrs['src'];
      if (src) out += `![${escapeLabel(attrs['alt'] || attrs['title'] || 'image')}](<${src}>)`;
      else if (attrs['alt']) out += attrs['alt'];
    } else if (name === 'a') {
      if (!closing) {
        const href = attrs['href'];
        links.push(href);
        if (href) out += '[';
      } else {
        const href = links.pop();
        if (href) out += `](<${href}>)`;
      }
    } else if (name === 'summary') {
      // A level-4 heading: the converter shows it as a bold line (plain text for JANDI).
      out += closing ? '\n\n' : '\n\n#### ';
    } else if (name === 'li') out += closing ? '\n' : '\n- ';
    else if (name === 'td' || name === 'th') out += closing ? ' ' : '';
    else if (name === 'pre') {
      pre += closing ? -1 : 1;
      out += closing ? '\n```\n\n' : '\n\n```\n';
    } else if (BLOCK_TAGS.has(name)) out += '\n\n';
  }
  // An <a> left open still keeps its text; close the bracket so no stray '[' remains.
  for (const href of links) if (href) out += `](<${href}>)`;
  return out;
}

function escapeLabel(text: string): string {
  return text.replace(/[[\]\\]/g, (c) => `\\${c}`);
}
