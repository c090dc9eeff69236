import { afterAll, describe, expect, it } from '@jest/globals';
import { ECS } from '@aws-sdk/client-ecs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ecsRender } from '../../src/definitions/ecs-render.js';
import { validateRegisterInput } from '../helpers/ecs-schema.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { runCli } from '../helpers/host.js';

const fixture = (name: string): string => join(process.cwd(), 'test/fixtures/ecs', name);
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'arkit-ecs-render-'));
  dirs.push(d);
  return d;
};
const json = (path: string): any => JSON.parse(readFileSync(path, 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A path that a refused render must not write. */
const neverWritten = join(tmp(), 'imageDetail.json');

/** The AWS CLI, when this machine has it (GitHub's runners do): the reference for what --cli-input-json takes. */
const awsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;

describe('ecs-render from a file (no AWS call)', () => {
  it('pins the image, merges dotenv-file and environment-variables, and writes the CodePipeline files', async () => {
    const dir = tmp();
    const out = join(dir, 'rendered.json');
    const res = await runCli(ecsRender, [
      '--task-definition',
      fixture('fargate.json'),
      '--container-name',
      'api',
      '--image',
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/web-api@${DIGEST}`,
      '--dotenv-file',
      fixture('env.production'),
      '--environment-variables',
      'LOG_LEVEL=debug\nGREETING=overridden=yes',
      '--secrets',
      'API_KEY=arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key',
      '--docker-labels',
      'com.example.sha=abc123',
      '--memory',
      '2048',
      '--output-file',
      out,
      '--imagedefinitions-file',
      join(dir, 'imagedefinitions.json'),
      '--image-detail-file',
      join(dir, 'imageDetail.json'),
    ]);
    expect(res.code).toBe(0);
    expect(res.outputs).toEqual({
      'task-definition': out,
      'imagedefinitions-file': join(dir, 'imagedefinitions.json'),
      'image-detail-file': join(dir, 'imageDetail.json'),
    });
    const def = json(out);
    expect(def).not.toHaveProperty('taskDefinitionArn');
    expect(def).not.toHaveProperty('registeredAt');
    expect(def.memory).toBe('2048');
    const api = def.containerDefinitions[0];
    expect(api.image).toBe(`123456789012.dkr.ecr.us-east-1.amazonaws.com/web-api@${DIGEST}`);
    expect(api.environment).toEqual([
      { name: 'NODE_ENV', value: 'production' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'FEATURE_FLAGS', value: '' },
      { name: 'API_URL', value: 'https://api.example.com/v1?x=1&y=2' },
      { name: 'GREETING', value: 'overridden=yes' },
      { name: 'EMPTY', value: '' },
      { name: 'MULTILINE', value: 'line one\nline two' },
    ]);
    expect(api.secrets).toContainEqual({
      name: 'API_KEY',
      valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key',
    });
    expect(api.dockerLabels).toEqual({ 'com.example.sha': 'abc123' });
    expect(json(join(dir, 'imagedefinitions.json'))).toEqual([
      { name: 'api', imageUri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web-api@${DIGEST}` },
    ]);
    expect(json(join(dir, 'imageDetail.json'))).toEqual({
      ImageURI: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web-api@${DIGEST}`,
    });
    expect(res.log).not.toMatch(/^warning:/m);
    // Values from the env file are never logged (it may hold secrets).
    expect(res.log).not.toContain('api.example.com');
  });

  it('renders a YAML template to JSON, with the image set by images lines and a tag warning', async () => {
    const dir = tmp();
    const res = await runCli(ecsRender, [
      '--task-definition',
      fixture('fargate.yaml'),
      '--images',
      'web=registry.example.com/docs:2025.1',
      '--output-file',
      join(dir, 'td.json'),
    ]);
    expect(res.code).toBe(0);
    const def = json(join(dir, 'td.json'));
    expect(def.cpu).toBe('256');
    expect(def.containerDefinitions[0].image).toBe('registry.example.com/docs:2025.1');
    expect(def.containerDefinitions[0].environment).toContainEqual({ name: 'EMPTY_ON_PURPOSE', value: '' });
    expect(res.log).toMatch(/warning: container "web": image registry.example.com\/docs:2025.1 is given by tag/);
  });

  it('writes to a temporary file when no output-file is given, and unwraps the describe output', async () => {
    const res = await runCli(ecsRender, ['--task-definition', fixture('describe-wrapper.json')]);
    expect(res.code).toBe(0);
    const path = String(res.outputs?.['task-definition']);
    dirs.push(join(path, '..'));
    expect(json(path)).toMatchObject({ family: 'billing', tags: [{ key: 'team', value: 'payments' }] });
    expect(json(path)).not.toHaveProperty('taskDefinition');
    expect(res.outputs?.['imagedefinitions-file']).toBe('');
  });

  it('an unknown container fails with exit 2, lists the containers, and writes nothing', async () => {
    const dir = tmp();
    const out = join(dir, 'td.json');
    const res = await runCli(ecsRender, [
      '--task-definition',
      fixture('multi-container.json'),
      '--container-name',
      'ngnix',
      '--image',
      `repo@${DIGEST}`,
      '--output-file',
      out,
    ]);
    expect(res.code).toBe(2);
    expect(res.log).toContain(
      'input "container-name": the task definition has no container "ngnix"; its containers are: app, nginx, log-router',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('writes YAML numbers and booleans as strings and the task size as ECS stores it', async () => {
    const dir = tmp();
    const out = join(dir, 'td.json');
    const res = await runCli(ecsRender, [
      '--task-definition',
      fixture('typed-values.yaml'),
      '--image',
      `registry.example.com/app@${DIGEST}`,
      '--output-file',
      out,
    ]);
    expect(res.code).toBe(0);
    const def = json(out);
    expect(def).toMatchObject({ cpu: '512', memory: '1024', tags: [{ key: 'cost-center', value: '4711' }] });
    const app = def.containerDefinitions[0];
    expect(app.environment).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'FEATURE_X', value: 'false' },
      { name: 'APP_VERSION', value: '1.10' },
      { name: 'BILLING_ACCOUNT', value: '012345678901' },
      { name: 'QUOTED', value: '7' },
      { name: 'EMPTY', value: '' },
    ]);
    expect(app.dockerLabels).toEqual({ version: '2', 'com.example.canary': 'true' });
    expect(app.logConfiguration.options['awslogs-create-group']).toBe('true');
    expect(app.portMappings).toEqual([{ containerPort: 8080 }]);
    // What botocore's parameter validation checks, from the SDK's own schema.
    expect(validateRegisterInput(def)).toEqual([]);
  });

  (awsCli ? it : it.skip)(
    'the rendered file is accepted by `aws ecs register-task-definition --cli-input-json` (against moto)',
    async () => {
      const dir = tmp();
      const out = join(dir, 'td.json');
      const family = uniqueName('cli-typed');
      const res = await runCli(ecsRender, [
        '--task-definition',
        fixture('typed-values.yaml'),
        '--image',
        `registry.example.com/app@${DIGEST}`,
        '--output-file',
        out,
      ]);
      expect(res.code).toBe(0);
      const def = json(out);
      def.family = family;
      const input = join(dir, 'cli-input.json');
      writeFileSync(input, JSON.stringify(def));
      const cli = spawnSync(
        'aws',
        [
          'ecs',
          'register-task-definition',
          '--cli-input-json',
          `file://${input}`,
          '--endpoint-url',
          motoUrl(),
          '--region',
          'us-east-1',
          '--output',
          'json',
        ],
        { encoding: 'utf8', env: { ...process.env, AWS_PAGER: '' } },
      );
      expect(cli.stderr).toBe('');
      expect(cli.status).toBe(0);
      const registered = JSON.parse(cli.stdout).taskDefinition;
      expect(registered.family).toBe(family);
      expect(registered.containerDefinitions[0].environment).toContainEqual({ name: 'PORT', value: '8080' });
      expect(registered.containerDefinitions[0].dockerLabels).toEqual({ version: '2', 'com.example.canary': 'true' });
    },
  );

  it('leaves out, and warns about, keys RegisterTaskDefinition does not take', async () => {
    const dir = tmp();
    const out = join(dir, 'td.json');
    const res = await runCli(ecsRender, ['--task-definition', fixture('extra-keys.json'), '--output-file', out]);
    expect(res.code).toBe(0);
    expect(res.log).toMatch(
      /^warning: the task definition has keys RegisterTaskDefinition does not take, left out: description, enviroment \(/m,
    );
    expect(Object.keys(json(out)).sort()).toEqual([
      'containerDefinitions',
      'family',
      'requiresCompatibilities',
      'runtimePlatform',
    ]);
  });

  it('image-detail-file without container-name fails (exit 2) on a multi-container definition and writes nothing', async () => {
    const dir = tmp();
    const res = await runCli(ecsRender, [
      '--task-definition',
      fixture('multi-container.json'),
      '--output-file',
      join(dir, 'td.json'),
      '--image-detail-file',
      join(dir, 'imageDetail.json'),
    ]);
    expect(res.code).toBe(2);
    expect(res.log).toContain(
      'input "container-name": is required with image-detail-file when the task definition has several containers (app, nginx, log-router)',
    );
    expect(existsSync(join(dir, 'td.json'))).toBe(false);
    expect(existsSync(join(dir, 'imageDetail.json'))).toBe(false);
  });

  it.each([
    [
      [
        '--task-definition',
        fixture('multi-container.json'),
        '--images',
        `app=repo/app@${DIGEST}\nnginx=repo/nginx@${DIGEST}`,
        '--image-detail-file',
        neverWritten,
      ],
      'container-name',
      /is required with image-detail-file when several images are set \(app, nginx\)/,
    ],
    [['--task-definition', fixture('not-a-taskdef.json')], 'task-definition', /is not a task definition/],
    [['--task-definition', fixture('cloudformation.yaml')], 'task-definition', /PascalCase/],
    [['--task-definition', fixture('nope.json')], 'task-definition', /does not exist/],
    [['--task-definition', fixture('ec2.json'), '--task-definition-family', 'x'], 'task-definition-family', /not both/],
    [['--task-definition', fixture('ec2.json'), '--image', 'repo@sha256:123'], 'image', /not an image reference/],
    [['--task-definition', fixture('ec2.json'), '--cpu', 'lots'], 'cpu', /not a CPU size/],
    [['--task-definition', fixture('ec2.json'), '--secrets', 'TOKEN='], 'secrets', /no valueFrom/],
    [
      ['--task-definition', fixture('multi-container.json'), '--image', `r@${DIGEST}`],
      'container-name',
      /several containers/,
    ],
    [
      ['--task-definition', fixture('ec2.json'), '--service', 'web'],
      'service',
      /only used with task-definition-family/,
    ],
  ])('bad input %j exits 2 naming %s', async (argv, input, why) => {
    const res = await runCli(ecsRender, argv);
    expect(res.code).toBe(2);
    expect(res.log).toContain(`input "${input}"`);
    expect(res.log).toMatch(why);
    expect(res.outputs).toBeUndefined();
    expect(existsSync(neverWritten)).toBe(false);
  });
});

describe('ecs-render from the live task definition (moto)', () => {
  const ecs = new ECS({ region: 'us-east-1', endpoint: motoUrl() });

  it('starts from the family’s latest revision, or the one a service runs', async () => {
    const family = uniqueName('render-fam');
    const cluster = uniqueName('render-cl');
    await ecs.createCluster({ clusterName: cluster });
    const container = (image: string) => ({ name: 'app', image, memory: 256, environment: [{ name: 'E', value: '' }] });
    await ecs.registerTaskDefinition({ family, containerDefinitions: [container('app:1')] });
    await ecs.registerTaskDefinition({ family, containerDefinitions: [container('app:2')] });
    await ecs.createService({ cluster, serviceName: 'svc', taskDefinition: `${family}:1`, desiredCount: 0 });
    const dir = tmp();

    const latest = await runCli(ecsRender, [
      '--task-definition-family',
      family,
      '--output-file',
      join(dir, 'latest.json'),
      '--endpoint-url',
      motoUrl(),
    ]);
    expect(latest.code).toBe(0);
    expect(json(join(dir, 'latest.json')).containerDefinitions[0]).toMatchObject({
      image: 'app:2',
      environment: [{ name: 'E', value: '' }],
    });
    expect(latest.log).toContain(`starting from ${family}:2`);

    const running = await runCli(ecsRender, [
      '--task-definition-family',
      family,
      '--service',
      'svc',
      '--cluster',
      cluster,
      '--image',
      `app@${DIGEST}`,
      '--output-file',
      join(dir, 'running.json'),
      '--endpoint-url',
      motoUrl(),
    ]);
    expect(running.code).toBe(0);
    const def = json(join(dir, 'running.json'));
    expect(running.log).toContain(`starting from ${family}:1`);
    expect(def.containerDefinitions[0].image).toBe(`app@${DIGEST}`);
    expect(def).not.toHaveProperty('revision');
    expect(def).not.toHaveProperty('compatibilities');
  });

  it('an unknown family exits 2 naming the input', async () => {
    const res = await runCli(ecsRender, ['--task-definition-family', uniqueName('nope'), '--endpoint-url', motoUrl()]);
    expect(res.code).toBe(2);
    expect(res.log).toContain('input "task-definition-family": no task definition');
  });
});
