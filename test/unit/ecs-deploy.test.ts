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
