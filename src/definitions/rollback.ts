import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError } from '../runtime/errors.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
import type { StoreChoice } from '../release/default-store.js';
import {
  readLockSettings,
  readReleaseId,
  readStore,
  releaseInputs,
  storeInput,
  type LockSettings,
} from './release-inputs.js';

export interface RollbackInputs extends AwsCommon {
  store: StoreChoice;
  to: string;
  /** Undo exactly this release instead (rollback-on-failure: the release that just failed). */
  undo?: string;
  /** The id the rollback is recorded under (a release of its own, so that it can be undone). */
  id?: string;
  lock: LockSettings;
  /** ECS services and CodeDeploy deployments: how long to wait for the previous revision, and how often to look. */
  waitForMinutes: number;
  pollInterval: number;
}

export const rollback: CommandDefinition<RollbackInputs> = {
  name: 'rollback',
  title: 'Roll back',
  description:
    'Brings every target the releases after `to` changed back to its state before them, newest first, and records the rollback as a release of its own.',
  inputs: {
    'release-store': storeInput,
    to: {
      description: '`previous` (undo the newest release still in effect) or the id of the release to return to.',
      default: 'previous',
    },
    undo: {
      description:
        'Undo exactly this release (for example the one that just failed: rollback-on-failure) instead of everything after `to`. Nothing to do when the store has no record of it.',
    },
    'release-id': {
      description:
        'The id this rollback is recorded under. Default: rollback-to-<to>-<UTC time> (rollback-of-<undo>-<UTC time>).',
    },
    'lock-timeout': releaseInputs['lock-timeout'] ?? { description: '' },
    'lock-ttl': releaseInputs['lock-ttl'] ?? { description: '' },
    'wait-for-minutes': {
      description:
        'ECS services: minutes to wait until each is stable on its previous task definition; CodeDeploy: until the redeployment of the previous revision succeeded.',
      default: '30',
    },
    'poll-interval': {
      description: 'ECS services and CodeDeploy deployments: seconds between status polls while waiting.',
      default: '15',
    },
    ...awsInputs,
  },
  outputs: {
    'rolled-back': 'The ids of the releases undone, newest first, comma-separated.',
    to: 'The release the targets are back at (with undo: the release before it still in effect; empty when none).',
    'release-id': 'The id the rollback was recorded under (roll it back to undo it).',
    restored: 'Objects restored (S3 sites).',
    removed: 'Objects removed (S3 sites).',
    aliases: 'Lambda aliases moved back.',
    services: 'ECS services moved back to their previous task definition (and stable on it).',
    deployments: 'CodeDeploy deployment groups that got their previous revision deployed again (and succeeded).',
    moved:
      'What moved back, for the team, `; `-separated: each target and what it is back on (a site: restored and removed counts).',
    images: 'ECR image tags moved back to the image they named before (tags a release created stay).',
    'invalidation-ids': 'CloudFront invalidation ids, comma-separated.',
  },
  parse(reader, context) {
    const store = readStore(reader);
    if (!store) throw new InputError('release-store', 'is required');
    const to = reader.value('to');
    const undo = reader.string('undo');
    if (undo !== undefined && reader.given('to')) throw new InputError('to', 'goes with undo only as its default');
    const id = readReleaseId(reader);
    return {
      ...readAwsCommon(reader, context),
      store,
      to,
      undo,
      id,
      lock: readLockSettings(reader),
      waitForMinutes: reader.requiredInt('wait-for-minutes', { min: 1, max: 720 }),
      pollInterval: reader.seconds('poll-interval', { min: 0.01, max: 300 }),
    };
  },
  load: () => import('../commands/rollback.js'),
};
