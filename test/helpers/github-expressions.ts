/**
 * GitHub's expression semantics for the tests, on GitHub's own engine (@actions/expressions): the one
 * place that evaluates `${{ }}`, a step's `if:` (implicit success()), and reads GITHUB_OUTPUT /
 * GITHUB_ENV files. test/helpers/local-runner.ts runs workflows and actions with it.
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';

export type Scalar = string | number | boolean | null;

/** What the status functions see: whether a step before this one failed, and whether the run was cancelled. */
export interface RunStatus {
  failed: boolean;
  cancelled?: boolean;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];

/** A context value for the expression engine from plain JSON-like data. */
function toData(value: unknown): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

/** Evaluates one expression (the text inside `${{ }}`) against the contexts. */
export function evaluate(
  expression: string,
  contexts: Record<string, unknown>,
  status: RunStatus = { failed: false },
): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const statusInfo = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  const tree = new Parser(lexed.tokens, Object.keys(contexts), statusInfo).parse();
  const values: Record<string, boolean> = {
    success: !status.failed && !status.cancelled,
    failure: status.failed,
    always: true,
    cancelled: !!status.cancelled,
  };
  const functions = new Map<string, FunctionDefinition>(
    Object.entries(values).map(([name, value]) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) },
    ]),
  );
  const context = new data.Dictionary(...Object.entries(contexts).map(([key, v]) => ({ key, value: toData(v) })));
  return new Evaluator(tree, context, functions).evaluate();
}

/** Finds each `${{ ... }}`, skipping `}}` inside quoted strings of the expression. */
export function splitTemplate(text: string): Array<{ literal: string } | { expression: string }> {
  const parts: Array<{ literal: string } | { expression: string }> = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${{', i);
    if (start === -1) {
      parts.push({ literal: text.slice(i) });
      break;
    }
    if (start > i) parts.push({ literal: text.slice(i, start) });
    let j = start + 3;
    let quoted = false;
    for (; j < text.length; j++) {
      if (text[j] === "'") quoted = !quoted;
      else if (!quoted && text.startsWith('}}', j)) break;
    }
    if (j >= text.length) throw new Error(`unclosed \${{ in: ${text}`);
    parts.push({ expression: text.slice(start + 3, j).trim() });
    i = j + 2;
  }
  return parts;
}

/** A value with `${{ }}` parts, rendered as the runner renders `with:`, `env:`, `run:` and outputs. */
export function interpolate(
  text: Scalar | undefined,
  contexts: Record<string, unknown>,
  status: RunStatus = { failed: false },
): string {
  if (text === undefined || text === null) return '';
  return splitTemplate(String(text))
    .map((p) => ('literal' in p ? p.literal : evaluate(p.expression, contexts, status).coerceString()))
    .join('');
}

/** A step's `if:` as the runner evaluates it: implicitly `success() && (...)` without a status function. */
export function stepCondition(condition: Scalar | undefined): string {
  if (condition === undefined || condition === null || String(condition).trim() === '') return 'success()';
  let text = String(condition).trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (whole?.[1] !== undefined) text = whole[1].trim();
  const callsStatus = new RegExp(`\\b(${STATUS_FUNCTIONS.join('|')})\\s*\\(`).test(text);
  return callsStatus ? text : `success() && (${text})`;
}

/** Whether a step with this `if:` runs. */
export function condition(text: Scalar | undefined, contexts: Record<string, unknown>, status: RunStatus): boolean {
  return truthy(evaluate(stepCondition(text), contexts, status));
}

/** Reads a GITHUB_OUTPUT / GITHUB_ENV file: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end === -1) throw new Error(`command file: no closing ${heredoc[2]} for ${heredoc[1]}`);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      const eq = line.indexOf('=');
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else if (line.trim() !== '') {
      throw new Error(`command file: a line the runner would reject: ${line}`);
    }
  }
  return out;
}
