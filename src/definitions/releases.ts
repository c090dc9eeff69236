import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError } from '../runtime/errors.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
import type { StoreChoice } from '../release/default-store.js';
import { readStore, storeInput } from './release-inputs.js';

export interface ReleasesInputs extends AwsCommon {
  store: StoreChoice;
  limit: number;
  /** The whole records in `releases` (for scripts), and no table in the log. */
  json: boolean;
}

export const releases: CommandDefinition<ReleasesInputs> = {
  name: 'releases',
  title: 'List releases',
  description: 'Lists the recent releases in a release store: id, time, actor, commit, what each changed, status.',
  inputs: {
    'release-store': storeInput,
    limit: { description: 'How many of the newest releases to list.', default: '20' },
    json: {
      description:
        'For scripts: `releases` holds the whole records (the documented format: steps, and every change before and after), and the log has no table.',
      default: 'false',
    },
    // dry-run too, so that a release's steps can share one set of inputs; listing changes nothing anyway.
    ...awsInputs,
  },
  outputs: {
    releases:
      'JSON array of the listed releases, newest first (id, status, startedAt, actor, commit, targets; with json: the whole records).',
    latest: 'The id of the newest release still in effect (not rolled back); empty when there is none.',
    count: 'How many releases the store holds.',
  },
  parse(reader, context) {
    const store = readStore(reader);
    if (!store) throw new InputError('release-store', 'is required');
    return {
      ...readAwsCommon(reader, context),
      store,
      limit: reader.requiredInt('limit', { min: 1, max: 1000 }),
      json: reader.boolean('json'),
    };
  },
  load: () => import('../commands/releases.js'),
};
