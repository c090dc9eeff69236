import { describe, expect, it } from '@jest/globals';
import { unusedId } from '../../src/commands/rollback.js';

describe('unusedId: the default id of a rollback', () => {
  it('is the base when the store has no release of that id', () => {
    expect(unusedId('rollback-to-v1-20261201T180841Z', [{ id: 'v1' }, { id: 'v2' }])).toBe(
      'rollback-to-v1-20261201T180841Z',
    );
  });

  it('gets the first free suffix when a rollback of the same second already has it', () => {
    const base = 'rollback-to-v1-20261201T180841Z';
    expect(unusedId(base, [{ id: 'v1' }, { id: base }])).toBe(`${base}-2`);
    expect(unusedId(base, [{ id: `${base}-2` }, { id: base }, { id: `${base}-3` }])).toBe(`${base}-4`);
  });
});
