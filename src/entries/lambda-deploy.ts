import { lambdaDeploy } from '../definitions/lambda-deploy.js';
import { actionMain } from '../runtime/run.js';

await actionMain(lambdaDeploy);
