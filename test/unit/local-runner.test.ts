/**
 * The runner emulation the workflow rehearsals use (test/helpers/local-runner.ts): conditions, expression
 * interpolation and the GITHUB_OUTPUT / GITHUB_ENV files, as GitHub documents them.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRunner, condition, interpolate, parseCommandFile } from '../helpers/local-runner.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ctx = {
  env: { NAME: 'web', EMPTY: '' },
  steps: { a: { outputs: { uri: 'x@sha256:1' }, outcome: 'failure', conclusion: 'success' } },
  inputs: { status: '' },
  job: { status: 'success' },
};

describe('condition', () => {
  it('is success() when empty, and adds success() when the expression has no status function', () => {
    expect(condition(undefined, ctx, { failed: false })).toBe(true);
    expect(condition(undefined, ctx, { failed: true })).toBe(false);
    expect(condition("env.NAME == 'web'", ctx, { failed: false })).toBe(true);
    expect(condition("env.NAME == 'web'", ctx, { failed: true })).toBe(false);
    expect(condition("${{ env.NAME == 'api' }}", ctx, { failed: false })).toBe(false);
  });

  it('honours always(), failure() and the step outcomes', () => {
    expect(condition("always() && env.NAME != ''", ctx, { failed: true })).toBe(true);
    expect(condition('failure()', ctx, { failed: true })).toBe(true);
    expect(condition('failure()', ctx, { failed: false })).toBe(false);
    expect(condition("steps.a.outcome == 'failure'", ctx, { failed: false })).toBe(true);
  });
});

describe('interpolate', () => {
  it('replaces every ${{ }} with its value as a string; missing values are empty', () => {
    expect(interpolate('Image=${{ steps.a.outputs.uri }} (${{ env.NAME }})', ctx)).toBe('Image=x@sha256:1 (web)');
    expect(interpolate('${{ steps.b.outputs.uri }}', ctx)).toBe('');
    expect(interpolate("${{ inputs.status || 'fallback' }}", ctx)).toBe('fallback');
    expect(interpolate(5, ctx)).toBe('5');
  });

  it('rejects an expression GitHub would reject', () => {
    expect(() => interpolate("${{ env.NAME == 'web') }}", ctx)).toThrow(/Unexpected symbol/);
  });
});

describe('parseCommandFile', () => {
  it('reads name=value lines and name<<DELIMITER blocks', () => {
    expect(parseCommandFile('a=1\nb=x=y\nnotes<<EOF_1\nline 1\nline 2\nEOF_1\nc=\n')).toEqual({
      a: '1',
      b: 'x=y',
      notes: 'line 1\nline 2',
      c: '',
    });
  });
});

describe('LocalRunner', () => {
  it('runs steps in order, hands outputs and GITHUB_ENV on, and stops at a failure unless continue-on-error', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'arkit-lr-'));
    dirs.push(ws);
    mkdirSync(join(ws, 'act'));
    writeFileSync(
      join(ws, 'act', 'action.yml'),
      [
        'inputs:',
        '  who: { default: nobody }',
        'outputs:',
        '  said: { value: "${{ steps.say.outputs.said }}" }',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - id: say',
        '      shell: bash',
        '      run: echo "said=hello ${{ inputs.who }} from $(basename "$GITHUB_ACTION_PATH")$OUTER" >> "$GITHUB_OUTPUT"',
        '',
      ].join('\n'),
    );
    const runner = new LocalRunner({
      workspace: ws,
      env: { A: '1' },
      baseEnv: { PATH: process.env['PATH'] ?? '' },
      github: {},
    });
    try {
      const status = await runner.runJob([
        { id: 'one', run: 'echo "x=$A" >> "$GITHUB_OUTPUT"; echo "B=2" >> "$GITHUB_ENV"' },
        { id: 'two', run: 'echo "y=${{ steps.one.outputs.x }}$B" >> "$GITHUB_OUTPUT"' },
        { id: 'act', uses: './act', with: { who: '${{ steps.two.outputs.y }}' }, env: { OUTER: '!' } },
        { id: 'soft', run: 'exit 3', 'continue-on-error': true },
        { id: 'hard', run: 'exit 4' },
        { id: 'after', run: 'echo never' },
        { id: 'cleanup', if: 'always()', run: 'echo "ran=yes" >> "$GITHUB_OUTPUT"' },
      ]);
      const by = Object.fromEntries(runner.results.map((r) => [r.id, r]));
      expect(status).toBe('failure');
      expect(by['two']?.outputs).toEqual({ y: '12' });
      expect(by['act']?.outputs).toEqual({ said: 'hello 12 from act!' });
      expect([by['soft']?.outcome, by['soft']?.conclusion]).toEqual(['failure', 'success']);
      expect([by['hard']?.outcome, by['hard']?.conclusion]).toEqual(['failure', 'failure']);
      expect(by['after']?.outcome).toBe('skipped');
      expect(by['cleanup']?.outputs).toEqual({ ran: 'yes' });
    } finally {
      runner.dispose();
    }
  });
});
