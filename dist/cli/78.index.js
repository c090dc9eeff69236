export const id = 78;
export const ids = [78];
export const modules = {

/***/ 8078:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DIRECT_UPLOAD_LIMIT: () => (/* binding */ DIRECT_UPLOAD_LIMIT),
  MAX_WAIT_MS: () => (/* binding */ MAX_WAIT_MS),
  execute: () => (/* binding */ execute),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/lambda/code.ts
/** Pure helpers deciding whether a function already runs the code we are about to deploy. */
function parseImageUri(uri) {
    let rest = uri;
    let digest;
    const at = rest.indexOf('@');
    if (at !== -1) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag;
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    // A colon before the last slash belongs to the registry's port, not to a tag.
    if (colon > slash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    return { repository: rest, tag, digest };
}
/**
 * Whether the function already runs this image. Only a digest proves it: a tag may have been moved
 * to another image since the function was last updated, so a tag-only URI is never "the same".
 */
function sameImage(uri, location, codeSha256) {
    const want = parseImageUri(uri);
    if (!want.digest)
        return false;
    if (location?.ImageUri === uri)
        return true;
    for (const have of [location?.ResolvedImageUri, location?.ImageUri]) {
        if (!have)
            continue;
        const ref = parseImageUri(have);
        if (ref.repository === want.repository && ref.digest === want.digest)
            return true;
    }
    // For images Lambda's CodeSha256 is the image digest without its "sha256:" prefix.
    const sameRepository = location?.ImageUri !== undefined && parseImageUri(location.ImageUri).repository === want.repository;
    return sameRepository && codeSha256 === want.digest.slice('sha256:'.length);
}
/** Where a local package is staged in S3: content-addressed, so the same package is uploaded once. */
function stagingKey(sha256Hex) {
    return `aws-release-kit/lambda/${sha256Hex}.zip`;
}
function formatMiB(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

// EXTERNAL MODULE: ./src/lambda/config.ts
var lambda_config = __webpack_require__(3149);
;// CONCATENATED MODULE: ./src/lambda/wait.ts
/**
 * Waiting for a Lambda function to settle. Lambda refuses a second update while one is in progress
 * (ResourceConflictException), and applies updates asynchronously: the call returns before the
 * function is ready. So every update is preceded and followed by a wait on State/LastUpdateStatus.
 */
function reasonOf(reason, code, fallback) {
    const text = reason?.trim() || fallback;
    return code ? `${text} (${code})` : text;
}
/** Decides from one read of the function's status. Pure. */
function assess(status, phase) {
    const state = status.State;
    const update = status.LastUpdateStatus;
    if (state === 'Pending')
        return { kind: 'wait', why: 'State is Pending' };
    if (update === 'InProgress')
        return { kind: 'wait', why: 'LastUpdateStatus is InProgress' };
    if (phase === 'before') {
        // A function left Failed or Inactive by earlier events can still take an update (which is
        // how it gets repaired or reactivated); only an update in flight must be waited out.
        return { kind: 'ready' };
    }
    if (update === 'Failed') {
        return {
            kind: 'failed',
            reason: reasonOf(status.LastUpdateStatusReason, status.LastUpdateStatusReasonCode, 'the update failed'),
        };
    }
    if (state === 'Failed') {
        return { kind: 'failed', reason: reasonOf(status.StateReason, status.StateReasonCode, 'the function failed') };
    }
    // Inactive right after an update means Lambda has not started the reactivation yet.
    if (state !== undefined && state !== 'Active')
        return { kind: 'wait', why: `State is ${state}` };
    // LastUpdateStatus is absent on a function that was never updated; its State alone decides.
    if (update !== undefined && update !== 'Successful')
        return { kind: 'wait', why: `LastUpdateStatus is ${update}` };
    return { kind: 'ready' };
}
/** Poll delays: quick at first (most updates settle in seconds), then every 5 s. */
function pollDelay(attempt) {
    return Math.min(1000 * (attempt + 1), 5000);
}
class FunctionNotReady extends Error {
    name = 'FunctionNotReady';
}
/**
 * Reads the status until it is ready for the phase. Throws FunctionNotReady with Lambda's own
 * reason when the update or the function failed, or when maxWaitMs of waiting did not suffice.
 */
async function waitForFunction(read, options) {
    let waited = 0;
    for (let attempt = 0;; attempt++) {
        const status = await read();
        const verdict = assess(status, options.phase);
        if (verdict.kind === 'ready')
            return status;
        if (verdict.kind === 'failed')
            throw new FunctionNotReady(verdict.reason);
        if (waited >= options.maxWaitMs) {
            throw new FunctionNotReady(`still not ready after ${Math.round(waited / 1000)} s (${verdict.why})`);
        }
        const delay = pollDelay(attempt);
        options.onWait?.(verdict.why, waited);
        await options.sleep(delay);
        waited += delay;
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/fflate/esm/index.mjs
var esm = __webpack_require__(1306);
;// CONCATENATED MODULE: ./src/lambda/zip.ts




/**
 * Every entry gets this timestamp. fflate writes the DOS date from the Date's LOCAL fields, so the
 * Date is built from local fields too: the bytes are then the same in every time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const S_IFREG = 0o100000;
/** Fixed compression level: the same fflate version turns the same bytes into the same stream. */
const LEVEL = 6;
/** The Unix mode stored for a file: 0755 for anything executable by its owner, 0644 otherwise. */
function zipMode(executable) {
    return S_IFREG | (executable ? 0o755 : 0o644);
}
/** Byte order of the UTF-8 names, independent of locale. */
function byPath(a, b) {
    return Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8'));
}
/**
 * A deterministic zip of the entries: sorted names, one fixed timestamp, modes 0644/0755, Unix
 * attributes, no directory entries (so no directory timestamps). The same entries give the same
 * bytes whatever order they come in and whatever the files' mtimes, owners or umask were.
 */
function zipEntries(entries) {
    const sorted = [...entries].sort(byPath);
    const input = {};
    for (const entry of sorted) {
        if (entry.path in input)
            throw new Error(`duplicate zip entry ${entry.path}`);
        input[entry.path] = [
            entry.data,
            // attrs holds the Unix mode in its upper 16 bits (os 3 = Unix), as Info-ZIP writes it.
            { level: LEVEL, mtime: FIXED_MTIME, os: 3, attrs: zipMode(entry.executable) * 0x10000 },
        ];
    }
    // zipSync writes entries in the object's key order: insertion order (sorted above), except that
    // names which are canonical array indexes ("0", "12") come first. Either way the order depends
    // only on the names, so the output stays deterministic.
    return (0,esm/* zipSync */.L)(input);
}
/**
 * Lists the regular files under root, following symlinks (their targets' contents are packaged)
 * but never a directory link that leads back into its own ancestry.
 */
async function walkDirectory(root) {
    const files = [];
    const skipped = [];
    const visit = async (dir, relDir, ancestors) => {
        let entries;
        try {
            entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
        }
        catch (err) {
            throw new Error(`cannot read directory ${dir}: ${err.message}`);
        }
        for (const entry of entries) {
            const abs = external_node_path_.join(dir, entry.name);
            const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
            let info;
            try {
                info = await (0,promises_.stat)(abs); // follows symlinks
            }
            catch {
                skipped.push(`${rel} (broken symlink)`);
                continue;
            }
            if (info.isDirectory()) {
                const real = await (0,promises_.realpath)(abs);
                if (ancestors.has(real)) {
                    skipped.push(`${rel} (symlink loop)`);
                    continue;
                }
                await visit(abs, rel, new Set([...ancestors, real]));
            }
            else if (info.isFile()) {
                files.push({ rel, abs, executable: (info.mode & 0o100) !== 0 });
            }
            else {
                skipped.push(`${rel} (not a regular file)`);
            }
        }
    };
    await visit(root, '', new Set([await (0,promises_.realpath)(root)]));
    files.sort((a, b) => byPath({ path: a.rel }, { path: b.rel }));
    return { files, skipped };
}
/** Zips a directory's contents (the directory itself is not a path component). */
async function zipDirectory(root) {
    const walk = await walkDirectory(root);
    const entries = [];
    for (const f of walk.files) {
        entries.push({ path: f.rel, data: await (0,promises_.readFile)(f.abs), executable: f.executable });
    }
    return { bytes: zipEntries(entries), files: entries.length, skipped: walk.skipped };
}
/** Lambda's CodeSha256: the base64 SHA-256 of the deployment package. */
function codeSha256(bytes) {
    return (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('base64');
}
/** The hex form of the same digest, for content-addressed S3 keys. */
function codeSha256Hex(bytes) {
    return (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex');
}

// EXTERNAL MODULE: ./src/runtime/aws.ts
var aws = __webpack_require__(4845);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
;// CONCATENATED MODULE: ./src/commands/lambda-deploy.ts








/** Lambda's limit for a package sent in the request itself; larger ones must come from S3. */
const DIRECT_UPLOAD_LIMIT = 50 * 1024 * 1024;
/** How long one wait for an update (or a creation) may take before the deploy gives up. */
const MAX_WAIT_MS = 15 * 60 * 1000;
const CONFLICT_ATTEMPTS = 4;
/** A role created moments ago is not yet assumable by Lambda (IAM is eventually consistent). */
const ROLE_PROPAGATION_ATTEMPTS = 5;
async function run(inputs, host) {
    const { Lambda } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(696)]).then(__webpack_require__.t.bind(__webpack_require__, 1696, 19));
    const lambda = new Lambda((0,aws/* clientConfig */.y)(inputs));
    let s3;
    const getS3 = async () => {
        if (!s3) {
            const { S3 } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
            // Checksums only where an API requires them, as s3-sync does: S3-compatible endpoints reject
            // the SDK's newer default trailers.
            s3 = new S3({
                ...(0,aws/* clientConfig */.y)(inputs, { s3: true }),
                requestChecksumCalculation: 'WHEN_REQUIRED',
                responseChecksumValidation: 'WHEN_REQUIRED',
            });
        }
        return s3;
    };
    return execute(inputs, { lambda, s3: getS3, host });
}
const isNotFound = (err) => err?.name === 'ResourceNotFoundException';
/** Reads the package (zipping a directory) before any AWS call, so local problems fail first. */
async function prepareLocalCode(inputs, deps) {
    const { host } = deps;
    const source = inputs.code;
    if (source.kind === 'image' || source.kind === 's3')
        return undefined;
    let bytes;
    if (source.kind === 'dir') {
        const zip = await zipDirectory(source.path);
        for (const s of zip.skipped)
            host.log.warn(`left out of the package: ${s}`);
        if (zip.files === 0)
            throw new errors/* InputError */.dz('source-dir', `${source.path} has no files to package`);
        bytes = zip.bytes;
        host.log.info(`packaged ${zip.files} files from ${source.path}: ${formatMiB(bytes.length)}`);
    }
    else {
        bytes = await (0,promises_.readFile)(source.path);
        host.log.info(`package ${source.path}: ${formatMiB(bytes.length)}`);
    }
    const sha256 = codeSha256(bytes);
    host.log.info(`CodeSha256 ${sha256}`);
    const limit = deps.directUploadLimit ?? DIRECT_UPLOAD_LIMIT;
    if (bytes.length <= limit)
        return { kind: 'zip', bytes, sha256 };
    if (!source.bucket) {
        throw new errors/* InputError */.dz('s3-bucket', `the package is ${formatMiB(bytes.length)}, over the ${formatMiB(limit)} direct-upload limit: give s3-bucket to stage it in S3`);
    }
    return { kind: 'zip', bytes, sha256, stage: { bucket: source.bucket, key: stagingKey(codeSha256Hex(bytes)) } };
}
/** CodeSha256 of an object already in S3: Lambda hashes the object's bytes, so we stream and hash them. */
async function hashS3Object(s3, bucket, key) {
    let res;
    try {
        res = await s3.getObject({ Bucket: bucket, Key: key });
    }
    catch (err) {
        const name = err.name;
        if (name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchBucket') {
            throw new errors/* ReleaseError */.K2(`s3://${bucket}/${key} does not exist (${name})`);
        }
        throw err;
    }
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of res.Body)
        hash.update(chunk);
    return hash.digest('base64');
}
async function execute(inputs, deps) {
    const { host, lambda } = deps;
    const dry = inputs.dryRun;
    const maxWaitMs = deps.maxWaitMs ?? MAX_WAIT_MS;
    const log = (name, message) => host.log.info(`${name}: ${message}`);
    let code = await prepareLocalCode(inputs, deps);
    if (inputs.code.kind === 's3') {
        const { bucket, key } = inputs.code;
        code = { kind: 's3', bucket, key, sha256: await hashS3Object(await deps.s3(), bucket, key) };
        host.log.info(`s3://${bucket}/${key}: CodeSha256 ${code.sha256}`);
    }
    else if (inputs.code.kind === 'image') {
        code = { kind: 'image', uri: inputs.code.uri };
        if (!parseImageUri(code.uri).digest) {
            host.log.warn(`image-uri ${code.uri} names a tag, which may have moved: the code is updated every time. Pass the @sha256 form (ecr-push's image-uri output) to skip unchanged images.`);
        }
    }
    if (!code)
        throw new Error('BUG: no code source');
    const theCode = code;
    // The package reaches S3 at most once, and only when some function needs it.
    let staged;
    const codeLocation = async () => {
        if (theCode.kind === 'image')
            return { ImageUri: theCode.uri };
        if (theCode.kind === 's3')
            return { S3Bucket: theCode.bucket, S3Key: theCode.key };
        if (!theCode.stage)
            return { ZipFile: theCode.bytes };
        const { bucket, key } = theCode.stage;
        staged ??= stage(await deps.s3(), bucket, key, theCode);
        await staged;
        return { S3Bucket: bucket, S3Key: key };
    };
    const stage = async (s3, bucket, key, zip) => {
        try {
            const head = await s3.headObject({ Bucket: bucket, Key: key });
            if (head.Metadata?.['code-sha256'] === zip.sha256) {
                host.log.info(`s3://${bucket}/${key} already holds this package`);
                return;
            }
        }
        catch (err) {
            // Without s3:ListBucket, S3 answers a HEAD of a missing key with 403 instead of 404: treat it as absent
            // and let the upload say whether writing is allowed.
            const name = err.name;
            const status = err.$metadata?.httpStatusCode;
            if (name !== 'NotFound' && name !== 'NoSuchKey' && status !== 403)
                throw err;
        }
        host.log.info(`uploading the package to s3://${bucket}/${key} (${formatMiB(zip.bytes.length)})`);
        await s3.putObject({
            Bucket: bucket,
            Key: key,
            Body: zip.bytes,
            ContentType: 'application/zip',
            ContentMD5: (0,external_node_crypto_.createHash)('md5').update(zip.bytes).digest('base64'),
            Metadata: { 'code-sha256': zip.sha256 },
        });
    };
    const readConfig = async (name) => lambda.getFunctionConfiguration({ FunctionName: name });
    const waitReady = async (name, phase, what) => {
        try {
            return await waitForFunction(() => readConfig(name), {
                phase,
                maxWaitMs,
                sleep: (ms) => host.sleep(ms),
                onWait: (why) => log(name, `waiting ${phase === 'before' ? `before ${what}` : `for ${what}`}: ${why}`),
            });
        }
        catch (err) {
            if (err instanceof FunctionNotReady)
                throw new errors/* ReleaseError */.K2(`${name}: ${what} failed: ${err.message}`);
            throw err;
        }
    };
    /**
     * Waits until no update is running, then makes the call with that fresh read (its RevisionId, its
     * variables). Another deployment may still slip in between; Lambda then answers
     * ResourceConflictException, and the whole step is repeated on a new fresh read.
     */
    const whenIdle = async (name, what, call) => {
        for (let attempt = 1;; attempt++) {
            const idle = await waitReady(name, 'before', `the ${what}`);
            try {
                return await call(idle);
            }
            catch (err) {
                const kind = err.name;
                if (kind === 'PreconditionFailedException') {
                    throw new errors/* ReleaseError */.K2(`${name}: changed by someone else during the ${what} (RevisionId moved); run again to deploy over it`);
                }
                if (kind !== 'ResourceConflictException' || attempt >= CONFLICT_ATTEMPTS)
                    throw err;
                log(name, `${what}: ${(0,errors/* errorMessage */.gJ)(err)}; waiting and retrying`);
            }
        }
    };
    // ── Phase 1: read every function and plan. Nothing changes until every plan is valid. ──
    const planOne = async (name) => {
        let current;
        let location;
        try {
            const res = await lambda.getFunction({ FunctionName: name });
            current = res.Configuration;
            location = res.Code;
        }
        catch (err) {
            if (!isNotFound(err))
                throw new errors/* ReleaseError */.K2(`${name}: cannot read the function: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
        const config = (0,lambda_config/* planConfiguration */.SU)(current ?? {}, inputs.config);
        const env = config.update.Environment?.Variables;
        if (env && (0,lambda_config/* environmentSize */.r0)(env) > lambda_config/* ENVIRONMENT_LIMIT_BYTES */.kE) {
            throw new errors/* ReleaseError */.K2(`${name}: the environment would be ${(0,lambda_config/* environmentSize */.r0)(env)} bytes, over Lambda's ${lambda_config/* ENVIRONMENT_LIMIT_BYTES */.kE}-byte limit`);
        }
        if (!current) {
            const missing = [];
            if (!inputs.role)
                missing.push('role');
            if (theCode.kind !== 'image') {
                if (!inputs.config.runtime)
                    missing.push('runtime');
                if (!inputs.config.handler)
                    missing.push('handler');
            }
            if (missing.length) {
                throw new errors/* ReleaseError */.K2(`function ${name} does not exist; to create it, also give ${missing.join(', ')}`);
            }
            log(name, `does not exist: it will be created`);
            return { name, codeChanged: true, config };
        }
        const isImage = current.PackageType === 'Image';
        if (isImage !== (theCode.kind === 'image')) {
            throw new errors/* ReleaseError */.K2(isImage
                ? `${name} is a container-image function: deploy it with image-uri`
                : `${name} is a zip function: deploy it with source-dir, zip-file or s3-bucket + s3-key, not image-uri`);
        }
        const codeChanged = theCode.kind === 'image'
            ? !sameImage(theCode.uri, location, current.CodeSha256)
            : current.CodeSha256 !== theCode.sha256;
        if (codeChanged) {
            log(name, theCode.kind === 'image'
                ? `code: ${location?.ImageUri ?? '(none)'} → ${theCode.uri}`
                : `code: ${current.CodeSha256} → ${theCode.sha256}`);
        }
        else {
            log(name, `code unchanged (CodeSha256 ${current.CodeSha256})`);
        }
        for (const line of config.lines)
            log(name, line);
        if (!config.lines.length)
            log(name, 'configuration unchanged');
        return { name, current, location, codeChanged, config };
    };
    const planned = await Promise.allSettled(inputs.functionNames.map(planOne));
    const planErrors = planned.flatMap((p) => (p.status === 'rejected' ? [(0,errors/* errorMessage */.gJ)(p.reason)] : []));
    if (planErrors.length) {
        throw new errors/* ReleaseError */.K2(`nothing was changed: ${planErrors.join('; ')}`);
    }
    const plans = planned.map((p) => p.value);
    // ── Phase 2: apply, every function in parallel. ──
    const createFunction = async (plan) => {
        const c = inputs.config;
        const request = {
            FunctionName: plan.name,
            Role: inputs.role,
            Code: await codeLocation(),
            PackageType: theCode.kind === 'image' ? 'Image' : 'Zip',
            Handler: c.handler,
            Runtime: c.runtime,
            MemorySize: c.memorySize,
            Timeout: c.timeout,
            Description: c.description,
            Layers: c.layers,
            Architectures: c.architecture ? [c.architecture] : undefined,
            Environment: c.environment ? { Variables: c.environment } : undefined,
            Publish: false, // published below, after the function is Active
        };
        for (let attempt = 1;; attempt++) {
            try {
                await lambda.createFunction(request);
                break;
            }
            catch (err) {
                const roleNotReady = err.name === 'InvalidParameterValueException' && /cannot be assumed/i.test((0,errors/* errorMessage */.gJ)(err));
                if (!roleNotReady || attempt >= ROLE_PROPAGATION_ATTEMPTS)
                    throw err;
                log(plan.name, 'the role cannot be assumed yet (new roles take a few seconds); retrying');
                await host.sleep(2000 * attempt);
            }
        }
        log(plan.name, 'created; waiting until it is Active');
        return waitReady(plan.name, 'after', 'the creation');
    };
    /** The newest published version, or undefined when none was ever published. */
    const newestVersion = async (name) => {
        let newest;
        let marker;
        do {
            const page = await lambda.listVersionsByFunction({ FunctionName: name, Marker: marker, MaxItems: 50 });
            for (const v of page.Versions ?? []) {
                if (!v.Version || !/^\d+$/.test(v.Version))
                    continue;
                if (!newest || Number(v.Version) > Number(newest.Version))
                    newest = v;
            }
            marker = page.NextMarker;
        } while (marker);
        return newest;
    };
    const applyOne = async (plan) => {
        const { name } = plan;
        const desired = inputs.config;
        let changed = false;
        let latest;
        if (!plan.current) {
            if (dry) {
                log(name, 'dry run: would create the function');
                const sha = theCode.kind === 'image' ? '' : theCode.sha256;
                return { name, arn: '', version: '', 'code-sha256': sha, changed: true };
            }
            latest = await createFunction(plan);
            changed = true;
        }
        else {
            latest = plan.current;
            if (plan.codeChanged || plan.config.architecture) {
                const body = {
                    FunctionName: name,
                    Architectures: plan.config.architecture ? [plan.config.architecture] : undefined,
                };
                if (dry) {
                    if (theCode.kind === 'zip' && theCode.stage) {
                        log(name, `dry run: would upload the package to s3://${theCode.stage.bucket}/${theCode.stage.key} and update the code`);
                    }
                    else {
                        // Lambda's own dry run checks permissions and the code location without changing anything.
                        await lambda.updateFunctionCode({ ...body, ...(await codeLocation()), DryRun: true });
                        log(name, 'dry run: Lambda accepted the code update (UpdateFunctionCode DryRun)');
                    }
                    changed = true;
                }
                else {
                    const location = await codeLocation();
                    await whenIdle(name, 'code update', (idle) => lambda.updateFunctionCode({ ...body, ...location, RevisionId: idle.RevisionId }));
                    latest = await waitReady(name, 'after', 'the code update');
                    // A tag-only image URI is re-resolved by every update; only a new digest is a change.
                    changed = changed || plan.config.architecture !== undefined || latest.CodeSha256 !== plan.current.CodeSha256;
                    log(name, `code updated: CodeSha256 ${latest.CodeSha256}`);
                }
            }
            if (!(0,lambda_config/* isEmptyUpdate */.fy)(plan.config.update)) {
                if (dry) {
                    log(name, 'dry run: would update the configuration as listed above');
                    changed = true;
                }
                else {
                    // Planned again on each fresh read: the merge must lay over the variables as they are now.
                    const updated = await whenIdle(name, 'configuration update', async (idle) => {
                        const again = (0,lambda_config/* planConfiguration */.SU)(idle, desired);
                        if ((0,lambda_config/* isEmptyUpdate */.fy)(again.update))
                            return false;
                        await lambda.updateFunctionConfiguration({
                            FunctionName: name,
                            ...again.update,
                            Runtime: again.update.Runtime,
                            RevisionId: idle.RevisionId,
                        });
                        return true;
                    });
                    latest = await waitReady(name, updated ? 'after' : 'before', 'the configuration update');
                    if (updated) {
                        changed = true;
                        log(name, 'configuration updated');
                    }
                }
            }
        }
        const arn = latest.FunctionArn ?? '';
        const sha = dry && changed && theCode.kind !== 'image' ? theCode.sha256 : (latest.CodeSha256 ?? '');
        if (!inputs.publish)
            return { name, arn, version: '$LATEST', 'code-sha256': sha, changed };
        // Publish unless the newest version already is exactly $LATEST: after a run that updated the
        // function but failed before publishing, a re-run then still publishes (and moves the alias).
        let version;
        const newest = plan.current && !(dry && changed) ? await newestVersion(name) : undefined;
        if (dry && changed) {
            log(name, 'dry run: would publish a new version');
            version = '';
        }
        else if (newest?.Version && (0,lambda_config/* sameDeployment */.qs)(latest, newest)) {
            version = newest.Version;
            log(name, `version ${version} already holds this code and configuration`);
        }
        else if (dry) {
            log(name, `dry run: would publish $LATEST, which differs from ${newest?.Version ? `version ${newest.Version}` : 'any published version'}`);
            version = '';
            changed = true;
        }
        else {
            // CodeSha256 and RevisionId pin what was deployed above: if anyone changed the function since,
            // Lambda refuses instead of publishing their change under our name.
            const expected = latest;
            const published = await whenIdle(name, 'publish', () => lambda.publishVersion({ FunctionName: name, CodeSha256: expected.CodeSha256, RevisionId: expected.RevisionId }));
            version = published.Version ?? '';
            changed = true;
            log(name, `published version ${version}`);
        }
        if (inputs.alias) {
            const moved = await pointAlias(name, inputs.alias, version);
            changed = changed || moved;
        }
        return { name, arn, version, 'code-sha256': sha, changed };
    };
    /** Creates the alias or moves it to version; true when it changed (or would, in a dry run). */
    const pointAlias = async (name, alias, version) => {
        let current;
        try {
            current = await lambda.getAlias({ FunctionName: name, Name: alias });
        }
        catch (err) {
            if (!isNotFound(err))
                throw err;
        }
        if (current && current.FunctionVersion === version) {
            log(name, `alias ${alias} already points to version ${version}`);
            return false;
        }
        if (dry) {
            log(name, `dry run: would ${current ? `move alias ${alias} from version ${current.FunctionVersion}` : `create alias ${alias}`} to the new version`);
            return true;
        }
        if (!current) {
            await lambda.createAlias({ FunctionName: name, Name: alias, FunctionVersion: version });
            log(name, `alias ${alias} created at version ${version}`);
            return true;
        }
        const weights = current.RoutingConfig?.AdditionalVersionWeights ?? {};
        if (Object.keys(weights).length) {
            log(name, `alias ${alias} had weighted routing (${JSON.stringify(weights)}); it now sends all traffic to ${version}`);
        }
        await lambda.updateAlias({
            FunctionName: name,
            Name: alias,
            FunctionVersion: version,
            RevisionId: current.RevisionId,
            ...(Object.keys(weights).length ? { RoutingConfig: { AdditionalVersionWeights: {} } } : {}),
        });
        log(name, `alias ${alias} moved from version ${current.FunctionVersion} to ${version}`);
        return true;
    };
    const applied = await Promise.allSettled(plans.map(applyOne));
    const results = [];
    const failures = [];
    applied.forEach((outcome, i) => {
        const name = plans[i]?.name ?? '';
        if (outcome.status === 'fulfilled')
            results.push(outcome.value);
        else
            failures.push(`${name}: ${(0,errors/* errorMessage */.gJ)(outcome.reason).replace(new RegExp(`^${escapeRegExp(name)}: `), '')}`);
    });
    for (const r of results) {
        host.log.info(`${r.name}: ${r.changed ? (dry ? 'would change' : 'deployed') : 'unchanged'}, version ${r.version || '(none)'}`);
    }
    if (failures.length) {
        const done = results.length ? ` (${results.map((r) => r.name).join(', ')} deployed)` : '';
        throw new errors/* ReleaseError */.K2(`${failures.length} of ${plans.length} function(s) failed${done}: ${failures.join('; ')}`);
    }
    await host.summary(summaryTable(results, dry));
    const first = results[0];
    if (!first)
        throw new Error('BUG: no function deployed');
    return {
        'function-arn': first.arn,
        version: first.version,
        'code-sha256': first['code-sha256'],
        // With several functions, a step gated on `changed` must run when any of them changed.
        changed: results.some((r) => r.changed),
        functions: JSON.stringify(results),
    };
}
function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function summaryTable(results, dry) {
    const rows = results.map((r) => `| ${r.name} | ${r.version || '-'} | ${r.changed ? (dry ? 'would change' : 'yes') : 'no'} | \`${r['code-sha256'] || '-'}\` |`);
    return [
        `### Lambda deploy${dry ? ' (dry run)' : ''}`,
        '',
        '| Function | Version | Changed | CodeSha256 |',
        '|---|---|---|---|',
        ...rows,
        '',
    ].join('\n');
}


/***/ })

};
