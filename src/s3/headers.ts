import { createHash } from 'node:crypto';
import mime from 'mime';
import picomatch from 'picomatch';

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

/** The first rule whose glob matches the path (a glob without a slash matches the file name). */
export function firstMatch(rules: readonly GlobRule[], rel: string): string | undefined {
  for (const rule of rules) {
    if (picomatch.isMatch(rel, rule.glob.replace(/^\/+/, ''), { dot: true, basename: !rule.glob.includes('/') })) {
      return rule.value;
    }
  }
  return undefined;
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
