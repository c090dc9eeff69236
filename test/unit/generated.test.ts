import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { readmeWithTables } from '../../scripts/generate.js';

const update = process.env['UPDATE_GENERATED'] === '1';

describe('generated documentation', () => {
  it('the README documents every input and output of every command (UPDATE_GENERATED=1 rewrites it)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const expected = readmeWithTables(readme);
    if (update && expected !== readme) writeFileSync('README.md', expected);
    else expect(readme).toBe(expected);
  });
});
