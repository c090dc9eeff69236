/**
 * .github/workflows/self-test.yml, run on this machine by a local emulation of the runner
 * (test/helpers/local-runner.ts): the job's steps in order, its expressions evaluated by GitHub's engine,
 * `uses: ./` and every `uses: ./<command>` read from their action.yml files and run on the committed dist/,
 * against the stand-ins the job starts itself (.github/self-test/servers.sh: moto, a docker-registry, a
 * webhook receiver) on free ports, and its verdict (.github/self-test/check.sh). The setup actions
 * (checkout, setup-python) and the install step are left out: this machine has what they install. ecr-push
 * builds with the first usable container CLI, as on GitHub (docker there, buildah here).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { LocalRunner, type StepResult, type WorkflowStep } from '../helpers/local-runner.js';
import { freePorts, requireBinary } from '../helpers/servers.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const workflow = YAML.parse(readFileSync(join(root, '.github', 'workflows', 'self-test.yml'), 'utf8')) as {
  env: Record<string, string>;
  jobs: { 'self-test': { steps: WorkflowStep[] } };
};
const steps = workflow.jobs['self-test'].steps;

let runner: LocalRunner;
let status: 'success' | 'failure';
let storage = '';
const lines: string[] = [];
const byId = (id: string): StepResult | undefined => runner.results.find((r) => r.id === id);

/** The workflow's env with its three fixed ports moved to free ones, everywhere they appear. */
async function localEnv(): Promise<Record<string, string>> {
  const env = { ...workflow.env };
  const keys = ['MOTO_PORT', 'REGISTRY_PORT', 'WEBHOOK_PORT'];
  const ports = await freePorts(keys.length);
  for (const [i, key] of keys.entries()) {
    const old = env[key];
    if (!old) throw new Error(`self-test.yml has no ${key}`);
    const port = String(ports[i]);
    for (const [k, v] of Object.entries(env)) env[k] = String(v).split(`:${old}`).join(`:${port}`);
    env[key] = port;
  }
  return env;
}

function stopServers(): void {
  const pids = join(runner.runnerTemp, 'self-test', 'pids');
  if (!existsSync(pids)) return;
  for (const pid of readFileSync(pids, 'utf8').split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

beforeAll(async () => {
  // What servers.sh and check.sh run, besides moto_server and docker-registry (global setup checks those).
  requireBinary('aws', 'pip install awscli (the self-test creates its AWS resources with the aws CLI)');
  requireBinary('jq', 'apt-get install -y jq');
  requireBinary('buildah', 'apt-get install -y buildah');
  // buildah as this machine runs it: vfs storage of its own, chroot isolation.
  storage = mkdtempSync(join(tmpdir(), 'arkit-selftest-storage-'));
  writeFileSync(
    join(storage, 'storage.conf'),
    `[storage]\ndriver = "vfs"\nrunroot = "${storage}/run"\ngraphroot = "${storage}/graph"\n`,
  );
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !/^(GITHUB_|RUNNER_|INPUT_|AWS_|MOTO_|REGISTRY)/.test(e[0]),
    ),
  );
  const eventPath = join(storage, 'event.json');
  writeFileSync(eventPath, '{}');
  runner = new LocalRunner({
    workspace: root,
    env: await localEnv(),
    baseEnv: {
      ...baseEnv,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      STORAGE_DRIVER: 'vfs',
      BUILDAH_ISOLATION: 'chroot',
      CONTAINERS_STORAGE_CONF: join(storage, 'storage.conf'),
    },
    github: {
      sha: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
      ref: 'refs/heads/self-test',
      ref_name: 'self-test',
      repository: 'OWNER/aws-release-kit',
      server_url: 'https://github.com',
      run_id: '1',
      run_number: '1',
      event_name: 'push',
      event_path: eventPath,
      workflow: 'self-test',
      actor: 'self-test',
      token: '',
    },
    skipUses: ['actions/checkout@', 'actions/setup-python@'],
    skipNames: ['Install moto and docker-registry'],
    log: (l) => lines.push(l),
  });
  try {
    status = await runner.runJob(steps);
  } catch (err) {
    stopServers();
    throw err;
  }
}, 600000);

afterAll(() => {
  if (runner) {
    stopServers();
    runner.dispose();
  }
  if (storage) rmSync(storage, { recursive: true, force: true });
});

describe('self-test.yml, run locally', () => {
  it('succeeds: every action ran, and check.sh found what they reported on the servers', () => {
    if (status !== 'success') console.log(lines.join('\n'));
    expect(status).toBe('success');
    const ran = runner.results.filter((r) => r.outcome !== 'skipped').map((r) => r.id);
    for (const id of ['s3', 'ecr', 'render', 'deploy', 'lambda', 'notify', 'all', 'bad-input'])
      expect(ran).toContain(id);
    const check = runner.results.find((r) => r.label.startsWith('Check what the actions reported'));
    expect(check?.outcome).toBe('success');
    expect(check?.log).toContain('self-test: every action did what it reported');
    expect(runner.results.find((r) => r.label === 'Server logs')?.outcome).toBe('skipped');
  });

  it('the actions handed their outputs on through the runner', () => {
    expect(byId('s3')?.outputs['uploaded']).toBe('4');
    expect(byId('ecr')?.outputs['image-uri']).toMatch(/^127\.0\.0\.1:\d+\/self-test\/web@sha256:[0-9a-f]{64}$/);
    expect(byId('lambda')?.outputs['version']).toBe('1');
    expect(Number(byId('notify')?.outputs['discord-messages'])).toBeGreaterThanOrEqual(1);
    expect(byId('all')?.outputs['uploaded']).toBe('4');
    expect(byId('all')?.outputs['lambda-version']).toBe('1');
    expect(byId('all')?.outputs['image-uri']).toBe('');
  });

  it('the bad input failed its step with one line naming the input, and the job went on', () => {
    const bad = byId('bad-input');
    expect([bad?.outcome, bad?.conclusion]).toEqual(['failure', 'success']);
    expect(bad?.log).toMatch(/bucket/);
  });

  it('check.sh fails when an output does not match the servers', () => {
    const check = runner.results.find((r) => r.label.startsWith('Check what the actions reported'));
    const env = check?.env ?? {};
    expect(env['UPLOADED']).toBe('4');
    const wrong = spawnSync('bash', ['.github/self-test/check.sh'], {
      cwd: root,
      env: { ...env, UPLOADED: '5' },
      encoding: 'utf8',
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain("self-test: s3-sync uploaded: expected '4', got '5'");
    const noPing = spawnSync('bash', ['.github/self-test/check.sh'], {
      cwd: root,
      env: { ...env, BAD_INPUT_OUTCOME: 'success' },
      encoding: 'utf8',
    });
    expect(noPing.status).toBe(1);
    expect(noPing.stdout).toContain('outcome of s3-sync with a bad bucket name');
    // check.sh makes a dozen aws CLI calls: slow on a loaded machine.
  }, 300000);
});
