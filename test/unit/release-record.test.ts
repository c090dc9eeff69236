import { describe, expect, it } from '@jest/globals';
import {
  changedPaths,
  inverseKeys,
  newRecord,
  parseRecord,
  releaseIdFor,
  changedSince,
  releaseBefore,
  releaseToUndo,
  releasesToUndo,
  withChange,
  withStep,
  type ReleaseRecord,
  type SiteChange,
} from '../../src/release/record.js';
import { parseStoreUri } from '../../src/release/store.js';

const at = (n: number): Date => new Date(Date.UTC(2026, 11, 1, 10, n));
const ctx = { provider: 'github' as const, sha: 'c'.repeat(40), actor: 'ana', ref: 'refs/tags/v2' };
const site = (over: Partial<SiteChange> = {}): SiteChange => ({
  kind: 's3-site',
  bucket: 'web',
  prefix: 'app',
  versioned: false,
  added: ['app/new.js'],
  replaced: [{ key: 'app/index.html', backupKey: 'store/backups/v2/web/app/index.html' }],
  deleted: [{ key: 'app/old.js', backupKey: 'store/backups/v2/web/app/old.js' }],
  ...over,
});
const rec = (id: string, minute: number, over: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  ...newRecord(id, ctx, at(minute)),
  status: 'succeeded',
  ...over,
});

describe('release record', () => {
  it('the id is release-id, else the tag, else the commit', () => {
    expect(releaseIdFor('r1', { ...ctx, tag: 'v2' })).toBe('r1');
    expect(releaseIdFor(undefined, { ...ctx, tag: 'v2' })).toBe('v2');
    expect(releaseIdFor(undefined, ctx)).toBe(ctx.sha);
    expect(releaseIdFor(undefined, { provider: 'local' })).toBeUndefined();
  });

  it('is versioned JSON: another format or a newer version is refused', () => {
    const r = rec('v1', 0);
    expect(parseRecord(JSON.stringify(r))).toEqual(r);
    expect(() => parseRecord(JSON.stringify({ ...r, version: 2 }))).toThrow(/version 2 is not known/);
    expect(() => parseRecord(JSON.stringify({ ...r, format: 'x' }))).toThrow(/not a release record/);
    expect(r).toMatchObject({ format: 'aws-release-kit/release-record', version: 1, actor: 'ana', commit: ctx.sha });
  });

  it('status: in progress while a step runs, failed once one failed, succeeded when all did; a re-run step replaces its outcome', () => {
    let r = newRecord('v2', ctx, at(0));
    r = withStep(r, { command: 's3-sync', status: 'running' }, at(1));
    expect(r.status).toBe('in-progress');
    r = withStep(r, { command: 's3-sync', status: 'failed', error: 'boom' }, at(2));
    expect(r.status).toBe('failed');
    r = withStep(r, { command: 's3-sync', status: 'succeeded' }, at(3));
    expect(r.status).toBe('succeeded');
    expect(r.steps).toEqual([{ command: 's3-sync', status: 'succeeded', at: at(3).toISOString() }]);
  });

  it('a target changed again in the same release keeps the state recorded first for each key', () => {
    let r = withChange(newRecord('v2', ctx, at(0)), site(), at(1));
    const again = site({
      added: ['app/later.js'],
      // index.html exists now (first run replaced it): its first restore must stand.
      replaced: [
        { key: 'app/index.html', backupKey: 'second-copy' },
        { key: 'app/new.js', backupKey: 'x' },
      ],
      deleted: [],
    });
    r = withChange(r, again, at(2));
    expect(r.changes).toHaveLength(1);
    const merged = r.changes[0] as SiteChange;
    expect(merged.added).toEqual(['app/later.js', 'app/new.js']);
    expect(merged.replaced).toEqual([{ key: 'app/index.html', backupKey: 'store/backups/v2/web/app/index.html' }]);
    expect(merged.deleted.map((d) => d.key)).toEqual(['app/old.js']);
  });

  it('the inverse of a site change: added keys go, replaced come back, deleted are added back', () => {
    expect(inverseKeys(site())).toEqual({
      added: ['app/old.js'],
      replaced: ['app/index.html'],
      deleted: ['app/new.js'],
    });
  });

  it('changed paths: one per key, the folder path beside index.html, encoded as CloudFront wants', () => {
    expect(changedPaths(site({ added: ['app/a b.js'] }))).toEqual([
      '/app/',
      '/app/a%20b.js',
      '/app/index.html',
      '/app/old.js',
    ]);
  });
});

describe('which releases a rollback undoes', () => {
  const site = {
    kind: 's3-site' as const,
    bucket: 'www',
    prefix: '',
    versioned: false,
    added: ['a'],
    replaced: [],
    deleted: [],
  };
  const v1 = rec('v1', 1, { changes: [site] });
  const v2 = rec('v2', 2, { changes: [site] });
  const v3 = rec('v3', 3, { status: 'failed', changes: [site] });
  it('previous: the newest release still in effect, back to the one before it', () => {
    const { target, undo } = releasesToUndo([v3, v1, v2], 'previous');
    expect([target.id, undo.map((r) => r.id)]).toEqual(['v2', ['v3']]);
  });
  it('previous passes over a newer release that recorded no change', () => {
    const { target, undo } = releasesToUndo([v1, v2, rec('v4', 4)], 'previous');
    expect([target.id, undo.map((r) => r.id)]).toEqual(['v1', ['v2']]);
    expect(() => releasesToUndo([rec('v1', 1), rec('v2', 2)], 'previous')).toThrow(/no release that changed anything/);
  });
  it('to an id: every later release still in effect, newest first; rolled-back ones are passed over', () => {
    const undone = rec('v2b', 4, { status: 'rolled-back', rolledBackBy: 'r1' });
    const { target, undo } = releasesToUndo([v1, v2, v3, undone], 'v1');
    expect(target.id).toBe('v1');
    expect(undo.map((r) => r.id)).toEqual(['v3', 'v2']);
  });
  it('refuses the newest release, an unknown id, a rolled-back target, and previous with one release', () => {
    expect(() => releasesToUndo([v1, v2], 'v2')).toThrow(/newest release/);
    expect(() => releasesToUndo([v1, v2], 'v9')).toThrow(/no release v9/);
    expect(() => releasesToUndo([v1, rec('v2', 2, { status: 'rolled-back', rolledBackBy: 'r' })], 'v2')).toThrow(
      /rolled back by r/,
    );
    expect(() => releasesToUndo([v1], 'previous')).toThrow(/no release before v1/);
  });

  describe('after a rollback (v0, v1, v2 undone by rb, which went back to v1)', () => {
    const v0 = rec('v0', 0);
    const v2u = rec('v2', 2, { status: 'rolled-back', rolledBackBy: 'rb' });
    const rb = rec('rb', 3, { undid: [{ id: 'v2', status: 'succeeded' }] });
    const records = [v0, v1, v2u, rb];
    it('previous undoes the rollback, which brings back v2', () => {
      const { target, undo, superseded } = releasesToUndo(records, 'previous');
      expect([target.id, undo.map((r) => r.id), superseded]).toEqual(['v2', ['rb'], []]);
    });
    it('to v1: nothing to do, the targets are already as v1 left them', () => {
      expect(() => releasesToUndo(records, 'v1')).toThrow(
        /already as v1 left it \(rb rolled back what came after it\)/,
      );
    });
    it('to v0: v1 is undone; the rollback is not (that would bring v2 back), it is superseded', () => {
      const v3 = rec('v3', 4);
      const { target, undo, superseded } = releasesToUndo([...records, v3], 'v0');
      expect([target.id, undo.map((r) => r.id), superseded.map((r) => r.id)]).toEqual(['v0', ['v3', 'v1'], ['rb']]);
    });
  });
});

describe('store location', () => {
  it('takes s3://bucket/prefix and nothing else', () => {
    expect(parseStoreUri('s3://team-releases/shop/prd/')).toEqual({ bucket: 'team-releases', prefix: 'shop/prd' });
    expect(parseStoreUri('s3://team-releases')).toEqual({ bucket: 'team-releases', prefix: '' });
    expect(parseStoreUri('team-releases/shop')).toBeUndefined();
    expect(parseStoreUri('s3://Bad_Bucket/x')).toBeUndefined();
    expect(parseStoreUri('s3://team-releases/a/../b')).toBeUndefined();
  });
});

describe('undoing exactly one release', () => {
  it('finds it, finds nothing for a release that recorded nothing, and refuses one already undone', () => {
    const v1 = rec('v1', 1);
    const v2 = rec('v2', 2, { status: 'failed' });
    expect(releaseToUndo([v1, v2], 'v2')?.id).toBe('v2');
    expect(releaseToUndo([v1, v2], 'v3')).toBeUndefined();
    expect(() => releaseToUndo([rec('v2', 2, { status: 'rolled-back', rolledBackBy: 'r9' })], 'v2')).toThrow(
      /already rolled back by r9/,
    );
  });

  it('goes back to the newest release before it still in effect (one undone already does not count)', () => {
    const v1 = rec('v1', 1);
    const v2 = rec('v2', 2, { status: 'rolled-back', rolledBackBy: 'r1' });
    const v3 = rec('v3', 3, { status: 'failed' });
    const v4 = rec('v4', 4);
    expect(releaseBefore([v4, v3, v2, v1], v3)?.id).toBe('v1');
    expect(releaseBefore([v1, v2, v3, v4], v4)?.id).toBe('v3');
    expect(releaseBefore([v1, v3], v1)).toBeUndefined();
  });

  it('knows which of its targets a later release still in effect changed since (rollbacks aside)', () => {
    const site = {
      kind: 's3-site' as const,
      bucket: 'www',
      prefix: '',
      versioned: false,
      added: [],
      replaced: [],
      deleted: [],
    };
    const alias = { kind: 'lambda-alias' as const, functionName: 'api', alias: 'live', newVersion: '3' };
    const v2 = rec('v2', 2, { status: 'failed', changes: [site, alias] });
    const v3 = rec('v3', 3, { status: 'in-progress', changes: [site] });
    const rb = rec('rb', 4, { undid: [{ id: 'v9', status: 'succeeded' }], changes: [alias] });
    const undone = rec('v4', 5, { status: 'rolled-back', rolledBackBy: 'x', changes: [alias] });
    const v1 = rec('v1', 1, { changes: [alias] });
    expect([...changedSince([v1, v2, v3, rb, undone], v2)]).toEqual([['s3://www/', 'v3']]);
  });
});
