import { createHash } from 'node:crypto';
import mime from 'mime';
import { fileGlob } from './globs.js';

export interface GlobRule {
  glob: string;
  value: string;
}

const TEXT_LIKE = new Set([
  'application/javascript',
  'application/json',
  'application/ld+json',
  'application/manifest+json',
  'application/xml',
  'application/xhtml+xml',
  'application/rss+xml',
  'application/atom+xml',
  'application/x-javascript',
  'image/svg+xml',
]);

const compiled = new WeakMap<readonly GlobRule[], Array<{ match: (rel: string) => boolean; value: string }>>();

/**
 * The first rule whose glob matches the path, with the same glob rules as exclude/include (a glob
 * without a slash matches the file name at any depth). Each rule list is compiled once, not per file.
 */
export function firstMatch(rules: readonly GlobRule[], rel: string): string | undefined {
  let matchers = compiled.get(rules);
  if (!matchers) {
    matchers = rules.map((r) => ({ match: fileGlob(r.glob), value: r.value }));
    compiled.set(rules, matchers);
  }
  return matchers.find((m) => m.match(rel))?.value;
}

/** Content-Type by file extension, utf-8 for text types; an override rule wins and is used as given. */
export function contentTypeFor(rel: string, overrides: readonly GlobRule[] = []): string {
  const override = firstMatch(overrides, rel);
  if (override) return override;
  const type = mime.getType(rel) ?? 'application/octet-stream';
  return type.startsWith('text/') || TEXT_LIKE.has(type) ? `${type}; charset=utf-8` : type;
}

export interface ObjectHeaders {
  contentType: string;
  cacheControl?: string;
  acl?: string;
}

/** A short fingerprint of the headers we set, stored so that a later sync can tell a header change. */
export function headersFingerprint(h: ObjectHeaders): string {
  return createHash('sha1')
    .update(JSON.stringify([h.contentType, h.cacheControl ?? '', h.acl ?? '']))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Entry files are fetched by browsers without a content hash in their name (HTML, service workers,
 * anything marked no-cache); they go last so that they never point at assets not yet uploaded.
 */
export function isEntryFile(rel: string, cacheControl: string | undefined): boolean {
  if (/\.html?$/i.test(rel)) return true;
  return !!cacheControl && /no-cache|no-store|max-age=0\b/i.test(cacheControl);
}
