import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { commands } from '../../src/definitions/index.js';

/** The committed bundles, run the way users run them: they must start and fail cleanly on their own. */
function node(args: string[], env: NodeJS.ProcessEnv = {}) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')),
  );
  return spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...clean, ...env } });
}

describe('dist bundles', () => {
  it('dist/cli/index.js --help lists every command', () => {
    const res = node(['dist/cli/index.js', '--help']);
    expect(res.status).toBe(0);
    for (const def of commands) expect(res.stdout).toContain(`  ${def.name}`);
  });

  it('dist/cli/index.js starts with a shebang, so the package bin (npx aws-release-kit) runs it with node', () => {
    expect(readFileSync('dist/cli/index.js', 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('the CLI rejects an unknown command with exit 2', () => {
    const res = node(['dist/cli/index.js', 'launch-rockets']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('unknown command "launch-rockets"');
  });

  for (const def of commands) {
    it(`dist/${def.name}/index.js starts, prints --help, and fails with a usage line when required inputs are missing`, () => {
      expect(existsSync(`dist/${def.name}/index.js`)).toBe(true);
      const help = node([`dist/${def.name}/index.js`, '--help']);
      expect(help.status).toBe(0);
      for (const input of Object.keys(def.inputs)) expect(help.stdout).toContain(`--${input}`);
      const required = Object.entries(def.inputs).filter(([, s]) => s.required);
      if (required.length === 0) return;
      const res = node([`dist/${def.name}/index.js`], { GITHUB_ACTIONS: 'true' });
      expect(res.status).toBe(2);
      expect(res.stdout).toMatch(/^::error::input "[\w-]+": .*usage: aws-release-kit /m);
      const cli = node(['dist/cli/index.js', def.name]);
      expect(cli.status).toBe(2);
      expect(cli.stdout).toBe('');
      expect(cli.stderr).toMatch(/^error: input "[\w-]+": /m);
    });
  }
});
