import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  AppSpecError,
  appSpecForService,
  appSpecRevision,
  defaultCodeDeployNames,
  deploymentDescription,
  groupWaitMinutes,
  parseAppSpec,
  withTaskDefinition,
} from '../../src/ecs/bluegreen.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7';

describe('blue/green through CodeDeploy: the pure parts', () => {
  it('names the application and group as the ECS console does, from names or ARNs', () => {
    expect(defaultCodeDeployNames('prod', 'web')).toEqual({ application: 'AppECS-prod-web', group: 'DgpECS-prod-web' });
    expect(
      defaultCodeDeployNames(
        'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
        'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
      ),
    ).toEqual({ application: 'AppECS-prod-web', group: 'DgpECS-prod-web' });
  });

  it('puts the revision into every resource of an AppSpec, keys matched in any case, the rest kept', () => {
    const doc = parseAppSpec(
      'version: 0.0\nresources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      properties:\n        taskdefinition: old\n        LoadBalancerInfo: { ContainerName: web, ContainerPort: 80 }\nHooks:\n  - BeforeAllowTraffic: fn\n',
      'appspec.yaml',
    );
    expect(withTaskDefinition(doc, ARN)).toEqual({
      version: 0,
      resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            properties: { taskdefinition: ARN, LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 80 } },
          },
        },
      ],
      Hooks: [{ BeforeAllowTraffic: 'fn' }],
    });
    expect(
      (doc as { resources: Array<{ TargetService: { properties: { taskdefinition: string } } }> }).resources[0]
        ?.TargetService.properties.taskdefinition,
    ).toBe('old');
  });

  it.each([
    ['hello: world', /must include Resources/],
    ['Resources: []', /must include Resources/],
    ['Resources:\n  - T: { Type: x }', /Resources\[0\]\.T must include Properties/],
    ['Resources:\n  - T: { Properties: { LoadBalancerInfo: {} } }', /must include TaskDefinition/],
    ['- a\n- b', /not a mapping/],
  ])('refuses the AppSpec %j', (text, why) => {
    expect(() => withTaskDefinition(parseAppSpec(text, 'appspec.yaml'), ARN)).toThrow(why);
    expect(() => withTaskDefinition(parseAppSpec(text, 'appspec.yaml'), ARN)).toThrow(AppSpecError);
  });

  it('builds the AppSpec from the service’s load balancer, or says to give one', () => {
    expect(
      appSpecForService({ serviceName: 'web', loadBalancers: [{ containerName: 'web', containerPort: 8080 }] }, ARN),
    ).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: ARN, LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 } },
          },
        },
      ],
    });
    expect(() => appSpecForService({ serviceName: 'web', loadBalancers: [] }, ARN)).toThrow(/give codedeploy-appspec/);
  });

  it('hashes the AppSpec text it sends, cuts long descriptions to 512 characters, and adds the group’s waits', () => {
    const rev = appSpecRevision({ a: 1 });
    expect(rev).toEqual({ content: '{"a":1}', sha256: createHash('sha256').update('{"a":1}').digest('hex') });
    expect(deploymentDescription('short')).toBe('short');
    expect(deploymentDescription('x'.repeat(513))).toHaveLength(512);
    expect(deploymentDescription(undefined)).toBeUndefined();
    expect(
      groupWaitMinutes({
        blueGreenDeploymentConfiguration: {
          deploymentReadyOption: { waitTimeInMinutes: 10 },
          terminateBlueInstancesOnDeploymentSuccess: { terminationWaitTimeInMinutes: 5 },
        },
      }),
    ).toBe(15);
    expect(groupWaitMinutes(undefined)).toBe(0);
  });
});
