import { describe, expect, it } from '@jest/globals';
import { parseImageUri, sameImage, stagingKey } from '../../src/lambda/code.js';
import {
  environmentChanges,
  environmentSize,
  isEmptyUpdate,
  mergeEnvironment,
  planConfiguration,
  planTags,
  sameDeployment,
  type CurrentConfig,
  type DesiredConfig,
} from '../../src/lambda/config.js';

const want = (d: Partial<DesiredConfig>): DesiredConfig => ({ environmentMode: 'merge', ...d });

const CURRENT: CurrentConfig = {
  Handler: 'index.handler',
  Runtime: 'nodejs20.x',
  MemorySize: 256,
  Timeout: 10,
  Architectures: ['x86_64'],
  Description: 'api',
  Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:a:1' }],
  Environment: { Variables: { KEEP: 'secret-1', STAGE: 'prod' } },
  CodeSha256: 'abc=',
};

describe('environment merge', () => {
  it('merge lays the given variables over the current ones and removes nothing', () => {
    expect(mergeEnvironment({ A: '1', B: '2' }, { B: '3', C: '4' }, 'merge')).toEqual({ A: '1', B: '3', C: '4' });
    expect(mergeEnvironment(undefined, { C: '4' }, 'merge')).toEqual({ C: '4' });
  });

  it('replace gives exactly the given variables', () => {
    expect(mergeEnvironment({ A: '1', B: '2' }, { B: '3' }, 'replace')).toEqual({ B: '3' });
  });

  it('lists added, changed and removed keys', () => {
    expect(environmentChanges({ A: '1', B: '2', D: 'x' }, { A: '1', B: '3', C: '4' })).toEqual({
      added: ['C'],
      changed: ['B'],
      removed: ['D'],
    });
  });

  it('measures the size the way Lambda limits it', () => {
    expect(environmentSize({ AB: 'cd', É: 'é' })).toBe(4 + 4);
  });
});

describe('planConfiguration', () => {
  it('refuses to merge into variables Lambda could not decrypt (it would wipe them), but may replace them', () => {
    const locked: CurrentConfig = {
      ...CURRENT,
      Environment: { Error: { ErrorCode: 'KMSAccessDeniedException', Message: 'no access to key' } },
    };
    expect(() => planConfiguration(locked, want({ environment: { STAGE: 'prod' } }))).toThrow(
      /cannot read the function's environment variables \(KMSAccessDeniedException/,
    );
    const replaced = planConfiguration(locked, want({ environment: { STAGE: 'prod' }, environmentMode: 'replace' }));
    expect(replaced.update.Environment).toEqual({ Variables: { STAGE: 'prod' } });
    // Without an environment input, the unreadable variables are simply left alone.
    expect(isEmptyUpdate(planConfiguration(locked, want({})).update)).toBe(true);
  });

  it('asks for nothing when no configuration is given', () => {
    const plan = planConfiguration(CURRENT, want({}));
    expect(isEmptyUpdate(plan.update)).toBe(true);
    expect(plan.lines).toEqual([]);
    expect(plan.architecture).toBeUndefined();
  });

  it('sends only the fields that differ', () => {
    const plan = planConfiguration(
      CURRENT,
      want({ handler: 'index.handler', memorySize: 512, timeout: 10, runtime: 'nodejs22.x' }),
    );
    expect(plan.update).toEqual({ MemorySize: 512, Runtime: 'nodejs22.x' });
    expect(plan.lines).toEqual(['runtime: "nodejs20.x" → "nodejs22.x"', 'memory-size: 256 → 512']);
  });

  it("compares with Lambda's defaults when the function reports none", () => {
    expect(
      isEmptyUpdate(planConfiguration({}, want({ timeout: 3, memorySize: 128, architecture: 'x86_64' })).update),
    ).toBe(true);
    expect(planConfiguration({}, want({ description: 'new' })).update).toEqual({ Description: 'new' });
  });

  it('never sends Environment when it is not asked for, or when the merge changes nothing', () => {
    expect(planConfiguration(CURRENT, want({ memorySize: 1024 })).update.Environment).toBeUndefined();
    expect(planConfiguration(CURRENT, want({ environment: { STAGE: 'prod' } })).update.Environment).toBeUndefined();
  });

  it('merges into the existing variables and never prints values', () => {
    const plan = planConfiguration(CURRENT, want({ environment: { STAGE: 'staging', NEW: 'topsecret' } }));
    expect(plan.update.Environment).toEqual({ Variables: { KEEP: 'secret-1', STAGE: 'staging', NEW: 'topsecret' } });
    expect(plan.lines).toEqual(['environment (merge): +NEW ~STAGE']);
    expect(plan.lines.join('\n')).not.toMatch(/topsecret|staging|secret-1/);
  });

  it('replace mode removes variables that are not listed', () => {
    const plan = planConfiguration(CURRENT, want({ environment: { STAGE: 'prod' }, environmentMode: 'replace' }));
    expect(plan.update.Environment).toEqual({ Variables: { STAGE: 'prod' } });
    expect(plan.lines).toEqual(['environment (replace): -KEEP']);
  });

  it('compares layers in order', () => {
    const a = 'arn:aws:lambda:us-east-1:123456789012:layer:a:1';
    const b = 'arn:aws:lambda:us-east-1:123456789012:layer:b:3';
    expect(isEmptyUpdate(planConfiguration(CURRENT, want({ layers: [a] })).update)).toBe(true);
    expect(planConfiguration(CURRENT, want({ layers: [b, a] })).update.Layers).toEqual([b, a]);
    expect(planConfiguration({}, want({ layers: [a] })).update.Layers).toEqual([a]);
    expect(planConfiguration(CURRENT, want({ layers: [] })).update.Layers).toEqual([]);
    expect(isEmptyUpdate(planConfiguration({}, want({ layers: [] })).update)).toBe(true);
  });

  it('keeps the architecture apart: Lambda changes it with the code', () => {
    const plan = planConfiguration(CURRENT, want({ architecture: 'arm64' }));
    expect(plan.architecture).toBe('arm64');
    expect(isEmptyUpdate(plan.update)).toBe(true);
    expect(plan.lines).toEqual(['architectures: x86_64 → arm64']);
  });
});

describe('sameDeployment', () => {
  it('is true for a version with the same code and configuration', () => {
    expect(
      sameDeployment(CURRENT, { ...CURRENT, Environment: { Variables: { STAGE: 'prod', KEEP: 'secret-1' } } }),
    ).toBe(true);
  });

  it('is false when code, configuration or variables differ', () => {
    expect(sameDeployment(CURRENT, { ...CURRENT, CodeSha256: 'other=' })).toBe(false);
    expect(sameDeployment(CURRENT, { ...CURRENT, MemorySize: 128 })).toBe(false);
    expect(sameDeployment(CURRENT, { ...CURRENT, Environment: { Variables: { STAGE: 'prod' } } })).toBe(false);
    expect(sameDeployment(CURRENT, { ...CURRENT, Layers: [] })).toBe(false);
  });
});

describe('image identity', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  const repo = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app';

  it('parses registry ports, tags and digests', () => {
    expect(parseImageUri('localhost:5000/team/app:v1')).toEqual({
      repository: 'localhost:5000/team/app',
      tag: 'v1',
      digest: undefined,
    });
    expect(parseImageUri(`${repo}:v1@${digest}`)).toEqual({ repository: repo, tag: 'v1', digest });
    expect(parseImageUri(`${repo}@${digest}`)).toEqual({ repository: repo, tag: undefined, digest });
  });

  it('only a digest proves the image is unchanged', () => {
    expect(sameImage(`${repo}@${digest}`, { ImageUri: `${repo}@${digest}` }, undefined)).toBe(true);
    expect(
      sameImage(`${repo}@${digest}`, { ImageUri: `${repo}:v1`, ResolvedImageUri: `${repo}@${digest}` }, undefined),
    ).toBe(true);
    expect(sameImage(`${repo}@${digest}`, { ImageUri: `${repo}:v1` }, 'a'.repeat(64))).toBe(true);
    expect(sameImage(`${repo}@${digest}`, { ImageUri: `${repo}@sha256:${'b'.repeat(64)}` }, 'b'.repeat(64))).toBe(
      false,
    );
    expect(sameImage(`${repo}:v1`, { ImageUri: `${repo}:v1` }, undefined)).toBe(false);
    expect(sameImage(`${repo}@${digest}`, { ImageUri: `other/app@${digest}` }, 'a'.repeat(64))).toBe(false);
  });

  it('stages packages under a content-addressed key', () => {
    expect(stagingKey('ff00')).toBe('aws-release-kit/lambda/ff00.zip');
  });
});

describe('planConfiguration: the settings of the official action, with the normalisation Lambda applies', () => {
  const NAME = 'orders';
  /** A function as Lambda reports it with every setting in place. */
  const FULL: CurrentConfig = {
    FunctionName: NAME,
    Role: 'arn:aws:iam::123456789012:role/a',
    KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1',
    EphemeralStorage: { Size: 1024 },
    VpcConfig: { SubnetIds: ['subnet-b', 'subnet-a'], SecurityGroupIds: ['sg-1'], Ipv6AllowedForDualStack: false },
    DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
    TracingConfig: { Mode: 'Active' },
    FileSystemConfigs: [{ Arn: 'arn:efs:ap-1', LocalMountPath: '/mnt/a' }],
    ImageConfigResponse: { ImageConfig: { Command: ['app.handler'] } },
    SnapStart: { ApplyOn: 'PublishedVersions' },
    LoggingConfig: {
      LogFormat: 'JSON',
      ApplicationLogLevel: 'INFO',
      SystemLogLevel: 'INFO',
      LogGroup: '/aws/lambda/orders',
    },
  };
  const plan = (d: Partial<DesiredConfig>, current: CurrentConfig = FULL) => planConfiguration(current, want(d));
  /** A function Lambda just created with nothing set: it reports empty or default values, or none. */
  const BARE: CurrentConfig = { FunctionName: NAME, VpcConfig: { SubnetIds: [], SecurityGroupIds: [] } };

  it('asks for nothing when each setting is asked as it is (subnets in any order, defaults spelled out or not)', () => {
    const same = plan({
      role: FULL.Role,
      kmsKeyArn: FULL.KMSKeyArn,
      ephemeralStorage: 1024,
      vpcConfig: { SubnetIds: ['subnet-a', 'subnet-b'], SecurityGroupIds: ['sg-1'] },
      deadLetterTarget: 'arn:aws:sqs:us-east-1:123456789012:dlq',
      tracingMode: 'Active',
      fileSystemConfigs: [{ Arn: 'arn:efs:ap-1', LocalMountPath: '/mnt/a' }],
      imageConfig: { Command: ['app.handler'], EntryPoint: [] },
      snapStart: 'PublishedVersions',
      loggingConfig: { LogFormat: 'JSON' },
    });
    expect(same.update).toEqual({});
    expect(same.lines).toEqual([]);
  });

  it("compares with Lambda's defaults on a function that reports none", () => {
    const defaults = plan(
      {
        ephemeralStorage: 512,
        tracingMode: 'PassThrough',
        snapStart: 'None',
        vpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
        fileSystemConfigs: [],
        deadLetterTarget: '',
        imageConfig: {},
        loggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${NAME}` },
      },
      BARE,
    );
    expect(defaults.update).toEqual({});
  });

  it('sends each changed setting in the shape UpdateFunctionConfiguration takes, and says what changes', () => {
    const changed = plan({
      role: 'arn:aws:iam::123456789012:role/b',
      kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k2',
      ephemeralStorage: 2048,
      vpcConfig: { SubnetIds: ['subnet-c'], SecurityGroupIds: ['sg-1'] },
      deadLetterTarget: 'arn:aws:sns:us-east-1:123456789012:t',
      tracingMode: 'PassThrough',
      fileSystemConfigs: [],
      imageConfig: { Command: ['app.other'] },
      snapStart: 'None',
      loggingConfig: { LogFormat: 'JSON', SystemLogLevel: 'WARN' },
    });
    expect(changed.update).toEqual({
      Role: 'arn:aws:iam::123456789012:role/b',
      KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k2',
      EphemeralStorage: { Size: 2048 },
      VpcConfig: { SubnetIds: ['subnet-c'], SecurityGroupIds: ['sg-1'] },
      DeadLetterConfig: { TargetArn: 'arn:aws:sns:us-east-1:123456789012:t' },
      TracingConfig: { Mode: 'PassThrough' },
      FileSystemConfigs: [],
      ImageConfig: { Command: ['app.other'] },
      SnapStart: { ApplyOn: 'None' },
      // Sent complete, so that whatever Lambda does with parts left out, it ends as compared.
      LoggingConfig: {
        LogFormat: 'JSON',
        LogGroup: '/aws/lambda/orders',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
      },
    });
    expect(changed.lines).toContain('ephemeral-storage: 1024 → 2048');
    expect(changed.lines).toContain('tracing-config: "Active" → "PassThrough"');
    expect(changed.lines.find((l) => l.startsWith('vpc-config: '))).toContain('subnet-c');
  });

  it('an empty dead-letter target or KMS key removes it; empty VPC lists take the function out of its VPC', () => {
    expect(plan({ deadLetterTarget: '' }).update).toEqual({ DeadLetterConfig: { TargetArn: '' } });
    expect(plan({ vpcConfig: { SubnetIds: [], SecurityGroupIds: [] } }).update).toEqual({
      VpcConfig: { SubnetIds: [], SecurityGroupIds: [] },
    });
    expect(
      plan({
        vpcConfig: { SubnetIds: ['subnet-a', 'subnet-b'], SecurityGroupIds: ['sg-1'], Ipv6AllowedForDualStack: true },
      }).update.VpcConfig,
    ).toMatchObject({ Ipv6AllowedForDualStack: true });
  });

  it('logging levels count only for JSON logs, where INFO is the default', () => {
    const text: CurrentConfig = {
      FunctionName: NAME,
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/orders' },
    };
    expect(plan({ loggingConfig: { LogFormat: 'Text' } }, text).update).toEqual({});
    expect(plan({ loggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' } }).update).toEqual({});
    expect(
      plan({ loggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG' } }).update.LoggingConfig,
    ).toMatchObject({
      ApplicationLogLevel: 'DEBUG',
      SystemLogLevel: 'INFO',
    });
    expect(plan({ loggingConfig: { LogFormat: 'JSON', LogGroup: '/custom' } }).lines[0]).toMatch(/^logging-config: /);
  });

  it('a version differs from $LATEST in any of these settings', () => {
    const v = { ...FULL, CodeSha256: 'abc=' };
    expect(sameDeployment(v, { ...v })).toBe(true);
    expect(sameDeployment(v, { ...v, VpcConfig: { ...FULL.VpcConfig, SubnetIds: ['subnet-a', 'subnet-b'] } })).toBe(
      true,
    );
    expect(sameDeployment(v, { ...v, Role: 'arn:aws:iam::123456789012:role/b' })).toBe(false);
    expect(sameDeployment(v, { ...v, TracingConfig: { Mode: 'PassThrough' } })).toBe(false);
    expect(sameDeployment(v, { ...v, EphemeralStorage: { Size: 512 } })).toBe(false);
    expect(sameDeployment(v, { ...v, DeadLetterConfig: undefined })).toBe(false);
    expect(sameDeployment(v, { ...v, LoggingConfig: { LogFormat: 'Text' } })).toBe(false);
    expect(sameDeployment(v, { ...v, KMSKeyArn: undefined })).toBe(false);
    expect(sameDeployment(v, { ...v, Architectures: ['arm64'] })).toBe(false);
    // A version's own FunctionName may be qualified-looking; the function's name decides the log group default.
    expect(
      sameDeployment({ ...v, LoggingConfig: undefined }, { ...v, FunctionName: undefined, LoggingConfig: undefined }),
    ).toBe(true);
  });
});

describe('planTags', () => {
  it('adds and changes tags, keeps the others, and shows keys only', () => {
    const p = planTags({ Team: 'a', Keep: 'x' }, { Team: 'b', Cost: '1' });
    expect(p.set).toEqual({ Team: 'b', Cost: '1' });
    expect(p.lines).toEqual(['tags: +Cost ~Team']);
    expect(planTags({ Team: 'a' }, { Team: 'a' })).toEqual({ set: {}, lines: [] });
    expect(planTags(undefined, {})).toEqual({ set: {}, lines: [] });
  });
});
