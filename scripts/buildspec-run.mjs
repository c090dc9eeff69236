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
 * - one shell per phase block; what a command sets (variables and the current directory) is seen by
 *   the next commands and phases, as in CodeBuild's shared shell. A variable stays what it was:
 *   one the build's environment gave or a command exported is in every child process's
 *   environment; a plain `X=1` is carried to the next phases as a shell variable only (a child
 *   process does not see it unless it is exported). Arrays carry their first element only; shell
 *   functions and options (`set -o pipefail`) do not carry over;
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
 *   starting with AWS_ cannot be exported), `shell` (/bin/sh by default, as on CodeBuild's Linux
 *   images; bash when the buildspec asks for it);
 * - variables passed in `env` win over the buildspec's, as project and start-build variables do.
 *
 * Not emulated: run-as, runtime-versions (logged and skipped), RETRY values of on-failure, reports,
 * cache, batch, proxy, artifact names. Variables from GitHub Actions (GITHUB_*, RUNNER_*, INPUT_*)
 * are left out of the build's environment: CodeBuild has none of them, and the toolkit would
 * otherwise believe it runs in Actions.
 *
 * Each block runs in a process group of its own: an abort (runBuildspec's `signal`, or Ctrl-C /
 * SIGTERM to the CLI) stops the running command and everything it started, and nothing more runs.
 *
 * Usage: node scripts/buildspec-run.mjs <buildspec.yml> [--cwd dir] [--env KEY=VALUE ...]
 *        [--parameter NAME=VALUE ...]
 * Logs go to stderr; the result ({ ok, phases, exported, artifacts }) is one JSON line on stdout.
 * Exit code 0 when the build succeeded, 1 when it failed, 2 for a buildspec it cannot run, 130 when
 * interrupted.
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
  // CodeBuild's Linux images run the commands with /bin/sh unless the buildspec asks for bash.
  const shell = env['shell'] === undefined ? '/bin/sh' : scalar(env['shell'], 'env.shell');
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
/**
 * Variables the shell keeps itself (read-only or recomputed in bash, or the directory, which is
 * carried on its own): never carried from one block to the next. CODEBUILD_BUILD_SUCCEEDING is set
 * by the runner for each block; __arkit_* are the exit trap's own.
 */
const NEVER_CARRIED =
  /^(BASH|BASH_.*|BASHOPTS|BASHPID|SHELLOPTS|EUID|UID|PPID|GROUPS|FUNCNAME|DIRSTACK|PIPESTATUS|RANDOM|SRANDOM|SECONDS|LINENO|HISTCMD|EPOCHREALTIME|EPOCHSECONDS|PWD|OLDPWD|_|CODEBUILD_BUILD_SUCCEEDING|__arkit_.*)$/;
/**
 * Variables every shell sets at start-up: carried only when they are in the environment (e.g. a
 * HOSTNAME the image exports), not as the shell's own defaults.
 */
const SHELL_DEFAULTS =
  /^(IFS|OPTIND|OPTARG|OPTERR|PS1|PS2|PS4|HOSTNAME|HOSTTYPE|MACHTYPE|OSTYPE|SHLVL|MAILCHECK|COMP_WORDBREAKS|HISTFILE|HISTFILESIZE|HISTSIZE)$/;

/**
 * The shell state one block hands on: every variable, and which of them are exported.
 * @typedef {{ values: Map<string, string>, exported: Set<string> }} ShellVariables
 */

/**
 * What the next block starts with: the variables, then `export` for the exported ones.
 * @param {ShellVariables} vars
 */
function environmentScript(vars) {
  const lines = [];
  for (const [name, value] of vars.values) {
    lines.push(`${name}=${shellQuote(value)}`);
    if (vars.exported.has(name)) lines.push(`export ${name}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Reads the variables a block's exit trap left: NAME NUL VALUE NUL pairs (from the shell itself, so
 * values with newlines or quotes come through as they are), and the names a child process saw in
 * its environment (JSON), i.e. the exported ones.
 * @returns {ShellVariables | undefined} undefined when the trap did not run (the block was killed)
 */
function readShellVariables(varsFile, exportedFile) {
  if (!existsSync(varsFile) || !existsSync(exportedFile)) return undefined;
  let inEnvironment;
  try {
    inEnvironment = new Set(/** @type {string[]} */ (JSON.parse(readFileSync(exportedFile, 'utf8'))));
  } catch {
    return undefined;
  }
  const parts = readFileSync(varsFile, 'utf8').split('\0');
  /** @type {ShellVariables} */
  const vars = { values: new Map(), exported: new Set() };
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const name = /** @type {string} */ (parts[i]);
    if (!NAME.test(name) || NEVER_CARRIED.test(name)) continue;
    const exported = inEnvironment.has(name);
    if (SHELL_DEFAULTS.test(name) && !exported) continue;
    vars.values.set(name, /** @type {string} */ (parts[i + 1]));
    if (exported) vars.exported.add(name);
  }
  return vars;
}

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
 * The shell script of one block (commands or finally) of one phase, for /bin/sh or bash alike. It
 * loads the variables the previous block left, runs each command and stops at the first that
 * fails, and on exit (also through a command's own `exit`) records the exit status, the step
 * reached, every shell variable, which of them are exported, and the directory for the next block.
 */
function blockScript({ dir, envIn, cwd, fallbackCwd, succeeding, commands }) {
  const f = (name) => shellQuote(path.join(dir, name));
  const lines = [
    '# written by scripts/buildspec-run.mjs',
    '__arkit_exit() {',
    `  printf '%s\\n' "$?" > ${f('rc')}`,
    `  pwd > ${f('pwd')}`,
    // `set` lists every variable (bash: functions too, indented, so they never match), its values
    // quoted over several lines at times: a line that starts like NAME= may belong to a value, so
    // each name is checked to be set before its value is written, straight from the shell.
    `  set > ${f('set')}`,
    '  while IFS= read -r __arkit_l; do',
    '    case $__arkit_l in __arkit_*) continue ;; [A-Za-z_]*=*) ;; *) continue ;; esac',
    '    __arkit_n=${__arkit_l%%=*}',
    '    case $__arkit_n in *[!A-Za-z0-9_]*) continue ;; esac',
    '    eval "__arkit_s=\\${$__arkit_n+set}"',
    '    [ "$__arkit_s" = set ] || continue',
    '    eval "__arkit_v=\\${$__arkit_n}"',
    `    printf '%s\\0%s\\0' "$__arkit_n" "$__arkit_v"`,
    `  done < ${f('set')} > ${f('vars')}`,
    // Exported is what a child process finds in its environment.
    `  ${shellQuote(process.execPath)} -e 'process.stdout.write(JSON.stringify(Object.keys(process.env)))' > ${f('exported')} 2>/dev/null`,
    '}',
    'trap __arkit_exit EXIT',
    // One ordered log, like CodeBuild's.
    'exec 2>&1',
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
 * Runs one shell script, streaming its output line by line to `emit`. The shell leads a process
 * group of its own, so that an abort stops it and everything it started (a build tool, a server).
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<number | null>} the exit code (null when killed by a signal)
 */
function runScript(shell, script, cwd, emit, signal) {
  return new Promise((resolve, reject) => {
    // The environment comes from the sourced file only, so that a variable a phase unset stays unset.
    const child = spawn(shellPath(shell), [script], {
      cwd,
      env: {},
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    /** @param {NodeJS.Signals} sig */
    const killGroup = (sig) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let killTimer;
    const onAbort = () => {
      killGroup('SIGTERM');
      // Whatever ignores SIGTERM is killed a little later.
      killTimer = setTimeout(() => killGroup('SIGKILL'), 3000);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
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
      signal?.removeEventListener('abort', onAbort);
      for (const stream of /** @type {const} */ (['stdout', 'stderr'])) {
        if (buffers[stream] !== '') emit(buffers[stream]);
        buffers[stream] = '';
      }
      resolve(code);
    };
    child.on('error', reject);
    child.on('exit', (c) => {
      code = c;
      // An aborted build leaves nothing behind: what the shell started goes with it.
      if (signal?.aborted) {
        killGroup('SIGKILL');
        if (killTimer) clearTimeout(killTimer);
      }
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
 *   signal?: AbortSignal,
 * }} options
 *   file: the buildspec; cwd: the source directory (CODEBUILD_SRC_DIR, default the current one);
 *   env: project / start-build variables (they win over the buildspec's); parameters: values for
 *   parameter-store names and secrets-manager ids; log: receives every line (default stderr);
 *   baseEnv: the build image's environment (default this process's, without GitHub's variables);
 *   signal: aborts the build: the running command and what it started are killed, nothing more
 *   runs (no artifacts), and the result has ok false and error "aborted".
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
    // The build's environment: every variable in it is exported, as CodeBuild's are.
    /** @type {ShellVariables} */
    let vars = { values: new Map(), exported: new Set() };
    for (const [k, v] of Object.entries(environment)) {
      if (!NAME.test(k) || v === undefined || NEVER_CARRIED.test(k)) continue;
      vars.values.set(k, v);
      vars.exported.add(k);
    }
    let cwd = srcDir;
    let succeeding = true;
    let stopped = false;
    let ranBlock = false;
    let block = 0;
    const aborted = () => options.signal?.aborted === true;

    /** Runs one block; returns whether every command succeeded. */
    const runBlock = async (phase, kind, commands) => {
      const dir = path.join(work, `${String(++block).padStart(2, '0')}-${phase.name}-${kind}`);
      mkdirSync(dir);
      const envIn = path.join(dir, 'env.in');
      writeFileSync(envIn, environmentScript(vars));
      const script = path.join(dir, 'script.sh');
      writeFileSync(
        script,
        blockScript({ dir, envIn, cwd, fallbackCwd: srcDir, succeeding: succeeding ? 1 : 0, commands }),
      );
      ranBlock = true;
      const code = await runScript(spec.shell, script, srcDir, emit, options.signal);
      const rc = Number((readIfExists(path.join(dir, 'rc')) ?? String(code ?? 1)).trim());
      const step = (readIfExists(path.join(dir, 'step')) ?? '').trim();
      // The variables and directory carry over even from a failed block (the shell lives on in
      // CodeBuild). A block killed before its exit trap ran leaves the previous ones in place.
      vars = readShellVariables(path.join(dir, 'vars'), path.join(dir, 'exported')) ?? vars;
      const pwd = readIfExists(path.join(dir, 'pwd'));
      if (pwd?.trim()) cwd = pwd.replace(/\n$/, '');
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
      if (stopped || aborted()) continue;
      emit(`[Container] Entering phase ${phase.name.toUpperCase()}`);
      let ok = phase.commands.length ? await runBlock(phase, 'commands', phase.commands) : true;
      if (phase.finally.length && !aborted()) ok = (await runBlock(phase, 'finally', phase.finally)) && ok;
      entry.status = ok && !aborted() ? 'SUCCEEDED' : 'FAILED';
      emit(`[Container] Phase complete: ${phase.name.toUpperCase()} State: ${entry.status}`);
      if (entry.status === 'SUCCEEDED') continue;
      succeeding = false;
      if (phase.onFailure === 'CONTINUE') continue;
      // ABORT ends the build; so does the default after install and pre_build. A failed build
      // phase goes on to post_build by default.
      if (phase.onFailure === 'ABORT' || phase.name === 'install' || phase.name === 'pre_build') {
        stopped = true;
        emit(`[Container] Phase ${phase.name.toUpperCase()} failed: the build ends here`);
      }
    }
    if (aborted()) {
      result.error = 'aborted';
      emit('[Container] Build aborted: the running command was stopped and nothing more runs');
      return result;
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

    // Exported variables: their values at the end of the build, exported in the shell or not.
    if (ranBlock) {
      for (const name of spec.exportedVariables) {
        if (name.startsWith('AWS_')) {
          emit(`[Container] exported-variables: ${name} cannot be exported (names starting with AWS_ are reserved)`);
          continue;
        }
        result.exported[name] = vars.values.get(name) ?? '';
      }
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
  // The commands run in process groups of their own (see runScript), so an interrupt from the
  // terminal reaches only this process: it stops the running command and ends the build.
  const controller = new AbortController();
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.once(signal, () => controller.abort());
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
    const result = await runBuildspec({
      file: args.file,
      cwd: args.cwd,
      env: args.env,
      parameters: args.parameters,
      signal: controller.signal,
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exitCode = result.ok ? 0 : controller.signal.aborted ? 130 : 1;
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof BuildspecError ? 2 : 1;
  }
}

const invoked = process.argv[1] ? realpathSync(path.resolve(process.argv[1])) : '';
if (invoked === fileURLToPath(import.meta.url)) await main();
