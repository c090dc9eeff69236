/*
 * The situations of aws-actions/amazon-ecs-render-task-definition's own test suite (index.test.js),
 * run against ecs-render with the official input names: a workflow that switches by changing the
 * `uses:` line must get the same file. Where ours differs by design (one source only, stricter
 * checks), the README's migration table says so and the test pins our behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ECS } from '@aws-sdk/client-ecs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ecsRender } from '../../src/definitions/ecs-render.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { startEcsProxy, type EcsProxy } from '../helpers/ecs-proxy.js';
import { runCli } from '../helpers/host.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered files are read back as plain JSON */
const fixture = (name: string): string => join(process.cwd(), 'test/fixtures/ecs', name);
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'arkit-render-parity-'));
  dirs.push(d);
  return d;
};
const json = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));
const file = (def: unknown): string => {
  const path = join(tmp(), 'task-definition.json');
  writeFileSync(path, JSON.stringify(def));
  return path;
};
const single = (): string =>
  file({ family: 'task-def-family', containerDefinitions: [{ name: 'web', image: 'some-other-image' }] });

const SSM = 'arn:aws:ssm:region:0123456789:parameter/secret';
const SM = 'arn:aws:secretsmanager:us-east-1:0123456789:secret:secretName';
const ENV_FILE = 'arn:aws:s3:::s3_bucket_name/envfile_object_name.env';
const LOG_OPTIONS =
  'awslogs-create-group=true\nawslogs-group=/ecs/web\nawslogs-region=us-east-1\nawslogs-stream-prefix=ecs';

/** Renders and returns the written definition (exit code checked). */
async function render(...argv: string[]): Promise<any> {
  const out = join(tmp(), 'out.json');
  const res = await runCli(ecsRender, [...argv, '--output-file', out]);
  expect(res.log).not.toMatch(/^error:/m);
  expect(res.code).toBe(0);
  return json(out);
}

/** Runs a render that must be refused: exit 2, one line naming the input. */
async function refused(input: string, why: RegExp, ...argv: string[]): Promise<void> {
  const res = await runCli(ecsRender, argv);
  expect(res.code).toBe(2);
  expect(res.log).toContain(`input "${input}"`);
  expect(res.log).toMatch(why);
  expect(res.outputs).toBeUndefined();
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('ecs-render: the official render action’s scenarios, from a file', () => {
  const base = [
    '--task-definition',
    fixture('official-render.json'),
    '--container-name',
    'web',
    '--image',
    'nginx:latest',
  ];

  it('renders the task definition: image, environment in place and appended, env-files, secrets; read-only fields go, tags stay', async () => {
    const def = await render(
      ...base,
      '--environment-variables',
      'FOO=bar\nHELLO=world',
      '--env-files',
      ENV_FILE,
      '--secrets',
      `SSM_SECRET=${SSM}\nSM_SECRET=${SM}`,
    );
    expect(def).toEqual({
      family: 'task-def-family',
      containerDefinitions: [
        {
          name: 'web',
          image: 'nginx:latest',
          environment: [
            { name: 'FOO', value: 'bar' },
            { name: 'DONT-TOUCH', value: 'me' },
            { name: 'HELLO', value: 'world' },
          ],
          environmentFiles: [{ value: ENV_FILE, type: 's3' }],
          secrets: [
            { name: 'EXISTING_SECRET', valueFrom: 'arn:aws:ssm:region:0123456789:parameter/existingSecret' },
            { name: 'SSM_SECRET', valueFrom: SSM },
            { name: 'SM_SECRET', valueFrom: SM },
          ],
        },
        { name: 'sidecar', image: 'hello' },
      ],
      tags: [{ key: 'project', value: 'mytaskdef' }],
    });
  });

  it('renders a file at an absolute path whose container has no environment or secrets yet', async () => {
    const def = await render(
      '--task-definition',
      single(),
      '--container-name',
      'web',
      '--image',
      'nginx:latest',
      '--environment-variables',
      'EXAMPLE=here',
      '--env-files',
      ENV_FILE,
    );
    expect(def.containerDefinitions).toEqual([
      {
        name: 'web',
        image: 'nginx:latest',
        environment: [{ name: 'EXAMPLE', value: 'here' }],
        environmentFiles: [{ value: ENV_FILE, type: 's3' }],
      },
    ]);
  });

  it('renders logConfiguration (driver and options), docker labels and the command', async () => {
    const def = await render(
      ...base,
      '--log-configuration-log-driver',
      'awslogs',
      '--log-configuration-options',
      LOG_OPTIONS,
      '--docker-labels',
      'key1=value1\nkey2=value2',
      '--command',
      'npm start --nice --please',
    );
    const web = def.containerDefinitions[0];
    expect(web.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-create-group': 'true',
        'awslogs-group': '/ecs/web',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'ecs',
      },
    });
    expect(web.dockerLabels).toEqual({ key1: 'value1', key2: 'value2' });
    expect(web.command).toEqual(['npm', 'start', '--nice', '--please']);
    expect(def.containerDefinitions[1]).toEqual({ name: 'sidecar', image: 'hello' });
  });

  it('renders secrets without environment-variables', async () => {
    const def = await render(
      '--task-definition',
      single(),
      '--container-name',
      'web',
      '--image',
      'nginx:latest',
      '--secrets',
      'MY_SECRET=arn:aws:secretsmanager:us-east-1:123456789:secret:my-secret\nDB_PASSWORD=arn:aws:ssm:us-east-1:123456789:parameter/db-password',
    );
    expect(def.containerDefinitions[0]).toEqual({
      name: 'web',
      image: 'nginx:latest',
      secrets: [
        { name: 'MY_SECRET', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789:secret:my-secret' },
        { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789:parameter/db-password' },
      ],
    });
  });

  it.each([
    [
      'task-role-arn',
      'arn:aws:iam::123456789012:role/my-task-role',
      { taskRoleArn: 'arn:aws:iam::123456789012:role/my-task-role' },
    ],
    [
      'execution-role-arn',
      'arn:aws:iam::123456789012:role/my-execution-role',
      { executionRoleArn: 'arn:aws:iam::123456789012:role/my-execution-role' },
    ],
    [
      'task-role-arn',
      'arn:aws:iam::123456789012:role/path/to/my-task-role',
      { taskRoleArn: 'arn:aws:iam::123456789012:role/path/to/my-task-role' },
    ],
    [
      'task-role-arn',
      'arn:aws-cn:iam::123456789012:role/my-task-role',
      { taskRoleArn: 'arn:aws-cn:iam::123456789012:role/my-task-role' },
    ],
  ])('renders --%s %s', async (input, value, expected) => {
    const def = await render(
      '--task-definition',
      single(),
      '--container-name',
      'web',
      '--image',
      'nginx:latest',
      `--${input}`,
      value,
    );
    expect(def).toEqual({
      family: 'task-def-family',
      containerDefinitions: [{ name: 'web', image: 'nginx:latest' }],
      ...expected,
    });
  });

  it('renders both role ARNs at once', async () => {
    const def = await render(
      '--task-definition',
      single(),
      '--task-role-arn',
      'arn:aws:iam::123456789012:role/my-task-role',
      '--execution-role-arn',
      'arn:aws:iam::123456789012:role/my-execution-role',
    );
    expect(def).toMatchObject({
      taskRoleArn: 'arn:aws:iam::123456789012:role/my-task-role',
      executionRoleArn: 'arn:aws:iam::123456789012:role/my-execution-role',
    });
  });

  it('a comma-separated container-name gives every named container the image and the settings', async () => {
    const def = await render(
      '--task-definition',
      fixture('multi-container.json'),
      '--container-name',
      'app,nginx',
      '--image',
      'registry.example.com/shared:1',
      '--environment-variables',
      'SHARED=yes',
      '--log-configuration-log-driver',
      'awslogs',
    );
    const byName = Object.fromEntries(def.containerDefinitions.map((c: any) => [c.name, c]));
    for (const name of ['app', 'nginx']) {
      expect(byName[name].image).toBe('registry.example.com/shared:1');
      expect(byName[name].environment).toContainEqual({ name: 'SHARED', value: 'yes' });
      expect(byName[name].logConfiguration.logDriver).toBe('awslogs');
    }
    expect(byName['log-router'].image).not.toBe('registry.example.com/shared:1');
    expect(byName['log-router'].environment ?? []).not.toContainEqual({ name: 'SHARED', value: 'yes' });
  });

  it.each([
    ['malformed secret', 'secrets', /line 1 is not KEY=VALUE/, ['--secrets', 'SECRET']],
    ['container-name "web,"', 'container-name', /empty name/, ['--container-name', 'web,', '--image', 'nginx:latest']],
    [
      'bad docker label',
      'docker-labels',
      /line 2 is not KEY=VALUE/,
      ['--docker-labels', 'key1=update_value1\nkey2\nkey3=value3'],
    ],
    [
      'unknown log driver',
      'log-configuration-log-driver',
      /expected one of json-file/,
      ['--log-configuration-log-driver', 'cloudwatch'],
    ],
    ['bad log option', 'log-configuration-options', /not KEY=VALUE/, ['--log-configuration-options', 'tag']],
    ['invalid task role ARN', 'task-role-arn', /not an IAM role ARN/, ['--task-role-arn', 'not-a-valid-arn']],
    [
      'short account id',
      'execution-role-arn',
      /not an IAM role ARN/,
      ['--execution-role-arn', 'arn:aws:iam::12345:role/too-short-account'],
    ],
    [
      'ARN of another service',
      'task-role-arn',
      /not an IAM role ARN/,
      ['--task-role-arn', 'arn:aws:s3::123456789012:role/my-role'],
    ],
    [
      'env-files given a local file',
      'env-files',
      /not an S3 object ARN.*dotenv-file/,
      ['--env-files', '.env.production'],
    ],
  ])('%s: exit 2 naming %s', async (_what, input, why, more) => {
    await refused(input, why, '--task-definition', fixture('official-render.json'), ...(more as string[]));
  });

  it('a container name the file does not have: exit 2 listing the containers', async () => {
    await refused(
      'container-name',
      /has no container "web"; its containers are: main/,
      '--task-definition',
      file({ family: 'task-def-family', containerDefinitions: [{ name: 'main', image: 'some-other-image' }] }),
      '--container-name',
      'web',
      '--image',
      'nginx:latest',
    );
  });

  it('a missing file, a non-JSON file and a non-array containerDefinitions are refused', async () => {
    await refused(
      'task-definition',
      /does not exist/,
      '--task-definition',
      join(tmp(), 'does-not-exist-task-definition.json'),
    );
    const notJson = join(tmp(), 'non-json-task-definition.json');
    writeFileSync(notJson, '"hello"');
    await refused('task-definition', /is not a task definition/, '--task-definition', notJson);
    await refused(
      'task-definition',
      /has no containerDefinitions list/,
      '--task-definition',
      file({ family: 'task-def-family', containerDefinitions: {} }),
    );
  });

  it('no source at all, or only a revision, is refused', async () => {
    await refused('task-definition', /is required \(or give task-definition-arn or task-definition-family\)/);
    await refused(
      'task-definition-revision',
      /only used with task-definition-family/,
      '--task-definition-revision',
      '10',
    );
  });

  it.each([
    [
      ['--task-definition-arn', 'arn:aws:ecs:us-east-1:123456789012:task-definition/x:1'],
      'task-definition-arn',
      /either task-definition or task-definition-arn, not both/,
    ],
    [['--task-definition-family', 'x'], 'task-definition-family', /not both/],
    [
      [
        '--task-definition-arn',
        'arn:aws:ecs:us-east-1:123456789012:task-definition/x:1',
        '--task-definition-family',
        'x',
        '--task-definition-revision',
        '10',
      ],
      'task-definition-arn',
      /one of task-definition, task-definition-arn, task-definition-family/,
    ],
  ])('a file plus %j: refused (the official action silently uses the file)', async (more, input, why) => {
    await refused(input, why, '--task-definition', fixture('official-render.json'), ...more);
  });
});

describe('ecs-render: the official render action’s scenarios, from ECS (moto)', () => {
  let proxy: EcsProxy;
  let family: string;
  let arn1: string;
  beforeAll(async () => {
    proxy = await startEcsProxy(motoUrl());
    const ecs = new ECS({ region: 'us-east-1', endpoint: motoUrl() });
    family = uniqueName('parity');
    const reg = (image: string) =>
      ecs.registerTaskDefinition({
        family,
        containerDefinitions: [{ name: 'web', image, memory: 128 }],
        tags: [{ key: 'project', value: 'mytaskdef' }],
      });
    arn1 = (await reg('web:1')).taskDefinition?.taskDefinitionArn as string;
    await reg('web:2');
  });
  afterAll(() => proxy.close());

  const describeCalls = (from: number) =>
    proxy.calls
      .slice(from)
      .filter((c) => c.action === 'DescribeTaskDefinition')
      .map((c) => c.body);

  it('family and revision: that revision, asked for with its tags', async () => {
    const from = proxy.calls.length;
    const def = await render(
      '--task-definition-family',
      family,
      '--task-definition-revision',
      '1',
      '--endpoint-url',
      proxy.url,
    );
    expect(describeCalls(from)).toEqual([{ taskDefinition: `${family}:1`, include: ['TAGS'] }]);
    expect(def.containerDefinitions[0].image).toBe('web:1');
    expect(def.tags).toEqual([{ key: 'project', value: 'mytaskdef' }]);
    expect(def).not.toHaveProperty('revision');
  });

  it('family alone: the latest revision', async () => {
    const from = proxy.calls.length;
    const def = await render('--task-definition-family', family, '--endpoint-url', proxy.url);
    expect(describeCalls(from)).toEqual([{ taskDefinition: family, include: ['TAGS'] }]);
    expect(def.containerDefinitions[0].image).toBe('web:2');
  });

  it('ARN alone: that revision, and the render applies to it', async () => {
    const from = proxy.calls.length;
    const def = await render(
      '--task-definition-arn',
      arn1,
      '--container-name',
      'web',
      '--image',
      'nginx:latest',
      '--endpoint-url',
      proxy.url,
    );
    expect(describeCalls(from)).toEqual([{ taskDefinition: arn1, include: ['TAGS'] }]);
    expect(def.containerDefinitions[0].image).toBe('nginx:latest');
    expect(def).not.toHaveProperty('taskDefinitionArn');
  });

  it('ARN and family together: refused (the official action uses the ARN)', async () => {
    await refused(
      'task-definition-family',
      /either task-definition-arn or task-definition-family, not both/,
      '--task-definition-arn',
      arn1,
      '--task-definition-family',
      family,
    );
  });

  it('a revision that does not exist: exit 2 naming task-definition-revision', async () => {
    const res = await runCli(ecsRender, [
      '--task-definition-family',
      family,
      '--task-definition-revision',
      '99',
      '--endpoint-url',
      proxy.url,
    ]);
    expect(res.code).toBe(2);
    expect(res.log).toContain(`input "task-definition-revision": no task definition ${family}:99 in ECS`);
  });
});
