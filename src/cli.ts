import packageJson from '../package.json' with { type: 'json' };
import { commands, declaredInputNames } from './definitions/index.js';
import { PROGRAM, programHelp } from './runtime/help.js';
import { exitWith, runCommand } from './runtime/run.js';
import type { CommandDefinition } from './runtime/spec.js';

/** package.json's version: what a release tags (see CONTRIBUTING.md, Releasing). */
export const VERSION: string = packageJson.version;

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const defs = commands as CommandDefinition<unknown>[];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${programHelp(defs, VERSION)}\n`);
    exitWith(name ? 0 : 2);
    return;
  }
  if (name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    exitWith(0);
    return;
  }
  const def = defs.find((d) => d.name === name);
  if (!def) {
    process.stderr.write(
      `error: unknown command "${name}"; commands: ${defs.map((d) => d.name).join(', ')} (see: ${PROGRAM} --help)\n`,
    );
    exitWith(2);
    return;
  }
  exitWith(
    await runCommand(def, {
      argv: rest,
      env: process.env,
      cwd: process.cwd(),
      entry: 'cli',
      declaredAnywhere: declaredInputNames,
    }),
  );
}
