/**
 * What a rollback does with each kind of target a release record holds: how it reads in the plan, what
 * it needs that may be gone (checked before anything changes), and how it is undone. Undoing records
 * the rollback's own change first, so that the rollback is a release that can itself be undone.
 */
import type { CloudFront } from '@aws-sdk/client-cloudfront';
import type { CodeDeploy } from '@aws-sdk/client-codedeploy';
import type { S3 } from '@aws-sdk/client-s3';
import type { Host } from '../runtime/host.js';
import { targetName, type TargetChange } from './record.js';
import type { ReleaseStep } from './session.js';
import type { ReleaseStore } from './store.js';
import { aliasTarget, type AliasLambda } from './alias.js';
import { groupTarget, type GroupCodeDeploy } from './deployment-group.js';
import { imageTarget, type TagsEcr } from './image.js';
import { serviceTarget, type ServiceEcs } from './service.js';
import { siteTarget } from './site.js';

export interface UndoDeps {
  s3: S3;
  store: ReleaseStore;
  /** Made on first use: only a release that moved a Lambda alias needs it. */
  lambda: () => Promise<AliasLambda>;
  /** Made on first use: only a release that updated an ECS service needs it. */
  ecs: () => Promise<ServiceEcs>;
  /** Made on first use, per region: only a release that moved image tags needs it. */
  ecr: (region: string) => Promise<TagsEcr>;
  /** Made on first use: only a site served by CloudFront needs it. */
  cloudfront: () => Promise<Pick<CloudFront, 'createInvalidation'>>;
  /** Made on first use: only a release that deployed with CodeDeploy (a deployment group, a blue/green service) needs it. */
  codedeploy: () => Promise<
    GroupCodeDeploy & Pick<CodeDeploy, 'getDeploymentGroup' | 'createDeployment' | 'getDeployment'>
  >;
  host: Host;
  now: () => number;
  /** How long to wait for a target that settles (an ECS service, a CodeDeploy deployment), and how often to look. */
  wait: { timeoutMs: number; pollMs: number };
}

/** What undoing one change leaves for the end of the rollback. */
export interface Undone {
  /** Paths CloudFront must forget, per distribution. */
  invalidate?: { distributionId: string; paths: string[] };
}

export interface TargetKind<C extends TargetChange> {
  /** The plan line: what undoing this change does ("from X back to Y"). */
  describe(change: C): string;
  /** What undoing it needs that is gone, without changing anything. */
  missing(deps: UndoDeps, change: C): Promise<string[]>;
  /** Records the rollback's own change in `step` (what it is about to overwrite), then undoes the change. */
  undo(deps: UndoDeps, change: C, step: ReleaseStep): Promise<Undone>;
  /** After the undo, in a few words for the team (notify): the target and what it is back on. */
  moved?(change: C): string;
}

/** What a rollback moved back, in a few words: the kind's own wording, else the target's name. */
export function movedBack(change: TargetChange): string {
  return kindOf(change).moved?.(change) ?? targetName(change);
}

type Kinds = { [K in TargetChange['kind']]: TargetKind<Extract<TargetChange, { kind: K }>> };

export const targetKinds: Kinds = {
  's3-site': siteTarget,
  'lambda-alias': aliasTarget,
  'ecs-service': serviceTarget,
  'codedeploy-group': groupTarget,
  'ecr-tags': imageTarget,
};

export function kindOf<C extends TargetChange>(change: C): TargetKind<C> {
  return targetKinds[change.kind] as unknown as TargetKind<C>;
}
