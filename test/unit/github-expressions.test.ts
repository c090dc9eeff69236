/**
 * GitHub's expression semantics as the tests model them (test/helpers/github-expressions.ts), and every
 * expression in every action.yml of the repository parsed by GitHub's own parser: an expression GitHub
 * cannot parse fails the step on GitHub, so it must fail here first.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import YAML from 'yaml';
import {
  evaluate,
  interpolate,
  parseCommandFile,
  splitTemplate,
  stepCondition,
  type Scalar,
} from '../helpers/github-expressions.js';

interface Action {
  inputs?: Record<string, { default?: Scalar }>;
  outputs?: Record<string, { value?: string }>;
  runs: { steps?: Array<{ id?: string; if?: Scalar; run?: string; env?: Record<string, Scalar> }> };
}

const contexts = {
  inputs: { a: 'x', empty: '' },
  steps: { s1: { outcome: 'failure', outputs: { n: '3' } } },
  job: { status: 'success' },
  github: {},
  runner: {},
  env: {},
};

const actionFiles = ['action.yml', ...readdirSync('.').map((d) => `${d}/action.yml`)].filter(
  (f) => !f.startsWith('node_modules') && existsSync(f),
);

/** Every `${{ }}` of an action: step ifs, env values, run lines, input defaults and output values. */
function expressions(file: string): Array<{ where: string; expression: string }> {
  const action = YAML.parse(readFileSync(file, 'utf8')) as Action;
  const texts: Array<{ where: string; text: Scalar | undefined }> = [
    ...Object.entries(action.inputs ?? {}).map(([n, s]) => ({ where: `inputs.${n}.default`, text: s.default })),
    ...Object.entries(action.outputs ?? {}).map(([n, o]) => ({ where: `outputs.${n}`, text: o.value })),
  ];
  const found: Array<{ where: string; expression: string }> = [];
  for (const step of action.runs.steps ?? []) {
    if (step.if !== undefined) found.push({ where: `${step.id}.if`, expression: stepCondition(step.if) });
    texts.push({ where: `${step.id}.run`, text: step.run });
    for (const [k, v] of Object.entries(step.env ?? {})) texts.push({ where: `${step.id}.env.${k}`, text: v });
  }
  for (const t of texts) {
    for (const p of splitTemplate(String(t.text ?? ''))) if ('expression' in p) found.push({ where: t.where, ...p });
  }
  return found;
}

describe('every expression of every action.yml parses with GitHub’s parser', () => {
  it.each(actionFiles)('%s', (file) => {
    const found = expressions(file);
    const problems: string[] = [];
    for (const e of found) {
      try {
        evaluate(e.expression, contexts);
      } catch (err) {
        problems.push(`${e.where}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
    if (file === 'action.yml') expect(found.length).toBeGreaterThan(50);
  });
});

describe('the runner’s expression semantics', () => {
  it('splits templates, keeping }} inside quoted strings', () => {
    expect(splitTemplate("a ${{ inputs.a }} b ${{ format('}}{0}', 1) }}")).toEqual([
      { literal: 'a ' },
      { expression: 'inputs.a' },
      { literal: ' b ' },
      { expression: "format('}}{0}', 1)" },
    ]);
    // format() reads }} as an escaped }: the engine's answer, not a cut expression.
    expect(interpolate("${{ format('}}{0}', inputs.a) }}", contexts)).toBe('}x');
    expect(() => splitTemplate('${{ inputs.a')).toThrow(/unclosed/);
  });

  it('an if without a status function is implicitly success() && (...)', () => {
    expect(stepCondition(undefined)).toBe('success()');
    expect(stepCondition("inputs.a != ''")).toBe("success() && (inputs.a != '')");
    expect(stepCondition("${{ inputs.a != '' }}")).toBe("success() && (inputs.a != '')");
    expect(stepCondition('always() && inputs.a')).toBe('always() && inputs.a');
  });

  it('status functions follow the failed steps and cancellation', () => {
    const value = (e: string, status: { failed: boolean; cancelled?: boolean }) =>
      evaluate(e, contexts, status).coerceString();
    expect(value('success()', { failed: false })).toBe('true');
    expect(value('success()', { failed: true })).toBe('false');
    expect(value('failure()', { failed: true })).toBe('true');
    expect(value('always()', { failed: true, cancelled: true })).toBe('true');
    expect(value('cancelled()', { failed: false, cancelled: true })).toBe('true');
    expect(value('success()', { failed: false, cancelled: true })).toBe('false');
  });

  it('refuses a command file line the runner would refuse, and an unclosed block', () => {
    expect(() => parseCommandFile('x<<END\nno end\n')).toThrow(/no closing END/);
    expect(() => parseCommandFile('just text\n')).toThrow(/reject/);
  });
});
