/*
 * codedeploy-deploy against moto (S3 and CodeDeploy), with the proxy playing the deployment's life
 * that moto cannot: instances running lifecycle events, a failed hook with its log tail, a rollback.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CodeDeploy } from '@aws-sdk/client-codedeploy';
import { S3 } from '@aws-sdk/client-s3';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codedeployDeploy } from '../../src/definitions/codedeploy-deploy.js';
import { scenario, startCodeDeployProxy, type CodeDeployProxy } from '../helpers/codedeploy-proxy.js';
import { createServerApplication } from '../helpers/codedeploy-proxy.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { runCli } from '../helpers/host.js';

let proxy: CodeDeployProxy;
let cd: CodeDeploy;
let s3: S3;
let bucket = '';
let health: Server;
let healthUrl = '';
const dirs: string[] = [];

const APPSPEC = `version: 0.0
os: linux
files:
  - source: app.jar
    destination: /opt/app
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
      timeout: 60
  ApplicationStart:
    - location: scripts/start.sh
      timeout: 120
      runas: app
  ValidateService:
    - location: scripts/validate.sh
      timeout: 300
`;

/** A revision directory like the EC2 example's bundle: appspec.yml, the app, executable hook scripts. */
function revisionDir(options: { appspec?: string; jar?: string; modes?: Record<string, number> } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'arkit-codedeploy-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(join(dir, 'appspec.yml'), options.appspec ?? APPSPEC);
  writeFileSync(join(dir, 'app.jar'), options.jar ?? 'not really a jar');
  for (const name of ['stop', 'start', 'validate']) {
    const file = join(dir, 'scripts', `${name}.sh`);
    writeFileSync(file, `#!/bin/sh\necho ${name}\n`);
    chmodSync(file, options.modes?.[name] ?? 0o755);
  }
  return dir;
}

/** An application with one deployment group in moto. */
const app = (): Promise<string> => createServerApplication(cd, uniqueName('app'));

const deploy = (application: string, ...more: string[]) =>
  runCli(codedeployDeploy, [
    '--application',
    application,
    '--deployment-group',
    'prd',
    '--poll-interval',
    '0.01',
    '--endpoint-url',
    proxy.url,
    ...more,
  ]);

const puts = (from: number) => proxy.calls.slice(from).filter((c) => c.action.startsWith('PUT /'));

beforeAll(async () => {
  proxy = await startCodeDeployProxy(motoUrl());
  cd = new CodeDeploy({ region: 'us-east-1', endpoint: proxy.url });
  s3 = new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true });
  bucket = uniqueName('bundles');
  await s3.createBucket({ Bucket: bucket });
  let hits = 0;
  health = createServer((req, res) => {
    hits++;
    // The app behind the load balancer: 502 while the new version warms up, then 200.
    res.writeHead(req.url === '/health' && hits > 1 ? 200 : 502).end(hits > 1 ? 'UP' : '');
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => health.close(() => resolve()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('codedeploy-deploy', () => {
  it('bundles a directory, uploads it once, deploys it and waits for every instance', async () => {
    const application = await app();
    const dir = revisionDir();
    proxy.play(scenario({ targets: ['i-0aaa1111', 'i-0bbb2222'] }));
    const start = proxy.calls.length;
    const res = await deploy(application, '--revision', dir, '--s3-bucket', bucket, '--description', 'v1.2.3');
    expect(res.code).toBe(0);
    const location = String(res.outputs?.['revision-location']);
    expect(location).toMatch(new RegExp(`^s3://${bucket}/${application}/[0-9a-f]{64}\\.zip$`));
    expect(JSON.parse(String(res.outputs?.['instances']))).toEqual({
      succeeded: ['i-0aaa1111', 'i-0bbb2222'],
      failed: [],
    });
    const id = String(res.outputs?.['deployment-id']);
    expect(res.log).toContain(`deployment ${id} succeeded on 2 target(s): i-0aaa1111, i-0bbb2222`);
    expect(res.log).toContain('i-0bbb2222: ValidateService Succeeded');
    expect(puts(start)).toHaveLength(1);

    // What CodeDeploy was asked to deploy: the uploaded bundle, pinned by its ETag.
    const create = proxy.calls.slice(start).find((c) => c.action === 'CreateDeployment')?.body;
    const key = location.slice(`s3://${bucket}/`.length);
    const head = await s3.headObject({ Bucket: bucket, Key: key });
    expect(create).toEqual({
      applicationName: application,
      deploymentGroupName: 'prd',
      description: 'v1.2.3',
      revision: {
        revisionType: 'S3',
        s3Location: { bucket, key, bundleType: 'zip', eTag: head.ETag?.replace(/"/g, '') },
      },
    });
    expect(head.Metadata?.['sha256']).toBe(key.split('/').pop()?.replace('.zip', ''));
    const deployed = (await cd.getDeployment({ deploymentId: id })).deploymentInfo;
    expect(deployed?.description).toBe('v1.2.3');
  });

  it('uploads nothing on a second run with the same bundle, and deploys the same key', async () => {
    const application = await app();
    const dir = revisionDir({ jar: 'same bytes' });
    proxy.play(scenario({ targets: ['i-0aaa1111'] }));
    const first = await deploy(application, '--revision', dir, '--s3-bucket', bucket);
    expect(first.code).toBe(0);
    // Another checkout of the same files (new mtimes) gives the same bundle.
    const again = revisionDir({ jar: 'same bytes' });
    proxy.play(scenario({ targets: ['i-0aaa1111'] }));
    const start = proxy.calls.length;
    const second = await deploy(application, '--revision', again, '--s3-bucket', bucket);
    expect(second.code).toBe(0);
    expect(second.outputs?.['revision-location']).toBe(first.outputs?.['revision-location']);
    expect(puts(start)).toEqual([]);
    expect(second.log).toMatch(/already holds this bundle \(sha256 [0-9a-f]{12}…\): not uploading it again/);
    expect(proxy.count('CreateDeployment')).toBeGreaterThanOrEqual(2);
  });

  it('ends at the first failed hook with the instance, the event and the log tail', async () => {
    const application = await app();
    proxy.play(
      scenario({
        targets: ['i-0aaa1111', 'i-0bbb2222'],
        fail: {
          target: 'i-0aaa1111',
          event: 'ValidateService',
          errorCode: 'ScriptFailed',
          scriptName: 'scripts/validate.sh',
          message: 'Script at specified location: scripts/validate.sh run as user root failed with exit code 1',
          logTail:
            '[stderr]error: health-check failed: health check http://localhost:8080/health did not answer 200-399 within 60 s (last: HTTP 500), 31 request(s)',
        },
      }),
    );
    const res = await deploy(application, '--revision', revisionDir(), '--s3-bucket', bucket);
    expect(res.code).toBe(1);
    const id = proxy.deployments.at(-1)?.id as string;
    expect(res.log).toContain(
      `error: codedeploy-deploy failed: deployment ${id}: instance i-0aaa1111: ValidateService failed (ScriptFailed, scripts/validate.sh): Script at specified location: scripts/validate.sh run as user root failed with exit code 1`,
    );
    expect(res.log).toContain('error:   log tail of scripts/validate.sh:');
    expect(res.log).toContain(
      'error:     [stderr]error: health-check failed: health check http://localhost:8080/health did not answer 200-399 within 60 s (last: HTTP 500), 31 request(s)',
    );
    // Fail-fast: the deployment still said InProgress; the Failed frame after it was never read.
    expect(proxy.deployments.at(-1)?.frame).toBe(2);
  });

  it('reports a rollback as a failure with its reason', async () => {
    const application = await app();
    proxy.play(
      scenario({
        targets: ['i-0aaa1111'],
        rollback: {
          code: 'ALARM_ACTIVE',
          message: 'One or more alarms have been activated according to the Amazon CloudWatch metrics: [api-5xx]',
          rollbackDeploymentId: 'd-RB7654321',
          rollbackMessage: 'Automatic rollback because an alarm fired',
        },
      }),
    );
    const res = await deploy(application, '--revision', revisionDir(), '--s3-bucket', bucket);
    expect(res.code).toBe(1);
    const id = proxy.deployments.at(-1)?.id as string;
    expect(res.log).toContain(
      `deployment ${id} failed: ALARM_ACTIVE: One or more alarms have been activated according to the Amazon CloudWatch metrics: [api-5xx]; CodeDeploy rolled back with deployment d-RB7654321 (Automatic rollback because an alarm fired)`,
    );
  });

  it('refuses a broken appspec before any AWS call (exit 2, naming every problem)', async () => {
    const dir = revisionDir({
      appspec: APPSPEC.replace('ValidateService:', 'Validate:').replace('app.jar', 'missing.jar'),
      modes: { start: 0o644 },
    });
    const start = proxy.calls.length;
    const res = await deploy('any-app', '--revision', dir, '--s3-bucket', bucket);
    expect(res.code).toBe(2);
    expect(res.log).toContain(
      `input "revision": appspec.yml in ${dir}: files[0].source missing.jar is not in the revision`,
    );
    expect(res.log).toContain(
      'hooks.ApplicationStart[0]: script scripts/start.sh is not executable (chmod +x scripts/start.sh',
    );
    expect(res.log).toContain('hooks.Validate is not an EC2/on-premises lifecycle event');
    expect(proxy.calls.length).toBe(start);
  });

  it('deploys a bundle already in S3 by its s3:// location, and refuses a missing one', async () => {
    const application = await app();
    await s3.putObject({ Bucket: bucket, Key: 'builds/app-42.tar.gz', Body: 'tarball' });
    proxy.play(scenario({ targets: ['i-0aaa1111'] }));
    const start = proxy.calls.length;
    const res = await deploy(application, '--revision', `s3://${bucket}/builds/app-42.tar.gz`);
    expect(res.code).toBe(0);
    expect(res.outputs?.['revision-location']).toBe(`s3://${bucket}/builds/app-42.tar.gz`);
    const create = proxy.calls.slice(start).find((c) => c.action === 'CreateDeployment')?.body;
    expect(create.revision.s3Location).toEqual(
      expect.objectContaining({ key: 'builds/app-42.tar.gz', bundleType: 'tgz' }),
    );
    expect(puts(start)).toEqual([]);

    const missing = await deploy(application, '--revision', `s3://${bucket}/builds/nope.zip`);
    expect(missing.code).toBe(1);
    expect(missing.log).toContain(`revision s3://${bucket}/builds/nope.zip does not exist`);
  });

  it('checks health-check-url after the deployment succeeded', async () => {
    const application = await app();
    proxy.play(scenario({ targets: ['i-0aaa1111'] }));
    const res = await deploy(
      application,
      '--revision',
      revisionDir(),
      '--s3-bucket',
      bucket,
      '--health-check-url',
      `${healthUrl}/health`,
    );
    expect(res.code).toBe(0);
    expect(res.log).toContain(`health check ${healthUrl}/health: HTTP 502; retrying`);
    expect(res.log).toContain(`health check ${healthUrl}/health: HTTP 200 after 2 request(s)`);
    expect(res.log.indexOf('succeeded on 1 target(s)')).toBeLessThan(res.log.indexOf('HTTP 200 after'));
  });

  it('fails when health-check-url never answers healthy, saying the deployment itself succeeded', async () => {
    const application = await app();
    proxy.play(scenario({ targets: ['i-0aaa1111'] }));
    const res = await deploy(
      application,
      '--revision',
      revisionDir(),
      '--s3-bucket',
      bucket,
      '--health-check-url',
      `${healthUrl}/down`,
      '--health-check-timeout',
      '1',
    );
    expect(res.code).toBe(1);
    const id = proxy.deployments.at(-1)?.id as string;
    expect(res.log).toMatch(
      new RegExp(
        `health check ${healthUrl}/down did not answer 200-399 within 1 s \\(last: HTTP 502\\), \\d+ request\\(s\\); deployment ${id} itself succeeded`,
      ),
    );
  });

  it('a dry run uploads nothing and starts no deployment; wait: false returns at once', async () => {
    const application = await app();
    const dir = revisionDir({ jar: 'dry run bytes' });
    const start = proxy.calls.length;
    const dry = await deploy(application, '--revision', dir, '--s3-bucket', bucket, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.outputs?.['deployment-id']).toBe('');
    expect(dry.log).toContain('dry run: would upload the bundle');
    expect(proxy.calls.slice(start).map((c) => c.action)).not.toContain('CreateDeployment');
    expect(puts(start)).toEqual([]);

    const nowait = await deploy(application, '--revision', dir, '--s3-bucket', bucket, '--wait', 'false');
    expect(nowait.code).toBe(0);
    const id = String(nowait.outputs?.['deployment-id']);
    // No scenario: moto keeps it Created, and nothing waited for it.
    expect((await cd.getDeployment({ deploymentId: id })).deploymentInfo?.status).toBe('Created');
    expect(proxy.calls.filter((c) => c.action === 'GetDeployment' && c.body?.deploymentId === id)).toHaveLength(1);
  });
});
