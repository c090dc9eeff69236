import { describe, expect, it } from '@jest/globals';
import {
  buildArgProblem,
  defaultLabels,
  isEcrRegistry,
  isLoopbackRegistry,
  labelProblem,
  mayReceiveEcrCredentials,
  mergeLabels,
  platformProblem,
  registryProblem,
  repositoryProblem,
  sameRevision,
  tagProblem,
  targetProblem,
} from '../../src/ecr/names.js';

describe('tags', () => {
  it.each(['v1.2.3', 'latest', 'abc1234', '_x', 'A-b_c.d', 'x'.repeat(128)])('accepts %s', (tag) => {
    expect(tagProblem(tag)).toBeUndefined();
  });

  it.each([
    ['.hidden', 'not a valid image tag'],
    ['-dash', 'not a valid image tag'],
    ['with space', 'not a valid image tag'],
    ['a:b', 'not a valid image tag'],
    ['a/b', 'not a valid image tag'],
    ['', 'not a valid image tag'],
    ['x'.repeat(129), 'longer than 128 characters'],
  ])('rejects %s', (tag, why) => {
    expect(tagProblem(tag)).toContain(why);
  });
});

describe('repository names', () => {
  it.each(['app', 'team/app', 'a.b_c-d/e', 'my.team/app', 'my-org/svc/api'])('accepts %s', (name) => {
    expect(repositoryProblem(name)).toBeUndefined();
  });

  it.each([
    ['App', 'not a valid ECR repository name'],
    ['a', '2 to 256'],
    ['app/', 'not a valid ECR repository name'],
    ['a--', 'not a valid ECR repository name'],
    ['app:v1', 'tag or digest'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/app', 'full image address'],
    ['localhost/app', 'full image address'],
    ['127.0.0.1:5000/app', 'full image address'],
  ])('rejects %s', (name, why) => {
    expect(repositoryProblem(name)).toContain(why);
  });
});

describe('registry hosts', () => {
  it.each(['123456789012.dkr.ecr.eu-west-1.amazonaws.com', '127.0.0.1:5000', 'localhost:5000', '[::1]:5000', 'reg'])(
    'accepts %s',
    (r) => {
      expect(registryProblem(r)).toBeUndefined();
    },
  );

  it.each([
    ['https://reg.example', 'without a scheme'],
    ['reg.example/path', 'not a registry'],
    ['reg.example:99999', 'above 65535'],
    ['-bad.example', 'not a registry'],
  ])('rejects %s', (r, why) => {
    expect(registryProblem(r)).toContain(why);
  });

  it('only loopback hosts are insecure', () => {
    expect(isLoopbackRegistry('127.0.0.1:5000')).toBe(true);
    expect(isLoopbackRegistry('127.1.2.3')).toBe(true);
    expect(isLoopbackRegistry('localhost:5000')).toBe(true);
    expect(isLoopbackRegistry('[::1]:5000')).toBe(true);
    expect(isLoopbackRegistry('127.0.0.1.nip.io')).toBe(false);
    expect(isLoopbackRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe(false);
    expect(isLoopbackRegistry('localhost.example.com')).toBe(false);
  });
});

describe('build settings', () => {
  it('platform: one os/arch[/variant]', () => {
    expect(platformProblem('linux/amd64')).toBeUndefined();
    expect(platformProblem('linux/arm64/v8')).toBeUndefined();
    expect(platformProblem('amd64')).toContain('os/arch');
    expect(platformProblem('linux/amd64,linux/arm64')).toContain('give them in platforms');
    expect(platformProblem('Linux/AMD64')).toContain('os/arch');
  });

  it('build argument names, label keys and stage names', () => {
    expect(buildArgProblem('NODE_ENV')).toBeUndefined();
    expect(buildArgProblem('1X')).toContain('not a build argument name');
    expect(buildArgProblem('A-B')).toContain('not a build argument name');
    expect(labelProblem('org.opencontainers.image.title')).toBeUndefined();
    expect(labelProblem('has space')).toContain('not a label key');
    expect(targetProblem('runtime')).toBeUndefined();
    expect(targetProblem('-x')).toContain('not a build stage name');
  });
});

describe('labels', () => {
  it('OCI labels come from what the run context knows', () => {
    expect(
      defaultLabels({ provider: 'github', repositoryUrl: 'https://github.com/o/r', sha: 'abc123', tag: 'v1.0.0' }),
    ).toEqual([
      { key: 'org.opencontainers.image.source', value: 'https://github.com/o/r' },
      { key: 'org.opencontainers.image.revision', value: 'abc123' },
      { key: 'org.opencontainers.image.version', value: 'v1.0.0' },
    ]);
    expect(defaultLabels({ provider: 'local', release: { tag: 'v2', name: '', body: '', url: '' } })).toEqual([
      { key: 'org.opencontainers.image.version', value: 'v2' },
    ]);
    expect(defaultLabels({ provider: 'local' })).toEqual([]);
  });

  it('user labels are added and win over the defaults', () => {
    expect(
      mergeLabels(
        [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
        [
          { key: 'b', value: 'user' },
          { key: 'c', value: '3' },
        ],
      ),
    ).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: 'user' },
      { key: 'c', value: '3' },
    ]);
  });
});

describe('where the ECR token may go', () => {
  it.each([
    '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
    '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
    '123456789012.DKR.ECR.eu-west-1.AMAZONAWS.COM',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com:443',
  ])('ECR host: %s', (host) => {
    expect(isEcrRegistry(host)).toBe(true);
    expect(mayReceiveEcrCredentials(host)).toBe(true);
  });

  it.each([
    'registry.example.com',
    'ghcr.io',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com.example.net',
    'evil.123456789012.dkr.ecr.us-east-1.amazonaws.com.cn.example.org',
    'x123456789012.dkr.ecr.us-east-1.amazonaws.com',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com:5000',
    'dkr.ecr.us-east-1.amazonaws.com',
    'amazonaws.com',
    '10.0.0.5:5000',
  ])('not ECR, not loopback: %s gets no ECR credentials', (host) => {
    expect(isEcrRegistry(host)).toBe(false);
    expect(mayReceiveEcrCredentials(host)).toBe(false);
  });

  it.each(['127.0.0.1:5000', 'localhost:5000', '[::1]:5000'])('loopback test registry: %s', (host) => {
    expect(isEcrRegistry(host)).toBe(false);
    expect(mayReceiveEcrCredentials(host)).toBe(true);
  });
});

describe('sameRevision', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  it('matches equal SHAs, a short SHA against its full form, any case', () => {
    expect(sameRevision(sha, sha)).toBe(true);
    expect(sameRevision(sha.slice(0, 7), sha)).toBe(true);
    expect(sameRevision(sha, sha.slice(0, 12).toUpperCase())).toBe(true);
    expect(sameRevision('v1.2.3', 'v1.2.3')).toBe(true);
  });

  it('does not match other commits, prefixes shorter than 7, or non-hex text', () => {
    expect(sameRevision(sha, `1${sha.slice(1)}`)).toBe(false);
    expect(sameRevision(sha.slice(0, 6), sha)).toBe(false);
    expect(sameRevision('v1', 'v1.2.3')).toBe(false);
  });
});
