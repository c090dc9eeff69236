import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/runtime/errors.js';
import {
  InputReader,
  closestName,
  isBooleanInput,
  parseFlags,
  pathBases,
  readEnvInputs,
  unknownEnvInputs,
} from '../../src/runtime/inputs.js';
import type { InputSpecs } from '../../src/runtime/spec.js';

const specs: InputSpecs = {
  name: { description: 'a string' },
  flag: { description: 'a boolean', default: 'true' },
  off: { description: 'a boolean, default false', default: 'false' },
  count: { description: 'an int', default: '16' },
  tags: { description: 'a list', multiple: true },
  env: { description: 'pairs', multiple: true },
  mode: { description: 'choice' },
  doc: { description: 'json' },
  url: { description: 'url' },
  file: { description: 'path' },
  'task-definition': { description: 'kebab name' },
};

const reader = (values: Record<string, string>, bases?: string[]) =>
  new InputReader(specs, new Map(Object.entries(values)), bases);

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('parseFlags', () => {
  it('reads --name value, --name=value and bare booleans', () => {
    const raw = parseFlags(['--name', 'web', '--count=3', '--flag', '--off', 'false', '--mode=--odd'], specs, 'x');
    expect(Object.fromEntries(raw)).toEqual({ name: 'web', count: '3', flag: 'true', off: 'false', mode: '--odd' });
  });

  it('a bare flag is true only for booleans; any other input needs its value', () => {
    expect(inputError(() => parseFlags(['--name', '--flag'], specs, 'x')).message).toBe(
      'input "name": needs a value: --name VALUE (a value starting with -- is given as --name=VALUE)',
    );
    expect(inputError(() => parseFlags(['--count'], specs, 'x')).input).toBe('count');
  });

  it('a repeated list flag adds lines, a value may contain =, and other inputs take one value', () => {
    const raw = parseFlags(['--tags', 'v1', '--tags', 'latest', '--env', 'A=b=c'], specs, 'x');
    expect(raw.get('tags')).toBe('v1\nlatest');
    expect(reader(Object.fromEntries(raw)).pairs('env')).toEqual([{ key: 'A', value: 'b=c' }]);
    expect(inputError(() => parseFlags(['--name', 'a', '--name', 'b'], specs, 'x')).message).toBe(
      'input "name": is given more than once; it takes one value',
    );
  });

  it('rejects unknown inputs, and stray words without repeating them (they may be pieces of a secret)', () => {
    expect(inputError(() => parseFlags(['--nope', '1'], specs, 'cmd')).message).toBe(
      'input "nope": cmd has no such input (see: cmd --help)',
    );
    const stray = inputError(() => parseFlags(['--name', 'a', 'sk_live_fragment'], specs, 'cmd'));
    expect(stray.input).toBe('argument 3');
    expect(stray.message).not.toContain('sk_live_fragment');
  });

  it('a boolean input must default to true or false, or reading it is a bug (the bare-flag rule depends on it)', () => {
    expect(isBooleanInput({ description: 'x', default: 'false' })).toBe(true);
    expect(isBooleanInput({ description: 'x', default: '16' })).toBe(false);
    expect(() => reader({}).boolean('name')).toThrow('BUG: boolean input "name" must default to true or false');
  });
});

describe('readEnvInputs', () => {
  it('accepts INPUT_TASK-DEFINITION and INPUT_TASK_DEFINITION', () => {
    expect(readEnvInputs({ 'INPUT_TASK-DEFINITION': 'a.json' }, specs).get('task-definition')).toBe('a.json');
    expect(readEnvInputs({ INPUT_TASK_DEFINITION: 'b.json' }, specs).get('task-definition')).toBe('b.json');
    expect(readEnvInputs({ INPUT_NAME: '' }, specs).has('name')).toBe(false);
  });
});

describe('InputReader', () => {
  it('string and required', () => {
    expect(reader({ name: '  web  ' }).string('name')).toBe('web');
    expect(reader({}).string('name')).toBeUndefined();
    expect(inputError(() => reader({}).required('name')).message).toBe('input "name": is required');
  });

  it('boolean: empty means the default, unlike core.getBooleanInput', () => {
    expect(reader({}).boolean('flag')).toBe(true);
    expect(reader({}).boolean('off')).toBe(false);
    expect(reader({ off: 'YES' }).boolean('off')).toBe(true);
    expect(reader({ flag: 'false' }).boolean('flag')).toBe(false);
    expect(inputError(() => reader({ flag: 'maybe' }).boolean('flag')).message).toContain('expected true or false');
  });

  it('int with range', () => {
    expect(reader({}).requiredInt('count')).toBe(16);
    expect(reader({ count: '5' }).int('count', { min: 1, max: 10 })).toBe(5);
    expect(inputError(() => reader({ count: '0' }).int('count', { min: 1 })).message).toContain('at least 1');
    expect(inputError(() => reader({ count: '11' }).int('count', { max: 10 })).message).toContain('at most 10');
    expect(inputError(() => reader({ count: '1.5' }).int('count')).message).toContain('whole number');
  });

  it('list: lines, optional commas, comments and blanks skipped', () => {
    expect(reader({ tags: 'a\n\n  b \n# note\nc' }).list('tags')).toEqual(['a', 'b', 'c']);
    expect(reader({ tags: 'v1, latest\nsha' }).list('tags', { commas: true })).toEqual(['v1', 'latest', 'sha']);
    expect(reader({ tags: 'v1, latest' }).list('tags')).toEqual(['v1, latest']);
  });

  it('pairs split at the first = and keep empty values', () => {
    expect(reader({ env: 'A=1\nURL=postgres://x?a=b\nEMPTY=' }).pairs('env')).toEqual([
      { key: 'A', value: '1' },
      { key: 'URL', value: 'postgres://x?a=b' },
      { key: 'EMPTY', value: '' },
    ]);
    expect(inputError(() => reader({ env: 'A=1\nnope' }).pairs('env')).message).toBe(
      'input "env": line 2 is not KEY=VALUE (it has no "=")',
    );
    expect(inputError(() => reader({ env: '=x' }).pairs('env')).message).toContain('the key before "=" is empty');
    // A malformed line is not echoed: it may carry a secret value.
    expect(inputError(() => reader({ env: 'DB_PASSWORD: hunter2-secret' }).pairs('env')).message).not.toContain(
      'hunter2',
    );
  });

  it('choice, json and url', () => {
    expect(reader({ mode: 'replace' }).choice('mode', ['merge', 'replace'])).toBe('replace');
    expect(inputError(() => reader({ mode: 'x' }).choice('mode', ['merge', 'replace'])).message).toContain(
      'expected one of merge, replace',
    );
    expect(reader({ doc: '{"a":[1]}' }).json('doc')).toEqual({ a: [1] });
    expect(inputError(() => reader({ doc: '{a' }).json('doc')).message).toContain('not valid JSON');
    expect(reader({ url: 'http://127.0.0.1:5000' }).url('url')).toBe('http://127.0.0.1:5000');
    expect(inputError(() => reader({ url: 'ftp://x' }).url('url')).message).toContain('http(s)');
    expect(inputError(() => reader({ url: 'not a url' }).url('url')).message).toContain('not a URL');
  });

  it('path: GITHUB_WORKSPACE, then CODEBUILD_SRC_DIR, then the current directory', () => {
    const ws = mkdtempSync(join(tmpdir(), 'ws-'));
    const cb = mkdtempSync(join(tmpdir(), 'cb-'));
    mkdirSync(join(cb, 'site'));
    const bases = pathBases({ GITHUB_WORKSPACE: ws, CODEBUILD_SRC_DIR: cb }, '/cwd');
    expect(bases).toEqual([ws, cb, '/cwd']);
    const exists = (p: string) => p === join(cb, 'site');
    expect(reader({ file: 'site' }, bases).path('file', exists)).toBe(join(cb, 'site'));
    expect(reader({ file: 'missing' }, bases).path('file', exists)).toBe(join(ws, 'missing'));
    expect(reader({ file: '/abs/x' }, bases).path('file', exists)).toBe('/abs/x');
    expect(pathBases({}, '/cwd')).toEqual(['/cwd']);
  });

  it('reading an undeclared input is a bug, not a user error', () => {
    expect(() => reader({}).string('undeclared')).toThrow('BUG');
  });
});

describe('readAwsCommon', () => {
  const aws = async (values: Record<string, string>, awsRegion?: string) => {
    const { readAwsCommon } = await import('../../src/runtime/aws.js');
    const { awsInputs } = await import('../../src/runtime/spec.js');
    return readAwsCommon(new InputReader(awsInputs, new Map(Object.entries(values))), { provider: 'local', awsRegion });
  };

  it('takes the region from the input, else from the environment', async () => {
    expect((await aws({ region: 'eu-west-1' }, 'us-east-1')).region).toBe('eu-west-1');
    expect((await aws({}, 'ap-northeast-2')).region).toBe('ap-northeast-2');
    await expect(aws({})).rejects.toThrow('input "region": is not set');
  });

  it('checks AWS region names, but accepts other services own names with endpoint-url (R2: auto)', async () => {
    await expect(aws({ region: 'mars' })).rejects.toThrow('is not an AWS region name');
    expect(await aws({ region: 'auto', 'endpoint-url': 'https://acct.r2.cloudflarestorage.com' })).toMatchObject({
      region: 'auto',
      endpoint: 'https://acct.r2.cloudflarestorage.com',
      dryRun: false,
    });
    await expect(aws({ region: 'a b', 'endpoint-url': 'http://127.0.0.1:9000' })).rejects.toThrow('not a region name');
  });
});

describe('unknown INPUT_* variables', () => {
  const own = { 'discord-webhook-url': { description: '' }, 'release-notes': { description: '' } };
  it('reports one no command declares, with the closest input of this command, in either spelling', () => {
    const env = {
      INPUT_DISCORD_WEBHOOK: 'https://x',
      'INPUT_RELESE-NOTES': 'n',
      'INPUT_DISCORD-WEBHOOK-URL': 'https://y',
      PATH: '/bin',
    };
    expect(unknownEnvInputs(env, own, ['bucket'])).toEqual([
      { variable: 'INPUT_DISCORD_WEBHOOK', name: 'discord-webhook', closest: 'discord-webhook-url' },
      { variable: 'INPUT_RELESE-NOTES', name: 'relese-notes', closest: 'release-notes' },
    ]);
  });
  it('passes over quietly what another command declares (CodeBuild shares one environment)', () => {
    expect(unknownEnvInputs({ INPUT_BUCKET: 'b', INPUT_MAX_DELETE: '3' }, own, ['bucket', 'max-delete'])).toEqual([]);
  });
  it('names no closest input when none is near', () => {
    expect(closestName('log-configuration-log-driver', ['bucket', 'source'])).toBeUndefined();
    expect(closestName('bukcet', ['bucket', 'source'])).toBe('bucket');
  });
});
