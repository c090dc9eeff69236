/*
 * The EC2 example's appspec hooks (examples/ec2/deploy), run as the CodeDeploy agent runs them
 * (test/helpers/codedeploy-agent.ts) on bundles laid out as buildspec/ec2-codedeploy.yml lays them out:
 * appspec.yml, app.jar, REVISION, scripts/, tools/aws-release-kit (the CLI, for the health check in
 * ValidateService). The server is a stand-in for the JVM: `java` on PATH is a shim that runs a small
 * Node.js HTTP server whose behaviour the "jar" describes; with a JDK at hand, one test runs the real
 * example server built with javac.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalAgent } from '../helpers/codedeploy-agent.js';
import { freePort } from '../helpers/servers.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARKIT = process.env['ARKIT_HOME'] ?? repoRoot;
const dirs: string[] = [];
const pidfiles: string[] = [];
let shimDir = '';

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** The stand-in server: health status and version from the "jar" (JSON), SIGTERM ends it. */
const STUB = `
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const jar = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const version = /version=(.*)/.exec(readFileSync(process.env.APP_DIR + '/REVISION', 'utf8'))?.[1];
if (jar.crash) { console.error('Exception in thread "main" java.lang.IllegalStateException: no config'); process.exit(1); }
const server = createServer((req, res) => {
  if (req.url === '/health') res.writeHead(jar.health).end(JSON.stringify({ status: jar.health === 200 ? 'UP' : 'DOWN', version }));
  else res.writeHead(200).end('hello from ' + version);
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on', process.env.PORT, 'version', version));
process.on('SIGTERM', () => { console.log('stopping'); server.close(() => process.exit(0)); });
`;

beforeAll(() => {
  if (!existsSync(join(ARKIT, 'dist', 'cli', 'index.js'))) {
    throw new Error(`${ARKIT}/dist/cli/index.js is missing: run npm run build (or point ARKIT_HOME at a built copy)`);
  }
  shimDir = tempDir('arkit-java-shim-');
  writeFileSync(join(shimDir, 'stub-server.mjs'), STUB);
  // `java [options] -jar FILE`: the options are skipped, the stand-in server gets the jar.
  writeFileSync(
    join(shimDir, 'java'),
    `#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ "$1" = -jar ]; then shift; break; fi; shift; done\nexec node "${shimDir}/stub-server.mjs" "$1"\n`,
  );
  chmodSync(join(shimDir, 'java'), 0o755);
});

afterAll(() => {
  // The servers the hooks started (and no other process).
  for (const file of pidfiles) {
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8').trim());
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A bundle as the buildspec assembles it. */
function bundle(version: string, jar: string | Buffer, options: { toolkit?: boolean } = {}): string {
  const dir = tempDir('arkit-bundle-');
  cpSync(join(repoRoot, 'examples', 'ec2', 'deploy'), dir, { recursive: true });
  writeFileSync(join(dir, 'app.jar'), jar);
  writeFileSync(join(dir, 'REVISION'), `version=${version}\ncommit=abc1234\nbuilt=2026-12-01T00:00:00Z\n`);
  mkdirSync(join(dir, 'tools', 'aws-release-kit'), { recursive: true });
  if (options.toolkit !== false)
    cpSync(join(ARKIT, 'dist'), join(dir, 'tools', 'aws-release-kit'), { recursive: true });
  else writeFileSync(join(dir, 'tools', 'aws-release-kit', 'README'), 'no CLI in this bundle\n');
  return dir;
}

const stubJar = (health: number, extra: Record<string, unknown> = {}) => JSON.stringify({ health, ...extra });

/** An instance: its own root, deployment root and port; the hooks' settings point into it. */
async function instance(extraEnv: Record<string, string> = {}) {
  const root = tempDir('arkit-instance-');
  const port = await freePort();
  const appDir = join(root, 'opt', 'app');
  pidfiles.push(join(appDir, 'run', 'app.pid'));
  const agent = new LocalAgent({
    root,
    deploymentRoot: join(root, 'deployment-root'),
    env: {
      PATH: `${shimDir}:${process.env['PATH'] ?? ''}`,
      APP_DIR: appDir,
      APP_USER: 'arkit-no-such-user',
      PORT: String(port),
      HEALTH_TIMEOUT: '6',
      STOP_TIMEOUT: '5',
      ...extraEnv,
    },
  });
  const health = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    return res ? { status: res.status, body: await res.text() } : undefined;
  };
  const pid = () => Number(readFileSync(join(appDir, 'run', 'app.pid'), 'utf8').trim());
  return { root, port, appDir, agent, health, pid };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const order = (runs: { event: string }[]) => runs.map((r) => r.event);

describe('examples/ec2 appspec hooks, run as the CodeDeploy agent runs them', () => {
  it('deploys, replaces, refuses an unhealthy version with a readable log tail, and recovers', async () => {
    const i = await instance({ HEALTH_TIMEOUT: '4' });

    // First deployment on the instance: no ApplicationStop (there is no previous revision).
    const v1 = await i.agent.deploy(bundle('1.0.0', stubJar(200)));
    expect(v1.failed).toBeUndefined();
    expect(order(v1.runs)).toEqual(['BeforeInstall', 'ApplicationStart', 'ValidateService']);
    expect(await i.health()).toEqual({ status: 200, body: '{"status":"UP","version":"1.0.0"}' });
    for (const f of ['app.jar', 'REVISION', 'tools/aws-release-kit/cli/index.js']) {
      expect([f, existsSync(join(i.appDir, f))]).toEqual([f, true]);
    }
    const validate = v1.runs.find((r) => r.event === 'ValidateService')?.output ?? '';
    expect(validate).toContain('[stdout]deployed: version=1.0.0 commit=abc1234');
    expect(validate).toMatch(
      new RegExp(
        `health check http://localhost:${i.port}/health: HTTP 200, 2 times in a row after \\d+ request\\(s\\)`,
      ),
    );
    const pid1 = i.pid();

    // Second: v1's own stop script stops v1, then v2 starts on the same port.
    const v2 = await i.agent.deploy(bundle('2.0.0', stubJar(200)));
    expect(v2.failed).toBeUndefined();
    expect(order(v2.runs)).toEqual(['ApplicationStop', 'BeforeInstall', 'ApplicationStart', 'ValidateService']);
    expect(v2.runs[0]?.output).toContain(`[stdout]stopping the server (pid ${pid1})`);
    expect(alive(pid1)).toBe(false);
    expect((await i.health())?.body).toBe('{"status":"UP","version":"2.0.0"}');
    const pid2 = i.pid();

    // Third: the new version answers 500. ValidateService fails, and its last line says what it saw.
    const v3 = await i.agent.deploy(bundle('3.0.0', stubJar(500)));
    expect(v3.ok).toBe(false);
    expect(v3.failed?.event).toBe('ValidateService');
    expect(v3.failed?.script).toBe('scripts/validate_service.sh');
    const tail = (v3.failed?.logTail ?? '').trimEnd().split('\n');
    expect(tail.at(-1)).toMatch(
      new RegExp(
        `^\\[stderr\\]error: health-check failed: health check http://localhost:${i.port}/health did not answer 200-399 with .* in the body, 2 times in a row within 4 s \\(last: HTTP 500\\), \\d+ request\\(s\\)$`,
      ),
    );
    expect(alive(pid2)).toBe(false);

    // Fourth: a good version again. ApplicationStop comes from the last good revision (v2) and
    // stops the unhealthy v3 server that is still running.
    const pid3 = i.pid();
    expect(alive(pid3)).toBe(true);
    const v4 = await i.agent.deploy(bundle('4.0.0', stubJar(200)));
    expect(v4.failed).toBeUndefined();
    expect(v4.runs[0]?.output).toContain(`stopping the server (pid ${pid3})`);
    expect(alive(pid3)).toBe(false);
    expect((await i.health())?.body).toBe('{"status":"UP","version":"4.0.0"}');
  });

  it('a server that dies at start fails ApplicationStart with the end of its log', async () => {
    const i = await instance();
    const d = await i.agent.deploy(bundle('1.0.0', stubJar(200, { crash: true })));
    expect(d.failed?.event).toBe('ApplicationStart');
    expect(d.failed?.logTail).toContain('[stderr]the server exited at once; the end of its log:');
    expect(d.failed?.logTail).toContain('java.lang.IllegalStateException: no config');
  });

  it('checks health with curl when the bundle has no toolkit CLI', async () => {
    const i = await instance();
    const d = await i.agent.deploy(bundle('1.0.0', stubJar(200), { toolkit: false }));
    expect(d.failed).toBeUndefined();
    const validate = d.runs.find((r) => r.event === 'ValidateService')?.output ?? '';
    expect(validate).toContain('checking with curl');
    expect(validate).toContain(`health check http://localhost:${i.port}/health: healthy, 2 times in a row`);
  });

  const javac = (() => {
    try {
      execFileSync('javac', ['-version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  (javac ? it : it.skip)('runs the real example server (built with javac + jar) through the hooks', async () => {
    const build = tempDir('arkit-javac-');
    execFileSync('javac', [
      '-d',
      join(build, 'classes'),
      join(repoRoot, 'examples/ec2/src/main/java/com/example/Server.java'),
    ]);
    const jarFile = join(build, 'app.jar');
    execFileSync('jar', [
      '--create',
      '--file',
      jarFile,
      '--main-class',
      'com.example.Server',
      '-C',
      join(build, 'classes'),
      '.',
    ]);
    // The real java, not the shim.
    const i = await instance({ PATH: process.env['PATH'] ?? '', JAVA_OPTS: '-Xmx64m', HEALTH_TIMEOUT: '60' });
    const d = await i.agent.deploy(bundle('7.1.0', readFileSync(jarFile)));
    expect(d.failed).toBeUndefined();
    expect(await i.health()).toEqual({ status: 200, body: '{"status":"UP","version":"7.1.0"}' });
    const stop = await i.agent.deploy(bundle('7.2.0', readFileSync(jarFile)));
    expect(stop.failed).toBeUndefined();
    expect((await i.health())?.body).toBe('{"status":"UP","version":"7.2.0"}');
  });
});
