import { codedeployDeploy } from './codedeploy-deploy.js';
import { ecrPush } from './ecr-push.js';
import { ecsDeploy } from './ecs-deploy.js';
import { ecsRender } from './ecs-render.js';
import { healthCheck } from './health-check.js';
import { lambdaDeploy } from './lambda-deploy.js';
import { notify } from './notify.js';
import { s3Sync } from './s3-sync.js';

/** Every command, in the order of a release. The CLI lists them in this order. */
export const commands = [s3Sync, ecrPush, ecsRender, ecsDeploy, lambdaDeploy, codedeployDeploy, healthCheck, notify];
