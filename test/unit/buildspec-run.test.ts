import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BuildspecError,
  parseBuildspec,
  resolveArtifacts,
  runBuildspec,
  secretValue,
  shellQuote,
} from '../../scripts/buildspec-run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const runner = join(here, '..', '..', 'scripts', 'buildspec-run.mjs');
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A source directory holding the buildspec (and any files), like a checkout. */
function project(buildspec: string, files: Record<string, string> = {}): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'arkit-bsr-'));
  dirs.push(dir);
  const file = join(dir, 'buildspec.yml');
  writeFileSync(file, buildspec);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, file };
}

async function run(
  buildspec: string,
  options: { env?: Record<string, string>; parameters?: Record<string, string>; files?: Record<string, string> } = {},
) {
  const { dir, file } = project(buildspec, options.files);
  const lines: string[] = [];
  const result = await runBuildspec({
    file,
    cwd: dir,
    env: options.env,
    parameters: options.parameters,
    log: (l) => lines.push(l),
  });
  // Output lines only (the runner's own lines start with [Container]).
  const output = lines.filter((l) => !l.startsWith('[Container]'));
  return { result, lines, output, log: lines.join('\n'), dir };
}

const statuses = (r: { phases: Array<{ name: string; status: string }> }) =>
  Object.fromEntries(r.phases.map((p) => [p.name, p.status]));

describe('buildspec-run: phases, commands and the shell state', () => {
  it('runs the phases in CodeBuild order, whatever their order in the file', async () => {
    const { result, output } = await run(`
version: 0.2
phases:
  post_build:
    commands: [echo post_build]
  build:
    commands: [echo build]
  install:
    commands: [echo install]
  pre_build:
    commands: [echo pre_build]
`);
    expect(output).toEqual(['install', 'pre_build', 'build', 'post_build']);
    expect(result.ok).toBe(true);
    expect(result.phases.map((p) => p.name)).toEqual(['install', 'pre_build', 'build', 'post_build']);
  });

  it('carries variables (exported or not), unsets and the current directory from phase to phase', async () => {
    const { result, output } = await run(`
version: 0.2
env:
  variables:
    FROM_SPEC: spec
phases:
  install:
    commands:
      - PLAIN=plain
      - export EXPORTED=exported
      - mkdir -p sub && cd sub
      - GONE=soon
  pre_build:
    commands:
      - unset GONE
  build:
    commands:
      - echo "$FROM_SPEC $PLAIN $EXPORTED \${GONE-unset} $(basename "$PWD")"
`);
    expect(result.ok).toBe(true);
    expect(output).toEqual(['spec plain exported unset sub']);
  });

  it('a plain variable stays a shell variable in later phases: child processes see only exported ones', async () => {
    const { result, output } = await run(`
version: 0.2
env:
  variables:
    FROM_SPEC: spec
phases:
  install:
    commands:
      - PLAIN=plain
      - export EXPORTED=exported
      - LATER=later
  pre_build:
    commands:
      - export LATER
  build:
    commands:
      - echo "shell [$PLAIN]"
      - sh -c 'echo "child [\${PLAIN-unset}] [\${EXPORTED-}] [\${FROM_SPEC-}] [\${LATER-}]"'
`);
    expect(result.ok).toBe(true);
    expect(output).toEqual(['shell [plain]', 'child [unset] [exported] [spec] [later]']);
  });

  it('carries values with newlines, quotes and lines that look like assignments unchanged', async () => {
    const { result, output } = await run(`
version: 0.2
env:
  exported-variables: [MULTI]
phases:
  install:
    commands:
      - |
        MULTI="one
        FAKE=it's \\"quoted\\"
        two
        "
  build:
    commands:
      - echo "[\${FAKE-no FAKE}]"
`);
    expect(result.ok).toBe(true);
    expect(output).toEqual(['[no FAKE]']);
    expect(result.exported).toEqual({ MULTI: 'one\nFAKE=it\'s "quoted"\ntwo\n' });
  });

  it('runs the commands with /bin/sh unless the buildspec asks for bash, as CodeBuild does', async () => {
    // What /bin/sh is here (dash on Debian and Ubuntu, bash in sh mode elsewhere).
    const sh = await new Promise<string>((resolve, reject) =>
      execFile('/bin/sh', ['-c', 'echo "${BASH_VERSION-not bash}"'], { env: {} }, (err, stdout) =>
        err ? reject(err) : resolve(stdout.trim()),
      ),
    );
    const probe = (shell: string) => `
version: 0.2
${shell}
phases:
  build:
    commands:
      - echo "\${BASH_VERSION-not bash}"
`;
    const byDefault = await run(probe(''));
    expect(byDefault.output).toEqual([sh]);
    const bash = await run(probe('env:\n  shell: bash'));
    expect(bash.output[0]).toMatch(/^\d+\.\d+/);
    // bash syntax works where bash is asked for.
    const bashOnly = await run(`
version: 0.2
env:
  shell: bash
phases:
  build:
    commands:
      - X=abcdef && echo "\${X:0:3}"
`);
    expect(bashOnly.output).toEqual(['abc']);
  });

  it('takes env variables literally, lets the caller override them, and sets the CodeBuild variables', async () => {
    const { result, output, dir } = await run(
      `
version: 0.2
env:
  variables:
    LITERAL: $HOME/x
    NUMBER: 3
    OVERRIDDEN: from-buildspec
phases:
  build:
    commands:
      - echo "$LITERAL|$NUMBER|$OVERRIDDEN|$CODEBUILD_SRC_DIR|$CODEBUILD_BUILD_SUCCEEDING"
      - test -n "$CODEBUILD_BUILD_ID"
`,
      { env: { OVERRIDDEN: 'from-project' } },
    );
    expect(result.ok).toBe(true);
    expect(output).toEqual([`$HOME/x|3|from-project|${dir}|1`]);
  });

  it('stops a phase at the first failing command; a multi-line command counts by its own exit status', async () => {
    const { result, output, log } = await run(`
version: 0.2
phases:
  build:
    commands:
      - |
        false
        echo "inner failure does not count"
      - echo before
      - test 1 = 2
      - echo never
`);
    expect(output).toEqual(['inner failure does not count', 'before']);
    expect(statuses(result)).toEqual({ build: 'FAILED' });
    expect(result.ok).toBe(false);
    expect(log).toContain('[Container] Command did not exit successfully test 1 = 2 exit status 1');
  });

  it('runs finally after a failed command, with the state the commands left; a failing finally fails the phase', async () => {
    const failed = await run(`
version: 0.2
phases:
  build:
    commands:
      - STEP=one
      - exit 3
      - STEP=never
    finally:
      - echo "finally after $STEP"
`);
    expect(failed.output).toEqual(['finally after one']);
    expect(failed.log).toContain('exit 3 exit status 3');
    expect(statuses(failed.result)).toEqual({ build: 'FAILED' });

    const finallyFails = await run(`
version: 0.2
phases:
  build:
    commands:
      - echo ok
    finally:
      - false
      - echo never
  post_build:
    commands:
      - echo "post_build $CODEBUILD_BUILD_SUCCEEDING"
`);
    expect(finallyFails.output).toEqual(['ok', 'post_build 0']);
    expect(statuses(finallyFails.result)).toEqual({ build: 'FAILED', post_build: 'SUCCEEDED' });
  });

  it('treats `exit 0` in a command as the end of its block, not as a failure', async () => {
    const { result, output, log } = await run(`
version: 0.2
phases:
  build:
    commands:
      - echo first
      - exit 0
      - echo skipped
  post_build:
    commands:
      - echo post
`);
    expect(output).toEqual(['first', 'post']);
    expect(result.ok).toBe(true);
    expect(log).toContain('the rest of the commands block did not run');
  });
});

describe('buildspec-run: phase transitions, on-failure and CODEBUILD_BUILD_SUCCEEDING', () => {
  const FOUR = (failIn: string, onFailure = '') =>
    ['install', 'pre_build', 'build', 'post_build']
      .map(
        (p) => `  ${p}:
${onFailure && p === failIn ? `    on-failure: ${onFailure}\n` : ''}    commands:
      - echo "${p} $CODEBUILD_BUILD_SUCCEEDING"
${p === failIn ? '      - false\n' : ''}    finally:
      - echo "${p} finally"`,
      )
      .join('\n');
  const spec = (failIn: string, onFailure = '') => `
version: 0.2
phases:
${FOUR(failIn, onFailure)}
artifacts:
  files:
    - out.txt
`;
  const files = { 'out.txt': 'x' };

  it('without on-failure, a failed build still runs post_build with CODEBUILD_BUILD_SUCCEEDING=0, and artifacts are uploaded', async () => {
    const { result, output } = await run(spec('build'), { files });
    expect(output).toEqual([
      'install 1',
      'install finally',
      'pre_build 1',
      'pre_build finally',
      'build 1',
      'build finally',
      'post_build 0',
      'post_build finally',
    ]);
    expect(statuses(result)).toEqual({
      install: 'SUCCEEDED',
      pre_build: 'SUCCEEDED',
      build: 'FAILED',
      post_build: 'SUCCEEDED',
      upload_artifacts: 'SUCCEEDED',
    });
    expect(result.ok).toBe(false);
    expect(result.artifacts.map((a) => a.name)).toEqual(['out.txt']);
  });

  it('without on-failure, a failed install or pre_build ends the build: no later phase, no artifacts', async () => {
    for (const failIn of ['install', 'pre_build']) {
      const { result, output } = await run(spec(failIn), { files });
      expect(output).toContain(`${failIn} finally`);
      expect(output.some((l) => l.startsWith('build') || l.startsWith('post_build'))).toBe(false);
      expect(statuses(result)).toMatchObject({
        [failIn]: 'FAILED',
        build: 'SKIPPED',
        post_build: 'SKIPPED',
        upload_artifacts: 'SKIPPED',
      });
      expect(result.artifacts).toEqual([]);
      expect(result.ok).toBe(false);
    }
  });

  it('on-failure: CONTINUE goes on to the next phase, which sees CODEBUILD_BUILD_SUCCEEDING=0; the build still fails', async () => {
    const { result, output } = await run(spec('pre_build', 'CONTINUE'), { files });
    expect(output).toEqual([
      'install 1',
      'install finally',
      'pre_build 1',
      'pre_build finally',
      'build 0',
      'build finally',
      'post_build 0',
      'post_build finally',
    ]);
    expect(statuses(result)).toMatchObject({ pre_build: 'FAILED', build: 'SUCCEEDED', post_build: 'SUCCEEDED' });
    expect(result.ok).toBe(false);
  });

  it('on-failure: ABORT on the build phase skips post_build and the artifacts', async () => {
    const { result, output } = await run(spec('build', 'ABORT'), { files });
    expect(output).toEqual([
      'install 1',
      'install finally',
      'pre_build 1',
      'pre_build finally',
      'build 1',
      'build finally',
    ]);
    expect(statuses(result)).toMatchObject({ build: 'FAILED', post_build: 'SKIPPED', upload_artifacts: 'SKIPPED' });
    expect(result.artifacts).toEqual([]);
  });

  it('a build that succeeds everywhere is ok, with CODEBUILD_BUILD_SUCCEEDING=1 throughout', async () => {
    const { result, output } = await run(spec('none'), { files });
    expect(output.filter((l) => !l.includes('finally'))).toEqual([
      'install 1',
      'pre_build 1',
      'build 1',
      'post_build 1',
    ]);
    expect(result.ok).toBe(true);
  });
});

describe('buildspec-run: exported variables, parameters and secrets', () => {
  it('exports the values at the end of the build (also set after a failure), empty when unset, never AWS_*', async () => {
    const { result, log } = await run(`
version: 0.2
env:
  exported-variables: [IMAGE_URI, LATE, NEVER_SET, AWS_SECRET_THING]
phases:
  build:
    commands:
      - IMAGE_URI=repo@sha256:abc
      - AWS_SECRET_THING=x
      - false
  post_build:
    commands:
      - LATE="set in post_build"
`);
    expect(result.exported).toEqual({ IMAGE_URI: 'repo@sha256:abc', LATE: 'set in post_build', NEVER_SET: '' });
    expect(log).toContain('AWS_SECRET_THING cannot be exported');
  });

  it('reads parameter-store and secrets-manager values from the map and masks them in the log', async () => {
    const { result, output } = await run(
      `
version: 0.2
env:
  parameter-store:
    HOOK: /myapp/dev/discord-webhook
  secrets-manager:
    DB_PASSWORD: prod/db:password
    WHOLE: plain-secret
    BY_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf:token
phases:
  build:
    commands:
      - echo "hook=$HOOK db=$DB_PASSWORD whole=$WHOLE arn=$BY_ARN"
      - test "$DB_PASSWORD" = "s3cr3t-pass"
`,
      {
        parameters: {
          '/myapp/dev/discord-webhook': 'https://discord.example/api/webhooks/1/tok',
          'prod/db': JSON.stringify({ password: 's3cr3t-pass', user: 'app' }),
          'plain-secret': 'whole-secret-text',
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf': '{"token":"arn-token-value"}',
        },
      },
    );
    expect(result.ok).toBe(true);
    expect(output).toEqual(['hook=*** db=*** whole=*** arn=***']);
  });

  it('fails before any phase when a parameter is missing, as CodeBuild does', async () => {
    const { result } = await run(`
version: 0.2
env:
  parameter-store:
    HOOK: /myapp/prd/discord-webhook
phases:
  install:
    commands:
      - touch ran
`);
    expect(result.ok).toBe(false);
    expect(result.error).toContain('/myapp/prd/discord-webhook');
    expect(statuses(result)).toEqual({ install: 'SKIPPED' });
  });

  it('secretValue: whole reference first, then the secret id (ARN-aware) narrowed to json-key', () => {
    const params = {
      'app/db': '{"password":"p","port":5432}',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-Ab12Cd': '{"k":"v"}',
      'app/db:port': 'given whole',
    };
    expect(secretValue('app/db', params)).toBe('{"password":"p","port":5432}');
    expect(secretValue('app/db:password', params)).toBe('p');
    expect(secretValue('app/db:password:AWSCURRENT', params)).toBe('p');
    expect(secretValue('app/db:port', params)).toBe('given whole');
    expect(secretValue('arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-Ab12Cd:k', params)).toBe('v');
    expect(secretValue('app/db:missing', params)).toBeUndefined();
    expect(secretValue('other', params)).toBeUndefined();
  });

  it('leaves GitHub Actions variables out of the build environment', async () => {
    const before = process.env['GITHUB_ACTIONS'];
    process.env['GITHUB_ACTIONS'] = 'true';
    process.env['INPUT_BUCKET'] = 'leaked';
    try {
      const { output } = await run(`
version: 0.2
phases:
  build:
    commands:
      - echo "[\${GITHUB_ACTIONS-}][\${INPUT_BUCKET-}][\${PATH:+path}]"
`);
      expect(output).toEqual(['[][][path]']);
    } finally {
      if (before === undefined) delete process.env['GITHUB_ACTIONS'];
      else process.env['GITHUB_ACTIONS'] = before;
      delete process.env['INPUT_BUCKET'];
    }
  });
});

describe('buildspec-run: abort', () => {
  /** Whether a process is still there (a zombie waiting for its reaper counts as gone soon). */
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('an aborted build stops the running command and what it started, and runs nothing more', async () => {
    const { dir, file } = project(`
version: 0.2
phases:
  build:
    commands:
      - sleep 120 & echo $! > sleeper.pid; wait
      - touch after
    finally:
      - touch finally-ran
  post_build:
    commands:
      - touch post-ran
artifacts:
  files: ['*']
`);
    const controller = new AbortController();
    const pidFile = join(dir, 'sleeper.pid');
    // Abort once the background process is running.
    const poll = setInterval(() => {
      if (existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim()) {
        clearInterval(poll);
        controller.abort();
      }
    }, 50);
    const lines: string[] = [];
    const result = await runBuildspec({ file, cwd: dir, signal: controller.signal, log: (l) => lines.push(l) });
    clearInterval(poll);
    expect(result.ok).toBe(false);
    expect(result.error).toBe('aborted');
    expect(statuses(result)).toEqual({ build: 'FAILED', post_build: 'SKIPPED', upload_artifacts: 'SKIPPED' });
    expect(result.artifacts).toEqual([]);
    for (const f of ['after', 'finally-ran', 'post-ran']) expect([f, existsSync(join(dir, f))]).toEqual([f, false]);
    expect(lines.join('\n')).toContain('Build aborted');
    // The background sleep went with its shell (it may take a moment to be reaped).
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });
});

describe('buildspec-run: artifacts', () => {
  const files = {
    'build/app.zip': 'zip',
    'build/meta/info.json': '{}',
    'build/.hidden': 'h',
    'build/skip.map': 'm',
    'imagedefinitions.json': '[]',
  };

  it('resolves globs, base-directory, discard-paths and exclude-paths', () => {
    const { dir } = project('version: 0.2', files);
    const nested = resolveArtifacts(
      { files: ['**/*'], baseDirectory: 'build', discardPaths: false, excludePaths: ['**/*.map'] },
      dir,
    );
    expect(nested.files.map((f) => f.name)).toEqual(['.hidden', 'app.zip', 'meta/info.json']);
    expect(nested.files[1]?.path).toBe(join(dir, 'build', 'app.zip'));
    const flat = resolveArtifacts(
      { files: ['build/meta/*', './imagedefinitions.json', 'nothing/*'], discardPaths: true, excludePaths: [] },
      dir,
    );
    expect(flat.files.map((f) => f.name)).toEqual(['info.json', 'imagedefinitions.json']);
    expect(flat.unmatched).toEqual(['nothing/*']);
  });

  it('fails the upload (and the build) when nothing matches, like CodeBuild', async () => {
    const { result, log } = await run(
      `
version: 0.2
phases:
  build:
    commands: [echo built]
artifacts:
  files: [dist/**/*]
  secondary-artifacts:
    extra:
      files: [imagedefinitions.json]
`,
      { files },
    );
    expect(statuses(result)).toEqual({ build: 'SUCCEEDED', upload_artifacts: 'FAILED' });
    expect(result.ok).toBe(false);
    expect(result.secondaryArtifacts['extra']?.map((f) => f.name)).toEqual(['imagedefinitions.json']);
    expect(log).toContain('no matching artifact paths found');
  });
});

describe('buildspec-run: what it refuses', () => {
  it.each([
    ['version 0.1', 'version: 0.1\nphases:\n  build:\n    commands: [echo]\n', /version must be 0.2/],
    [
      'an unquoted colon',
      'version: 0.2\nphases:\n  build:\n    commands:\n      - echo a: b\n',
      /is a mapping, not a command/,
    ],
    ['an unknown phase', 'version: 0.2\nphases:\n  test:\n    commands: [echo]\n', /phases.test is not a phase/],
    [
      'RETRY',
      'version: 0.2\nphases:\n  build:\n    on-failure: RETRY-2\n    commands: [echo]\n',
      /RETRY is not emulated/,
    ],
    [
      'a bad variable name',
      'version: 0.2\nenv:\n  variables:\n    A-B: x\nphases:\n  build:\n    commands: [echo]\n',
      /not a variable name/,
    ],
    ['no phases', 'version: 0.2\n', /phases is required/],
  ])('%s', (_what, text, message) => {
    expect(() => parseBuildspec(text)).toThrow(BuildspecError);
    expect(() => parseBuildspec(text)).toThrow(message);
  });

  it('shellQuote survives quotes, newlines and $', () => {
    expect(shellQuote(`it's $HOME\nnext`)).toBe(`'it'\\''s $HOME\nnext'`);
  });
});

describe('buildspec-run CLI', () => {
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [runner, ...args], (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });

  it('prints the result as the last stdout line and exits 1 when the build failed', async () => {
    const { dir, file } = project(`
version: 0.2
env:
  parameter-store:
    SECRET: /p
  exported-variables: [OUT]
phases:
  build:
    commands:
      - OUT="$GREETING"
      - touch marker
      - false
`);
    const res = await cli([file, '--cwd', dir, '--env', 'GREETING=hi', '--parameter', '/p=value']);
    expect(res.code).toBe(1);
    const result = JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as { exported: unknown; ok: boolean };
    expect(result).toMatchObject({ ok: false, exported: { OUT: 'hi' } });
    expect(existsSync(join(dir, 'marker'))).toBe(true);
    expect(res.stderr).toContain('[Container] Phase complete: BUILD State: FAILED');
  });

  it('exits 2 on a buildspec it cannot run', async () => {
    const { dir, file } = project('version: 0.1\n');
    const res = await cli([file, '--cwd', dir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('version must be 0.2');
    expect(readFileSync(file, 'utf8')).toBe('version: 0.1\n');
  });
});
