export const id = 458;
export const ids = [458];
export const modules = {

/***/ 5458:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MULTIPART_THRESHOLD: () => (/* binding */ MULTIPART_THRESHOLD),
  STATE_NAME: () => (/* binding */ STATE_NAME),
  execute: () => (/* binding */ execute),
  planSync: () => (/* binding */ planSync),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/runtime/aws.ts
var aws = __webpack_require__(4845);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var runtime_errors = __webpack_require__(9541);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/util/pool.ts
var pool = __webpack_require__(704);
// EXTERNAL MODULE: ./src/s3/globs.ts
var globs = __webpack_require__(201);
;// CONCATENATED MODULE: ./src/s3/files.ts






/**
 * Lists every file under source, sorted. Symlinks are followed only while their target stays inside
 * source, so a link cannot publish /etc/passwd; links outside are reported and skipped.
 */
async function walkSource(source, filter = (0,globs/* pathFilter */.Y1)([])) {
    const root = await (0,promises_.realpath)(source);
    const files = [];
    const skippedLinks = [];
    const inside = (p) => p === root || p.startsWith(root + external_node_path_.sep);
    const visit = async (dirReal, relDir, seen) => {
        const entries = await (0,promises_.readdir)(dirReal, { withFileTypes: true });
        for (const entry of entries) {
            const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
            let abs = external_node_path_.join(dirReal, entry.name);
            let isDir = entry.isDirectory();
            let isFile = entry.isFile();
            if (entry.isSymbolicLink()) {
                let target;
                try {
                    target = await (0,promises_.realpath)(abs);
                }
                catch {
                    skippedLinks.push(rel);
                    continue;
                }
                if (!inside(target) || seen.has(target)) {
                    skippedLinks.push(rel);
                    continue;
                }
                const st = await (0,promises_.stat)(target);
                abs = target;
                isDir = st.isDirectory();
                isFile = st.isFile();
            }
            if (isDir) {
                if (filter.skipFolder(rel))
                    continue;
                await visit(abs, rel, new Set(seen).add(abs));
            }
            else if (isFile && !filter.excluded(rel)) {
                files.push({ rel, abs, size: (await (0,promises_.lstat)(abs)).size });
            }
        }
    };
    await visit(root, '', new Set([root]));
    files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    return { files, skippedLinks };
}
/** Files up to this size are hashed from one read; a stream per small file costs more than the hash. */
const WHOLE_READ_LIMIT = 4 * 1024 * 1024;
async function md5File(file, size = Infinity) {
    if (size <= WHOLE_READ_LIMIT)
        return (0,external_node_crypto_.createHash)('md5')
            .update(await (0,promises_.readFile)(file))
            .digest('hex');
    return new Promise((resolve, reject) => {
        const hash = (0,external_node_crypto_.createHash)('md5');
        (0,external_node_fs_.createReadStream)(file)
            .on('error', reject)
            .on('data', (chunk) => hash.update(chunk))
            .on('end', () => resolve(hash.digest('hex')));
    });
}
function hashFiles(files, concurrency) {
    return (0,pool/* mapPool */.Pk)(files, concurrency, (f) => md5File(f.abs, f.size));
}

// EXTERNAL MODULE: ./node_modules/mime/dist/src/index.js + 3 modules
var src = __webpack_require__(5086);
;// CONCATENATED MODULE: ./src/s3/headers.ts



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
const compiled = new WeakMap();
/**
 * The first rule whose glob matches the path, with the same glob rules as exclude/include (a glob
 * without a slash matches the file name at any depth). Each rule list is compiled once, not per file.
 */
function firstMatch(rules, rel) {
    let matchers = compiled.get(rules);
    if (!matchers) {
        matchers = rules.map((r) => ({ match: (0,globs/* fileGlob */.Jg)(r.glob), value: r.value }));
        compiled.set(rules, matchers);
    }
    return matchers.find((m) => m.match(rel))?.value;
}
/** Content-Type by file extension, utf-8 for text types; an override rule wins and is used as given. */
function contentTypeFor(rel, overrides = []) {
    const override = firstMatch(overrides, rel);
    if (override)
        return override;
    const type = src/* default */.A.getType(rel) ?? 'application/octet-stream';
    return type.startsWith('text/') || TEXT_LIKE.has(type) ? `${type}; charset=utf-8` : type;
}
/** A short fingerprint of the headers we set, stored so that a later sync can tell a header change. */
function headersFingerprint(h) {
    return (0,external_node_crypto_.createHash)('sha1')
        .update(JSON.stringify([h.contentType, h.cacheControl ?? '', h.acl ?? '']))
        .digest('hex')
        .slice(0, 16);
}
/**
 * Entry files are fetched by browsers without a content hash in their name (HTML, service workers,
 * anything marked no-cache); they go last so that they never point at assets not yet uploaded.
 */
function isEntryFile(rel, cacheControl) {
    if (/\.html?$/i.test(rel))
        return true;
    return !!cacheControl && /no-cache|no-store|max-age=0\b/i.test(cacheControl);
}

;// CONCATENATED MODULE: ./src/s3/invalidation.ts
/** CloudFront allows at most 15 wildcard paths in progress per distribution (quota, not adjustable). */
const MAX_WILDCARDS = 15;
/** Past this many paths one `/*` is simpler (CloudFront bills per path and allows 3,000 in progress). */
const MAX_PATHS = 1000;
/**
 * CloudFront paths for a sync: every overwritten or deleted key (new keys were never cached), with
 * `/dir/` beside `dir/index.html` (and `/` for the root index.html). A folder where at least half of
 * the objects changed is collapsed to `/folder/*`; at most maxWildcards folders are (those that save the
 * most paths), the others are listed path by path. Past maxPaths, or when the root collapses, it is `/*`.
 */
function invalidationPaths(changedKeys, allKeys, maxPaths = MAX_PATHS, maxWildcards = MAX_WILDCARDS) {
    if (changedKeys.length === 0)
        return [];
    const changed = new Set(changedKeys);
    const dirsOf = (key) => {
        const parts = key.split('/');
        return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    };
    const totals = new Map();
    const hits = new Map();
    for (const key of new Set([...allKeys, ...changedKeys])) {
        for (const d of ['', ...dirsOf(key)]) {
            totals.set(d, (totals.get(d) ?? 0) + 1);
            if (changed.has(key))
                hits.set(d, (hits.get(d) ?? 0) + 1);
        }
    }
    const collapsible = (d) => {
        const h = hits.get(d) ?? 0;
        return h >= 2 && h * 2 >= (totals.get(d) ?? 0);
    };
    const exactPaths = (key) => {
        const paths = [`/${encodePath(key)}`];
        if (key === 'index.html' || key.endsWith('/index.html'))
            paths.push(`/${encodePath(key.slice(0, -'index.html'.length))}`);
        return paths;
    };
    const paths = new Set();
    // Wildcard candidates: folder -> the exact paths its wildcard replaces.
    const folders = new Map();
    for (const key of changed) {
        // The outermost folder that collapses covers this key.
        const dir = ['', ...dirsOf(key)].find(collapsible);
        if (dir === '')
            return ['/*'];
        if (dir === undefined)
            for (const p of exactPaths(key))
                paths.add(p);
        else
            folders.set(dir, [...(folders.get(dir) ?? []), ...exactPaths(key)]);
    }
    const bySaving = [...folders].sort(([a, pa], [b, pb]) => pb.length - pa.length || (a < b ? -1 : a > b ? 1 : 0));
    bySaving.forEach(([dir, exact], i) => {
        if (i < maxWildcards)
            paths.add(`/${encodePath(dir)}/*`);
        else
            for (const p of exact)
                paths.add(p);
    });
    return paths.size > maxPaths ? ['/*'] : [...paths].sort();
}
/**
 * Several lists of paths (this run's and those a failed run left owed) as one invalidation: `/*` when
 * any list has it, or when together they pass the wildcard or path limits.
 */
function mergeInvalidationPaths(lists, maxPaths = MAX_PATHS, maxWildcards = MAX_WILDCARDS) {
    const all = new Set(lists.flat());
    if (all.size === 0)
        return [];
    const wildcards = [...all].filter((p) => p.includes('*')).length;
    if (all.has('/*') || wildcards > maxWildcards || all.size > maxPaths)
        return ['/*'];
    return [...all].sort();
}
/**
 * What CloudFront asks to be URL-encoded in an invalidation path: non-ASCII characters (as UTF-8) and
 * the characters RFC 1738 calls unsafe (controls, space, " < > # % { } | \ ^ ~ [ ] `). Everything else
 * is left as it is: CloudFront documents no other encoding.
 */
const UNSAFE = new Set(' "<>#%{}|\\^~[]`');
function encodePath(p) {
    let out = '';
    for (const ch of p) {
        const code = ch.codePointAt(0) ?? 0;
        if (code > 0x20 && code < 0x7f && !UNSAFE.has(ch))
            out += ch;
        else
            for (const byte of Buffer.from(ch, 'utf8'))
                out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/s3/plan.ts

const SIMPLE_ETAG = /^[0-9a-f]{32}$/;
/**
 * Decides one file from the listing, the stored state and (when asked for) a HEAD. 'check' means the
 * listing cannot tell and the caller should HEAD the object and ask again.
 */
function classify(file, remote, state, head) {
    if (!remote)
        return 'new';
    if (remote.size !== file.size)
        return 'changed';
    if (state && state[0] === remote.etag) {
        if (state[1] !== file.md5)
            return 'changed';
        return state[2] === file.fingerprint ? 'unchanged' : 'headers';
    }
    const simple = SIMPLE_ETAG.test(remote.etag);
    if (simple && remote.etag !== file.md5 && !head) {
        // A plain ETag that differs is a content change, unless the object is SSE-KMS encrypted (its ETag
        // is not the MD5); only HEAD's stored checksum can tell those apart, so ask when we may.
        return 'check';
    }
    if (!head)
        return 'check';
    // A plain ETag is the MD5 of what S3 holds now, so it wins over our metadata, which a rewrite in
    // place (a copy with the metadata kept) leaves stale. Only multipart and SSE-KMS ETags are not an
    // MD5; for those the MD5 stored at upload is all there is (absent: assume changed).
    const kms = head.serverSideEncryption?.startsWith('aws:kms') ?? false;
    const md5 = SIMPLE_ETAG.test(head.etag) && !kms ? head.etag : head.md5;
    if (md5 !== file.md5)
        return 'changed';
    if (head.headers)
        return head.headers === file.fingerprint ? 'unchanged' : 'headers';
    // Uploaded by another tool: compare the headers S3 reports (an ACL cannot be read back from HEAD).
    const same = head.contentType === file.contentType && (head.cacheControl ?? '') === (file.cacheControl ?? '') && !file.acl;
    return same ? 'unchanged' : 'headers';
}
function emptyPlan() {
    return { create: [], change: [], headers: [], unchanged: [], delete: [] };
}
function buildFile(base) {
    return { ...base, fingerprint: headersFingerprint(base), entry: isEntryFile(base.rel, base.cacheControl) };
}
/** Uploads in the order that never breaks a page: assets first, entry files (HTML) last. */
function uploadPhases(plan) {
    const all = [...plan.create, ...plan.change, ...plan.headers];
    return { assets: all.filter((f) => !f.entry), entries: all.filter((f) => f.entry) };
}
function stateFor(files, etags, pending) {
    const objects = {};
    for (const f of files) {
        const etag = etags.get(f.key);
        if (etag)
            objects[f.key] = [etag, f.md5, f.fingerprint];
    }
    return withPending({ version: 1, objects }, pending);
}
/** The state with pending set to these entries (dropped when none has a path). */
function withPending(state, pending) {
    const entries = Object.entries(pending ?? {}).filter(([, paths]) => paths.length > 0);
    const next = { version: state.version, objects: state.objects };
    if (entries.length)
        next.pending = Object.fromEntries(entries);
    return next;
}
function parseState(text) {
    try {
        const data = JSON.parse(text);
        if (data.version !== 1 || typeof data.objects !== 'object' || data.objects === null)
            return undefined;
        const pending = data.pending;
        if (pending !== undefined) {
            if (typeof pending !== 'object' || pending === null)
                return undefined;
            for (const paths of Object.values(pending)) {
                if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string'))
                    return undefined;
            }
        }
        return data;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/commands/s3-sync.ts









/** Where a sync keeps what it uploaded (see SyncState), relative to the prefix. Never synced or deleted. */
const STATE_NAME = '.aws-release-kit/s3-sync-state.json';
/** Files at least this large go up in parts (lib-storage), each part retried on its own. */
const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const UPLOAD_ATTEMPTS = 4;
async function run(inputs, host) {
    const { S3 } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    // Checksums only when an API requires them: third-party S3 (R2, MinIO, older moto) reject the SDK's
    // newer default trailers. Integrity is kept by sending Content-MD5 with every PutObject.
    const s3 = new S3({
        ...(0,aws/* clientConfig */.y)(inputs, { s3: true }),
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
    });
    let cloudfront;
    if (inputs.cloudfrontDistributionId) {
        const { CloudFront } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(169)]).then(__webpack_require__.t.bind(__webpack_require__, 3169, 19));
        cloudfront = new CloudFront((0,aws/* clientConfig */.y)(inputs));
    }
    return execute(inputs, { s3, cloudfront, host });
}
const keyOf = (prefix, rel) => (prefix ? `${prefix}/${rel}` : rel);
function formatBytes(n) {
    if (n < 1024)
        return `${n} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let v = n / 1024;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return `${v.toFixed(1)} ${units[i]}`;
}
async function listAll(s3, bucket, prefix, delimiter, into) {
    const folders = [];
    let token;
    do {
        const page = await s3.listObjectsV2({
            Bucket: bucket,
            Prefix: prefix,
            Delimiter: delimiter,
            ContinuationToken: token,
        });
        for (const o of page.Contents ?? []) {
            if (o.Key === undefined)
                continue;
            into.set(o.Key, { key: o.Key, etag: (o.ETag ?? '').replace(/"/g, ''), size: o.Size ?? 0 });
        }
        for (const p of page.CommonPrefixes ?? [])
            if (p.Prefix)
                folders.push(p.Prefix);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return folders;
}
/**
 * Every object under the prefix. The top level is listed with a delimiter, then each top-level folder
 * in parallel: a listing is a chain of pages, and several chains finish sooner than one long one.
 */
async function listRemote(s3, bucket, prefix, concurrency) {
    const remote = new Map();
    const base = prefix ? `${prefix}/` : undefined;
    const folders = await listAll(s3, bucket, base, '/', remote);
    await (0,pool/* mapPool */.Pk)(folders, Math.min(concurrency, 8), (folder) => listAll(s3, bucket, folder, undefined, remote));
    return remote;
}
async function readState(s3, bucket, key, host) {
    try {
        const res = await s3.getObject({ Bucket: bucket, Key: key });
        const state = parseState((await res.Body?.transformToString()) ?? '');
        if (!state)
            host.log.warn(`ignoring unreadable sync state s3://${bucket}/${key}; objects will be compared one by one`);
        return state;
    }
    catch (err) {
        if (err.name === 'NoSuchKey' || err.name === 'NotFound')
            return undefined;
        throw err;
    }
}
async function head(s3, bucket, key) {
    const h = await s3.headObject({ Bucket: bucket, Key: key });
    return {
        etag: (h.ETag ?? '').replace(/"/g, ''),
        contentType: h.ContentType,
        cacheControl: h.CacheControl,
        md5: h.Metadata?.['arkit-md5'],
        headers: h.Metadata?.['arkit-h'],
        serverSideEncryption: h.ServerSideEncryption,
    };
}
/** Lists, hashes and compares: everything up to the first write. */
async function planSync(inputs, deps) {
    const { s3, host } = deps;
    const stateKey = keyOf(inputs.prefix, STATE_NAME);
    // One filter for both sides: what the walk leaves out is exactly what deletion leaves alone.
    const filter = (0,globs/* pathFilter */.Y1)(inputs.exclude, inputs.include);
    // The local side is read first: an empty source is refused before any AWS call.
    const walk = await walkSource(inputs.source, filter);
    for (const link of walk.skippedLinks)
        host.log.warn(`skipped ${link}: symlink leads outside source (or in a loop)`);
    if (walk.files.length === 0) {
        throw new runtime_errors/* InputError */.dz('source', `${inputs.source} has no files to publish; refusing to sync an empty site`);
    }
    const [md5s, remote, state] = await Promise.all([
        hashFiles(walk.files, inputs.concurrency),
        listRemote(s3, inputs.bucket, inputs.prefix, inputs.concurrency),
        readState(s3, inputs.bucket, stateKey, host),
    ]);
    const files = walk.files.map((f, i) => buildFile({
        key: keyOf(inputs.prefix, f.rel),
        rel: f.rel,
        abs: f.abs,
        size: f.size,
        md5: md5s[i] ?? '',
        contentType: contentTypeFor(f.rel, inputs.contentType),
        cacheControl: firstMatch(inputs.cacheControl, f.rel),
        acl: inputs.acl,
    }));
    const plan = emptyPlan();
    const toCheck = [];
    const sort = (f, verdict) => {
        if (verdict === 'new')
            plan.create.push(f);
        else if (verdict === 'changed')
            plan.change.push(f);
        else if (verdict === 'headers')
            plan.headers.push(f);
        else if (verdict === 'unchanged')
            plan.unchanged.push(f);
        else
            toCheck.push(f);
    };
    for (const f of files)
        sort(f, classify(f, remote.get(f.key), state?.objects[f.key]));
    if (toCheck.length) {
        host.log.info(`checking ${toCheck.length} object(s) the listing cannot settle (HEAD)`);
        const heads = await (0,pool/* mapPool */.Pk)(toCheck, inputs.concurrency, (f) => head(s3, inputs.bucket, f.key));
        toCheck.forEach((f, i) => sort(f, classify(f, remote.get(f.key), undefined, heads[i])));
    }
    if (inputs.delete) {
        const local = new Set(files.map((f) => f.key));
        const base = inputs.prefix ? `${inputs.prefix}/` : '';
        for (const key of remote.keys()) {
            if (local.has(key) || key === stateKey)
                continue;
            // Excluded paths (and everything in an excluded folder) are left alone, as rclone does.
            if (filter.excluded(key.slice(base.length)))
                continue;
            plan.delete.push(key);
        }
        plan.delete.sort();
    }
    return { plan, files, remote, state };
}
async function uploadOne(f, inputs, deps) {
    const common = {
        Bucket: inputs.bucket,
        Key: f.key,
        ContentType: f.contentType,
        CacheControl: f.cacheControl,
        ACL: inputs.acl,
        Metadata: { 'arkit-md5': f.md5, 'arkit-h': f.fingerprint },
    };
    for (let attempt = 0;; attempt++) {
        try {
            if (f.size >= MULTIPART_THRESHOLD) {
                const { Upload } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711), __webpack_require__.e(358)]).then(__webpack_require__.t.bind(__webpack_require__, 2358, 19));
                const { createReadStream } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 3024, 23));
                const up = new Upload({
                    client: deps.s3,
                    params: { ...common, Body: createReadStream(f.abs) },
                    partSize: 8 * 1024 * 1024,
                    queueSize: 4,
                });
                const res = await up.done();
                return (res.ETag ?? '').replace(/"/g, '');
            }
            // A Buffer (not a stream) so that the SDK can resend it on a retry.
            const body = await (0,promises_.readFile)(f.abs);
            const res = await deps.s3.putObject({
                ...common,
                Body: body,
                ContentMD5: Buffer.from(f.md5, 'hex').toString('base64'),
            });
            return (res.ETag ?? '').replace(/"/g, '');
        }
        catch (err) {
            if (attempt + 1 >= UPLOAD_ATTEMPTS || isPermanent(err))
                throw err;
            const wait = (0,pool/* backoff */.JN)(attempt, 500, 8000);
            deps.host.log.warn(`upload of ${f.key} failed (${(0,runtime_errors/* errorMessage */.gJ)(err)}); retrying in ${wait} ms`);
            await deps.host.sleep(wait);
        }
    }
}
function isPermanent(err) {
    const name = err.name;
    return ['AccessDenied', 'NoSuchBucket', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidBucketName'].includes(name);
}
async function uploadPhase(label, files, inputs, deps, etags) {
    if (files.length === 0)
        return { bytes: 0, failed: [] };
    const total = files.reduce((n, f) => n + f.size, 0);
    deps.host.log.info(`${label}: uploading ${files.length} file(s), ${formatBytes(total)}`);
    const step = Math.max(50, Math.ceil(files.length / 10));
    let done = 0;
    let bytes = 0;
    const outcomes = await (0,pool/* settlePool */._g)(files, inputs.concurrency, async (f) => {
        const etag = await uploadOne(f, inputs, deps);
        etags.set(f.key, etag);
        done++;
        bytes += f.size;
        if (done % step === 0 && done < files.length) {
            deps.host.log.info(`${label}: ${done}/${files.length} file(s), ${formatBytes(bytes)}`);
        }
    });
    const failed = [];
    outcomes.forEach((o, i) => {
        if (!o.ok) {
            const f = files[i];
            failed.push(f.key);
            deps.host.log.error(`upload of ${f.key} failed: ${(0,runtime_errors/* errorMessage */.gJ)(o.error)}`);
        }
    });
    deps.host.log.info(`${label}: ${done}/${files.length} file(s) uploaded, ${formatBytes(bytes)}`);
    return { bytes, failed };
}
async function deleteKeys(keys, inputs, deps) {
    for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        const res = await deps.s3.deleteObjects({
            Bucket: inputs.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        });
        const errors = res.Errors ?? [];
        if (errors.length) {
            const first = errors[0];
            throw new runtime_errors/* ReleaseError */.K2(`${errors.length} of ${batch.length} deletion(s) failed (first: ${first?.Key}: ${first?.Code} ${first?.Message ?? ''})`.trim());
        }
        deps.host.log.info(`deleted ${Math.min(i + 1000, keys.length)}/${keys.length} object(s)`);
    }
}
/**
 * Refuses a distribution that does not exist (or cannot be read) before anything is written: found out
 * after the uploads, the changed paths would stay cached.
 */
async function checkDistribution(id, cf) {
    try {
        await cf.getDistribution({ Id: id });
    }
    catch (err) {
        const name = err.name;
        const problem = name === 'NoSuchDistribution'
            ? 'does not exist'
            : name === 'AccessDenied'
                ? 'cannot be read (AccessDenied: allow cloudfront:GetDistribution on it)'
                : `could not be checked (${(0,runtime_errors/* errorMessage */.gJ)(err)})`;
        throw new runtime_errors/* ReleaseError */.K2(`CloudFront distribution ${id} ${problem}; nothing was written.`);
    }
}
async function createInvalidation(id, paths, cf, host) {
    for (let attempt = 0;; attempt++) {
        try {
            const res = await cf.createInvalidation({
                DistributionId: id,
                InvalidationBatch: {
                    CallerReference: `aws-release-kit-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
                    Paths: { Quantity: paths.length, Items: paths },
                },
            });
            const invalidationId = res.Invalidation?.Id ?? '';
            host.log.info(`CloudFront invalidation ${invalidationId} created for ${paths.length} path(s): ${paths.join(' ')}`);
            return invalidationId;
        }
        catch (err) {
            const name = err.name;
            if (attempt < 5 && (name === 'TooManyInvalidationsInProgress' || name === 'Throttling')) {
                await host.sleep((0,pool/* backoff */.JN)(attempt, 2000, 30000));
                continue;
            }
            throw err;
        }
    }
}
async function waitForInvalidation(id, invalidationId, cf, host) {
    for (let poll = 0;; poll++) {
        const status = (await cf.getInvalidation({ DistributionId: id, Id: invalidationId })).Invalidation?.Status;
        if (status === 'Completed' || status === 'COMPLETED')
            break;
        if (poll > 240)
            throw new runtime_errors/* ReleaseError */.K2(`invalidation ${invalidationId} did not complete within 20 minutes`);
        await host.sleep(5000);
    }
    host.log.info(`CloudFront invalidation ${invalidationId} completed`);
}
function describePlan(plan, host) {
    const show = (label, keys) => {
        if (keys.length === 0)
            return;
        host.log.info(`${label} (${keys.length}):`);
        for (const k of keys.slice(0, 200))
            host.log.info(`  ${k}`);
        if (keys.length > 200)
            host.log.info(`  ... and ${keys.length - 200} more`);
    };
    show('upload (new)', plan.create.map((f) => f.key));
    show('upload (changed)', plan.change.map((f) => f.key));
    show('update headers', plan.headers.map((f) => f.key));
    show('delete', plan.delete);
}
async function execute(inputs, deps) {
    const { host } = deps;
    const started = Date.now();
    const target = `s3://${inputs.bucket}/${inputs.prefix ? `${inputs.prefix}/` : ''}`;
    const { plan, files, remote, state } = await host.log.group(`Plan ${inputs.source} -> ${target}`, async () => {
        const result = await planSync(inputs, deps);
        const p = result.plan;
        host.log.info(`${result.files.length} local file(s): ${p.create.length} new, ${p.change.length} changed, ${p.headers.length} header-only, ${p.unchanged.length} unchanged; ${p.delete.length} to delete`);
        return result;
    });
    const distributionId = inputs.cloudfrontDistributionId;
    const cf = deps.cloudfront;
    if (distributionId) {
        if (!cf)
            throw new Error('execute: a CloudFront client is needed with a distribution id');
        await checkDistribution(distributionId, cf);
    }
    // What CloudFront must forget: this run's overwritten and deleted paths (or the given paths, when this
    // run writes anything at all), plus the paths an earlier run left owed (see SyncState.pending).
    let paths = [];
    if (distributionId) {
        const writes = plan.create.length + plan.change.length + plan.headers.length + plan.delete.length;
        const invalidatedKeys = [...plan.change, ...plan.headers].map((f) => f.key).concat(plan.delete);
        const allKeys = files.map((f) => f.key).concat(plan.delete);
        const own = inputs.invalidationPaths
            ? writes > 0
                ? inputs.invalidationPaths
                : []
            : invalidationPaths(invalidatedKeys, allKeys);
        const owed = state?.pending?.[distributionId] ?? [];
        if (owed.length)
            host.log.info(`an earlier run left ${owed.length} path(s) to invalidate: ${owed.join(' ')}`);
        paths = mergeInvalidationPaths([own, owed]);
    }
    if (inputs.dryRun) {
        host.log.info('dry run: nothing will be written');
        describePlan(plan, host);
        if (paths.length)
            host.log.info(`would invalidate in ${distributionId}: ${paths.join(' ')}`);
    }
    if (plan.delete.length > inputs.maxDelete) {
        throw new runtime_errors/* ReleaseError */.K2(`the plan deletes ${plan.delete.length} objects from ${target}, more than max-delete (${inputs.maxDelete}); nothing was changed. Check source, or raise max-delete.`);
    }
    if (inputs.dryRun)
        return outputs(plan, 0, '');
    let storedText = state ? JSON.stringify(state) : undefined;
    const saveState = async (next, ifLost) => {
        const text = JSON.stringify(next);
        if (text === storedText)
            return true;
        try {
            await deps.s3.putObject({
                Bucket: inputs.bucket,
                Key: keyOf(inputs.prefix, STATE_NAME),
                Body: text,
                ContentType: 'application/json',
                CacheControl: 'no-store',
            });
            storedText = text;
            return true;
        }
        catch (err) {
            host.log.warn(`could not save the sync state (${(0,runtime_errors/* errorMessage */.gJ)(err)}); ${ifLost}`);
            return false;
        }
    };
    const pendingWith = (owed) => distributionId ? { ...state?.pending, [distributionId]: owed } : state?.pending;
    // Owe the paths before the first write: if an upload, a deletion or the invalidation fails, the next
    // run (which may find nothing left to upload) still invalidates what this one overwrote.
    let owedSaved = false;
    if (paths.length) {
        owedSaved = await saveState(withPending(state ?? { version: 1, objects: {} }, pendingWith(paths)), 'if this run fails, invalidate these paths by hand: ' + paths.join(' '));
    }
    const etags = new Map();
    const { assets, entries } = uploadPhases(plan);
    let bytes = 0;
    const phase1 = await uploadPhase('assets', assets, inputs, deps, etags);
    bytes += phase1.bytes;
    if (phase1.failed.length) {
        throw new runtime_errors/* ReleaseError */.K2(`${phase1.failed.length} asset upload(s) failed; HTML and other entry files were held back and nothing was deleted, but the assets that did upload are live (a changed file under an unchanged name already serves its new content). Re-run to upload what is still missing.`);
    }
    const phase2 = await uploadPhase('entry files', entries, inputs, deps, etags);
    bytes += phase2.bytes;
    if (phase2.failed.length) {
        throw new runtime_errors/* ReleaseError */.K2(`${phase2.failed.length} entry file upload(s) failed; nothing was deleted. Re-run to finish.`);
    }
    if (plan.delete.length)
        await deleteKeys(plan.delete, inputs, deps);
    // Record what is now there, for the next sync; losing it only costs that sync some HEAD calls.
    const remoteEtags = new Map(etags);
    for (const f of files) {
        const etag = remoteEtags.get(f.key) ?? remote.get(f.key)?.etag;
        if (etag)
            remoteEtags.set(f.key, etag);
    }
    const synced = stateFor(files, remoteEtags);
    let invalidationId = '';
    if (distributionId && cf && paths.length) {
        try {
            invalidationId = await createInvalidation(distributionId, paths, cf, host);
        }
        catch (err) {
            // Kept with the new objects; when this save fails, the one made before the uploads still owes them.
            owedSaved =
                (await saveState(withPending(synced, pendingWith(paths)), 'the paths below are not kept')) || owedSaved;
            throw new runtime_errors/* ReleaseError */.K2(`the sync finished, but the CloudFront invalidation in ${distributionId} failed (${(0,runtime_errors/* errorMessage */.gJ)(err)}); ${owedSaved ? 'the next run makes it (the paths are kept in the sync state)' : 'make it by hand'}: ${paths.join(' ')}`);
        }
        await saveState(withPending(synced, pendingWith([])), 'the next sync will invalidate these paths again');
        if (inputs.waitForInvalidation && invalidationId)
            await waitForInvalidation(distributionId, invalidationId, cf, host);
    }
    else {
        await saveState(withPending(synced, state?.pending), 'the next sync will compare with HEAD calls');
        if (distributionId)
            host.log.info('nothing changed that CloudFront could have cached: no invalidation');
    }
    const result = outputs(plan, bytes, invalidationId);
    host.log.info(`done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${result.uploaded} uploaded, ${result.updated} updated, ${result.deleted} deleted, ${result.unchanged} unchanged, ${formatBytes(bytes)}`);
    await host.summary([
        `### s3-sync: ${target}`,
        '',
        '| uploaded | updated | deleted | unchanged | bytes | invalidation |',
        '| ---: | ---: | ---: | ---: | ---: | --- |',
        `| ${result.uploaded} | ${result.updated} | ${result.deleted} | ${result.unchanged} | ${formatBytes(bytes)} | ${invalidationId || 'none'} |`,
        '',
    ].join('\n'));
    return result;
}
function outputs(plan, bytes, invalidationId) {
    return {
        uploaded: plan.create.length + plan.change.length,
        updated: plan.headers.length,
        deleted: plan.delete.length,
        unchanged: plan.unchanged.length,
        'bytes-uploaded': bytes,
        'invalidation-id': invalidationId,
    };
}


/***/ }),

/***/ 704:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JN: () => (/* binding */ backoff),
/* harmony export */   Pk: () => (/* binding */ mapPool),
/* harmony export */   _g: () => (/* binding */ settlePool)
/* harmony export */ });
/**
 * Runs fn over items with at most `concurrency` calls in flight; results keep the input order.
 * The first error stops new work from starting and is thrown once the running calls settle.
 */
async function mapPool(items, concurrency, fn) {
    const results = new Array(items.length);
    let next = 0;
    let failed;
    const worker = async () => {
        while (!failed && next < items.length) {
            const i = next++;
            try {
                results[i] = await fn(items[i], i);
            }
            catch (error) {
                failed ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
    if (failed)
        throw failed.error;
    return results;
}
/** Like mapPool, but every item runs; returns each outcome so the caller can report all failures. */
async function settlePool(items, concurrency, fn) {
    return mapPool(items, concurrency, async (item, i) => {
        try {
            return { ok: true, value: await fn(item, i) };
        }
        catch (error) {
            return { ok: false, error };
        }
    });
}
/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^attempt)). */
function backoff(attempt, baseMs = 200, capMs = 10000, random = Math.random) {
    return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}


/***/ })

};
