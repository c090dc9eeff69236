import { codedeployDeploy } from '../definitions/codedeploy-deploy.js';
import { actionMain } from '../runtime/run.js';

await actionMain(codedeployDeploy);
