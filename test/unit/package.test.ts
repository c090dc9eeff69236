/**
 * scripts/package.mjs (npm run package), the tarball the release workflow attaches for CodeBuild users: it
 * holds exactly dist/, buildspec/, the action files and the docs, under one top folder; its checksum file
 * is what `sha256sum -c` reads; the same tree gives the same bytes; unpacked into an empty folder far from
 * this repository (no node_modules anywhere above it) the CLI runs. No server: the buildspec run against moto
 * is in test/integration/package-tarball.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { PackageError, changelogSection, packageRelease, releaseFiles, releaseInfo } from '../../scripts/package.mjs';
import { commands } from '../../src/definitions/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const script = join(repoRoot, 'scripts', 'package.mjs');
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const top = `aws-release-kit-v${version}`;
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Every file under dir, relative to root, found here independently of the script. */
function filesUnder(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

/** What the tarball must hold, relative to the repository: the list of the issue, nothing else. */
function expectedFiles(): string[] {
  return [
    ...filesUnder(repoRoot, 'dist'),
    ...filesUnder(repoRoot, 'buildspec'),
    'action.yml',
    ...commands.map((c) => `${c.name}/action.yml`),
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
  ].sort();
}

describe('the release tarball', () => {
  let out = '';
  let made: ReturnType<typeof packageRelease>;
  let unpacked = '';

  beforeAll(() => {
    out = tempDir('arkit-pkg-out-');
    made = packageRelease({ outDir: out });
    // An empty folder outside the repository, unpacked the way the buildspec snippets do it.
    unpacked = tempDir('arkit-pkg-clean-');
    execFileSync('tar', ['xzf', made.tarball, '-C', unpacked, '--strip-components=1']);
  });

  it('is named after package.json version and holds exactly the listed files under one top folder', () => {
    expect(made.tarball).toBe(join(out, `${top}.tar.gz`));
    const listed = execFileSync('tar', ['tzf', made.tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.every((l) => l.startsWith(`${top}/`))).toBe(true);
    const inside = listed.map((l) => l.slice(top.length + 1)).sort();
    expect(inside).toEqual(expectedFiles());
    expect(made.files).toEqual(expectedFiles());
    for (const absent of ['package.json', 'src/', 'test/', 'node_modules/', 'examples/', 'scripts/', '.github/']) {
      expect([absent, inside.some((f) => f.startsWith(absent))]).toEqual([absent, false]);
    }
  });

  it('has a checksum file with its SHA-256 that sha256sum -c accepts', () => {
    const digest = createHash('sha256').update(readFileSync(made.tarball)).digest('hex');
    expect(made.sha256).toBe(digest);
    expect(readFileSync(made.checksumFile, 'utf8')).toBe(`${digest}  ${top}.tar.gz\n`);
    const check = spawnSync('sha256sum', ['-c', `${top}.tar.gz.sha256`], { cwd: out, encoding: 'utf8' });
    expect([check.status, check.stdout.trim()]).toEqual([0, `${top}.tar.gz: OK`]);
  });

  it('gives the same bytes when packaged again from the same tree', () => {
    const again = packageRelease({ outDir: tempDir('arkit-pkg-again-') });
    expect(again.sha256).toBe(made.sha256);
  });

  it('holds plain files owned by root, none writable by others', () => {
    const lines = execFileSync('tar', ['tzvf', made.tarball, '--numeric-owner'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    for (const line of lines) expect(line).toMatch(/^-rw.r-.r-. 0\/0 /);
  });

  it('runs the CLI unpacked in an empty folder, with no node_modules and a bare environment', () => {
    expect(existsSync(join(unpacked, 'node_modules'))).toBe(false);
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: unpacked };
    const help = spawnSync(process.execPath, ['dist/cli/index.js', '--help'], { cwd: unpacked, env, encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const c of commands) expect(help.stdout).toContain(c.name);
    const ver = spawnSync(process.execPath, ['dist/cli/index.js', '--version'], {
      cwd: unpacked,
      env,
      encoding: 'utf8',
    });
    expect([ver.status, ver.stdout.trim()]).toEqual([0, version]);
  });

  it('every bundle an action file points at is in it and answers --help', () => {
    const mains: string[] = [];
    for (const c of commands) {
      const action = YAML.parse(readFileSync(join(unpacked, c.name, 'action.yml'), 'utf8')) as {
        runs: { main: string };
      };
      mains.push(join(c.name, action.runs.main));
    }
    const composite = readFileSync(join(unpacked, 'action.yml'), 'utf8');
    for (const m of composite.matchAll(/\$GITHUB_ACTION_PATH\/([\w./-]+\.js)/g)) mains.push(m[1] ?? '');
    expect(mains.length).toBeGreaterThan(commands.length);
    for (const main of mains) {
      const file = join(unpacked, main);
      expect([main, existsSync(file) && statSync(file).isFile()]).toEqual([main, true]);
      const r = spawnSync(process.execPath, [file, '--help'], { cwd: unpacked, encoding: 'utf8' });
      expect([main, r.status]).toEqual([main, 0]);
    }
  });

  it('writes the CHANGELOG section as the release notes', () => {
    const notes = readFileSync(made.notesFile, 'utf8');
    const changelog = readFileSync(join(repoRoot, 'CHANGELOG.md'), 'utf8');
    const expected = changelogSection(changelog, version) ?? changelogSection(changelog, 'Unreleased');
    expect(expected).toBeDefined();
    expect(notes).toBe(`${expected}\n`);
  });
});

describe('releaseFiles', () => {
  it('is the tarball list from the repository, sorted', () => {
    expect(releaseFiles(repoRoot)).toEqual(expectedFiles());
  });

  it('refuses a tree without dist/', () => {
    const dir = tempDir('arkit-pkg-empty-');
    expect(() => releaseFiles(dir)).toThrow(/dist is missing/);
  });
});

describe('changelogSection', () => {
  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '### Added',
    '- next thing',
    '',
    '## [1.2.0] - 2026-12-01',
    '',
    '### Fixed',
    '- s3-sync: something',
    '',
    '## [1.1.10] - 2026-11-01',
    '- older',
    '',
    '[Unreleased]: https://github.com/OWNER/aws-release-kit/compare/v1.2.0...HEAD',
    '[1.2.0]: https://github.com/OWNER/aws-release-kit/compare/v1.1.10...v1.2.0',
    '',
  ].join('\n');

  it('returns the body of one section, up to the next heading', () => {
    expect(changelogSection(changelog, '1.2.0')).toBe('### Fixed\n- s3-sync: something');
    expect(changelogSection(changelog, 'Unreleased')).toBe('### Added\n- next thing');
  });

  it('stops at the link references of the last section', () => {
    expect(changelogSection(changelog, '1.1.10')).toBe('- older');
  });

  it('matches the whole version: 1.1.1 is not 1.1.10, and dots are not wildcards', () => {
    expect(changelogSection(changelog, '1.1.1')).toBeUndefined();
    expect(changelogSection(changelog, '1x2x0')).toBeUndefined();
  });

  it('treats an empty section as none', () => {
    expect(changelogSection('## [2.0.0]\n\n## [1.0.0]\n- x\n', '2.0.0')).toBeUndefined();
  });
});

describe('releaseInfo', () => {
  const changelog = '## [Unreleased]\n- soon\n\n## [1.2.0] - 2026-12-01\n- shipped\n';

  it('a tag must be v + package.json version, with a CHANGELOG section of its own', () => {
    expect(releaseInfo({ version: '1.2.0', changelog, tag: 'v1.2.0' })).toEqual({
      version: '1.2.0',
      notes: '- shipped',
    });
    expect(() => releaseInfo({ version: '1.2.0', changelog, tag: 'v1.2.1' })).toThrow(
      /does not match package.json version 1.2.0/,
    );
    expect(() => releaseInfo({ version: '1.3.0', changelog, tag: 'v1.3.0' })).toThrow(/no section "## \[1.3.0\]"/);
    expect(() => releaseInfo({ version: '1.2.0', changelog, tag: '1.2.0' })).toThrow(/--tag must be vX.Y.Z/);
  });

  it('without a tag the notes are the version section, else [Unreleased]', () => {
    expect(releaseInfo({ version: '1.2.0', changelog }).notes).toBe('- shipped');
    expect(releaseInfo({ version: '1.3.0', changelog }).notes).toBe('- soon');
    expect(() => releaseInfo({ version: '1.3.0', changelog: '# Changelog\n' })).toThrow(PackageError);
  });
});

describe('npm run package (the script)', () => {
  it('refuses a tag that is not the package version, with exit 2 and nothing written', () => {
    const out = join(tempDir('arkit-pkg-bad-'), 'out');
    const r = spawnSync(process.execPath, [script, '--tag', 'v99.0.0', '--out', out], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`tag v99.0.0 does not match package.json version ${version}`);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown argument', () => {
    const r = spawnSync(process.execPath, [script, '--tags', 'v1.0.0'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown or incomplete argument "--tags"');
  });

  it('prints what it made as one JSON line on stdout', () => {
    const out = tempDir('arkit-pkg-cli-');
    const r = spawnSync(process.execPath, [script, '--out', out], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as { tarball: string; sha256: string; version: string };
    expect(result.tarball).toBe(join(out, `${top}.tar.gz`));
    expect(result.version).toBe(version);
    expect(readFileSync(`${result.tarball}.sha256`, 'utf8')).toContain(result.sha256);
  });
});
