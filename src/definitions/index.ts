import { s3Sync } from './s3-sync.js';

/** Every command, in the order of a release. The CLI lists them in this order. */
export const commands = [s3Sync];
