import type { RunContext } from '../../src/runtime/context.js';
import { createHost, type Host } from '../../src/runtime/host.js';
import { runCommand } from '../../src/runtime/run.js';
import type { CommandDefinition } from '../../src/runtime/spec.js';

export interface CapturedHost extends Host {
  lines: string[];
  /** Everything logged, one string. */
  text(): string;
}

/** A plain-mode host whose log lines are captured, with no real waiting. */
export function testHost(
  context: Partial<RunContext> = {},
  options: { sleep?: (ms: number) => Promise<void> } = {},
): CapturedHost {
  const lines: string[] = [];
  const host = createHost({
    mode: 'plain',
    env: {},
    context: { provider: 'local', ...context },
    write: (l) => lines.push(l),
  });
  return Object.assign(host, {
    lines,
    text: () => lines.join('\n'),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  log: string;
  /** The outputs object (parsed from the last stdout line), or undefined. */
  outputs?: Record<string, string | number | boolean>;
}

/**
 * Runs a command the way `node dist/cli/index.js <command> ...` does, in this process: flags in,
 * exit code, stdout (outputs JSON) and log lines (stderr) out.
 */
export async function runCli<I>(
  def: CommandDefinition<I>,
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  let stdout = '';
  const lines: string[] = [];
  const code = await runCommand(def, {
    argv,
    env: { AWS_REGION: process.env['AWS_REGION'], ...env },
    cwd: process.cwd(),
    entry: 'cli',
    stdout: (t) => (stdout += t),
    log: (l) => lines.push(l),
  });
  const last = stdout.trim().split('\n').pop();
  let outputs: CliResult['outputs'];
  if (last?.startsWith('{')) outputs = JSON.parse(last) as CliResult['outputs'];
  return { code, stdout, log: lines.join('\n'), outputs };
}
