/**
 * Runs an action.yml the way the GitHub runner does, for the tests: every `${{ }}` is evaluated by
 * GitHub's own expression engine (@actions/expressions), a step's `if` is implicitly
 * `success() && (...)` unless it calls a status function, steps run in order with the composite's
 * semantics (after a failed step only steps whose `if` allows it run), each step's outputs are read
 * from its GITHUB_OUTPUT file, and the action's outputs are evaluated at the end.
 *
 * A JavaScript (node) action gets its inputs as INPUT_<NAME> variables, defaults filled in, as the
 * runner sets them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import { parse } from 'yaml';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

interface CompositeStep {
  id?: string;
  name?: string;
  if?: string | boolean;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}

export interface ActionFile {
  name: string;
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: string; value?: string }>;
  runs: { using: string; main?: string; steps?: CompositeStep[] };
}

export interface RunnerOptions {
  /** The workflow's `with:` block. */
  with?: Record<string, string>;
  /** The job's environment (credentials, AWS_REGION ...), on top of this process's. */
  env?: Record<string, string>;
  /** The github context (event_name, ref, sha, repository, token ...). */
  github?: Record<string, Json>;
  /** The job's status when the action starts. */
  jobStatus?: 'success' | 'failure' | 'cancelled';
  /** Where runner.temp points; a fresh folder by default. */
  runnerTemp?: string;
  cwd?: string;
}

export interface StepRun {
  id: string;
  /** The `if` as evaluated (implicit success() included). */
  condition: string;
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  /** The step's environment as the runner evaluated it (INPUT_* and the like). */
  env: Record<string, string>;
  stdout: string;
  stderr: string;
  exitCode?: number;
}

export interface ActionRun {
  steps: StepRun[];
  /** The action's outputs as `steps.<id>.outputs` of the calling workflow would see them. */
  outputs: Record<string, string>;
  /** success unless a step failed (what the calling step's outcome would be). */
  outcome: 'success' | 'failure';
  step(id: string): StepRun;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];
const CONTEXTS = ['inputs', 'steps', 'job', 'runner', 'github', 'env', 'matrix', 'strategy'];

/** Turns a plain value into the expression engine's data. */
export function toData(value: Json | undefined): data.ExpressionData {
  if (value === undefined || value === null) return new data.Null();
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (Array.isArray(value)) return new data.Array(...value.map(toData));
  return new data.Dictionary(...Object.entries(value).map(([key, v]) => ({ key, value: toData(v) })));
}

export interface Scope {
  contexts: Record<string, Json>;
  /** Whether a previous step of this action failed. */
  failed: boolean;
  jobStatus: 'success' | 'failure' | 'cancelled';
}

/** Evaluates one expression (the text inside `${{ }}`) with GitHub's evaluator. */
export function evaluate(expression: string, scope: Scope): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const statusInfo = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  const tree = new Parser(lexed.tokens, CONTEXTS, statusInfo).parse();
  const anyFailure = scope.failed || scope.jobStatus === 'failure';
  const functions = new Map(
    Object.entries({
      success: !anyFailure && scope.jobStatus !== 'cancelled',
      failure: anyFailure,
      always: true,
      cancelled: scope.jobStatus === 'cancelled',
    }).map(([name, value]) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) as data.ExpressionData },
    ]),
  );
  const context = new data.Dictionary(...CONTEXTS.map((key) => ({ key, value: toData(scope.contexts[key] ?? {}) })));
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

/** A string with `${{ }}` parts, as the runner renders `env`, `run` and output values. */
export function renderTemplate(text: string, scope: Scope): string {
  return splitTemplate(text)
    .map((p) => ('literal' in p ? p.literal : evaluate(p.expression, scope).coerceString()))
    .join('');
}

/** A step's `if`: implicitly `success() && (...)` unless it calls a status function. */
export function stepCondition(condition: string | boolean | undefined): string {
  if (condition === undefined || condition === '') return 'success()';
  let text = String(condition).trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (whole?.[1] !== undefined) text = whole[1].trim();
  const callsStatus = new RegExp(`\\b(${STATUS_FUNCTIONS.join('|')})\\s*\\(`).test(text);
  return callsStatus ? text : `success() && (${text})`;
}

/** Reads a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end === -1) throw new Error(`GITHUB_OUTPUT: no closing ${heredoc[2]} for ${heredoc[1]}`);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      const eq = line.indexOf('=');
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else if (line.trim() !== '') {
      throw new Error(`GITHUB_OUTPUT: a line the runner would reject: ${line}`);
    }
  }
  return out;
}

export function loadAction(file: string): ActionFile {
  return parse(readFileSync(file, 'utf8')) as ActionFile;
}

/** The `inputs` context: what `with:` gave, else the input's default (itself a template), else ''. */
function inputsContext(action: ActionFile, given: Record<string, string>, scope: Scope): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    const value = given[name];
    inputs[name] = value !== undefined ? value : renderTemplate(spec.default ?? '', scope);
  }
  return inputs;
}

interface Spawned {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<Spawned> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

function baseEnv(options: RunnerOptions, runnerTemp: string): Record<string, string> {
  // The runner gives a step no INPUT_* but its own, and no leftovers of the test process's.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('INPUT_') && !e[0].startsWith('GITHUB_'),
    ),
  );
  // The runner also exports the github context's plain values as GITHUB_<NAME> (GITHUB_SHA, GITHUB_REF ...).
  const github = Object.fromEntries(
    Object.entries(options.github ?? {})
      .filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'token')
      .map(([k, v]) => [`GITHUB_${k.toUpperCase()}`, v]),
  );
  return { ...inherited, ...github, GITHUB_ACTIONS: 'true', RUNNER_TEMP: runnerTemp, CI: 'true', ...options.env };
}

/** Runs a composite action.yml (the root action) step by step. */
export async function runComposite(file: string, options: RunnerOptions = {}): Promise<ActionRun> {
  const action = loadAction(file);
  if (action.runs.using !== 'composite') throw new Error(`${file} is not a composite action`);
  const actionPath = dirname(resolve(file));
  const runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'arkit-runner-'));
  const scope: Scope = {
    contexts: {
      github: { action_path: actionPath, workspace: options.cwd ?? process.cwd(), ...options.github },
      runner: { temp: runnerTemp, os: 'Linux', arch: 'X64' },
      job: { status: options.jobStatus ?? 'success' },
      env: options.env ?? {},
      steps: {},
    },
    failed: false,
    jobStatus: options.jobStatus ?? 'success',
  };
  scope.contexts['inputs'] = inputsContext(action, options.with ?? {}, scope);
  const steps: StepRun[] = [];
  const stepsContext = scope.contexts['steps'] as Record<string, Json>;
  for (const [index, step] of (action.runs.steps ?? []).entries()) {
    const id = step.id ?? `__${index}`;
    const condition = stepCondition(step.if);
    const record: StepRun = { id, condition, outcome: 'skipped', outputs: {}, env: {}, stdout: '', stderr: '' };
    steps.push(record);
    if (!truthy(evaluate(condition, scope))) {
      stepsContext[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const outputFile = join(runnerTemp, `output-${index}`);
    writeFileSync(outputFile, '');
    for (const [key, value] of Object.entries(step.env ?? {})) record.env[key] = renderTemplate(String(value), scope);
    const script = renderTemplate(step.run ?? '', scope);
    const env = {
      ...baseEnv(options, runnerTemp),
      ...record.env,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
    };
    if (step.shell !== 'bash') throw new Error(`step ${id}: only shell: bash is modelled (got ${step.shell})`);
    const res = await run(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
      env,
      options.cwd ?? process.cwd(),
    );
    record.stdout = res.stdout;
    record.stderr = res.stderr;
    record.exitCode = res.code;
    record.outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
    record.outcome = res.code === 0 ? 'success' : 'failure';
    if (record.outcome === 'failure') scope.failed = true;
    stepsContext[id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.outcome };
  }
  const outputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.outputs ?? {})) {
    outputs[name] = renderTemplate(spec.value ?? '', scope);
  }
  if (!options.runnerTemp) rmSync(runnerTemp, { recursive: true, force: true });
  return result(steps, outputs, scope.failed);
}

/** Runs a node (JavaScript) action.yml: its inputs as INPUT_* with defaults, its main with node. */
export async function runNodeAction(file: string, options: RunnerOptions = {}): Promise<ActionRun> {
  const action = loadAction(file);
  if (!/^node\d+$/.test(action.runs.using) || !action.runs.main) throw new Error(`${file} is not a node action`);
  const runnerTemp = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'arkit-runner-'));
  const scope: Scope = {
    contexts: { github: options.github ?? {}, runner: { temp: runnerTemp }, job: { status: 'success' } },
    failed: false,
    jobStatus: 'success',
  };
  const inputs = inputsContext(action, {}, scope);
  // The runner passes every `with:` key, declared or not, and every declared input's default.
  const given = { ...inputs, ...(options.with ?? {}) };
  const inputEnv = Object.fromEntries(
    Object.entries(given).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]),
  );
  const outputFile = join(runnerTemp, 'output');
  writeFileSync(outputFile, '');
  const env = { ...baseEnv(options, runnerTemp), ...inputEnv, GITHUB_OUTPUT: outputFile };
  const main = resolve(dirname(resolve(file)), action.runs.main);
  const res = await run(process.execPath, [main], env, options.cwd ?? process.cwd());
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
  if (!options.runnerTemp) rmSync(runnerTemp, { recursive: true, force: true });
  const step: StepRun = {
    id: action.name,
    condition: 'success()',
    outcome: res.code === 0 ? 'success' : 'failure',
    outputs,
    env: inputEnv,
    stdout: res.stdout,
    stderr: res.stderr,
    exitCode: res.code,
  };
  return result([step], outputs, res.code !== 0);
}

function result(steps: StepRun[], outputs: Record<string, string>, failed: boolean): ActionRun {
  return {
    steps,
    outputs,
    outcome: failed ? 'failure' : 'success',
    step(id) {
      const found = steps.find((s) => s.id === id);
      if (!found) throw new Error(`no step ${id}`);
      return found;
    },
  };
}
