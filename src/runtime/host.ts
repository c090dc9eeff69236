import * as core from '@actions/core';
import { getExecOutput } from '@actions/exec';
import type { RunContext } from './context.js';
import { Redactor } from './secrets.js';
import type { OutputValue } from './spec.js';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** A foldable section in Actions; a headed block elsewhere. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

export interface ExecOptions {
  /** Written to the process's standard input (how passwords reach `login --password-stdin`). */
  input?: string | Buffer;
  cwd?: string;
  env?: Record<string, string>;
  /** Do not log each output line (the output is still returned). */
  quiet?: boolean;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Everything a command may know about where it runs. Commands get it; they never read process.env. */
export interface Host {
  log: Log;
  context: RunContext;
  /** Registers a secret: masked in Actions, redacted from every log line everywhere. */
  secret(value: string | undefined): void;
  /** Appends markdown to the job summary; does nothing unless GITHUB_STEP_SUMMARY is set. */
  summary(markdown: string): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** Runs a program with an argument array (never a shell string); output lines go to the log. */
  exec(command: string, args: string[], options?: ExecOptions): Promise<ExecResult>;
}

export type Mode = 'actions' | 'plain';

export interface HostOptions {
  mode: Mode;
  env: NodeJS.ProcessEnv;
  context: RunContext;
  /** Where log lines go. In plain mode this is stderr, so stdout carries only the outputs JSON. */
  write?: (line: string) => void;
  redactor?: Redactor;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createHost(options: HostOptions): Host & { redactor: Redactor } {
  const redactor = options.redactor ?? new Redactor();
  const actions = options.mode === 'actions';
  const write =
    options.write ??
    (actions ? (l: string) => process.stdout.write(`${l}\n`) : (l: string) => process.stderr.write(`${l}\n`));
  const debugOn =
    options.env['RUNNER_DEBUG'] === '1' ||
    options.env['ACTIONS_STEP_DEBUG'] === 'true' ||
    options.env['DEBUG'] === 'aws-release-kit';
  let depth = 0;

  const emit = (prefix: string, message: string): void => {
    for (const line of redactor.redact(message).split('\n')) write(prefix + line);
  };
  // Workflow commands must not be forged by logged text: a line from a log or a release note that
  // starts with :: would otherwise be executed by the runner.
  const safe = (m: string): string => (actions ? m.replace(/^::/gm, ': :') : m);

  const log: Log = {
    info: (m) => emit('', safe(m)),
    warn: (m) => emit(actions ? '::warning::' : 'warning: ', safe(m).replace(/\n/g, actions ? '%0A' : '\n')),
    error: (m) => emit(actions ? '::error::' : 'error: ', safe(m).replace(/\n/g, actions ? '%0A' : '\n')),
    debug: (m) => {
      if (debugOn) emit(actions ? '::debug::' : 'debug: ', safe(m));
    },
    async group(title, fn) {
      const top = depth === 0;
      depth++;
      if (actions && top) emit('::group::', safe(title));
      else emit('', `── ${title} ──`);
      try {
        return await fn();
      } finally {
        depth--;
        if (actions && top) write('::endgroup::');
      }
    },
  };

  return {
    log,
    redactor,
    context: options.context,
    secret(value) {
      if (!value) return;
      redactor.add(value);
      // Only the Actions runner understands add-mask; anywhere else the command would print the secret.
      if (actions) core.setSecret(value);
    },
    async summary(markdown) {
      if (!process.env['GITHUB_STEP_SUMMARY']) return;
      await core.summary.addRaw(redactor.redact(markdown), true).write();
    },
    sleep: realSleep,
    async exec(command, args, execOptions = {}) {
      log.info(`$ ${[command, ...args].map(quoteArg).join(' ')}`);
      const result = await getExecOutput(command, args, {
        silent: true,
        ignoreReturnCode: true,
        cwd: execOptions.cwd,
        env: execOptions.env ? { ...(process.env as Record<string, string>), ...execOptions.env } : undefined,
        input: execOptions.input === undefined ? undefined : Buffer.from(execOptions.input),
        listeners: execOptions.quiet
          ? {}
          : { stdline: (l: string) => log.info(l), errline: (l: string) => log.info(l) },
      });
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    },
  };
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** Hands the outputs on: GITHUB_OUTPUT when set, and in plain mode one JSON object as the last stdout line. */
export function writeOutputs(
  outputs: Record<string, OutputValue>,
  mode: Mode,
  stdout: (text: string) => void = (t) => process.stdout.write(t),
): void {
  // @actions/core writes the file named by process.env.GITHUB_OUTPUT (and without it would print a
  // deprecated ::set-output:: command), so it is only called when that file exists.
  if (process.env['GITHUB_OUTPUT']) {
    for (const [k, v] of Object.entries(outputs)) core.setOutput(k, String(v));
  }
  if (mode === 'plain') stdout(`${JSON.stringify(outputs)}\n`);
}
