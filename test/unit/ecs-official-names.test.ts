/*
 * Every input and output of the official actions (aws-actions/amazon-ecs-render-task-definition v1.9,
 * aws-actions/amazon-ecs-deploy-task-definition v2.6, as their action.yml declares them) exists here,
 * so that switching is the `uses:` line. Actions input names are case-insensitive
 * (run-task-assign-public-IP reaches run-task-assign-public-ip).
 */
import { describe, expect, it } from '@jest/globals';
import { ecsDeploy } from '../../src/definitions/ecs-deploy.js';
import { ecsRender } from '../../src/definitions/ecs-render.js';

const RENDER_INPUTS = [
  'task-definition',
  'task-definition-arn',
  'task-definition-family',
  'task-definition-revision',
  'container-name',
  'image',
  'environment-variables',
  'log-configuration-log-driver',
  'log-configuration-options',
  'docker-labels',
  'command',
  'task-role-arn',
  'execution-role-arn',
  'env-files',
  'secrets',
];
const DEPLOY_INPUTS = [
  'task-definition',
  'desired-count',
  'service',
  'cluster',
  'wait-for-service-stability',
  'wait-for-minutes',
  'wait-max-delay-seconds',
  'codedeploy-appspec',
  'codedeploy-application',
  'codedeploy-deployment-group',
  'codedeploy-deployment-description',
  'codedeploy-deployment-config',
  'force-new-deployment',
  'service-managed-ebs-volume-name',
  'service-managed-ebs-volume',
  'run-task',
  'run-task-container-overrides',
  'run-task-security-groups',
  'run-task-subnets',
  'run-task-assign-public-IP',
  'run-task-capacity-provider-strategy',
  'run-task-launch-type',
  'run-task-started-by',
  'run-task-tags',
  'run-task-managed-ebs-volume-name',
  'run-task-managed-ebs-volume',
  'wait-for-task-stopped',
  'enable-ecs-managed-tags',
  'propagate-tags',
  'keep-null-value-keys',
  'max-retries',
];

const lower = (names: string[]): string[] => names.map((n) => n.toLowerCase());

describe('the official ECS actions’ names', () => {
  it('ecs-render has every input and the output of amazon-ecs-render-task-definition', () => {
    expect(Object.keys(ecsRender.inputs)).toEqual(expect.arrayContaining(lower(RENDER_INPUTS)));
    expect(Object.keys(ecsRender.outputs)).toContain('task-definition');
  });

  it('ecs-deploy has every input and output of amazon-ecs-deploy-task-definition', () => {
    expect(Object.keys(ecsDeploy.inputs)).toEqual(expect.arrayContaining(lower(DEPLOY_INPUTS)));
    expect(Object.keys(ecsDeploy.outputs)).toEqual(
      expect.arrayContaining(['task-definition-arn', 'codedeploy-deployment-id', 'run-task-arn']),
    );
  });

  it('the local dotenv input is not called env-file, which Node reads from its own command line', () => {
    expect(Object.keys(ecsRender.inputs)).toContain('dotenv-file');
    for (const def of [ecsRender, ecsDeploy]) expect(Object.keys(def.inputs)).not.toContain('env-file');
  });
});
