#!/usr/bin/env node
/**
 * npm run package: the release tarball a CodeBuild user unpacks, its SHA-256, and the release notes.
 *
 *   node scripts/package.mjs [--tag vX.Y.Z] [--out DIR]
 *
 * Writes to DIR (default: build/):
 *   aws-release-kit-vX.Y.Z.tar.gz         dist/ (all of it), buildspec/, action.yml, every <command>/action.yml,
 *                                         README.md, LICENSE, CHANGELOG.md, under one top directory
 *                                         aws-release-kit-vX.Y.Z/ (so `tar xz --strip-components=1` works
 *                                         as the buildspec snippets' install phase runs it)
 *   aws-release-kit-vX.Y.Z.tar.gz.sha256  `<hex>  <file name>`, the format `sha256sum -c` reads
 *   release-notes.md                      the CHANGELOG section of the version (the GitHub release's notes)
 * and prints one JSON line on stdout: { tarball, sha256, checksumFile, notesFile, version, files }.
 *
 * The version is package.json's (the CLI's `--version` prints it). With --tag (the release workflow passes
 * the pushed tag), the tag must be v<that version> and CHANGELOG.md must have a section for it: a release
 * whose tarball would report another version, or that has no notes, is refused before anything is written.
 * Without --tag the notes come from the version's section, else from [Unreleased].
 *
 * The tarball is reproducible: entries sorted by name, owner 0:0, modes normalised, every mtime set to
 * SOURCE_DATE_EPOCH (default: the last commit's time, else 0), gzip without a name or time stamp. Needs
 * GNU tar (Linux; `gtar` on macOS).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants as zlib } from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Top-level files and folders of the tarball, besides every <command>/action.yml. */
export const TOP_LEVEL = ['dist', 'buildspec', 'action.yml', 'README.md', 'LICENSE', 'CHANGELOG.md'];

/** A release that cannot be packaged as asked (wrong tag, no notes, a missing file). */
export class PackageError extends Error {
  name = 'PackageError';
}

/** @param {string} dir @returns {string[]} every file under dir, relative to it, with `/` separators */
function walk(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full).map((f) => `${entry.name}/${f}`));
    else if (entry.isFile()) out.push(entry.name);
    // Symbolic links and other special files are left out: a release holds plain files only.
  }
  return out;
}

/**
 * The files of the tarball, relative to root, sorted: dist/ and buildspec/ whole, the root action, every
 * sub-action (a top-level folder with an action.yml; not node_modules, not hidden folders), the docs.
 * @param {string} root
 * @returns {string[]}
 */
export function releaseFiles(root = repoRoot) {
  /** @type {string[]} */
  const files = [];
  for (const name of TOP_LEVEL) {
    const full = path.join(root, name);
    if (!existsSync(full)) throw new PackageError(`${name} is missing: the release needs it`);
    if (statSync(full).isDirectory()) files.push(...walk(full).map((f) => `${name}/${f}`));
    else files.push(name);
  }
  if (!existsSync(path.join(root, 'dist', 'cli', 'index.js'))) {
    throw new PackageError('dist/cli/index.js is missing: run npm run build first');
  }
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (existsSync(path.join(root, entry.name, 'action.yml'))) files.push(`${entry.name}/action.yml`);
  }
  return files.sort();
}

/** @param {string} text @returns {string} a version label as CHANGELOG headings write it, escaped for a RegExp */
const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The body of a Keep a Changelog section (`## [1.2.3] - 2026-12-01`, `## [Unreleased]`), without its
 * heading and without the link references at the end of the file; undefined when there is no such section.
 * @param {string} changelog
 * @param {string} label a version without the v (1.2.3), or Unreleased
 * @returns {string | undefined}
 */
export function changelogSection(changelog, label) {
  const lines = changelog.split(/\r?\n/);
  const heading = new RegExp(`^## \\[${escapeRe(label)}\\](?:\\s|$)`, 'i');
  const start = lines.findIndex((l) => heading.test(l));
  if (start === -1) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^## /.test(l) || /^\[[^\]]+\]:\s/.test(l));
  const body = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
  return body === '' ? undefined : body;
}

/**
 * What is released: the version and its notes. Pure: the tag check and the choice of notes.
 * @param {{ version: string, changelog: string, tag?: string }} options
 * @returns {{ version: string, notes: string }}
 */
export function releaseInfo({ version, changelog, tag }) {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new PackageError(`package.json version "${version}" is not X.Y.Z`);
  if (tag !== undefined) {
    if (!/^v\d+\.\d+\.\d+$/.test(tag)) throw new PackageError(`--tag must be vX.Y.Z, not "${tag}"`);
    if (tag !== `v${version}`) {
      throw new PackageError(
        `tag ${tag} does not match package.json version ${version}: bump the version, rebuild dist/`,
      );
    }
    const notes = changelogSection(changelog, version);
    if (notes === undefined) throw new PackageError(`CHANGELOG.md has no section "## [${version}]" for ${tag}`);
    return { version, notes };
  }
  const notes = changelogSection(changelog, version) ?? changelogSection(changelog, 'Unreleased');
  if (notes === undefined) throw new PackageError(`CHANGELOG.md has neither "## [${version}]" nor "## [Unreleased]"`);
  return { version, notes };
}

/** @param {string} root @returns {number} seconds since the epoch for every mtime in the tarball */
function sourceDateEpoch(root) {
  const fromEnv = process.env['SOURCE_DATE_EPOCH'];
  if (fromEnv && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  const git = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' });
  const t = git.status === 0 ? Number(git.stdout.trim()) : NaN;
  return Number.isFinite(t) ? t : 0;
}

/** @returns {string} the GNU tar binary */
function gnuTar() {
  for (const bin of ['tar', 'gtar']) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.includes('GNU tar')) return bin;
  }
  throw new PackageError('GNU tar is needed (tar on Linux; brew install gnu-tar on macOS)');
}

/**
 * Builds the tarball, its checksum file and the notes file in outDir.
 * @param {{ root?: string, outDir: string, tag?: string }} options
 */
export function packageRelease({ root = repoRoot, outDir, tag }) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const changelogFile = path.join(root, 'CHANGELOG.md');
  const changelog = existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : '';
  const { version, notes } = releaseInfo({ version: String(pkg.version), changelog, tag });
  const files = releaseFiles(root);
  const base = `aws-release-kit-v${version}`;
  mkdirSync(outDir, { recursive: true });
  const tarball = path.join(outDir, `${base}.tar.gz`);
  const listFile = path.join(outDir, `${base}.files`);
  writeFileSync(listFile, `${files.join('\n')}\n`);
  let tarBytes;
  try {
    tarBytes = execFileSync(
      gnuTar(),
      [
        '--create',
        '--format=gnu',
        '--sort=name',
        `--mtime=@${sourceDateEpoch(root)}`,
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--mode=u+rw,go+r,go-w',
        `--transform=s,^,${base}/,`,
        '--no-recursion',
        '-C',
        root,
        '--files-from',
        listFile,
      ],
      { maxBuffer: 1024 * 1024 * 1024 },
    );
  } finally {
    rmSync(listFile, { force: true });
  }
  // gzip in Node: no file name and no time stamp in the header, so equal trees give equal bytes.
  const gz = gzipSync(tarBytes, { level: zlib.Z_BEST_COMPRESSION });
  writeFileSync(tarball, gz);
  const sha256 = createHash('sha256').update(gz).digest('hex');
  const checksumFile = `${tarball}.sha256`;
  writeFileSync(checksumFile, `${sha256}  ${path.basename(tarball)}\n`);
  const notesFile = path.join(outDir, 'release-notes.md');
  writeFileSync(notesFile, `${notes}\n`);
  return { tarball, sha256, checksumFile, notesFile, version, files };
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ tag?: string, outDir: string }} */
  const args = { outDir: path.join(repoRoot, 'build') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--tag' || flag === '--out') && value !== undefined && !value.startsWith('--')) {
      if (flag === '--tag') args.tag = value;
      else args.outDir = path.resolve(value);
      i++;
    } else {
      throw new PackageError(`unknown or incomplete argument "${flag}"; usage: package.mjs [--tag vX.Y.Z] [--out DIR]`);
    }
  }
  return args;
}

function main() {
  try {
    const args = parseArgs(process.argv.slice(2));
    const result = packageRelease({ outDir: args.outDir, ...(args.tag ? { tag: args.tag } : {}) });
    process.stderr.write(
      `${path.relative(process.cwd(), result.tarball)} (${result.files.length} files)\nsha256 ${result.sha256}\n`,
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof PackageError ? 2 : 1;
  }
}

const invoked = process.argv[1] ? realpathSync(path.resolve(process.argv[1])) : '';
if (invoked === fileURLToPath(import.meta.url)) main();
