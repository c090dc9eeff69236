/** CloudFront allows at most 15 wildcard paths in progress per distribution (quota, not adjustable). */
export const MAX_WILDCARDS = 15;
/** Past this many paths one `/*` is simpler (CloudFront bills per path and allows 3,000 in progress). */
export const MAX_PATHS = 1000;

/**
 * CloudFront paths for a sync: every overwritten or deleted key (new keys were never cached), with
 * `/dir/` beside `dir/index.html` (and `/` for the root index.html). A folder where at least half of
 * the objects changed is collapsed to `/folder/*`; at most maxWildcards folders are (those that save the
 * most paths), the others are listed path by path. Past maxPaths, or when the root collapses, it is `/*`.
 */
export function invalidationPaths(
  changedKeys: readonly string[],
  allKeys: readonly string[],
  maxPaths = MAX_PATHS,
  maxWildcards = MAX_WILDCARDS,
): string[] {
  if (changedKeys.length === 0) return [];
  const changed = new Set(changedKeys);
  const dirsOf = (key: string): string[] => {
    const parts = key.split('/');
    return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
  };
  const totals = new Map<string, number>();
  const hits = new Map<string, number>();
  for (const key of new Set([...allKeys, ...changedKeys])) {
    for (const d of ['', ...dirsOf(key)]) {
      totals.set(d, (totals.get(d) ?? 0) + 1);
      if (changed.has(key)) hits.set(d, (hits.get(d) ?? 0) + 1);
    }
  }
  const collapsible = (d: string): boolean => {
    const h = hits.get(d) ?? 0;
    return h >= 2 && h * 2 >= (totals.get(d) ?? 0);
  };
  const exactPaths = (key: string): string[] => {
    const paths = [`/${encodePath(key)}`];
    if (key === 'index.html' || key.endsWith('/index.html'))
      paths.push(`/${encodePath(key.slice(0, -'index.html'.length))}`);
    return paths;
  };

  const paths = new Set<string>();
  // Wildcard candidates: folder -> the exact paths its wildcard replaces.
  const folders = new Map<string, string[]>();
  for (const key of changed) {
    // The outermost folder that collapses covers this key.
    const dir = ['', ...dirsOf(key)].find(collapsible);
    if (dir === '') return ['/*'];
    if (dir === undefined) for (const p of exactPaths(key)) paths.add(p);
    else folders.set(dir, [...(folders.get(dir) ?? []), ...exactPaths(key)]);
  }
  const bySaving = [...folders].sort(([a, pa], [b, pb]) => pb.length - pa.length || (a < b ? -1 : a > b ? 1 : 0));
  bySaving.forEach(([dir, exact], i) => {
    if (i < maxWildcards) paths.add(`/${encodePath(dir)}/*`);
    else for (const p of exact) paths.add(p);
  });
  return paths.size > maxPaths ? ['/*'] : [...paths].sort();
}

/**
 * Several lists of paths (this run's and those a failed run left owed) as one invalidation: `/*` when
 * any list has it, or when together they pass the wildcard or path limits.
 */
export function mergeInvalidationPaths(
  lists: ReadonlyArray<readonly string[]>,
  maxPaths = MAX_PATHS,
  maxWildcards = MAX_WILDCARDS,
): string[] {
  const all = new Set(lists.flat());
  if (all.size === 0) return [];
  const wildcards = [...all].filter((p) => p.includes('*')).length;
  if (all.has('/*') || wildcards > maxWildcards || all.size > maxPaths) return ['/*'];
  return [...all].sort();
}

/**
 * What CloudFront asks to be URL-encoded in an invalidation path: non-ASCII characters (as UTF-8) and
 * the characters RFC 1738 calls unsafe (controls, space, " < > # % { } | \ ^ ~ [ ] `). Everything else
 * is left as it is: CloudFront documents no other encoding.
 */
const UNSAFE = new Set(' "<>#%{}|\\^~[]`');

export function encodePath(p: string): string {
  let out = '';
  for (const ch of p) {
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0x20 && code < 0x7f && !UNSAFE.has(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
