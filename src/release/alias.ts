/**
 * A Lambda alias in a release: the version it served before the release moved it. A rollback points it
 * back (or removes it, when the release created it); the version must still exist.
 */
import type { Lambda } from '@aws-sdk/client-lambda';
import { isAwsError } from '../util/aws-errors.js';
import type { LambdaAliasChange } from './record.js';

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
