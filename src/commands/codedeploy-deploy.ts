import type { CodeDeploy, RevisionLocation } from '@aws-sdk/client-codedeploy';
import type { S3 } from '@aws-sdk/client-s3';
import {
  contentKey,
  headBundle,
  locationText,
  s3Revision,
  sha256Hex,
  startDeployment,
  uploadBundle,
} from '../codedeploy/revision.js';
import { DeploymentFailed, targetsByStatus, watchDeployment, type TargetView } from '../codedeploy/watch.js';
import type { CodeDeployDeployInputs } from '../definitions/codedeploy-deploy.js';
import { checkHealth } from '../health/check.js';
import { zipDirectory } from '../lambda/zip.js';
import { clientConfig } from '../runtime/aws.js';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';
import { groupRevision, revisionText } from '../release/deployment-group.js';
import { targetName, type CodeDeployGroupChange } from '../release/record.js';
import { inReleaseStep, releaseSettings, type ReleaseSettings } from '../release/session.js';

export interface CodeDeployDeployDeps {
  cd: Pick<
    CodeDeploy,
    'createDeployment' | 'getDeployment' | 'getDeploymentGroup' | 'listDeploymentTargets' | 'batchGetDeploymentTargets'
  >;
  s3: Pick<S3, 'headObject' | 'putObject'>;
  host: Host;
  /** Set with release-store: the deployment runs under the group's lock, its previous revision recorded. */
  release?: ReleaseSettings;
  /** The clock deadlines are measured on; tests pair it with a sleep that advances it. */
  now?: () => number;
  fetchImpl?: typeof fetch;
}

export async function run(inputs: CodeDeployDeployInputs, host: Host): Promise<Record<string, string>> {
  const [{ CodeDeploy }, { S3 }] = await Promise.all([
    import('@aws-sdk/client-codedeploy'),
    import('@aws-sdk/client-s3'),
  ]);
  const s3 = new S3(clientConfig(inputs, { s3: true }));
  const release =
    inputs.release && !inputs.dryRun
      ? await releaseSettings(inputs.release, inputs, (ms) => host.sleep(ms))
      : undefined;
  return execute(inputs, { cd: new CodeDeploy(clientConfig(inputs)), s3, host, release });
}

interface Prepared {
  revision: RevisionLocation;
  location: string;
  uploaded: boolean;
}

/** Bundles and uploads a directory revision (once), or checks that an S3 revision is there. */
async function prepareRevision(inputs: CodeDeployDeployInputs, deps: CodeDeployDeployDeps): Promise<Prepared> {
  const { host } = deps;
  const r = inputs.revision;
  if (r.kind === 's3') {
    const existing = await headBundle(deps.s3, r);
    if (!existing) throw new ReleaseError(`revision s3://${r.bucket}/${r.key} does not exist`);
    const revision = s3Revision({ ...r, ...existing });
    return { revision, location: locationText({ ...r, version: existing.versionId }), uploaded: false };
  }
  const zip = await zipDirectory(r.dir);
  for (const s of zip.skipped) host.log.warn(`left out of the bundle: ${s}`);
  const sha = sha256Hex(zip.bytes);
  host.log.info(`bundled ${r.dir}: ${zip.files} file(s), ${zip.bytes.length} bytes, sha256 ${sha}`);
  const key = r.key ?? contentKey(inputs.application, sha);
  const up = await uploadBundle(deps.s3, {
    bucket: r.bucket,
    key,
    bytes: zip.bytes,
    dryRun: inputs.dryRun,
    log: (m) => host.log.info(m),
  });
  const revision = s3Revision({
    bucket: r.bucket,
    key,
    bundleType: 'zip',
    ...(up.eTag ? { eTag: up.eTag } : {}),
    ...(up.versionId ? { versionId: up.versionId } : {}),
  });
  return { revision, location: locationText({ bucket: r.bucket, key, version: up.versionId }), uploaded: up.uploaded };
}

function consoleUrl(region: string, deploymentId: string): string {
  return `https://${region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${deploymentId}?region=${region}`;
}

function instancesOutput(targets: readonly TargetView[]): string {
  return JSON.stringify(targetsByStatus(targets.filter((t) => t.kind === 'instance')));
}

export async function execute(
  inputs: CodeDeployDeployInputs,
  deps: CodeDeployDeployDeps,
): Promise<Record<string, string>> {
  const { host } = deps;
  const now = deps.now ?? Date.now;
  const started = now();
  const target = `${inputs.application}/${inputs.deploymentGroup}`;
  const prepared = await host.log.group('Revision', () => prepareRevision(inputs, deps));
  if (inputs.dryRun) {
    host.log.info(`dry run: would deploy ${prepared.location} to ${target}`);
    return { 'deployment-id': '', 'revision-location': prepared.location, instances: instancesOutput([]) };
  }
  const { release } = deps;
  if (!release) return deploy(inputs, deps, prepared, started);
  const ref = {
    kind: 'codedeploy-group' as const,
    application: inputs.application,
    deploymentGroup: inputs.deploymentGroup,
  };
  return inReleaseStep(
    { ...release, command: 'codedeploy-deploy', context: host.context, log: host.log, sleep: (ms) => host.sleep(ms) },
    targetName(ref),
    async (step) => {
      // What the group runs now is what a rollback deploys again: recorded before the new deployment exists.
      const before = await groupRevision(deps.cd, inputs.application, inputs.deploymentGroup);
      host.log.info(
        before.revision
          ? `${target} runs ${revisionText(before.revision)} (deployment ${before.deploymentId ?? '?'}): recorded in release ${step.releaseId}`
          : `${target} has no successful deployment yet: a rollback of release ${step.releaseId} will have no revision to go back to`,
      );
      const change: CodeDeployGroupChange = {
        ...ref,
        ...(before.revision ? { previousRevision: before.revision, previousDeploymentId: before.deploymentId } : {}),
        newRevision: prepared.revision,
        ...(inputs.deploymentConfig ? { deploymentConfig: inputs.deploymentConfig } : {}),
      };
      await step.record(change);
      return deploy(inputs, deps, prepared, started, (deploymentId) =>
        step.record({ ...change, newDeploymentId: deploymentId }),
      );
    },
  );
}

/** Starts the deployment (telling `onCreated` its id) and, with wait, watches it and checks health. */
async function deploy(
  inputs: CodeDeployDeployInputs,
  deps: CodeDeployDeployDeps,
  prepared: Prepared,
  started: number,
  onCreated: (deploymentId: string) => Promise<void> = async () => undefined,
): Promise<Record<string, string>> {
  const { host } = deps;
  const now = deps.now ?? Date.now;
  const target = `${inputs.application}/${inputs.deploymentGroup}`;
  const deploymentId = await startDeployment(deps.cd, {
    application: inputs.application,
    deploymentGroup: inputs.deploymentGroup,
    revision: prepared.revision,
    ...(inputs.description ? { description: inputs.description } : {}),
    ...(inputs.deploymentConfig ? { deploymentConfig: inputs.deploymentConfig } : {}),
    ...(inputs.fileExistsBehavior ? { fileExistsBehavior: inputs.fileExistsBehavior } : {}),
  });
  host.log.info(
    `deployment ${deploymentId} of ${prepared.location} to ${target} started: ${consoleUrl(inputs.region, deploymentId)}`,
  );
  await onCreated(deploymentId);
  const outputs = {
    'deployment-id': deploymentId,
    'revision-location': prepared.location,
    instances: instancesOutput([]),
  };
  if (!inputs.wait) return outputs;

  let targets: TargetView[] = [];
  let outcome = 'succeeded';
  try {
    const res = await host.log.group('Wait for the deployment', () =>
      watchDeployment(deps.cd, deploymentId, {
        timeoutMs: inputs.waitTimeout * 60_000,
        intervalMs: inputs.pollInterval * 1000,
        now,
        sleep: (ms) => host.sleep(ms),
        log: (m) => host.log.info(m),
      }),
    );
    targets = res.targets;
    const { succeeded } = targetsByStatus(targets);
    host.log.info(
      `deployment ${deploymentId} succeeded on ${succeeded.length} target(s)${succeeded.length ? `: ${succeeded.join(', ')}` : ''}`,
    );
    if (inputs.healthCheckUrl) {
      const url = inputs.healthCheckUrl;
      const health = await host.log.group('Health check', () =>
        checkHealth(url, {
          status: inputs.healthCheckStatus,
          timeoutMs: inputs.healthCheckTimeout * 1000,
          intervalMs: Math.min(inputs.pollInterval * 1000, 5000),
          now,
          sleep: (ms) => host.sleep(ms),
          log: (m) => host.log.info(m),
          ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
        }),
      );
      if (!health.healthy) {
        outcome = 'deployed, but unhealthy';
        throw new ReleaseError(`${health.summary}; deployment ${deploymentId} itself succeeded`);
      }
      host.log.info(health.summary);
    }
  } catch (err) {
    if (err instanceof DeploymentFailed) {
      targets = err.targets;
      outcome = err.timedOut ? 'still running at the timeout' : 'failed';
    } else if (outcome === 'succeeded') outcome = 'failed';
    throw err;
  } finally {
    await writeSummary(host, {
      deploymentId,
      target,
      location: prepared.location,
      uploaded: prepared.uploaded,
      targets,
      outcome,
      seconds: Math.round((now() - started) / 1000),
    });
  }
  return { ...outputs, instances: instancesOutput(targets) };
}

async function writeSummary(
  host: Host,
  s: {
    deploymentId: string;
    target: string;
    location: string;
    uploaded: boolean;
    targets: TargetView[];
    outcome: string;
    seconds: number;
  },
): Promise<void> {
  const rows = s.targets.map((t) => {
    const failed = t.events.find((e) => e.status === 'Failed');
    return `| ${t.id} | ${t.status}${failed ? ` (${failed.lifecycleEventName ?? '?'})` : ''} |`;
  });
  const md = [
    `### CodeDeploy ${s.target}: ${s.outcome}`,
    '',
    `Deployment \`${s.deploymentId}\` of \`${s.location}\`${s.uploaded ? ' (uploaded now)' : ''}, ${s.seconds} s.`,
    ...(rows.length ? ['', '| target | status |', '| --- | --- |', ...rows] : []),
    '',
  ].join('\n');
  try {
    await host.summary(md);
  } catch (err) {
    host.log.warn(`could not write the job summary: ${errorMessage(err)}`);
  }
}
