/**
 * The root composite action.yml and the sub-actions, run as the GitHub runner runs them
 * (test/helpers/local-runner.ts: every `${{ }}` through GitHub's expression engine), each step's real
 * command against moto, the registry (buildah) and the webhook receiver.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { S3 } from '@aws-sdk/client-s3';
import { Lambda } from '@aws-sdk/client-lambda';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../src/definitions/index.js';
import { LocalRunner, type StepResult } from '../helpers/local-runner.js';
import { ecsAt, runningTaskDefinition, scene, taskDef, type Scene } from '../helpers/ecs-moto.js';
import { registryHost, uniqueName } from '../helpers/env.js';
import { freePort, startMoto } from '../helpers/servers.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { createRole } from '../fixtures/lambda/aws.js';

let moto: { url: string; stop(): Promise<void> };
let receiver: WebhookReceiver;
let work: string;
let role: string;
let s3: S3;
let lambda: Lambda;

beforeAll(async () => {
  // A moto of its own whose services report their desired task running, so that ecs-deploy's
  // stability wait ends as on a healthy cluster.
  moto = await startMoto({ MOTO_ECS_SERVICE_RUNNING: '1' });
  receiver = await WebhookReceiver.start();
  work = mkdtempSync(join(tmpdir(), 'arkit-composite-'));
  writeFileSync(
    join(work, 'storage.conf'),
    `[storage]\ndriver = "vfs"\nrunroot = "${work}/run"\ngraphroot = "${work}/graph"\n`,
  );
  s3 = new S3({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true });
  lambda = new Lambda({ region: 'us-east-1', endpoint: moto.url });
  role = await createRole(moto.url, uniqueName('composite-role'));
});

afterAll(async () => {
  await Promise.all([moto.stop(), receiver.close()]);
  rmSync(work, { recursive: true, force: true });
});

const GITHUB = {
  repository: 'acme/shop',
  sha: 'a'.repeat(40),
  ref: 'refs/tags/v1.2.3',
  ref_name: 'v1.2.3',
  event_name: 'push',
  server_url: 'https://github.com',
  run_id: '42',
};

interface ActionRun {
  outcome: StepResult['outcome'];
  outputs: Record<string, string>;
  log: string;
  /** A composite action's steps. */
  steps: StepResult[];
  step(id: string): StepResult;
}

/**
 * One job with one step, `uses: <path>` with these inputs (after a failed step when jobFailed, the
 * action then running under `if: always()`). The job's env carries what project variables would:
 * region, buildah's storage, fast ECS polls.
 */
async function runAction(
  path: string,
  inputs: Record<string, string>,
  options: { jobFailed?: boolean; env?: Record<string, string> } = {},
): Promise<ActionRun> {
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('INPUT_') && !e[0].startsWith('GITHUB_'),
    ),
  );
  const runner = new LocalRunner({
    workspace: process.cwd(),
    baseEnv,
    github: GITHUB,
    env: {
      AWS_REGION: 'us-east-1',
      STORAGE_DRIVER: 'vfs',
      BUILDAH_ISOLATION: 'chroot',
      CONTAINERS_STORAGE_CONF: join(work, 'storage.conf'),
      INPUT_POLL_INTERVAL: '0.2',
      ...options.env,
    },
  });
  try {
    await runner.runJob([
      ...(options.jobFailed ? [{ id: 'tests', run: 'exit 1' }] : []),
      { id: 'release', uses: path, with: inputs, ...(options.jobFailed ? { if: 'always()' } : {}) },
    ]);
    const result = runner.results.find((r) => r.id === 'release');
    if (!result) throw new Error('the action step did not run');
    const steps = result.steps ?? [];
    return {
      outcome: result.outcome,
      outputs: result.outputs,
      log: result.log,
      steps,
      step(id) {
        const found = steps.find((s) => s.id === id);
        if (!found) throw new Error(`no step ${id}`);
        return found;
      },
    };
  } finally {
    runner.dispose();
  }
}

async function site(): Promise<{ dir: string; bucket: string }> {
  const dir = join(work, uniqueName('site'));
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<h1>shop</h1>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  const bucket = uniqueName('site').toLowerCase();
  await s3.createBucket({ Bucket: bucket });
  return { dir, bucket };
}

async function service(): Promise<Scene & { file: string }> {
  const sc = await scene(moto.url, { kind: 'FARGATE', desired: 1 });
  const file = join(work, `${sc.family}.json`);
  writeFileSync(file, JSON.stringify(taskDef(sc.family, 'registry.example.com/app:1', 'FARGATE')));
  return { ...sc, file };
}

function imageContext(): string {
  const dir = join(work, uniqueName('ctx'));
  mkdirSync(dir);
  // No RUN step: nothing to execute inside the image, so the build needs no emulation or network.
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY app.txt /app.txt\nCMD ["/app.txt"]\n');
  writeFileSync(join(dir, 'app.txt'), `build ${Date.now()}\n`);
  return dir;
}

async function objectKeys(bucket: string): Promise<string[]> {
  const res = await s3.listObjectsV2({ Bucket: bucket });
  return (res.Contents ?? []).map((o) => o.Key ?? '').filter((k) => !k.startsWith('.aws-release-kit/'));
}

const outcomes = (run: ActionRun): Record<string, string> =>
  Object.fromEntries(run.steps.map((s) => [s.id, s.outcome]));

const messageText = (hookUrl: string): string => {
  const id = /webhooks\/(\d+)\//.exec(hookUrl)?.[1];
  return JSON.stringify(receiver.discord.filter((d) => d.webhookId === id).map((d) => d.body));
};

describe('root action.yml, run as the GitHub runner runs it', () => {
  it('the whole release: the pushed image reaches ecs-render and lambda-deploy, and notify reports every step', async () => {
    const { dir, bucket } = await site();
    const svc = await service();
    const hook = receiver.discordWebhook();
    const fn = uniqueName('fn');
    const repository = uniqueName('shop');
    const run = await runAction('./', {
      'endpoint-url': moto.url,
      's3-bucket': bucket,
      's3-source': dir,
      'ecr-repository': repository,
      'ecr-registry': registryHost(),
      'ecr-context': imageContext(),
      'ecr-tags': 'v1.2.3',
      'task-definition': svc.file,
      'ecs-cluster': svc.cluster,
      'ecs-service': svc.services[0] ?? '',
      'ecs-container-name': 'app',
      'lambda-function-name': fn,
      'lambda-use-pushed-image': 'true',
      'lambda-role': role,
      'discord-webhook-url': hook,
      'release-notes': 'First release of the shop.',
    });
    expect(outcomes(run)).toEqual({
      s3: 'success',
      ecr: 'success',
      'ecs-render': 'success',
      'ecs-deploy': 'success',
      lambda: 'success',
      codedeploy: 'skipped',
      rollback: 'skipped',
      notify: 'success',
    });
    const imageUri = run.step('ecr').outputs['image-uri'] ?? '';
    expect(imageUri).toMatch(new RegExp(`^${registryHost()}/${repository}@sha256:[a-f0-9]{64}$`));
    // The pushed digest flows into render and lambda, as the runner evaluated their env.
    expect(run.step('ecs-render').env['INPUT_IMAGE']).toBe(imageUri);
    expect(run.step('lambda').env['INPUT_IMAGE_URI']).toBe(imageUri);
    expect(run.outputs['image-uri']).toBe(imageUri);
    // ... and is what runs.
    const running = await runningTaskDefinition(ecsAt(moto.url), svc.cluster, svc.services[0] ?? '');
    const td = await ecsAt(moto.url).describeTaskDefinition({ taskDefinition: running });
    expect(td.taskDefinition?.containerDefinitions?.[0]?.image).toBe(imageUri);
    expect(run.outputs['task-definition-arn']).toBe(running);
    expect((await lambda.getFunction({ FunctionName: fn })).Code?.ImageUri).toBe(imageUri);
    expect((await objectKeys(bucket)).sort()).toEqual(['assets/app.js', 'index.html']);
    expect(run.outputs['uploaded']).toBe('2');
    // notify: success, with a line per step that ran.
    expect(run.step('notify').env['INPUT_STATUS']).toBe('success');
    const details = run.step('notify').env['INPUT_DETAILS'] ?? '';
    expect(details).toContain('Site=2 uploaded, 0 deleted');
    expect(details).toContain(`Image=${imageUri}`);
    expect(details).toContain(`Task definition=${running}`);
    expect(details).not.toContain('Failed step');
    const sent = messageText(hook);
    expect(sent).toContain('First release of the shop.');
    expect(sent).toContain(imageUri);
  });

  it('ECS fails: lambda is skipped, notify still runs and reports the failure and the step that failed', async () => {
    const { dir, bucket } = await site();
    const svc = await service();
    const hook = receiver.discordWebhook();
    const fn = uniqueName('fn');
    const run = await runAction('./', {
      'endpoint-url': moto.url,
      's3-bucket': bucket,
      's3-source': dir,
      'task-definition': svc.file,
      'ecs-cluster': svc.cluster,
      'ecs-service': 'no-such-service',
      'lambda-function-name': fn,
      'lambda-zip-file': join(work, 'never-read.zip'),
      'discord-webhook-url': hook,
    });
    expect(outcomes(run)).toEqual({
      s3: 'success',
      ecr: 'skipped',
      'ecs-render': 'success',
      'ecs-deploy': 'failure',
      lambda: 'skipped',
      codedeploy: 'skipped',
      rollback: 'skipped',
      notify: 'success',
    });
    expect(run.outcome).toBe('failure');
    expect(run.step('ecs-deploy').log).toMatch(/^::error::/m);
    expect(run.step('notify').env['INPUT_STATUS']).toBe('failure');
    expect(run.step('notify').env['INPUT_DETAILS']).toContain('Failed step=ecs-deploy');
    await expect(lambda.getFunction({ FunctionName: fn })).rejects.toThrow();
    const sent = messageText(hook);
    expect(sent).toMatch(/fail/i);
    expect(sent).toContain('ecs-deploy');
    // The service was left on its revision.
    expect(await runningTaskDefinition(ecsAt(moto.url), svc.cluster, svc.services[0] ?? '')).toBe(svc.firstArn);
  });

  it('only s3-bucket set: only s3-sync runs, and its outputs are the action outputs', async () => {
    const { dir, bucket } = await site();
    const run = await runAction('./', { 'endpoint-url': moto.url, 's3-bucket': bucket, 's3-source': dir });
    expect(outcomes(run)).toEqual({
      s3: 'success',
      ecr: 'skipped',
      'ecs-render': 'skipped',
      'ecs-deploy': 'skipped',
      lambda: 'skipped',
      codedeploy: 'skipped',
      rollback: 'skipped',
      notify: 'skipped',
    });
    expect(run.outputs).toMatchObject({ uploaded: '2', deleted: '0', 'image-uri': '', 'lambda-version': '' });
    expect((await objectKeys(bucket)).sort()).toEqual(['assets/app.js', 'index.html']);
  });

  it('dry-run: every step prints its plan and nothing changes anywhere', async () => {
    const { dir, bucket } = await site();
    const svc = await service();
    const hook = receiver.discordWebhook();
    const fn = uniqueName('fn');
    const zipDir = join(work, uniqueName('fn-src'));
    mkdirSync(zipDir);
    writeFileSync(join(zipDir, 'index.js'), 'exports.handler = async () => 1;');
    const before = receiver.discord.length;
    const run = await runAction('./', {
      'endpoint-url': moto.url,
      'dry-run': 'true',
      's3-bucket': bucket,
      's3-source': dir,
      'task-definition': svc.file,
      'ecs-cluster': svc.cluster,
      'ecs-service': svc.services[0] ?? '',
      'lambda-function-name': fn,
      'lambda-source-dir': zipDir,
      'lambda-role': role,
      'lambda-runtime': 'nodejs20.x',
      'lambda-handler': 'index.handler',
      'discord-webhook-url': hook,
    });
    expect(run.outcome).toBe('success');
    expect(outcomes(run)).toMatchObject({
      s3: 'success',
      'ecs-deploy': 'success',
      lambda: 'success',
      codedeploy: 'skipped',
      rollback: 'skipped',
      notify: 'success',
    });
    expect(await objectKeys(bucket)).toEqual([]);
    expect(await runningTaskDefinition(ecsAt(moto.url), svc.cluster, svc.services[0] ?? '')).toBe(svc.firstArn);
    const families = await ecsAt(moto.url).listTaskDefinitions({ familyPrefix: svc.family });
    expect(families.taskDefinitionArns).toEqual([svc.firstArn]);
    await expect(lambda.getFunction({ FunctionName: fn })).rejects.toThrow();
    expect(receiver.discord.length).toBe(before);
  });

  it('notify alone: one message, every other step skipped, status from job.status', async () => {
    const hook = receiver.discordWebhook();
    const run = await runAction(
      './',
      { 'discord-webhook-url': hook, 'release-notes': 'Notes only.' },
      { jobFailed: true },
    );
    expect(run.steps.filter((s) => s.outcome !== 'skipped').map((s) => s.id)).toEqual(['notify']);
    expect(run.step('notify').env['INPUT_STATUS']).toBe('failure');
    expect(run.outputs['discord-messages']).toBe('1');
    expect(messageText(hook)).toContain('Notes only.');
  });
});

describe('rollback-on-failure, as the runner runs the root action', () => {
  /** Every object of the bucket (the sync state included) and its content. */
  async function bucketState(bucket: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const o of (await s3.listObjectsV2({ Bucket: bucket })).Contents ?? []) {
      const res = await s3.getObject({ Bucket: bucket, Key: o.Key ?? '' });
      out[o.Key ?? ''] = (await res.Body?.transformToString()) ?? '';
    }
    return out;
  }

  it('v2 fails at ECS after moving the service: the site, the service and the Lambda alias are back as v1 had them, and notify says what moved back', async () => {
    const { dir, bucket } = await site();
    const storeBucket = uniqueName('store').toLowerCase();
    await s3.createBucket({ Bucket: storeBucket });
    const store = `s3://${storeBucket}/shop`;
    const svc = await service();
    const fn = uniqueName('fn');
    const code = join(work, uniqueName('fn-src'));
    mkdirSync(code);
    writeFileSync(join(code, 'index.js'), 'exports.handler = async () => "v1";');
    const release = (id: string, more: Record<string, string>, env: Record<string, string> = {}) =>
      runAction(
        './',
        {
          'endpoint-url': moto.url,
          's3-bucket': bucket,
          's3-source': dir,
          'release-store': store,
          'release-id': id,
          'task-definition': svc.file,
          'ecs-cluster': svc.cluster,
          'ecs-service': svc.services[0] ?? '',
          'ecs-image': `registry.example.com/app:${id}`,
          'ecs-container-name': 'app',
          'lambda-function-name': fn,
          'lambda-source-dir': code,
          'lambda-role': role,
          'lambda-runtime': 'nodejs20.x',
          'lambda-handler': 'index.handler',
          'lambda-alias': 'live',
          ...more,
        },
        { env },
      );
    const running = () => runningTaskDefinition(ecsAt(moto.url), svc.cluster, svc.services[0] ?? '');
    const versions = async () =>
      ((await lambda.listVersionsByFunction({ FunctionName: fn })).Versions ?? []).map((v) => v.Version).sort();
    const live = async () => (await lambda.getAlias({ FunctionName: fn, Name: 'live' })).FunctionVersion;

    const v1 = await release('v1', {});
    expect(outcomes(v1)).toMatchObject({ s3: 'success', 'ecs-deploy': 'success', lambda: 'success' });
    const atV1 = {
      site: await bucketState(bucket),
      taskDefinition: await running(),
      alias: await live(),
      versions: await versions(),
    };
    expect(atV1.taskDefinition).not.toBe(svc.firstArn);
    expect(atV1.alias).toBe(v1.outputs['lambda-version']);

    // v2: a changed page, a new asset, new code, and an ECS step that fails after it moved the service
    // (its health check finds nothing listening).
    writeFileSync(join(dir, 'index.html'), '<h1>shop v2</h1>');
    writeFileSync(join(dir, 'assets', 'new.js'), 'v2()');
    writeFileSync(join(code, 'index.js'), 'exports.handler = async () => "v2";');
    const unhealthy = `http://127.0.0.1:${await freePort()}/health`;
    const hook = receiver.discordWebhook();
    // The root action has no input for it: a job env variable, as for the poll interval, keeps the check short.
    const v2 = await release(
      'v2',
      { 'rollback-on-failure': 'true', 'health-check-url': unhealthy, 'discord-webhook-url': hook },
      { INPUT_HEALTH_CHECK_TIMEOUT: '1' },
    );
    expect(outcomes(v2)).toMatchObject({
      s3: 'success',
      'ecs-render': 'success',
      'ecs-deploy': 'failure',
      lambda: 'skipped',
      rollback: 'success',
      notify: 'success',
    });
    expect(v2.step('ecs-deploy').log).toMatch(/health/i);
    expect(v2.outputs['rolled-back']).toBe('v2');
    expect(v2.step('rollback').outputs).toMatchObject({ services: '1', removed: '1' });
    // Every object of the site (listing and content), the service and the alias: exactly v1's.
    expect({
      site: await bucketState(bucket),
      taskDefinition: await running(),
      alias: await live(),
      versions: await versions(),
    }).toEqual(atV1);
    const details = v2.step('notify').env['INPUT_DETAILS'] ?? '';
    expect(details).toContain('Failed step=ecs-deploy');
    // What moved back, target by target: the site with its counts, the service on v1's revision.
    expect(details).toContain(
      `Rolled back=v2 (to v1): s3://${bucket}/ (${v2.step('rollback').outputs.restored} restored, 1 removed); `,
    );
    expect(details).toMatch(new RegExp(`; [\\w-]+/[\\w-]+ on ${(atV1.taskDefinition ?? '').split('/').pop()}`));
    expect(messageText(hook)).toContain('Rolled back');

    // Without the flag nothing moves back: the site and the service stay as v3 left them.
    writeFileSync(join(dir, 'index.html'), '<h1>shop v3</h1>');
    const v3 = await release('v3', { 'health-check-url': unhealthy }, { INPUT_HEALTH_CHECK_TIMEOUT: '1' });
    expect(outcomes(v3)).toMatchObject({
      s3: 'success',
      'ecs-deploy': 'failure',
      lambda: 'skipped',
      rollback: 'skipped',
    });
    const after = await s3.getObject({ Bucket: bucket, Key: 'index.html' });
    expect(await after.Body?.transformToString()).toBe('<h1>shop v3</h1>');
    expect(await running()).not.toBe(atV1.taskDefinition);
  });
});

describe('sub-actions, run as the GitHub runner runs a node action', () => {
  it('every sub-action starts from its action.yml with its defaults and fails cleanly without its required inputs', async () => {
    for (const def of commands) {
      const required = Object.entries(def.inputs).filter(([, s]) => s.required);
      if (required.length === 0) continue;
      const run = await runAction(`./${def.name}`, {});
      expect([def.name, run.outcome]).toEqual([def.name, 'failure']);
      // The line of exit code 2: bad input, named, before anything was changed.
      expect(run.log).toMatch(/^::error::input "[\w-]+": .*usage: aws-release-kit /m);
    }
  });

  it('s3-sync: outputs as the runner sees them', async () => {
    const { dir, bucket } = await site();
    const run = await runAction('./s3-sync', { source: dir, bucket, 'endpoint-url': moto.url });
    expect(run.outcome).toBe('success');
    expect(run.outputs).toMatchObject({ uploaded: '2', deleted: '0' });
  });

  it('notify: a with: key it does not declare is warned about, with the closest name, and the message still goes', async () => {
    const hook = receiver.discordWebhook();
    const run = await runAction('./notify', {
      'discord-webhook-url': hook,
      'release-notes': 'Hi.',
      'relese-notes-file': 'NOTES.md',
    });
    expect(run.outcome).toBe('success');
    expect(run.log).toMatch(
      /^::warning::notify has no input "relese-notes-file" \(from INPUT_RELESE-NOTES-FILE\); it is ignored; did you mean "release-notes-file"\?$/m,
    );
    expect(run.outputs['discord-messages']).toBe('1');
  });
});
