/**
 * The repository's own workflows (.github/workflows/): each parses with GitHub's workflow parser
 * (@actions/workflow-parser, the one behind the Actions language service) without an error, converts to a
 * workflow template, and passes the workflow JSON schema (@action-validator/core). Then what each must do:
 * ci runs .ci/run's steps on every supported Node; check-dist rebuilds and compares dist/; release tests,
 * packages with scripts/package.mjs, publishes, moves the major tag and announces with ./notify; self-test
 * runs `./` and every `./<command>`, with inputs the actions really have, against the stand-ins only.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { Lexer, Parser } from '@actions/expressions';
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import YAML from 'yaml';
import { commands } from '../../src/definitions/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const text = (file: string): string => readFileSync(join(dir, file), 'utf8');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Job {
  uses?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}
interface Action {
  inputs?: Record<string, { required?: boolean; default?: string }>;
  outputs?: Record<string, unknown>;
}

const workflow = (file: string): Workflow => YAML.parse(text(file)) as Workflow;
const steps = (file: string): Step[] => Object.values(workflow(file).jobs).flatMap((j) => j.steps ?? []);
const runs = (file: string): string[] => steps(file).flatMap((s) => (s.run ? s.run.split('\n') : []));
const action = (path: string): Action =>
  YAML.parse(readFileSync(join(root, path.replace(/^\.\/?/, ''), 'action.yml'), 'utf8')) as Action;

describe('every workflow', () => {
  it('is there: ci, check-dist, release, self-test', () => {
    expect(files).toEqual(['check-dist.yml', 'ci.yml', 'release.yml', 'self-test.yml']);
  });

  for (const file of files) {
    it(`${file} parses with GitHub's workflow parser without an error`, async () => {
      const parsed = parseWorkflow({ name: file, content: text(file) }, new NoOperationTraceWriter());
      expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
      if (!parsed.value) throw new Error(`${file}: the parser returned no workflow`);
      const template = await convertWorkflowTemplate(parsed.context, parsed.value);
      expect(template.errors ?? []).toEqual([]);
      expect(template.jobs.map((j) => j.id.value).sort()).toEqual(Object.keys(workflow(file).jobs).sort());
    });

    it(`${file} passes the workflow schema`, () => {
      expect(validateWorkflow(text(file)).errors).toEqual([]);
    });

    it(`${file} sets its token permissions and pins every action of another repository to a version`, () => {
      expect(workflow(file).permissions).toEqual({ contents: 'read' });
      for (const step of steps(file)) {
        if (!step.uses || step.uses.startsWith('./')) continue;
        expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
      }
    });
  }

  it('the parser does report a broken workflow (the check above can fail)', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: x\n        if: ${{ a( }}\n';
    const parsed = parseWorkflow({ name: 'broken.yml', content: broken }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().length).toBeGreaterThan(0);
    expect(validateWorkflow('on: push\njobs:\n  a:\n    steps: 1\n').errors).not.toEqual([]);
  });

  it('every script a step runs from the repository exists', () => {
    for (const file of files) {
      for (const line of runs(file)) {
        for (const m of line.matchAll(/(?:bash|node) ((?:\.github|scripts|\.ci)\/[\w./-]+)/g)) {
          expect([file, m[1], existsSync(join(root, m[1] ?? ''))]).toEqual([file, m[1], true]);
        }
      }
    }
  });
});

/** Node majors the toolkit supports: package.json's minimum and those scripts/node-versions.sh runs. */
function supportedNodes(): number[] {
  const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } })
    .engines.node;
  const min = /^>=\s*(\d+)/.exec(engines)?.[1];
  const loop = /for major in ([\d ]+);/.exec(readFileSync(join(root, 'scripts', 'node-versions.sh'), 'utf8'))?.[1];
  if (!min || !loop) throw new Error('cannot read the supported Node versions');
  return [...new Set([Number(min), ...loop.trim().split(/\s+/).map(Number)])].sort((a, b) => a - b);
}

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const job = ci.jobs['test'];

  it('runs on push, pull request, and when the release calls it', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
  });

  it('tests on every supported Node version', () => {
    expect(supportedNodes()).toEqual([20, 22, 24]);
    expect(job?.strategy?.matrix?.['node']).toEqual(supportedNodes());
    const setup = job?.steps?.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe('${{ matrix.node }}');
  });

  it("runs every npm step of .ci/run, and dist/'s rebuild in check-dist.yml", () => {
    const ciRun = readFileSync(join(root, '.ci', 'run'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^npm (ci|test|run \S+)/.test(l));
    expect(ciRun.length).toBeGreaterThanOrEqual(4);
    const here = [...runs('ci.yml'), ...runs('check-dist.yml')].map((l) => l.trim());
    for (const line of ciRun) {
      const command = /^npm (?:run \S+|\S+)/.exec(line)?.[0] ?? line;
      expect([command, here.some((l) => l === command || l.startsWith(`${command} `))]).toEqual([command, true]);
    }
  });

  it('installs what the tests need the way .ci/run does: moto from pip, the rest from apt', () => {
    const install = runs('ci.yml').join('\n');
    expect(install).toContain("pip install --quiet 'moto[server]'");
    const apt = /apt-get install -y -qq ([\w\s-]+)$/m.exec(install)?.[1]?.trim().split(/\s+/) ?? [];
    const needed = [...readFileSync(join(root, '.ci', 'run'), 'utf8').matchAll(/missing\+=\(([\w-]+)\)/g)].map(
      (m) => m[1],
    );
    expect(needed.length).toBeGreaterThanOrEqual(3);
    expect(apt.sort()).toEqual([...needed].sort());
  });
});

describe('check-dist.yml', () => {
  const wf = workflow('check-dist.yml');

  it('checks every pull request, and the release calls it', () => {
    expect(wf.on).toHaveProperty('pull_request');
    expect(wf.on).toHaveProperty('workflow_call');
  });

  it('rebuilds dist/ from a clean install and fails when it differs, untracked files included', () => {
    const lines = runs('check-dist.yml').map((l) => l.trim());
    expect(lines.indexOf('npm ci --no-audit --no-fund')).toBeLessThan(lines.indexOf('npm run build'));
    const compare = runs('check-dist.yml').join('\n');
    expect(compare).toContain('git diff --exit-code --stat dist');
    expect(compare).toContain('git status --porcelain --untracked-files=all dist');
    expect(compare).toContain('exit 1');
  });
});

describe('release.yml', () => {
  const wf = workflow('release.yml');
  const job = wf.jobs['release'];
  const jobSteps = job?.steps ?? [];

  it('runs on a vX.Y.Z tag only, after ci and check-dist passed on it', () => {
    expect(wf.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
    expect(wf.jobs['ci']?.uses).toBe('./.github/workflows/ci.yml');
    expect(wf.jobs['check-dist']?.uses).toBe('./.github/workflows/check-dist.yml');
    expect(job?.needs).toEqual(['ci', 'check-dist']);
    expect(job?.permissions).toEqual({ contents: 'write' });
    expect(job?.env?.['TAG']).toBe('${{ github.ref_name }}');
  });

  it('packages with scripts/package.mjs for the pushed tag and attaches the tarball and its checksum', () => {
    const pkg = jobSteps.find((s) => s.id === 'package');
    expect(pkg?.run).toContain('node scripts/package.mjs --tag "$TAG"');
    const publish = jobSteps.find((s) => s.run?.includes('gh release create'));
    expect(publish?.run).toContain('gh release create "$TAG" "$TARBALL" "$CHECKSUM_FILE"');
    expect(publish?.run).toContain('--notes-file "$NOTES_FILE"');
    expect(publish?.env).toMatchObject({
      TARBALL: '${{ steps.package.outputs.tarball }}',
      CHECKSUM_FILE: '${{ steps.package.outputs.checksum-file }}',
      NOTES_FILE: '${{ steps.package.outputs.notes-file }}',
    });
    // The step outputs the later steps read are the ones the package step writes.
    for (const out of ['tarball', 'sha256', 'checksum-file', 'notes-file']) expect(pkg?.run).toContain(`echo "${out}=`);
  });

  it('moves the major tag only to the highest release of that major', () => {
    const move = jobSteps.find((s) => s.name === 'Move the major tag')?.run ?? '';
    expect(move).toContain('major="${TAG%%.*}"');
    expect(move).toContain('--sort=-v:refname');
    expect(move).toContain('git push --force origin "refs/tags/$major"');
    expect(jobSteps.find((s) => s.uses === 'actions/checkout@v4')?.with?.['fetch-depth']).toBe(0);
  });

  it("announces with the toolkit's own notify when a webhook secret is set, also after a failed step", () => {
    const announce = jobSteps.find((s) => s.uses === './notify');
    expect(announce?.if).toBe("always() && (env.DISCORD_WEBHOOK_URL != '' || env.JANDI_WEBHOOK_URL != '')");
    expect(job?.env?.['DISCORD_WEBHOOK_URL']).toBe('${{ secrets.RELEASE_DISCORD_WEBHOOK_URL }}');
    expect(job?.env?.['JANDI_WEBHOOK_URL']).toBe('${{ secrets.RELEASE_JANDI_WEBHOOK_URL }}');
    expect(announce?.with?.['status']).toBe('${{ job.status }}');
  });
});

/** Every `uses: ./...` step: its inputs exist, the required ones are given, step outputs read exist. */
function checkLocalActions(file: string): void {
  const seen = new Map<string, Action>();
  for (const step of steps(file)) {
    const given = JSON.stringify(step.with ?? {}) + JSON.stringify(step.env ?? {}) + (step.if ?? '');
    // steps.<id>.outputs.<name>: an earlier step with that id, whose action has that output.
    for (const m of given.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      const source = seen.get(m[1] ?? '');
      const ok = !!source && (!source.outputs || (m[2] ?? '') in source.outputs);
      expect([file, step.id, m[0], ok]).toEqual([file, step.id, m[0], true]);
    }
    if (step.uses?.startsWith('./')) {
      const a = action(step.uses);
      const inputs = a.inputs ?? {};
      for (const name of Object.keys(step.with ?? {})) {
        expect([file, step.uses, name, name in inputs]).toEqual([file, step.uses, name, true]);
      }
      for (const [name, spec] of Object.entries(inputs)) {
        if (spec.required && spec.default === undefined) {
          expect([file, step.uses, name, name in (step.with ?? {})]).toEqual([file, step.uses, name, true]);
        }
      }
      if (step.id) seen.set(step.id, a);
    } else if (step.id) {
      seen.set(step.id, {});
    }
  }
}

describe('self-test.yml', () => {
  const wf = workflow('self-test.yml');
  const used = steps('self-test.yml').filter((s) => s.uses?.startsWith('./'));

  it('runs on every push and pull request', () => {
    expect(wf.on).toHaveProperty('push', null);
    expect(wf.on).toHaveProperty('pull_request', null);
  });

  it('runs the root composite action and every sub-action from the repository', () => {
    const paths = new Set(used.map((s) => s.uses));
    expect(paths.has('./')).toBe(true);
    for (const c of commands) expect([c.name, paths.has(`./${c.name}`)]).toEqual([c.name, true]);
  });

  it('passes only inputs the actions have, every required one, and reads only outputs they have', () => {
    checkLocalActions('self-test.yml');
    checkLocalActions('release.yml');
  });

  it('can reach nothing but the stand-ins: fake credentials, and endpoint-url for every action that has it', () => {
    expect(wf.env).toMatchObject({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
    expect(wf.env?.['ENDPOINT_URL']).toBe(`http://127.0.0.1:${wf.env?.['MOTO_PORT']}`);
    for (const step of used) {
      if (!('endpoint-url' in (action(step.uses ?? '').inputs ?? {}))) continue;
      expect([step.id, step.with?.['endpoint-url']]).toEqual([step.id, '${{ env.ENDPOINT_URL }}']);
    }
    for (const url of [wf.env?.['DISCORD_WEBHOOK_URL'], wf.env?.['JANDI_WEBHOOK_URL']]) {
      expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${wf.env?.['WEBHOOK_PORT']}/`));
    }
  });

  it('checks the outcome with check.sh, given every output it compares', () => {
    const check = steps('self-test.yml').find((s) => s.run === 'bash .github/self-test/check.sh');
    const script = readFileSync(join(root, '.github', 'self-test', 'check.sh'), 'utf8');
    const provided = new Set([...Object.keys(check?.env ?? {}), ...Object.keys(wf.env ?? {})]);
    const read = new Set([...script.matchAll(/\$\{?([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] ?? ''));
    for (const name of read) expect([name, provided.has(name)]).toEqual([name, true]);
  });
});

/** Every `${{ }}` expression and every `if:` of a YAML document, with where it is. */
function expressions(node: unknown, where: string, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof node === 'string') {
    for (const m of node.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) out.push([where, (m[1] ?? '').trim()]);
  } else if (Array.isArray(node)) {
    node.forEach((v, i) => expressions(v, `${where}[${i}]`, out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      // `if:` is an expression even without ${{ }}.
      if (k === 'if' && typeof v === 'string' && !v.includes('${{')) out.push([`${where}.if`, v.trim()]);
      else expressions(v, `${where}.${k}`, out);
    }
  }
  return out;
}

const CONTEXTS = [
  'github',
  'env',
  'vars',
  'secrets',
  'inputs',
  'steps',
  'job',
  'jobs',
  'runner',
  'matrix',
  'strategy',
  'needs',
];
const RUNNER_FUNCTIONS = ['success', 'failure', 'always', 'cancelled']
  .map((name) => ({ name, minArgs: 0, maxArgs: 0 }))
  .concat([{ name: 'hashFiles', minArgs: 1, maxArgs: 255 }]);

/** Parses one expression with GitHub's expression engine; the error message, or undefined. */
function expressionError(expression: string): string | undefined {
  try {
    new Parser(new Lexer(expression).lex().tokens, CONTEXTS, RUNNER_FUNCTIONS).parse();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

describe('expressions', () => {
  const documents = [
    'action.yml',
    ...commands.map((c) => `${c.name}/action.yml`),
    ...files.map((f) => `.github/workflows/${f}`),
    ...readdirSync(join(root, 'examples', 'workflows')).map((f) => `examples/workflows/${f}`),
  ];

  it("every ${{ }} and if: in the actions and workflows parses with GitHub's expression engine", () => {
    let count = 0;
    for (const file of documents) {
      for (const [where, expression] of expressions(YAML.parse(readFileSync(join(root, file), 'utf8')), file)) {
        count++;
        expect([where, expression, expressionError(expression)]).toEqual([where, expression, undefined]);
      }
    }
    expect(count).toBeGreaterThan(100);
  });

  it('the check finds an unbalanced parenthesis', () => {
    expect(expressionError("inputs.status || (steps.s3.outcome == 'failure') && 'failure' || job.status)")).toMatch(
      /Unexpected symbol/,
    );
    expect(
      expressionError("inputs.status || (steps.s3.outcome == 'failure') && 'failure' || job.status"),
    ).toBeUndefined();
  });
});
