/**
 * Volume control: at most `max-messages` messages per webhook. Notes that do not fit are cut to a
 * summary that ends at a block boundary (between top-level paragraphs, headings, code blocks, list
 * items or table rows, never inside one), with each <details> collapsed to its summary line, and a
 * last line that says how much was left out and links the whole notes.
 */
import { convertNotes, joinBlocks, type Block, type Flavor, type LinkContext } from './markdown.js';
import { neutralizeMentions } from './mentions.js';

/** The default of `max-messages`: the start of long notes and a link, rather than a wall of messages. */
export const DEFAULT_MAX_MESSAGES = 5;

export interface Cut {
  /** Characters of converted notes in the full version and in the summary that was sent. */
  totalChars: number;
  shownChars: number;
  /** Where the last line points, when anything is known to point to. */
  fullNotesUrl?: string;
}

export interface Composed<T> {
  messages: T[];
  /** Set when the notes were cut to fit max-messages. */
  cut?: Cut;
}

export interface FitInput<T> {
  /** Markdown notes ('' for none). */
  notes: string;
  flavor: Flavor;
  links: LinkContext;
  /** The release page, else the compare view, else the run. */
  fullNotesUrl?: string;
  /** 0: no limit. */
  maxMessages: number;
  /** Lays out every message for these converted notes. */
  build(blocks: Block[]): T[];
}

/** The summary's last line: how much is left out, and where the rest is. */
export function cutLine(omitted: number, total: number, url: string | undefined, flavor: Flavor): Block {
  const count = `${omitted.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} characters`;
  const where = url ? ` Read the [full release notes](${url.replace(/[()\s]/g, encodeURIComponent)}).` : '';
  const mark = flavor === 'discord' ? '✂️ *' : '✂️ ';
  const end = flavor === 'discord' ? '*' : '';
  const text = neutralizeMentions(`${mark}Cut to fit: ${count} of the release notes are not shown.${end}${where}`);
  return { text, gap: true, atoms: [[0, text.length]], start: true };
}

/**
 * The messages for the notes, cut to a summary when the whole notes need more than `maxMessages`.
 * The summary is the longest run of leading units whose messages, with the cut line, still fit.
 */
export function fitToMessages<T>(input: FitInput<T>): Composed<T> {
  const full = input.notes ? convertNotes(input.notes, input.flavor, input.links) : [];
  const all = input.build(full);
  if (input.maxMessages === 0 || all.length <= input.maxMessages) return { messages: all };

  const blocks = convertNotes(input.notes, input.flavor, input.links, { collapseDetailsTo: input.fullNotesUrl });
  const totalChars = joinBlocks(full).length;
  const shownChars = (k: number): number => joinBlocks(blocks.slice(0, k)).length;
  const attempt = (k: number): T[] => {
    const line = cutLine(Math.max(0, totalChars - shownChars(k)), totalChars, input.fullNotesUrl, input.flavor);
    return input.build([...blocks.slice(0, k), line]);
  };
  // Cut points: before any block that starts a unit, or after the last block.
  const points = [0, ...blocks.flatMap((b, i) => (i > 0 && b.start ? [i] : [])), blocks.length];
  let lo = 0;
  let hi = points.length - 1;
  let best = attempt(0);
  let bestK = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = points[mid] as number;
    const messages = attempt(k);
    if (messages.length <= input.maxMessages) {
      best = messages;
      bestK = k;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return {
    messages: best,
    cut: { totalChars, shownChars: shownChars(bestK), fullNotesUrl: input.fullNotesUrl },
  };
}

/** "42,000 of 150,000 characters of release notes sent; ..." for the log and the job summary. */
export function describeCut(service: string, max: number, cut: Cut): string {
  const where = cut.fullNotesUrl
    ? `the last message links the full notes (${cut.fullNotesUrl})`
    : 'no link to the full notes is known';
  return (
    `${service}: the release notes need more than max-messages (${max}) messages, so a summary was sent: ` +
    `${cut.shownChars.toLocaleString('en-US')} of ${cut.totalChars.toLocaleString('en-US')} characters; ${where}`
  );
}
