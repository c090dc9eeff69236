import { describe, expect, it } from '@jest/globals';
import { InputError, ReleaseError } from '../../src/runtime/errors.js';
import type { CommandDefinition } from '../../src/runtime/spec.js';
import { runCli } from '../helpers/host.js';

interface EchoInputs {
  token: string;
  mode: string;
  fail?: string;
}

/** A command defined only for these tests: it logs its secret input and fails on request. */
const echo: CommandDefinition<EchoInputs> = {
  name: 'echo',
  title: 'Echo',
  description: 'test command',
  inputs: {
    token: { description: 'a secret', required: true, secret: true },
    mode: { description: 'ok or bad', default: 'ok' },
    fail: { description: 'throw this' },
  },
  outputs: { result: 'what happened' },
  parse(reader) {
    const mode = reader.value('mode');
    if (mode !== 'ok') throw new InputError('mode', `"${mode}" is not ok (token ${reader.required('token')})`);
    return { token: reader.required('token'), mode, fail: reader.string('fail') };
  },
  load: async () => ({
    async run(inputs, host) {
      host.log.info(`using token ${inputs.token} in https://x/${encodeURIComponent(inputs.token)}`);
      if (inputs.fail === 'release') throw new ReleaseError(`could not deploy with ${inputs.token}`);
      if (inputs.fail === 'crash') throw new TypeError('boom');
      return { result: 'done' };
    },
  }),
};

const TOKEN = 'sk_live_9f8e7d6c5b4a';

describe('runCommand', () => {
  it('prints outputs as the last stdout line and logs only to the log stream', async () => {
    const res = await runCli(echo, ['--token', TOKEN]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('{"result":"done"}\n');
    expect(res.log).toContain('using token ***');
  });

  it('a secret input never appears in stdout or the log, also in errors', async () => {
    for (const argv of [
      ['--token', TOKEN],
      ['--token', TOKEN, '--mode', 'bad'],
      ['--token', TOKEN, '--fail', 'release'],
      ['--token', TOKEN, '--fail', 'crash'],
      ['--token', TOKEN, '--unknown', TOKEN],
    ]) {
      const res = await runCli(echo, argv, { DEBUG: 'aws-release-kit' });
      expect(`${res.stdout}\n${res.log}`).not.toContain(TOKEN);
      expect(`${res.stdout}\n${res.log}`).not.toContain(encodeURIComponent(TOKEN).slice(0, 12));
    }
  });

  it('reads secrets and other inputs from INPUT_* too', async () => {
    const res = await runCli(echo, [], { INPUT_TOKEN: TOKEN });
    expect(res.code).toBe(0);
    expect(res.log).not.toContain(TOKEN);
  });

  it('exit 2 with one line naming the input and the usage for bad input', async () => {
    const res = await runCli(echo, []);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.log).toBe(
      'error: input "token": is required (usage: aws-release-kit echo --token VALUE [--input value ...]; see --help)',
    );
  });

  it('exit 1 with one clear line for failures', async () => {
    const res = await runCli(echo, ['--token', TOKEN, '--fail', 'crash']);
    expect(res.code).toBe(1);
    expect(res.log).toContain('error: echo failed: boom');
    expect(res.stdout).toBe('');
  });

  it('--help lists every input with its default and marks', async () => {
    const res = await runCli(echo, ['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('--token');
    expect(res.stdout).toMatch(/--mode\s+ok or bad \(default: ok\)/);
    expect(res.stdout).toMatch(/a secret \(required; secret\)/);
    expect(res.stdout).toMatch(/result\s+what happened/);
  });
});
