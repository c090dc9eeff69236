import { ecsRender } from '../definitions/ecs-render.js';
import { actionMain } from '../runtime/run.js';

await actionMain(ecsRender);
