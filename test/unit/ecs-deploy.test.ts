import { describe, expect, it } from '@jest/globals';
import type { Service } from '@aws-sdk/client-ecs';
import { oneOffPlan } from '../../src/commands/ecs-deploy.js';
import { ecsDeploy, type EcsDeployInputs, type RunTaskInputs } from '../../src/definitions/ecs-deploy.js';
import type { TaskDefDoc } from '../../src/ecs/taskdef-file.js';
import { InputReader } from '../../src/runtime/inputs.js';

const def: TaskDefDoc = {
  family: 'api',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [
    { name: 'log-router', image: 'fluent-bit:1', essential: false },
    { name: 'api', image: 'api:1' },
  ],
};

function inputs(runTask: Partial<RunTaskInputs>): EcsDeployInputs {
  return {
    region: 'us-east-1',
    dryRun: false,
    taskDefinition: 'td.json',
    cluster: 'c',
    services: ['web'],
    waitForServiceStability: true,
    waitTimeout: 30,
    pollInterval: 15,
    forceNewDeployment: false,
    healthCheckTimeout: 300,
    runTask: { subnets: [], securityGroups: [], assignPublicIp: false, ...runTask },
  };
}

const fargateService: Service = {
  launchType: 'FARGATE',
  networkConfiguration: {
    awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' },
  },
};

describe('the one-off task plan', () => {
  it('copies launch type and network from the first service, and runs the command in the first essential container', () => {
    expect(oneOffPlan(inputs({ command: ['npm', 'run', 'migrate'] }), def, fargateService)).toEqual({
      container: 'api',
      command: ['npm', 'run', 'migrate'],
      launchType: 'FARGATE',
      awsvpc: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' },
    });
  });

  it('uses the service’s capacity provider strategy rather than a launch type', () => {
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
    const plan = oneOffPlan(inputs({}), def, {
      ...fargateService,
      launchType: undefined,
      capacityProviderStrategy: strategy,
    });
    expect(plan.capacityProviderStrategy).toEqual(strategy);
    expect(plan.launchType).toBeUndefined();
  });

  it('lets the inputs override launch type, subnets and groups', () => {
    const plan = oneOffPlan(
      inputs({ launchType: 'EC2', subnets: ['subnet-9'], securityGroups: ['sg-9'], container: 'log-router' }),
      def,
      fargateService,
    );
    expect(plan).toMatchObject({
      container: 'log-router',
      launchType: 'EC2',
      awsvpc: { subnets: ['subnet-9'], securityGroups: ['sg-9'], assignPublicIp: 'DISABLED' },
    });
  });

  it('needs subnets for an awsvpc task without a service network, and a container that exists', () => {
    expect(() => oneOffPlan(inputs({}), def, undefined)).toThrow(/run-task-subnets.*awsvpc/);
    expect(() => oneOffPlan(inputs({ container: 'ap' }), def, fargateService)).toThrow(
      'input "run-task-container": the task definition has no container "ap"; its containers are: log-router, api',
    );
    const bridge: TaskDefDoc = { family: 'w', containerDefinitions: [{ name: 'w', image: 'w:1' }] };
    expect(oneOffPlan(inputs({}), bridge, undefined).awsvpc).toBeUndefined();
  });
});

describe('ecs-deploy input parsing', () => {
  const parse = (raw: Record<string, string>) =>
    ecsDeploy.parse(new InputReader(ecsDeploy.inputs, new Map(Object.entries(raw)), [process.cwd()]), {
      provider: 'local',
      awsRegion: 'us-east-1',
    });
  const file = 'test/fixtures/ecs/ec2.json';

  it('reads the command as JSON or as words, and the defaults', () => {
    const a = parse({
      'task-definition': file,
      service: 'web',
      'run-task': 'true',
      'run-task-command': '["sh", "-c", "echo a b"]',
    });
    expect(a.runTask?.command).toEqual(['sh', '-c', 'echo a b']);
    const b = parse({
      'task-definition': file,
      service: 'web',
      'run-task': 'true',
      'run-task-command': 'npm  run migrate',
    });
    expect(b.runTask?.command).toEqual(['npm', 'run', 'migrate']);
    expect(b).toMatchObject({ cluster: 'default', waitTimeout: 30, pollInterval: 15, waitForServiceStability: true });
    expect(parse({ 'task-definition': file, 'poll-interval': '0.05' }).pollInterval).toBe(0.05);
  });

  it.each([
    [{ 'run-task': 'true', 'run-task-command': 'sh -c "echo hi"' }, /run-task-command.*JSON array/],
    [{ 'desired-count': '2' }, /desired-count.*needs a service/],
    [{ 'force-new-deployment': 'true' }, /force-new-deployment.*needs a service/],
    [{ cluster: 'bad/cluster' }, /cluster.*not a cluster name/],
    [
      { 'run-task': 'true', 'run-task-security-groups': 'sg-1' },
      /run-task-subnets.*required with run-task-security-groups/,
    ],
    [
      { service: 'web', 'health-check-url': 'https://app.example.com/health', 'wait-for-service-stability': 'false' },
      /^input "health-check-url": needs wait-for-service-stability: true \(without it, the check would pass on the old tasks/,
    ],
  ])('refuses %j', (raw, why) => {
    expect(() => parse({ 'task-definition': file, ...raw })).toThrow(why);
  });

  it('takes health-check-url with the (default) stability wait', () => {
    const url = 'https://app.example.com/health';
    expect(parse({ 'task-definition': file, service: 'web', 'health-check-url': url }).healthCheckUrl).toBe(url);
    expect(
      parse({ 'task-definition': file, service: 'web', 'health-check-url': url, 'wait-for-service-stability': 'yes' })
        .healthCheckUrl,
    ).toBe(url);
  });
});

describe('ecs-deploy input parsing: the official action’s inputs', () => {
  const parse = (raw: Record<string, string>) =>
    ecsDeploy.parse(new InputReader(ecsDeploy.inputs, new Map(Object.entries(raw)), [process.cwd()]), {
      provider: 'local',
      awsRegion: 'us-east-1',
    });
  const file = 'test/fixtures/ecs/ec2.json';

  it('wait-for-minutes, its former name wait-timeout, wait-max-delay-seconds and max-retries', () => {
    expect(parse({ 'task-definition': file }).waitTimeout).toBe(30);
    expect(parse({ 'task-definition': file, 'wait-for-minutes': '60' }).waitTimeout).toBe(60);
    expect(parse({ 'task-definition': file, 'wait-timeout': '45' }).waitTimeout).toBe(45);
    expect(parse({ 'task-definition': file, 'wait-timeout': '45', 'wait-for-minutes': '45' }).waitTimeout).toBe(45);
    expect(() => parse({ 'task-definition': file, 'wait-timeout': '45', 'wait-for-minutes': '60' })).toThrow(
      /wait-timeout.*former name/,
    );
    expect(parse({ 'task-definition': file, 'wait-max-delay-seconds': '5' }).pollInterval).toBe(5);
    expect(parse({ 'task-definition': file, 'wait-max-delay-seconds': '60' }).pollInterval).toBe(15);
    expect(parse({ 'task-definition': file }).maxRetries).toBe(5);
    expect(parse({ 'task-definition': file, 'max-retries': '3' }).maxRetries).toBe(3);
  });

  it('keep-null-value-keys as a list or a JSON array; the managed-tags tri-state; propagate-tags', () => {
    expect(parse({ 'task-definition': file, 'keep-null-value-keys': 'environment, tag' }).keepNullValueKeys).toEqual([
      'environment',
      'tag',
    ]);
    expect(
      parse({ 'task-definition': file, 'keep-null-value-keys': '["environment", "tag"]' }).keepNullValueKeys,
    ).toEqual(['environment', 'tag']);
    expect(() => parse({ 'task-definition': file, 'keep-null-value-keys': '[1]' })).toThrow(/keep-null-value-keys/);
    expect(parse({ 'task-definition': file, service: 'web' }).enableEcsManagedTags).toBeUndefined();
    expect(
      parse({ 'task-definition': file, service: 'web', 'enable-ecs-managed-tags': 'false' }).enableEcsManagedTags,
    ).toBe(false);
    expect(() => parse({ 'task-definition': file, service: 'web', 'propagate-tags': 'ALL' })).toThrow(
      /expected one of SERVICE, TASK_DEFINITION, NONE/,
    );
    expect(() => parse({ 'task-definition': file, 'propagate-tags': 'SERVICE' })).toThrow(
      'input "propagate-tags": needs a service to update',
    );
  });

  it('run-task-assign-public-ip takes ENABLED/DISABLED as well as true/false; wait-for-task-stopped defaults to true', () => {
    const rt = (more: Record<string, string>) =>
      parse({ 'task-definition': file, service: 'web', 'run-task': 'true', ...more }).runTask;
    expect(rt({ 'run-task-assign-public-ip': 'ENABLED' })?.assignPublicIp).toBe(true);
    expect(rt({ 'run-task-assign-public-ip': 'DISABLED' })?.assignPublicIp).toBe(false);
    expect(rt({ 'run-task-assign-public-ip': 'yes' })?.assignPublicIp).toBe(true);
    expect(rt({})?.wait).toBe(true);
    expect(rt({ 'wait-for-task-stopped': 'false' })?.wait).toBe(false);
    expect(() => parse({ 'task-definition': file, 'wait-for-task-stopped': 'false' })).toThrow(
      'input "wait-for-task-stopped": is set but run-task is not true',
    );
  });

  it('the service EBS volume needs a name and a configuration with roleArn', () => {
    const ebs = { roleArn: 'arn:aws:iam::123456789012:role/ebs', sizeInGiB: 30 };
    expect(
      parse({
        'task-definition': file,
        service: 'web',
        'service-managed-ebs-volume-name': 'data',
        'service-managed-ebs-volume': JSON.stringify(ebs),
      }).serviceEbsVolume,
    ).toEqual({ name: 'data', managedEBSVolume: ebs });
    expect(() =>
      parse({ 'task-definition': file, service: 'web', 'service-managed-ebs-volume': JSON.stringify(ebs) }),
    ).toThrow('input "service-managed-ebs-volume-name": is required with service-managed-ebs-volume');
  });
});
