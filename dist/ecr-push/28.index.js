export const id = 28;
export const ids = [28];
export const modules = {

/***/ 1028:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/ecr/cli.ts
var ecr_cli = __webpack_require__(3592);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/util/pool.ts
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

// EXTERNAL MODULE: ./src/ecr/names.ts
var names = __webpack_require__(7630);
;// CONCATENATED MODULE: ./src/ecr/registry.ts
/**
 * Reads what a registry holds for a tag, through the registry HTTP API (distribution v2). The digest
 * ecr-push reports comes from here: it is what the registry answers for the pushed tag, never
 * something computed from the local image. It also reads image configs (for the revision label) and
 * writes a manifest under another tag, for registries that are not this repository's ECR.
 *
 * The ECR token is a credential for the whole AWS account, so it only ever goes to ECR hosts and to
 * registries on this machine (see mayReceiveEcrCredentials); every other registry is read anonymously.
 */




/** Every manifest kind a single- or multi-platform image may be stored as; without them a registry may convert. */
const MANIFEST_MEDIA_TYPES = [
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
];
/** Parses one WWW-Authenticate challenge: `Bearer realm="https://x/token",service="x",scope="repository:a:pull"`. */
function parseChallenge(header) {
    const m = /^\s*([A-Za-z][\w-]*)\s*(.*)$/.exec(header);
    if (!m)
        return undefined;
    const params = {};
    const re = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
    for (let p = re.exec(m[2] ?? ''); p; p = re.exec(m[2] ?? '')) {
        params[(p[1] ?? '').toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
    }
    return { scheme: (m[1] ?? '').toLowerCase(), params };
}
/** fetch() only says "fetch failed"; the reason (ECONNREFUSED, a certificate error) is in its cause. */
function reason(err) {
    const cause = err?.cause;
    const message = cause?.message;
    return typeof message === 'string' && message !== '' ? message : (0,errors/* errorMessage */.gJ)(err);
}
function registryBaseUrl(registry) {
    return `${(0,names/* isLoopbackRegistry */.jW)(registry) ? 'http' : 'https'}://${registry}`;
}
function sha256Digest(body) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(body).digest('hex')}`;
}
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/**
 * A minimal registry client: HEAD/GET/PUT of manifests and GET of blobs, with Basic credentials
 * (what ECR asks for) where they may go, and the Bearer token dance when the registry challenges for
 * it (most other registries).
 */
class RegistryClient {
    registry;
    options;
    base;
    fetch;
    attempts;
    /** Basic header of the ECR credentials; undefined for a registry that must not get them. */
    basic;
    /** Bearer token from the registry's token service, once one was handed out. */
    bearer;
    /**
     * `ecrCredentials` are used only when the registry is an ECR host or on this machine: any other
     * registry is read without credentials, even when they are given.
     */
    constructor(registry, ecrCredentials, options) {
        this.registry = registry;
        this.options = options;
        this.base = new URL(registryBaseUrl(registry));
        this.fetch = options.fetch ?? fetch;
        this.attempts = options.attempts ?? 4;
        this.basic =
            ecrCredentials && (0,names/* mayReceiveEcrCredentials */.vA)(registry)
                ? `Basic ${Buffer.from(`${ecrCredentials.username}:${ecrCredentials.password}`).toString('base64')}`
                : undefined;
    }
    /** Whether requests carry credentials at all (false: anonymous reads). */
    get authenticated() {
        return this.basic !== undefined;
    }
    url(repository, kind, reference) {
        // Digests keep their colon (sha256:...), as every registry client sends them.
        const ref = encodeURIComponent(reference).replace(/%3A/gi, ':');
        return new URL(`/v2/${repository}/${kind}/${ref}`, this.base).toString();
    }
    /**
     * The digest the registry holds for repository:reference, or undefined when there is no such tag.
     * Docker-Content-Digest from a HEAD is preferred; a registry that omits it gets a GET, and the
     * digest is then the sha256 of the exact manifest bytes, which is how digests are defined.
     */
    async manifestDigest(repository, reference) {
        const head = await this.request(repository, 'pull', this.url(repository, 'manifests', reference), {
            method: 'HEAD',
            headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
        });
        if (head.status === 404)
            return undefined;
        this.expectOk(head, `${repository}:${reference}`);
        const digest = head.headers.get('docker-content-digest');
        if (digest)
            return digest;
        return (await this.manifest(repository, reference))?.digest;
    }
    /** The manifest stored under a tag or digest, byte for byte, or undefined when there is none. */
    async manifest(repository, reference) {
        const res = await this.request(repository, 'pull', this.url(repository, 'manifests', reference), {
            method: 'GET',
            headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
        });
        if (res.status === 404) {
            await res.body?.cancel();
            return undefined;
        }
        this.expectOk(res, `${repository}:${reference}`);
        const body = new Uint8Array(await res.arrayBuffer());
        const digest = sha256Digest(body);
        if (reference.startsWith('sha256:') && digest !== reference)
            throw new errors/* ReleaseError */.K2(`the registry ${this.registry} returned a manifest for ${reference} whose digest is ${digest}`);
        return { digest, body, mediaType: res.headers.get('content-type')?.split(';')[0]?.trim() || undefined };
    }
    /**
     * A blob (an image config), checked against its digest. Registries such as ECR answer with a
     * redirect to storage on another host, which is followed without the credentials.
     */
    async blob(repository, digest) {
        const res = await this.request(repository, 'pull', this.url(repository, 'blobs', digest), {
            method: 'GET',
            headers: {},
        });
        this.expectOk(res, `${repository}@${digest}`);
        const body = new Uint8Array(await res.arrayBuffer());
        if (sha256Digest(body) !== digest)
            throw new errors/* ReleaseError */.K2(`the registry ${this.registry} returned a blob for ${digest} with another digest`);
        return body;
    }
    /** Stores `manifest` under `tag` (the same bytes, so the same digest) and returns the digest the registry reports. */
    async putManifest(repository, tag, manifest) {
        const res = await this.request(repository, 'pull,push', this.url(repository, 'manifests', tag), {
            method: 'PUT',
            headers: { 'content-type': manifest.mediaType ?? MANIFEST_MEDIA_TYPES[0] },
            body: manifest.body,
        });
        await res.body?.cancel();
        if (!res.ok) {
            const login = this.authenticated
                ? ''
                : ' (ecr-push writes to registries other than ECR without credentials: the ECR token is not sent there)';
            throw new errors/* ReleaseError */.K2(`the registry ${this.registry} refused to tag ${repository}:${tag} (HTTP ${res.status})${login}`);
        }
        return res.headers.get('docker-content-digest') ?? manifest.digest;
    }
    expectOk(res, what) {
        if (res.ok)
            return;
        void res.body?.cancel();
        const where = `${this.registry}/${what}`;
        if (res.status === 401 || res.status === 403) {
            if (!this.authenticated)
                throw new errors/* ReleaseError */.K2(`the registry ${this.registry} requires a login to read ${where} (HTTP ${res.status}); ecr-push reads registries other than ECR anonymously, because the ECR token is only sent to ECR`);
            throw new errors/* ReleaseError */.K2(`the registry refused the login credentials when reading ${where} (HTTP ${res.status})`);
        }
        throw new errors/* ReleaseError */.K2(`the registry answered HTTP ${res.status} when reading ${where}`);
    }
    /** One registry call; on a Bearer challenge, trades for a token (scoped to `actions`) and tries once more. */
    async request(repository, actions, url, out) {
        const authFor = (target) => target.origin === this.base.origin ? (this.bearer ? `Bearer ${this.bearer}` : this.basic) : undefined;
        const res = await this.withRetries(() => this.send(url, out, authFor));
        if (res.status !== 401)
            return res;
        // Registries other than ECR hand out short-lived tokens: trade the credentials for one.
        const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
        if (challenge?.scheme !== 'bearer' || !challenge.params['realm'])
            return res;
        await res.body?.cancel();
        this.bearer = await this.token(challenge, repository, actions);
        return this.withRetries(() => this.send(url, out, authFor));
    }
    /**
     * Whether the token service at `realm` may receive the credentials: only when it is the registry
     * itself (same host and port) and the connection is HTTPS or stays on this machine. A registry
     * that names a token service elsewhere gets an anonymous token request.
     */
    realmMayReceiveCredentials(realm) {
        if (realm.host !== this.base.host)
            return false;
        return realm.protocol === 'https:' || (realm.protocol === 'http:' && (0,names/* isLoopbackRegistry */.jW)(realm.host));
    }
    async token(challenge, repository, actions) {
        let realm;
        try {
            realm = new URL(challenge.params['realm'] ?? '');
        }
        catch {
            throw new errors/* ReleaseError */.K2(`the registry ${this.registry} named a token service that is not a URL`);
        }
        if (realm.protocol !== 'https:' && realm.protocol !== 'http:')
            throw new errors/* ReleaseError */.K2(`the registry ${this.registry} named a token service that is not http(s)`);
        if (challenge.params['service'])
            realm.searchParams.set('service', challenge.params['service']);
        realm.searchParams.set('scope', challenge.params['scope'] ?? `repository:${repository}:${actions}`);
        const credentials = this.basic !== undefined && this.realmMayReceiveCredentials(realm) ? this.basic : undefined;
        const res = await this.withRetries(() => this.send(realm.toString(), { method: 'GET', headers: {} }, (target) => target.origin === realm.origin ? credentials : undefined));
        if (!res.ok) {
            await res.body?.cancel();
            throw new errors/* ReleaseError */.K2(`the registry's token service ${realm.host} answered HTTP ${res.status}`);
        }
        const body = (await res.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new errors/* ReleaseError */.K2(`the registry's token service ${realm.host} returned no token`);
        return token;
    }
    /**
     * One HTTP exchange, following redirects by hand: the Authorization header goes only to the
     * origin `authFor` allows (storage a registry redirects to never sees it).
     */
    async send(url, out, authFor) {
        let target = new URL(url);
        let method = out.method;
        for (let hop = 0;; hop++) {
            const authorization = authFor(target);
            const res = await this.fetch(target, {
                method,
                redirect: 'manual',
                headers: { ...out.headers, ...(authorization ? { authorization } : {}) },
                ...(method === 'PUT' && out.body ? { body: out.body } : {}),
            });
            const location = res.headers.get('location');
            if (!REDIRECTS.has(res.status) || !location)
                return res;
            await res.body?.cancel();
            if (hop >= MAX_REDIRECTS)
                throw new errors/* ReleaseError */.K2(`the registry ${this.registry} redirected too many times`);
            target = new URL(location, target);
            if (res.status === 303 && method !== 'HEAD')
                method = 'GET';
        }
    }
    /** Retries dropped connections, 429 and 5xx with backoff; anything else is the answer. */
    async withRetries(call) {
        let lastError;
        for (let attempt = 0; attempt < this.attempts; attempt++) {
            if (attempt > 0)
                await this.options.sleep(backoff(attempt));
            try {
                const res = await call();
                if (res.status !== 429 && res.status < 500)
                    return res;
                lastError = new Error(`HTTP ${res.status}`);
                await res.body?.cancel();
            }
            catch (err) {
                if (err instanceof errors/* ReleaseError */.K2)
                    throw err;
                lastError = err;
            }
        }
        throw new errors/* ReleaseError */.K2(`the registry ${this.registry} did not answer after ${this.attempts} tries: ${reason(lastError)}`);
    }
}

;// CONCATENATED MODULE: ./src/ecr/ecr.ts


/** An ECR authorization token is base64("AWS:<password>"). */
function decodeAuthorizationToken(token) {
    const text = Buffer.from(token, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    // The message must not quote the token or its decoded text: both carry the password.
    if (colon <= 0 || colon === text.length - 1)
        throw new errors/* ReleaseError */.K2('ECR returned an authorization token that is not base64 of user:password');
    return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
/** https://123456789012.dkr.ecr.eu-west-1.amazonaws.com → 123456789012.dkr.ecr.eu-west-1.amazonaws.com */
function registryFromEndpoint(endpoint) {
    try {
        return new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`).host;
    }
    catch {
        throw new errors/* ReleaseError */.K2(`ECR returned a registry endpoint that is not a URL: ${endpoint}`);
    }
}
/**
 * Asks ECR for a registry login. `secret` is called with the password and the token before this
 * returns, so that nothing can log them first.
 */
async function getRegistryLogin(ecr, secret) {
    const res = await ecr.getAuthorizationToken({});
    const data = res.authorizationData?.[0];
    if (!data?.authorizationToken || !data.proxyEndpoint)
        throw new errors/* ReleaseError */.K2('ECR returned no authorization data');
    secret(data.authorizationToken);
    const { username, password } = decodeAuthorizationToken(data.authorizationToken);
    secret(password);
    return { registry: registryFromEndpoint(data.proxyEndpoint), username, password, token: data.authorizationToken };
}
/** Compares two lifecycle policies as JSON values, so that formatting differences do not count. */
function samePolicy(a, b) {
    const canonical = (text) => {
        const sort = (v) => Array.isArray(v)
            ? v.map(sort)
            : v && typeof v === 'object'
                ? Object.fromEntries(Object.keys(v)
                    .sort()
                    .map((k) => [k, sort(v[k])]))
                : v;
        try {
            return JSON.stringify(sort(JSON.parse(text)));
        }
        catch {
            return text;
        }
    };
    return canonical(a) === canonical(b);
}
function wildcard(pattern) {
    return new RegExp(`^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`);
}
/**
 * Whether ECR refuses to move `tag` once it exists: every tag of an IMMUTABLE repository, and in
 * the *_WITH_EXCLUSION kinds the tags the exclusion filters flip (e.g. IMMUTABLE but `latest` mutable).
 */
function tagIsImmutable(repo, tag) {
    const base = repo.mutability.startsWith('IMMUTABLE');
    if (!repo.mutability.endsWith('_WITH_EXCLUSION'))
        return base;
    return repo.exclusions.some((p) => wildcard(p).test(tag)) ? !base : base;
}
const isName = (err, name) => err instanceof Error && err.name === name;
/**
 * Finds the repository, or creates it (when allowed) with the requested tag mutability, scan on
 * push and lifecycle policy. An existing repository keeps its settings: it may be shared with other
 * pipelines, so a differing explicit setting is reported, not changed. That includes the lifecycle
 * policy, which is only replaced when lifecyclePolicyUpdate says so.
 */
async function ensureRepository(ecr, settings, log) {
    let repo = await describeRepository(ecr, settings.name);
    let created = false;
    if (!repo) {
        if (!settings.create) {
            throw new errors/* ReleaseError */.K2(`ECR repository ${settings.name} does not exist${settings.missing ?? ' and create-repository is false'}`);
        }
        const what = `${settings.mutability.toLowerCase()} tags, scan on push ${settings.scanOnPush ? 'on' : 'off'}${settings.lifecyclePolicy ? ', lifecycle policy' : ''}`;
        if (settings.dryRun) {
            log.info(`dry run: would create ECR repository ${settings.name} (${what})`);
            return { name: settings.name, mutability: settings.mutability, exclusions: [], created: false, exists: false };
        }
        try {
            const res = await ecr.createRepository({
                repositoryName: settings.name,
                imageTagMutability: settings.mutability,
                imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
            });
            repo = res.repository;
            created = true;
            log.info(`created ECR repository ${settings.name} (${what})`);
        }
        catch (err) {
            // Another pipeline created it in the meantime: use theirs.
            if (!isName(err, 'RepositoryAlreadyExistsException'))
                throw err;
            repo = await describeRepository(ecr, settings.name);
        }
        if (!repo)
            throw new errors/* ReleaseError */.K2(`ECR repository ${settings.name} could not be found after creating it`);
    }
    else {
        const mutability = repo.imageTagMutability ?? 'MUTABLE';
        if (settings.mutabilityGiven && mutability !== settings.mutability) {
            log.warn(`ECR repository ${settings.name} exists with ${mutability} tags; image-tag-mutability ${settings.mutability} only applies when ecr-push creates the repository`);
        }
        const scan = repo.imageScanningConfiguration?.scanOnPush ?? false;
        if (settings.scanOnPushGiven && scan !== settings.scanOnPush) {
            log.warn(`ECR repository ${settings.name} exists with scan on push ${scan ? 'on' : 'off'}; scan-on-push only applies when ecr-push creates the repository`);
        }
    }
    if (settings.lifecyclePolicy)
        await syncLifecyclePolicy(ecr, settings.name, settings.lifecyclePolicy, {
            // A repository another run created meanwhile counts as existing: it is not ours to change.
            replace: created || settings.lifecyclePolicyUpdate,
            dryRun: settings.dryRun,
            log,
        });
    return {
        name: settings.name,
        registry: repo.repositoryUri?.split('/')[0],
        mutability: repo.imageTagMutability ?? 'MUTABLE',
        exclusions: (repo.imageTagMutabilityExclusionFilters ?? []).map((f) => f.filter ?? '').filter((f) => f !== ''),
        created,
        exists: true,
    };
}
async function describeRepository(ecr, name) {
    try {
        const res = await ecr.describeRepositories({ repositoryNames: [name] });
        return res.repositories?.[0];
    }
    catch (err) {
        if (isName(err, 'RepositoryNotFoundException'))
            return undefined;
        throw err;
    }
}
/**
 * Sets the lifecycle policy when the repository has none or another one, if `replace` allows it
 * (a repository this run created, or lifecycle-policy-update); otherwise warns and leaves it.
 */
async function syncLifecyclePolicy(ecr, name, policy, { replace, dryRun, log }) {
    let current;
    try {
        current = (await ecr.getLifecyclePolicy({ repositoryName: name })).lifecyclePolicyText;
    }
    catch (err) {
        if (!isName(err, 'LifecyclePolicyNotFoundException') && !isName(err, 'RepositoryNotFoundException'))
            throw err;
    }
    if (current !== undefined && samePolicy(current, policy)) {
        log.info(`lifecycle policy of ${name} is up to date`);
        return;
    }
    if (!replace) {
        log.warn(`ECR repository ${name} exists with ${current === undefined ? 'no lifecycle policy' : 'another lifecycle policy'}; it is left as it is, since the repository may be shared (set lifecycle-policy-update to true to replace it with the lifecycle-policy file)`);
        return;
    }
    if (dryRun) {
        log.info(`dry run: would ${current === undefined ? 'set' : 'update'} the lifecycle policy of ${name}`);
        return;
    }
    try {
        await ecr.putLifecyclePolicy({ repositoryName: name, lifecyclePolicyText: policy });
    }
    catch (err) {
        throw new errors/* ReleaseError */.K2(`ECR rejected the lifecycle policy for ${name}: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
    log.info(`${current === undefined ? 'set' : 'updated'} the lifecycle policy of ${name}`);
}
/** What the repository holds under a tag (digest and manifest), or undefined when the tag is not there. */
function imageByTag(ecr, repository, tag) {
    return getImage(ecr, repository, { imageTag: tag }, `${repository}:${tag}`);
}
/** The image with this digest (its manifest byte for byte), or undefined when the repository does not hold it. */
function imageByDigest(ecr, repository, digest) {
    return getImage(ecr, repository, { imageDigest: digest }, `${repository}@${digest}`);
}
async function getImage(ecr, repository, imageId, 
/** repository:tag or repository@digest, for messages. */
what) {
    // One image per call: an image with several tags comes back under any one of them, so a combined
    // answer could not be matched to the tags asked for.
    const res = await ecr.batchGetImage({
        repositoryName: repository,
        imageIds: [imageId],
        // Without this ECR may convert the manifest (e.g. OCI to Docker), and the copy gets another digest.
        acceptedMediaTypes: [...MANIFEST_MEDIA_TYPES],
    });
    const image = res.images?.[0];
    if (!image) {
        const failure = res.failures?.[0];
        if (!failure || failure.failureCode === 'ImageNotFound' || failure.failureCode === 'ImageTagDoesNotMatchDigest')
            return undefined;
        throw new errors/* ReleaseError */.K2(`ECR could not read ${what}: ${failure.failureCode} ${failure.failureReason ?? ''}`.trim());
    }
    if (!image.imageId?.imageDigest || !image.imageManifest)
        throw new errors/* ReleaseError */.K2(`ECR returned ${what} without digest or manifest`);
    return { digest: image.imageId.imageDigest, manifest: image.imageManifest, mediaType: image.imageManifestMediaType };
}
/**
 * Adds tags to the image that `sourceTag` points at, by writing its manifest again under each new
 * tag (PutImage). No layer moves and nothing is pulled. Every tag is read back afterwards and must
 * carry the source digest.
 */
async function promote(ecr, options, log) {
    const { repository, sourceTag } = options;
    const source = await imageByTag(ecr, repository, sourceTag);
    if (!source)
        throw new errors/* ReleaseError */.K2(`${repository}:${sourceTag} does not exist in ECR, so there is nothing to promote`);
    log.info(`${repository}:${sourceTag} is ${source.digest}`);
    return tagImage(ecr, { ...options, source }, log);
}
/**
 * Points every tag at one digest, for ECR and any registry alike: tags already on it are left alone, an
 * immutable tag on another image stops everything before a write, and the tags are read back after.
 */
async function retag(o, log) {
    const current = await Promise.all(o.tags.map(async (tag) => ({ tag, digest: await o.digestOf(tag) })));
    const unchanged = current.filter((c) => c.digest === o.digest).map((c) => c.tag);
    const stuck = current.filter((c) => c.digest && c.digest !== o.digest && o.immutable(c.tag));
    if (stuck.length > 0) {
        const list = stuck.map((c) => `${c.tag} (${c.digest})`).join(', ');
        throw new errors/* ReleaseError */.K2(`${o.holder} already holds the immutable tag ${list}, not ${o.digest}; immutable tags cannot be moved`);
    }
    const added = o.tags.filter((t) => !unchanged.includes(t));
    for (const tag of unchanged)
        log.info(`${o.name}:${tag} already points at ${o.digest}`);
    if (o.dryRun) {
        for (const tag of added)
            log.info(`dry run: would tag ${o.digest} as ${o.name}:${tag}`);
        return { added, unchanged };
    }
    for (const tag of added) {
        await o.putTag(tag);
        log.info(`tagged ${o.digest} as ${o.name}:${tag}`);
    }
    const after = await Promise.all(o.tags.map(async (tag) => ({ tag, digest: await o.digestOf(tag) })));
    const wrong = after.filter((a) => a.digest !== o.digest);
    if (wrong.length > 0) {
        const list = wrong.map((w) => `${w.tag} → ${w.digest ?? 'missing'}`).join(', ');
        throw new errors/* ReleaseError */.K2(`after tagging, ${o.store} does not show every tag on ${o.digest}: ${list}`);
    }
    return { added, unchanged };
}
/** Points every tag at `source` through PutImage (tags already on it are left alone), then reads them back. */
async function tagImage(ecr, options, log) {
    const { repository, source } = options;
    const result = await retag({
        digest: source.digest,
        tags: options.tags,
        immutable: options.immutable,
        dryRun: options.dryRun,
        name: repository,
        holder: `repository ${repository}`,
        store: 'ECR',
        digestOf: async (tag) => (await imageByTag(ecr, repository, tag))?.digest,
        putTag: async (tag) => {
            try {
                await ecr.putImage({
                    repositoryName: repository,
                    imageTag: tag,
                    imageManifest: source.manifest,
                    imageManifestMediaType: source.mediaType,
                    // ECR checks the manifest bytes against it: the copy cannot silently become another image.
                    imageDigest: source.digest,
                });
            }
            catch (err) {
                // Raced with another run that put the same tag on the same image: that is the wanted state.
                if (!isName(err, 'ImageAlreadyExistsException'))
                    throw new errors/* ReleaseError */.K2(`ECR refused to tag ${repository}:${tag}: ${(0,errors/* errorMessage */.gJ)(err)}`);
            }
        },
    }, log);
    return { digest: source.digest, ...result };
}

;// CONCATENATED MODULE: ./src/ecr/store.ts
/**
 * What ecr-push does with images that are already in the repository, without building: find the
 * image behind a tag, read the commit it was built from, and put more tags on it. Two stores hold
 * images: ECR itself (its API: BatchGetImage + PutImage, as promote mode uses), and any other
 * registry through the registry HTTP API (a test registry on this machine, or a registry override).
 */



function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/**
 * The revision label of the image a manifest describes. For an index (multi-platform), the first
 * platform image is read: one build gives every platform the same labels. Attestation entries
 * (platform unknown/unknown) carry no config labels and are skipped.
 */
async function revisionOf(manifestText, reader) {
    let doc = parseJson(manifestText);
    if (Array.isArray(doc?.manifests)) {
        const child = doc.manifests.find((m) => typeof m.digest === 'string' && m.platform?.os !== 'unknown');
        if (!child)
            return undefined;
        const text = await reader.manifest(child.digest);
        doc = text === undefined ? undefined : parseJson(text);
    }
    const configDigest = doc?.config?.digest;
    if (typeof configDigest !== 'string')
        return undefined;
    const config = parseJson(new TextDecoder().decode(await reader.blob(configDigest)));
    const value = config?.config?.Labels?.[names/* REVISION_LABEL */.P1];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
/**
 * The repository in ECR: tags and images through the ECR API; only the image config (a blob) comes
 * through the registry, whose client holds the ECR credentials.
 */
function ecrImageStore(ecr, repository, registry) {
    return {
        async digest(tag) {
            return (await imageByTag(ecr, repository, tag))?.digest;
        },
        async revision(digest) {
            const image = await imageByDigest(ecr, repository, digest);
            if (!image)
                return undefined;
            return revisionOf(image.manifest, {
                manifest: async (d) => (await imageByDigest(ecr, repository, d))?.manifest,
                blob: (d) => registry.blob(repository, d),
            });
        },
        async addTags(digest, tags, options, log) {
            const source = await imageByDigest(ecr, repository, digest);
            if (!source)
                throw new errors/* ReleaseError */.K2(`ECR no longer holds ${repository}@${digest}`);
            return (await tagImage(ecr, { repository, source, tags, ...options }, log)).added;
        },
    };
}
/** A repository in another registry (a registry override), through the registry HTTP API. */
function registryImageStore(registry, repository) {
    const name = `${registry.registry}/${repository}`;
    const digestOf = (tag) => registry.manifestDigest(repository, tag);
    return {
        digest: digestOf,
        async revision(digest) {
            const manifest = await registry.manifest(repository, digest);
            if (!manifest)
                return undefined;
            const text = (m) => new TextDecoder().decode(m.body);
            return revisionOf(text(manifest), {
                manifest: async (d) => {
                    const m = await registry.manifest(repository, d);
                    return m && text(m);
                },
                blob: (d) => registry.blob(repository, d),
            });
        },
        async addTags(digest, tags, options, log) {
            const source = await registry.manifest(repository, digest);
            if (!source)
                throw new errors/* ReleaseError */.K2(`the registry no longer holds ${name}@${digest}`);
            const result = await retag({
                digest,
                tags,
                ...options,
                name,
                holder: name,
                store: 'the registry',
                digestOf,
                putTag: async (tag) => {
                    await registry.putManifest(repository, tag, source);
                },
            }, log);
            return result.added;
        },
    };
}
/**
 * Decides, BEFORE anything is built or written, what to do when the repository already holds some
 * of the requested tags as immutable tags. ECR never lets go of an immutable tag, so pushing the
 * other tags first and comparing afterwards could leave a failed run's tags behind for good.
 *
 * - No requested immutable tag exists: returns undefined, and the caller builds and pushes.
 * - They point at different images: no one image can carry them all, an error.
 * - They point at one image built from another commit (its revision label): an error.
 * - Otherwise that image is this release: the remaining tags are added to it (no build) and its
 *   digest is returned. A re-run with the same tags changes nothing.
 */
async function adoptExistingImage(store, options, log) {
    const { repository } = options;
    const existing = [];
    for (const tag of options.tags.filter(options.immutable)) {
        const digest = await store.digest(tag);
        if (digest)
            existing.push([tag, digest]);
    }
    if (existing.length === 0)
        return undefined;
    const held = [...new Set(existing.map(([, d]) => d))];
    if (held.length > 1) {
        const list = existing.map(([t, d]) => `${t} → ${d}`).join(', ');
        throw new errors/* ReleaseError */.K2(`repository ${repository} already holds the immutable tags ${list} on different images; no one image can carry them all, so nothing was built or tagged`);
    }
    const digest = held[0];
    const [firstTag] = existing[0];
    if (options.revision) {
        const built = await store.revision(digest);
        if (built && !(0,names/* sameRevision */.Y6)(built, options.revision)) {
            throw new errors/* ReleaseError */.K2(`tag ${firstTag} already holds an image built from commit ${built}; this run is commit ${options.revision}. Immutable tags cannot be moved, so nothing was built or tagged: use new tags for this commit`);
        }
        if (!built)
            log.info(`${repository}@${digest} has no ${names/* REVISION_LABEL */.P1} label: which commit built it cannot be checked`);
    }
    log.info(`${repository}:${existing.map(([t]) => t).join(', ')} already ${existing.length > 1 ? 'exist' : 'exists'} as ${digest} and ${existing.length > 1 ? 'are' : 'is'} immutable: nothing is built, the image is handed on`);
    const added = await store.addTags(digest, options.tags, options, log);
    if (added.length === 0)
        log.info(`every tag already points at ${digest}: nothing to do`);
    return digest;
}

// EXTERNAL MODULE: ./src/runtime/aws.ts
var aws = __webpack_require__(4845);
;// CONCATENATED MODULE: ./src/commands/ecr-push.ts










async function run(inputs, host) {
    const { ECR } = await __webpack_require__.e(/* import() */ 249).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    return execute(inputs, {
        ecr: new ECR((0,aws/* clientConfig */.y)(inputs)),
        host,
        // The runtime does not hand commands the PATH, so presence is found out by running the probe:
        // @actions/exec resolves the program on PATH and fails before spawning when it is not there.
        locateCli: (requested) => (0,ecr_cli/* locateContainerCli */.Yh)(requested, { exec: (c, a, o) => host.exec(c, a, o) }),
    });
}
async function execute(inputs, deps) {
    const { ecr, host } = deps;
    const promoteMode = inputs.sourceTag !== undefined;
    // The one check that needs this machine comes first, so a missing CLI changes nothing in AWS.
    const cli = inputs.build ? await deps.locateCli(inputs.build.containerCli) : undefined;
    if (cli)
        host.log.info(`container CLI: ${cli}`);
    const repo = await ensureRepository(ecr, {
        name: inputs.repository,
        // A repository made for a promotion would have no image to promote.
        create: inputs.createRepository && !promoteMode,
        missing: promoteMode ? ', so there is no image to promote' : ' and create-repository is false',
        mutability: inputs.imageTagMutability,
        mutabilityGiven: inputs.imageTagMutabilityGiven,
        scanOnPush: inputs.scanOnPush,
        scanOnPushGiven: inputs.scanOnPushGiven,
        // Promote mode re-tags an image and changes nothing else about the repository.
        lifecyclePolicy: promoteMode ? undefined : inputs.lifecyclePolicy,
        lifecyclePolicyUpdate: !promoteMode && inputs.lifecyclePolicyUpdate,
        dryRun: inputs.dryRun,
    }, host.log);
    let published;
    if (inputs.sourceTag !== undefined) {
        const result = await promote(ecr, {
            repository: inputs.repository,
            sourceTag: inputs.sourceTag,
            tags: inputs.tags,
            immutable: (tag) => tagIsImmutable(repo, tag),
            dryRun: inputs.dryRun,
        }, host.log);
        const registry = inputs.registry ?? repo.registry;
        if (!registry)
            throw new errors/* ReleaseError */.K2(`ECR did not report a URI for repository ${inputs.repository}`);
        published = { registry, digest: result.digest };
    }
    else if (inputs.build && cli) {
        published = await buildAndPush(inputs, inputs.build, cli, repo, deps);
    }
    else {
        throw new Error('BUG: ecr-push inputs have neither source-tag nor build settings');
    }
    const name = `${published.registry}/${inputs.repository}`;
    const outputs = {
        registry: published.registry,
        image: `${name}:${inputs.tags[0] ?? ''}`,
        'image-uri': published.digest ? `${name}@${published.digest}` : '',
        digest: published.digest ?? '',
        tags: inputs.tags.join(','),
    };
    if (published.digest) {
        host.log.info(`${outputs['image-uri']} (tags: ${inputs.tags.join(', ')})`);
        if (!inputs.dryRun) {
            await host.summary(`### ecr-push\n\n| | |\n|---|---|\n| image | \`${outputs.image}\` |\n| image-uri | \`${outputs['image-uri']}\` |\n| tags | ${inputs.tags.map((t) => `\`${t}\``).join(' ')} |\n`);
        }
    }
    return outputs;
}
/** Runs one CLI step and turns a non-zero exit into a clear failure (its output is already in the log). */
async function step(host, cli, args, what, options = {}) {
    const result = await host.exec(cli, args, options);
    if (result.exitCode !== 0)
        throw new errors/* ReleaseError */.K2(`${cli} ${what} failed with exit code ${result.exitCode} (its output is above)`);
}
/**
 * Build once, tag all, push all, then ask the registry what it holds under each pushed tag: that
 * answer is the digest, and it must be the same for every tag. When the repository already holds
 * some of the tags as immutable tags, nothing is built: see adoptExistingImage.
 */
async function buildAndPush(inputs, build, cli, repo, deps) {
    const { ecr, host } = deps;
    const log = host.log;
    // The ECR token is a credential for the AWS account: it is fetched only to find ECR's registry,
    // or for a registry that may receive it (ECR, or a registry on this machine).
    const login = inputs.registry === undefined || (0,names/* mayReceiveEcrCredentials */.vA)(inputs.registry)
        ? await getRegistryLogin(ecr, (s) => host.secret(s))
        : undefined;
    const registry = inputs.registry ?? login?.registry;
    if (!registry)
        throw new Error('BUG: no registry override and no ECR login');
    if (!login) {
        log.info(`registry ${registry} is not ECR, so the ECR token is not used there: ecr-push does not log in, and pushes with your own login (log in to ${registry} before this step)`);
    }
    const name = `${registry}/${inputs.repository}`;
    const client = new RegistryClient(registry, login && { username: login.username, password: login.password }, {
        sleep: (ms) => host.sleep(ms),
        fetch: deps.fetch,
    });
    const immutable = (tag) => tagIsImmutable(repo, tag);
    // ECR refuses any push to an existing immutable tag, and never lets go of one once pushed. So
    // existing immutable tags are looked at first, and decide everything before anything is written.
    if (repo.exists && !repo.created) {
        // Images pushed to the repository's own ECR registry are handled through the ECR API; a
        // registry override (a test registry) holds its own images, reached through the registry API.
        const store = registry === repo.registry
            ? ecrImageStore(ecr, inputs.repository, client)
            : registryImageStore(client, inputs.repository);
        const digest = await adoptExistingImage(store, {
            repository: inputs.repository,
            tags: inputs.tags,
            immutable,
            revision: build.labels.find((l) => l.key === names/* REVISION_LABEL */.P1)?.value,
            dryRun: inputs.dryRun,
        }, log);
        if (digest)
            return { registry, digest };
    }
    const refs = inputs.tags.map((t) => `${name}:${t}`);
    const first = refs[0];
    if (inputs.dryRun) {
        log.info(`dry run: would build ${first} with ${cli} from ${build.context} (${build.dockerfile})`);
        for (const ref of refs)
            log.info(`dry run: would push ${ref}`);
        return { registry };
    }
    // Build and tag work on the local image store, so they share one environment.
    const local = { env: (0,ecr_cli/* buildEnv */.WB)(cli) };
    await log.group(`Build ${first}`, () => step(host, cli, (0,ecr_cli/* buildArgs */.CH)(cli, { ...build, ref: first }), 'build', local));
    for (const ref of refs.slice(1))
        await step(host, cli, (0,ecr_cli/* tagArgs */.Cj)(cli, first, ref), 'tag', local);
    const options = { insecure: (0,names/* isLoopbackRegistry */.jW)(registry) };
    if (login) {
        // Login and push use a credentials store of their own that lives only as long as this block, so
        // the token never lands in the user's docker or containers configuration.
        const dir = await (0,promises_.mkdtemp)(external_node_path_.join(deps.tmpRoot ?? (0,external_node_os_.tmpdir)(), 'arkit-ecr-auth-'));
        try {
            const env = (0,ecr_cli/* sessionEnv */.Gn)(cli, dir);
            await step(host, cli, (0,ecr_cli/* loginArgs */.be)(cli, registry, login.username, options), `login to ${registry}`, {
                input: login.password,
                env,
            });
            for (const ref of refs)
                await log.group(`Push ${ref}`, () => step(host, cli, (0,ecr_cli/* pushArgs */.kJ)(cli, ref, options), 'push', { env }));
        }
        finally {
            await (0,promises_.rm)(dir, { recursive: true, force: true });
        }
    }
    else {
        // Not ECR: the CLI's own configuration holds the user's login for this registry.
        for (const ref of refs)
            await log.group(`Push ${ref}`, () => step(host, cli, (0,ecr_cli/* pushArgs */.kJ)(cli, ref, options), 'push'));
    }
    const pushed = [];
    for (const tag of inputs.tags)
        pushed.push([tag, await client.manifestDigest(inputs.repository, tag)]);
    const missing = pushed.filter(([, d]) => !d).map(([t]) => t);
    if (missing.length > 0)
        throw new errors/* ReleaseError */.K2(`the registry does not show ${missing.map((t) => `${name}:${t}`).join(', ')} after the push`);
    const digests = [...new Set(pushed.map(([, d]) => d))];
    if (digests.length > 1) {
        const list = pushed.map(([t, d]) => `${t} → ${d}`).join(', ');
        throw new errors/* ReleaseError */.K2(`the registry holds different images for tags pushed from one build (${list})`);
    }
    return { registry, digest: digests[0] };
}


/***/ })

};
