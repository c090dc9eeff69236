import { describe, expect, it } from '@jest/globals';
import { compareTagVersions, parseTagVersion, previousTag } from '../../src/notify/github.js';

describe('the previous tag, for generated release notes', () => {
  // In the shuffled order an API may list them: neither name order nor list order is version order.
  const TAGS = [
    'v0.10.0',
    'v0.9.0',
    'v0.8.9',
    'v1.0.0-rc.1',
    'v0.8.10',
    'api-v0.9.5',
    'v0.9.0-rc.2',
    'v0.9.0-rc.10',
    'latest',
    'v1.0.0',
    'v0.1.0',
  ];

  it('is the highest version below the tag, compared number by number', () => {
    expect(previousTag('v0.10.0', TAGS)).toBe('v0.9.0');
    expect(previousTag('v1.0.0', TAGS)).toBe('v0.10.0');
  });

  it('skips pre-releases for a release, and steps through them for a pre-release', () => {
    expect(previousTag('v0.9.0', TAGS)).toBe('v0.8.10');
    expect(previousTag('v0.9.0-rc.10', TAGS)).toBe('v0.9.0-rc.2');
    expect(previousTag('v0.9.0-rc.2', TAGS)).toBe('v0.8.10');
    expect(previousTag('v1.0.0-rc.1', TAGS)).toBe('v0.10.0');
  });

  it('stays within the tag family (same prefix), and finds nothing before the first tag', () => {
    expect(previousTag('api-v1.0.0', TAGS)).toBe('api-v0.9.5');
    expect(previousTag('api-v0.9.5', TAGS)).toBeUndefined();
    expect(previousTag('v0.1.0', TAGS)).toBeUndefined();
    // A tag that is no version at all has no order.
    expect(previousTag('latest', TAGS)).toBeUndefined();
  });

  it('works for a tag that is not in the list yet, and for date tags', () => {
    expect(previousTag('v0.9.1', TAGS)).toBe('v0.9.0');
    const dates = ['release-2024.01.05', 'release-2024.11.30', 'release-2025.02.01', 'release-2024.02.01'];
    expect(previousTag('release-2025.02.01', dates)).toBe('release-2024.11.30');
    expect(previousTag('release-2024.02.01', dates)).toBe('release-2024.01.05');
  });

  it('orders versions the way semver does', () => {
    const sorted = ['v1.0.0-alpha', 'v1.0.0-alpha.1', 'v1.0.0-alpha.beta', 'v1.0.0-beta.2', 'v1.0.0-beta.11', 'v1.0.0'];
    const parsed = sorted.map((t) => parseTagVersion(t)!);
    for (let i = 1; i < parsed.length; i++) {
      expect(compareTagVersions(parsed[i - 1]!, parsed[i]!)).toBeLessThan(0);
    }
    expect(compareTagVersions(parseTagVersion('v2')!, parseTagVersion('v2.0.0')!)).toBe(0);
    expect(parseTagVersion('v1.2.3+build.7')).toEqual({ prefix: 'v', core: [1, 2, 3], pre: [] });
    expect(parseTagVersion('no-digits')).toBeUndefined();
  });
});
