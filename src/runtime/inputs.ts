import * as path from 'node:path';
import { InputError } from './errors.js';
import type { InputSpec, InputSpecs } from './spec.js';

/** Raw input values by kebab-case name, before any typing. Several values are kept as separate lines. */
export type RawInputs = Map<string, string>;

/** A boolean input is one whose default is true or false; only it may be given as a bare `--name`. */
export function isBooleanInput(spec: InputSpec | undefined): boolean {
  return spec?.default === 'true' || spec?.default === 'false';
}

/**
 * Reads `--name value`, `--name=value` and, for booleans, a bare `--name` (true). A list input may be
 * repeated, each value a line; repeating any other input is an error rather than a silent join.
 */
export function parseFlags(argv: readonly string[], specs: InputSpecs, command: string): RawInputs {
  const raw: RawInputs = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--') || arg === '--') {
      // The word itself is not repeated: it may be a piece of an unquoted secret split by the shell.
      throw new InputError(
        `argument ${i + 1}`,
        `is not an input flag; inputs are given as --name value, values with spaces quoted (see: ${command} --help)`,
      );
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = specs[name];
    if (!spec) {
      throw new InputError(name, `${command} has no such input (see: ${command} --help)`);
    }
    let value: string;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        if (!isBooleanInput(spec)) {
          throw new InputError(
            name,
            `needs a value: --${name} VALUE (a value starting with -- is given as --${name}=VALUE)`,
          );
        }
        value = 'true';
      } else {
        value = next;
        i++;
      }
    }
    const before = raw.get(name);
    if (before !== undefined && !spec.multiple) {
      throw new InputError(name, 'is given more than once; it takes one value');
    }
    raw.set(name, before === undefined ? value : `${before}\n${value}`);
  }
  return raw;
}

/**
 * Reads inputs the way a JavaScript action receives them: INPUT_<NAME> variables. A composite step
 * that passes them through `env:` may spell `task-definition` as INPUT_TASK-DEFINITION or
 * INPUT_TASK_DEFINITION; both are read.
 */
export function readEnvInputs(env: NodeJS.ProcessEnv, specs: InputSpecs): RawInputs {
  const raw: RawInputs = new Map();
  for (const name of Object.keys(specs)) {
    const upper = name.toUpperCase();
    const value = env[`INPUT_${upper.replace(/ /g, '_')}`] ?? env[`INPUT_${upper.replace(/[- ]/g, '_')}`];
    if (value !== undefined && value !== '') raw.set(name, value);
  }
  return raw;
}

export interface PathBases {
  /** Tried in order: GITHUB_WORKSPACE, CODEBUILD_SRC_DIR, then the current directory. */
  bases: string[];
}

export function pathBases(env: NodeJS.ProcessEnv, cwd: string): string[] {
  return [env['GITHUB_WORKSPACE'], env['CODEBUILD_SRC_DIR'], cwd].filter((b): b is string => !!b);
}

export interface KeyValue {
  key: string;
  value: string;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** Typed access to one command's inputs. Every name must be declared in the command's specs. */
export class InputReader {
  constructor(
    private readonly specs: InputSpecs,
    private readonly raw: RawInputs,
    private readonly bases: string[] = [process.cwd()],
  ) {}

  /** The trimmed value, falling back to the declared default; '' when neither is set. */
  value(name: string): string {
    const spec = this.specs[name];
    if (!spec) throw new Error(`BUG: input "${name}" is read but not declared`);
    const given = (this.raw.get(name) ?? '').trim();
    return given !== '' ? given : (spec.default ?? '');
  }

  has(name: string): boolean {
    return (this.raw.get(name) ?? '').trim() !== '';
  }

  /**
   * Set to something other than its default. The Actions runner passes every input of action.yml,
   * defaults included, so "has a value" cannot tell the user's choice from the default there; a check
   * that refuses an input out of place asks this instead.
   */
  given(name: string): boolean {
    const v = (this.raw.get(name) ?? '').trim();
    return v !== '' && v !== (this.specs[name]?.default ?? '');
  }

  /** Optional string: undefined when empty. */
  string(name: string): string | undefined {
    const v = this.value(name);
    return v === '' ? undefined : v;
  }

  required(name: string): string {
    const v = this.value(name);
    if (v === '') throw new InputError(name, 'is required');
    return v;
  }

  /** true/false (also yes/no, on/off, 1/0); empty means the default, unlike core.getBooleanInput. */
  boolean(name: string, fallback = false): boolean {
    if (!isBooleanInput(this.specs[name]))
      throw new Error(`BUG: boolean input "${name}" must default to true or false`);
    const v = this.value(name).toLowerCase();
    if (v === '') return fallback;
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new InputError(name, `expected true or false, got "${this.value(name)}"`);
  }

  int(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    const v = this.value(name);
    if (v === '') return undefined;
    if (!/^[+-]?\d+$/.test(v)) throw new InputError(name, `expected a whole number, got "${v}"`);
    const n = Number(v);
    if (range.min !== undefined && n < range.min) throw new InputError(name, `must be at least ${range.min}, got ${n}`);
    if (range.max !== undefined && n > range.max) throw new InputError(name, `must be at most ${range.max}, got ${n}`);
    return n;
  }

  /** A number of seconds, fractions allowed (so that tests can poll fast), within the range. */
  seconds(name: string, range: { min: number; max: number }): number {
    const v = this.value(name);
    if (!/^\d+(\.\d+)?$/.test(v)) throw new InputError(name, `expected a number of seconds, got "${v}"`);
    const n = Number(v);
    if (n < range.min || n > range.max) {
      throw new InputError(name, `must be between ${range.min} and ${range.max} seconds, got ${v}`);
    }
    return n;
  }

  /** Like int() but the input must resolve to a number (declare a default or mark it required). */
  requiredInt(name: string, range: { min?: number; max?: number } = {}): number {
    const n = this.int(name, range);
    if (n === undefined) throw new InputError(name, 'is required');
    return n;
  }

  /** One value per line (or per repeated flag); blank lines and lines starting with # are skipped. */
  list(name: string, options: { commas?: boolean } = {}): string[] {
    const v = this.value(name);
    const parts = v.split(/\r?\n/);
    const items = options.commas ? parts.flatMap((p) => p.split(',')) : parts;
    return items.map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#'));
  }

  /**
   * Like list() without commas, but each line exactly as given: nothing is trimmed, for values whose
   * spaces matter (a variable's value). Blank lines and lines starting with # are still skipped.
   */
  exactLines(name: string): string[] {
    if (!this.specs[name]) throw new Error(`BUG: input "${name}" is read but not declared`);
    return (this.raw.get(name) ?? '').split(/\r?\n/).filter((s) => s.trim() !== '' && !s.trimStart().startsWith('#'));
  }

  /** KEY=VALUE lines, split at the first '='; the value may itself contain '=' and may be empty. */
  pairs(name: string): KeyValue[] {
    return this.list(name).map((line, i) => {
      const eq = line.indexOf('=');
      // The line itself is not repeated: it may hold a secret value (a password given as KEY: value).
      if (eq < 0) throw new InputError(name, `line ${i + 1} is not KEY=VALUE (it has no "=")`);
      if (eq === 0) throw new InputError(name, `line ${i + 1} is not KEY=VALUE (the key before "=" is empty)`);
      return { key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() };
    });
  }

  choice<T extends string>(name: string, options: readonly T[]): T | undefined {
    const v = this.value(name);
    if (v === '') return undefined;
    if (!(options as readonly string[]).includes(v)) {
      throw new InputError(name, `expected one of ${options.join(', ')}, got "${v}"`);
    }
    return v as T;
  }

  json(name: string): unknown {
    const v = this.value(name);
    if (v === '') return undefined;
    try {
      return JSON.parse(v) as unknown;
    } catch (err) {
      throw new InputError(name, `is not valid JSON (${(err as Error).message})`);
    }
  }

  url(name: string): string | undefined {
    const v = this.value(name);
    if (v === '') return undefined;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw new InputError(name, `is not a URL`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InputError(name, 'must be an http(s) URL');
    return v;
  }

  /**
   * A file or directory path. Relative paths are resolved against GITHUB_WORKSPACE, then
   * CODEBUILD_SRC_DIR, then the current directory: the first base where the path exists wins,
   * and the first base is used for paths that do not exist (yet).
   */
  path(name: string, exists: (p: string) => boolean): string | undefined {
    const v = this.value(name);
    if (v === '') return undefined;
    if (path.isAbsolute(v)) return v;
    for (const base of this.bases) {
      const candidate = path.resolve(base, v);
      if (exists(candidate)) return candidate;
    }
    return path.resolve(this.bases[0] ?? process.cwd(), v);
  }
}

export interface UnknownInput {
  /** The variable as found, e.g. INPUT_LOG-CONFIGURATION-LOG-DRIVER. */
  variable: string;
  /** Its input name in kebab case. */
  name: string;
  /** The declared input of this command it most likely meant, if one is close. */
  closest?: string;
}

const kebab = (name: string): string => name.toLowerCase().replace(/[_ ]/g, '-');

/**
 * INPUT_* variables that no command of the toolkit declares. One that another command declares is not
 * reported: in CodeBuild one environment is shared by every command of a build.
 */
export function unknownEnvInputs(
  env: NodeJS.ProcessEnv,
  own: InputSpecs,
  declaredAnywhere: Iterable<string>,
): UnknownInput[] {
  const known = new Set([...declaredAnywhere, ...Object.keys(own)].map(kebab));
  const found: UnknownInput[] = [];
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith('INPUT_')) continue;
    const name = kebab(variable.slice('INPUT_'.length));
    if (name === '' || known.has(name)) continue;
    found.push({ variable, name, closest: closestName(name, Object.keys(own)) });
  }
  return found;
}

/** The candidate nearest to `name` by edit distance, when it is near enough to be a likely typo. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  const near = best.distance <= Math.max(2, Math.floor(name.length / 3));
  const contains = best.candidate.includes(name) || name.includes(best.candidate);
  return near || contains ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
