/**
 * Static checks of buildspec/ and examples/: every flag a snippet (or examples/buildspec.yml, the
 * demo's) passes to the CLI is an input of that command, secrets never sit in plain variables, every
 * snippet gets the toolkit the same way, every `with:` of an example workflow is an input of the
 * action it uses (and the required ones are given), and the files the examples point at exist.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { parseBuildspec } from '../../scripts/buildspec-run.mjs';
import { commands } from '../../src/definitions/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const snippets = readdirSync(join(root, 'buildspec')).filter((f) => f.endsWith('.yml'));
/** Every buildspec of the repository, by path: the snippets and the demo's. */
const buildspecs = [...snippets.map((f) => `buildspec/${f}`), 'examples/buildspec.yml'];
const workflows = readdirSync(join(root, 'examples', 'workflows')).filter((f) => f.endsWith('.yml'));
const byName = new Map(commands.map((c) => [c.name, c]));

/** Each CLI call in a command line: the command name and the --flags after it. */
function cliCalls(command: string): Array<{ name: string; flags: string[] }> {
  const calls: Array<{ name: string; flags: string[] }> = [];
  // The flags run until the end of that shell command (;, |, && or the end of the line).
  const re = /dist\/cli\/index\.js"?\s+([a-z0-9-]+)([^;|&]*)/g;
  for (const m of command.matchAll(re)) {
    const flags = [...(m[2] ?? '').matchAll(/(?:^|[\s+])--([a-z0-9-]+)/g)].map((f) => f[1] as string);
    calls.push({ name: m[1] as string, flags });
  }
  return calls;
}

describe('buildspec snippets', () => {
  it('there are the snippets the README promises', () => {
    expect(snippets.sort()).toEqual([
      'ec2-codedeploy.yml',
      'ecs-bluegreen.yml',
      'ecs-image.yml',
      'lambda.yml',
      'notify.yml',
      'static-site.yml',
    ]);
  });

  it.each(buildspecs)('%s: is a valid buildspec 0.2 whose CLI flags are all inputs of their command', (file) => {
    const spec = parseBuildspec(readFileSync(join(root, file), 'utf8'));
    const calls = spec.phases.flatMap((p) => [...p.commands, ...p.finally]).flatMap(cliCalls);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      if (call.name.startsWith('-')) continue; // --version
      const def = byName.get(call.name);
      expect(def?.name).toBe(call.name);
      for (const flag of call.flags)
        expect([call.name, flag, flag in (def?.inputs ?? {})]).toEqual([call.name, flag, true]);
    }
  });

  it.each(buildspecs)('%s: every value to change is a variable, ARKIT and ENDPOINT_URL among them', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const spec = parseBuildspec(text);
    expect(spec.variables['ARKIT']).toBe('aws-release-kit');
    expect(spec.variables['ARKIT_TARBALL_URL']).toBe('');
    expect(spec.variables['ENDPOINT_URL']).toBe('');
    expect(spec.shell).toBe('bash');
    // No real account id: only the documentation one.
    for (const id of text.match(/\b\d{12}\b/g) ?? []) expect(id).toBe('123456789012');
    // Every $NAME used in the commands is set somewhere: a variable, a parameter, a command, or CodeBuild.
    const commandsText = spec.phases.flatMap((p) => [...p.commands, ...p.finally]).join('\n');
    const assigned = new Set([
      ...Object.keys(spec.variables),
      ...Object.keys(spec.parameterStore),
      ...[...commandsText.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]),
    ]);
    for (const [, name] of commandsText.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)) {
      if (name?.startsWith('CODEBUILD_')) continue;
      expect([name, assigned.has(name as string)]).toEqual([name, true]);
    }
  });

  it.each(buildspecs)(
    '%s: secrets (webhooks, keys, tokens) come from Parameter Store, never plain variables',
    (file) => {
      const spec = parseBuildspec(readFileSync(join(root, file), 'utf8'));
      const secretLike = /WEBHOOK|TOKEN|PASSWORD|SECRET|API_KEY/;
      expect(Object.keys(spec.variables).filter((name) => secretLike.test(name))).toEqual([]);
    },
  );

  it.each(buildspecs)('%s: gets the toolkit like every other buildspec, and its header says how', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const spec = parseBuildspec(text);
    const reference = parseBuildspec(readFileSync(join(root, 'buildspec', 'static-site.yml'), 'utf8'));
    const install = spec.phases.find((p) => p.name === 'install');
    expect(install?.commands).toEqual(reference.phases.find((p) => p.name === 'install')?.commands);
    // The ways in, and why the plain submodule fetch fails from CodePipeline's default artifact.
    const header = text.slice(0, text.indexOf('\nversion: 0.2'));
    for (const words of ['Use Git submodules', 'ARKIT_TARBALL_URL', 'Full clone', 'CODE_ZIP', 'no\n# npm install'])
      expect([words, header.includes(words)]).toEqual([words, true]);
  });

  it('ecs-image.yml changes only the image: ecs-render gets no other change for a task definition the ECS action ignores', () => {
    const text = readFileSync(join(root, 'buildspec', 'ecs-image.yml'), 'utf8');
    const spec = parseBuildspec(text);
    const render = spec.phases
      .flatMap((p) => p.commands)
      .flatMap(cliCalls)
      .find((c) => c.name === 'ecs-render');
    expect(render?.flags.sort()).toEqual([
      'container-name',
      'image',
      'imagedefinitions-file',
      'output-file',
      'task-definition',
    ]);
    // The header says what to use when the task definition itself changes.
    expect(text).toContain('buildspec/ecs-bluegreen.yml');
    expect(text).toMatch(/#\s+node "\$ARKIT\/dist\/cli\/index\.js" ecs-deploy/);
  });

  it('notify.yml and the demo buildspec: a plain curl message when the toolkit is missing, notify otherwise', () => {
    for (const file of ['buildspec/notify.yml', 'examples/buildspec.yml']) {
      const spec = parseBuildspec(readFileSync(join(root, file), 'utf8'));
      const post = spec.phases.find((p) => p.name === 'post_build');
      const last = [...(post?.commands ?? []), ...(post?.finally ?? [])].join('\n');
      expect([file, last.includes('notify'), last.includes('curl -fsS')]).toEqual([file, true, true]);
      expect(spec.phases.find((p) => p.name === 'install')?.onFailure).toBe('CONTINUE');
      expect(spec.phases.find((p) => p.name === 'pre_build')?.onFailure).toBe('CONTINUE');
    }
  });
});

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

function actionInputs(path: string): Record<string, { required?: boolean; default?: unknown }> {
  const doc = YAML.parse(readFileSync(join(root, path), 'utf8')) as { inputs?: Record<string, never> };
  return doc.inputs ?? {};
}

describe('example workflows', () => {
  it('there are the documented workflows', () => {
    expect(workflows.sort()).toEqual([
      'container-migration.yml',
      'ec2-codedeploy.yml',
      'lambda.yml',
      'release.yml',
      'static-site.yml',
    ]);
  });

  it.each(workflows)('%s: uses only inputs the actions declare, and gives the required ones', (file) => {
    const doc = YAML.parse(readFileSync(join(root, 'examples', 'workflows', file), 'utf8')) as {
      on: unknown;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[] }>;
    };
    expect(doc.permissions['id-token']).toBe('write');
    const steps = Object.values(doc.jobs).flatMap((j) => j.steps);
    const ours = steps.filter((s) => s.uses?.startsWith('OWNER/aws-release-kit'));
    expect(ours.length).toBeGreaterThan(0);
    for (const step of ours) {
      const m = /^OWNER\/aws-release-kit(?:\/([a-z0-9-]+))?@v1$/.exec(step.uses ?? '');
      expect(m).not.toBeNull();
      const path = m?.[1] ? `${m[1]}/action.yml` : 'action.yml';
      const inputs = actionInputs(path);
      for (const key of Object.keys(step.with ?? {})) expect([path, key, key in inputs]).toEqual([path, key, true]);
      for (const [name, spec] of Object.entries(inputs)) {
        if (spec.required && spec.default === undefined)
          expect([path, name, name in (step.with ?? {})]).toEqual([path, name, true]);
      }
    }
    // Credentials come from OIDC before any step of ours.
    const creds = steps.findIndex((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(creds).toBeGreaterThanOrEqual(0);
    expect(creds).toBeLessThan(steps.indexOf(ours[0] as Step));
  });

  it('the paths the examples use exist in examples/', () => {
    for (const p of [
      'site/index.html',
      'site/about/index.html',
      'site/assets/app.js',
      'site/assets/style.css',
      'lambda/index.mjs',
      'Dockerfile',
      'task-definition.json',
      'release-notes.md',
    ]) {
      expect([p, existsSync(join(root, 'examples', p))]).toEqual([p, true]);
    }
    const td = JSON.parse(readFileSync(join(root, 'examples', 'task-definition.json'), 'utf8')) as {
      requiresCompatibilities: string[];
      networkMode: string;
      containerDefinitions: Array<{ name: string }>;
    };
    expect(td.requiresCompatibilities).toEqual(['FARGATE']);
    expect(td.networkMode).toBe('awsvpc');
    expect(td.containerDefinitions.map((c) => c.name)).toEqual(['web']);
  });
});
