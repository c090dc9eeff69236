import { headersFingerprint, isEntryFile, type ObjectHeaders } from './headers.js';

/** One object as ListObjectsV2 describes it. */
export interface RemoteObject {
  key: string;
  /** ETag without quotes. */
  etag: string;
  size: number;
}

/** What HEAD says of an object whose listing alone could not settle the comparison. */
export interface HeadInfo {
  etag: string;
  contentType?: string;
  cacheControl?: string;
  /** The content MD5 we stored as metadata at upload (arkit-md5). */
  md5?: string;
  /** The header fingerprint we stored as metadata at upload (arkit-h). */
  headers?: string;
  /** x-amz-server-side-encryption: with aws:kms (or aws:kms:dsse) the ETag is not the content MD5. */
  serverSideEncryption?: string;
}

/**
 * What the previous successful sync wrote, by key: the ETag S3 gave, the content MD5 and the header
 * fingerprint. It lets a re-sync decide from one listing, without a HEAD per object, including for
 * multipart and SSE-KMS objects whose ETag is not an MD5.
 */
export interface SyncState {
  version: 1;
  objects: Record<string, [etag: string, md5: string, headers: string]>;
  /**
   * CloudFront paths owed, by distribution id: written before the uploads of a run that will need an
   * invalidation, removed once it is created. A run whose uploads or invalidation failed leaves them
   * here, and the next run (which may see nothing changed) invalidates them.
   */
  pending?: Record<string, string[]>;
}

export interface PlannedFile extends ObjectHeaders {
  key: string;
  rel: string;
  abs: string;
  size: number;
  md5: string;
  /** Header fingerprint (see headersFingerprint). */
  fingerprint: string;
  entry: boolean;
}

export type Verdict = 'new' | 'changed' | 'headers' | 'unchanged' | 'check';

const SIMPLE_ETAG = /^[0-9a-f]{32}$/;

/**
 * Decides one file from the listing, the stored state and (when asked for) a HEAD. 'check' means the
 * listing cannot tell and the caller should HEAD the object and ask again.
 */
export function classify(
  file: Pick<PlannedFile, 'md5' | 'size' | 'fingerprint' | 'contentType' | 'cacheControl' | 'acl'>,
  remote: RemoteObject | undefined,
  state: SyncState['objects'][string] | undefined,
  head?: HeadInfo,
): Verdict {
  if (!remote) return 'new';
  if (remote.size !== file.size) return 'changed';
  if (state && state[0] === remote.etag) {
    if (state[1] !== file.md5) return 'changed';
    return state[2] === file.fingerprint ? 'unchanged' : 'headers';
  }
  const simple = SIMPLE_ETAG.test(remote.etag);
  if (simple && remote.etag !== file.md5 && !head) {
    // A plain ETag that differs is a content change, unless the object is SSE-KMS encrypted (its ETag
    // is not the MD5); only HEAD's stored checksum can tell those apart, so ask when we may.
    return 'check';
  }
  if (!head) return 'check';
  // A plain ETag is the MD5 of what S3 holds now, so it wins over our metadata, which a rewrite in
  // place (a copy with the metadata kept) leaves stale. Only multipart and SSE-KMS ETags are not an
  // MD5; for those the MD5 stored at upload is all there is (absent: assume changed).
  const kms = head.serverSideEncryption?.startsWith('aws:kms') ?? false;
  const md5 = SIMPLE_ETAG.test(head.etag) && !kms ? head.etag : head.md5;
  if (md5 !== file.md5) return 'changed';
  if (head.headers) return head.headers === file.fingerprint ? 'unchanged' : 'headers';
  // Uploaded by another tool: compare the headers S3 reports (an ACL cannot be read back from HEAD).
  const same =
    head.contentType === file.contentType && (head.cacheControl ?? '') === (file.cacheControl ?? '') && !file.acl;
  return same ? 'unchanged' : 'headers';
}

export interface SyncPlan {
  /** New keys. */
  create: PlannedFile[];
  /** Existing keys whose content changed. */
  change: PlannedFile[];
  /** Same content, headers to update. */
  headers: PlannedFile[];
  unchanged: PlannedFile[];
  /** Remote keys under the prefix that source no longer has. */
  delete: string[];
}

export function emptyPlan(): SyncPlan {
  return { create: [], change: [], headers: [], unchanged: [], delete: [] };
}

export function buildFile(base: Omit<PlannedFile, 'fingerprint' | 'entry'>): PlannedFile {
  return { ...base, fingerprint: headersFingerprint(base), entry: isEntryFile(base.rel, base.cacheControl) };
}

/** Uploads in the order that never breaks a page: assets first, entry files (HTML) last. */
export function uploadPhases(plan: SyncPlan): { assets: PlannedFile[]; entries: PlannedFile[] } {
  const all = [...plan.create, ...plan.change, ...plan.headers];
  return { assets: all.filter((f) => !f.entry), entries: all.filter((f) => f.entry) };
}

export function stateFor(
  files: readonly PlannedFile[],
  etags: ReadonlyMap<string, string>,
  pending?: SyncState['pending'],
): SyncState {
  const objects: SyncState['objects'] = {};
  for (const f of files) {
    const etag = etags.get(f.key);
    if (etag) objects[f.key] = [etag, f.md5, f.fingerprint];
  }
  return withPending({ version: 1, objects }, pending);
}

/** The state with pending set to these entries (dropped when none has a path). */
export function withPending(state: SyncState, pending: SyncState['pending']): SyncState {
  const entries = Object.entries(pending ?? {}).filter(([, paths]) => paths.length > 0);
  const next: SyncState = { version: state.version, objects: state.objects };
  if (entries.length) next.pending = Object.fromEntries(entries);
  return next;
}

export function parseState(text: string): SyncState | undefined {
  try {
    const data = JSON.parse(text) as Partial<SyncState>;
    if (data.version !== 1 || typeof data.objects !== 'object' || data.objects === null) return undefined;
    const pending: unknown = data.pending;
    if (pending !== undefined) {
      if (typeof pending !== 'object' || pending === null) return undefined;
      for (const paths of Object.values(pending)) {
        if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) return undefined;
      }
    }
    return data as SyncState;
  } catch {
    return undefined;
  }
}
