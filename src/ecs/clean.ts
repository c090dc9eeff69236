/**
 * Cleaning a task definition file before it is registered, as the official deploy action does: a
 * file made from `aws ecs register-task-definition --generate-cli-skeleton` (or exported by a tool)
 * is full of "", [], {} and [""] placeholders that RegisterTaskDefinition refuses or misreads.
 * Empty values go, at every depth; what is left of an object or list with nothing but empty values
 * goes too. Kept on purpose: an environment variable's empty value (a variable set to "" is a
 * setting), the name/value of App Mesh proxy properties (an empty IgnoredGID is meaningful), and
 * any key the user lists in keep-null-value-keys.
 */

type Json = unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value with empty parts removed; undefined when nothing is left. */
function clean(value: Json, keep: ReadonlySet<string>): Json {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => clean(v, keep)).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = keep.has(k) ? keepEmpty(v, keep) : clean(v, keep);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

/** A kept key: its value is cleaned inside, but an empty value stays in its empty form. */
function keepEmpty(value: Json, keep: ReadonlySet<string>): Json {
  if (value === undefined) return undefined;
  const cleaned = clean(value, keep);
  if (cleaned !== undefined) return cleaned;
  if (Array.isArray(value)) return [];
  if (isObject(value)) return {};
  return value;
}

/** Gives the name/value pairs of a list back the empty strings cleaning took from them. */
function restorePairs(list: unknown, fields: readonly string[]): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (!isObject(item)) continue;
    for (const f of fields) if (!(f in item)) item[f] = '';
  }
}

/**
 * The task definition with empty values removed (see the file comment). `keepKeys` are key names,
 * matched at any depth, whose empty values stay.
 */
export function cleanEmptyValues<T extends Record<string, unknown>>(def: T, keepKeys: readonly string[] = []): T {
  const cleaned = (clean(structuredClone(def), new Set(keepKeys)) ?? {}) as Record<string, unknown>;
  const containers = cleaned['containerDefinitions'];
  if (Array.isArray(containers)) {
    for (const c of containers) if (isObject(c)) restorePairs(c['environment'], ['value']);
  }
  const proxy = cleaned['proxyConfiguration'];
  if (isObject(proxy) && proxy['type'] === 'APPMESH') restorePairs(proxy['properties'], ['name', 'value']);
  return cleaned as T;
}

/** Every path in `def` that holds an empty value ("", null, [] or {}), for tests and the log. */
export function emptyPaths(value: unknown, path = ''): string[] {
  if (value === null || value === '') return [path || '(root)'];
  if (Array.isArray(value)) {
    if (value.length === 0) return [path];
    return value.flatMap((v, i) => emptyPaths(v, `${path}[${i}]`));
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return [path || '(root)'];
    return keys.flatMap((k) => emptyPaths(value[k], path ? `${path}.${k}` : k));
  }
  return [];
}
