/*
 * The plan of one function (src/lambda/plan.ts). It also covers what moto cannot store: moto 5 drops
 * DeadLetterConfig, KMSKeyArn, LoggingConfig, FileSystemConfigs and SnapStart, ignores TracingConfig,
 * EphemeralStorage and ImageConfig after creation, reports no Code.SourceKMSKeyArn and no RevisionId.
 */
import { describe, expect, it } from '@jest/globals';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { DesiredConfig } from '../../src/lambda/config.js';
import { codeDifference, createRequest, planFunction, type Code, type Wish } from '../../src/lambda/plan.js';
import { ReleaseError } from '../../src/runtime/errors.js';

const ZIP: Code = { kind: 'zip', bytes: new Uint8Array([1]), sha256: 'new=' };
const IMAGE: Code = { kind: 'image', uri: `1.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'a'.repeat(64)}` };
const config = (d: Partial<DesiredConfig> = {}): DesiredConfig => ({ environmentMode: 'merge', ...d });
const wish = (w: Partial<Wish> = {}): Wish => ({ code: ZIP, config: config(), ...w });
const CURRENT: FunctionConfiguration = {
  FunctionName: 'orders',
  PackageType: 'Zip',
  CodeSha256: 'new=',
  RevisionId: 'r1',
  Role: 'arn:aws:iam::123456789012:role/a',
};
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/k1';

describe('planFunction', () => {
  it('says what a new function still needs, and creates it when everything is there', () => {
    expect(() => planFunction('orders', {}, wish())).toThrow(
      'function orders does not exist; to create it, also give role, runtime, handler',
    );
    expect(() => planFunction('orders', {}, wish({ code: IMAGE }))).toThrow('also give role');
    const role = 'arn:aws:iam::123456789012:role/a';
    const plan = planFunction('orders', {}, wish({ config: config({ role, runtime: 'nodejs20.x', handler: 'i.h' }) }));
    expect(plan.current).toBeUndefined();
    expect(plan.lines).toEqual(['does not exist: it will be created']);
    expect(() =>
      planFunction('orders', {}, wish({ revisionId: 'r1', config: config({ role, runtime: 'x', handler: 'i.h' }) })),
    ).toThrow('cannot be at revision-id r1');
  });

  it('refuses a function at another revision than revision-id, and one of the other package type', () => {
    expect(() => planFunction('orders', { current: CURRENT }, wish({ revisionId: 'r0' }))).toThrow(
      'orders is at RevisionId r1, not revision-id r0',
    );
    expect(planFunction('orders', { current: CURRENT }, wish({ revisionId: 'r1' })).codeChanged).toBe(false);
    expect(() => planFunction('orders', { current: CURRENT }, wish({ code: IMAGE }))).toThrow('is a zip function');
    expect(() => planFunction('orders', { current: { ...CURRENT, PackageType: 'Image' } }, wish())).toThrow(
      'is a container-image function',
    );
  });

  it('sends the code again for a new source-kms-key-arn, not for the same one', () => {
    expect(codeDifference(ZIP, { current: CURRENT }, KEY)).toBe(`source-kms-key-arn: (none) → ${KEY}`);
    expect(codeDifference(ZIP, { current: CURRENT, location: { SourceKMSKeyArn: KEY } }, KEY)).toBeUndefined();
    expect(codeDifference(ZIP, { current: CURRENT })).toBeUndefined();
    expect(codeDifference(ZIP, { current: { ...CURRENT, CodeSha256: 'old=' } })).toBe('code: old= → new=');
  });

  it('plans tags against the tags read, and code signing against the one attached', () => {
    const csc = 'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0';
    const plan = planFunction(
      'orders',
      { current: CURRENT, tags: { Team: 'a' }, codeSigning: undefined },
      wish({ tags: { Team: 'a', Cost: '1' }, codeSigningConfigArn: csc }),
    );
    expect(plan.tags.set).toEqual({ Cost: '1' });
    expect(plan.codeSigning).toBe(csc);
    expect(plan.lines).toEqual([
      'code unchanged (CodeSha256 new=)',
      `code-signing-config-arn: (none) → ${csc}`,
      'tags: +Cost',
    ]);
    const same = planFunction(
      'orders',
      { current: CURRENT, tags: { Team: 'a' }, codeSigning: csc },
      wish({ tags: { Team: 'a' }, codeSigningConfigArn: csc }),
    );
    expect(same.codeSigning).toBeUndefined();
    expect(same.lines).toEqual(['code unchanged (CodeSha256 new=)', 'configuration unchanged']);
  });

  it('refuses variables over the 4 KB limit', () => {
    expect(() =>
      planFunction(
        'orders',
        { current: CURRENT },
        wish({ config: config({ environment: { BIG: 'x'.repeat(5000) } }) }),
      ),
    ).toThrow(ReleaseError);
  });
});

describe('createRequest', () => {
  it('creates the function with every setting at once, and unpublished', () => {
    const req = createRequest(
      'orders',
      wish({
        sourceKmsKeyArn: KEY,
        tags: { Team: 'a' },
        codeSigningConfigArn: 'arn:csc',
        config: config({
          role: 'arn:role',
          runtime: 'nodejs20.x',
          handler: 'index.handler',
          architecture: 'arm64',
          environment: { A: ' a ' },
          kmsKeyArn: KEY,
          ephemeralStorage: 1024,
          vpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
          deadLetterTarget: 'arn:aws:sqs:us-east-1:123456789012:q',
          tracingMode: 'Active',
          fileSystemConfigs: [{ Arn: 'arn:ap', LocalMountPath: '/mnt/a' }],
          snapStart: 'PublishedVersions',
          loggingConfig: { LogFormat: 'JSON' },
        }),
      }),
      { ZipFile: ZIP.kind === 'zip' ? ZIP.bytes : undefined },
    );
    expect(req).toMatchObject({
      FunctionName: 'orders',
      Role: 'arn:role',
      PackageType: 'Zip',
      Code: { ZipFile: new Uint8Array([1]), SourceKMSKeyArn: KEY },
      Architectures: ['arm64'],
      Environment: { Variables: { A: ' a ' } },
      KMSKeyArn: KEY,
      EphemeralStorage: { Size: 1024 },
      VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
      DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:q' },
      TracingConfig: { Mode: 'Active' },
      FileSystemConfigs: [{ Arn: 'arn:ap', LocalMountPath: '/mnt/a' }],
      SnapStart: { ApplyOn: 'PublishedVersions' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: '/aws/lambda/orders', ApplicationLogLevel: 'INFO' },
      Tags: { Team: 'a' },
      CodeSigningConfigArn: 'arn:csc',
      Publish: false,
    });
  });

  it('leaves out what was not asked, and an empty dead-letter target', () => {
    const req = createRequest(
      'orders',
      wish({ code: IMAGE, config: config({ role: 'arn:role', deadLetterTarget: '' }) }),
      {
        ImageUri: 'x',
      },
    );
    expect(req.PackageType).toBe('Image');
    expect(req.DeadLetterConfig).toBeUndefined();
    expect(req.TracingConfig).toBeUndefined();
    expect(req.Tags).toBeUndefined();
    expect(req.Environment).toBeUndefined();
  });

  it('takes the default log group from the name also when the function is given as its ARN', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
    const req = createRequest(
      arn,
      wish({ config: config({ role: 'arn:role', loggingConfig: { LogFormat: 'JSON' } }) }),
      {},
    );
    expect(req.LoggingConfig?.LogGroup).toBe('/aws/lambda/orders');
  });
});
