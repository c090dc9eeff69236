/*
 * Every setting of aws-actions/aws-lambda-deploy, under its name and format, against moto: set,
 * changed, unchanged (no call, no version) and a bad value (exit 2, nothing sent). The calls go
 * through test/fixtures/lambda/proxy.ts, which records them and plays back the fields moto 5 drops
 * (see there); the plan of those fields is also unit-tested in test/unit/lambda-plan.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Lambda, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { lambdaDeploy } from '../../src/definitions/lambda-deploy.js';
import { createRole, HANDLER_JS, TempDirs } from '../fixtures/lambda/aws.js';
import { startLambdaProxy, type LambdaProxy } from '../fixtures/lambda/proxy.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { runCli, type CliResult } from '../helpers/host.js';

const temp = new TempDirs();
let proxy: LambdaProxy;
let lambda: Lambda;
let role = '';
let otherRole = '';

const SUBNETS = ['subnet-0a1', 'subnet-0b2'];
const GROUPS = ['sg-0c3'];
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:orders-dlq';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:orders-failed';
const KEY_A = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_B = 'arn:aws:kms:us-east-1:123456789012:key/9876fedc-12ab-34cd-56ef-1234567890ab';
const ACCESS_POINT = 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0';

beforeAll(async () => {
  proxy = await startLambdaProxy(motoUrl());
  lambda = new Lambda({ region: 'us-east-1', endpoint: proxy.url });
  role = await createRole(motoUrl(), uniqueName('lambda-role'));
  otherRole = await createRole(motoUrl(), uniqueName('lambda-role-2'));
});
afterAll(async () => {
  temp.cleanup();
  await proxy.close();
});

const deploy = (...argv: string[]): Promise<CliResult> => runCli(lambdaDeploy, [...argv, '--endpoint-url', proxy.url]);

/** A zip function's deploy with what is needed to create it, plus more. */
function zipDeploy(name: string, dir: string) {
  return (...more: string[]) =>
    deploy(
      ...['--function-name', name, '--code-artifacts-dir', dir, '--role', role],
      ...['--runtime', 'nodejs20.x', '--handler', 'index.handler'],
      ...more,
    );
}

async function versions(name: string): Promise<string[]> {
  const res = await lambda.listVersionsByFunction({ FunctionName: name });
  return (res.Versions ?? []).map((v) => v.Version ?? '').filter((v) => v !== '$LATEST');
}

const config = (name: string): Promise<FunctionConfiguration> =>
  lambda.getFunctionConfiguration({ FunctionName: name });

/** Runs a deploy and returns it with the changing calls it made. */
async function tracked(name: string, run: () => Promise<CliResult>) {
  const mark = proxy.mark();
  const res = await run();
  return { res, changes: proxy.changes(name, mark), sent: proxy.calls.length - mark };
}

describe('lambda-deploy: a function with VPC, tracing, storage, DLQ, tags, logging and an alias', () => {
  it('deploys, and the same run again changes nothing and publishes nothing', async () => {
    const name = uniqueName('fn-full');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    const settings = (subnets: string[]) => [
      ...['--vpc-config', JSON.stringify({ SubnetIds: subnets, SecurityGroupIds: GROUPS })],
      ...['--tracing-config', '{"Mode":"Active"}', '--ephemeral-storage', '1024'],
      ...['--dead-letter-config', JSON.stringify({ TargetArn: QUEUE })],
      ...['--tags', '{"Team":"orders","Environment":"Production"}'],
      ...['--logging-config', '{"LogFormat":"JSON","ApplicationLogLevel":"WARN"}'],
      ...['--environment', '{"STAGE":"prod"}', '--function-description', 'orders api', '--alias', 'live'],
    ];
    const run = zipDeploy(name, dir);

    const first = await run(...settings(SUBNETS));
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ changed: true, version: '1' });
    const c = await config(name);
    expect(c.VpcConfig).toMatchObject({ SubnetIds: SUBNETS, SecurityGroupIds: GROUPS });
    expect(c.TracingConfig).toEqual({ Mode: 'Active' });
    expect(c.EphemeralStorage).toEqual({ Size: 1024 });
    expect(c.DeadLetterConfig).toEqual({ TargetArn: QUEUE });
    expect(c.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'WARN' });
    expect(c.Description).toBe('orders api');
    expect(c.Environment?.Variables).toEqual({ STAGE: 'prod' });
    expect((await lambda.listTags({ Resource: c.FunctionArn })).Tags).toEqual({
      Team: 'orders',
      Environment: 'Production',
    });
    expect((await lambda.getAlias({ FunctionName: name, Name: 'live' })).FunctionVersion).toBe('1');

    // Subnets in another order are the same set: Lambda keeps them unordered.
    const again = await tracked(name, () => run(...settings([...SUBNETS].reverse())));
    expect(again.res.code).toBe(0);
    expect(again.res.outputs).toMatchObject({ changed: false, version: '1' });
    expect(again.changes).toEqual([]);
    expect(again.res.log).toContain('configuration unchanged');
    expect(await versions(name)).toEqual(['1']);
  });
});

describe('lambda-deploy: each setting is set, changed, and left alone when unchanged', () => {
  const name = uniqueName('fn-settings');
  let dir = '';
  let run: (...more: string[]) => Promise<CliResult>;
  let published = 1;

  beforeAll(async () => {
    dir = temp.make({ 'index.js': HANDLER_JS });
    const created = await zipDeploy(name, dir)();
    expect(created.code).toBe(0);
    // An existing function needs neither role nor runtime nor handler.
    run = (...more) => deploy('--function-name', name, '--code-artifacts-dir', dir, ...more);
  });

  /** Sets the value (a change and a new version), then again (nothing sent, no version). */
  async function setThenKeep(
    input: string,
    value: string,
    check: (c: FunctionConfiguration) => void,
    label = `${input}: `,
  ) {
    const set = await tracked(name, () => run(`--${input}`, value));
    expect(set.res.code).toBe(0);
    published++;
    expect(set.res.outputs).toMatchObject({ changed: true, version: String(published) });
    expect(set.changes).toEqual(['UpdateFunctionConfiguration', 'PublishVersion']);
    expect(set.res.log).toContain(label);
    check(await config(name));

    const keep = await tracked(name, () => run(`--${input}`, value));
    expect(keep.res.outputs).toMatchObject({ changed: false, version: String(published) });
    expect(keep.changes).toEqual([]);
  }

  it('role', async () => {
    await setThenKeep('role', otherRole, (c) => expect(c.Role).toBe(otherRole));
    await setThenKeep('role', role, (c) => expect(c.Role).toBe(role));
  });

  it('vpc-config, and both lists empty takes the function out of its VPC', async () => {
    const vpc = (s: string[], g: string[]) => JSON.stringify({ SubnetIds: s, SecurityGroupIds: g });
    await setThenKeep('vpc-config', vpc(SUBNETS, GROUPS), (c) => expect(c.VpcConfig?.SubnetIds).toEqual(SUBNETS));
    await setThenKeep('vpc-config', vpc(['subnet-0d4'], ['sg-0e5', 'sg-0c3']), (c) =>
      expect(c.VpcConfig).toMatchObject({ SubnetIds: ['subnet-0d4'], SecurityGroupIds: ['sg-0e5', 'sg-0c3'] }),
    );
    await setThenKeep('vpc-config', vpc([], []), (c) => expect(c.VpcConfig?.SubnetIds ?? []).toEqual([]));
  });

  it('tracing-config', async () => {
    await setThenKeep('tracing-config', '{"Mode":"Active"}', (c) => expect(c.TracingConfig?.Mode).toBe('Active'));
    await setThenKeep('tracing-config', '{"Mode":"PassThrough"}', (c) =>
      expect(c.TracingConfig?.Mode).toBe('PassThrough'),
    );
  });

  it('ephemeral-storage, where 512 is the default', async () => {
    const keepDefault = await tracked(name, () => run('--ephemeral-storage', '512'));
    expect(keepDefault.changes).toEqual([]);
    await setThenKeep('ephemeral-storage', '2048', (c) => expect(c.EphemeralStorage?.Size).toBe(2048));
  });

  it('dead-letter-config: a queue, a topic, then none', async () => {
    await setThenKeep('dead-letter-config', JSON.stringify({ TargetArn: QUEUE }), (c) =>
      expect(c.DeadLetterConfig?.TargetArn).toBe(QUEUE),
    );
    await setThenKeep('dead-letter-config', JSON.stringify({ TargetArn: TOPIC }), (c) =>
      expect(c.DeadLetterConfig?.TargetArn).toBe(TOPIC),
    );
    await setThenKeep('dead-letter-config', '{"TargetArn":""}', (c) => expect(c.DeadLetterConfig).toBeUndefined());
  });

  it('kms-key-arn', async () => {
    await setThenKeep('kms-key-arn', KEY_A, (c) => expect(c.KMSKeyArn).toBe(KEY_A));
    await setThenKeep('kms-key-arn', KEY_B, (c) => expect(c.KMSKeyArn).toBe(KEY_B));
  });

  it("logging-config, compared with Lambda's defaults filled in", async () => {
    // Text with the default log group is what every function has.
    const same = await tracked(name, () =>
      run('--logging-config', `{"LogFormat":"Text","LogGroup":"/aws/lambda/${name}"}`),
    );
    expect(same.changes).toEqual([]);
    await setThenKeep('logging-config', '{"LogFormat":"JSON"}', (c) =>
      expect(c.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' }),
    );
    const spelledOut = await tracked(name, () =>
      run('--logging-config', '{"LogFormat":"JSON","ApplicationLogLevel":"INFO","SystemLogLevel":"INFO"}'),
    );
    expect(spelledOut.changes).toEqual([]);
    await setThenKeep('logging-config', '{"LogFormat":"JSON","SystemLogLevel":"WARN","LogGroup":"/orders"}', (c) =>
      expect(c.LoggingConfig).toMatchObject({ SystemLogLevel: 'WARN', LogGroup: '/orders' }),
    );
  });

  it('file-system-configs, and [] removes it', async () => {
    const fs = JSON.stringify([{ Arn: ACCESS_POINT, LocalMountPath: '/mnt/data' }]);
    await setThenKeep('file-system-configs', fs, (c) =>
      expect(c.FileSystemConfigs).toEqual([{ Arn: ACCESS_POINT, LocalMountPath: '/mnt/data' }]),
    );
    await setThenKeep('file-system-configs', '[]', (c) => expect(c.FileSystemConfigs).toBeUndefined());
  });

  it('snap-start', async () => {
    await setThenKeep('snap-start', '{"ApplyOn":"PublishedVersions"}', (c) =>
      expect(c.SnapStart?.ApplyOn).toBe('PublishedVersions'),
    );
    await setThenKeep('snap-start', '{"ApplyOn":"None"}', (c) => expect(c.SnapStart?.ApplyOn).toBe('None'));
  });

  it('function-description and environment as a JSON object, values kept exactly', async () => {
    await setThenKeep(
      'function-description',
      'the orders api',
      (c) => expect(c.Description).toBe('the orders api'),
      'description: (none) → "the orders api"',
    );
    await setThenKeep(
      'environment',
      '{"A1":" padded ","B1":"x=y"}',
      (c) => expect(c.Environment?.Variables).toMatchObject({ A1: ' padded ', B1: 'x=y' }),
      'environment (merge): +A1 +B1',
    );
    await setThenKeep(
      'environment',
      'B2=  spaced  ',
      (c) => expect(c.Environment?.Variables).toMatchObject({ A1: ' padded ', B2: '  spaced  ' }),
      'environment (merge): +B2',
    );
  });

  it('tags: added or changed through TagResource, never removed, and no version for them', async () => {
    const arn = (await config(name)).FunctionArn;
    const set = await tracked(name, () => run('--tags', '{"Team":"orders"}'));
    expect(set.res.outputs).toMatchObject({ changed: true, version: String(published) });
    expect(set.changes).toEqual(['TagResource']);
    const keep = await tracked(name, () => run('--tags', '{"Team":"orders"}'));
    expect(keep.res.outputs).toMatchObject({ changed: false });
    expect(keep.changes).toEqual([]);
    const more = await tracked(name, () => run('--tags', '{"Cost":"42"}'));
    expect(more.changes).toEqual(['TagResource']);
    expect(more.res.log).toContain('tags: +Cost');
    expect((await lambda.listTags({ Resource: arn })).Tags).toEqual({ Team: 'orders', Cost: '42' });
    expect(await versions(name)).toHaveLength(published);
  });

  it('source-kms-key-arn is sent with the code, and only again when it changes', async () => {
    const set = await tracked(name, () => run('--source-kms-key-arn', KEY_A));
    expect(set.res.outputs).toMatchObject({ changed: true });
    expect(set.changes[0]).toBe('UpdateFunctionCode');
    expect(proxy.calls.filter((c) => c.action === 'UpdateFunctionCode').pop()?.body).toMatchObject({
      SourceKMSKeyArn: KEY_A,
    });
    published = (await versions(name)).length;
    const keep = await tracked(name, () => run('--source-kms-key-arn', KEY_A));
    expect(keep.res.outputs).toMatchObject({ changed: false });
    expect(keep.changes).toEqual([]);
  });

  it('dry run: prints each setting that would change, and sends nothing', async () => {
    const dry = await tracked(name, () =>
      run(
        ...['--vpc-config', JSON.stringify({ SubnetIds: ['subnet-0f6'], SecurityGroupIds: GROUPS })],
        ...['--tags', '{"Team":"payments"}', '--tracing-config', '{"Mode":"Active"}', '--dry-run'],
      ),
    );
    expect(dry.res.code).toBe(0);
    expect(dry.res.outputs).toMatchObject({ changed: true, version: '' });
    expect(dry.res.log).toContain('vpc-config: ');
    expect(dry.res.log).toContain('tracing-config: "PassThrough" → "Active"');
    expect(dry.res.log).toContain('tags: ~Team');
    expect(dry.res.log).toContain('dry run: would tag the function');
    expect(dry.changes).toEqual([]);
  });

  it('revision-id: a function at another revision is not touched', async () => {
    // moto reports no RevisionId at all, so only the refusal can be shown here; pinning the update to
    // the revision is covered with a fake client in test/unit/lambda-deploy.test.ts.
    const stale = await tracked(name, () => run('--revision-id', 'not-the-revision', '--memory-size', '256'));
    expect(stale.res.code).toBe(1);
    expect(stale.res.log).toContain('nothing was changed');
    expect(stale.res.log).toContain('not revision-id not-the-revision');
    expect(stale.changes).toEqual([]);
  });
});

describe('lambda-deploy: bad values change nothing and send nothing', () => {
  const name = uniqueName('fn-bad');
  let dir = '';

  beforeAll(async () => {
    dir = temp.make({ 'index.js': HANDLER_JS });
    expect((await zipDeploy(name, dir)()).code).toBe(0);
  });

  const cases: [string, string, string][] = [
    ['vpc-config', '{"SubnetIds":["subnet-1"]}', "must include 'SecurityGroupIds'"],
    ['vpc-config', '{"SubnetIds":"subnet-1","SecurityGroupIds":["sg-1"]}', 'SubnetIds must be an array'],
    ['vpc-config', '{"SubnetIds":["subnet-1"],"SecurityGroupIds":[]}', 'needs both SubnetIds and SecurityGroupIds'],
    ['vpc-config', '{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1"],"SubnetId":"x"}', 'unknown key "SubnetId"'],
    ['vpc-config', '{"SubnetIds": [', 'is not valid JSON'],
    ['tracing-config', '{"Mode":"On"}', "Mode must be 'Active' or 'PassThrough'"],
    ['tracing-config', '{}', "must include 'Mode'"],
    ['ephemeral-storage', '256', 'must be at least 512'],
    ['ephemeral-storage', 'big', 'expected a whole number'],
    ['dead-letter-config', '{"TargetArn":"arn:aws:s3:::bucket"}', 'is not an SQS queue or SNS topic ARN'],
    ['dead-letter-config', '{}', "must include 'TargetArn'"],
    ['kms-key-arn', 'alias/mine', 'is not a KMS key ARN'],
    ['logging-config', '{"LogFormat":"Text","ApplicationLogLevel":"DEBUG"}', 'need "LogFormat": "JSON"'],
    ['logging-config', '{"LogFormat":"XML"}', "LogFormat must be 'Text' or 'JSON'"],
    ['file-system-configs', '{"Arn":"x"}', 'must be a JSON array'],
    ['file-system-configs', '[{"Arn":"' + ACCESS_POINT + '"}]', "must include 'Arn' and 'LocalMountPath'"],
    ['snap-start', '{"ApplyOn":"Always"}', "ApplyOn must be 'PublishedVersions' or 'None'"],
    ['tags', '["Team"]', 'must be a JSON object'],
    ['tags', '{"Team":1}', 'the value of "Team" must be a string'],
    ['role', 'arn:aws:iam::123:role/x', 'is not an IAM role ARN'],
    ['code-signing-config-arn', 'arn:aws:lambda:us-east-1:123456789012:function:x', 'is not a code signing config ARN'],
    ['source-kms-key-arn', 'key/1', 'is not a KMS key ARN'],
    ['image-config', '{"Command":["x"]}', 'applies only to a container image function'],
    ['package-type', 'Image', 'is Image, so the code must come from image-uri'],
    ['package-type', 'zip', 'expected one of Zip, Image'],
    ['environment', '{"PORT":8080}', 'the value of "PORT" must be a JSON string'],
    ['environment', '{"A":', 'is not valid JSON'],
    ['layers', '["arn:aws:lambda:us-east-1:123456789012:layer:x:1", 7]', 'layers must be an array of strings'],
    ['layers', '[', 'is not valid JSON'],
    ['layers', '["arn:aws:lambda:us-east-1:123456789012:layer:x"]', 'is not a layer version ARN'],
    ['function-description', 'x'.repeat(257), 'is longer than 256 characters'],
  ];

  it.each(cases)('%s %s: exit 2 naming the input', async (input, value, problem) => {
    const mark = proxy.mark();
    const res = await deploy('--function-name', name, '--source-dir', dir, '--memory-size', '512', `--${input}`, value);
    expect(res.code).toBe(2);
    expect(res.log).toContain(`input "${input}": `);
    expect(res.log).toContain(problem);
    expect(proxy.calls.length - mark).toBe(0);
  });

  it('source-dir and code-artifacts-dir together: exit 2', async () => {
    const res = await deploy('--function-name', name, '--source-dir', dir, '--code-artifacts-dir', dir);
    expect(res.code).toBe(2);
    expect(res.log).toContain('input "code-artifacts-dir": is another name for source-dir');
  });
});

describe('lambda-deploy: image functions', () => {
  const repo = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app';
  const image = `${repo}@sha256:${'c'.repeat(64)}`;

  it('package-type Image with image-config: set, unchanged, changed', async () => {
    const name = uniqueName('fn-img-config');
    const run = (imageConfig: string) =>
      deploy(
        ...['--function-name', name, '--package-type', 'Image', '--image-uri', image, '--role', role],
        ...['--image-config', imageConfig],
      );
    const first = await run('{"Command":["app.handler"],"WorkingDirectory":"/var/task"}');
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ changed: true, version: '1' });
    expect((await config(name)).ImageConfigResponse?.ImageConfig).toEqual({
      Command: ['app.handler'],
      WorkingDirectory: '/var/task',
    });

    const same = await tracked(name, () => run('{"WorkingDirectory":"/var/task","Command":["app.handler"]}'));
    expect(same.res.outputs).toMatchObject({ changed: false, version: '1' });
    expect(same.changes).toEqual([]);

    const next = await tracked(name, () => run('{"Command":["app.other"]}'));
    expect(next.res.outputs).toMatchObject({ changed: true, version: '2' });
    expect(next.changes).toEqual(['UpdateFunctionConfiguration', 'PublishVersion']);
    expect((await config(name)).ImageConfigResponse?.ImageConfig).toEqual({ Command: ['app.other'] });

    const wrong = await deploy('--function-name', name, '--package-type', 'Zip', '--image-uri', image);
    expect(wrong.code).toBe(2);
    expect(wrong.log).toContain('input "package-type": is Zip, but image-uri gives a container image');
  });
});

describe('lambda-deploy: code signing on moto', () => {
  it('is attached at creation and left alone when unchanged', async () => {
    const name = uniqueName('fn-csc');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    const csc = 'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0';
    const first = await zipDeploy(name, dir)('--code-signing-config-arn', csc);
    expect(first.code).toBe(0);
    expect(proxy.calls.find((c) => c.action === 'CreateFunction' && c.fn === name)?.body).toMatchObject({
      CodeSigningConfigArn: csc,
    });
    const again = await tracked(name, () => zipDeploy(name, dir)('--code-signing-config-arn', csc));
    expect(again.res.outputs).toMatchObject({ changed: false, version: '1' });
    expect(again.changes).toEqual([]);
  });
});

describe('lambda-deploy: architectures', () => {
  it('are set at creation and then unchanged', async () => {
    const name = uniqueName('fn-arch');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    expect((await zipDeploy(name, dir)('--architectures', 'arm64')).code).toBe(0);
    expect((await config(name)).Architectures).toEqual(['arm64']);
    const again = await tracked(name, () => zipDeploy(name, dir)('--architectures', 'arm64'));
    expect(again.res.outputs).toMatchObject({ changed: false, version: '1' });
    expect(again.changes).toEqual([]);
  });

  it('a change Lambda does not apply (moto ignores Architectures in UpdateFunctionCode) fails instead of re-planning', async () => {
    const name = uniqueName('fn-arch-change');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    expect((await zipDeploy(name, dir)()).code).toBe(0);
    for (let run = 0; run < 2; run++) {
      const res = await zipDeploy(name, dir)('--architectures', 'arm64', '--alias', 'live');
      expect(res.code).toBe(1);
      expect(res.log).toContain('Lambda did not apply architectures arm64: the function still reports x86_64');
    }
    expect(await versions(name)).toEqual(['1']);
  });
});
