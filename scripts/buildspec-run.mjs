#!/usr/bin/env node
/**
 * Runs a CodeBuild buildspec (version 0.2) on this machine the way CodeBuild runs it, so that the
 * snippets in buildspec/ can be tested end to end (and tried out) without CodeBuild.
 *
 * What is emulated, from the CodeBuild buildspec reference and its "build phase transitions":
 * - phases install, pre_build, build, post_build, in that order; each command of a phase runs in
 *   turn and the first one that fails ends the phase's `commands` block (a multi-line command is one
 *   command: like in CodeBuild, only its exit status counts, not that of its inner lines);
 * - `finally` runs after `commands`, also when one of them failed; the phase fails when any command
 *   of either block fails;
 * - one shell per phase block; what a command sets (variables, exported or not, and the current
 *   directory) is seen by the next commands and phases, as in CodeBuild's shared shell;
 * - after a failed phase CODEBUILD_BUILD_SUCCEEDING is 0 for the phases that still run;
 * - without `on-failure`: a failed install or pre_build ends the build, a failed build still runs
 *   post_build. `on-failure: CONTINUE` goes on with the next phase; `on-failure: ABORT` ends the
 *   build at once (post_build and the artifacts upload are skipped);
 * - the artifacts upload is attempted unless the build ended early: `files` globs (picomatch,
 *   dotfiles included), `base-directory`, `discard-paths`, `exclude-paths`, `secondary-artifacts`;
 *   nothing matched at all fails it ("no matching artifact paths found");
 * - env `variables` (literal values: `$X` is not expanded, as documented), `parameter-store` and
 *   `secrets-manager` (from the `parameters` map the caller passes, nothing is fetched; their values
 *   are masked in the log), `exported-variables` (their values at the end of the build; names
 *   starting with AWS_ cannot be exported), `shell` (bash by default here, /bin/sh when asked);
 * - variables passed in `env` win over the buildspec's, as project and start-build variables do.
 *
 * Not emulated: run-as, runtime-versions (logged and skipped), RETRY values of on-failure, reports,
 * cache, batch, proxy, artifact names. Variables from GitHub Actions (GITHUB_*, RUNNER_*, INPUT_*)
 * are left out of the build's environment: CodeBuild has none of them, and the toolkit would
 * otherwise believe it runs in Actions.
 *
 * Usage: node scripts/buildspec-run.mjs <buildspec.yml> [--cwd dir] [--env KEY=VALUE ...]
 *        [--parameter NAME=VALUE ...]
 * Logs go to stderr; the result ({ ok, phases, exported, artifacts }) is one JSON line on stdout.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import YAML from 'yaml';

/** The phases CodeBuild runs from a buildspec, in order. */
export const PHASES = /** @type {const} */ (['install', 'pre_build', 'build', 'post_build']);

/** A buildspec this runner (or CodeBuild) cannot run. */
export class BuildspecError extends Error {
  name = 'BuildspecError';
}

/**
 * @typedef {{ name: string, onFailure?: 'ABORT' | 'CONTINUE', commands: string[], finally: string[] }} Phase
 * @typedef {{ files: string[], baseDirectory?: string, discardPaths: boolean, excludePaths: string[] }} ArtifactSpec
 * @typedef {{
 *   shell: string,
 *   variables: Record<string, string>,
 *   parameterStore: Record<string, string>,
 *   secretsManager: Record<string, string>,
 *   exportedVariables: string[],
 *   phases: Phase[],
 *   artifacts?: ArtifactSpec,
 *   secondaryArtifacts: Record<string, ArtifactSpec>,
 *   notes: string[],
 * }} Buildspec
 * @typedef {{ name: string, path: string }} ArtifactFile
 * @typedef {{ name: string, status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED' }} PhaseResult
 * @typedef {{
 *   ok: boolean,
 *   phases: PhaseResult[],
 *   exported: Record<string, string>,
 *   artifacts: ArtifactFile[],
 *   secondaryArtifacts: Record<string, ArtifactFile[]>,
 *   error?: string,
 * }} BuildResult
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** @param {unknown} v */
const isMap = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A YAML scalar as CodeBuild reads it: numbers and booleans as their text, null as empty. */
function scalar(value, where) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new BuildspecError(`${where} must be a single value, not a ${Array.isArray(value) ? 'list' : 'mapping'}`);
}

/** @returns {Record<string, string>} */
function stringMap(value, where, { names = true } = {}) {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw new BuildspecError(`${where} must be a mapping of NAME: value`);
  /** @type {Record<string, string>} */
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (names && !NAME.test(k)) throw new BuildspecError(`${where}: "${k}" is not a variable name`);
    out[k] = scalar(v, `${where}.${k}`);
  }
  return out;
}

/** @returns {string[]} */
function commandList(value, where) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BuildspecError(`${where} must be a list of commands`);
  return value.map((c, i) => {
    if (isMap(c)) {
      // The classic trap: an unquoted "echo a: b" is a YAML mapping, not a command.
      throw new BuildspecError(
        `${where}[${i}] is a mapping, not a command: YAML reads "key: value" as a mapping; quote the command`,
      );
    }
    const text = scalar(c, `${where}[${i}]`);
    if (text.trim() === '') throw new BuildspecError(`${where}[${i}] is empty`);
    return text;
  });
}

function yesNo(value) {
  return value === true || (typeof value === 'string' && /^(yes|true)$/i.test(value));
}

/** @returns {ArtifactSpec} */
function artifactSpec(value, where) {
  if (!isMap(value)) throw new BuildspecError(`${where} must be a mapping`);
  const files = commandList(value['files'], `${where}.files`);
  if (files.length === 0) throw new BuildspecError(`${where}.files is required`);
  const exclude = value['exclude-paths'];
  return {
    files,
    baseDirectory:
      value['base-directory'] === undefined ? undefined : scalar(value['base-directory'], `${where}.base-directory`),
    discardPaths: yesNo(value['discard-paths']),
    excludePaths:
      exclude === undefined
        ? []
        : Array.isArray(exclude)
          ? commandList(exclude, `${where}.exclude-paths`)
          : [scalar(exclude, `${where}.exclude-paths`)],
  };
}

/**
 * Reads and checks a buildspec text. Throws BuildspecError for anything CodeBuild would refuse or
 * that this runner does not emulate in a way that matters for the result.
 * @param {string} text
 * @returns {Buildspec}
 */
export function parseBuildspec(text) {
  let doc;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new BuildspecError(`not valid YAML: ${/** @type {Error} */ (err).message}`);
  }
  if (!isMap(doc)) throw new BuildspecError('a buildspec is a YAML mapping');
  if (String(doc['version']) !== '0.2') {
    throw new BuildspecError(`version must be 0.2 (0.1 runs every command in its own shell), got ${doc['version']}`);
  }
  /** @type {string[]} */
  const notes = [];
  const env = doc['env'] ?? {};
  if (!isMap(env)) throw new BuildspecError('env must be a mapping');
  const shell = env['shell'] === undefined ? 'bash' : scalar(env['shell'], 'env.shell');
  if (!['bash', '/bin/sh', 'sh'].includes(shell))
    throw new BuildspecError(`env.shell "${shell}" is not bash or /bin/sh`);
  const exported = env['exported-variables'] ?? [];
  if (!Array.isArray(exported)) throw new BuildspecError('env.exported-variables must be a list of names');
  const exportedVariables = exported.map((n, i) => {
    const name = scalar(n, `env.exported-variables[${i}]`);
    if (!NAME.test(name)) throw new BuildspecError(`env.exported-variables: "${name}" is not a variable name`);
    return name;
  });

  if (doc['run-as'] !== undefined) notes.push('run-as is not emulated: every command runs as the current user');
  const phasesDoc = doc['phases'];
  if (!isMap(phasesDoc))
    throw new BuildspecError('phases is required (a mapping of install, pre_build, build, post_build)');
  for (const key of Object.keys(phasesDoc)) {
    if (!PHASES.includes(/** @type {never} */ (key))) {
      throw new BuildspecError(`phases.${key} is not a phase; the phases are ${PHASES.join(', ')}`);
    }
  }
  /** @type {Phase[]} */
  const phases = [];
  for (const name of PHASES) {
    const p = phasesDoc[name];
    if (p === undefined || p === null) continue;
    if (!isMap(p)) throw new BuildspecError(`phases.${name} must be a mapping with commands`);
    const onFailureRaw = p['on-failure'];
    let onFailure;
    if (onFailureRaw !== undefined) {
      const v = scalar(onFailureRaw, `phases.${name}.on-failure`);
      if (v !== 'ABORT' && v !== 'CONTINUE') {
        throw new BuildspecError(
          `phases.${name}.on-failure "${v}" is not supported here (ABORT or CONTINUE; RETRY is not emulated)`,
        );
      }
      onFailure = v;
    }
    if (p['run-as'] !== undefined) notes.push(`phases.${name}.run-as is not emulated`);
    if (p['runtime-versions'] !== undefined)
      notes.push(`phases.${name}.runtime-versions is skipped: the tools on PATH are used`);
    phases.push({
      name,
      onFailure,
      commands: commandList(p['commands'], `phases.${name}.commands`),
      finally: commandList(p['finally'], `phases.${name}.finally`),
    });
  }

  const artifactsDoc = doc['artifacts'];
  /** @type {Record<string, ArtifactSpec>} */
  const secondaryArtifacts = {};
  if (isMap(artifactsDoc) && isMap(artifactsDoc['secondary-artifacts'])) {
    for (const [id, spec] of Object.entries(artifactsDoc['secondary-artifacts'])) {
      secondaryArtifacts[id] = artifactSpec(spec, `artifacts.secondary-artifacts.${id}`);
    }
  }
  return {
    shell,
    variables: stringMap(env['variables'], 'env.variables'),
    parameterStore: stringMap(env['parameter-store'], 'env.parameter-store'),
    secretsManager: stringMap(env['secrets-manager'], 'env.secrets-manager'),
    exportedVariables,
    phases,
    artifacts:
      artifactsDoc === undefined || artifactsDoc === null ? undefined : artifactSpec(artifactsDoc, 'artifacts'),
    secondaryArtifacts,
    notes,
  };
}

/**
 * The value of a secrets-manager reference `secret-id:json-key:version-stage:version-id` from the
 * caller's map: the whole reference when the map has it, else the secret id's value (an ARN id has
 * 7 colon-separated parts), narrowed to json-key when one is given.
 * @param {string} ref
 * @param {Record<string, string>} parameters
 * @returns {string | undefined}
 */
export function secretValue(ref, parameters) {
  if (Object.hasOwn(parameters, ref)) return parameters[ref];
  const parts = ref.split(':');
  const idParts = ref.startsWith('arn:') ? 7 : 1;
  const id = parts.slice(0, idParts).join(':');
  const jsonKey = parts[idParts];
  if (!Object.hasOwn(parameters, id)) return undefined;
  const secret = /** @type {string} */ (parameters[id]);
  if (!jsonKey) return secret;
  let obj;
  try {
    obj = JSON.parse(secret);
  } catch {
    return undefined;
  }
  if (!isMap(obj) || !Object.hasOwn(obj, jsonKey)) return undefined;
  const v = obj[jsonKey];
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Single-quoted for sh: the only character to escape is the single quote itself. */
export function shellQuote(value) {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}

/** Variables that would make the toolkit (or anything else) believe it runs in GitHub Actions. */
const FOREIGN = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_)/;
/** Variables the shell owns (read-only in bash): never written into the environment file. */
const SHELL_OWNED = new Set(['SHELLOPTS', 'BASHOPTS', 'BASH_VERSINFO', 'BASHPID', 'EUID', 'PPID', 'UID', '_']);

/** The shell's absolute path, found on PATH once (the shell is started with an empty environment). */
function shellPath(shell) {
  if (shell !== 'bash') return '/bin/sh';
  for (const dir of (process.env['PATH'] ?? '/usr/bin:/bin').split(path.delimiter)) {
    const candidate = path.join(dir, 'bash');
    if (dir && existsSync(candidate)) return candidate;
  }
  return 'bash';
}

function gitHead(cwd) {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Every file under dir (relative, with / separators). Symlinked directories are not followed;
 * symlinked files are listed.
 * @param {string} dir
 * @returns {string[]}
 */
function listFiles(dir) {
  /** @type {string[]} */
  const out = [];
  const walk = (rel) => {
    const abs = path.join(dir, rel);
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(r);
      else if (entry.isFile()) out.push(r);
      else if (entry.isSymbolicLink()) {
        try {
          if (statSync(path.join(dir, r)).isFile()) out.push(r);
        } catch {
          // a dangling link is not an artifact
        }
      }
    }
  };
  if (existsSync(dir) && lstatSync(dir).isDirectory()) walk('');
  return out.sort();
}

/**
 * The files one artifacts block uploads, and the patterns that matched nothing.
 * @param {ArtifactSpec} spec
 * @param {string} srcDir
 * @returns {{ files: ArtifactFile[], unmatched: string[] }}
 */
export function resolveArtifacts(spec, srcDir) {
  const base = path.resolve(srcDir, spec.baseDirectory ?? '.');
  const all = listFiles(base);
  const excluded = spec.excludePaths.length ? picomatch(spec.excludePaths, { dot: true }) : () => false;
  /** @type {Map<string, ArtifactFile>} */
  const chosen = new Map();
  /** @type {string[]} */
  const unmatched = [];
  for (const pattern of spec.files) {
    const p = pattern.replace(/^\.\//, '');
    const match = picomatch(p, { dot: true });
    const hits = all.filter((f) => match(f) && !excluded(f));
    if (hits.length === 0) unmatched.push(pattern);
    for (const f of hits)
      chosen.set(f, { name: spec.discardPaths ? path.posix.basename(f) : f, path: path.join(base, f) });
  }
  return { files: [...chosen.values()], unmatched };
}

/**
 * The shell script of one block (commands or finally) of one phase. It loads the environment the
 * previous block left, runs each command and stops at the first that fails, and on exit (also
 * through a command's own `exit`) records the exit status, the step reached, the environment and
 * the directory for the next block.
 */
function blockScript({ dir, envIn, cwd, fallbackCwd, succeeding, commands, exported }) {
  const f = (name) => shellQuote(path.join(dir, name));
  const values = exported.map((n) => `"\${${n}+set}" "\${${n}-}"`).join(' ');
  const lines = [
    '# written by scripts/buildspec-run.mjs',
    // Defined before `set -a`, so that it is not exported into every command's environment.
    '__arkit_exit() {',
    `  printf '%s\\n' "$?" > ${f('rc')}`,
    `  export -p > ${f('env')}`,
    `  pwd > ${f('pwd')}`,
    exported.length ? `  printf '%s\\0' ${values} > ${f('exported')}` : '  :',
    '}',
    'trap __arkit_exit EXIT',
    // One ordered log, like CodeBuild's.
    'exec 2>&1',
    // CodeBuild runs the commands of all phases in one shell: a plain `X=1` in pre_build is seen in
    // build. Each block here is its own process, so every variable is exported to carry it over.
    'set -a',
    `. ${shellQuote(envIn)}`,
    `cd -- ${shellQuote(cwd)} 2>/dev/null || cd -- ${shellQuote(fallbackCwd)}`,
    `CODEBUILD_BUILD_SUCCEEDING=${succeeding}`,
    'export CODEBUILD_BUILD_SUCCEEDING',
  ];
  commands.forEach((command, i) => {
    lines.push(
      `printf '%s\\n' ${i + 1} > ${f('step')}`,
      // A multi-line command is shown whole, every line marked as the runner's.
      `printf '%s\\n' ${shellQuote(`[Container] Running command ${command.trimEnd().replace(/\n/g, '\n[Container]   ')}`)}`,
      command,
      // The command's own status, not that of its inner lines: CodeBuild checks each command once.
      'case $? in 0) ;; *) exit $? ;; esac',
    );
  });
  lines.push(`printf '%s\\n' done > ${f('step')}`, 'exit 0', '');
  return lines.join('\n');
}

/** Replaces every secret value in a log line. */
function redactor(secrets) {
  const values = [...new Set(secrets.filter((s) => s.trim().length >= 3))].sort((a, b) => b.length - a.length);
  return (line) => values.reduce((l, v) => l.split(v).join('***'), line);
}

/**
 * Runs one shell script, streaming its output line by line to `emit`.
 * @returns {Promise<number | null>} the exit code (null when killed by a signal)
 */
function runScript(shell, script, cwd, emit) {
  return new Promise((resolve, reject) => {
    // The environment comes from the sourced file only, so that a variable a phase unset stays unset.
    const child = spawn(shellPath(shell), [script], {
      cwd,
      env: {},
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const buffers = { stdout: '', stderr: '' };
    for (const stream of /** @type {const} */ (['stdout', 'stderr'])) {
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk) => {
        buffers[stream] += chunk;
        const lines = buffers[stream].split('\n');
        buffers[stream] = lines.pop() ?? '';
        for (const l of lines) emit(l);
      });
    }
    let code = /** @type {number | null} */ (null);
    const finish = () => {
      for (const stream of /** @type {const} */ (['stdout', 'stderr'])) {
        if (buffers[stream] !== '') emit(buffers[stream]);
        buffers[stream] = '';
      }
      resolve(code);
    };
    child.on('error', reject);
    child.on('exit', (c) => {
      code = c;
      // A background process a command started may hold the pipes open; do not wait for it long.
      const timer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 2000);
      child.once('close', () => {
        clearTimeout(timer);
        finish();
      });
    });
  });
}

function readIfExists(file) {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Runs a buildspec.
 * @param {{
 *   file: string,
 *   cwd?: string,
 *   env?: Record<string, string | undefined>,
 *   parameters?: Record<string, string>,
 *   log?: (line: string) => void,
 *   baseEnv?: Record<string, string | undefined>,
 * }} options
 *   file: the buildspec; cwd: the source directory (CODEBUILD_SRC_DIR, default the current one);
 *   env: project / start-build variables (they win over the buildspec's); parameters: values for
 *   parameter-store names and secrets-manager ids; log: receives every line (default stderr);
 *   baseEnv: the build image's environment (default this process's, without GitHub's variables).
 * @returns {Promise<BuildResult>}
 */
export async function runBuildspec(options) {
  const log = options.log ?? ((line) => void process.stderr.write(`${line}\n`));
  const srcDir = path.resolve(options.cwd ?? process.cwd());
  const spec = parseBuildspec(readFileSync(options.file, 'utf8'));
  const parameters = options.parameters ?? {};
  for (const note of spec.notes) log(`[Container] note: ${note}`);

  /** @type {PhaseResult[]} */
  const phases = spec.phases.map((p) => ({ name: p.name, status: 'SKIPPED' }));
  if (spec.artifacts) phases.push({ name: 'upload_artifacts', status: 'SKIPPED' });
  /** @type {BuildResult} */
  const result = { ok: false, phases, exported: {}, artifacts: [], secondaryArtifacts: {} };

  // Parameter Store and Secrets Manager first: CodeBuild fails the build before any phase when one
  // cannot be read.
  /** @type {Record<string, string>} */
  const fetched = {};
  /** @type {string[]} */
  const missing = [];
  for (const [key, name] of Object.entries(spec.parameterStore)) {
    if (name.includes('$'))
      log(`[Container] note: parameter-store ${key}: CodeBuild does not expand variables in "${name}"`);
    if (Object.hasOwn(parameters, name)) fetched[key] = /** @type {string} */ (parameters[name]);
    else missing.push(`parameter-store ${key}: parameter ${name} does not exist`);
  }
  for (const [key, ref] of Object.entries(spec.secretsManager)) {
    const value = secretValue(ref, parameters);
    if (value === undefined) missing.push(`secrets-manager ${key}: ${ref} cannot be read`);
    else fetched[key] = value;
  }
  const redact = redactor(Object.values(fetched));
  const emit = (line) => log(redact(line));
  if (missing.length) {
    result.error = missing.join('; ');
    emit(`[Container] ${result.error}`);
    return result;
  }

  const base = options.baseEnv ?? Object.fromEntries(Object.entries(process.env).filter(([k]) => !FOREIGN.test(k)));
  const sha = gitHead(srcDir);
  /** @type {Record<string, string | undefined>} */
  const environment = {
    ...base,
    CODEBUILD_SRC_DIR: srcDir,
    CODEBUILD_BUILD_ID: `buildspec-run:${randomUUID()}`,
    CODEBUILD_BUILD_NUMBER: '1',
    CODEBUILD_INITIATOR: 'buildspec-run',
    CODEBUILD_START_TIME: String(Date.now()),
    ...(sha ? { CODEBUILD_RESOLVED_SOURCE_VERSION: sha } : {}),
    ...spec.variables,
    ...fetched,
    ...options.env,
  };

  const work = mkdtempSync(path.join(tmpdir(), 'buildspec-run-'));
  try {
    let envFile = path.join(work, 'env.initial');
    writeFileSync(
      envFile,
      Object.entries(environment)
        .filter(
          ([k, v]) => NAME.test(k) && v !== undefined && !SHELL_OWNED.has(k) && k !== 'CODEBUILD_BUILD_SUCCEEDING',
        )
        .map(([k, v]) => `export ${k}=${shellQuote(v)}\n`)
        .join(''),
    );
    let cwd = srcDir;
    let succeeding = true;
    let stopped = false;
    /** @type {string | undefined} */
    let exportedFile;
    let block = 0;

    /** Runs one block; returns whether every command succeeded. */
    const runBlock = async (phase, kind, commands) => {
      const dir = path.join(work, `${String(++block).padStart(2, '0')}-${phase.name}-${kind}`);
      mkdirSync(dir);
      const script = path.join(dir, 'script.sh');
      writeFileSync(
        script,
        blockScript({
          dir,
          envIn: envFile,
          cwd,
          fallbackCwd: srcDir,
          succeeding: succeeding ? 1 : 0,
          commands,
          exported: spec.exportedVariables,
        }),
      );
      const code = await runScript(spec.shell, script, srcDir, emit);
      const rc = Number((readIfExists(path.join(dir, 'rc')) ?? String(code ?? 1)).trim());
      const step = (readIfExists(path.join(dir, 'step')) ?? '').trim();
      // The environment and directory carry over even from a failed block (the shell lives on in
      // CodeBuild). A block killed before its exit trap ran leaves the previous ones in place.
      if (existsSync(path.join(dir, 'env'))) envFile = path.join(dir, 'env');
      const pwd = readIfExists(path.join(dir, 'pwd'));
      if (pwd?.trim()) cwd = pwd.replace(/\n$/, '');
      if (existsSync(path.join(dir, 'exported'))) exportedFile = path.join(dir, 'exported');
      const index = Number(step) - 1;
      const command = commands[index] ?? '(before the first command)';
      if (rc !== 0 || code === null) {
        emit(`[Container] Command did not exit successfully ${command} exit status ${code === null ? 'killed' : rc}`);
        return false;
      }
      if (step !== 'done' && step !== '') {
        emit(`[Container] ${command} ended the shell with exit 0: the rest of the ${kind} block did not run`);
      }
      return true;
    };

    for (const [i, phase] of spec.phases.entries()) {
      const entry = /** @type {PhaseResult} */ (phases[i]);
      if (stopped) continue;
      emit(`[Container] Entering phase ${phase.name.toUpperCase()}`);
      let ok = phase.commands.length ? await runBlock(phase, 'commands', phase.commands) : true;
      if (phase.finally.length) ok = (await runBlock(phase, 'finally', phase.finally)) && ok;
      entry.status = ok ? 'SUCCEEDED' : 'FAILED';
      emit(`[Container] Phase complete: ${phase.name.toUpperCase()} State: ${entry.status}`);
      if (ok) continue;
      succeeding = false;
      if (phase.onFailure === 'CONTINUE') continue;
      // ABORT ends the build; so does the default after install and pre_build. A failed build
      // phase goes on to post_build by default.
      if (phase.onFailure === 'ABORT' || phase.name === 'install' || phase.name === 'pre_build') {
        stopped = true;
        emit(`[Container] Phase ${phase.name.toUpperCase()} failed: the build ends here`);
      }
    }

    let artifactsOk = true;
    if (spec.artifacts && !stopped) {
      const primary = resolveArtifacts(spec.artifacts, srcDir);
      for (const p of primary.unmatched) emit(`[Container] artifacts: no file matches ${p}`);
      result.artifacts = primary.files;
      for (const [id, s] of Object.entries(spec.secondaryArtifacts)) {
        const r = resolveArtifacts(s, srcDir);
        for (const p of r.unmatched) emit(`[Container] secondary artifact ${id}: no file matches ${p}`);
        if (r.files.length === 0) artifactsOk = false;
        result.secondaryArtifacts[id] = r.files;
      }
      if (primary.files.length === 0) {
        emit('[Container] CLIENT_ERROR: no matching artifact paths found');
        artifactsOk = false;
      }
      const entry = /** @type {PhaseResult} */ (phases[phases.length - 1]);
      entry.status = artifactsOk ? 'SUCCEEDED' : 'FAILED';
      emit(`[Container] Phase complete: UPLOAD_ARTIFACTS State: ${entry.status}`);
    }

    if (exportedFile) {
      const parts = readFileSync(exportedFile, 'utf8').split('\0');
      spec.exportedVariables.forEach((name, i) => {
        if (name.startsWith('AWS_')) {
          emit(`[Container] exported-variables: ${name} cannot be exported (names starting with AWS_ are reserved)`);
          return;
        }
        result.exported[name] = parts[i * 2] === 'set' ? (parts[i * 2 + 1] ?? '') : '';
      });
    }
    result.ok = succeeding && artifactsOk;
    emit(`[Container] Build ${result.ok ? 'SUCCEEDED' : 'FAILED'}`);
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ file?: string, cwd?: string, env: Record<string, string>, parameters: Record<string, string> }} */
  const args = { env: {}, parameters: {} };
  const pair = (flag, v) => {
    const eq = v?.indexOf('=') ?? -1;
    if (!v || eq <= 0) throw new BuildspecError(`${flag} needs NAME=VALUE`);
    return [v.slice(0, eq), v.slice(eq + 1)];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cwd') args.cwd = argv[++i];
    else if (a === '--env') {
      const [k, v] = pair(a, argv[++i]);
      args.env[k] = v;
    } else if (a === '--parameter') {
      const [k, v] = pair(a, argv[++i]);
      args.parameters[k] = v;
    } else if (!a?.startsWith('--') && args.file === undefined) args.file = a;
    else throw new BuildspecError(`unexpected argument ${a}`);
  }
  if (!args.file)
    throw new BuildspecError(
      'which buildspec? usage: buildspec-run.mjs <buildspec.yml> [--cwd dir] [--env K=V] [--parameter NAME=VALUE]',
    );
  return args;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
    const result = await runBuildspec({ file: args.file, cwd: args.cwd, env: args.env, parameters: args.parameters });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exitCode = result.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof BuildspecError ? 2 : 1;
  }
}

const invoked = process.argv[1] ? realpathSync(path.resolve(process.argv[1])) : '';
if (invoked === fileURLToPath(import.meta.url)) await main();
