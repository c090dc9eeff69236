/**
 * A rehearsal of .github/workflows/release.yml's release job, on this machine, through the local runner
 * emulation (test/helpers/local-runner.ts): in a clone of this repository whose CHANGELOG has a section for
 * package.json's version and whose tag for it is pushed to a local bare "origin", the job's own steps run
 * as written: scripts/package.mjs for the tag, `gh release create` (a stand-in `gh` on PATH records what
 * it is asked to publish), the major tag moved with git to origin, and the announcement with ./notify to a
 * Discord stand-in when the webhook secret is set. The jobs it needs (ci, check-dist) and the setup actions
 * are not run here: the first are the test suite and `.ci/run` themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { changelogSection } from '../../scripts/package.mjs';
import { LocalRunner, interpolate, type WorkflowStep } from '../helpers/local-runner.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const release = YAML.parse(readFileSync(join(repoRoot, '.github', 'workflows', 'release.yml'), 'utf8')) as {
  env?: Record<string, string>;
  jobs: { release: { env: Record<string, string>; steps: WorkflowStep[] } };
};
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const tag = `v${version}`;
const major = tag.split('.')[0] ?? '';
const dirs: string[] = [];
let receiver: WebhookReceiver;

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/**
 * A checkout of the tag as the release job sees it: this repository's HEAD with the CHANGELOG's
 * [Unreleased] renamed to the version, tagged; `origin` is a bare repository holding the tags.
 * `otherTags` are created first, on the parent commit (an already published later release, say).
 */
function checkout(otherTags: string[]): { ws: string; origin: string; sha: string } {
  const base = tempDir('arkit-release-');
  const ws = join(base, 'ws');
  git(repoRoot, 'clone', '--quiet', '--no-hardlinks', repoRoot, ws);
  // Only the tags of the scene: none of this repository's own.
  for (const t of git(ws, 'tag', '--list').split('\n').filter(Boolean)) git(ws, 'tag', '--delete', t);
  // Before the first release of a version its notes are under [Unreleased]: they become its section.
  const changelog = readFileSync(join(ws, 'CHANGELOG.md'), 'utf8');
  if (changelogSection(changelog, version) === undefined) {
    const released = changelog.replace('## [Unreleased]', `## [Unreleased]\n\n## [${version}] - 2026-12-01`);
    writeFileSync(join(ws, 'CHANGELOG.md'), released);
  }
  for (const t of otherTags) git(ws, 'tag', t);
  git(ws, 'commit', '--quiet', '--allow-empty', '-am', `Release ${tag}`);
  git(ws, 'tag', tag);
  const origin = join(base, 'origin.git');
  git(base, 'clone', '--quiet', '--bare', ws, origin);
  git(ws, 'remote', 'set-url', 'origin', origin);
  return { ws, origin, sha: git(ws, 'rev-parse', 'HEAD') };
}

/** A `gh` on PATH that records its arguments, one per line, instead of calling GitHub. */
function fakeGh(): { bin: string; calls: string } {
  const bin = tempDir('arkit-gh-');
  const calls = join(bin, 'calls');
  writeFileSync(join(bin, 'gh'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${calls}'\nprintf -- '--\\n' >> '${calls}'\n`);
  chmodSync(join(bin, 'gh'), 0o755);
  return { bin, calls };
}

async function runRelease(options: { otherTags?: string[]; secrets?: Record<string, string> }) {
  const { ws, origin, sha } = checkout(options.otherTags ?? []);
  const gh = fakeGh();
  const github = {
    sha,
    ref: `refs/tags/${tag}`,
    ref_name: tag,
    repository: 'OWNER/aws-release-kit',
    server_url: 'https://github.com',
    run_id: '7',
    event_name: 'push',
    workspace: ws,
    token: 'not-a-token',
  };
  const contexts = { github, secrets: options.secrets ?? {}, vars: {} };
  const env = Object.fromEntries(
    Object.entries({ ...release.env, ...release.jobs.release.env }).map(([k, v]) => [k, interpolate(v, contexts)]),
  );
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !/^(GITHUB_|RUNNER_|INPUT_)/.test(e[0]),
    ),
  );
  const eventPath = join(gh.bin, 'event.json');
  writeFileSync(eventPath, JSON.stringify({ ref: github.ref }));
  const lines: string[] = [];
  const runner = new LocalRunner({
    workspace: ws,
    env,
    baseEnv: { ...baseEnv, PATH: `${gh.bin}:${process.env['PATH'] ?? ''}` },
    github: { ...github, event_path: eventPath },
    skipUses: ['actions/checkout@', 'actions/setup-node@'],
    log: (l) => lines.push(l),
  });
  try {
    const status = await runner.runJob(release.jobs.release.steps);
    const calls = existsSync(gh.calls) ? readFileSync(gh.calls, 'utf8') : '';
    return { status, runner: runner.results, ws, origin, sha, calls, log: lines.join('\n') };
  } finally {
    runner.dispose();
  }
}

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
});

afterAll(async () => {
  await receiver.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('release.yml, the release job rehearsed locally', () => {
  it('packages the tag, publishes the tarball and checksum with the CHANGELOG notes, moves the major tag, announces', async () => {
    const webhook = receiver.discordWebhook();
    const before = receiver.discord.length;
    const r = await runRelease({ secrets: { RELEASE_DISCORD_WEBHOOK_URL: webhook } });
    if (r.status !== 'success') console.log(r.log);
    expect(r.status).toBe('success');

    const pkg = r.runner.find((s) => s.id === 'package');
    const out = pkg?.outputs ?? {};
    expect(out['tarball']).toMatch(new RegExp(`/aws-release-kit-${tag.replace(/\./g, '\\.')}\\.tar\\.gz$`));
    expect(out['sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(out['checksum-file'] ?? '', 'utf8')).toBe(`${out['sha256']}  aws-release-kit-${tag}.tar.gz\n`);
    const notes = changelogSection(readFileSync(join(r.ws, 'CHANGELOG.md'), 'utf8'), version);
    expect(notes).toBeDefined();
    expect(readFileSync(out['notes-file'] ?? '', 'utf8')).toBe(`${notes}\n`);

    // gh was asked for exactly this release: the tag, both files, the notes file.
    expect(r.calls.split('\n--\n')[0]?.split('\n')).toEqual([
      'release',
      'create',
      tag,
      out['tarball'],
      out['checksum-file'],
      '--verify-tag',
      '--title',
      tag,
      '--notes-file',
      out['notes-file'],
    ]);

    // The major tag is on the release commit, in origin.
    expect(git(r.origin, 'rev-parse', `refs/tags/${major}`)).toBe(r.sha);

    // The announcement: one Discord message from ./notify, with the tag, the checksum, no token.
    const sent = receiver.discord.slice(before);
    expect(sent.length).toBe(1);
    const text = JSON.stringify(sent[0]?.body);
    expect(text).toContain(`aws-release-kit ${tag}`);
    expect(text).toContain(out['sha256'] ?? 'sha256');
    expect(text).not.toContain(webhook.split('/').pop() ?? 'token');
    expect(r.runner.find((s) => s.label === 'Announce the release')?.outcome).toBe('success');
  });

  it('a fix to an older minor leaves the major tag where it is; no secret, no announcement', async () => {
    const newer = `${major}.999.0`;
    const before = receiver.discord.length;
    const r = await runRelease({ otherTags: [newer] });
    expect(r.status).toBe('success');
    const move = r.runner.find((s) => s.label === 'Move the major tag');
    expect(move?.log).toContain(`${major} stays on ${newer}: ${tag} is not the highest ${major} release`);
    expect(() => git(r.origin, 'rev-parse', '--verify', '--quiet', `refs/tags/${major}`)).toThrow();
    expect(r.runner.find((s) => s.label === 'Announce the release')?.outcome).toBe('skipped');
    expect(receiver.discord.length).toBe(before);
  });

  it('a tag without its CHANGELOG section publishes nothing', async () => {
    const { ws } = checkout([]);
    writeFileSync(join(ws, 'CHANGELOG.md'), '# Changelog\n\n## [Unreleased]\n- later\n');
    mkdirSync(join(ws, 'out'), { recursive: true });
    const step = release.jobs.release.steps.find((s) => s.id === 'package');
    const script = join(ws, 'out', 'package.sh');
    writeFileSync(script, step?.run ?? '');
    let failed = '';
    try {
      execFileSync('bash', ['-eo', 'pipefail', script], {
        cwd: ws,
        env: { ...process.env, TAG: tag, OUT: join(ws, 'out', 'release'), GITHUB_OUTPUT: join(ws, 'out', 'o') },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (err) {
      failed = String((err as { stderr?: string }).stderr);
    }
    expect(failed).toContain(`CHANGELOG.md has no section "## [${version}]" for ${tag}`);
    expect(existsSync(join(ws, 'out', 'release'))).toBe(false);
  });
});
