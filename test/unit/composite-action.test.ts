import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { commands } from '../../src/definitions/index.js';
import { condition, interpolate } from '../helpers/github-expressions.js';

interface Step {
  id: string;
  if?: string;
  run: string;
  env: Record<string, string>;
}
interface Composite {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const text = readFileSync('action.yml', 'utf8');
const action = parse(text) as Composite;
const byName = new Map(commands.map((d) => [d.name, d]));
const commandOf = (step: Step): string => /dist\/([\w-]+)\/index\.js/.exec(step.run)?.[1] ?? '';
const inputName = (envKey: string): string => envKey.slice('INPUT_'.length).toLowerCase().replace(/_/g, '-');

describe('root composite action.yml', () => {
  it('passes GitHub’s action schema', () => {
    expect(validateAction(text).errors).toEqual([]);
  });

  it('runs the release in order, each step the bundle of a known command', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map(commandOf)).toEqual([
      's3-sync',
      'ecr-push',
      'ecs-render',
      'ecs-deploy',
      'lambda-deploy',
      'codedeploy-deploy',
      'rollback',
      'notify',
    ]);
    for (const step of action.runs.steps) {
      expect(step.run).toBe(`node "$GITHUB_ACTION_PATH/dist/${commandOf(step)}/index.js"`);
      expect(byName.has(commandOf(step))).toBe(true);
    }
  });

  it('every INPUT_* a step passes is an input of that command, and required ones are all passed', () => {
    for (const step of action.runs.steps) {
      const def = byName.get(commandOf(step));
      if (!def) throw new Error(`no command for step ${step.id}`);
      const passed = Object.keys(step.env)
        .filter((k) => k.startsWith('INPUT_'))
        .map(inputName);
      for (const name of passed) expect([step.id, name, name in def.inputs]).toEqual([step.id, name, true]);
      for (const [name, spec] of Object.entries(def.inputs)) {
        if (spec.required) expect([step.id, name, passed.includes(name)]).toEqual([step.id, name, true]);
      }
    }
  });

  it('every input of the composite reaches a step', () => {
    const used = JSON.stringify(action.runs.steps);
    for (const name of Object.keys(action.inputs)) {
      // Whole names only: inputs.release-notes must not be satisfied by inputs.release-notes-file.
      const pattern = new RegExp(`inputs\\.${name.replace(/-/g, '\\-')}(?![\\w-])`);
      expect([name, pattern.test(used)]).toEqual([name, true]);
    }
  });

  it('maps each composite input to the command input it stands for', () => {
    const env = (id: string) => action.runs.steps.find((s) => s.id === id)?.env ?? {};
    const expected: Array<[string, string, string]> = [
      ['s3', 'INPUT_BUCKET', 's3-bucket'],
      ['s3', 'INPUT_SOURCE', 's3-source'],
      ['s3', 'INPUT_EXCLUDE', 's3-exclude'],
      ['ecr', 'INPUT_REPOSITORY', 'ecr-repository'],
      ['ecr', 'INPUT_TAGS', 'ecr-tags'],
      ['ecs-render', 'INPUT_TASK_DEFINITION', 'task-definition'],
      ['ecs-render', 'INPUT_CONTAINER_NAME', 'ecs-container-name'],
      ['ecs-deploy', 'INPUT_SERVICE', 'ecs-service'],
      ['ecs-deploy', 'INPUT_CLUSTER', 'ecs-cluster'],
      ['ecs-deploy', 'INPUT_RUN_TASK_COMMAND', 'ecs-run-task-command'],
      ['ecs-deploy', 'INPUT_RUN_TASK_CONTAINER', 'ecs-run-task-container'],
      ['lambda', 'INPUT_FUNCTION_NAME', 'lambda-function-name'],
      ['lambda', 'INPUT_SOURCE_DIR', 'lambda-source-dir'],
      ['lambda', 'INPUT_ROLE', 'lambda-role'],
      ['codedeploy', 'INPUT_APPLICATION', 'codedeploy-application'],
      ['codedeploy', 'INPUT_DEPLOYMENT_GROUP', 'codedeploy-deployment-group'],
      ['codedeploy', 'INPUT_REVISION', 'codedeploy-revision'],
      ['codedeploy', 'INPUT_S3_BUCKET', 'codedeploy-s3-bucket'],
      ['codedeploy', 'INPUT_HEALTH_CHECK_URL', 'codedeploy-health-check-url'],
      ['notify', 'INPUT_RELEASE_NOTES', 'release-notes'],
      ['notify', 'INPUT_RELEASE_NOTES_FILE', 'release-notes-file'],
      ['notify', 'INPUT_DISCORD_WEBHOOK_URL', 'discord-webhook-url'],
    ];
    for (const [step, key, input] of expected)
      expect([step, key, env(step)[key]]).toEqual([step, key, `\${{ inputs.${input} }}`]);
    expect(env('lambda')['INPUT_IMAGE_URI']).toContain('steps.ecr.outputs.image-uri');
    expect(env('notify')['INPUT_STATUS']).toMatch(/^\$\{\{ inputs\.status \|\| /);
    expect(env('notify')['INPUT_DETAILS']).toContain('${{ inputs.details }}');
  });

  it('a step runs only when its key input is set, and notify always runs', () => {
    const ifs = Object.fromEntries(action.runs.steps.map((s) => [s.id, s.if ?? '']));
    expect(ifs['s3']).toBe("inputs.s3-bucket != ''");
    expect(ifs['ecr']).toBe("inputs.ecr-repository != ''");
    expect(ifs['ecs-render']).toBe("inputs.ecs-service != ''");
    expect(ifs['ecs-deploy']).toBe("inputs.ecs-service != ''");
    expect(ifs['lambda']).toBe("inputs.lambda-function-name != ''");
    expect(ifs['codedeploy']).toBe("inputs.codedeploy-application != ''");
    expect(ifs['notify']).toMatch(/^always\(\) && /);
  });

  it('hands the pushed image to the render and the render to the deploy', () => {
    const env = (id: string) => action.runs.steps.find((s) => s.id === id)?.env ?? {};
    expect(env('ecs-render')['INPUT_IMAGE']).toContain('steps.ecr.outputs.image-uri');
    expect(env('ecs-deploy')['INPUT_TASK_DEFINITION']).toBe('${{ steps.ecs-render.outputs.task-definition }}');
    expect(env('notify')['INPUT_DETAILS']).toContain('steps.ecr.outputs.image-uri');
  });

  it('notify reports the CodeDeploy step: its deployment, or that it failed', () => {
    const env = (id: string) => action.runs.steps.find((s) => s.id === id)?.env ?? {};
    expect(env('notify')['INPUT_STATUS']).toContain("steps.codedeploy.outcome == 'failure'");
    expect(env('notify')['INPUT_DETAILS']).toContain('steps.codedeploy.outputs.deployment-id');
    expect(env('notify')['INPUT_DETAILS']).toMatch(/steps\.codedeploy\.outcome == 'failure' && format\('CodeDeploy=/);
    // Without its own description, the deployment says which commit it is.
    expect(env('codedeploy')['INPUT_DESCRIPTION']).toContain('github.sha');
    expect(action.outputs['codedeploy-deployment-id']?.value).toBe('${{ steps.codedeploy.outputs.deployment-id }}');
  });

  it('records in the default store when rollback-on-failure is on and no release-store is given', () => {
    const recording = action.runs.steps.filter((step) => 'INPUT_RELEASE_STORE' in step.env);
    expect(recording.map(commandOf)).toEqual(
      expect.arrayContaining(['s3-sync', 'ecs-deploy', 'lambda-deploy', 'rollback']),
    );
    const storeWith = (inputs: Record<string, string>) =>
      recording.map((step) => interpolate(step.env.INPUT_RELEASE_STORE, { inputs, github: {} }));
    const every = (value: string) => recording.map(() => value);
    expect(storeWith({ 'release-store': '', 'rollback-on-failure': 'true' })).toEqual(every('default'));
    expect(storeWith({ 'release-store': '', 'rollback-on-failure': 'false' })).toEqual(every(''));
    expect(storeWith({ 'release-store': 's3://acme/rel', 'rollback-on-failure': 'true' })).toEqual(
      every('s3://acme/rel'),
    );
    const rollback = action.runs.steps.find((step) => step.id === 'rollback');
    const runs = (inputs: Record<string, string>, failed: boolean) =>
      condition(rollback?.if, { inputs, github: {} }, { failed });
    expect(runs({ 'release-store': '', 'rollback-on-failure': 'true' }, true)).toBe(true);
    expect(runs({ 'release-store': '', 'rollback-on-failure': 'true' }, false)).toBe(false);
    expect(runs({ 'release-store': 's3://acme/rel', 'rollback-on-failure': 'false' }, true)).toBe(false);
  });

  it('every output reads an output the step really has', () => {
    const stepCommand = new Map(action.runs.steps.map((s) => [s.id, commandOf(s)]));
    for (const [name, out] of Object.entries(action.outputs)) {
      const m = /^\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(out.value);
      expect([name, !!m]).toEqual([name, true]);
      const def = byName.get(stepCommand.get(m?.[1] ?? '') ?? '');
      expect([name, m?.[2] ?? '', !!def && (m?.[2] ?? '') in def.outputs]).toEqual([name, m?.[2] ?? '', true]);
    }
  });
});

describe('example workflows', () => {
  const files = readdirSync('examples/workflows').filter((f) => f.endsWith('.yml'));

  it('exist for the documented cases', () => {
    expect(files.sort()).toEqual([
      'container-migration.yml',
      'ec2-codedeploy.yml',
      'lambda.yml',
      'release.yml',
      'static-site.yml',
    ]);
  });

  for (const file of files) {
    it(`${file} passes GitHub’s workflow schema`, () => {
      expect(validateWorkflow(readFileSync(`examples/workflows/${file}`, 'utf8')).errors).toEqual([]);
    });
  }
});
