#!/usr/bin/env node
// npm run demo: the whole release of examples/ against local stand-ins for AWS, run exactly as CodeBuild
// would run it: examples/buildspec.yml through runBuildspec() (scripts/buildspec-run.mjs: phases in order,
// on-failure, finally, CODEBUILD_BUILD_SUCCEEDING, Parameter Store values masked in the log).
// It starts moto (AWS APIs), docker-registry and a webhook receiver, creates the bucket, the ECS cluster
// and service and the Lambda function there, runs the buildspec on a copy of examples/ (s3-sync, ecr-push,
// ecs-render, ecs-deploy, lambda-deploy, notify), prints each command's log and outputs, the Discord and
// JANDI payloads the receiver got and a summary, and then removes everything it made: servers, temporary
// directories, the image storage. Also when it fails or is interrupted (Ctrl-C).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ECS } from '@aws-sdk/client-ecs';
import { Lambda } from '@aws-sdk/client-lambda';
import { S3 } from '@aws-sdk/client-s3';
import { startMoto, startRegistry } from '../test/helpers/servers.js';
import { runBuildspec } from './buildspec-run.mjs';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const examples = join(root, 'examples');
const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const section = (title) => console.log(`\n${bold(`== ${title} ==`)}`);
const have = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;

const BUCKET = 'www.acme-notes.example';
const REPOSITORY = 'acme/notes-web';
const FUNCTION = 'acme-notes-api';
const credentials = {
  AWS_ACCESS_KEY_ID: 'demo',
  AWS_SECRET_ACCESS_KEY: 'demo',
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};
Object.assign(process.env, credentials);

// ---------------------------------------------------------------------------------------------------
// Cleaning up: everything the demo makes registers its removal here, undone last-in first-out, once,
// on every way out (done, failed, Ctrl-C, SIGTERM, an uncaught error).
const work = mkdtempSync(join(tmpdir(), 'arkit-demo-'));
/** @type {Array<{ what: string, undo: () => unknown }>} */
const cleanups = [];
/** Removals registered after the clean-up began (a server that finished starting late): run at once. */
const late = [];
const controller = new AbortController();
/** @type {Promise<unknown> | undefined} */
let running;
/** @type {Promise<void> | undefined} */
let cleaning;
let interrupted = false;

/** Resolves with the promise, or after ms whatever happens to it. */
const settleWithin = (promise, ms) =>
  Promise.race([Promise.resolve(promise).catch(() => {}), new Promise((r) => setTimeout(r, ms).unref())]);

async function undoOne({ what, undo }) {
  try {
    await settleWithin(undo(), 10000);
  } catch (err) {
    console.error(`could not remove ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function addCleanup(what, undo) {
  if (cleaning) late.push(undoOne({ what, undo }));
  else cleanups.push({ what, undo });
}
addCleanup(`temporary directory ${work}`, () => rmSync(work, { recursive: true, force: true }));

function cleanUp() {
  cleaning ??= (async () => {
    // A build still running (interrupted) is stopped first: its commands, then its own temporary files.
    controller.abort();
    if (running) await settleWithin(running, 15000);
    for (const c of cleanups.reverse()) await undoOne(c);
  })();
  return cleaning;
}

/** Stops the release when it was interrupted (between two steps of the set-up). */
function checkpoint() {
  if (interrupted) throw new Error('interrupted');
}

/** @type {Promise<unknown> | undefined} */
let mainDone;
async function exit(code) {
  await cleanUp();
  // An interrupted set-up step may still finish (a server that was starting): its removal runs late.
  if (mainDone) await settleWithin(mainDone, 40000);
  await settleWithin(Promise.all(late), 15000);
  if (existsSync(work)) console.error(`left behind: ${work}`);
  process.exit(interrupted ? 130 : code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (interrupted) return; // already on its way out
    interrupted = true;
    console.error(`\n${signal}: stopping the release and cleaning up`);
    void exit(130);
  });
}
process.on('uncaughtException', (err) => {
  console.error(`\ndemo failed: ${err.message}`);
  void exit(1);
});

/** A server from test/helpers/servers.js, stopped at the end (killed when it does not stop in time). */
function registerServer(name, server) {
  addCleanup(name, async () => {
    let stopped = false;
    await settleWithin(
      server.stop().then(() => (stopped = true)),
      5000,
    );
    if (stopped) return;
    // Still our child (not reaped yet, so the pid is not anyone else's): kill it.
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await settleWithin(server.stop(), 2000);
  });
}

// ---------------------------------------------------------------------------------------------------

/** A stand-in for Discord and JANDI webhooks that keeps every payload it is sent. */
async function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const kind = url.pathname.startsWith('/api/webhooks/') ? 'discord' : 'jandi';
      let payload;
      try {
        payload = JSON.parse(body || '{}');
      } catch {
        payload = body;
      }
      received.push({ kind, path: url.pathname, payload });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(kind === 'discord' ? JSON.stringify({ id: String(received.length), channel_id: '1' }) : '{}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  addCleanup('the webhook receiver', () => new Promise((r) => server.close(() => r(undefined))));
  return { url: `http://127.0.0.1:${server.address().port}`, received };
}

/** Whether `<cli> version` answers (for docker: whether its daemon does), within 15 seconds. */
function answers(cli) {
  if (!have(cli)) return { ok: false, why: `${cli} is not installed` };
  const r = spawnSync(cli, ['version'], { stdio: 'ignore', timeout: 15000 });
  if (r.status === 0) return { ok: true };
  return {
    ok: false,
    why:
      cli === 'docker'
        ? 'docker is installed but `docker version` gets no answer from a daemon'
        : `\`${cli} version\` fails`,
  };
}

/** What the image step can use, and if it cannot run, exactly what is missing. */
function imageTools() {
  const tried = ['docker', 'podman', 'buildah'].map((cli) => ({ cli, ...answers(cli) }));
  const cli = tried.find((t) => t.ok)?.cli;
  const missing = [];
  const short = [];
  if (!cli) {
    missing.push(`no container CLI (${tried.map((t) => t.why).join('; ')})`);
    short.push('no container CLI');
  }
  if (!have('docker-registry')) {
    missing.push('docker-registry is not installed');
    short.push('no docker-registry');
  }
  return { cli, missing, short: short.join(', ') };
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

/** One line of the build log, made easy to follow: phases as headings, commands, outputs. */
function printBuildLine(line) {
  let m;
  if ((m = /^\[Container\] Entering phase (\S+)/.exec(line))) console.log(`\n${bold(`-- ${m[1]} --`)}`);
  else if ((m = /^\[Container\] Running command (.*)$/.exec(line))) console.log(bold(`$ ${m[1]}`));
  else if (line.startsWith('[Container]   ')) console.log(bold(`  ${line.slice('[Container]   '.length)}`));
  else if (line.startsWith('[Container] ')) console.log(dim(line));
  else if (/^\{.*\}$/.test(line)) console.log(`outputs: ${line}`);
  else console.log(`  ${line}`);
}

/** A command's outputs, from the JSON line the buildspec kept in .release/ (undefined when it did not run). */
function outputs(src, command) {
  const file = join(src, '.release', `${command}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop() ?? '');
  } catch {
    return undefined;
  }
}

async function main() {
  if (!have('moto_server')) {
    throw new Error("moto_server is required for the demo: pip install 'moto[server]'");
  }
  const tools = imageTools();
  const canPush = tools.missing.length === 0;

  section('Local stand-ins');
  // MOTO_ECS_SERVICE_RUNNING: moto's ECS services report this many tasks running (the service's desired
  // count below), as a healthy service would.
  const moto = await startMoto({ MOTO_ECS_SERVICE_RUNNING: '2' });
  registerServer('moto_server', moto);
  checkpoint();
  console.log(`moto (AWS APIs)        ${moto.url}`);
  let registry;
  if (canPush) {
    registry = await startRegistry();
    registerServer('docker-registry', registry);
    checkpoint();
    console.log(`docker-registry        ${registry.url}`);
  }
  const receiver = await startReceiver();
  checkpoint();
  console.log(`Discord/JANDI receiver ${receiver.url}`);
  if (canPush) {
    console.log(`container CLI          ${tools.cli}`);
  } else {
    console.log(
      `image step             skipped: ${tools.missing.join(', and ')}.\n` +
        '                       ecr-push does not run (BUILD_IMAGE=false); ecs-render and ecs-deploy use the image\n' +
        '                       task-definition.json names. Install buildah (or podman, or docker with a running\n' +
        '                       daemon) and docker-registry to include it.',
    );
  }

  section('Resources the release deploys to');
  const s3 = new S3({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true });
  await s3.createBucket({ Bucket: BUCKET });
  console.log(`bucket ${BUCKET}`);
  checkpoint();
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
  checkpoint();
  const lambda = new Lambda({ region: 'us-east-1', endpoint: moto.url });
  const role = await createRole(moto.url);
  await lambda.createFunction({
    FunctionName: FUNCTION,
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: role,
    Code: { ZipFile: Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64') },
    Environment: { Variables: { STAGE: 'prd', LOG_LEVEL: 'info' } },
  });
  console.log(`Lambda function ${FUNCTION} (nodejs20.x)`);
  checkpoint();

  // The source CodeBuild would check out: examples/ as a project's root (its buildspec.yml included).
  const src = join(work, 'src');
  cpSync(examples, src, { recursive: true, filter: (p) => !relative(examples, p).startsWith('workflows') });
  // buildah and podman run here without a daemon, in image storage of their own, removed at the end.
  const storage = { conf: join(work, 'storage.conf'), graph: join(work, 'graph'), run: join(work, 'run') };
  writeFileSync(
    storage.conf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${storage.graph}"\nrunroot = "${storage.run}"\n`,
  );
  const storageEnv = { STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot', CONTAINERS_STORAGE_CONF: storage.conf };
  if (tools.cli === 'buildah' || tools.cli === 'podman') {
    // Rootless, the storage holds files of subordinate ids that only the CLI's user namespace may remove.
    addCleanup(`the ${tools.cli} image storage`, () => {
      if (process.getuid?.() !== 0 && existsSync(storage.graph)) {
        spawnSync(tools.cli ?? 'buildah', ['unshare', 'rm', '-rf', storage.graph, storage.run], {
          env: { ...process.env, ...storageEnv },
          stdio: 'ignore',
          timeout: 60000,
        });
      }
    });
  } else if (tools.cli === 'docker' && registry) {
    // docker keeps the image it built in its daemon: remove the demo's tags from there.
    const reference = `${registry.host}/${REPOSITORY}`;
    addCleanup(`the docker images ${reference}`, () => {
      const list = spawnSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', reference], {
        encoding: 'utf8',
        timeout: 15000,
      });
      const refs = (list.stdout ?? '').split('\n').filter((l) => l.trim() && !l.endsWith(':<none>'));
      if (refs.length) spawnSync('docker', ['image', 'rm', '--force', ...refs], { stdio: 'ignore', timeout: 30000 });
    });
  }

  section('The release: examples/buildspec.yml, run as CodeBuild runs it');
  const sha = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout?.trim() || 'f'.repeat(40);
  const webhooks = {
    '/acme-notes/prd/discord-webhook': `${receiver.url}/api/webhooks/1234567890/demo-discord-token`,
    '/acme-notes/prd/jandi-webhook': `${receiver.url}/connect-api/webhook/1/demo-jandi-token`,
  };
  console.log(
    dim(
      `project variables: ENDPOINT_URL=${moto.url} BUILD_IMAGE=${canPush} ECS_POLL_INTERVAL=1` +
        (registry ? ` REGISTRY=${registry.host} CONTAINER_CLI=${tools.cli}` : '') +
        '\nParameter Store: the webhook URLs of the local receiver (masked as *** in the log)',
    ),
  );
  running = runBuildspec({
    file: join(src, 'buildspec.yml'),
    cwd: src,
    // What the CodeBuild project and a build started by pushing the tag v2.4.0 would set.
    env: {
      ...credentials,
      ...storageEnv,
      ARKIT: root,
      ENDPOINT_URL: moto.url,
      BUILD_IMAGE: String(canPush),
      REGISTRY: registry?.host ?? '',
      CONTAINER_CLI: tools.cli ?? '',
      ECS_POLL_INTERVAL: '1',
      CODEBUILD_BUILD_ID: 'acme-notes-release:5f1c0e2a-demo',
      CODEBUILD_BUILD_ARN: 'arn:aws:codebuild:us-east-1:123456789012:build/acme-notes-release:5f1c0e2a-demo',
      CODEBUILD_BUILD_NUMBER: '42',
      CODEBUILD_RESOLVED_SOURCE_VERSION: sha,
      CODEBUILD_SOURCE_VERSION: sha,
      CODEBUILD_WEBHOOK_TRIGGER: 'tag/v2.4.0',
      CODEBUILD_SOURCE_REPO_URL: 'https://github.com/acme/notes.git',
      CODEBUILD_INITIATOR: 'GitHub-Hookshot/demo',
    },
    parameters: webhooks,
    log: printBuildLine,
    signal: controller.signal,
  });
  const result = await running;
  running = undefined;
  if (interrupted) return;

  section('What the receiver got');
  if (receiver.received.length === 0) console.log('nothing');
  for (const r of receiver.received) {
    // The last part of a webhook's path is its token: a secret even here.
    console.log(`\n--- ${r.kind} POST ${r.path.replace(/[^/]+$/, '***')}`);
    console.log(typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload, null, 2));
  }

  section('The release record (node dist/cli/index.js releases)');
  // Every step recorded what it changed in the default store, so that `rollback` can undo this release.
  const listed = spawnSync(
    process.execPath,
    [join(root, 'dist', 'cli', 'index.js'), 'releases', '--endpoint-url', moto.url],
    {
      env: { ...process.env, ...credentials },
      encoding: 'utf8',
      timeout: 60000,
    },
  );
  for (const line of (listed.stderr ?? '').split('\n')) if (line.startsWith('|')) console.log(line);
  if (listed.status !== 0) console.log(`releases failed (exit ${listed.status}): ${listed.stderr}`);

  section('Exported variables (what CodePipeline would read)');
  for (const [name, value] of Object.entries(result.exported)) console.log(`${name.padEnd(20)} ${value || '(empty)'}`);

  const site = outputs(src, 's3-sync');
  const image = outputs(src, 'ecr-push');
  const deploy = outputs(src, 'ecs-deploy');
  const fn = outputs(src, 'lambda-deploy');
  const notify = outputs(src, 'notify');
  const na = 'did not run';
  section('Summary');
  const phases = result.ok
    ? result.phases.map((p) => p.name).join(', ')
    : result.phases.map((p) => `${p.name} ${p.status.toLowerCase()}`).join(', ');
  console.log(`build      ${result.ok ? 'SUCCEEDED' : 'FAILED'} (${phases})`);
  console.log(`site       ${site ? `${site.uploaded} uploaded, ${site.unchanged} unchanged -> s3://${BUCKET}/` : na}`);
  console.log(
    `image      ${canPush ? (image?.['image-uri'] ?? na) : `skipped (${tools.short}); the service keeps ${td.containerDefinitions[0].image}`}`,
  );
  console.log(`ecs        ${deploy ? `${deploy['task-definition-arn']} on prd/web` : na}`);
  console.log(`lambda     ${fn ? `${FUNCTION} version ${fn.version}, alias live` : na}`);
  console.log(
    `notify     ${notify ? `${notify['discord-messages']} Discord and ${notify['jandi-messages']} JANDI message(s)` : na}`,
  );
  if (!result.ok)
    throw new Error(`the release build failed${result.error ? ` (${result.error})` : ''}: see its log above`);
}

let code = 0;
mainDone = main();
try {
  await mainDone;
} catch (err) {
  code = 1;
  if (!interrupted) console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
}
await exit(code);
