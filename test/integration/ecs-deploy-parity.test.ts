/*
 * The situations of aws-actions/amazon-ecs-deploy-task-definition's own test suite (index.test.js),
 * run against ecs-deploy on moto with the official input names. The requests are read where AWS
 * would receive them (the ECS proxy records each call's body). CodeDeploy (blue/green) scenarios
 * are in ecs-deploy-bluegreen.test.ts; where ours differs by design the README's migration table
 * says so and the test pins our behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ecsDeploy } from '../../src/definitions/ecs-deploy.js';
import { emptyPaths } from '../../src/ecs/clean.js';
import { cleanupFiles, revisions, runningTaskDefinition, scene, taskDef, writeTaskDef } from '../helpers/ecs-moto.js';
import {
  OFFICIAL_POLICY_ACTIONS,
  denyAllBut,
  onService,
  startEcsProxy,
  startedTask,
  type EcsProxy,
} from '../helpers/ecs-proxy.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { runCli } from '../helpers/host.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are the API's JSON */
const DIGEST = `sha256:${'0f'.repeat(32)}`;
const IMAGE2 = `registry.example.com/app@${DIGEST}`;
const fixture = (name: string): string => join(process.cwd(), 'test/fixtures/ecs', name);

let proxy: EcsProxy;
beforeAll(async () => {
  proxy = await startEcsProxy(motoUrl());
});
afterAll(async () => {
  await proxy.close();
  cleanupFiles();
});

const deploy = (...argv: string[]) =>
  runCli(ecsDeploy, [...argv, '--poll-interval', '0.02', '--endpoint-url', proxy.url]);

/** The body of the last call of `action` made since `from`. */
function lastBody(action: string, from: number): any {
  return proxy.calls
    .slice(from)
    .filter((c) => c.action === action)
    .pop()?.body;
}
const actionsSince = (from: number): string[] => proxy.calls.slice(from).map((c) => c.action);

/** A minimal family-only file with one container, as the official tests' task-definition.json plus what ECS needs. */
const minimal = (family: string, extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}) =>
  writeTaskDef({
    family,
    containerDefinitions: [{ name: 'sample-container', image: IMAGE2, memory: 128, ...container }],
    ...extra,
  });

describe('ecs-deploy: the official deploy action’s scenarios, registering', () => {
  it('registers and updates the service with exactly the UpdateService parameters given', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const from = proxy.calls.length;
    const res = await deploy(
      '--task-definition',
      writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
      '--service',
      'svc1',
      '--cluster',
      s.cluster,
      '--wait-for-service-stability',
      'false',
    );
    expect(res.code).toBe(0);
    const arn = res.outputs?.['task-definition-arn'];
    expect(lastBody('DescribeServices', from)).toEqual({ cluster: s.cluster, services: ['svc1'] });
    expect(lastBody('UpdateService', from)).toEqual({ cluster: s.cluster, service: 'svc1', taskDefinition: arn });
    expect(await runningTaskDefinition(s.ecs, s.cluster, 'svc1')).toBe(arn);
  });

  it('cleans null keys, empty arrays, empty strings and objects out, keeping environment values', async () => {
    const family = uniqueName('clean');
    const from = proxy.calls.length;
    const res = await deploy(
      '--task-definition',
      writeTaskDef({
        family,
        ipcMode: null,
        tags: [],
        memory: '',
        containerDefinitions: [
          {
            name: 'sample-container',
            image: IMAGE2,
            memory: 128,
            logConfiguration: {},
            repositoryCredentials: { credentialsParameter: '' },
            command: [''],
            environment: [
              { name: 'hello', value: 'world' },
              { name: 'test', value: '' },
              { name: '', value: '' },
            ],
            secretOptions: [{ name: '', valueFrom: '' }],
            cpu: 0,
            essential: false,
          },
        ],
        requiresCompatibilities: ['EC2'],
        registeredAt: 1611690781,
      }),
    );
    expect(res.code).toBe(0);
    expect(lastBody('RegisterTaskDefinition', from)).toEqual({
      family,
      containerDefinitions: [
        {
          name: 'sample-container',
          image: IMAGE2,
          memory: 128,
          cpu: 0,
          essential: false,
          environment: [
            { name: 'hello', value: 'world' },
            { name: 'test', value: '' },
          ],
        },
      ],
      requiresCompatibilities: ['EC2'],
    });
  });

  it('keep-null-value-keys keeps the empty values of the keys named (comma-separated or as a JSON array)', async () => {
    for (const keep of ['command,tag,dockerLabels', '["command", "tag", "dockerLabels"]']) {
      const from = proxy.calls.length;
      const res = await deploy(
        '--task-definition',
        minimal(
          uniqueName('keep'),
          {},
          {
            command: [],
            dockerLabels: {},
            logConfiguration: { logDriver: 'splunk', options: { tag: '' } },
            environment: [],
          },
        ),
        '--keep-null-value-keys',
        keep,
      );
      expect(res.code).toBe(0);
      const container = lastBody('RegisterTaskDefinition', from).containerDefinitions[0];
      expect(container.command).toEqual([]);
      expect(container.dockerLabels).toEqual({});
      expect(container.logConfiguration).toEqual({ logDriver: 'splunk', options: { tag: '' } });
      expect(container).not.toHaveProperty('environment');
    }
  });

  it('keeps the empty names and values of App Mesh proxy properties', async () => {
    const from = proxy.calls.length;
    const res = await deploy(
      '--task-definition',
      minimal(uniqueName('mesh'), {
        proxyConfiguration: {
          type: 'APPMESH',
          containerName: 'envoy',
          properties: [
            { name: 'ProxyIngressPort', value: '15000' },
            { name: 'IgnoredGID', value: '' },
            { name: 'EgressIgnoredPorts', value: '' },
            { value: 'some-value' },
          ],
        },
      }),
    );
    expect(res.code).toBe(0);
    expect(lastBody('RegisterTaskDefinition', from).proxyConfiguration).toEqual({
      type: 'APPMESH',
      containerName: 'envoy',
      properties: [
        { name: 'ProxyIngressPort', value: '15000' },
        { name: 'IgnoredGID', value: '' },
        { name: 'EgressIgnoredPorts', value: '' },
        { name: '', value: 'some-value' },
      ],
    });
  });

  it('the read-only fields of a describe output are left out', async () => {
    const family = uniqueName('readonly');
    const from = proxy.calls.length;
    const res = await deploy(
      '--task-definition',
      minimal(family, {
        compatibilities: ['EC2'],
        taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:1`,
        revision: 1,
        status: 'ACTIVE',
      }),
    );
    expect(res.code).toBe(0);
    expect(Object.keys(lastBody('RegisterTaskDefinition', from)).sort()).toEqual(['containerDefinitions', 'family']);
  });

  it('a file from `aws ecs register-task-definition --generate-cli-skeleton` registers with no empty value sent', async () => {
    const from = proxy.calls.length;
    const res = await deploy('--task-definition', fixture('skeleton.json'));
    expect(res.log).not.toMatch(/^error:/m);
    expect(res.code).toBe(0);
    const sent = lastBody('RegisterTaskDefinition', from);
    expect(emptyPaths(sent)).toEqual([]);
    expect(sent.family).toBe('skeleton-family');
    expect(sent.containerDefinitions[0]).toMatchObject({ name: 'app', image: 'registry.example.com/app:1' });
    expect(res.log).toMatch(/left out \d+ empty value\(s\) of the file/);
  });

  it('a change of the file’s tags alone registers a new revision (and the same tags reuse it)', async () => {
    const family = uniqueName('tags');
    const first = await deploy('--task-definition', minimal(family, { tags: [{ key: 'team', value: 'web' }] }));
    expect(first.code).toBe(0);
    const again = await deploy('--task-definition', minimal(family, { tags: [{ key: 'team', value: 'web' }] }));
    expect(again.outputs?.['task-definition-arn']).toBe(first.outputs?.['task-definition-arn']);
    const from = proxy.calls.length;
    const retagged = await deploy('--task-definition', minimal(family, { tags: [{ key: 'team', value: 'payments' }] }));
    expect(retagged.code).toBe(0);
    expect(retagged.outputs?.['task-definition-arn']).toMatch(/:2$/);
    expect(retagged.log).toMatch(/differs from .*:1 in: tags/);
    expect(lastBody('RegisterTaskDefinition', from).tags).toEqual([{ key: 'team', value: 'payments' }]);
    expect(lastBody('DescribeTaskDefinition', from)).toMatchObject({ include: ['TAGS'] });
  });

  it('with only the official README’s IAM policy (no DescribeTaskDefinition), the deploy still succeeds with one warning', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'EC2'));
    proxy.errors = denyAllBut(OFFICIAL_POLICY_ACTIONS, [
      'DescribeTaskDefinition',
      'ListTasks',
      'DescribeTasks',
      'RunTask',
      'ListTaskDefinitions',
    ]);
    try {
      const res = await deploy(
        '--task-definition',
        file,
        '--cluster',
        s.cluster,
        '--service',
        'svc1',
        '--wait-for-service-stability',
        'false',
      );
      expect(res.log).not.toMatch(/^error:/m);
      expect(res.code).toBe(0);
      const warnings = res.log.split('\n').filter((l) => l.startsWith('warning:'));
      expect(warnings).toEqual([
        'warning: ecs:DescribeTaskDefinition is not allowed for these credentials, so an identical revision cannot be found and reused: registering a new one (allow ecs:DescribeTaskDefinition to reuse unchanged revisions)',
      ]);
      expect(await runningTaskDefinition(s.ecs, s.cluster, 'svc1')).toBe(res.outputs?.['task-definition-arn']);
    } finally {
      proxy.errors = {};
    }
  });

  it('a registration ECS refuses fails with its message, and no service is updated', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    proxy.errors = { RegisterTaskDefinition: { status: 400, type: 'ClientException', message: 'Could not parse' } };
    const from = proxy.calls.length;
    try {
      const res = await deploy(
        '--task-definition',
        writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
        '--cluster',
        s.cluster,
        '--service',
        'svc1',
      );
      expect(res.code).toBe(1);
      expect(res.log).toContain('Could not parse');
      expect(actionsSince(from)).not.toContain('UpdateService');
    } finally {
      proxy.errors = {};
    }
  });
});

describe('ecs-deploy: the official deploy action’s scenarios, services', () => {
  it('force-new-deployment and desired-count reach UpdateService; the cluster defaults to "default"', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const from = proxy.calls.length;
    const res = await deploy(
      '--task-definition',
      writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
      '--cluster',
      s.cluster,
      '--service',
      'svc1',
      '--force-new-deployment',
      'true',
      '--desired-count',
      '4',
      '--wait-for-service-stability',
      'false',
    );
    expect(res.code).toBe(0);
    expect(lastBody('UpdateService', from)).toMatchObject({ forceNewDeployment: true, desiredCount: 4 });
    const before = proxy.calls.length;
    const none = await deploy('--task-definition', writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')), '--service', 'svc1');
    expect(none.code).toBe(1);
    expect(lastBody('DescribeServices', before)).toEqual({ cluster: 'default', services: ['svc1'] });
  });

  it('propagate-tags, enable-ecs-managed-tags and the service EBS volume reach UpdateService; unset ones are not sent', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'EC2'));
    const ebs = { filesystemType: 'xfs', roleArn: 'arn:aws:iam::123:role/ebs-role', encrypted: false, sizeInGiB: 30 };
    for (const [more, expected] of [
      [['--propagate-tags', 'SERVICE'], { propagateTags: 'SERVICE' }],
      [
        ['--propagate-tags', 'SERVICE', '--enable-ecs-managed-tags', 'true'],
        { propagateTags: 'SERVICE', enableECSManagedTags: true },
      ],
      [['--enable-ecs-managed-tags', 'false'], { enableECSManagedTags: false }],
      [
        ['--service-managed-ebs-volume-name', 'ebs1', '--service-managed-ebs-volume', JSON.stringify(ebs)],
        { volumeConfigurations: [{ name: 'ebs1', managedEBSVolume: ebs }] },
      ],
      [[], {}],
    ] as const) {
      const from = proxy.calls.length;
      const res = await deploy(
        '--task-definition',
        file,
        '--cluster',
        s.cluster,
        '--service',
        'svc1',
        '--wait-for-service-stability',
        'false',
        ...more,
      );
      expect(res.code).toBe(0);
      expect(lastBody('UpdateService', from)).toEqual({
        cluster: s.cluster,
        service: 'svc1',
        taskDefinition: res.outputs?.['task-definition-arn'],
        ...expected,
      });
    }
  });

  it('without a service only the task definition is registered', async () => {
    const family = uniqueName('register-only');
    const from = proxy.calls.length;
    const res = await deploy('--task-definition', minimal(family));
    expect(res.code).toBe(0);
    expect(actionsSince(from)).not.toContain('DescribeServices');
    expect(actionsSince(from)).not.toContain('UpdateService');
    expect(res.outputs?.['task-definition-arn']).toMatch(new RegExp(`task-definition/${family}:1$`));
  });

  it.each([
    ['INACTIVE', (svc: any) => (svc.status = 'INACTIVE'), /service svc1 was not found in cluster/],
    [
      'EXTERNAL',
      (svc: any) => (svc.deploymentController = { type: 'EXTERNAL' }),
      /uses the EXTERNAL deployment controller/,
    ],
  ])('a service that is %s is refused before anything is registered', async (_what, change, why) => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    proxy.rewrites['DescribeServices'] = onService('svc1', change);
    try {
      const res = await deploy(
        '--task-definition',
        writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
        '--cluster',
        s.cluster,
        '--service',
        'svc1',
      );
      expect(res.code).toBe(1);
      expect(res.log).toMatch(why);
      expect(await revisions(s.ecs, s.family)).toHaveLength(1);
    } finally {
      proxy.rewrites['DescribeServices'] = undefined;
    }
  });

  it('wait-for-minutes is the wait (its former name wait-timeout agrees or is refused); values the official action caps are refused', async () => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const file = writeTaskDef(taskDef(s.family, IMAGE2, 'EC2'));
    const bad = await deploy(
      '--task-definition',
      file,
      '--cluster',
      s.cluster,
      '--service',
      'svc1',
      '--wait-for-minutes',
      '1000',
    );
    expect(bad.code).toBe(2);
    expect(bad.log).toContain('input "wait-for-minutes": must be at most 720, got 1000');
    const both = await deploy(
      '--task-definition',
      file,
      '--cluster',
      s.cluster,
      '--service',
      'svc1',
      '--wait-for-minutes',
      '5',
      '--wait-timeout',
      '6',
    );
    expect(both.code).toBe(2);
    expect(both.log).toContain('input "wait-timeout": is the former name of wait-for-minutes');
    const nan = await deploy(
      '--task-definition',
      file,
      '--cluster',
      s.cluster,
      '--service',
      'svc1',
      '--desired-count',
      'abc',
    );
    expect(nan.code).toBe(2);
    expect(nan.log).toContain('input "desired-count": expected a whole number, got "abc"');
  });
});

describe('ecs-deploy: the official deploy action’s scenarios, one-off tasks', () => {
  it('run task with options: started-by, launch type, network, overrides, tags, managed tags; start and go', async () => {
    const s = await scene(motoUrl(), { kind: 'FARGATE' });
    const subnet = s.network?.subnets[0] as string;
    const group = s.network?.securityGroup as string;
    const from = proxy.calls.length;
    const res = await deploy(
      '--task-definition',
      writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE')),
      '--cluster',
      s.cluster,
      '--enable-ecs-managed-tags',
      'false',
      '--run-task',
      'true',
      '--wait-for-task-stopped',
      'false',
      '--run-task-started-by',
      'someJoe',
      '--run-task-launch-type',
      'FARGATE',
      '--run-task-subnets',
      subnet,
      '--run-task-security-groups',
      group,
      '--run-task-container-overrides',
      JSON.stringify([{ name: 'app', command: ['somecmd'], environment: [{ name: 'MODE', value: 'migrate' }] }]),
      '--run-task-assign-public-ip',
      'DISABLED',
      '--run-task-tags',
      '[{"key": "project", "value": "myproject"}]',
    );
    expect(res.log).not.toMatch(/^error:/m);
    expect(res.code).toBe(0);
    const body = lastBody('RunTask', from);
    // The SDK adds an idempotency token of its own.
    delete body.clientToken;
    expect(body).toEqual({
      cluster: s.cluster,
      taskDefinition: res.outputs?.['task-definition-arn'],
      count: 1,
      startedBy: 'someJoe',
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: [subnet], securityGroups: [group], assignPublicIp: 'DISABLED' },
      },
      overrides: {
        containerOverrides: [{ name: 'app', command: ['somecmd'], environment: [{ name: 'MODE', value: 'migrate' }] }],
      },
      tags: [{ key: 'project', value: 'myproject' }],
      enableECSManagedTags: false,
    });
    const arns = JSON.parse(String(res.outputs?.['run-task-arn']));
    expect(arns).toEqual([expect.stringMatching(/^arn:aws:ecs:us-east-1:\d{12}:task\//)]);
    // Start and go: the task is not described until it stops.
    expect(actionsSince(from)).not.toContain('DescribeTasks');
    expect(res.log).toContain('(wait-for-task-stopped: false): its exit codes are not checked');
  });

  it('run task with a capacity provider strategy sends no launch type; run-task-command merges into the overrides', async () => {
    const s = await scene(motoUrl(), { kind: 'FARGATE' });
    // Moto fails RunTask with a capacity provider strategy: the answer is made here.
    proxy.answers['RunTask'] = startedTask(s.cluster);
    const from = proxy.calls.length;
    const res = await deploy(
      '--task-definition',
      writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE')),
      '--cluster',
      s.cluster,
      '--service',
      'svc1',
      '--wait-for-service-stability',
      'false',
      '--run-task',
      '--wait-for-task-stopped',
      'false',
      '--run-task-capacity-provider-strategy',
      '[{"capacityProvider":"FARGATE_SPOT","weight":1}]',
      '--run-task-container-overrides',
      '[{"name":"app","environment":[{"name":"MODE","value":"migrate"}]}]',
      '--run-task-command',
      'npm run migrate',
    );
    expect(res.code).toBe(0);
    const body = lastBody('RunTask', from);
    expect(body.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
    expect(body).not.toHaveProperty('launchType');
    expect(body.startedBy).toBe('aws-release-kit');
    expect(body.overrides.containerOverrides).toEqual([
      { name: 'app', environment: [{ name: 'MODE', value: 'migrate' }], command: ['npm', 'run', 'migrate'] },
    ]);
    // Run task and service: the task first, then the service update.
    const order = actionsSince(from);
    expect(order.indexOf('RunTask')).toBeLessThan(order.indexOf('UpdateService'));
    proxy.answers['RunTask'] = undefined;
  });

  it('run task with the task EBS volume (moto cannot run it: the answer is made here)', async () => {
    const s = await scene(motoUrl(), { kind: 'FARGATE' });
    const ebs = { roleArn: 'arn:aws:iam::123:role/ebs-role', sizeInGiB: 30, filesystemType: 'xfs' };
    proxy.answers['RunTask'] = startedTask(s.cluster);
    const from = proxy.calls.length;
    try {
      const res = await deploy(
        '--task-definition',
        writeTaskDef(taskDef(s.family, IMAGE2, 'FARGATE')),
        '--cluster',
        s.cluster,
        '--run-task',
        '--wait-for-task-stopped',
        'false',
        '--run-task-subnets',
        s.network?.subnets[0] as string,
        '--run-task-managed-ebs-volume-name',
        'ebs1',
        '--run-task-managed-ebs-volume',
        JSON.stringify(ebs),
      );
      expect(res.log).not.toMatch(/^error:/m);
      expect(res.code).toBe(0);
      expect(lastBody('RunTask', from).volumeConfigurations).toEqual([{ name: 'ebs1', managedEBSVolume: ebs }]);
      expect(JSON.parse(String(res.outputs?.['run-task-arn']))).toHaveLength(1);
    } finally {
      proxy.answers['RunTask'] = undefined;
    }
  });

  it.each(['true', 'false'])(
    'a task RunTask reports as failed ends the deploy (wait-for-task-stopped: %s)',
    async (wait) => {
      const s = await scene(motoUrl(), { kind: 'EC2' });
      proxy.answers['RunTask'] = () => ({
        tasks: [],
        failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/x', reason: 'RESOURCE:MEMORY' }],
      });
      try {
        const res = await deploy(
          '--task-definition',
          writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
          '--cluster',
          s.cluster,
          '--service',
          'svc1',
          '--run-task',
          '--wait-for-task-stopped',
          wait,
        );
        expect(res.code).toBe(1);
        expect(res.log).toContain('the one-off task did not start: RESOURCE:MEMORY; the services were not updated');
        expect(await runningTaskDefinition(s.ecs, s.cluster, 'svc1')).toBe(s.firstArn);
      } finally {
        proxy.answers['RunTask'] = undefined;
      }
    },
  );

  it.each([
    [['--run-task-container-overrides', '{"name":"app"}'], 'run-task-container-overrides', /must be a JSON array/],
    [
      ['--run-task-container-overrides', '[{"command":["x"]}]'],
      'run-task-container-overrides',
      /item 1 has no container name/,
    ],
    [
      ['--run-task-container-overrides', '[{"name":"ghost"}]'],
      'run-task-container-overrides',
      /has no container "ghost"/,
    ],
    [['--run-task-tags', '[{"value":"x"}]'], 'run-task-tags', /item 1 is not \{"key"/],
    [
      ['--run-task-launch-type', 'EC2', '--run-task-capacity-provider-strategy', '[{"capacityProvider":"FARGATE"}]'],
      'run-task-launch-type',
      /exclude each other/,
    ],
    [
      ['--run-task-managed-ebs-volume-name', 'ebs1'],
      'run-task-managed-ebs-volume',
      /is required with run-task-managed-ebs-volume-name/,
    ],
    [
      ['--run-task-managed-ebs-volume-name', 'ebs1', '--run-task-managed-ebs-volume', '{"sizeInGiB":30}'],
      'run-task-managed-ebs-volume',
      /must give roleArn/,
    ],
    [
      ['--run-task-command', 'migrate', '--run-task-container-overrides', '[{"name":"app","command":["x"]}]'],
      'run-task-command',
      /give the command in one place/,
    ],
  ])('run-task input %j is refused (exit 2 naming %s) before anything is registered', async (more, input, why) => {
    const s = await scene(motoUrl(), { kind: 'EC2' });
    const res = await deploy(
      '--task-definition',
      writeTaskDef(taskDef(s.family, IMAGE2, 'EC2')),
      '--cluster',
      s.cluster,
      '--run-task',
      ...more,
    );
    expect(res.code).toBe(2);
    expect(res.log).toContain(`input "${input}"`);
    expect(res.log).toMatch(why);
    expect(await revisions(s.ecs, s.family)).toHaveLength(1);
  });
});
