import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Lambda } from '@aws-sdk/client-lambda';
import { S3 } from '@aws-sdk/client-s3';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execute } from '../../src/commands/lambda-deploy.js';
import { lambdaDeploy } from '../../src/definitions/lambda-deploy.js';
import { stagingKey } from '../../src/lambda/code.js';
import { codeSha256, codeSha256Hex, zipDirectory, zipEntries } from '../../src/lambda/zip.js';
import { InputError } from '../../src/runtime/errors.js';
import { isAwsError } from '../../src/util/aws-errors.js';
import { createRole, HANDLER_JS, parseInputs, TempDirs } from '../fixtures/lambda/aws.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { runCli, testHost } from '../helpers/host.js';

const lambda = new Lambda({ region: 'us-east-1', endpoint: motoUrl() });
const s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
const temp = new TempDirs();
let role = '';

beforeAll(async () => {
  role = await createRole(motoUrl(), uniqueName('lambda-role'));
});
afterAll(() => temp.cleanup());

const deploy = (...argv: string[]) => runCli(lambdaDeploy, [...argv, '--endpoint-url', motoUrl()]);
/** A zip deploy with everything needed to create the function. */
const deployDir = (name: string, dir: string, ...more: string[]) =>
  deploy(
    '--function-name',
    name,
    '--source-dir',
    dir,
    '--role',
    role,
    '--runtime',
    'nodejs20.x',
    '--handler',
    'index.handler',
    ...more,
  );

async function publishedVersions(name: string): Promise<string[]> {
  const res = await lambda.listVersionsByFunction({ FunctionName: name });
  return (res.Versions ?? []).map((v) => v.Version ?? '').filter((v) => v !== '$LATEST');
}

/** Everything a deploy could change, to compare before and after a run that must change nothing. */
async function snapshot(name: string): Promise<unknown> {
  const fn = await lambda.getFunction({ FunctionName: name });
  const c = fn.Configuration ?? {};
  const aliases = await lambda.listAliases({ FunctionName: name });
  return {
    code: c.CodeSha256,
    image: fn.Code?.ImageUri,
    modified: c.LastModified,
    memory: c.MemorySize,
    timeout: c.Timeout,
    handler: c.Handler,
    env: c.Environment?.Variables ?? {},
    versions: await publishedVersions(name),
    aliases: (aliases.Aliases ?? []).map((a) => [a.Name, a.FunctionVersion]),
  };
}

async function exists(name: string): Promise<boolean> {
  try {
    await lambda.getFunction({ FunctionName: name });
    return true;
  } catch (err) {
    if (isAwsError(err, 'ResourceNotFoundException')) return false;
    throw err;
  }
}

describe('lambda-deploy: zip from a directory', () => {
  it('creates the function, and a second run with the same files (touched) changes nothing', async () => {
    const name = uniqueName('fn-dir');
    const dir = temp.make({ 'index.js': HANDLER_JS, 'lib/data.json': '{"n":1}' });
    const expected = codeSha256((await zipDirectory(dir)).bytes);

    const first = await deployDir(name, dir);
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ changed: true, version: '1', 'code-sha256': expected });
    expect(String(first.outputs?.['function-arn'])).toMatch(new RegExp(`:function:${name}$`));
    const fn = await lambda.getFunction({ FunctionName: name });
    expect(fn.Configuration).toMatchObject({
      CodeSha256: expected,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      State: 'Active',
    });
    expect(fn.Configuration?.Environment).toBeUndefined();
    expect(await publishedVersions(name)).toEqual(['1']);

    const later = new Date(Date.now() + 86_400_000);
    for (const rel of ['index.js', 'lib/data.json']) utimesSync(join(dir, rel), later, later);
    const before = await snapshot(name);
    const second = await deployDir(name, dir);
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ changed: false, version: '1', 'code-sha256': expected });
    expect(second.log).toContain('code unchanged');
    expect(await snapshot(name)).toEqual(before);
  });

  it('publishes a new version and creates, then moves, the alias', async () => {
    const name = uniqueName('fn-alias');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    const first = await deployDir(name, dir, '--alias', 'live');
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ version: '1', changed: true });
    expect((await lambda.getAlias({ FunctionName: name, Name: 'live' })).FunctionVersion).toBe('1');

    writeFileSync(join(dir, 'index.js'), HANDLER_JS.replace('v1', 'v2'));
    const second = await deployDir(name, dir, '--alias', 'live');
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({
      version: '2',
      changed: true,
      'code-sha256': codeSha256((await zipDirectory(dir)).bytes),
    });
    expect((await lambda.getAlias({ FunctionName: name, Name: 'live' })).FunctionVersion).toBe('2');
    expect(second.log).toContain('alias live moved from version 1 to 2');
    expect(await publishedVersions(name)).toEqual(['1', '2']);

    const third = await deployDir(name, dir, '--alias', 'live');
    expect(third.outputs).toMatchObject({ version: '2', changed: false });
    expect(await publishedVersions(name)).toEqual(['1', '2']);

    // A new alias on unchanged code points at the existing version and counts as a change.
    const staging = await deployDir(name, dir, '--alias', 'staging');
    expect(staging.outputs).toMatchObject({ version: '2', changed: true });
    expect((await lambda.getAlias({ FunctionName: name, Name: 'staging' })).FunctionVersion).toBe('2');
    expect(await publishedVersions(name)).toEqual(['1', '2']);
  });

  it('with publish false changes $LATEST only', async () => {
    const name = uniqueName('fn-nopub');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    const res = await deployDir(name, dir, '--publish', 'false');
    expect(res.code).toBe(0);
    expect(res.outputs).toMatchObject({ version: '$LATEST', changed: true });
    expect(await publishedVersions(name)).toEqual([]);
  });
});

describe('lambda-deploy: configuration', () => {
  it('merges environment into the existing variables, leaves them alone when not asked, and replaces on request', async () => {
    const name = uniqueName('fn-env');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    const created = await deployDir(name, dir, '--environment', 'KEEP=s3cr3t-value\nSTAGE=old');
    expect(created.code).toBe(0);

    const merged = await deployDir(name, dir, '--environment', 'STAGE=new-stage\nADDED=1', '--memory-size', '256');
    expect(merged.code).toBe(0);
    expect(merged.outputs).toMatchObject({ changed: true, version: '2' });
    const after = await lambda.getFunctionConfiguration({ FunctionName: name });
    expect(after.Environment?.Variables).toEqual({ KEEP: 's3cr3t-value', STAGE: 'new-stage', ADDED: '1' });
    expect(after.MemorySize).toBe(256);
    expect(merged.log).toContain('environment (merge): +ADDED ~STAGE');
    expect(merged.log).toContain('memory-size: 128 → 256');
    expect(merged.log).not.toContain('s3cr3t-value');
    expect(merged.log).not.toContain('new-stage');

    const untouched = await deployDir(name, dir, '--timeout', '20');
    expect(untouched.outputs).toMatchObject({ changed: true, version: '3' });
    const again = await lambda.getFunctionConfiguration({ FunctionName: name });
    expect(again.Environment?.Variables).toEqual({ KEEP: 's3cr3t-value', STAGE: 'new-stage', ADDED: '1' });
    expect(again.Timeout).toBe(20);

    // The same values again: nothing to send, nothing to publish.
    const same = await deployDir(name, dir, '--environment', 'STAGE=new-stage', '--timeout', '20');
    expect(same.outputs).toMatchObject({ changed: false, version: '3' });

    const replaced = await deployDir(name, dir, '--environment', 'ONLY=1', '--environment-mode', 'replace');
    expect(replaced.outputs).toMatchObject({ changed: true, version: '4' });
    expect((await lambda.getFunctionConfiguration({ FunctionName: name })).Environment?.Variables).toEqual({
      ONLY: '1',
    });
    expect(replaced.log).toContain('environment (replace): +ONLY -ADDED -KEEP -STAGE');
  });
});

describe('lambda-deploy: S3', () => {
  it('deploys an object already in S3, and a second run changes nothing', async () => {
    const bucket = uniqueName('lambda-code');
    await s3.createBucket({ Bucket: bucket });
    const pkg = zipEntries([{ path: 'index.js', data: Buffer.from(HANDLER_JS), executable: false }]);
    await s3.putObject({ Bucket: bucket, Key: 'releases/app.zip', Body: pkg });
    const name = uniqueName('fn-s3');
    const argv = ['--function-name', name, '--s3-bucket', bucket, '--s3-key', 'releases/app.zip'];
    const create = ['--role', role, '--runtime', 'python3.12', '--handler', 'app.handler'];

    const first = await deploy(...argv, ...create);
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ changed: true, version: '1', 'code-sha256': codeSha256(pkg) });
    expect((await lambda.getFunctionConfiguration({ FunctionName: name })).CodeSha256).toBe(codeSha256(pkg));

    const second = await deploy(...argv);
    expect(second.outputs).toMatchObject({ changed: false, version: '1' });

    const missing = await deploy('--function-name', name, '--s3-bucket', bucket, '--s3-key', 'releases/none.zip');
    expect(missing.code).toBe(1);
    expect(missing.log).toContain(`s3://${bucket}/releases/none.zip does not exist`);
  });

  it('stages a package over the direct-upload limit in s3-bucket, once', async () => {
    const bucket = uniqueName('lambda-stage');
    await s3.createBucket({ Bucket: bucket });
    const name = uniqueName('fn-stage');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    const bytes = (await zipDirectory(dir)).bytes;
    const inputs = parseInputs([
      ...['--function-name', name, '--source-dir', dir, '--s3-bucket', bucket, '--role', role],
      ...['--runtime', 'nodejs20.x', '--handler', 'index.handler', '--endpoint-url', motoUrl()],
    ]);
    const host = testHost();
    const deps = { lambda, s3: async () => s3, host, directUploadLimit: 10 };

    const out = await execute(inputs, deps);
    expect(out).toMatchObject({ changed: true, 'code-sha256': codeSha256(bytes) });
    const key = stagingKey(codeSha256Hex(bytes));
    const head = await s3.headObject({ Bucket: bucket, Key: key });
    expect(head.ContentLength).toBe(bytes.length);
    expect(host.text()).toContain(`uploading the package to s3://${bucket}/${key}`);

    // Another function with the same package finds it staged already.
    const twin = uniqueName('fn-stage');
    const twinHost = testHost();
    const twinInputs = { ...inputs, functionNames: [twin] };
    expect(await execute(twinInputs, { ...deps, host: twinHost })).toMatchObject({
      changed: true,
      'code-sha256': codeSha256(bytes),
    });
    expect(twinHost.text()).toContain(`s3://${bucket}/${key} already holds this package`);
    expect(twinHost.text()).not.toContain('uploading the package');

    // Over the limit without s3-bucket: refused before any AWS call, naming s3-bucket.
    const other = uniqueName('fn-stage');
    const noBucket = parseInputs([
      ...['--function-name', other, '--source-dir', dir, '--role', role],
      ...['--runtime', 'nodejs20.x', '--handler', 'index.handler', '--endpoint-url', motoUrl()],
    ]);
    await expect(execute(noBucket, deps)).rejects.toThrow(InputError);
    await expect(execute(noBucket, deps)).rejects.toMatchObject({ input: 's3-bucket' });
    expect(await exists(other)).toBe(false);
  });
});

describe('lambda-deploy: container image', () => {
  const repo = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app';
  const image = (c: string) => `${repo}@sha256:${c.repeat(64)}`;

  it('creates an image function, skips the same digest, updates to a new one', async () => {
    const name = uniqueName('fn-img');
    const first = await deploy(
      '--function-name',
      name,
      '--image-uri',
      image('a'),
      '--role',
      role,
      '--memory-size',
      '512',
    );
    expect(first.code).toBe(0);
    expect(first.outputs).toMatchObject({ changed: true, version: '1' });
    const fn = await lambda.getFunction({ FunctionName: name });
    expect(fn.Configuration?.PackageType).toBe('Image');
    expect(fn.Code?.ImageUri).toBe(image('a'));
    expect(fn.Configuration?.MemorySize).toBe(512);

    const same = await deploy('--function-name', name, '--image-uri', image('a'));
    expect(same.outputs).toMatchObject({ changed: false, version: '1' });

    const next = await deploy('--function-name', name, '--image-uri', image('b'));
    expect(next.code).toBe(0);
    expect(next.outputs).toMatchObject({ changed: true, version: '2' });
    expect((await lambda.getFunction({ FunctionName: name })).Code?.ImageUri).toBe(image('b'));

    const byTag = await deploy('--function-name', name, '--image-uri', `${repo}:latest`, '--dry-run');
    expect(byTag.log).toContain('names a tag, which may have moved');
  });
});

describe('lambda-deploy: several functions', () => {
  it('deploys every function in parallel and reports each', async () => {
    const a = uniqueName('fn-multi-a');
    const b = uniqueName('fn-multi-b');
    const dir = temp.make({ 'index.js': HANDLER_JS });
    const sha = codeSha256((await zipDirectory(dir)).bytes);
    const res = await deployDir(`${a}\n${b}`, dir, '--alias', 'live');
    expect(res.code).toBe(0);
    const functions = JSON.parse(String(res.outputs?.['functions'])) as Array<Record<string, unknown>>;
    expect(functions.map((f) => f['name'])).toEqual([a, b]);
    for (const f of functions) expect(f).toMatchObject({ version: '1', changed: true, 'code-sha256': sha });
    expect(String(res.outputs?.['function-arn'])).toMatch(new RegExp(`:function:${a}$`));
    for (const n of [a, b]) {
      expect((await lambda.getFunctionConfiguration({ FunctionName: n })).CodeSha256).toBe(sha);
      expect((await lambda.getAlias({ FunctionName: n, Name: 'live' })).FunctionVersion).toBe('1');
    }

    // b drifted (memory changed by hand): only b is updated. It is then exactly version 1 again,
    // so no duplicate version is published.
    await lambda.updateFunctionConfiguration({ FunctionName: b, MemorySize: 1024 });
    const again = await deployDir(`${a}\n${b}`, dir, '--memory-size', '128');
    const second = JSON.parse(String(again.outputs?.['functions'])) as Array<Record<string, unknown>>;
    expect(second.map((f) => [f['name'], f['changed'], f['version']])).toEqual([
      [a, false, '1'],
      [b, true, '1'],
    ]);
    expect((await lambda.getFunctionConfiguration({ FunctionName: b })).MemorySize).toBe(128);
    expect(await publishedVersions(b)).toEqual(['1']);
    // The first function did not change, but b did: a step gated on `changed` must still run.
    expect(again.outputs).toMatchObject({ changed: true });

    // a's $LATEST was updated but never published (e.g. an earlier run died before publishing):
    // the next run publishes it and moves the alias, though no input differs.
    await lambda.updateFunctionConfiguration({ FunctionName: a, Timeout: 30 });
    const third = await deployDir(`${a}\n${b}`, dir, '--alias', 'live');
    const thirdOut = JSON.parse(String(third.outputs?.['functions'])) as Array<Record<string, unknown>>;
    expect(thirdOut.map((f) => [f['name'], f['changed'], f['version']])).toEqual([
      [a, true, '2'],
      [b, false, '1'],
    ]);
    expect((await lambda.getAlias({ FunctionName: a, Name: 'live' })).FunctionVersion).toBe('2');
    expect(third.outputs).toMatchObject({ changed: true, version: '2' });
  });
});

describe('lambda-deploy: bad inputs change nothing', () => {
  const name = uniqueName('fn-guard');
  let dir = '';
  let before: unknown;

  beforeAll(async () => {
    dir = temp.make({ 'index.js': HANDLER_JS });
    const created = await deployDir(name, dir, '--environment', 'KEEP=1', '--alias', 'live');
    expect(created.code).toBe(0);
    // Later runs offer different code, so that a run that got through would change something.
    writeFileSync(join(dir, 'index.js'), HANDLER_JS.replace('v1', 'changed'));
    before = await snapshot(name);
  });

  it('two code sources: exit 2 naming the input', async () => {
    const zip = join(temp.make({}), 'code.zip');
    writeFileSync(zip, (await zipDirectory(dir)).bytes);
    const res = await deploy('--function-name', name, '--source-dir', dir, '--zip-file', zip);
    expect(res.code).toBe(2);
    expect(res.log).toContain('input "zip-file": give exactly one code source');
    expect(await snapshot(name)).toEqual(before);
  });

  it('missing directory: exit 2 naming source-dir', async () => {
    const res = await deploy('--function-name', name, '--source-dir', join(dir, 'no-such-dir'), '--memory-size', '512');
    expect(res.code).toBe(2);
    expect(res.log).toMatch(/input "source-dir": directory .*no-such-dir does not exist/);
    expect(await snapshot(name)).toEqual(before);
  });

  it('out-of-range memory: exit 2', async () => {
    const res = await deploy('--function-name', name, '--source-dir', dir, '--memory-size', '100000');
    expect(res.code).toBe(2);
    expect(res.log).toContain('input "memory-size": must be at most 10240');
    expect(await snapshot(name)).toEqual(before);
  });

  it('unknown function without role: exit 1 naming what is missing, and nothing else is deployed either', async () => {
    const unknown = uniqueName('fn-unknown');
    const res = await deploy('--function-name', `${name}\n${unknown}`, '--source-dir', dir, '--environment', 'NEW=1');
    expect(res.code).toBe(1);
    expect(res.log).toContain(`function ${unknown} does not exist; to create it, also give role, runtime, handler`);
    expect(res.log).toContain('nothing was changed');
    expect(await exists(unknown)).toBe(false);
    expect(await snapshot(name)).toEqual(before);
  });

  it("variables over Lambda's 4 KB limit: exit 1 before any change", async () => {
    const res = await deploy('--function-name', name, '--source-dir', dir, '--environment', `BIG=${'x'.repeat(5000)}`);
    expect(res.code).toBe(1);
    expect(res.log).toMatch(/the environment would be \d+ bytes, over Lambda's 4096-byte limit/);
    expect(res.log).not.toContain('x'.repeat(100));
    expect(await snapshot(name)).toEqual(before);
  });

  it('image-uri for a zip function: exit 1', async () => {
    const res = await deploy(
      '--function-name',
      name,
      '--image-uri',
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1`,
    );
    expect(res.code).toBe(1);
    expect(res.log).toContain(`${name} is a zip function`);
    expect(await snapshot(name)).toEqual(before);
  });

  it('dry run: Lambda DryRun for the code, the configuration diff printed, nothing changed', async () => {
    const res = await deploy(
      '--function-name',
      name,
      '--source-dir',
      dir,
      '--memory-size',
      '512',
      '--alias',
      'live',
      '--dry-run',
    );
    expect(res.code).toBe(0);
    expect(res.outputs).toMatchObject({
      changed: true,
      version: '',
      'code-sha256': codeSha256((await zipDirectory(dir)).bytes),
    });
    expect(res.log).toContain('Lambda accepted the code update (UpdateFunctionCode DryRun)');
    expect(res.log).toContain('memory-size: 128 → 512');
    expect(res.log).toContain('would publish a new version');
    expect(res.log).toContain('would move alias live from version 1');
    expect(await snapshot(name)).toEqual(before);

    const unknown = uniqueName('fn-dry');
    const create = await deployDir(unknown, dir, '--dry-run');
    expect(create.code).toBe(0);
    expect(create.log).toContain('would create the function');
    expect(await exists(unknown)).toBe(false);
  });
});
