/**
 * What the GitHub runner really passes to a sub-action: an INPUT_<NAME> variable for EVERY input of its
 * action.yml, set to the value given in `with:`, else to action.yml's default (so `@actions/core` can read
 * defaults), else ''. A command that treats "has a value" as "the user set it" then sees every defaulted
 * input as set. The self-test workflow found this (see .github/self-test and test/integration/
 * self-test-workflow.test.ts); these tests pin it down without a server: each sub-action's ordinary use,
 * as the README shows it, must pass input validation with the values the runner passes.
 *
 * The definitions refuse an out-of-place input only when it differs from its default (InputReader.given),
 * so the runner's defaults never count as the user's choice.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { commands } from '../../src/definitions/index.js';
import { InputReader, readEnvInputs } from '../../src/runtime/inputs.js';

const root = process.cwd();
const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${'a'.repeat(64)}`;

/** The runner's environment for `uses: ./<command>` with `with:` = given. */
function runnerEnv(command: string, given: Record<string, string>): NodeJS.ProcessEnv {
  const action = YAML.parse(readFileSync(join(root, command, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const env: NodeJS.ProcessEnv = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    // The runner upper-cases the name and keeps its hyphens: INPUT_TASK-DEFINITION.
    env[`INPUT_${name.toUpperCase()}`] = given[name] ?? spec.default ?? '';
  }
  return env;
}

/** Validates the inputs as the command does before any AWS call; the InputError message, or 'ok'. */
function validate(command: string, env: NodeJS.ProcessEnv): string {
  const def = commands.find((c) => c.name === command);
  if (!def) throw new Error(`no command ${command}`);
  try {
    def.parse(new InputReader(def.inputs, readEnvInputs(env, def.inputs), [root]), {
      provider: 'github',
      awsRegion: 'us-east-1',
    });
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The same inputs without the runner's defaults: the CLI, or a composite step's env. */
const asGiven = (given: Record<string, string>): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(given).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));

const ordinary: Record<string, Record<string, string>> = {
  's3-sync': { source: 'examples/site', bucket: 'www.example.com', delete: 'true' },
  'ecr-push build': { repository: 'web', context: 'examples', tags: 'v1.2.3' },
  'ecr-push promote': { repository: 'web', 'source-tag': 'abc1234', tags: 'v1.2.3' },
  'ecs-render': { 'task-definition': 'examples/task-definition.json', 'container-name': 'web', image: IMAGE },
  'ecs-deploy': { 'task-definition': 'examples/task-definition.json', cluster: 'prod', service: 'web' },
  'ecs-deploy former wait-timeout': {
    'task-definition': 'examples/task-definition.json',
    cluster: 'prod',
    service: 'web',
    'wait-timeout': '5',
  },
  'ecs-deploy run-task only': {
    'task-definition': 'examples/task-definition.json',
    cluster: 'prod',
    'run-task': 'true',
    'run-task-subnets': 'subnet-0123456789abcdef0',
  },
  'lambda-deploy zip': { 'function-name': 'api', 'source-dir': 'examples/lambda', alias: 'live' },
  'lambda-deploy image': { 'function-name': 'api', 'image-uri': IMAGE },
  notify: { 'discord-webhook-url': 'https://discord.com/api/webhooks/1/token', status: 'success' },
  'codedeploy-deploy': {
    application: 'shop',
    'deployment-group': 'prd',
    revision: 's3://acme-bundles/shop/app.zip',
  },
  'health-check': { url: 'http://localhost:8080/health' },
  releases: { 'release-store': 's3://acme-releases/www' },
  rollback: { 'release-store': 's3://acme-releases/www', to: 'v1.2.3' },
};
const commandOf = (useCase: string): string => useCase.split(' ')[0] ?? useCase;

describe('ordinary use of each sub-action', () => {
  it('covers every command', () => {
    expect([...new Set(Object.keys(ordinary).map(commandOf))].sort()).toEqual(commands.map((c) => c.name).sort());
  });

  for (const [useCase, given] of Object.entries(ordinary)) {
    it(`${useCase}: valid as given (CLI, composite step)`, () => {
      expect(validate(commandOf(useCase), asGiven(given))).toBe('ok');
    });
  }

  for (const [useCase, given] of Object.entries(ordinary)) {
    it(`${useCase}: valid with the defaults the runner passes`, () => {
      expect(validate(commandOf(useCase), runnerEnv(commandOf(useCase), given))).toBe('ok');
    });
  }

  it('an input out of place is still refused when it is set to something other than its default', () => {
    const env = runnerEnv('ecs-render', { ...ordinary['ecs-render'], cluster: 'prod' });
    expect(validate('ecs-render', env)).toMatch(/cluster.*only used with service/);
    const promote = runnerEnv('ecr-push', { ...ordinary['ecr-push promote'], context: 'examples' });
    expect(validate('ecr-push', promote)).toMatch(/context.*does not apply with source-tag/);
  });
});
