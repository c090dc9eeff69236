/**
 * A CodeDeploy deployment group (EC2/on-premises) in a release: the revision its last successful
 * deployment ran before the release deployed a new one. A rollback deploys that revision again and
 * waits for it with the same watch as codedeploy-deploy (src/codedeploy/watch.ts). Pure helpers first,
 * then the thin CodeDeploy and S3 calls.
 */
import type { CodeDeploy, RevisionLocation } from '@aws-sdk/client-codedeploy';
import type { S3 } from '@aws-sdk/client-s3';
import { locationText, startDeployment } from '../codedeploy/revision.js';
import { DeploymentFailed, watchDeployment, type WatchClient } from '../codedeploy/watch.js';
import { ReleaseError } from '../runtime/errors.js';
import { httpStatus, isAwsError } from '../util/aws-errors.js';
import type { CodeDeployGroupChange } from './record.js';
import type { TargetKind } from './targets.js';

/** The calls a group's recording and rollback make (IAM: codedeploy:GetDeploymentGroup, GetDeployment, CreateDeployment, and the watch's). */
export type GroupCodeDeploy = Pick<CodeDeploy, 'getDeploymentGroup' | 'getDeployment' | 'createDeployment'> &
  WatchClient;

/** What a deployment group runs now: its last successful deployment and that deployment's revision. */
export interface GroupRevision {
  revision?: RevisionLocation;
  deploymentId?: string;
}

/** A revision worth recording: CodeDeploy (and moto) answer `{}` where there is none. */
export function isRevision(r: RevisionLocation | undefined): r is RevisionLocation {
  return r?.revisionType !== undefined;
}

/** "s3://bucket/key?versionId=...", "github:owner/repo@commit", "AppSpec content (sha256 ...)": for plans and logs. */
export function revisionText(r: RevisionLocation | undefined): string {
  if (!isRevision(r)) return '(no revision)';
  const s3 = r.s3Location;
  if (r.revisionType === 'S3' && s3?.bucket && s3.key) {
    return locationText({ bucket: s3.bucket, key: s3.key, version: s3.version });
  }
  if (r.revisionType === 'GitHub' && r.gitHubLocation) {
    return `github:${r.gitHubLocation.repository ?? '?'}@${r.gitHubLocation.commitId ?? '?'}`;
  }
  const sha = r.appSpecContent?.sha256 ?? r.string?.sha256;
  return `${r.revisionType} revision${sha ? ` (sha256 ${sha.slice(0, 12)}…)` : ''}`;
}

/** The S3 object an S3 revision needs, with what pins it (a version, else the ETag). */
export function revisionObject(
  r: RevisionLocation | undefined,
): { bucket: string; key: string; version?: string; eTag?: string } | undefined {
  const s3 = r?.revisionType === 'S3' ? r.s3Location : undefined;
  if (!s3?.bucket || !s3.key) return undefined;
  return {
    bucket: s3.bucket,
    key: s3.key,
    ...(s3.version ? { version: s3.version } : {}),
    ...(s3.eTag && !s3.version ? { eTag: s3.eTag } : {}),
  };
}

/** The plan line of a group's rollback. */
export function describeGroupUndo(c: CodeDeployGroupChange): string {
  if (!isRevision(c.previousRevision)) {
    return `left as it is: the release was the group's first deployment, so there is no earlier revision to go back to (it deployed ${revisionText(c.newRevision)}; deploy an older one with codedeploy-deploy)`;
  }
  const config = c.deploymentConfig ? ` with ${c.deploymentConfig}` : '';
  return `from ${revisionText(c.newRevision)} back to ${revisionText(c.previousRevision)}: a new deployment${config}, and wait until it succeeded`;
}

/** GetDeploymentGroup → its last successful deployment → that deployment's revision; none on a first deployment. */
export async function groupRevision(
  cd: Pick<CodeDeploy, 'getDeploymentGroup' | 'getDeployment'>,
  application: string,
  deploymentGroup: string,
): Promise<GroupRevision> {
  const group = await cd.getDeploymentGroup({ applicationName: application, deploymentGroupName: deploymentGroup });
  const deploymentId = group.deploymentGroupInfo?.lastSuccessfulDeployment?.deploymentId;
  if (!deploymentId) return {};
  const info = (await cd.getDeployment({ deploymentId })).deploymentInfo;
  return isRevision(info?.revision) ? { revision: info.revision, deploymentId } : { deploymentId };
}

/** Whether the group still exists (a rollback has nowhere to deploy otherwise). */
async function groupExists(cd: Pick<CodeDeploy, 'getDeploymentGroup'>, c: CodeDeployGroupChange): Promise<boolean> {
  try {
    await cd.getDeploymentGroup({ applicationName: c.application, deploymentGroupName: c.deploymentGroup });
    return true;
  } catch (err) {
    if (isAwsError(err, 'ApplicationDoesNotExistException', 'DeploymentGroupDoesNotExistException')) return false;
    throw err;
  }
}

/** Whether the bundle of an S3 revision is still there as recorded (its version, else an object with its ETag). */
async function bundleProblem(
  s3: Pick<S3, 'headObject'>,
  o: NonNullable<ReturnType<typeof revisionObject>>,
): Promise<string | undefined> {
  const where = locationText(o);
  try {
    await s3.headObject({
      Bucket: o.bucket,
      Key: o.key,
      ...(o.version ? { VersionId: o.version } : {}),
      ...(o.eTag ? { IfMatch: `"${o.eTag.replace(/^"|"$/g, '')}"` } : {}),
    });
    return undefined;
  } catch (err) {
    if (isAwsError(err, 'PreconditionFailed') || httpStatus(err) === 412) {
      return `${where} (the bundle was replaced since: its ETag is no longer ${o.eTag ?? '?'})`;
    }
    if (isAwsError(err, 'NotFound', 'NoSuchKey', 'NoSuchVersion', 'NoSuchBucket') || httpStatus(err) === 404) {
      return `${where} (the bundle is gone)`;
    }
    throw err;
  }
}

/** What a rollback of this change needs that is gone, without changing anything. */
export async function missingForGroup(
  cd: Pick<CodeDeploy, 'getDeploymentGroup'>,
  s3: Pick<S3, 'headObject'>,
  c: CodeDeployGroupChange,
): Promise<string[]> {
  const name = `${c.application}/${c.deploymentGroup}`;
  // A first deployment has no earlier state to restore: it is left as it is (the plan line says so), and
  // the rest of the rollback goes on, as for an image tag a release created.
  if (!isRevision(c.previousRevision)) return [];
  const missing: string[] = [];
  if (!(await groupExists(cd, c))) missing.push(`deployment group ${name}`);
  const bundle = revisionObject(c.previousRevision);
  const problem = bundle ? await bundleProblem(s3, bundle) : undefined;
  if (problem) missing.push(problem);
  return missing;
}

export interface RedeployWait {
  timeoutMs: number;
  pollMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

/**
 * Deploys the previous revision again (with the recorded deployment config, else the group's) and waits
 * until the deployment succeeded; a failed one fails with CodeDeploy's reason.
 */
export async function redeployPrevious(
  cd: GroupCodeDeploy,
  c: CodeDeployGroupChange,
  description: string,
  wait: RedeployWait,
  onCreated: (deploymentId: string) => Promise<void> = async () => undefined,
): Promise<string> {
  const previous = c.previousRevision;
  if (!isRevision(previous)) throw new ReleaseError(describeGroupUndo(c));
  const name = `${c.application}/${c.deploymentGroup}`;
  const deploymentId = await startDeployment(cd, {
    application: c.application,
    deploymentGroup: c.deploymentGroup,
    revision: previous,
    description,
    ...(c.deploymentConfig ? { deploymentConfig: c.deploymentConfig } : {}),
  });
  wait.log(`${name}: deployment ${deploymentId} of ${revisionText(previous)} started`);
  await onCreated(deploymentId);
  try {
    await watchDeployment(cd, deploymentId, {
      timeoutMs: wait.timeoutMs,
      intervalMs: wait.pollMs,
      now: wait.now,
      sleep: wait.sleep,
      log: wait.log,
    });
  } catch (err) {
    if (err instanceof DeploymentFailed) {
      throw new ReleaseError(`${name} did not go back to ${revisionText(previous)}: ${err.message}`);
    }
    throw err;
  }
  return deploymentId;
}

/** A CodeDeploy deployment group in a rollback: its previous revision deployed again, and waited for. */
export const groupTarget: TargetKind<CodeDeployGroupChange> = {
  describe: describeGroupUndo,
  missing: async (deps, change) => missingForGroup(await deps.codedeploy(), deps.s3, change),
  moved: (c) =>
    isRevision(c.previousRevision)
      ? `${c.application}/${c.deploymentGroup} on ${revisionText(c.previousRevision)}`
      : `${c.application}/${c.deploymentGroup} left as it is (its first deployment)`,
  async undo(deps, change, step) {
    if (!isRevision(change.previousRevision)) {
      deps.host.log.warn(
        `${change.application}/${change.deploymentGroup}: ${describeGroupUndo(change)}; nothing was redeployed`,
      );
      return {};
    }
    const cd = await deps.codedeploy();
    const now = await groupRevision(cd, change.application, change.deploymentGroup);
    // The rollback's own change: from what the group runs now back to the previous revision.
    const own: CodeDeployGroupChange = {
      kind: 'codedeploy-group',
      application: change.application,
      deploymentGroup: change.deploymentGroup,
      ...(now.revision ? { previousRevision: now.revision } : {}),
      ...(now.deploymentId && now.revision ? { previousDeploymentId: now.deploymentId } : {}),
      newRevision: change.previousRevision ?? change.newRevision,
      ...(change.deploymentConfig ? { deploymentConfig: change.deploymentConfig } : {}),
    };
    await step.record(own);
    await redeployPrevious(
      cd,
      change,
      `aws-release-kit ${step.releaseId}: back to ${revisionText(change.previousRevision)}`.slice(0, 1000),
      {
        timeoutMs: deps.wait.timeoutMs,
        pollMs: deps.wait.pollMs,
        now: deps.now,
        sleep: (ms) => deps.host.sleep(ms),
        log: (line) => deps.host.log.info(line),
      },
      (deploymentId) => step.record({ ...own, newDeploymentId: deploymentId }),
    );
    return {};
  },
};
