/**
 * Cuts converted notes into chunks that fit a limit, without losing a character of text.
 *
 * Chunks end on block boundaries (paragraphs, headings, list items, code blocks). Only a block
 * that is larger than a whole chunk is cut inside: a code block between lines, closing its fence
 * and reopening it (same language) in the next chunk; text at a line end, else after a sentence,
 * else between words, never inside a link or a code span when that can be helped, and only as a
 * last resort in the middle of a word (never between the halves of a surrogate pair).
 */
import { FENCE, type Block } from './markdown.js';

export interface NextOptions {
  /**
   * A block that does not fit `limit` but would fit this many characters is not cut: next() then
   * returns undefined so that the caller can start a fresh embed or message for it.
   * Defaults to `limit` (always cut what does not fit).
   */
  wholeLimit?: number;
}

/** Hands out the notes chunk by chunk; each call may ask for a different size. */
export class Splitter {
  private readonly queue: Block[];
  /** The next block to hand out (an index, not shift(): notes can have thousands of blocks). */
  private pos = 0;

  constructor(blocks: readonly Block[]) {
    // Blocks are not changed here (a cut block is replaced by its rest), so they need no copy.
    this.queue = blocks.filter((b) => b.text !== '');
  }

  get done(): boolean {
    return this.pos >= this.queue.length;
  }

  /** The next chunk of at most `limit` characters, or undefined (see NextOptions.wholeLimit). */
  next(limit: number, options: NextOptions = {}): string | undefined {
    if (limit < 1) throw new Error(`BUG: chunk limit ${limit}`);
    const wholeLimit = options.wholeLimit ?? limit;
    let out = '';
    while (this.pos < this.queue.length) {
      const block = this.queue[this.pos] as Block;
      const sep = out === '' ? '' : block.gap ? '\n\n' : '\n';
      if (out.length + sep.length + block.text.length <= limit) {
        out += sep + block.text;
        this.pos++;
        continue;
      }
      if (out !== '') break;
      if (block.text.length <= wholeLimit && wholeLimit > limit) return undefined;
      const [head, rest] = cutBlock(block, limit);
      this.queue[this.pos] = rest;
      return head;
    }
    return out === '' ? undefined : out;
  }

  /** Every remaining chunk at one size. */
  all(limit: number): string[] {
    const chunks: string[] = [];
    while (!this.done) {
      const chunk = this.next(limit);
      if (chunk === undefined) throw new Error('BUG: splitter made no progress');
      chunks.push(chunk);
    }
    return chunks;
  }
}

/** Marks a value that had to be shortened. */
export const TRUNCATED = '…';

/** Cuts `text` to `max` characters with a visible marker (for titles and names, which cannot go on). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = safeIndex(text, max - TRUNCATED.length);
  return text.slice(0, cut) + TRUNCATED;
}

/** Splits a text at the given limit: convenience for single values (field values, titles). */
export function splitText(text: string, limit: number): string[] {
  return new Splitter([{ text, gap: false, atoms: [] }]).all(limit);
}

/** Cuts a block that is longer than `limit` into a head that fits and the rest. */
export function cutBlock(block: Block, limit: number): [string, Block] {
  return block.code ? cutCode(block, limit) : cutText(block, limit);
}

function cutCode(block: Block, limit: number): [string, Block] {
  const code = block.code as NonNullable<Block['code']>;
  const { open } = code;
  // The fences and their newlines: "```ts\n" + body + "\n```"
  const room = limit - open.length - FENCE.length - 2;
  if (room < 1) {
    // Not even the fences fit (a tiny limit): fall back to cutting the fenced text as text.
    return cutText({ text: block.text, gap: block.gap, atoms: [] }, limit);
  }
  const lines = [...code.lines];
  const taken: string[] = [];
  let used = 0;
  while (lines.length) {
    const line = lines[0] as string;
    const add = (taken.length ? 1 : 0) + line.length;
    if (used + add > room) break;
    taken.push(line);
    used += add;
    lines.shift();
  }
  if (taken.length === 0) {
    // One line longer than a whole chunk: cut the line itself.
    const line = lines.shift() as string;
    const at = safeIndex(line, room);
    taken.push(line.slice(0, at));
    lines.unshift(line.slice(at));
  }
  const head = [open, ...taken, FENCE].join('\n');
  const rest: Block = {
    text: [open, ...lines, FENCE].join('\n'),
    gap: block.gap,
    atoms: [],
    code: { open, lines },
  };
  return [head, rest];
}

function cutText(block: Block, limit: number): [string, Block] {
  const text = block.text;
  const at = bestCut(text, limit, block.atoms);
  let head = text.slice(0, at.index).trimEnd();
  let restStart = at.index;
  // The separator the cut happened at (a newline or spaces) belongs to neither side.
  while (restStart < text.length && (text[restStart] === ' ' || text[restStart] === '\n') && at.kind !== 'hard') {
    const isNewline = text[restStart] === '\n';
    restStart++;
    if (isNewline) break;
  }
  if (head === '') {
    // Only whitespace before the cut: take a hard cut instead so that progress is made.
    const hard = safeIndex(text, limit);
    head = text.slice(0, hard);
    restStart = hard;
  }
  let restText = text.slice(restStart);
  let shift = -restStart;
  const prefix = block.linePrefix ?? '';
  // A cut at a line end leaves the prefix on the next line (it starts every line); any other cut
  // starts the rest mid-line, which needs the quote marker or indentation put back.
  if (prefix && !restText.startsWith(prefix)) {
    restText = prefix + restText;
    shift += prefix.length;
  }
  const atoms = block.atoms
    .map(([s, e]): [number, number] => [Math.max(0, s + shift), e + shift])
    .filter(([, e]) => e > 0);
  return [head, { ...block, text: restText, atoms }];
}

interface Cut {
  index: number;
  kind: 'line' | 'sentence' | 'word' | 'hard';
}

/** Where to cut `text` so that the head has at most `limit` characters. */
function bestCut(text: string, limit: number, atoms: Array<[number, number]>): Cut {
  // Positions strictly inside an atom, up to the limit (one pass over the atoms, not one per position).
  const end = Math.min(limit, text.length - 1);
  const covered = new Uint8Array(end + 1);
  for (const [s, e] of atoms) for (let i = Math.max(0, s + 1); i < Math.min(e, end + 1); i++) covered[i] = 1;
  const inAtom = (i: number): boolean => covered[i] === 1;
  // A cut this far in is good enough; an earlier one is only taken when nothing better exists.
  const good = Math.floor(limit * 0.3);
  let line = -1;
  let sentence = -1;
  let word = -1;
  let wordInAtom = -1;
  for (let i = end; i > 0; i--) {
    const c = text[i];
    if (c === '\n') {
      if (!inAtom(i) && line === -1) line = i;
    } else if (c === ' ') {
      if (inAtom(i)) {
        if (wordInAtom === -1) wordInAtom = i;
      } else {
        if (word === -1) word = i;
        const p = text[i - 1];
        if (sentence === -1 && (p === '.' || p === '!' || p === '?' || p === ':' || p === ';')) sentence = i;
      }
    }
    if (line >= good) break;
  }
  if (line >= good) return { index: line, kind: 'line' };
  if (sentence >= good) return { index: sentence, kind: 'sentence' };
  if (word >= good) return { index: word, kind: 'word' };
  if (line > 0) return { index: line, kind: 'line' };
  if (word > 0) return { index: word, kind: 'word' };
  if (wordInAtom > 0) return { index: wordInAtom, kind: 'word' };
  return { index: safeIndex(text, limit), kind: 'hard' };
}

/** `limit`, moved back by one when it would fall between the two halves of a surrogate pair. */
function safeIndex(text: string, limit: number): number {
  const at = Math.min(limit, text.length);
  const code = text.charCodeAt(at - 1);
  return at > 1 && code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
