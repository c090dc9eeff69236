import { afterAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { InputError } from '../../src/runtime/errors.js';
import { parseInputs, TempDirs } from '../fixtures/lambda/aws.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());
const dir = temp.make({ 'index.js': 'x' });
const zip = join(dir, 'code.zip');
writeFileSync(zip, zipSync({ 'index.js': Buffer.from('x') }));
const notZip = join(dir, 'index.js');

const DIGEST = `sha256:${'0'.repeat(64)}`;
const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@${DIGEST}`;

/** The input an InputError names, or 'ok'. */
function rejected(...argv: string[]): string {
  try {
    parseInputs(['--function-name', 'fn', ...argv]);
    return 'ok';
  } catch (err) {
    if (err instanceof InputError) return `${err.input}: ${err.problem}`;
    throw err;
  }
}

describe('lambda-deploy inputs', () => {
  it('parses a complete set', () => {
    const inputs = parseInputs([
      '--function-name',
      'a\nb',
      '--source-dir',
      dir,
      '--handler',
      'index.handler',
      '--runtime',
      'nodejs20.x',
      '--memory-size',
      '512',
      '--timeout',
      '30',
      '--architectures',
      'arm64',
      '--layers',
      'arn:aws:lambda:us-east-1:123456789012:layer:deps:4',
      '--environment',
      'STAGE=prod\nURL=https://x/?a=b',
      '--alias',
      'live',
    ]);
    expect(inputs.functionNames).toEqual(['a', 'b']);
    expect(inputs.code).toEqual({ kind: 'dir', path: dir, bucket: undefined });
    expect(inputs.config).toEqual({
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      memorySize: 512,
      timeout: 30,
      architecture: 'arm64',
      layers: ['arn:aws:lambda:us-east-1:123456789012:layer:deps:4'],
      description: undefined,
      environment: { STAGE: 'prod', URL: 'https://x/?a=b' },
      environmentMode: 'merge',
    });
    expect(inputs.publish).toBe(true);
    expect(inputs.alias).toBe('live');
  });

  it('accepts each code source on its own', () => {
    expect(parseInputs(['--function-name', 'f', '--zip-file', zip]).code).toEqual({
      kind: 'zip',
      path: zip,
      bucket: undefined,
    });
    expect(parseInputs(['--function-name', 'f', '--image-uri', IMAGE]).code).toEqual({ kind: 'image', uri: IMAGE });
    expect(parseInputs(['--function-name', 'f', '--s3-bucket', 'code-bucket', '--s3-key', 'a/b.zip']).code).toEqual({
      kind: 's3',
      bucket: 'code-bucket',
      key: 'a/b.zip',
    });
    expect(parseInputs(['--function-name', 'f', '--source-dir', dir, '--s3-bucket', 'stage-bucket']).code).toEqual({
      kind: 'dir',
      path: dir,
      bucket: 'stage-bucket',
    });
  });

  it('wants exactly one code source', () => {
    expect(rejected('--source-dir', dir, '--zip-file', zip)).toBe(
      'zip-file: give exactly one code source, not both source-dir and zip-file',
    );
    expect(rejected('--zip-file', zip, '--s3-bucket', 'b-1', '--s3-key', 'k')).toMatch(
      /^s3-key: .*zip-file and s3-bucket \+ s3-key/,
    );
    expect(rejected('--source-dir', dir, '--image-uri', IMAGE)).toMatch(/^image-uri: give exactly one/);
    expect(rejected()).toMatch(/^source-dir: one code source is required/);
    expect(rejected('--s3-bucket', 'b-1')).toMatch(/^s3-key: is required with s3-bucket/);
    expect(rejected('--s3-key', 'k')).toBe('s3-bucket: is required with s3-key');
    expect(rejected('--image-uri', IMAGE, '--s3-bucket', 'b-1')).toMatch(/^s3-bucket: does not apply/);
  });

  it('checks that paths exist and are what they should be', () => {
    expect(rejected('--source-dir', join(dir, 'nope'))).toMatch(/^source-dir: directory .* does not exist/);
    expect(rejected('--source-dir', zip)).toMatch(/^source-dir: .* is not a directory/);
    expect(rejected('--zip-file', join(dir, 'nope.zip'))).toMatch(/^zip-file: file .* does not exist/);
    expect(rejected('--zip-file', notZip)).toMatch(/^zip-file: .* is not a zip archive/);
    expect(rejected('--zip-file', dir)).toMatch(/^zip-file: .* is not a file/);
  });

  it('checks ranges and shapes', () => {
    const ok = ['--source-dir', dir];
    expect(rejected(...ok, '--memory-size', '64')).toBe('memory-size: must be at least 128, got 64');
    expect(rejected(...ok, '--memory-size', '20000')).toBe('memory-size: must be at most 10240, got 20000');
    expect(rejected(...ok, '--timeout', '0')).toBe('timeout: must be at least 1, got 0');
    expect(rejected(...ok, '--timeout', '901')).toBe('timeout: must be at most 900, got 901');
    expect(rejected(...ok, '--architectures', 'arm')).toBe('architectures: expected x86_64 or arm64, got "arm"');
    expect(rejected(...ok, '--architectures', 'arm64,x86_64')).toMatch(/^architectures: Lambda takes exactly one/);
    expect(rejected(...ok, '--runtime', 'node20')).toMatch(/^runtime: "node20" is not a Lambda runtime/);
    expect(rejected(...ok, '--runtime', 'python3.12', '--handler', 'main')).toMatch(
      /^handler: "main" should look like file.function/,
    );
    expect(rejected(...ok, '--runtime', 'provided.al2023', '--handler', 'bootstrap')).toBe('ok');
    expect(rejected(...ok, '--runtime', 'java21', '--handler', 'example.Handler::handleRequest')).toBe('ok');
    expect(rejected(...ok, '--handler', 'index handler')).toMatch(/^handler: .*without spaces/);
    expect(rejected(...ok, '--alias', '123')).toMatch(/^alias: "123" is not an alias name/);
    expect(rejected(...ok, '--alias', 'live.v2')).toMatch(/^alias: /);
    expect(rejected(...ok, '--alias', 'live', '--publish', 'false')).toMatch(/^alias: needs publish: true/);
    expect(rejected(...ok, '--layers', 'arn:aws:lambda:us-east-1:123456789012:layer:x')).toMatch(
      /^layers: .* is not a layer version ARN/,
    );
    expect(rejected(...ok, '--role', 'my-role')).toMatch(/^role: "my-role" is not an IAM role ARN/);
    expect(rejected(...ok, '--environment-mode', 'append')).toBe(
      'environment-mode: expected one of merge, replace, got "append"',
    );
    expect(rejected(...ok, '--description', 'x'.repeat(257))).toBe('description: is longer than 256 characters');
    expect(rejected('--image-uri', 'app:latest')).toMatch(/^image-uri: "app:latest" is not an image URI/);
    expect(rejected('--image-uri', '123456789012.dkr.ecr.us-east-1.amazonaws.com/app')).toMatch(/^image-uri: /);
    expect(rejected('--image-uri', 'localhost:5000/team/app:v1')).toBe('ok');
    expect(rejected('--image-uri', IMAGE, '--handler', 'index.handler')).toBe(
      'handler: does not apply to a container image function (image-uri)',
    );
  });

  it('checks environment variable names', () => {
    const ok = ['--source-dir', dir];
    expect(rejected(...ok, '--environment', 'A=1')).toMatch(/^environment: "A" is not a valid variable name/);
    expect(rejected(...ok, '--environment', '1AB=1')).toMatch(/^environment: "1AB"/);
    expect(rejected(...ok, '--environment', 'AWS_REGION=eu-west-1')).toBe(
      'environment: "AWS_REGION" is reserved by Lambda',
    );
    expect(rejected(...ok, '--environment', 'AB=1\nAB=2')).toBe('environment: "AB" is given twice');
    expect(rejected(...ok, '--environment', 'novalue')).toMatch(/^environment: line 1 is not KEY=VALUE/);
    expect(parseInputs(['--function-name', 'f', ...ok, '--environment', 'EMPTY=']).config.environment).toEqual({
      EMPTY: '',
    });
  });

  it('checks function names and ARNs', () => {
    const ok = ['--source-dir', dir];
    expect(rejected(...ok, '--function-name', 'fn')).toBe('function-name: "fn" is listed twice');
    expect(rejected(...ok, '--function-name', 'arn:aws:lambda:us-east-1:123456789012:function:fn')).toBe(
      'function-name: "fn" is listed twice',
    );
    expect(rejected(...ok, '--function-name', 'arn:aws:lambda:eu-west-1:123456789012:function:other')).toBe(
      'function-name: "arn:aws:lambda:eu-west-1:123456789012:function:other" is in eu-west-1, but calls go to region us-east-1',
    );
    expect(rejected(...ok, '--function-name', 'other:live')).toMatch(
      /^function-name: "other:live" is not a function name/,
    );
    expect(() => parseInputs(['--source-dir', dir])).toThrow(new InputError('function-name', 'is required'));
  });

  it("accepts the official action's inputs under their names and formats", () => {
    const inputs = parseInputs([
      ...['--function-name', 'orders', '--code-artifacts-dir', dir, '--package-type', 'Zip'],
      ...['--function-description', 'orders api', '--environment', '{"STAGE":"prod","PAD":"  kept  "}'],
      ...['--layers', '["arn:aws:lambda:us-east-1:123456789012:layer:deps:4"]', '--architectures', '["arm64"]'],
      ...['--role', 'arn:aws:iam::123456789012:role/service-role/orders'],
      ...['--vpc-config', '{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1"],"Ipv6AllowedForDualStack":true}'],
      ...['--dead-letter-config', '{"TargetArn":"arn:aws:sns:us-east-1:123456789012:failed"}'],
      ...['--tracing-config', '{"Mode":"PassThrough"}', '--ephemeral-storage', '10240'],
      ...['--kms-key-arn', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab'],
      ...['--source-kms-key-arn', 'arn:aws:kms:us-east-1:123456789012:key/9876'],
      ...[
        '--file-system-configs',
        '[{"Arn":"arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-12345678","LocalMountPath":"/mnt/efs"}]',
      ],
      ...['--snap-start', '{"ApplyOn":"PublishedVersions"}'],
      ...[
        '--logging-config',
        '{"LogFormat":"JSON","ApplicationLogLevel":"DEBUG","SystemLogLevel":"WARN","LogGroup":"/orders"}',
      ],
      ...[
        '--code-signing-config-arn',
        'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0',
      ],
      ...['--tags', '{"Environment":"Production","Team":"DevOps","Cost Center":"12-34"}', '--revision-id', 'abc-1'],
    ]);
    expect(inputs.code).toEqual({ kind: 'dir', path: dir, bucket: undefined });
    expect(inputs.config).toMatchObject({
      description: 'orders api',
      environment: { STAGE: 'prod', PAD: '  kept  ' },
      layers: ['arn:aws:lambda:us-east-1:123456789012:layer:deps:4'],
      architecture: 'arm64',
      role: 'arn:aws:iam::123456789012:role/service-role/orders',
      vpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'], Ipv6AllowedForDualStack: true },
      deadLetterTarget: 'arn:aws:sns:us-east-1:123456789012:failed',
      tracingMode: 'PassThrough',
      ephemeralStorage: 10240,
      kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab',
      fileSystemConfigs: [
        {
          Arn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-12345678',
          LocalMountPath: '/mnt/efs',
        },
      ],
      snapStart: 'PublishedVersions',
      loggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'WARN', LogGroup: '/orders' },
    });
    expect(inputs).toMatchObject({
      sourceKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/9876',
      codeSigningConfigArn: 'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0',
      tags: { Environment: 'Production', Team: 'DevOps', 'Cost Center': '12-34' },
      revisionId: 'abc-1',
    });
  });

  it('keeps environment values exactly as given, in lines and in JSON', () => {
    const env = (value: string) =>
      parseInputs(['--function-name', 'f', '--source-dir', dir, '--environment', value]).config.environment;
    expect(env('B2=  spaced  ')).toEqual({ B2: '  spaced  ' });
    expect(env('A1= x\nB1=y=z \n# comment\n\nC1=')).toEqual({ A1: ' x', B1: 'y=z ', C1: '' });
    expect(env('{"A1":"  x  ","B1":""}')).toEqual({ A1: '  x  ', B1: '' });
    // A broken JSON object is reported without quoting it: its values may be secrets.
    expect(rejected('--source-dir', dir, '--environment', '{"A1":s3cr3t}')).toBe('environment: is not valid JSON');
    expect(rejected('--source-dir', dir, '--environment', '{"A1":"s3cr3t"')).toBe(
      'environment: is not valid JSON (error at position 14)',
    );
    expect(rejected('--source-dir', dir, '--environment', '["A=1"]')).toMatch(/^environment: "\["A" is not a valid/);
    expect(rejected('--source-dir', dir, '--environment', '{"AWS_REGION":"x"}')).toBe(
      'environment: "AWS_REGION" is reserved by Lambda',
    );
  });

  it('layers as a JSON [] removes them all; no layers input leaves them alone', () => {
    const layers = (...argv: string[]) =>
      parseInputs(['--function-name', 'f', '--source-dir', dir, ...argv]).config.layers;
    expect(layers('--layers', '[]')).toEqual([]);
    expect(layers()).toBeUndefined();
  });

  it('package-type agrees with the code source; image-config and image settings go with image-uri', () => {
    expect(parseInputs(['--function-name', 'f', '--source-dir', dir]).code.kind).toBe('dir');
    expect(rejected('--package-type', 'Image')).toBe('image-uri: is required with package-type Image');
    expect(rejected('--package-type', 'Zip')).toMatch(/^source-dir: one code source is required/);
    expect(
      rejected(
        '--package-type',
        'Image',
        '--image-uri',
        IMAGE,
        '--image-config',
        '{"EntryPoint":["/x"],"Command":[],"WorkingDirectory":"/w"}',
      ),
    ).toBe('ok');
    expect(rejected('--image-uri', IMAGE, '--image-config', '{"Cmd":["x"]}')).toMatch(
      /^image-config: has an unknown key "Cmd"/,
    );
    expect(rejected('--image-uri', IMAGE, '--source-kms-key-arn', 'arn:aws:kms:us-east-1:123456789012:key/1')).toBe(
      'source-kms-key-arn: applies only to a .zip package, not to image-uri',
    );
    expect(rejected('--source-dir', dir, '--function-description', 'a', '--description', 'b')).toBe(
      'function-description: is another name for description: give only one of them',
    );
  });

  it('checks the shapes of the JSON settings', () => {
    const ok = ['--source-dir', dir];
    expect(rejected(...ok, '--vpc-config', '{"SecurityGroupIds":["sg-1"]}')).toBe(
      "vpc-config: must include 'SubnetIds' as an array",
    );
    expect(rejected(...ok, '--vpc-config', '{"SubnetIds":["net-1"],"SecurityGroupIds":["sg-1"]}')).toMatch(
      /is not a subnet id/,
    );
    expect(rejected(...ok, '--vpc-config', '{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1","sg-1"]}')).toMatch(
      /twice/,
    );
    expect(rejected(...ok, '--vpc-config', '[]')).toBe('vpc-config: must be a JSON object');
    expect(rejected(...ok, '--dead-letter-config', '{"TargetArn":"arn:aws:sqs:us-east-1:123456789012:q"}')).toBe('ok');
    expect(rejected(...ok, '--dead-letter-config', '{"TargetArn":""}')).toBe('ok');
    expect(rejected(...ok, '--tracing-config', '{"Mode":"Active"}')).toBe('ok');
    expect(rejected(...ok, '--snap-start', '{"ApplyOn":"None"}')).toBe('ok');
    expect(rejected(...ok, '--snap-start', '{}')).toBe(
      "snap-start: must include 'ApplyOn' (PublishedVersions or None)",
    );
    expect(rejected(...ok, '--file-system-configs', '[]')).toBe('ok');
    expect(
      rejected(
        ...ok,
        '--file-system-configs',
        '[{"Arn":"arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-12345678","LocalMountPath":"/data"}]',
      ),
    ).toMatch(/must be \/mnt\/NAME/);
    expect(rejected(...ok, '--logging-config', '{"LogFormat":"JSON","SystemLogLevel":"TRACE"}')).toMatch(
      /SystemLogLevel must be/,
    );
    expect(rejected(...ok, '--tags', '{"aws:x":"1"}')).toMatch(/reserved aws: prefix/);
    expect(rejected(...ok, '--revision-id', 'r1', '--function-name', 'g')).toBe(
      'revision-id: pins one function: give a single function-name with it',
    );
    expect(rejected(...ok, '--ephemeral-storage', '10241')).toBe('ephemeral-storage: must be at most 10240, got 10241');
    expect(
      rejected(
        ...ok,
        '--code-signing-config-arn',
        'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0',
      ),
    ).toBe('ok');
  });
});
