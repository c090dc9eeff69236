/**
 * A Lambda alias in a release: the version it served before the release moved it. A rollback points it
 * back (or removes it, when the release created it); the version must still exist.
 */
import type { Lambda } from '@aws-sdk/client-lambda';
import { isAwsError } from '../util/aws-errors.js';
import type { LambdaAliasChange } from './record.js';
import type { TargetKind } from './targets.js';

export type AliasLambda = Pick<Lambda, 'getAlias' | 'createAlias' | 'updateAlias' | 'deleteAlias' | 'getFunction'>;

/** The version the alias serves now; undefined when there is no such alias. */
export async function aliasVersion(
  lambda: AliasLambda,
  functionName: string,
  alias: string,
): Promise<string | undefined> {
  try {
    return (await lambda.getAlias({ FunctionName: functionName, Name: alias })).FunctionVersion;
  } catch (err) {
    if (isAwsError(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
}

/** What a rollback of this change needs that is gone (the version to go back to), without changing anything. */
export async function missingVersion(lambda: AliasLambda, change: LambdaAliasChange): Promise<string[]> {
  if (change.previousVersion === undefined) return [];
  try {
    await lambda.getFunction({ FunctionName: change.functionName, Qualifier: change.previousVersion });
    return [];
  } catch (err) {
    if (!isAwsError(err, 'ResourceNotFoundException')) throw err;
    return [`${change.functionName} version ${change.previousVersion}`];
  }
}

/** Points the alias back at the version it served before the change; removes it when the change created it. */
export async function restoreAlias(lambda: AliasLambda, change: LambdaAliasChange): Promise<void> {
  const { functionName, alias, previousVersion } = change;
  const now = await aliasVersion(lambda, functionName, alias);
  if (previousVersion === undefined) {
    if (now !== undefined) await lambda.deleteAlias({ FunctionName: functionName, Name: alias });
    return;
  }
  if (now === undefined) {
    await lambda.createAlias({ FunctionName: functionName, Name: alias, FunctionVersion: previousVersion });
  } else if (now !== previousVersion) {
    await lambda.updateAlias({ FunctionName: functionName, Name: alias, FunctionVersion: previousVersion });
  }
}

/** A Lambda alias in a rollback: back on the version it served before (or removed, when the release made it). */
export const aliasTarget: TargetKind<LambdaAliasChange> = {
  describe(c) {
    const back =
      c.previousVersion === undefined ? 'remove it (the release created it)' : `version ${c.previousVersion}`;
    return `from version ${c.newVersion ?? '(none)'} back to ${back}`;
  },
  missing: async (deps, change) => missingVersion(await deps.lambda(), change),
  moved: (c) =>
    `${c.functionName}:${c.alias} ${c.previousVersion === undefined ? 'removed' : `on version ${c.previousVersion}`}`,
  async undo(deps, change, step) {
    const lambda = await deps.lambda();
    const now = await aliasVersion(lambda, change.functionName, change.alias);
    // The rollback's own move: from what the alias serves now to what it served before (none: removed).
    await step.record({ ...change, previousVersion: now, newVersion: change.previousVersion });
    await restoreAlias(lambda, change);
    return {};
  },
};
