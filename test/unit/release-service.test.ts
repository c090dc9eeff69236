import { describe, expect, it } from '@jest/globals';
import { newRecord, withChange, type EcsServiceChange } from '../../src/release/record.js';
import { describeServiceUndo, inverseChange, runningTaskDefinition } from '../../src/release/service.js';

const td = (n: number): string => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;
const appspec = (arn: string) => ({
  version: 0,
  Resources: [
    {
      TargetService: {
        Type: 'AWS::ECS::Service',
        Properties: { TaskDefinition: arn, LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 } },
      },
    },
  ],
  Hooks: [{ AfterAllowTestTraffic: 'smoke' }],
});
const rolling: EcsServiceChange = {
  kind: 'ecs-service',
  cluster: 'prd',
  service: 'web',
  previousTaskDefinition: td(41),
  newTaskDefinition: td(42),
};
const blueGreen: EcsServiceChange = {
  ...rolling,
  blueGreen: {
    application: 'AppECS-prd-web',
    deploymentGroup: 'DgpECS-prd-web',
    appspec: appspec(td(42)),
    deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
  },
};

describe('runningTaskDefinition', () => {
  it('is the PRIMARY task set’s revision for a blue/green service, else the service’s own', () => {
    expect(runningTaskDefinition({ taskDefinition: td(1) })).toBe(td(1));
    expect(
      runningTaskDefinition({
        taskDefinition: td(1),
        taskSets: [
          { status: 'ACTIVE', taskDefinition: td(3) },
          { status: 'PRIMARY', taskDefinition: td(2) },
        ],
      }),
    ).toBe(td(2));
    expect(runningTaskDefinition({ taskDefinition: td(1), taskSets: [] })).toBe(td(1));
    expect(runningTaskDefinition(undefined)).toBeUndefined();
  });
});

describe('describeServiceUndo', () => {
  it('says a blue/green service goes back through its CodeDeploy group; a rolling one as before', () => {
    expect(describeServiceUndo(rolling)).toBe('from web:42 back to web:41, and wait until it is stable');
    expect(describeServiceUndo(blueGreen)).toBe(
      'from web:42 back to web:41 through CodeDeploy AppECS-prd-web/DgpECS-prd-web (blue/green), and wait until the deployment succeeds',
    );
  });
});

describe('inverseChange', () => {
  it('swaps the revisions of a rolling service and adds nothing', () => {
    expect(inverseChange(rolling, td(43))).toEqual({
      ...rolling,
      previousTaskDefinition: td(43),
      newTaskDefinition: td(41),
    });
  });

  it('keeps the blue/green part, with the AppSpec naming the revision the rollback deploys', () => {
    const inverse = inverseChange(blueGreen, td(42));
    expect(inverse).toEqual({
      ...blueGreen,
      previousTaskDefinition: td(42),
      newTaskDefinition: td(41),
      blueGreen: { ...blueGreen.blueGreen, appspec: appspec(td(41)) },
    });
    // The recorded AppSpec itself is left as it was.
    expect(blueGreen.blueGreen?.appspec).toEqual(appspec(td(42)));
    // Undoing the inverse deploys the release's revision again, the same way.
    expect(inverseChange(inverse, td(41)).blueGreen?.appspec).toEqual(appspec(td(42)));
  });
});

describe('a blue/green service in the record', () => {
  it('keeps the first previous revision and its CodeDeploy part when a step runs again', () => {
    const ctx = { provider: 'github' as const, sha: 'c'.repeat(40) };
    const at = new Date(Date.UTC(2026, 11, 1, 10));
    const first = withChange(newRecord('v2', ctx, at), blueGreen, at);
    const rerun = withChange(
      first,
      {
        ...blueGreen,
        previousTaskDefinition: td(42),
        newTaskDefinition: td(43),
        blueGreen: { ...(blueGreen.blueGreen as NonNullable<EcsServiceChange['blueGreen']>), appspec: appspec(td(43)) },
      },
      at,
    );
    expect(rerun.changes).toEqual([{ ...blueGreen, newTaskDefinition: td(43) }]);
  });
});
