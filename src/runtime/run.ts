import { existsSync } from 'node:fs';
import module from 'node:module';
import { readRunContext } from './context.js';
import { InputError, errorMessage } from './errors.js';
import { commandHelp, usageLine } from './help.js';
import { InputReader, parseFlags, pathBases, readEnvInputs, unknownEnvInputs } from './inputs.js';
import type { CommandDefinition } from './spec.js';

export interface RunOptions {
  /** Arguments after the command name. */
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** 'action' for dist/<command>/index.js (GitHub Actions style), 'cli' for dist/cli/index.js. */
  entry: 'action' | 'cli';
  stdout?: (text: string) => void;
  /** Where log lines go; by default stdout in Actions and stderr elsewhere. */
  log?: (line: string) => void;
  /**
   * Every input name that some command of the toolkit declares: an INPUT_* variable outside this set
   * gets a warning; one inside it (another command's) is passed over quietly.
   */
  declaredAnywhere?: Iterable<string>;
}

/**
 * Runs one command and owns its failure: exit 2 with one line naming the input for bad input
 * (before anything changes), exit 1 with a clear message for everything else, 0 when done.
 */
export async function runCommand<I>(def: CommandDefinition<I>, options: RunOptions): Promise<number> {
  const stdout = options.stdout ?? ((t: string) => void process.stdout.write(t));
  if (options.argv.includes('--help') || options.argv.includes('-h')) {
    stdout(`${commandHelp(def as CommandDefinition<unknown>)}\n`);
    return 0;
  }
  // Node 22+ keeps compiled bundles on disk: the next command of the same job starts faster.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // Loaded here, not at start-up, so that --help stays as fast as bare Node.
  const { createHost, writeOutputs } = await import('./host.js');
  const mode = options.entry === 'action' && options.env['GITHUB_ACTIONS'] === 'true' ? 'actions' : 'plain';
  const context = readRunContext(options.env, options.cwd);
  const host = createHost({ mode, env: options.env, context, write: options.log });
  try {
    const raw = readEnvInputs(options.env, def.inputs);
    for (const u of unknownEnvInputs(options.env, def.inputs, options.declaredAnywhere ?? [])) {
      const hint = u.closest ? `; did you mean "${u.closest}"?` : '';
      host.log.warn(`${def.name} has no input "${u.name}" (from ${u.variable}); it is ignored${hint}`);
    }
    let flagError: unknown;
    try {
      for (const [k, v] of parseFlags(options.argv, def.inputs, def.name)) raw.set(k, v);
    } catch (err) {
      flagError = err;
    }
    // Secrets are registered before anything can be logged, error messages included.
    for (const [name, spec] of Object.entries(def.inputs)) {
      if (spec.secret) for (const line of (raw.get(name) ?? '').split('\n')) host.secret(line.trim());
    }
    if (flagError) throw flagError;
    const reader = new InputReader(def.inputs, raw, pathBases(options.env, options.cwd));
    const inputs = def.parse(reader, context);
    const impl = await def.load();
    const outputs = await impl.run(inputs, host);
    writeOutputs(outputs, mode, stdout);
    return 0;
  } catch (err) {
    if (err instanceof InputError) {
      host.log.error(`${err.message} (usage: ${usageLine(def as CommandDefinition<unknown>)}; see --help)`);
      return 2;
    }
    host.log.error(`${def.name} failed: ${errorMessage(err)}`);
    if (err instanceof Error && err.stack && err.name !== 'ReleaseError') host.log.debug(err.stack);
    return 1;
  }
}

/** Exits once stdout has drained, so that the outputs line is never cut off. */
export function exitWith(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

export const fileExists = existsSync;
