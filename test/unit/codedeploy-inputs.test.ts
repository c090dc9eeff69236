/* codedeploy-deploy's inputs: every mistake is one line naming the input, exit 2, before any AWS call. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codedeployDeploy } from '../../src/definitions/codedeploy-deploy.js';
import { InputReader } from '../../src/runtime/inputs.js';
import { runCli } from '../helpers/host.js';

let dir = '';
let yamlOnly = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'arkit-cd-inputs-'));
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(
    join(dir, 'appspec.yml'),
    'version: 0.0\nos: linux\nhooks:\n  ApplicationStart:\n    - location: scripts/start.sh\n',
  );
  writeFileSync(join(dir, 'scripts', 'start.sh'), '#!/bin/sh\n');
  chmodSync(join(dir, 'scripts', 'start.sh'), 0o755);
  yamlOnly = mkdtempSync(join(tmpdir(), 'arkit-cd-inputs-'));
  writeFileSync(join(yamlOnly, 'appspec.yaml'), 'version: 0.0\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(yamlOnly, { recursive: true, force: true });
});

const parse = (raw: Record<string, string>) =>
  codedeployDeploy.parse(new InputReader(codedeployDeploy.inputs, new Map(Object.entries(raw))), {
    provider: 'local',
    awsRegion: 'us-east-1',
  });

const refuse = async (args: string[]) => {
  const res = await runCli(codedeployDeploy, ['--application', 'app', '--deployment-group', 'prd', ...args]);
  expect(res.code).toBe(2);
  return res.log;
};

describe('codedeploy-deploy inputs', () => {
  it('reads a directory revision, an s3:// revision and the deployment options', () => {
    const d = parse({
      application: 'shop-api',
      'deployment-group': 'prd',
      revision: dir,
      's3-bucket': 'bundles',
      'deployment-config': 'CodeDeployDefault.AllAtOnce',
      'file-exists-behavior': 'OVERWRITE',
      'wait-timeout': '15',
    });
    expect(d).toEqual(
      expect.objectContaining({
        revision: { kind: 'directory', dir, bucket: 'bundles' },
        deploymentConfig: 'CodeDeployDefault.AllAtOnce',
        fileExistsBehavior: 'OVERWRITE',
        wait: true,
        waitTimeout: 15,
        pollInterval: 10,
        healthCheckStatus: [{ from: 200, to: 399 }],
      }),
    );
    expect(
      parse({ application: 'a', 'deployment-group': 'g', revision: 's3://b-1/x/app.bin', 'bundle-type': 'tar' })
        .revision,
    ).toEqual({ kind: 's3', bucket: 'b-1', key: 'x/app.bin', bundleType: 'tar' });
  });

  it('names the input for each mistake', async () => {
    expect(await refuse(['--revision', dir])).toContain(
      'input "s3-bucket": is required to upload the revision directory',
    );
    expect(await refuse(['--revision', '/no/such/dir', '--s3-bucket', 'b-1'])).toContain(
      'input "revision": /no/such/dir does not exist',
    );
    expect(await refuse(['--revision', yamlOnly, '--s3-bucket', 'b-1'])).toContain(
      'has no appspec.yml at its root (it has appspec.yaml: the agent reads only appspec.yml)',
    );
    expect(await refuse(['--revision', 's3://b-1/app.bin'])).toContain(
      'input "bundle-type": is required: s3://b-1/app.bin does not end in .zip, .tar, .tgz or .tar.gz',
    );
    expect(await refuse(['--revision', 's3://b-1/app.zip', '--s3-bucket', 'b-1'])).toContain(
      'input "s3-bucket": is for a directory revision',
    );
    expect(await refuse(['--revision', dir, '--s3-bucket', 'b-1', '--s3-key', 'app.tar'])).toContain(
      'input "s3-key": must end in .zip',
    );
    expect(await refuse(['--revision', dir, '--s3-bucket', 'b-1', '--file-exists-behavior', 'KEEP'])).toContain(
      'input "file-exists-behavior": expected one of DISALLOW, OVERWRITE, RETAIN, got "KEEP"',
    );
    expect(
      await refuse(['--revision', dir, '--s3-bucket', 'b-1', '--wait', 'false', '--health-check-url', 'http://x/']),
    ).toContain('input "health-check-url": needs wait: true');
    expect(await refuse(['--revision', dir, '--s3-bucket', 'b-1', '--health-check-status', '2xx,abc'])).toContain(
      'input "health-check-status": "abc" is not a status code',
    );
  });
});
