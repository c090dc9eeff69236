import type { CloudFront } from '@aws-sdk/client-cloudfront';
import type { CodeDeploy } from '@aws-sdk/client-codedeploy';
import type { S3 } from '@aws-sdk/client-s3';
import type { RollbackInputs } from '../definitions/rollback.js';
import { clientConfig } from '../runtime/aws.js';
import { ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';
import {
  changedSince,
  releaseBefore,
  releaseToUndo,
  releasesToUndo,
  targetName,
  type ReleaseRecord,
  type TargetChange,
} from '../release/record.js';
import type { AliasLambda } from '../release/alias.js';
import type { ServiceEcs } from '../release/service.js';
import { tagsToRestore, type TagsEcr } from '../release/image.js';
import { inReleaseStep } from '../release/session.js';
import { kindOf, movedBack, type UndoDeps } from '../release/targets.js';
import { openStore } from '../release/default-store.js';
import { createInvalidation } from '../s3/cloudfront.js';

export type RollbackDeps = Omit<UndoDeps, 'wait'>;

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
  let cdClient: CodeDeploy | undefined;
  const codedeploy = async (): Promise<CodeDeploy> => {
    const { CodeDeploy } = await import('@aws-sdk/client-codedeploy');
    cdClient ??= new CodeDeploy(clientConfig(inputs));
    return cdClient;
  };
  // Image tags are reached in the region their repository was recorded in.
  const ecrClients = new Map<string, TagsEcr>();
  const ecr = async (region: string): Promise<TagsEcr> => {
    const { ECR } = await import('@aws-sdk/client-ecr');
    const client = ecrClients.get(region) ?? new ECR(clientConfig({ ...inputs, region }));
    ecrClients.set(region, client);
    return client;
  };
  const store = await openStore(inputs.store, inputs, s3, {
    create: false,
    log: (line) => host.log.info(line),
    sleep: (ms) => host.sleep(ms),
  });
  return execute(inputs, { s3, store, cloudfront, lambda, ecs, codedeploy, ecr, host, now: Date.now });
}

interface Undo {
  release: ReleaseRecord;
  change: TargetChange;
  /** A release still in effect changed the target after `release`: undoing it there would undo that too. */
  keptFor?: string;
}

const stamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * The default id, made unique in the store: a rollback and its undoing within one second (both "to v1")
 * would otherwise share one record, and the second would write into the first's.
 */
export function unusedId(base: string, records: readonly Pick<ReleaseRecord, 'id'>[]): string {
  const taken = new Set(records.map((r) => r.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

const describe = (u: Undo): string =>
  `undo ${u.release.id} on ${targetName(u.change)}: ${
    u.keptFor
      ? `left as it is: ${u.keptFor} changed it since (undoing ${u.release.id} there would undo ${u.keptFor} too)`
      : kindOf(u.change).describe(u.change)
  }`;

const moved = (u: Undo): string =>
  u.keptFor ? `${targetName(u.change)} left as ${u.keptFor} has it` : movedBack(u.change);

export async function execute(inputs: RollbackInputs, deps: RollbackDeps): Promise<Record<string, string | number>> {
  const { host, store } = deps;
  const undoDeps: UndoDeps = {
    ...deps,
    wait: { timeoutMs: inputs.waitForMinutes * 60_000, pollMs: inputs.pollInterval * 1000 },
  };
  const records = await store.list((key, problem) => host.log.warn(`skipped ${key}: ${problem}`));
  let chosen: { target?: ReleaseRecord; undo: ReleaseRecord[]; superseded: ReleaseRecord[] };
  try {
    if (inputs.undo !== undefined) {
      const one = releaseToUndo(records, inputs.undo);
      chosen = { undo: one ? [one] : [], superseded: [] };
    } else {
      chosen = releasesToUndo(records, inputs.to);
    }
  } catch (err) {
    const what = inputs.undo !== undefined ? `undo ${inputs.undo}` : `roll back to ${inputs.to}`;
    throw new ReleaseError(`cannot ${what}: ${errorMessage(err)}; nothing was changed.`);
  }
  const { target, undo, superseded } = chosen;
  // Undoing one release brings its targets back to where the release before it left them.
  const backAt = target ?? (undo[0] ? releaseBefore(records, undo[0]) : undefined);
  const label = target
    ? `back to ${target.id}`
    : `back before ${inputs.undo ?? ''}${backAt ? ` (to ${backAt.id})` : ''}`;
  if (undo.length === 0) {
    host.log.info(`release ${inputs.undo ?? ''} recorded no change in ${store.uri}: nothing to roll back`);
    return { 'rolled-back': '', to: '', 'release-id': '', restored: 0, removed: 0, moved: '', 'invalidation-ids': '' };
  }
  // Undoing one release (not everything after a target): a target a later release changed is left to it.
  const since = inputs.undo !== undefined && undo[0] ? changedSince(records, undo[0]) : new Map<string, string>();
  const all: Undo[] = undo.flatMap((release) =>
    release.changes.map((change) => ({ release, change, keptFor: since.get(targetName(change)) })),
  );
  const plan = all.filter((u) => !u.keptFor);

  // Plan first, and refuse before any change when something a restore needs is gone.
  await host.log.group(`Plan: ${label}, undoing ${undo.map((r) => r.id).join(', ')}`, async () => {
    for (const u of all) host.log.info(describe(u));
    const missing = (await Promise.all(plan.map((u) => kindOf(u.change).missing(undoDeps, u.change)))).flat();
    if (missing.length) {
      throw new ReleaseError(
        `cannot roll ${label}: ${missing.length} thing(s) it needs are gone (an expired object version, a deleted copy, a deregistered revision), e.g. ${missing.slice(0, 3).join('; ')}; nothing was changed.`,
      );
    }
  });
  const sites = plan.flatMap((u) => (u.change.kind === 's3-site' ? [u.change] : []));
  const counts = {
    restored: sites.reduce((n, c) => n + c.replaced.length + c.deleted.length, 0),
    removed: sites.reduce((n, c) => n + c.added.length, 0),
    aliases: plan.filter((u) => u.change.kind === 'lambda-alias').length,
    services: plan.filter((u) => u.change.kind === 'ecs-service').length,
    deployments: plan.filter((u) => u.change.kind === 'codedeploy-group' && u.change.previousRevision).length,
    images: plan.reduce((n, u) => n + (u.change.kind === 'ecr-tags' ? tagsToRestore(u.change).length : 0), 0),
  };
  const result = (id: string, invalidations: string[]): Record<string, string | number> => ({
    'rolled-back': undo.map((r) => r.id).join(','),
    moved: [...new Set(all.map(moved))].join('; '),
    to: backAt?.id ?? '',
    'release-id': id,
    ...counts,
    'invalidation-ids': invalidations.join(','),
  });
  if (inputs.dryRun) {
    host.log.info('dry run: nothing was changed');
    return result('', []);
  }
  if (plan.length === 0) {
    host.log.info(`every target of ${undo.map((r) => r.id).join(', ')} was changed again since: nothing was changed`);
    return { ...result('', []), 'rolled-back': '' };
  }

  const id =
    inputs.id ??
    unusedId(
      target ? `rollback-to-${target.id}-${stamp(deps.now())}` : `rollback-of-${inputs.undo}-${stamp(deps.now())}`,
      records,
    );
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
        // The rollback is a release of its own: what it is about to overwrite is recorded, so it can be undone.
        const done = await kindOf(u.change).undo(undoDeps, u.change, step);
        host.log.info(`${describe(u)}: done`);
        if (done.invalidate) {
          const set = paths.get(done.invalidate.distributionId) ?? new Set<string>();
          for (const p of done.invalidate.paths) set.add(p);
          paths.set(done.invalidate.distributionId, set);
        }
      },
    );
  }
  // Every target is back: the undone releases are marked; undoing a rollback gives its releases their status back.
  // Rollbacks whose effect this one takes over (see releasesToUndo) are marked as undone by it too.
  for (const release of [...undo, ...superseded]) {
    await store.update(release.id, (cur) => ({ ...(cur ?? release), status: 'rolled-back', rolledBackBy: id }));
    if (superseded.includes(release)) continue;
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
    return { ...cur, undid: [...undo, ...superseded].map((r) => ({ id: r.id, status: r.status })) };
  });

  // Invalidated once the store says where the targets are: a failed invalidation (it can be retried on
  // its own) must not leave the undone releases looking live.
  const invalidations: string[] = [];
  for (const [distribution, set] of paths) {
    const cf = await deps.cloudfront();
    invalidations.push(await createInvalidation(distribution, [...set].sort(), cf, host));
  }
  host.log.info(
    `rolled ${label}: ${counts.restored} restored, ${counts.removed} removed, ${counts.aliases} alias(es), ${counts.services} service(s), ${counts.images} image tag(s) and ${counts.deployments} deployment group(s) moved back; recorded as ${id} (\`rollback --to previous\` undoes it)`,
  );
  await host.summary(
    [
      `### rollback: ${label}`,
      '',
      `Undid ${undo.map((r) => r.id).join(', ')}. Recorded as \`${id}\` (\`rollback --to previous\` undoes it).`,
      '',
      ...[...new Set(all.map(moved))].map((m) => `- ${m.replace(/[|<>]/g, '\\$&')}`),
      '',
    ].join('\n'),
  );
  return result(id, invalidations);
}
