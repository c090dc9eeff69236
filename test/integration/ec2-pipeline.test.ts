/*
 * buildspec/ec2-codedeploy.yml run the way CodeBuild runs it (scripts/buildspec-run.mjs) on a copy of
 * examples/ec2 as the source: the JAR (built with javac + jar when a JDK is at hand: the Gradle/Maven
 * step needs a network this test does not have; a JAR-less stand-in otherwise), the bundle CodeDeploy
 * needs as the artifact, then either nothing more (CodePipeline's CodeDeploy stage takes the artifact)
 * or codedeploy-deploy from the build against moto through the CodeDeploy proxy; notify announces it.
 * With a JDK, the artifact's hooks then run as the CodeDeploy agent would, on the real server.
 *
 * The CLI comes from $ARKIT_HOME/dist/cli/index.js (default: this repository's dist/, rebuilt with
 * `npm run build`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { S3 } from '@aws-sdk/client-s3';
import { CodeDeploy } from '@aws-sdk/client-codedeploy';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuildspec } from '../../scripts/buildspec-run.mjs';
import { checkAppSpec } from '../../src/codedeploy/appspec.js';
import { filesAt } from '../../src/codedeploy/revision.js';
import { LocalAgent } from '../helpers/codedeploy-agent.js';
import { scenario, startCodeDeployProxy, type CodeDeployProxy } from '../helpers/codedeploy-proxy.js';
import { motoUrl, uniqueName } from '../helpers/env.js';
import { freePort } from '../helpers/servers.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARKIT = process.env['ARKIT_HOME'] ?? repoRoot;
const dirs: string[] = [];
const pidfiles: string[] = [];
let proxy: CodeDeployProxy;
let hooks: Server;
let hooksUrl = '';
const posts: Array<{ path: string; body: unknown }> = [];

const hasJdk = (() => {
  try {
    execFileSync('javac', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Gradle and Maven need their repositories; javac + jar build the same runnable JAR offline. */
const BUILD_COMMAND = hasJdk
  ? 'mkdir -p build/libs && javac -d build/classes src/main/java/com/example/Server.java && jar --create --file build/libs/app.jar --main-class com.example.Server -C build/classes .'
  : "mkdir -p build/libs && printf 'a JAR-less build' > build/libs/app.jar";

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  if (!existsSync(join(ARKIT, 'dist', 'cli', 'index.js'))) {
    throw new Error(`${ARKIT}/dist/cli/index.js is missing: run npm run build (or point ARKIT_HOME at a built copy)`);
  }
  proxy = await startCodeDeployProxy(motoUrl());
  hooks = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      posts.push({ path: (req.url ?? '').split('?')[0] ?? '', body: JSON.parse(text || 'null') });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: String(posts.length) }));
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/api/webhooks/1002/prd-token`;
});

afterAll(async () => {
  for (const file of pidfiles) {
    if (!existsSync(file)) continue;
    try {
      process.kill(Number(readFileSync(file, 'utf8').trim()), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await proxy?.close();
  await new Promise<void>((resolve) => hooks.close(() => resolve()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh checkout of the application repository: examples/ec2. */
function checkout(options: { withDeployDir?: boolean } = {}): string {
  const dir = tempDir('arkit-ec2-src-');
  cpSync(join(repoRoot, 'examples', 'ec2'), dir, { recursive: true });
  if (options.withDeployDir === false) rmSync(join(dir, 'deploy'), { recursive: true });
  return dir;
}

async function build(src: string, env: Record<string, string>) {
  const lines: string[] = [];
  const sent = posts.length;
  const result = await runBuildspec({
    file: join(repoRoot, 'buildspec', 'ec2-codedeploy.yml'),
    cwd: src,
    env: {
      ARKIT,
      BUILD_COMMAND,
      CODEBUILD_RESOLVED_SOURCE_VERSION: randomBytes(20).toString('hex'),
      CODEBUILD_BUILD_ID: 'myapp-api:0c9b-42',
      CODEBUILD_BUILD_NUMBER: '42',
      ...env,
    },
    parameters: { '/myapp/prd/discord-webhook': hooksUrl },
    log: (l) => lines.push(l),
  });
  return { result, log: lines.join('\n'), sent: posts.slice(sent) };
}

const statuses = (r: { phases: Array<{ name: string; status: string }> }) =>
  Object.fromEntries(r.phases.map((p) => [p.name, p.status]));
const ALL_OK = {
  install: 'SUCCEEDED',
  pre_build: 'SUCCEEDED',
  build: 'SUCCEEDED',
  post_build: 'SUCCEEDED',
  upload_artifacts: 'SUCCEEDED',
};

describe('buildspec/ec2-codedeploy.yml', () => {
  it('builds the JAR and the CodeDeploy bundle as the artifact (the pipeline’s CodeDeploy stage deploys it), and announces it', async () => {
    const src = checkout();
    const { result, log, sent } = await build(src, {});
    expect(log).not.toContain('Command did not exit successfully');
    expect(statuses(result)).toEqual(ALL_OK);
    const version = result.exported['APP_VERSION'] as string;
    expect(version).toMatch(/^[0-9a-f]{7}$/);

    // The artifact is the bundle, appspec.yml at its root, as CodeDeploy requires.
    const names = result.artifacts.map((a: { name: string }) => a.name).sort();
    for (const name of [
      'appspec.yml',
      'app.jar',
      'REVISION',
      'scripts/app.env',
      'scripts/before_install.sh',
      'scripts/start_server.sh',
      'scripts/stop_server.sh',
      'scripts/validate_service.sh',
      'tools/aws-release-kit/cli/index.js',
    ]) {
      expect([name, names.includes(name)]).toEqual([name, true]);
    }
    const bundle = join(src, 'codedeploy-bundle');
    expect(readFileSync(join(bundle, 'REVISION'), 'utf8')).toMatch(
      new RegExp(`^version=${version}\\ncommit=${version}[0-9a-f]{33}\\nbuild=myapp-api:0c9b-42\\n$`),
    );
    // What the agent would check on the instance, checked here.
    expect(checkAppSpec(readFileSync(join(bundle, 'appspec.yml'), 'utf8'), filesAt(bundle)).problems).toEqual([]);
    if (hasJdk) {
      expect(
        execFileSync('jar', ['--describe-module', '--file', join(bundle, 'app.jar')], { encoding: 'utf8' }),
      ).toContain('main-class com.example.Server');
    }

    // The announcement says what was built and where it goes.
    expect(sent).toHaveLength(1);
    const text = JSON.stringify(sent[0]?.body);
    expect(text).toContain(`myapp-api ${version}: success`);
    expect(text).toContain("artifact for the pipeline's CodeDeploy stage");

    if (!hasJdk) return;
    // The artifact's hooks, on the real server, as the CodeDeploy agent runs them.
    const root = tempDir('arkit-ec2-instance-');
    const port = await freePort();
    const appDir = join(root, 'opt', 'app');
    pidfiles.push(join(appDir, 'run', 'app.pid'));
    const agent = new LocalAgent({
      root,
      deploymentRoot: join(root, 'deployment-root'),
      env: {
        APP_DIR: appDir,
        APP_USER: 'arkit-no-such-user',
        PORT: String(port),
        JAVA_OPTS: '-Xmx64m',
        HEALTH_TIMEOUT: '60',
      },
    });
    const deployed = await agent.deploy(bundle);
    expect(deployed.failed).toBeUndefined();
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.text()).toBe(`{"status":"UP","version":"${version}"}`);
  });

  it('uses the toolkit’s examples/ec2/deploy when the source has no deploy/appspec.yml', async () => {
    const src = checkout({ withDeployDir: false });
    const { result, log } = await build(src, { INPUT_DISCORD_WEBHOOK_URL: '' });
    expect(statuses(result)).toEqual(ALL_OK);
    expect(log).toContain(`no deploy/appspec.yml in the source: using the toolkit's ${ARKIT}/examples/ec2/deploy`);
    expect(existsSync(join(src, 'codedeploy-bundle', 'scripts', 'validate_service.sh'))).toBe(true);
  });

  it('deploys from the build with codedeploy-deploy, exports the deployment, and announces where it went', async () => {
    const application = uniqueName('ec2-app');
    const cd = new CodeDeploy({ region: 'us-east-1', endpoint: proxy.url });
    await cd.createApplication({ applicationName: application, computePlatform: 'Server' });
    await cd.createDeploymentGroup({
      applicationName: application,
      deploymentGroupName: 'prd',
      serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
    });
    const bucket = uniqueName('ec2-bundles');
    await new S3({ region: 'us-east-1', endpoint: motoUrl(), forcePathStyle: true }).createBucket({ Bucket: bucket });
    const env = {
      CODEDEPLOY_APPLICATION: application,
      CODEDEPLOY_BUCKET: bucket,
      ENDPOINT_URL: proxy.url,
      AWS_REGION: 'us-east-1',
      // The CLI reads inputs from INPUT_* too: poll fast instead of every 10 s.
      INPUT_POLL_INTERVAL: '0.05',
    };

    proxy.play(scenario({ targets: ['i-0aaa1111', 'i-0bbb2222'] }));
    const ok = await build(checkout(), env);
    expect(ok.log).not.toContain('Command did not exit successfully');
    expect(statuses(ok.result)).toEqual(ALL_OK);
    const id = ok.result.exported['DEPLOYMENT_ID'];
    expect(id).toBe(proxy.deployments.at(-1)?.id);
    const create = proxy.calls.filter((c) => c.action === 'CreateDeployment').at(-1)?.body;
    expect(create.description).toBe(`myapp-api ${ok.result.exported['APP_VERSION']} (build myapp-api:0c9b-42)`);
    const text = JSON.stringify(ok.sent[0]?.body);
    expect(text).toContain(`${application}/prd`);
    expect(text).toContain(id as string);
    expect(text).toContain('i-0bbb2222');

    // A failed hook fails the build with the log tail, and the announcement says so.
    proxy.play(
      scenario({
        targets: ['i-0aaa1111'],
        fail: {
          target: 'i-0aaa1111',
          event: 'ApplicationStart',
          errorCode: 'ScriptFailed',
          scriptName: 'scripts/start_server.sh',
          logTail: '[stderr]the server exited at once; the end of its log:\n[stderr]Error: Unable to access jarfile',
        },
      }),
    );
    const bad = await build(checkout(), env);
    expect(statuses(bad.result)).toEqual({ ...ALL_OK, build: 'FAILED' });
    expect(bad.log).toContain('instance i-0aaa1111: ApplicationStart failed (ScriptFailed, scripts/start_server.sh)');
    expect(bad.log).toContain('[stderr]Error: Unable to access jarfile');
    expect(JSON.stringify(bad.sent[0]?.body)).toContain(': failure');
  });
});
