/**
 * The pieces of the test runner that models GitHub's (test/helpers/composite-runner.ts), and every
 * expression in every action.yml of the repository parsed by GitHub's own expression parser: an
 * expression GitHub cannot parse fails the step on GitHub, so it must fail here first.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, existsSync } from 'node:fs';
import {
  evaluate,
  loadAction,
  parseOutputFile,
  renderTemplate,
  splitTemplate,
  stepCondition,
  type Scope,
} from '../helpers/composite-runner.js';

const scope = (over: Partial<Scope> = {}): Scope => ({
  contexts: {
    inputs: { a: 'x', empty: '' },
    steps: { s1: { outcome: 'failure', outputs: { n: '3' } } },
    job: { status: 'success' },
  },
  failed: false,
  jobStatus: 'success',
  ...over,
});

const actionFiles = ['action.yml', ...readdirSync('.').map((d) => `${d}/action.yml`)].filter(
  (f) => existsSync(f) && !f.startsWith('node_modules'),
);

/** Every `${{ }}` of an action: step ifs, env values, run lines, input defaults and output values. */
function templates(file: string): Array<{ where: string; text: string; condition?: boolean }> {
  const action = loadAction(file);
  const found: Array<{ where: string; text: string; condition?: boolean }> = [];
  for (const [name, spec] of Object.entries(action.inputs ?? {}))
    found.push({ where: `inputs.${name}.default`, text: spec.default ?? '' });
  for (const [name, spec] of Object.entries(action.outputs ?? {}))
    found.push({ where: `outputs.${name}`, text: spec.value ?? '' });
  for (const step of action.runs.steps ?? []) {
    const id = step.id ?? '?';
    if (step.if !== undefined) found.push({ where: `${id}.if`, text: String(step.if), condition: true });
    found.push({ where: `${id}.run`, text: step.run ?? '' });
    for (const [k, v] of Object.entries(step.env ?? {})) found.push({ where: `${id}.env.${k}`, text: String(v) });
  }
  return found;
}

describe('every expression of every action.yml parses with GitHub’s parser', () => {
  it.each(actionFiles)('%s', (file) => {
    const problems: string[] = [];
    let count = 0;
    for (const t of templates(file)) {
      const expressions = t.condition
        ? [stepCondition(t.text)]
        : splitTemplate(t.text).flatMap((p) => ('expression' in p ? [p.expression] : []));
      for (const expression of expressions) {
        count++;
        try {
          evaluate(expression, scope());
        } catch (err) {
          problems.push(`${t.where}: ${(err as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
    if (file === 'action.yml') expect(count).toBeGreaterThan(50);
  });
});

describe('the runner model', () => {
  it('splits templates, keeping }} inside quoted strings', () => {
    expect(splitTemplate("a ${{ inputs.a }} b ${{ format('}}{0}', 1) }}")).toEqual([
      { literal: 'a ' },
      { expression: 'inputs.a' },
      { literal: ' b ' },
      { expression: "format('}}{0}', 1)" },
    ]);
    expect(() => splitTemplate('${{ inputs.a')).toThrow(/unclosed/);
  });

  it('an if without a status function is implicitly success() && (...)', () => {
    expect(stepCondition(undefined)).toBe('success()');
    expect(stepCondition("inputs.a != ''")).toBe("success() && (inputs.a != '')");
    expect(stepCondition("${{ inputs.a != '' }}")).toBe("success() && (inputs.a != '')");
    expect(stepCondition('always() && inputs.a')).toBe('always() && inputs.a');
    expect(stepCondition('failure()')).toBe('failure()');
  });

  it('status functions follow the failed steps and the job status', () => {
    expect(evaluate('success()', scope()).coerceString()).toBe('true');
    expect(evaluate('success()', scope({ failed: true })).coerceString()).toBe('false');
    expect(evaluate('failure()', scope({ failed: true })).coerceString()).toBe('true');
    expect(evaluate('failure()', scope({ jobStatus: 'failure' })).coerceString()).toBe('true');
    expect(evaluate('always()', scope({ jobStatus: 'cancelled' })).coerceString()).toBe('true');
    expect(evaluate('cancelled()', scope({ jobStatus: 'cancelled' })).coerceString()).toBe('true');
  });

  it('renders with GitHub’s operators: || picks the first truthy, missing properties are empty', () => {
    expect(renderTemplate("${{ inputs.empty || 'fallback' }}", scope())).toBe('fallback');
    expect(renderTemplate('${{ steps.s1.outputs.n }}-${{ steps.s1.outputs.none }}', scope())).toBe('3-');
    expect(renderTemplate("${{ steps.s1.outcome == 'failure' && 'F' || 'ok' }}", scope())).toBe('F');
    expect(() => evaluate("inputs.a || 'x')", scope())).toThrow(/Unexpected symbol/);
  });

  it('reads GITHUB_OUTPUT lines and heredoc blocks, and refuses what the runner refuses', () => {
    expect(parseOutputFile('a=1\nb<<EOF_X\nline 1\nline=2\nEOF_X\nc=\n')).toEqual({
      a: '1',
      b: 'line 1\nline=2',
      c: '',
    });
    expect(() => parseOutputFile('x<<END\nno end\n')).toThrow(/no closing END/);
    expect(() => parseOutputFile('just text\n')).toThrow(/reject/);
  });
});
