/**
 * Runs one job of a workflow on this machine the way the GitHub runner runs it, for the steps the
 * repository's own workflows use, so that .github/workflows/self-test.yml can be tried before it reaches
 * GitHub. Emulated, from GitHub's "Workflow syntax", "Metadata syntax" and "Contexts" references:
 * - `${{ }}` expressions with GitHub's own engine (@actions/expressions), contexts env, github, runner, job,
 *   steps, inputs (in composite actions), secrets (empty) and matrix (empty); `if:` with the status functions
 *   success() (the default), failure(), always(), cancelled();
 * - `run:` steps with bash (`bash --noprofile --norc -eo pipefail`), GITHUB_OUTPUT and GITHUB_ENV files;
 * - `uses: ./<path>` local actions: node actions (`runs.using: node*`: `node <main>` with INPUT_<NAME> for
 *   every input, defaults from action.yml, the name upper-cased with hyphens kept as the runner does) and
 *   composite actions (their steps, with GITHUB_ACTION_PATH, `inputs`, and outputs from `outputs.*.value`);
 * - continue-on-error, step outcome and conclusion, job status.
 * Not emulated: other repositories' actions (a step using one must be listed in `skipUses`), services,
 * containers, matrix expansion, secrets, shells other than bash, workflow commands other than the files.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { condition, interpolate, parseCommandFile, type Scalar } from './github-expressions.js';

export { condition, interpolate, parseCommandFile };

export interface WorkflowStep {
  id?: string;
  name?: string;
  if?: Scalar;
  uses?: string;
  run?: string;
  with?: Record<string, Scalar>;
  env?: Record<string, Scalar>;
  'continue-on-error'?: boolean;
  shell?: string;
}

interface ActionFile {
  inputs?: Record<string, { default?: Scalar }>;
  outputs?: Record<string, { value?: string }>;
  runs: { using: string; main?: string; steps?: WorkflowStep[] };
}

export type Outcome = 'success' | 'failure' | 'skipped';

export interface StepResult {
  id: string;
  label: string;
  outcome: Outcome;
  conclusion: Outcome;
  outputs: Record<string, string>;
  log: string;
  /** The environment the step's process got (empty when it did not run). */
  env: Record<string, string>;
  /** A composite action's own steps, as they ran. */
  steps?: StepResult[];
}

export interface RunOptions {
  /** The repository root: the workspace, and where `./` actions are found. */
  workspace: string;
  /** Workflow-level and job-level env, merged (job wins) and already evaluated: see interpolate(). */
  env: Record<string, string>;
  /** Variables of the machine the runner would have (PATH, HOME, ...). */
  baseEnv: Record<string, string>;
  /** The github context. */
  github: Record<string, string>;
  /** Steps to leave out, by their `uses:` prefix (setup actions whose work this machine already has). */
  skipUses?: string[];
  /** Steps to leave out by name (e.g. installing what is already installed here). */
  skipNames?: string[];
  log?: (line: string) => void;
}

function exec(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; log: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, log }));
  });
}

/** The runner's name for an input's variable: INPUT_ + the name upper-cased, spaces to _, hyphens kept. */
const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

export class LocalRunner {
  private readonly temp: string;
  private readonly envFile: string;
  /** What steps added through GITHUB_ENV. */
  private readonly addedEnv: Record<string, string> = {};
  private jobFailed = false;
  readonly results: StepResult[] = [];

  constructor(private readonly options: RunOptions) {
    this.temp = mkdtempSync(join(tmpdir(), 'arkit-runner-'));
    this.envFile = join(this.temp, 'github-env');
    writeFileSync(this.envFile, '');
  }

  dispose(): void {
    rmSync(this.temp, { recursive: true, force: true });
  }

  get runnerTemp(): string {
    return this.temp;
  }

  private jobEnv(): Record<string, string> {
    return { ...this.options.env, ...this.addedEnv };
  }

  private contexts(steps: StepResult[], inputs?: Record<string, string>): Record<string, unknown> {
    const ctx: Record<string, unknown> = {
      env: this.jobEnv(),
      github: { ...this.options.github, workspace: this.options.workspace },
      runner: { temp: this.temp, os: 'Linux', arch: 'X64' },
      job: { status: this.jobFailed ? 'failure' : 'success' },
      steps: Object.fromEntries(
        steps.map((s) => [s.id, { outputs: s.outputs, outcome: s.outcome, conclusion: s.conclusion }]),
      ),
      secrets: {},
      matrix: {},
    };
    if (inputs) ctx['inputs'] = inputs;
    return ctx;
  }

  /** Variables every process of the job gets from the runner. */
  private runnerEnv(outputFile: string): Record<string, string> {
    const g = this.options.github;
    // The runner gives each step a summary file of its own, already there.
    const summary = `${outputFile}.summary.md`;
    writeFileSync(summary, '');
    return {
      ...this.options.baseEnv,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: this.options.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_ENV: this.envFile,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: this.temp,
      RUNNER_OS: 'Linux',
      // GITHUB_<KEY> for the github context, but never the token: the runner does not export it.
      ...Object.fromEntries(
        Object.entries(g)
          .filter(([k]) => k !== 'token')
          .map(([k, v]) => [`GITHUB_${k.toUpperCase()}`, v]),
      ),
    };
  }

  /** Runs the steps of a job in order; returns the job's status. */
  async runJob(steps: WorkflowStep[]): Promise<'success' | 'failure'> {
    for (const [index, step] of steps.entries()) {
      const result = await this.runStep(step, index, this.results, undefined, undefined);
      this.results.push(result);
    }
    return this.jobFailed ? 'failure' : 'success';
  }

  private async runStep(
    step: WorkflowStep,
    index: number,
    earlier: StepResult[],
    inputs: Record<string, string> | undefined,
    actionPath: string | undefined,
    /** A composite action's steps also get the `env:` of the step that uses the action. */
    inherited: Record<string, string> = {},
  ): Promise<StepResult> {
    const id = step.id ?? `__step${index}`;
    const label = step.name ?? step.id ?? step.uses ?? (step.run ?? '').split('\n')[0] ?? '';
    const base = { id, label, outputs: {}, log: '', env: {} };
    const skippedByUser =
      (step.uses && this.options.skipUses?.some((p) => step.uses?.startsWith(p))) ||
      (step.name && this.options.skipNames?.includes(step.name));
    const ctx = this.contexts(earlier, inputs);
    if (skippedByUser || !condition(step.if, ctx, { failed: this.jobFailed })) {
      return { ...base, outcome: 'skipped', conclusion: 'skipped' };
    }
    this.options.log?.(`> ${label}`);
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
    const outputFile = join(this.temp, `output-${id}-${Date.now()}`);
    writeFileSync(outputFile, '');
    const env = {
      ...this.runnerEnv(outputFile),
      ...this.jobEnv(),
      ...inherited,
      ...stepEnv,
      ...(actionPath ? { GITHUB_ACTION_PATH: actionPath } : {}),
    };
    let code: number;
    let log: string;
    let outputs: Record<string, string> = {};
    let inner: StepResult[] | undefined;
    if (step.run !== undefined) {
      if (step.shell !== undefined && step.shell !== 'bash')
        throw new Error(`${label}: shell ${step.shell} is not emulated`);
      const script = join(this.temp, `script-${id}-${Date.now()}.sh`);
      writeFileSync(script, interpolate(step.run, ctx));
      ({ code, log } = await exec(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', script],
        env,
        this.options.workspace,
      ));
      outputs = parseCommandFile(readFileSync(outputFile, 'utf8'));
    } else if (step.uses?.startsWith('./')) {
      ({
        code,
        log,
        outputs,
        steps: inner,
      } = await this.runAction(step, ctx, env, outputFile, {
        ...inherited,
        ...stepEnv,
      }));
    } else {
      throw new Error(`${label}: uses ${step.uses ?? '(nothing)'} is not emulated; list it in skipUses`);
    }
    Object.assign(this.addedEnv, parseCommandFile(readFileSync(this.envFile, 'utf8')));
    this.options.log?.(log.trimEnd());
    const outcome: Outcome = code === 0 ? 'success' : 'failure';
    const conclusion: Outcome = outcome === 'failure' && step['continue-on-error'] ? 'success' : outcome;
    if (conclusion === 'failure') this.jobFailed = true;
    return { ...base, outcome, conclusion, outputs, log, env, ...(inner ? { steps: inner } : {}) };
  }

  private async runAction(
    step: WorkflowStep,
    ctx: Record<string, unknown>,
    env: Record<string, string>,
    outputFile: string,
    stepEnv: Record<string, string>,
  ): Promise<{ code: number; log: string; outputs: Record<string, string>; steps?: StepResult[] }> {
    const dir = resolve(this.options.workspace, step.uses ?? '');
    const action = YAML.parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as ActionFile;
    const given = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
    const inputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(action.inputs ?? {})) {
      inputs[name] = given[name] ?? interpolate(spec.default, ctx);
    }
    if (action.runs.using.startsWith('node')) {
      // Every declared input (defaults filled in), and every `with:` key the action does not declare:
      // the runner passes those too, with its "Unexpected input" warning.
      const inputEnv = Object.fromEntries(
        Object.entries({ ...given, ...inputs }).map(([k, v]) => [inputVariable(k), v]),
      );
      const main = resolve(dir, action.runs.main ?? '');
      const { code, log } = await exec(process.execPath, [main], { ...env, ...inputEnv }, this.options.workspace);
      return { code, log, outputs: parseCommandFile(readFileSync(outputFile, 'utf8')) };
    }
    if (action.runs.using !== 'composite') throw new Error(`${dir}: runs.using ${action.runs.using} is not emulated`);
    // A composite action: its steps see `inputs` and their own `steps`; the job's status is shared.
    const inner: StepResult[] = [];
    let log = '';
    const failedBefore = this.jobFailed;
    for (const [index, sub] of (action.runs.steps ?? []).entries()) {
      const result = await this.runStep({ shell: 'bash', ...sub }, index, inner, inputs, dir, stepEnv);
      inner.push(result);
      log += `${result.log}`;
    }
    const failed = this.jobFailed && !failedBefore;
    // The composite's own outcome is the step's: the caller decides (continue-on-error) about the job.
    this.jobFailed = failedBefore;
    const outCtx = this.contexts(inner, inputs);
    const outputs = Object.fromEntries(
      Object.entries(action.outputs ?? {}).map(([name, o]) => [name, interpolate(o.value ?? '', outCtx)]),
    );
    return { code: failed ? 1 : 0, log, outputs, steps: inner };
  }
}
