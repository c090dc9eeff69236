/**
 * The release record: what one release changed, before and after, per target, written while the steps
 * run so that a crash still leaves what had changed. Its JSON format is versioned (`format`, `version`)
 * and documented in the README ("Releases and rollback"). Pure functions only.
 */
import type { RevisionLocation } from '@aws-sdk/client-codedeploy';
import type { RunContext } from '../runtime/context.js';
import { encodePath } from '../s3/invalidation.js';

export const RECORD_FORMAT = 'aws-release-kit/release-record';
export const RECORD_VERSION = 1;

export type ReleaseStatus = 'in-progress' | 'succeeded' | 'failed' | 'rolled-back';

/** How one object of a site comes back: a version of it (versioned bucket) or a copy under the store. */
export interface ObjectRestore {
  key: string;
  versionId?: string;
  backupKey?: string;
}

/** An S3 site (bucket + prefix): the keys this release added, replaced and deleted. */
export interface SiteChange {
  kind: 's3-site';
  bucket: string;
  prefix: string;
  versioned: boolean;
  added: string[];
  replaced: ObjectRestore[];
  deleted: ObjectRestore[];
  /** The CloudFront distribution the site is served by, when the step invalidated one. */
  distributionId?: string;
}

/**
 * A Lambda alias this release moved: the version it served before (none: the release created it) and
 * the one it serves after (none: the release removed it, as a rollback of the release that created it does).
 */
export interface LambdaAliasChange {
  kind: 'lambda-alias';
  functionName: string;
  alias: string;
  previousVersion?: string;
  newVersion?: string;
}

/**
 * How a blue/green service (deployment controller CODE_DEPLOY) was deployed, so that a rollback can
 * deploy the previous task definition the same way: through the same deployment group, with the same
 * AppSpec (container name and port, hooks) naming that revision instead.
 */
export interface EcsBlueGreen {
  application: string;
  deploymentGroup: string;
  /** The AppSpec the deployment was created with (its TaskDefinition is the change's new one). */
  appspec: Record<string, unknown>;
  /** The deployment config given to ecs-deploy (none: the deployment group's own). */
  deploymentConfig?: string;
}

/**
 * An ECS service this release moved to a new task definition: by UpdateService (rolling), or, with
 * `blueGreen`, by a CodeDeploy deployment.
 */
export interface EcsServiceChange {
  kind: 'ecs-service';
  cluster: string;
  service: string;
  previousTaskDefinition: string;
  newTaskDefinition: string;
  blueGreen?: EcsBlueGreen;
}

/**
 * A CodeDeploy deployment group (EC2/on-premises) this release deployed a revision to: the revision of
 * the group's last successful deployment before it (none: the release was the group's first).
 */
export interface CodeDeployGroupChange {
  kind: 'codedeploy-group';
  application: string;
  deploymentGroup: string;
  /** As GetDeployment returns it (an S3 bundle with its version/ETag, a GitHub commit, AppSpec content). */
  previousRevision?: RevisionLocation;
  previousDeploymentId?: string;
  newRevision: RevisionLocation;
  /** Set once CodeDeploy created the deployment. */
  newDeploymentId?: string;
  /** The deployment config the release named (none: the group's own); a rollback redeploys with it. */
  deploymentConfig?: string;
}

/**
 * One tag of an ECR repository this release pointed at an image: the digest it pointed at before (none:
 * the tag was new) and the one after (none yet: the run stopped while pushing).
 */
export interface TagMove {
  tag: string;
  previousDigest?: string;
  newDigest?: string;
}

/** The mutable tags of an ECR repository this release moved (ecr-push with release-store). */
export interface EcrTagsChange {
  kind: 'ecr-tags';
  /** The AWS account of the registry and the region of the repository: where a rollback finds it again. */
  registryId: string;
  region: string;
  repository: string;
  tags: TagMove[];
}

export type TargetChange = SiteChange | LambdaAliasChange | EcsServiceChange | CodeDeployGroupChange | EcrTagsChange;

/** What names a target (for its lock and to find its change in a record). */
export type TargetRef =
  | Pick<SiteChange, 'kind' | 'bucket' | 'prefix'>
  | Pick<LambdaAliasChange, 'kind' | 'functionName' | 'alias'>
  | Pick<EcsServiceChange, 'kind' | 'cluster' | 'service'>
  | Pick<CodeDeployGroupChange, 'kind' | 'application' | 'deploymentGroup'>
  | Pick<EcrTagsChange, 'kind' | 'registryId' | 'region' | 'repository'>;

export interface StepEntry {
  command: string;
  status: 'running' | 'succeeded' | 'failed';
  at: string;
  error?: string;
}

export interface ReleaseRecord {
  format: typeof RECORD_FORMAT;
  version: typeof RECORD_VERSION;
  id: string;
  status: ReleaseStatus;
  startedAt: string;
  updatedAt: string;
  actor?: string;
  commit?: string;
  ref?: string;
  runUrl?: string;
  /** Set on a rollback: the releases it undid, with the status each had before. */
  undid?: Array<{ id: string; status: ReleaseStatus }>;
  /** Set on a release that a later rollback undid. */
  rolledBackBy?: string;
  steps: StepEntry[];
  changes: TargetChange[];
}

/** The release id: `release-id` when given, else the tag, else the commit; undefined when none is known. */
export function releaseIdFor(given: string | undefined, context: RunContext): string | undefined {
  return given ?? context.tag ?? context.sha;
}

export function newRecord(id: string, context: RunContext, now: Date): ReleaseRecord {
  const at = now.toISOString();
  return {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    id,
    status: 'in-progress',
    startedAt: at,
    updatedAt: at,
    ...(context.actor ? { actor: context.actor } : {}),
    ...(context.sha ? { commit: context.sha } : {}),
    ...(context.ref ? { ref: context.ref } : {}),
    ...(context.runUrl ? { runUrl: context.runUrl } : {}),
    steps: [],
    changes: [],
  };
}

/** Reads a stored record; refuses another format or a newer version than this toolkit knows. */
export function parseRecord(text: string): ReleaseRecord {
  const doc = JSON.parse(text) as Partial<ReleaseRecord>;
  if (doc.format !== RECORD_FORMAT) throw new Error(`not a release record (format ${String(doc.format)})`);
  if (doc.version !== RECORD_VERSION) {
    throw new Error(
      `release record version ${String(doc.version)} is not known to this toolkit (it reads ${RECORD_VERSION})`,
    );
  }
  if (typeof doc.id !== 'string' || !Array.isArray(doc.changes) || !Array.isArray(doc.steps)) {
    throw new Error('release record is incomplete');
  }
  return doc as ReleaseRecord;
}

/** The lock name of a target: one release at a time may change it. */
export function targetName(target: TargetRef): string {
  if (target.kind === 'lambda-alias') return `lambda:${target.functionName}:${target.alias}`;
  if (target.kind === 'ecs-service') return `ecs:${target.cluster}/${target.service}`;
  if (target.kind === 'codedeploy-group') return `codedeploy:${target.application}/${target.deploymentGroup}`;
  if (target.kind === 'ecr-tags') return `ecr:${target.registryId}/${target.region}/${target.repository}`;
  return `s3://${target.bucket}/${target.prefix ? `${target.prefix}/` : ''}`;
}

/**
 * Adds a change to the record. A target the release already changed (a step run again, a re-run job)
 * keeps what was recorded first for each key, since that is the state before the release; keys new
 * to this run are added.
 */
export function withChange(record: ReleaseRecord, change: TargetChange, now: Date): ReleaseRecord {
  const name = targetName(change);
  const earlier = record.changes.find((c) => targetName(c) === name);
  const merged = earlier ? merge(earlier, change) : change;
  const others = record.changes.filter((c) => targetName(c) !== name);
  return { ...record, changes: [...others, merged], updatedAt: now.toISOString() };
}

/** The first recorded state before the release stands; what the release changed it to is the latest. */
function merge(first: TargetChange, later: TargetChange): TargetChange {
  if (first.kind === 's3-site' && later.kind === 's3-site') return mergeSite(first, later);
  if (first.kind === 'lambda-alias' && later.kind === 'lambda-alias') {
    return { ...first, newVersion: later.newVersion };
  }
  if (first.kind === 'ecs-service' && later.kind === 'ecs-service') {
    return { ...first, newTaskDefinition: later.newTaskDefinition };
  }
  if (first.kind === 'codedeploy-group' && later.kind === 'codedeploy-group') {
    // The group's revision before the release is the first one recorded, even when it had none.
    const { newRevision, newDeploymentId, deploymentConfig } = later;
    const { newDeploymentId: _id, deploymentConfig: _config, ...before } = first;
    return {
      ...before,
      newRevision,
      ...(newDeploymentId !== undefined ? { newDeploymentId } : {}),
      ...(deploymentConfig !== undefined ? { deploymentConfig } : {}),
    };
  }
  if (first.kind === 'ecr-tags' && later.kind === 'ecr-tags')
    return { ...first, tags: mergeTags(first.tags, later.tags) };
  return later;
}

/**
 * Per tag, the digest it pointed at before the release is the first one recorded (none, when the tag was
 * new then), and the one it points at after is the latest known. A tag that ends where it started did
 * not move, and is left out.
 */
export function mergeTags(first: TagMove[], later: TagMove[]): TagMove[] {
  const byTag = new Map(first.map((m) => [m.tag, m]));
  for (const m of later) {
    const earlier = byTag.get(m.tag);
    if (!earlier) byTag.set(m.tag, m);
    else {
      const newDigest = m.newDigest ?? earlier.newDigest;
      byTag.set(m.tag, { ...earlier, ...(newDigest !== undefined ? { newDigest } : {}) });
    }
  }
  return [...byTag.values()].filter((m) => m.newDigest === undefined || m.newDigest !== m.previousDigest);
}

/** Every key a site change touched. */
export function siteKeys(change: SiteChange): Set<string> {
  return new Set([...change.added, ...change.replaced.map((r) => r.key), ...change.deleted.map((d) => d.key)]);
}

function mergeSite(first: SiteChange, later: SiteChange): SiteChange {
  const known = siteKeys(first);
  return {
    ...first,
    distributionId: first.distributionId ?? later.distributionId,
    added: [...first.added, ...later.added.filter((k) => !known.has(k))].sort(),
    replaced: [...first.replaced, ...later.replaced.filter((r) => !known.has(r.key))],
    deleted: [...first.deleted, ...later.deleted.filter((d) => !known.has(d.key))],
  };
}

export function withStep(record: ReleaseRecord, step: Omit<StepEntry, 'at'>, now: Date): ReleaseRecord {
  const at = now.toISOString();
  // The latest entry per command: a step run again (a re-run job) replaces its earlier outcome.
  const steps = [...record.steps.filter((s) => s.command !== step.command), { ...step, at }];
  return { ...record, steps, status: statusOf(record.status, steps), updatedAt: at };
}

/** A release failed once any step failed; it is in progress while a step runs; else it succeeded. */
function statusOf(current: ReleaseStatus, steps: StepEntry[]): ReleaseStatus {
  if (current === 'rolled-back') return current;
  if (steps.some((s) => s.status === 'failed')) return 'failed';
  return steps.some((s) => s.status === 'running') ? 'in-progress' : 'succeeded';
}

/**
 * The keys a rollback of this site change touches, as a change of its own: what the release added is
 * deleted, what it replaced is replaced again, what it deleted is added back. Undoing that gives the
 * release's state again.
 */
export function inverseKeys(change: SiteChange): { added: string[]; replaced: string[]; deleted: string[] } {
  return {
    added: change.deleted.map((d) => d.key),
    replaced: change.replaced.map((r) => r.key),
    deleted: [...change.added],
  };
}

/** What a rollback to a release does: the release it goes back to, and the releases after it. */
export interface RollbackChoice {
  target: ReleaseRecord;
  /** Undone, newest first. */
  undo: ReleaseRecord[];
  /**
   * Rollbacks after `target` that need no undoing: what each undid started after `target` too, so
   * together they changed nothing `target` would not have. They are marked as superseded.
   */
  superseded: ReleaseRecord[];
}

const byStart = (a: ReleaseRecord, b: ReleaseRecord): number =>
  a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id);

/**
 * Which releases a rollback to `to` undoes, newest first: every release started after it that is not
 * undone already, rollbacks aside (undoing one would bring back what it undid). `to: previous` undoes
 * the newest release still in effect, a rollback too: that is how a rollback is taken back.
 */
export function releasesToUndo(records: ReleaseRecord[], to: string): RollbackChoice {
  const live = records.filter((r) => r.status !== 'rolled-back').sort(byStart);
  if (to === 'previous') {
    // A release that recorded no change (nothing to deploy, or it failed before changing anything) is
    // passed over: undoing it would change nothing.
    const newest = live.filter((r) => r.changes.length > 0 || r.undid).at(-1);
    if (!newest) throw new Error('there is no release that changed anything to roll back');
    // Undoing a rollback brings back the releases it undid (the newest of them, first in its list).
    const back = newest.undid?.length
      ? records.find((r) => r.id === newest.undid?.[0]?.id)
      : live[live.indexOf(newest) - 1];
    if (!back) throw new Error(`there is no release before ${newest.id} to go back to`);
    return { target: back, undo: [newest], superseded: [] };
  }
  const index = live.findIndex((r) => r.id === to);
  if (index < 0) {
    const undone = records.find((r) => r.id === to);
    throw new Error(
      undone
        ? `release ${to} was itself rolled back by ${undone.rolledBackBy ?? 'a rollback'}`
        : `no release ${to} in the store`,
    );
  }
  const target = live[index] as ReleaseRecord;
  const later = live.slice(index + 1);
  const undo = later.filter((r) => !r.undid).reverse();
  const superseded = later.filter((r) => r.undid);
  if (undo.length === 0) {
    throw new Error(
      later.length
        ? `every target is already as ${target.id} left it (${superseded.map((r) => r.id).join(', ')} rolled back what came after it): nothing to roll back`
        : `release ${target.id} is the newest release: nothing to roll back`,
    );
  }
  return { target, undo, superseded };
}

/**
 * The targets of `release` that a release still in effect changed after it (a rollback aside: it only
 * brought back an earlier state), each with that release: undoing `release` there would undo it too.
 */
export function changedSince(records: ReleaseRecord[], release: ReleaseRecord): Map<string, string> {
  const mine = new Set(release.changes.map(targetName));
  const since = new Map<string, string>();
  for (const r of [...records].sort(byStart)) {
    if (r.id === release.id || r.status === 'rolled-back' || r.undid || r.startedAt < release.startedAt) continue;
    if (r.startedAt === release.startedAt && r.id < release.id) continue;
    for (const c of r.changes) if (mine.has(targetName(c))) since.set(targetName(c), r.id);
  }
  return since;
}

/**
 * A rollback of exactly one release (what `rollback-on-failure` does with the release that failed):
 * undefined when the store has no record of it (it changed nothing recorded); an error when it is
 * already undone.
 */
export function releaseToUndo(records: ReleaseRecord[], id: string): ReleaseRecord | undefined {
  const found = records.find((r) => r.id === id);
  if (found?.status === 'rolled-back') {
    throw new Error(`release ${id} was already rolled back by ${found.rolledBackBy ?? 'a rollback'}`);
  }
  return found;
}

/**
 * Releases still in effect that started after `release` and changed one of `targets` (lock names): a
 * step of `release` must not go over them, or the targets would end half one release, half the other.
 */
export function newerOnTargets(
  records: ReleaseRecord[],
  release: ReleaseRecord,
  targets: readonly string[],
): Array<{ id: string; target: string }> {
  const wanted = new Set(targets);
  const found: Array<{ id: string; target: string }> = [];
  for (const r of records) {
    if (r.id === release.id || r.status === 'rolled-back' || byStart(r, release) <= 0) continue;
    for (const c of r.changes) if (wanted.has(targetName(c))) found.push({ id: r.id, target: targetName(c) });
  }
  return found;
}

/** The newest release still in effect that started before `release` (what undoing it goes back to). */
export function releaseBefore(records: ReleaseRecord[], release: ReleaseRecord): ReleaseRecord | undefined {
  return records
    .filter((r) => r.id !== release.id && r.status !== 'rolled-back' && r.startedAt <= release.startedAt)
    .sort(byStart)
    .at(-1);
}

/** The paths CloudFront must forget after a site change or its rollback. */
export function changedPaths(change: SiteChange): string[] {
  const keys = siteKeys(change);
  const paths = new Set<string>();
  for (const key of keys) {
    paths.add(encodePath(`/${key}`));
    // A folder's index.html is also served as /folder/ (and the root one as /).
    if (key === 'index.html' || key.endsWith('/index.html'))
      paths.add(encodePath(`/${key.slice(0, -'index.html'.length)}`));
  }
  return [...paths].sort();
}
