import type { CloudFront } from '@aws-sdk/client-cloudfront';
import type { S3 } from '@aws-sdk/client-s3';
import type { RollbackInputs } from '../definitions/rollback.js';
import { clientConfig } from '../runtime/aws.js';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';
import {
  changedPaths,
  inverseKeys,
  releaseToUndo,
  releasesToUndo,
  siteKeys,
  targetName,
  type ReleaseRecord,
  type TargetChange,
} from '../release/record.js';
import { aliasVersion, missingVersion, restoreAlias, type AliasLambda } from '../release/alias.js';
import { missingRevision, restoreService, serviceTaskDefinition, type ServiceEcs } from '../release/service.js';
import { revisionOf } from '../ecs/watch.js';
import { inReleaseStep } from '../release/session.js';
import { captureSite, missingRestores, restoreSite } from '../release/site.js';
import { ReleaseStore } from '../release/store.js';
import { createInvalidation } from '../s3/cloudfront.js';

export interface RollbackDeps {
  s3: S3;
  store: ReleaseStore;
  /** Made on first use: only a release that moved a Lambda alias needs it. */
  lambda: () => Promise<AliasLambda>;
  /** Made on first use: only a release that updated an ECS service needs it. */
  ecs: () => Promise<ServiceEcs>;
  /** Made on first use: only a site served by CloudFront needs it. */
  cloudfront: () => Promise<Pick<CloudFront, 'createInvalidation'>>;
  host: Host;
  now: () => number;
}

export async function run(inputs: RollbackInputs, host: Host): Promise<Record<string, string | number>> {
  const { S3 } = await import('@aws-sdk/client-s3');
  const s3: S3 = new S3({
    ...clientConfig(inputs, { s3: true }),
    followRegionRedirects: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  let cf: CloudFront | undefined;
  const cloudfront = async (): Promise<CloudFront> => {
    const { CloudFront } = await import('@aws-sdk/client-cloudfront');
    cf ??= new CloudFront(clientConfig(inputs));
    return cf;
  };
  let fn: AliasLambda | undefined;
  const lambda = async (): Promise<AliasLambda> => {
    const { Lambda } = await import('@aws-sdk/client-lambda');
    fn ??= new Lambda(clientConfig(inputs));
    return fn;
  };
  let ecsClient: ServiceEcs | undefined;
  const ecs = async (): Promise<ServiceEcs> => {
    const { ECS } = await import('@aws-sdk/client-ecs');
    ecsClient ??= new ECS(clientConfig(inputs));
    return ecsClient;
  };
  const store = new ReleaseStore(s3, inputs.store, (ms) => host.sleep(ms));
  return execute(inputs, { s3, store, cloudfront, lambda, ecs, host, now: Date.now });
}

interface Undo {
  release: ReleaseRecord;
  change: TargetChange;
}

const stamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

function describe(u: Undo): string {
  const c = u.change;
  if (c.kind === 'ecs-service') {
    return `undo ${u.release.id} on ${targetName(c)}: from ${revisionOf(c.newTaskDefinition)} back to ${revisionOf(c.previousTaskDefinition)}, and wait until it is stable`;
  }
  if (c.kind === 'lambda-alias') {
    const back =
      c.previousVersion === undefined ? 'remove it (the release created it)' : `version ${c.previousVersion}`;
    return `undo ${u.release.id} on ${targetName(c)}: from version ${c.newVersion} back to ${back}`;
  }
  const restore = c.replaced.length + c.deleted.length;
  const cdn = c.distributionId ? `, invalidate ${changedPaths(c).length} path(s) in ${c.distributionId}` : '';
  return `undo ${u.release.id} on ${targetName(c)}: restore ${restore} object(s) from ${c.versioned ? 'their versions' : 'copies'}, remove ${c.added.length}${cdn}`;
}

export async function execute(inputs: RollbackInputs, deps: RollbackDeps): Promise<Record<string, string | number>> {
  const { host, store, s3 } = deps;
  const records = await store.list((key, problem) => host.log.warn(`skipped ${key}: ${problem}`));
  let chosen: { target?: ReleaseRecord; undo: ReleaseRecord[] };
  try {
    if (inputs.undo !== undefined) {
      const one = releaseToUndo(records, inputs.undo);
      chosen = { undo: one ? [one] : [] };
    } else {
      chosen = releasesToUndo(records, inputs.to);
    }
  } catch (err) {
    const what = inputs.undo !== undefined ? `undo ${inputs.undo}` : `roll back to ${inputs.to}`;
    throw new ReleaseError(`cannot ${what}: ${errorMessage(err)}; nothing was changed.`);
  }
  const { target, undo } = chosen;
  const label = target ? `back to ${target.id}` : `back before ${inputs.undo ?? ''}`;
  if (undo.length === 0) {
    host.log.info(`release ${inputs.undo ?? ''} recorded no change in ${store.uri}: nothing to roll back`);
    return { 'rolled-back': '', to: '', 'release-id': '', restored: 0, removed: 0, 'invalidation-ids': '' };
  }
  const plan: Undo[] = undo.flatMap((release) => release.changes.map((change) => ({ release, change })));

  // Plan first, and refuse before any change when something a restore needs is gone.
  await host.log.group(`Plan: ${label}, undoing ${undo.map((r) => r.id).join(', ')}`, async () => {
    for (const u of plan) host.log.info(describe(u));
    const missing = (
      await Promise.all(
        plan.map(async (u) =>
          u.change.kind === 's3-site'
            ? missingRestores(s3, store, u.change)
            : u.change.kind === 'lambda-alias'
              ? missingVersion(await deps.lambda(), u.change)
              : missingRevision(await deps.ecs(), u.change),
        ),
      )
    ).flat();
    if (missing.length) {
      throw new ReleaseError(
        `cannot roll ${label}: ${missing.length} object(s) it needs are gone (expired versions or deleted copies), e.g. ${missing.slice(0, 3).join('; ')}; nothing was changed.`,
      );
    }
  });
  const sites = plan.flatMap((u) => (u.change.kind === 's3-site' ? [u.change] : []));
  const counts = {
    restored: sites.reduce((n, c) => n + c.replaced.length + c.deleted.length, 0),
    removed: sites.reduce((n, c) => n + c.added.length, 0),
    aliases: plan.filter((u) => u.change.kind === 'lambda-alias').length,
    services: plan.filter((u) => u.change.kind === 'ecs-service').length,
  };
  const result = (id: string, invalidations: string[]): Record<string, string | number> => ({
    'rolled-back': undo.map((r) => r.id).join(','),
    to: target?.id ?? '',
    'release-id': id,
    ...counts,
    'invalidation-ids': invalidations.join(','),
  });
  if (inputs.dryRun) {
    host.log.info('dry run: nothing was changed');
    return result('', []);
  }

  const id =
    inputs.id ??
    (target ? `rollback-to-${target.id}-${stamp(deps.now())}` : `rollback-of-${inputs.undo}-${stamp(deps.now())}`);
  const paths = new Map<string, Set<string>>();
  for (const u of plan) {
    await inReleaseStep(
      {
        store,
        releaseId: id,
        command: 'rollback',
        context: host.context,
        log: host.log,
        sleep: (ms) => host.sleep(ms),
        now: deps.now,
        lockTimeoutMs: inputs.lock.lockTimeoutSeconds * 1000,
        lockTtlMs: inputs.lock.lockTtlSeconds * 1000,
      },
      targetName(u.change),
      async (step) => {
        // The rollback is a release of its own: what it is about to overwrite is kept, so it can be undone.
        const change = u.change;
        if (change.kind === 'ecs-service') {
          const ecs = await deps.ecs();
          const now = await serviceTaskDefinition(ecs, change.cluster, change.service);
          if (now)
            await step.record({
              ...change,
              previousTaskDefinition: now,
              newTaskDefinition: change.previousTaskDefinition,
            });
          await restoreService(ecs, change, {
            timeoutMs: inputs.waitForMinutes * 60_000,
            pollMs: inputs.pollInterval * 1000,
            now: deps.now,
            sleep: (ms) => host.sleep(ms),
            log: (line) => host.log.info(line),
          });
          host.log.info(`${describe(u)}: done`);
          return;
        }
        if (change.kind === 'lambda-alias') {
          const lambda = await deps.lambda();
          const now = await aliasVersion(lambda, change.functionName, change.alias);
          if (change.previousVersion !== undefined) {
            await step.record({ ...change, previousVersion: now, newVersion: change.previousVersion });
          }
          await restoreAlias(lambda, change);
          host.log.info(`${describe(u)}: done`);
          return;
        }
        const recorded = (await store.read(id))?.record.changes.find((c) => targetName(c) === targetName(change));
        const own = await captureSite(
          s3,
          store,
          id,
          { bucket: change.bucket, prefix: change.prefix, distributionId: change.distributionId },
          inverseKeys(change),
          recorded?.kind === 's3-site' ? siteKeys(recorded) : new Set(),
        );
        await step.record(own);
        await restoreSite(s3, store, change);
        host.log.info(`${describe(u)}: done`);
        if (change.distributionId) {
          const set = paths.get(change.distributionId) ?? new Set<string>();
          for (const p of changedPaths(change)) set.add(p);
          paths.set(change.distributionId, set);
        }
      },
    );
  }
  const invalidations: string[] = [];
  for (const [distribution, set] of paths) {
    const cf = await deps.cloudfront();
    invalidations.push(await createInvalidation(distribution, [...set].sort(), cf, host));
  }

  // The undone releases are marked; undoing a rollback gives its releases their status back.
  for (const release of undo) {
    await store.update(release.id, (cur) => ({ ...(cur ?? release), status: 'rolled-back', rolledBackBy: id }));
    for (const earlier of release.undid ?? []) {
      await store.update(earlier.id, (cur) => {
        const base = cur ?? records.find((r) => r.id === earlier.id);
        if (!base) throw new ReleaseError(`release ${earlier.id} is missing from the store`);
        return { ...base, status: earlier.status, rolledBackBy: undefined };
      });
    }
  }
  await store.update(id, (cur) => {
    if (!cur) throw new ReleaseError(`the rollback record ${id} is missing from the store`);
    return { ...cur, undid: undo.map((r) => ({ id: r.id, status: r.status })) };
  });
  host.log.info(
    `rolled ${label}: ${counts.restored} restored, ${counts.removed} removed, ${counts.aliases} alias(es) and ${counts.services} service(s) moved back; recorded as ${id} (\`rollback --to previous\` undoes it)`,
  );
  await host.summary(
    [
      `### rollback: ${label}`,
      '',
      `Undid ${undo.map((r) => r.id).join(', ')}: ${counts.restored} object(s) restored, ${counts.removed} removed. Recorded as \`${id}\`.`,
      '',
    ].join('\n'),
  );
  return result(id, invalidations);
}
