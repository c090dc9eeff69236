import { s3Sync } from '../definitions/s3-sync.js';
import { actionMain } from '../runtime/run.js';

await actionMain(s3Sync);
