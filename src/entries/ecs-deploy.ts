import { ecsDeploy } from '../definitions/ecs-deploy.js';
import { actionMain } from '../runtime/run.js';

await actionMain(ecsDeploy);
