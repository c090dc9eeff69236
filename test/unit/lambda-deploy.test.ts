/*
 * lambda-deploy's state machine against an in-memory Lambda (test/fixtures/lambda/fake.ts), for what
 * moto cannot show: an architecture change that Lambda applies, RevisionIds, code signing changes.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execute } from '../../src/commands/lambda-deploy.js';
import { codeSha256, zipDirectory } from '../../src/lambda/zip.js';
import { ReleaseError } from '../../src/runtime/errors.js';
import { FakeLambda } from '../fixtures/lambda/fake.js';
import { HANDLER_JS, parseInputs, TempDirs } from '../fixtures/lambda/aws.js';
import { testHost } from '../helpers/host.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/** A fake Lambda with one function that runs dir's package, published as version 1. */
async function setup(options: { applyArchitectures?: boolean } = {}) {
  const dir = temp.make({ 'index.js': HANDLER_JS });
  const fake = new FakeLambda(options);
  const fn = fake.add('orders', {
    CodeSha256: codeSha256((await zipDirectory(dir)).bytes),
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: 'arn:aws:iam::123456789012:role/a',
  });
  fn.versions.push({ ...fn.config, Version: '1' });
  const deploy = async (...argv: string[]) => {
    const host = testHost({}, { sleep: async () => undefined });
    const inputs = parseInputs(['--function-name', 'orders', '--source-dir', dir, ...argv]);
    const start = fake.calls.length;
    const out = await execute(inputs, {
      lambda: fake.api,
      s3: async () => {
        throw new Error('no S3 in this test');
      },
      host,
    });
    const changes = fake.calls
      .slice(start)
      .map((c) => c.method)
      .filter((m) => !/^(get|list)/.test(m));
    return { out, host, changes };
  };
  return { fake, fn, deploy };
}

describe('lambda-deploy on a Lambda that applies every change', () => {
  it('changes the architecture with the code update, then leaves it alone', async () => {
    const { fn, deploy } = await setup({ applyArchitectures: true });
    const first = await deploy('--architectures', 'arm64');
    expect(first.out).toMatchObject({ changed: true, version: '2' });
    expect(first.changes).toEqual(['updateFunctionCode', 'publishVersion']);
    expect(fn.config.Architectures).toEqual(['arm64']);
    expect(first.host.text()).toContain('architectures: x86_64 → arm64');

    const again = await deploy('--architectures', 'arm64');
    expect(again.out).toMatchObject({ changed: false, version: '2' });
    expect(again.changes).toEqual([]);
  });

  it('fails loudly, publishing nothing, when Lambda does not apply the architecture', async () => {
    const { fn, deploy } = await setup({ applyArchitectures: false });
    await expect(deploy('--architectures', 'arm64')).rejects.toThrow(
      'Lambda did not apply architectures arm64: the function still reports x86_64',
    );
    expect(fn.versions).toHaveLength(1);
  });

  it('updates the role of an existing function', async () => {
    const { fn, deploy } = await setup();
    const role = 'arn:aws:iam::123456789012:role/b';
    const first = await deploy('--role', role);
    expect(first.changes).toEqual(['updateFunctionConfiguration', 'publishVersion']);
    expect(fn.config.Role).toBe(role);
    expect((await deploy('--role', role)).changes).toEqual([]);
  });

  it('attaches a new code signing configuration, and only once', async () => {
    const { fn, deploy } = await setup();
    const csc = 'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0';
    const first = await deploy('--code-signing-config-arn', csc);
    expect(first.out).toMatchObject({ changed: true });
    expect(first.changes).toEqual(['putFunctionCodeSigningConfig']);
    expect(fn.codeSigning).toBe(csc);
    expect(first.host.text()).toContain(`code-signing-config-arn: (none) → ${csc}`);
    const again = await deploy('--code-signing-config-arn', csc);
    expect(again.out).toMatchObject({ changed: false });
    expect(again.changes).toEqual([]);
  });

  it('revision-id pins the first update to that revision', async () => {
    const { fn, fake, deploy } = await setup();
    const revision = fn.config.RevisionId ?? '';
    const pinned = await deploy('--revision-id', revision, '--memory-size', '256');
    expect(pinned.changes).toEqual(['updateFunctionConfiguration', 'publishVersion']);
    expect(fake.calls.find((c) => c.method === 'updateFunctionConfiguration')?.req).toMatchObject({
      RevisionId: revision,
      MemorySize: 256,
    });
  });

  it('revision-id: someone changing the function between the plan and the update stops the deploy', async () => {
    const { fn, fake, deploy } = await setup();
    const revision = fn.config.RevisionId ?? '';
    let reads = 0;
    fake.onRead = (f) => {
      // The plan reads through GetFunction; the first GetFunctionConfiguration is the wait before the update.
      if (++reads === 1) f.config = { ...f.config, Timeout: 99, RevisionId: fake.nextRevision() };
    };
    const failed = deploy('--revision-id', revision, '--memory-size', '256');
    await expect(failed).rejects.toThrow(ReleaseError);
    await expect(failed).rejects.toThrow(`changed since revision-id ${revision}`);
    expect(fn.config.MemorySize).toBeUndefined();
    expect(fn.versions).toHaveLength(1);
  });

  it('tags through TagResource, without a version', async () => {
    const { fn, deploy } = await setup();
    const first = await deploy('--tags', '{"Team":"orders"}');
    expect(first.out).toMatchObject({ changed: true, version: '1' });
    expect(first.changes).toEqual(['tagResource']);
    expect(fn.tags).toEqual({ Team: 'orders' });
    expect((await deploy('--tags', '{"Team":"orders"}')).changes).toEqual([]);
  });

  it('a read that is refused (not a missing function) stops everything before any change', async () => {
    const { fake, deploy } = await setup();
    fake.getFunction = async () => {
      throw Object.assign(new Error('User is not authorized to perform: lambda:GetFunction'), {
        name: 'AccessDeniedException',
      });
    };
    await expect(deploy('--memory-size', '256')).rejects.toThrow(
      'nothing was changed: orders: cannot read the function: User is not authorized to perform: lambda:GetFunction',
    );
    expect(fake.changes()).toEqual([]);
  });

  it('a refused update fails the step naming the function, and publishes nothing', async () => {
    const { fake, fn, deploy } = await setup();
    fake.updateFunctionConfiguration = async () => {
      throw Object.assign(new Error('not authorized: lambda:UpdateFunctionConfiguration'), {
        name: 'AccessDeniedException',
      });
    };
    await expect(deploy('--timeout', '30')).rejects.toThrow(
      '1 of 1 function(s) failed: orders: not authorized: lambda:UpdateFunctionConfiguration',
    );
    expect(fn.versions).toHaveLength(1);
    expect(fake.changes()).toEqual([]);
  });
});
