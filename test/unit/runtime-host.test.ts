import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codebuildConsoleUrl, readRunContext } from '../../src/runtime/context.js';
import { createHost, writeOutputs } from '../../src/runtime/host.js';
import { Redactor } from '../../src/runtime/secrets.js';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('outputs', () => {
  it('outside Actions: one JSON object on stdout, nothing else', () => {
    delete process.env['GITHUB_OUTPUT'];
    let out = '';
    writeOutputs({ image: 'r/x:1', count: 3, changed: false }, 'plain', (t) => (out += t));
    expect(out).toBe('{"image":"r/x:1","count":3,"changed":false}\n');
  });

  it('in Actions: written to the GITHUB_OUTPUT file, multi-line values intact, stdout untouched', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gh-')), 'output');
    writeFileSync(file, '');
    process.env['GITHUB_OUTPUT'] = file;
    let out = '';
    writeOutputs({ digest: 'sha256:abc', services: '[\n1\n]' }, 'actions', (t) => (out += t));
    expect(out).toBe('');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^digest<<(ghadelimiter_[\w-]+)\nsha256:abc\n\1\n/);
    expect(text).toMatch(/services<<(ghadelimiter_[\w-]+)\n\[\n1\n\]\n\1\n/);
  });
});

describe('secrets', () => {
  it('redacts every known form of a secret from each log line', () => {
    const lines: string[] = [];
    const host = createHost({ mode: 'plain', env: {}, context: { provider: 'local' }, write: (l) => lines.push(l) });
    const url = 'https://discord.com/api/webhooks/123/tok-en_SECRET';
    host.secret(url);
    host.secret('tok-en_SECRET');
    host.log.info(`posting to ${url}`);
    host.log.error(`failed: {"url":"${url}"} ${encodeURIComponent(url)}`);
    const text = lines.join('\n');
    expect(text).not.toContain('tok-en_SECRET');
    expect(text).toContain('posting to ***');
  });

  it('outside Actions never prints ::add-mask:: (that would print the secret)', () => {
    const lines: string[] = [];
    const host = createHost({ mode: 'plain', env: {}, context: { provider: 'local' }, write: (l) => lines.push(l) });
    host.secret('hunter2hunter2');
    host.log.info('x');
    expect(lines.join('\n')).not.toContain('add-mask');
  });

  it('in Actions a logged line cannot forge a workflow command', () => {
    const lines: string[] = [];
    const host = createHost({ mode: 'actions', env: {}, context: { provider: 'github' }, write: (l) => lines.push(l) });
    host.log.info('::set-env name=X::y');
    expect(lines).toEqual([': :set-env name=X::y']);
  });

  it('short values are not redacted (they would shred ordinary words)', () => {
    const r = new Redactor();
    r.add('abc');
    expect(r.redact('abc')).toBe('abc');
    r.add('abcd');
    expect(r.redact('xabcdx')).toBe('x***x');
  });
});

describe('log groups and summary', () => {
  it('groups are headed blocks outside Actions and ::group:: in Actions', async () => {
    const plain: string[] = [];
    const h1 = createHost({ mode: 'plain', env: {}, context: { provider: 'local' }, write: (l) => plain.push(l) });
    await h1.log.group('Plan', async () => h1.log.info('inside'));
    expect(plain).toEqual(['── Plan ──', 'inside']);
    const gh: string[] = [];
    const h2 = createHost({ mode: 'actions', env: {}, context: { provider: 'github' }, write: (l) => gh.push(l) });
    await h2.log.group('Plan', async () => h2.log.info('inside'));
    expect(gh).toEqual(['::group::Plan', 'inside', '::endgroup::']);
  });

  it('the job summary is written only when GITHUB_STEP_SUMMARY is set', async () => {
    const host = createHost({ mode: 'plain', env: {}, context: { provider: 'local' }, write: () => undefined });
    delete process.env['GITHUB_STEP_SUMMARY'];
    await expect(host.summary('| a |')).resolves.toBeUndefined();
    const file = join(mkdtempSync(join(tmpdir(), 'sum-')), 'summary.md');
    writeFileSync(file, '');
    process.env['GITHUB_STEP_SUMMARY'] = file;
    host.secret('classified-value');
    await host.summary('### result classified-value');
    expect(readFileSync(file, 'utf8')).toContain('### result ***');
  });
});

describe('run context', () => {
  it('reads GitHub variables and the release event', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ev-'));
    const event = join(dir, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({
        release: {
          tag_name: 'v1.2.3',
          name: 'Spring',
          body: 'notes',
          html_url: 'https://github.com/o/r/releases/v1.2.3',
        },
      }),
    );
    const ctx = readRunContext(
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_REF: 'refs/tags/v1.2.3',
        GITHUB_SHA: 'a'.repeat(40),
        GITHUB_ACTOR: 'octo',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '42',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_EVENT_NAME: 'release',
        GITHUB_EVENT_PATH: event,
        AWS_REGION: 'eu-west-1',
      },
      '/',
    );
    expect(ctx).toMatchObject({
      provider: 'github',
      repository: 'o/r',
      repositoryUrl: 'https://github.com/o/r',
      tag: 'v1.2.3',
      sha: 'a'.repeat(40),
      actor: 'octo',
      runUrl: 'https://github.com/o/r/actions/runs/42/attempts/2',
      event: 'release',
      awsRegion: 'eu-west-1',
      release: { tag: 'v1.2.3', name: 'Spring', body: 'notes', url: 'https://github.com/o/r/releases/v1.2.3' },
    });
  });

  it('reads CodeBuild variables, with a console link built from the build ARN', () => {
    const ctx = readRunContext(
      {
        CODEBUILD_BUILD_ID: 'web:1234-abcd',
        CODEBUILD_BUILD_ARN: 'arn:aws:codebuild:ap-northeast-2:111122223333:build/web:1234-abcd',
        CODEBUILD_RESOLVED_SOURCE_VERSION: 'b'.repeat(40),
        CODEBUILD_WEBHOOK_TRIGGER: 'tag/v2.0.0',
        CODEBUILD_SOURCE_REPO_URL: 'https://github.com/team/shop.git',
        CODEBUILD_BUILD_SUCCEEDING: '0',
        CODEBUILD_INITIATOR: 'GitHub-Hookshot/abc',
        CODEBUILD_START_TIME: '1700000000000',
      },
      '/',
    );
    expect(ctx).toMatchObject({
      provider: 'codebuild',
      repository: 'team/shop',
      repositoryUrl: 'https://github.com/team/shop',
      tag: 'v2.0.0',
      ref: 'refs/tags/v2.0.0',
      sha: 'b'.repeat(40),
      buildSucceeding: false,
      startedAt: 1700000000000,
      runUrl:
        'https://ap-northeast-2.console.aws.amazon.com/codesuite/codebuild/111122223333/projects/web/build/web%3A1234-abcd/?region=ap-northeast-2',
    });
    expect(codebuildConsoleUrl('not-an-arn')).toBeUndefined();
    const branch = readRunContext(
      { CODEBUILD_BUILD_ID: 'x:1', CODEBUILD_WEBHOOK_TRIGGER: 'branch/main', CODEBUILD_BUILD_URL: 'https://u' },
      '/',
    );
    expect(branch).toMatchObject({ branch: 'main', runUrl: 'https://u' });
  });

  it('reads a local git checkout', () => {
    const ctx = readRunContext({}, process.cwd());
    expect(ctx.provider).toBe('local');
    expect(ctx.sha).toMatch(/^[0-9a-f]{40}$/);
  });
});
