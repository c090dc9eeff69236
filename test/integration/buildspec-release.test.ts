/**
 * examples/buildspec.yml (the demo's whole release) with its release store and ROLLBACK_ON_FAILURE, run
 * as CodeBuild runs it (scripts/buildspec-run.mjs) against a moto of its own whose ECS services report
 * their tasks running: v1 releases the site, the service and the Lambda alias and records them in the
 * default store; v2 fails at ecs-deploy after changing the site, and post_build undoes it: the site is
 * v1's again, the service and the alias too, and the notification says what moved back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ECS } from '@aws-sdk/client-ecs';
import { Lambda } from '@aws-sdk/client-lambda';
import { S3 } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuildspec } from '../../scripts/buildspec-run.mjs';
import { createRole } from '../fixtures/lambda/aws.js';
import { startMoto } from '../helpers/servers.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARKIT = process.env['ARKIT_HOME'] ?? repoRoot;
const BUCKET = 'www.acme-notes.example';
const FUNCTION = 'acme-notes-api';

let moto: { url: string; stop(): Promise<void> };
let receiver: WebhookReceiver;
let s3: S3;
let ecs: ECS;
let lambda: Lambda;
const dirs: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(ARKIT, 'dist', 'cli', 'index.js'))) {
    throw new Error(`${ARKIT}/dist/cli/index.js is missing: run npm run build (or point ARKIT_HOME at a built copy)`);
  }
  moto = await startMoto({ MOTO_ECS_SERVICE_RUNNING: '1' });
  receiver = await WebhookReceiver.start();
  s3 = new S3({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true });
  ecs = new ECS({ region: 'us-east-1', endpoint: moto.url });
  lambda = new Lambda({ region: 'us-east-1', endpoint: moto.url });
  await s3.createBucket({ Bucket: BUCKET });
  await ecs.createCluster({ clusterName: 'prd' });
  const td = JSON.parse(readFileSync(join(repoRoot, 'examples', 'task-definition.json'), 'utf8'));
  const first = await ecs.registerTaskDefinition(td);
  await ecs.createService({
    cluster: 'prd',
    serviceName: 'web',
    taskDefinition: first.taskDefinition?.taskDefinitionArn,
    desiredCount: 1,
    launchType: 'FARGATE',
  });
  await lambda.createFunction({
    FunctionName: FUNCTION,
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: await createRole(moto.url, 'buildspec-release'),
    Code: { ZipFile: Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64') },
  });
});

afterAll(async () => {
  await receiver?.close();
  await moto?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A checkout of examples/ as the project's source, with its site's index page saying `page`. */
function checkout(page: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'arkit-bs-release-'));
  dirs.push(dir);
  cpSync(join(repoRoot, 'examples'), dir, { recursive: true });
  writeFileSync(join(dir, 'site', 'index.html'), page);
  return dir;
}

async function site(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const o of (await s3.listObjectsV2({ Bucket: BUCKET })).Contents ?? []) {
    const key = o.Key ?? '';
    if (key.startsWith('.aws-release-kit/')) continue;
    out[key] = (await (await s3.getObject({ Bucket: BUCKET, Key: key })).Body?.transformToString()) ?? '';
  }
  return out;
}

const state = async () => ({
  site: await site(),
  taskDefinition: (await ecs.describeServices({ cluster: 'prd', services: ['web'] })).services?.[0]?.taskDefinition,
  alias: (await lambda.getAlias({ FunctionName: FUNCTION, Name: 'live' })).FunctionVersion,
});

/** The demo's buildspec for a build started by pushing `tag`, with the project variables `env`. */
async function release(tag: string, page: string, env: Record<string, string> = {}) {
  const discord = receiver.discordWebhook();
  const src = checkout(page);
  const lines: string[] = [];
  const result = await runBuildspec({
    file: join(src, 'buildspec.yml'),
    cwd: src,
    env: {
      ARKIT,
      ENDPOINT_URL: moto.url,
      BUILD_IMAGE: 'false',
      ECS_POLL_INTERVAL: '0.05',
      CODEBUILD_RESOLVED_SOURCE_VERSION: randomBytes(20).toString('hex'),
      CODEBUILD_WEBHOOK_TRIGGER: `tag/${tag}`,
      CODEBUILD_SOURCE_REPO_URL: 'https://github.com/acme/notes.git',
      ...env,
    },
    parameters: {
      '/acme-notes/prd/discord-webhook': discord,
      '/acme-notes/prd/jandi-webhook': receiver.jandiWebhook(),
    },
    log: (l) => lines.push(l),
  });
  const id = /webhooks\/(\d+)\//.exec(discord)?.[1];
  const sent = JSON.stringify(receiver.discord.filter((d) => d.webhookId === id).map((d) => d.body));
  return { result, log: lines.join('\n'), sent, src };
}

describe('examples/buildspec.yml: releases recorded, a failed one undone in post_build', () => {
  it('v2 fails at ecs-deploy after changing the site: post_build rolls it back and the notification says what moved back', async () => {
    const v1 = await release('v1.0.0', '<h1>notes v1</h1>');
    expect([v1.result.ok, v1.log]).toEqual([true, expect.any(String)]);
    const atV1 = await state();
    expect(atV1.site['index.html']).toBe('<h1>notes v1</h1>');
    expect(v1.log).toContain('release-store default: creating s3://aws-release-kit-');
    expect(existsSync(join(v1.src, '.release', 'rollback.json'))).toBe(false);

    // A service that does not exist: ecs-deploy fails once the site has already changed.
    const v2 = await release('v2.0.0', '<h1>notes v2</h1>', { ECS_SERVICE: 'no-such-service' });
    expect(v2.result.ok).toBe(false);
    expect(v2.result.phases.find((p) => p.name === 'build')?.status).toBe('FAILED');
    const undone = JSON.parse(readFileSync(join(v2.src, '.release', 'rollback.json'), 'utf8'));
    expect(undone).toMatchObject({ 'rolled-back': 'v2.0.0', to: 'v1.0.0', removed: 0 });
    expect(await state()).toEqual(atV1);
    expect(v2.sent).toContain('Rolled back');
    expect(v2.sent).toContain(`v2.0.0 (to v1.0.0): s3://${BUCKET}/ (`);
    expect(v2.result.phases.find((p) => p.name === 'post_build')?.status).toBe('SUCCEEDED');

    // Without ROLLBACK_ON_FAILURE the failed release stays as it left things.
    const v3 = await release('v3.0.0', '<h1>notes v3</h1>', {
      ECS_SERVICE: 'no-such-service',
      ROLLBACK_ON_FAILURE: 'false',
    });
    expect(v3.result.ok).toBe(false);
    expect((await state()).site['index.html']).toBe('<h1>notes v3</h1>');
    expect(existsSync(join(v3.src, '.release', 'rollback.json'))).toBe(false);
    expect(v3.sent).not.toContain('Rolled back');
  });
});
