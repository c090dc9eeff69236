/*
 * Every flag of every command, through the real CLI process (`node dist/cli/index.js <command>`).
 * Node reads some options anywhere on its command line, after the script name too: `--env-file x`
 * made Node itself exit 9 ("node: x: not found") before the toolkit ran. Each command gets all its
 * flags at once, ended so that only the toolkit's own parser answers, after reading them all.
 * The commands and inputs come from src/definitions/index.ts, so a new command or input is covered
 * without touching this file. Extra Node binaries (e.g. 22 and 24, as scripts/node-versions.sh
 * fetches them) can be named in ARKIT_EXTRA_NODES, separated by colons.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../src/definitions/index.js';

// A CLI start takes seconds on a busy machine; each test starts at most one or two.
jest.setTimeout(300_000);

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

/**
 * One run per command: every input as `--name value` (the form Node's own options take), then the
 * first single-value input again. Only the toolkit's parser refuses that, naming the input, and only
 * after it has read every flag before it: an input unknown to it, or one that Node took for itself,
 * would end the run earlier with another answer (Node exits 9 for --env-file). Values are not checked
 * before every flag is read, so "x" serves for all.
 */
const cases = commands.map((def) => {
  const names = Object.keys(def.inputs);
  const again = names.find((n) => !def.inputs[n]?.multiple);
  if (!again) throw new Error(`BUG in this test: ${def.name} has no single-value input`);
  return {
    command: def.name,
    count: names.length,
    args: [...names.flatMap((n) => [`--${n}`, 'x']), `--${again}`, 'x'],
    answer: `input "${again}": is given more than once`,
  };
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(nodes)('every flag of every command reaches the CLI (node %s)', (node) => {
  it('dist/cli/index.js is built', () => {
    expect(existsSync(CLI)).toBe(true);
  });

  it.each(cases)(
    '$command: all $count flags are read by the toolkit, not by Node',
    async (c) => {
      const run = await cli(node, [c.command, ...c.args]);
      expect(run.stderr.trim().split('\n')[0]).toContain(c.answer);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
    },
    300_000,
  );

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
