import { notify } from '../definitions/notify.js';
import { actionMain } from '../runtime/run.js';

await actionMain(notify);
