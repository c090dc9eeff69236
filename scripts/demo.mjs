#!/usr/bin/env node
// npm run demo: the whole release of examples/ against local stand-ins for AWS, the way a CodeBuild
// buildspec runs it: `node dist/cli/index.js <command> --input value`, outputs read from the JSON line.
// It starts moto (AWS APIs) and docker-registry, creates the bucket, ECS cluster and service and the
// Lambda function there, runs s3-sync, ecr-push, ecs-render, ecs-deploy, lambda-deploy and notify, prints
// what happened and the Discord and JANDI payloads a local receiver got, then cleans everything up.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ECS } from '@aws-sdk/client-ecs';
import { Lambda } from '@aws-sdk/client-lambda';
import { S3 } from '@aws-sdk/client-s3';
import { startMoto, startRegistry } from '../test/helpers/servers.js';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const examples = join(root, 'examples');
const cli = join(root, 'dist', 'cli', 'index.js');
const work = mkdtempSync(join(tmpdir(), 'arkit-demo-'));
const cleanups = [() => rmSync(work, { recursive: true, force: true })];
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const section = (title) => console.log(`\n${bold(`== ${title} ==`)}`);
const have = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;

const credentials = {
  AWS_ACCESS_KEY_ID: 'demo',
  AWS_SECRET_ACCESS_KEY: 'demo',
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};
Object.assign(process.env, credentials);

/** A stand-in for Discord and JANDI webhooks that keeps every payload it is sent. */
async function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const kind = url.pathname.startsWith('/api/webhooks/') ? 'discord' : 'jandi';
      received.push({ kind, path: url.pathname, payload: JSON.parse(body || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(kind === 'discord' ? JSON.stringify({ id: String(received.length), channel_id: '1' }) : '{}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${server.address().port}`, received };
}

/** Runs one CLI command like a buildspec line: logs stream to stderr, the outputs JSON is returned. */
function release(command, args, env) {
  console.log(`\n$ node dist/cli/index.js ${command} ${args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, command, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${command} exited ${code}`));
      const outputs = JSON.parse(out.trim().split('\n').pop() ?? '{}');
      console.log(`outputs: ${JSON.stringify(outputs)}`);
      resolvePromise(outputs);
    });
  });
}

async function createRole(endpoint) {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: 'demo-lambda',
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=demo/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x',
    },
    body,
  });
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(await res.text())?.[1];
  if (!arn) throw new Error('could not create the demo IAM role in moto');
  return arn;
}

async function main() {
  if (!have('moto_server')) {
    throw new Error("moto_server is required for the demo: pip install 'moto[server]'");
  }
  const containerCli = ['buildah', 'podman'].find(have);
  const canPush = !!containerCli && have('docker-registry');

  section('Local stand-ins');
  // MOTO_ECS_SERVICE_RUNNING: moto's ECS services report this many tasks running (the service's desired
  // count below), as a healthy service would.
  const moto = await startMoto({ MOTO_ECS_SERVICE_RUNNING: '2' });
  cleanups.push(() => moto.stop());
  console.log(`moto (AWS APIs)        ${moto.url}`);
  let registry;
  if (canPush) {
    registry = await startRegistry();
    cleanups.push(() => registry.stop());
    console.log(`docker-registry        ${registry.url}`);
  }
  const receiver = await startReceiver();
  console.log(`Discord/JANDI receiver ${receiver.url}`);

  section('Resources the release deploys to');
  const s3 = new S3({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true });
  await s3.createBucket({ Bucket: 'www.acme-notes.example' });
  console.log('bucket www.acme-notes.example');
  const ecs = new ECS({ region: 'us-east-1', endpoint: moto.url });
  await ecs.createCluster({ clusterName: 'prd' });
  const td = JSON.parse(readFileSync(join(examples, 'task-definition.json'), 'utf8'));
  const first = await ecs.registerTaskDefinition(td);
  await ecs.createService({
    cluster: 'prd',
    serviceName: 'web',
    taskDefinition: first.taskDefinition?.taskDefinitionArn,
    desiredCount: 2,
    launchType: 'FARGATE',
  });
  console.log(`ECS cluster prd, service web on ${first.taskDefinition?.family}:${first.taskDefinition?.revision}`);
  const lambda = new Lambda({ region: 'us-east-1', endpoint: moto.url });
  const role = await createRole(moto.url);
  await lambda.createFunction({
    FunctionName: 'acme-notes-api',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: role,
    Code: { ZipFile: Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64') },
    Environment: { Variables: { STAGE: 'prd', LOG_LEVEL: 'info' } },
  });
  console.log('Lambda function acme-notes-api (nodejs20.x)');

  // What CodeBuild would set for a build started by pushing the tag v2.4.0.
  const sha = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || 'f'.repeat(40);
  const env = {
    CODEBUILD_BUILD_ID: 'acme-notes-release:5f1c0e2a-demo',
    CODEBUILD_BUILD_ARN: 'arn:aws:codebuild:us-east-1:123456789012:build/acme-notes-release:5f1c0e2a-demo',
    CODEBUILD_RESOLVED_SOURCE_VERSION: sha,
    CODEBUILD_WEBHOOK_TRIGGER: 'tag/v2.4.0',
    CODEBUILD_SOURCE_REPO_URL: 'https://github.com/acme/notes.git',
    CODEBUILD_INITIATOR: 'GitHub-Hookshot/demo',
    CODEBUILD_BUILD_SUCCEEDING: '1',
    CODEBUILD_START_TIME: String(Date.now()),
    CODEBUILD_SRC_DIR: root,
    // buildah here runs without a daemon, in storage of its own that is removed afterwards.
    STORAGE_DRIVER: 'vfs',
    BUILDAH_ISOLATION: 'chroot',
    CONTAINERS_STORAGE_CONF: join(work, 'storage.conf'),
  };
  writeFileSync(
    env.CONTAINERS_STORAGE_CONF,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(work, 'graph')}"\nrunroot = "${join(work, 'run')}"\n`,
  );
  const aws = ['--endpoint-url', moto.url];
  const results = {};

  section('1. s3-sync: the static site');
  results.site = await release(
    's3-sync',
    [
      '--source',
      'examples/site',
      '--bucket',
      'www.acme-notes.example',
      '--delete',
      '--cache-control',
      '**/*.html=no-cache',
      '--cache-control',
      'assets/**=public, max-age=31536000, immutable',
      ...aws,
    ],
    env,
  );

  section('2. ecr-push: the container image');
  let image;
  if (canPush) {
    results.image = await release(
      'ecr-push',
      [
        '--repository',
        'acme/notes-web',
        '--tags',
        'v2.4.0',
        '--tags',
        'latest',
        '--context',
        'examples',
        '--registry',
        registry.host,
        '--container-cli',
        containerCli,
        ...aws,
      ],
      env,
    );
    image = results.image['image-uri'];
  } else {
    console.log(
      `skipped: ${containerCli ? 'docker-registry' : 'no container CLI (buildah or podman)'} is not installed here, so no image is built;` +
        ' the ECS steps use the image already in the task definition (apt-get install buildah docker-registry to include this step)',
    );
    image = td.containerDefinitions[0].image;
  }

  section('3. ecs-render: pin the task definition to the new image');
  const rendered = join(work, 'task-definition.rendered.json');
  results.render = await release(
    'ecs-render',
    [
      '--task-definition',
      'examples/task-definition.json',
      '--container-name',
      'web',
      '--image',
      image,
      '--environment-variables',
      'RELEASE=v2.4.0',
      '--output-file',
      rendered,
      '--imagedefinitions-file',
      join(work, 'imagedefinitions.json'),
    ],
    env,
  );
  console.log(`imagedefinitions.json: ${readFileSync(join(work, 'imagedefinitions.json'), 'utf8').trim()}`);

  section('4. ecs-deploy: register, update the service, wait until it is stable');
  results.deploy = await release(
    'ecs-deploy',
    ['--task-definition', rendered, '--cluster', 'prd', '--service', 'web', '--poll-interval', '1', ...aws],
    env,
  );

  section('5. lambda-deploy: code and configuration, a new version, the live alias');
  results.lambda = await release(
    'lambda-deploy',
    [
      '--function-name',
      'acme-notes-api',
      '--source-dir',
      'examples/lambda',
      '--environment',
      'RELEASE=v2.4.0',
      '--alias',
      'live',
      ...aws,
    ],
    env,
  );

  section('6. notify: release notes and the result to Discord and JANDI');
  results.notify = await release(
    'notify',
    [
      '--discord-webhook-url',
      `${receiver.url}/api/webhooks/1234567890/demo-discord-token`,
      '--jandi-webhook-url',
      `${receiver.url}/connect-api/webhook/1/demo-jandi-token`,
      '--release-notes-file',
      'examples/release-notes.md',
      '--details',
      `Site=${results.site.uploaded} uploaded, ${results.site.deleted} deleted`,
      '--details',
      `Image=${image}`,
      '--details',
      `Task definition=${results.deploy['task-definition-arn']}`,
      '--details',
      `Lambda=acme-notes-api v${results.lambda.version}`,
    ],
    env,
  );

  section('What the receiver got');
  for (const r of receiver.received) {
    console.log(`\n--- ${r.kind} POST ${r.path.replace(/[^/]+$/, '***')}`);
    console.log(JSON.stringify(r.payload, null, 2));
  }

  section('Summary');
  console.log(
    `site       ${results.site.uploaded} uploaded, ${results.site.unchanged} unchanged -> s3://www.acme-notes.example/`,
  );
  console.log(`image      ${canPush ? image : `skipped (no container CLI); using ${image}`}`);
  console.log(`ecs        ${results.deploy['task-definition-arn']} on prd/web`);
  console.log(`lambda     acme-notes-api version ${results.lambda.version}, alias live`);
  console.log(
    `notify     ${results.notify['discord-messages']} Discord and ${results.notify['jandi-messages']} JANDI message(s)`,
  );
}

let failed = false;
// Interrupted: stop the servers and remove the temporary files all the same.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    for (const c of cleanups.reverse()) await c();
    process.exit(130);
  });
}
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  for (const c of cleanups.reverse()) await c();
}
process.exit(failed ? 1 : 0);
