import { describe, expect, it } from '@jest/globals';
import { convertNotes, type Block } from '../../src/notify/markdown.js';
import { Splitter, splitText, truncate } from '../../src/notify/split.js';

const words = (s: string): string[] => s.match(/[A-Za-z0-9]+/g) ?? [];
const withoutFences = (s: string): string =>
  s
    .split('\n')
    .filter((l) => !l.startsWith('```'))
    .join('\n');

describe('Splitter', () => {
  it('packs whole blocks, joined by a newline or a blank line', () => {
    const blocks: Block[] = [
      { text: 'para one', gap: true, atoms: [] },
      { text: '- item', gap: true, atoms: [] },
      { text: '- item 2', gap: false, atoms: [] },
    ];
    expect(new Splitter(blocks).all(100)).toEqual(['para one\n\n- item\n- item 2']);
    expect(new Splitter(blocks).all(12)).toEqual(['para one', '- item', '- item 2']);
  });

  it('ends chunks on block boundaries and never exceeds the limit', () => {
    const md = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0 ? `## Section ${i}` : `Paragraph ${i} ${'lorem ipsum dolor '.repeat(5 + (i % 7))}`,
    ).join('\n\n');
    const chunks = new Splitter(convertNotes(md, 'discord')).all(400);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(400);
    // Every chunk starts at a block start: a heading or a paragraph, never mid-sentence.
    for (const c of chunks) expect(c).toMatch(/^(## Section|Paragraph)/);
    expect(words(chunks.join('\n'))).toEqual(words(md));
  });

  it('closes and reopens a code fence that crosses a split, with its language', () => {
    const code = Array.from({ length: 200 }, (_, i) => `const line${i} = ${i}; // some code`).join('\n');
    const md = `Intro\n\n\`\`\`ts\n${code}\n\`\`\`\n\nOutro`;
    const chunks = new Splitter(convertNotes(md, 'discord')).all(1000);
    expect(chunks.length).toBeGreaterThan(5);
    const codeChunks = chunks.filter((c) => c.includes('const line'));
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(1000);
    for (const c of codeChunks) {
      const lines = c.split('\n');
      const open = lines.indexOf('```ts');
      expect(open).toBeGreaterThanOrEqual(0);
      expect(lines.lastIndexOf('```')).toBeGreaterThan(open);
    }
    // The code lines arrive complete and in order.
    const received = chunks
      .join('\n')
      .split('\n')
      .filter((l) => l.startsWith('const line'));
    expect(received).toEqual(code.split('\n'));
  });

  it('cuts a code line longer than a whole chunk and keeps every character', () => {
    const long = 'x'.repeat(2500);
    const chunks = new Splitter(convertNotes(`\`\`\`\n${long}\n\`\`\``, 'discord')).all(1000);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(1000);
      expect(c.startsWith('```\n') && c.endsWith('\n```')).toBe(true);
    }
    expect(withoutFences(chunks.join('\n')).replace(/\n/g, '')).toBe(long);
  });

  it('cuts a long paragraph after a sentence or between words, not inside a link', () => {
    const link = '[a link with many words inside it](https://example.com/x)';
    const text = `${'Word '.repeat(50)}end. ${link} ${'more '.repeat(40)}`;
    const blocks = convertNotes(text, 'discord');
    const chunks = new Splitter(blocks).all(300);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(300);
    expect(chunks.some((c) => c.includes(link))).toBe(true);
    expect(words(chunks.join(' '))).toEqual(words(text));
  });

  it('never separates the halves of a surrogate pair', () => {
    const text = '🚀'.repeat(700);
    const chunks = splitText(text, 101);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(101);
      expect(c).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
    expect(chunks.join('')).toBe(text);
  });

  it('puts the quote marker back when a quoted line is cut', () => {
    const md = `> ${'quoted words here '.repeat(30)}`;
    const chunks = new Splitter(convertNotes(md, 'discord')).all(200);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.startsWith('> ')).toBe(true);
  });

  it('with wholeLimit, leaves a block that would fit a fresh chunk for the next one', () => {
    const s = new Splitter([
      { text: 'a'.repeat(50), gap: false, atoms: [] },
      { text: 'b'.repeat(300), gap: true, atoms: [] },
    ]);
    expect(s.next(100, { wholeLimit: 400 })).toBe('a'.repeat(50));
    expect(s.next(100, { wholeLimit: 400 })).toBeUndefined();
    expect(s.next(400, { wholeLimit: 400 })).toBe('b'.repeat(300));
    expect(s.done).toBe(true);
  });

  it('cuts anyway when a block is larger than a fresh chunk', () => {
    const s = new Splitter([{ text: 'word '.repeat(200).trim(), gap: false, atoms: [] }]);
    const first = s.next(100, { wholeLimit: 400 });
    expect(first).toBeDefined();
    expect((first as string).length).toBeLessThanOrEqual(100);
  });
});

describe('truncate', () => {
  it('leaves short text alone and marks what it cut', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a'.repeat(300), 256)).toBe(`${'a'.repeat(255)}…`);
    expect(truncate('🚀'.repeat(10), 6)).toBe('🚀🚀…');
  });
});
