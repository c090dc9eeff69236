import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  mergeTags,
  newRecord,
  targetName,
  withChange,
  type EcrTagsChange,
  type TagMove,
} from '../../src/release/record.js';
import {
  describeTags,
  registryIdOf,
  shortDigest,
  tagsAfter,
  tagsBefore,
  tagsToRestore,
} from '../../src/release/image.js';

const at = (n: number): Date => new Date(Date.UTC(2026, 11, 1, 10, n));
const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C = `sha256:${'c'.repeat(64)}`;
const target = { kind: 'ecr-tags' as const, registryId: '123456789012', region: 'eu-west-1', repository: 'team/web' };
const change = (tags: TagMove[], over: Partial<EcrTagsChange> = {}): EcrTagsChange => ({ ...target, tags, ...over });

/** What ecr-push records in one run: the tags before the push, then after it (digest `to`). */
function pushRecorded(record: ReturnType<typeof newRecord>, before: Map<string, string | undefined>, to: string) {
  const pending = withChange(record, change(tagsBefore(before)), at(1));
  return { pending, done: withChange(pending, change(tagsAfter(before, to)), at(2)) };
}

describe('ecr-tags in the release record', () => {
  it('is one target per registry, region and repository (its lock name)', () => {
    expect(targetName(target)).toBe('ecr:123456789012/eu-west-1/team/web');
    expect(targetName({ ...target, region: 'us-east-1' })).not.toBe(targetName(target));
    expect(targetName({ ...target, registryId: '210987654321' })).not.toBe(targetName(target));
  });

  it('the registry account comes from the repository address ECR reports', () => {
    expect(registryIdOf('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe('123456789012');
    expect(registryIdOf('000000000000.dkr.ecr.us-east-1.localhost.localstack.cloud:4566')).toBe('000000000000');
    expect(registryIdOf('registry.example.com:5000')).toBeUndefined();
    expect(registryIdOf(undefined)).toBeUndefined();
  });

  it('before the push every mutable tag is recorded with its image; after it, the tags that stayed drop out', () => {
    const before = new Map<string, string | undefined>([
      ['latest', A],
      ['v2', undefined],
      ['stable', B],
    ]);
    const { pending, done } = pushRecorded(newRecord('v2', { provider: 'local' }, at(0)), before, B);
    // A run killed while pushing leaves what every tag named before.
    expect(pending.changes).toEqual([
      change([{ tag: 'latest', previousDigest: A }, { tag: 'v2' }, { tag: 'stable', previousDigest: B }]),
    ]);
    // stable already named B: it did not move. v2 is new: recorded without a previous image.
    expect(done.changes).toEqual([
      change([
        { tag: 'latest', previousDigest: A, newDigest: B },
        { tag: 'v2', newDigest: B },
      ]),
    ]);
  });

  it('a step run again in the same release keeps the first previous image of each tag and the latest new one', () => {
    let r = newRecord('v2', { provider: 'local' }, at(0));
    r = pushRecorded(r, new Map([['latest', A]]), B).done;
    // The re-run sees latest on B (moved by the first run) and pushes C.
    r = pushRecorded(r, new Map([['latest', B]]), C).done;
    expect(r.changes).toEqual([change([{ tag: 'latest', previousDigest: A, newDigest: C }])]);
    // A tag the first run created stays "new" though the re-run finds it on an image.
    r = pushRecorded(r, new Map([['edge', undefined]]), B).done;
    r = pushRecorded(r, new Map([['edge', B]]), C).done;
    expect((r.changes[0] as EcrTagsChange).tags).toContainEqual({ tag: 'edge', newDigest: C });
  });

  it('a tag that ends on the image it started on is not a change; a push that stopped keeps the previous image', () => {
    expect(mergeTags([{ tag: 'latest', previousDigest: A, newDigest: B }], [{ tag: 'latest', newDigest: A }])).toEqual(
      [],
    );
    expect(
      mergeTags([{ tag: 'latest', previousDigest: A, newDigest: B }], [{ tag: 'latest', previousDigest: B }]),
    ).toEqual([{ tag: 'latest', previousDigest: A, newDigest: B }]);
    expect(mergeTags([], [{ tag: 'latest', previousDigest: A }])).toEqual([{ tag: 'latest', previousDigest: A }]);
  });

  it('another repository (or region) is a change of its own', () => {
    let r = newRecord('v2', { provider: 'local' }, at(0));
    r = withChange(r, change([{ tag: 'latest', previousDigest: A, newDigest: B }]), at(1));
    r = withChange(r, change([{ tag: 'latest', previousDigest: A, newDigest: B }], { repository: 'team/api' }), at(2));
    r = withChange(r, change([{ tag: 'latest', previousDigest: A, newDigest: B }], { region: 'us-east-1' }), at(3));
    expect(r.changes.map((c) => targetName(c))).toEqual([
      'ecr:123456789012/eu-west-1/team/web',
      'ecr:123456789012/eu-west-1/team/api',
      'ecr:123456789012/us-east-1/team/web',
    ]);
  });
});

describe('ecr-tags in a rollback', () => {
  it('moves back only the tags that named another image before; new tags stay', () => {
    const c = change([
      { tag: 'latest', previousDigest: A, newDigest: B },
      { tag: 'v2', newDigest: B },
      { tag: 'stable', previousDigest: C },
    ]);
    expect(tagsToRestore(c)).toEqual([
      { tag: 'latest', digest: A },
      { tag: 'stable', digest: C },
    ]);
  });

  it('plan line: from which image back to which, which tags stay and why', () => {
    expect(shortDigest(A)).toBe('sha256:aaaaaaaaaaaa…');
    expect(shortDigest('sha256:abc')).toBe('sha256:abc');
    expect(
      describeTags(
        change([
          { tag: 'latest', previousDigest: A, newDigest: B },
          { tag: 'v2', newDigest: B },
          { tag: 'v2.0', newDigest: B },
        ]),
      ),
    ).toBe(
      'latest from sha256:bbbbbbbbbbbb… back to sha256:aaaaaaaaaaaa…; v2, v2.0 stay (new in that release: they name its image)',
    );
    expect(describeTags(change([{ tag: 'v2', newDigest: B }]))).toBe(
      'v2 stays (new in that release: it names its image)',
    );
    expect(describeTags(change([{ tag: 'latest', previousDigest: A }]))).toBe(
      'latest back to sha256:aaaaaaaaaaaa… (the push may have stopped before moving it)',
    );
    expect(describeTags(change([]))).toBe('no tag to move back');
  });
});

describe('the root action', () => {
  it('hands the release store and id to the ecr step as to the other recording steps', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as {
      runs: { steps: Array<{ id: string; env?: Record<string, string> }> };
    };
    const env = (id: string) => action.runs.steps.find((s) => s.id === id)?.env ?? {};
    for (const key of ['INPUT_RELEASE_STORE', 'INPUT_RELEASE_ID']) {
      expect([key, env('ecr')[key]]).toEqual([key, env('s3')[key]]);
      expect(env('ecr')[key]).toContain(`inputs.release-${key === 'INPUT_RELEASE_ID' ? 'id' : 'store'}`);
    }
  });
});
