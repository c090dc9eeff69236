import { healthCheck } from '../definitions/health-check.js';
import { actionMain } from '../runtime/run.js';

await actionMain(healthCheck);
