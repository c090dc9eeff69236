export const id = 177;
export const ids = [177];
export const modules = {

/***/ 5177:
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
// EXTERNAL MODULE: ./src/util/pool.ts
var pool = __webpack_require__(704);
// EXTERNAL MODULE: ./src/ecr/names.ts
var names = __webpack_require__(7630);
;// CONCATENATED MODULE: ./src/ecr/registry.ts
/**
 * Reads what a registry holds for a tag, through the registry HTTP API (distribution v2), with the
 * same credentials the CLI logged in with. The digest ecr-push reports comes from here: it is what
 * the registry answers for the pushed tag, never something computed from the local image.
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
/**
 * A minimal registry client: HEAD/GET of manifests with Basic credentials (what ECR asks for), and
 * the Bearer token dance when the registry challenges for it (most other registries).
 */
class RegistryClient {
    registry;
    credentials;
    options;
    base;
    fetch;
    attempts;
    authorization;
    constructor(registry, credentials, options) {
        this.registry = registry;
        this.credentials = credentials;
        this.options = options;
        this.base = registryBaseUrl(registry);
        this.fetch = options.fetch ?? fetch;
        this.attempts = options.attempts ?? 4;
        this.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    /**
     * The digest the registry holds for repository:reference, or undefined when there is no such tag.
     * Docker-Content-Digest from a HEAD is preferred; a registry that omits it gets a GET, and the
     * digest is then the sha256 of the exact manifest bytes, which is how digests are defined.
     */
    async manifestDigest(repository, reference) {
        const url = `${this.base}/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
        const head = await this.request('HEAD', url, repository);
        if (head.status === 404)
            return undefined;
        this.expectOk(head, repository, reference);
        const digest = head.headers.get('docker-content-digest');
        if (digest)
            return digest;
        const get = await this.request('GET', url, repository);
        if (get.status === 404)
            return undefined;
        this.expectOk(get, repository, reference);
        return get.headers.get('docker-content-digest') ?? sha256Digest(new Uint8Array(await get.arrayBuffer()));
    }
    expectOk(res, repository, reference) {
        if (res.ok)
            return;
        const what = `${this.registry}/${repository}:${reference}`;
        if (res.status === 401 || res.status === 403) {
            throw new errors/* ReleaseError */.K2(`the registry refused the login credentials when reading ${what} (HTTP ${res.status})`);
        }
        throw new errors/* ReleaseError */.K2(`the registry answered HTTP ${res.status} when reading ${what}`);
    }
    async request(method, url, repository) {
        let res = await this.send(method, url);
        if (res.status !== 401)
            return res;
        // Registries other than ECR hand out short-lived tokens: trade the credentials for one, once.
        const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
        if (challenge?.scheme !== 'bearer' || !challenge.params['realm'])
            return res;
        await res.body?.cancel();
        this.authorization = `Bearer ${await this.token(challenge, repository)}`;
        res = await this.send(method, url);
        return res;
    }
    async token(challenge, repository) {
        const realm = new URL(challenge.params['realm'] ?? '');
        if (challenge.params['service'])
            realm.searchParams.set('service', challenge.params['service']);
        realm.searchParams.set('scope', challenge.params['scope'] ?? `repository:${repository}:pull`);
        const basic = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
        const res = await this.withRetries(() => this.fetch(realm, { headers: { authorization: basic } }));
        if (!res.ok)
            throw new errors/* ReleaseError */.K2(`the registry's token service ${realm.host} answered HTTP ${res.status}`);
        const body = (await res.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new errors/* ReleaseError */.K2(`the registry's token service ${realm.host} returned no token`);
        return token;
    }
    send(method, url) {
        return this.withRetries(() => this.fetch(url, {
            method,
            headers: { accept: MANIFEST_MEDIA_TYPES.join(', '), authorization: this.authorization },
        }));
    }
    /** Retries dropped connections, 429 and 5xx with backoff; anything else is the answer. */
    async withRetries(call) {
        let lastError;
        for (let attempt = 0; attempt < this.attempts; attempt++) {
            if (attempt > 0)
                await this.options.sleep((0,pool/* backoff */.JN)(attempt));
            try {
                const res = await call();
                if (res.status !== 429 && res.status < 500)
                    return res;
                lastError = new Error(`HTTP ${res.status}`);
                await res.body?.cancel();
            }
            catch (err) {
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
 * push and lifecycle policy. An existing repository keeps its settings: they may be shared with
 * other pipelines, so a differing explicit setting is reported, not changed. Only the lifecycle
 * policy, which lives in the user's file, is brought up to date.
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
            return { name: settings.name, mutability: settings.mutability, exclusions: [], created: false };
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
        await syncLifecyclePolicy(ecr, settings.name, settings.lifecyclePolicy, settings.dryRun, log);
    return {
        name: settings.name,
        registry: repo.repositoryUri?.split('/')[0],
        mutability: repo.imageTagMutability ?? 'MUTABLE',
        exclusions: (repo.imageTagMutabilityExclusionFilters ?? []).map((f) => f.filter ?? '').filter((f) => f !== ''),
        created,
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
async function syncLifecyclePolicy(ecr, name, policy, dryRun, log) {
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
async function imageByTag(ecr, repository, tag) {
    // One tag per call: an image with several tags comes back under any one of them, so a combined
    // answer could not be matched to the tags asked for.
    const res = await ecr.batchGetImage({
        repositoryName: repository,
        imageIds: [{ imageTag: tag }],
        // Without this ECR may convert the manifest (e.g. OCI to Docker), and the copy gets another digest.
        acceptedMediaTypes: [...MANIFEST_MEDIA_TYPES],
    });
    const image = res.images?.[0];
    if (!image) {
        const failure = res.failures?.[0];
        if (!failure || failure.failureCode === 'ImageNotFound' || failure.failureCode === 'ImageTagDoesNotMatchDigest')
            return undefined;
        throw new errors/* ReleaseError */.K2(`ECR could not read ${repository}:${tag}: ${failure.failureCode} ${failure.failureReason ?? ''}`.trim());
    }
    if (!image.imageId?.imageDigest || !image.imageManifest)
        throw new errors/* ReleaseError */.K2(`ECR returned ${repository}:${tag} without digest or manifest`);
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
    const current = await Promise.all(options.tags.map(async (tag) => ({ tag, image: await imageByTag(ecr, repository, tag) })));
    const unchanged = current.filter((c) => c.image?.digest === source.digest).map((c) => c.tag);
    const stuck = current.filter((c) => c.image && c.image.digest !== source.digest && options.immutable(c.tag));
    if (stuck.length > 0) {
        const list = stuck.map((c) => `${c.tag} (${c.image?.digest})`).join(', ');
        throw new errors/* ReleaseError */.K2(`repository ${repository} already holds the immutable tag ${list}, not ${source.digest}; immutable tags cannot be moved`);
    }
    const added = options.tags.filter((t) => !unchanged.includes(t));
    for (const tag of unchanged)
        log.info(`${repository}:${tag} already points at ${source.digest}`);
    if (options.dryRun) {
        for (const tag of added)
            log.info(`dry run: would tag ${source.digest} as ${repository}:${tag}`);
        return { digest: source.digest, added, unchanged };
    }
    for (const tag of added) {
        try {
            await ecr.putImage({
                repositoryName: repository,
                imageTag: tag,
                imageManifest: source.manifest,
                imageManifestMediaType: source.mediaType,
                // ECR checks the manifest bytes against it: the copy cannot silently become another image.
                imageDigest: source.digest,
            });
            log.info(`tagged ${source.digest} as ${repository}:${tag}`);
        }
        catch (err) {
            // Raced with another run that put the same tag on the same image: that is the wanted state.
            if (!isName(err, 'ImageAlreadyExistsException'))
                throw new errors/* ReleaseError */.K2(`ECR refused to tag ${repository}:${tag}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
    const after = await Promise.all(options.tags.map(async (tag) => ({ tag, image: await imageByTag(ecr, repository, tag) })));
    const wrong = after.filter((a) => a.image?.digest !== source.digest);
    if (wrong.length > 0) {
        const list = wrong.map((w) => `${w.tag} → ${w.image?.digest ?? 'missing'}`).join(', ');
        throw new errors/* ReleaseError */.K2(`after tagging, ECR does not show every tag on ${source.digest}: ${list}`);
    }
    return { digest: source.digest, added, unchanged };
}

// EXTERNAL MODULE: ./src/runtime/aws.ts
var aws = __webpack_require__(4845);
;// CONCATENATED MODULE: ./src/commands/ecr-push.ts









async function run(inputs, host) {
    const { ECR } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
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
        lifecyclePolicy: inputs.lifecyclePolicy,
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
 * answer is the digest, and it must be the same for every tag.
 */
async function buildAndPush(inputs, build, cli, repo, deps) {
    const { ecr, host } = deps;
    const log = host.log;
    const login = await getRegistryLogin(ecr, (s) => host.secret(s));
    const registry = inputs.registry ?? login.registry;
    const name = `${registry}/${inputs.repository}`;
    const client = new RegistryClient(registry, { username: login.username, password: login.password }, { sleep: (ms) => host.sleep(ms), fetch: deps.fetch });
    // ECR refuses any push to an existing immutable tag, even of the very same image. So the tags
    // that already exist are found first; they are never pushed, only compared afterwards.
    const existing = new Map();
    if (!repo.created) {
        for (const tag of inputs.tags.filter((t) => tagIsImmutable(repo, t))) {
            const digest = await client.manifestDigest(inputs.repository, tag);
            if (digest)
                existing.set(tag, digest);
        }
    }
    const held = [...new Set(existing.values())];
    if (held.length > 1) {
        const list = [...existing].map(([t, d]) => `${t} → ${d}`).join(', ');
        throw new errors/* ReleaseError */.K2(`repository ${inputs.repository} already holds these immutable tags on different images (${list}); one image cannot match them all`);
    }
    for (const [tag, digest] of existing)
        log.info(`${name}:${tag} already exists (${digest}); immutable tags are not pushed again`);
    const toPush = inputs.tags.filter((t) => !existing.has(t));
    if (toPush.length === 0) {
        // Every tag is taken: nothing could be pushed, so building would only waste the runner's time.
        // This is the re-run of a release that already went out; the image it pushed is handed on.
        log.info(`every tag already exists in repository ${inputs.repository} and is immutable; nothing is built or pushed`);
        return { registry, digest: held[0] };
    }
    const refs = toPush.map((t) => `${name}:${t}`);
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
    const pushed = [];
    for (const tag of toPush)
        pushed.push([tag, await client.manifestDigest(inputs.repository, tag)]);
    const missing = pushed.filter(([, d]) => !d).map(([t]) => t);
    if (missing.length > 0)
        throw new errors/* ReleaseError */.K2(`the registry does not show ${missing.map((t) => `${name}:${t}`).join(', ')} after the push`);
    const digests = [...new Set(pushed.map(([, d]) => d))];
    if (digests.length > 1) {
        const list = pushed.map(([t, d]) => `${t} → ${d}`).join(', ');
        throw new errors/* ReleaseError */.K2(`the registry holds different images for tags pushed from one build (${list})`);
    }
    const digest = digests[0];
    const conflicts = [...existing].filter(([, d]) => d !== digest);
    if (conflicts.length > 0) {
        const list = conflicts.map(([t, d]) => `${t} (${d})`).join(', ');
        throw new errors/* ReleaseError */.K2(`pushed ${digest} as ${toPush.join(', ')}, but repository ${inputs.repository} already holds the immutable tag ${list}, which cannot be moved; use new tags or a mutable repository`);
    }
    for (const tag of existing.keys())
        log.info(`${name}:${tag} already held ${digest}: nothing to do`);
    return { registry, digest };
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
