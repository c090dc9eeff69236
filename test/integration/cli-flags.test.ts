/*
 * Every flag of every command, through the real CLI process (`node dist/cli/index.js <command>`).
 * Node reads some options anywhere on its command line, after the script name too: `--env-file x`
 * made Node itself exit 9 ("node: x: not found") before the toolkit ran. Each flag here is given in
 * a way only the toolkit's own parser answers (twice, or the second time without a value), so the
 * answer must be exit 2 with one line naming that input: proof that the flag reached the toolkit.
 * The commands and inputs come from src/definitions/index.ts, so a new command or input is covered
 * without touching this file. Extra Node binaries (e.g. 22 and 24, as scripts/node-versions.sh
 * fetches them) can be named in ARKIT_EXTRA_NODES, separated by colons.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBooleanInput } from '../../src/runtime/inputs.js';
import { commands } from '../../src/definitions/index.js';
import type { InputSpec } from '../../src/runtime/spec.js';

const CLI = join(process.cwd(), 'dist/cli/index.js');
const nodes = [process.execPath, ...(process.env['ARKIT_EXTRA_NODES'] ?? '').split(':').filter(Boolean)];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without inheriting inputs or CI variables from this process. */
function cli(node: string, args: string[]): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !k.startsWith('INPUT_') && !k.startsWith('GITHUB_') && !k.startsWith('CODEBUILD_') && k !== 'NODE_OPTIONS',
    ),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(node, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs jobs a few at a time (the machine is shared). */
async function pool<T, R>(items: readonly T[], size: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

/**
 * Arguments that only the toolkit's parser refuses, naming the input: a single-value input given
 * twice, a list input given a second time without a value (boolean list inputs do not exist).
 */
function probe(name: string, spec: InputSpec): { args: string[]; answer: string } {
  if (!spec.multiple) {
    return { args: [`--${name}`, 'x', `--${name}`, 'x'], answer: `input "${name}": is given more than once` };
  }
  if (isBooleanInput(spec)) throw new Error(`BUG in this test: ${name} is a boolean list input`);
  return { args: [`--${name}`, 'x', `--${name}`], answer: `input "${name}": needs a value` };
}

const cases = commands.flatMap((def) =>
  Object.entries(def.inputs).map(([name, spec]) => ({ command: def.name, name, ...probe(name, spec) })),
);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(nodes)('every flag of every command reaches the CLI (node %s)', (node) => {
  it('dist/cli/index.js is built', () => {
    expect(existsSync(CLI)).toBe(true);
  });

  it(`all ${cases.length} flags are answered by the toolkit, not by Node`, async () => {
    expect(cases.length).toBeGreaterThan(commands.length);
    const runs = await pool(cases, 4, async (c) => ({ c, run: await cli(node, [c.command, ...c.args]) }));
    const wrong = runs
      .filter(({ c, run }) => run.code !== 2 || !run.stderr.includes(c.answer))
      .map(({ c, run }) => `${c.command} --${c.name}: exit ${run.code}, ${run.stderr.trim().split('\n')[0]}`);
    expect(wrong).toEqual([]);
    for (const { run } of runs) expect(run.stdout).toBe('');
  });

  it('ecs-render --dotenv-file renders the local dotenv file into the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arkit-cli-flags-'));
    dirs.push(dir);
    const out = join(dir, 'td.json');
    const run = await cli(node, [
      'ecs-render',
      '--task-definition',
      join(process.cwd(), 'test/fixtures/ecs/ec2.json'),
      '--dotenv-file',
      join(process.cwd(), 'test/fixtures/ecs/env.production'),
      '--output-file',
      out,
    ]);
    expect(run.stderr).not.toMatch(/^(node|error):/m);
    expect(run.code).toBe(0);
    const env = JSON.parse(readFileSync(out, 'utf8')).containerDefinitions[0].environment;
    expect(env).toContainEqual({ name: 'NODE_ENV', value: 'production' });
  });

  it('--env-file is never a toolkit input: Node takes it, or the toolkit refuses it as unknown', async () => {
    const run = await cli(node, ['ecs-render', '--env-file', 'test/fixtures/ecs/env.production']);
    const nodeTookIt = run.code === 9 || /^node: /m.test(run.stderr);
    const refused = run.code === 2 && run.stderr.includes('input "env-file": ecs-render has no such input');
    expect(nodeTookIt || refused).toBe(true);
  });
});
