import { ecrPush } from '../definitions/ecr-push.js';
import { actionMain } from '../runtime/run.js';

await actionMain(ecrPush);
