/**
 * CloudFront paths for a sync: every overwritten or deleted key (new keys were never cached), with
 * `/dir/` beside `dir/index.html` (and `/` for the root index.html). A folder where at least half of
 * the objects changed is collapsed to `/folder/*` when that is fewer paths; past maxPaths it is `/*`.
 */
export function invalidationPaths(
  changedKeys: readonly string[],
  allKeys: readonly string[],
  maxPaths = 1000,
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
  const paths = new Set<string>();
  for (const key of changed) {
    // The outermost folder that collapses covers this key.
    const dir = ['', ...dirsOf(key)].find(collapsible);
    if (dir !== undefined) {
      paths.add(dir === '' ? '/*' : `/${encodePath(dir)}/*`);
      continue;
    }
    paths.add(`/${encodePath(key)}`);
    if (key === 'index.html' || key.endsWith('/index.html'))
      paths.add(`/${encodePath(key.slice(0, -'index.html'.length))}`);
  }
  if (paths.has('/*') || paths.size > maxPaths) return ['/*'];
  return [...paths].sort();
}

function encodePath(p: string): string {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%40/g, '@').replace(/%2B/g, '+'))
    .join('/');
}
