import { describe, expect, it } from '@jest/globals';
import type { RevisionLocation } from '@aws-sdk/client-codedeploy';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { codedeployDeploy } from '../../src/definitions/codedeploy-deploy.js';
import { InputError } from '../../src/runtime/errors.js';
import { InputReader } from '../../src/runtime/inputs.js';
import { describeGroupUndo, isRevision, revisionObject, revisionText } from '../../src/release/deployment-group.js';
import { newRecord, targetName, withChange, type CodeDeployGroupChange } from '../../src/release/record.js';

const at = (n: number): Date => new Date(Date.UTC(2026, 11, 1, 10, n));
const s3 = (key: string, more: { version?: string; eTag?: string } = {}): RevisionLocation => ({
  revisionType: 'S3',
  s3Location: { bucket: 'bundles', key, bundleType: 'zip', ...more },
});
const R1 = s3('shop/1111.zip', { eTag: 'e1' });
const R2 = s3('shop/2222.zip', { eTag: 'e2' });
const change = (over: Partial<CodeDeployGroupChange> = {}): CodeDeployGroupChange => ({
  kind: 'codedeploy-group',
  application: 'shop',
  deploymentGroup: 'prd',
  previousRevision: R1,
  previousDeploymentId: 'd-111',
  newRevision: R2,
  ...over,
});

describe('codedeploy-group changes in the release record', () => {
  it('are locked and found by application/group', () => {
    expect(targetName(change())).toBe('codedeploy:shop/prd');
    expect(targetName({ kind: 'codedeploy-group', application: 'shop', deploymentGroup: 'stg' })).toBe(
      'codedeploy:shop/stg',
    );
  });

  it('keep the first previous revision (even none) and take the latest new revision and deployment id', () => {
    let r = newRecord('v2', { provider: 'local' }, at(0));
    // Recorded before CreateDeployment, then again with the deployment's id.
    r = withChange(r, change(), at(1));
    r = withChange(r, change({ newDeploymentId: 'd-222' }), at(2));
    expect(r.changes).toEqual([change({ newDeploymentId: 'd-222' })]);
    // The step run again: the group now runs R2 (this release's), which must not become "previous".
    const R3 = s3('shop/3333.zip');
    r = withChange(r, change({ previousRevision: R2, previousDeploymentId: 'd-222', newRevision: R3 }), at(3));
    expect(r.changes).toEqual([change({ newRevision: R3 })]);
    r = withChange(
      r,
      change({ previousRevision: R2, newRevision: R3, newDeploymentId: 'd-333', deploymentConfig: 'OneAtATime' }),
      at(4),
    );
    expect(r.changes).toEqual([change({ newRevision: R3, newDeploymentId: 'd-333', deploymentConfig: 'OneAtATime' })]);

    // A first deployment stays a first deployment when recorded again.
    let first = newRecord('v1', { provider: 'local' }, at(0));
    const { previousRevision: _r, previousDeploymentId: _d, ...none } = change();
    first = withChange(first, none, at(1));
    first = withChange(first, change({ newDeploymentId: 'd-2' }), at(2));
    expect(first.changes).toEqual([{ ...none, newDeploymentId: 'd-2' }]);
    expect(first.changes[0]).not.toHaveProperty('previousRevision');
  });

  it('a change of another group is a change of its own', () => {
    let r = newRecord('v2', { provider: 'local' }, at(0));
    r = withChange(r, change(), at(1));
    r = withChange(r, change({ deploymentGroup: 'stg' }), at(2));
    expect(r.changes.map(targetName)).toEqual(['codedeploy:shop/prd', 'codedeploy:shop/stg']);
  });
});

describe('revisions in plans', () => {
  it('a revision is one with a type; CodeDeploy and moto answer {} for none', () => {
    expect(isRevision(R1)).toBe(true);
    expect(isRevision({})).toBe(false);
    expect(isRevision(undefined)).toBe(false);
  });

  it('reads as where it is', () => {
    expect(revisionText(R1)).toBe('s3://bundles/shop/1111.zip');
    expect(revisionText(s3('app.zip', { version: 'v-9' }))).toBe('s3://bundles/app.zip?versionId=v-9');
    expect(
      revisionText({ revisionType: 'GitHub', gitHubLocation: { repository: 'acme/shop', commitId: 'abc1' } }),
    ).toBe('github:acme/shop@abc1');
    expect(revisionText({ revisionType: 'AppSpecContent', appSpecContent: { sha256: 'f'.repeat(64) } })).toBe(
      'AppSpecContent revision (sha256 ffffffffffff…)',
    );
    expect(revisionText({})).toBe('(no revision)');
  });

  it('an S3 revision is pinned by its version, else by its ETag; other revisions need no object', () => {
    expect(revisionObject(R1)).toEqual({ bucket: 'bundles', key: 'shop/1111.zip', eTag: 'e1' });
    expect(revisionObject(s3('a.zip', { version: 'v-1', eTag: 'e' }))).toEqual({
      bucket: 'bundles',
      key: 'a.zip',
      version: 'v-1',
    });
    expect(revisionObject({ revisionType: 'GitHub', gitHubLocation: { repository: 'a/b', commitId: 'c' } })).toBe(
      undefined,
    );
    expect(revisionObject(undefined)).toBe(undefined);
  });

  it('the plan line says where the group goes back to, or that there is nothing to go back to', () => {
    expect(describeGroupUndo(change())).toBe(
      'from s3://bundles/shop/2222.zip back to s3://bundles/shop/1111.zip: a new deployment, and wait until it succeeded',
    );
    expect(describeGroupUndo(change({ deploymentConfig: 'CodeDeployDefault.OneAtATime' }))).toContain(
      'a new deployment with CodeDeployDefault.OneAtATime,',
    );
    expect(describeGroupUndo(change({ previousRevision: undefined }))).toBe(
      "left as it is: the release was the group's first deployment, so there is no earlier revision to go back to (it deployed s3://bundles/shop/2222.zip; deploy an older one with codedeploy-deploy)",
    );
  });
});

describe('the codedeploy step records in the release', () => {
  it('takes release-store (and the lock inputs) like the other recording commands', () => {
    expect(Object.keys(codedeployDeploy.inputs)).toEqual(
      expect.arrayContaining(['release-store', 'release-id', 'lock-timeout', 'lock-ttl']),
    );
  });

  it('reads the store and the release id; a bad store or a store without an id is refused naming the input', () => {
    const parse = (raw: Record<string, string>, context: { sha?: string } = {}) =>
      codedeployDeploy.parse(
        new InputReader(
          codedeployDeploy.inputs,
          new Map(
            Object.entries({ application: 'shop', 'deployment-group': 'prd', revision: 's3://bundles/k.zip', ...raw }),
          ),
        ),
        { provider: 'local', awsRegion: 'us-east-1', ...context },
      );
    expect(parse({}).release).toBeUndefined();
    expect(parse({ 'release-store': 's3://acme-releases/shop' }, { sha: 'c'.repeat(40) }).release).toMatchObject({
      store: { bucket: 'acme-releases', prefix: 'shop' },
      id: 'c'.repeat(40),
    });
    expect(() => parse({ 'release-store': 'acme-releases' })).toThrow(InputError);
    expect(() => parse({ 'release-store': 'acme-releases' })).toThrow(/release-store/);
    expect(() => parse({ 'release-store': 's3://acme-releases/shop' })).toThrow(/release-id/);
  });

  it('the root action passes the release store and id to it, as to s3-sync and lambda-deploy', () => {
    type Step = { id?: string; env?: Record<string, string> };
    const action = parse(readFileSync('action.yml', 'utf8')) as { runs: { steps: Step[] } };
    const env = (id: string) => action.runs.steps.find((s) => s.id === id)?.env ?? {};
    for (const id of ['lambda', 'codedeploy']) {
      expect([id, env(id)['INPUT_RELEASE_STORE'], env(id)['INPUT_RELEASE_ID']]).toEqual([
        id,
        env('s3')['INPUT_RELEASE_STORE'],
        '${{ inputs.release-id }}',
      ]);
    }
    expect(env('codedeploy')['INPUT_RELEASE_STORE']).toContain('inputs.release-store');
  });
});
