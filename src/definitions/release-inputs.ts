import { InputError } from '../runtime/errors.js';
import type { InputReader } from '../runtime/inputs.js';
import type { RunContext } from '../runtime/context.js';
import type { InputSpecs } from '../runtime/spec.js';
import { releaseIdFor } from '../release/record.js';
import { parseStoreUri } from '../release/store.js';
import { DEFAULT_STORE, type StoreChoice } from '../release/default-store.js';

/** Inputs of every command that records what it changes in a release (see README: Releases and rollback). */
export const releaseInputs: InputSpecs = {
  'release-store': {
    description:
      'Record what this step changes in the release record kept at s3://bucket/prefix (`default`: s3://aws-release-kit-<account>-<region>/releases, made when missing), so that `rollback` can undo it, and lock the target so that two releases never change it at once. Off when empty.',
  },
  'release-id': { description: 'The release this step belongs to. Default: the tag, else the commit.' },
  'lock-timeout': {
    description: 'Seconds to wait while another release holds the lock on the same target, before failing.',
    default: '600',
  },
  'lock-ttl': {
    description:
      'Seconds a lock outlives a run that died (a live run renews it every third of this); the next release then takes it over.',
    default: '120',
  },
};

export interface LockSettings {
  lockTimeoutSeconds: number;
  lockTtlSeconds: number;
}

export interface ReleaseOptions extends LockSettings {
  store: StoreChoice;
  id: string;
}

export function readLockSettings(reader: InputReader): LockSettings {
  return {
    lockTimeoutSeconds: reader.requiredInt('lock-timeout', { min: 0, max: 86400 }),
    lockTtlSeconds: reader.requiredInt('lock-ttl', { min: 3, max: 86400 }),
  };
}

export function readStore(reader: InputReader, name = 'release-store'): StoreChoice | undefined {
  const uri = reader.string(name);
  if (uri === undefined) return undefined;
  if (uri.trim() === DEFAULT_STORE) return DEFAULT_STORE;
  const store = parseStoreUri(uri);
  if (!store) throw new InputError(name, `"${uri}" is not s3://bucket/prefix or default`);
  return store;
}

/** The store input of `releases` and `rollback`: the same default store the steps write to with `default`. */
export const storeInput = {
  description:
    'The release store: s3://bucket/prefix, or `default` (s3://aws-release-kit-<account>-<region>/releases, the store steps write to with release-store: default).',
  default: DEFAULT_STORE,
};

/** A release id as given: it names objects in the store, so it is kept to a safe alphabet. */
export function readReleaseId(reader: InputReader): string | undefined {
  const given = reader.string('release-id');
  if (given !== undefined && !/^[\w.+@-][\w.+@/-]{0,199}$/.test(given)) {
    throw new InputError('release-id', `"${given}" may hold letters, digits and . _ - + @ / only (at most 200)`);
  }
  return given;
}

/** Undefined when no release-store is given (nothing is recorded). */
export function readReleaseOptions(reader: InputReader, context: RunContext): ReleaseOptions | undefined {
  const lock = readLockSettings(reader);
  const store = readStore(reader);
  const given = readReleaseId(reader);
  if (!store) return undefined;
  const id = releaseIdFor(given, context);
  if (!id) throw new InputError('release-id', 'is needed with release-store when the run has no tag or commit');
  return { store, id, ...lock };
}
