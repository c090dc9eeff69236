/**
 * The one bundle. dist/main/index.js is built from this file; dist/cli/index.js and every
 * dist/<command>/index.js are thin entries (written by scripts/build.mjs) that call into it.
 */
import { commands, declaredInputNames } from './definitions/index.js';
import { main } from './cli.js';
import { exitWith, runCommand } from './runtime/run.js';
import type { CommandDefinition } from './runtime/spec.js';

/** Every command's name: scripts/build.mjs writes a dist/<name>/index.js for each. */
export const commandNames = (commands as CommandDefinition<unknown>[]).map((d) => d.name);

/** `node dist/cli/index.js <command> --input value ...` (CodeBuild, a shell, npx). */
export async function cliMain(argv: string[]): Promise<void> {
  await main(argv);
}

/** The body of every sub-action's dist/<command>/index.js (GitHub Actions: inputs from INPUT_*). */
export async function actionMain(name: string): Promise<void> {
  const def = (commands as CommandDefinition<unknown>[]).find((d) => d.name === name);
  if (!def) throw new Error(`BUG: no command named ${name}`);
  exitWith(
    await runCommand(def, {
      argv: process.argv.slice(2),
      env: process.env,
      cwd: process.cwd(),
      entry: 'action',
      declaredAnywhere: declaredInputNames,
    }),
  );
}
