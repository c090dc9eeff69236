import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4957:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  h: () => (/* binding */ ecrPush)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/runtime/aws.ts
var runtime_aws = __nccwpck_require__(4845);
// EXTERNAL MODULE: ./src/runtime/context.ts
var runtime_context = __nccwpck_require__(47);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __nccwpck_require__(9541);
;// CONCATENATED MODULE: ./src/runtime/spec.ts
/** Inputs shared by every command that talks to AWS. */
const awsInputs = {
    region: {
        description: 'AWS region. Defaults to AWS_REGION or AWS_DEFAULT_REGION from the environment.',
    },
    'endpoint-url': {
        description: 'Send AWS calls to this endpoint instead of AWS (moto, LocalStack, MinIO, R2). S3 then uses path-style addressing.',
    },
    'dry-run': {
        description: 'Print the plan and change nothing.',
        default: 'false',
    },
};

// EXTERNAL MODULE: ./src/ecr/cli.ts
var cli = __nccwpck_require__(3592);
// EXTERNAL MODULE: ./src/ecr/names.ts
var names = __nccwpck_require__(7630);
;// CONCATENATED MODULE: ./src/definitions/ecr-push.ts






// Small modules without the SDK: this file is loaded for --help.


/** Inputs that only mean something when ecr-push builds an image. */
const BUILD_INPUTS = ['context', 'dockerfile', 'build-args', 'target', 'platform', 'labels', 'container-cli'];
/** Inputs that change the repository, which promote mode never does. */
const REPOSITORY_INPUTS = ['lifecycle-policy', 'lifecycle-policy-update'];
function checked(input, value, problem) {
    const p = problem(value);
    if (p)
        throw new errors/* InputError */.dz(input, p);
    return value;
}
function readTags(reader, context) {
    const given = reader.list('tags', { commas: true });
    if (given.length === 0) {
        const sha = (0,runtime_context/* shortSha */.Fu)(context.sha);
        if (!sha)
            throw new errors/* InputError */.dz('tags', 'no tags given, and the default (the short commit SHA) is unknown here');
        return [sha];
    }
    for (const tag of given)
        checked('tags', tag, names/* tagProblem */.qH);
    return [...new Set(given)];
}
function readLifecyclePolicy(reader) {
    const file = reader.path('lifecycle-policy', external_node_fs_.existsSync);
    if (!file)
        return undefined;
    if (!(0,external_node_fs_.existsSync)(file) || !(0,external_node_fs_.statSync)(file).isFile())
        throw new errors/* InputError */.dz('lifecycle-policy', `file ${file} does not exist`);
    const text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    let policy;
    try {
        policy = JSON.parse(text);
    }
    catch (err) {
        throw new errors/* InputError */.dz('lifecycle-policy', `${file} is not valid JSON (${err.message})`);
    }
    const rules = policy?.rules;
    if (!Array.isArray(rules) || rules.length === 0) {
        throw new errors/* InputError */.dz('lifecycle-policy', `${file} is not an ECR lifecycle policy (an object with a non-empty "rules" list)`);
    }
    return text;
}
function readBuild(reader, context) {
    const dir = reader.path('context', external_node_fs_.existsSync) ?? '.';
    if (!(0,external_node_fs_.existsSync)(dir) || !(0,external_node_fs_.statSync)(dir).isDirectory())
        throw new errors/* InputError */.dz('context', `directory ${dir} does not exist`);
    // Like docker/build-push-action: the Dockerfile is found inside the context unless given, and a given
    // path is relative to the workspace, not to the context.
    const dockerfile = reader.path('dockerfile', external_node_fs_.existsSync) ?? external_node_path_.join(dir, 'Dockerfile');
    if (!(0,external_node_fs_.existsSync)(dockerfile) || !(0,external_node_fs_.statSync)(dockerfile).isFile()) {
        throw new errors/* InputError */.dz('dockerfile', `${dockerfile} does not exist${reader.has('dockerfile') ? '' : ' (the default is Dockerfile inside context)'}`);
    }
    const buildArgs = reader.pairs('build-args');
    for (const { key } of buildArgs)
        checked('build-args', key, names/* buildArgProblem */.QP);
    const labels = reader.pairs('labels');
    for (const { key } of labels)
        checked('labels', key, names/* labelProblem */.W6);
    const target = reader.string('target');
    const platform = reader.string('platform');
    return {
        context: dir,
        dockerfile,
        buildArgs,
        labels: (0,names/* mergeLabels */.Mr)((0,names/* defaultLabels */.Nm)(context), labels),
        target: target === undefined ? undefined : checked('target', target, names/* targetProblem */.j_),
        platform: platform === undefined ? undefined : checked('platform', platform, names/* platformProblem */.J4),
        containerCli: reader.choice('container-cli', cli/* CONTAINER_CLIS */.mL),
    };
}
const ecrPush = {
    name: 'ecr-push',
    title: 'Build and push an image to ECR',
    description: 'Build an image once, push it to ECR under every tag and hand on its digest; or promote an existing image to more tags without pulling it.',
    inputs: {
        repository: {
            description: 'ECR repository name, without the registry host (e.g. my-app or team/my-app).',
            required: true,
        },
        tags: {
            description: 'Image tags, one per line or comma-separated; the first names the image output. Default: the short commit SHA.',
            multiple: true,
        },
        context: { description: 'Build context directory.', default: '.' },
        dockerfile: { description: 'Path to the Dockerfile. Default: Dockerfile inside the context.' },
        'build-args': { description: 'Build arguments, KEY=VALUE lines.', multiple: true },
        target: { description: 'Dockerfile stage to build.' },
        platform: { description: 'Target platform, os/arch[/variant] (e.g. linux/arm64). Default: the builder machine.' },
        labels: {
            description: 'Image labels, KEY=VALUE lines, added to the OCI labels org.opencontainers.image.source/revision/version that are set from the run context.',
            multiple: true,
        },
        'container-cli': { description: `${cli/* CONTAINER_CLIS */.mL.join(', ')}. Default: the first usable one, in that order.` },
        registry: {
            description: 'Registry host[:port] to push to instead of the one ECR reports (a mirror or test registry). The ECR token is only used with ECR hosts and loopback registries (reached over plain HTTP); for any other registry, log in before this step: ecr-push pushes with your login and reads digests anonymously.',
        },
        'create-repository': { description: 'Create the repository when it does not exist.', default: 'true' },
        'image-tag-mutability': {
            description: `${names/* TAG_MUTABILITIES */.em.join(' or ')}, for a repository ecr-push creates.`,
            default: 'MUTABLE',
        },
        'scan-on-push': {
            description: 'Basic vulnerability scan on push, for a repository ecr-push creates.',
            default: 'false',
        },
        'lifecycle-policy': {
            description: 'JSON file with an ECR lifecycle policy, set on a repository ecr-push creates. An existing repository with another policy (or none) is left as it is, with a warning, unless lifecycle-policy-update is true.',
        },
        'lifecycle-policy-update': {
            description: "Replace an existing repository's lifecycle policy with the lifecycle-policy file when they differ (the repository may be shared).",
            default: 'false',
        },
        'source-tag': {
            description: 'Promote mode: add the tags to the image that already has this tag in the repository (no build, no pull).',
        },
        ...awsInputs,
    },
    outputs: {
        registry: 'Registry host the image was pushed to.',
        image: 'registry/repository:first-tag.',
        'image-uri': 'registry/repository@sha256:..., the immutable reference for ECS and Lambda.',
        digest: 'Manifest digest (sha256:...), as the registry reports it for every tag.',
        tags: 'The tags, comma-separated.',
    },
    parse(reader, context) {
        const aws = (0,runtime_aws/* readAwsCommon */.V)(reader, context);
        const repository = checked('repository', reader.required('repository'), names/* repositoryProblem */.Ki);
        const tags = readTags(reader, context);
        const registry = reader.string('registry');
        const sourceTag = reader.string('source-tag');
        if (sourceTag !== undefined) {
            checked('source-tag', sourceTag, names/* tagProblem */.qH);
            for (const name of BUILD_INPUTS) {
                if (reader.has(name))
                    throw new errors/* InputError */.dz(name, 'does not apply with source-tag, which re-tags an existing image without building');
            }
            for (const name of REPOSITORY_INPUTS) {
                if (reader.has(name))
                    throw new errors/* InputError */.dz(name, 'does not apply with source-tag: promote mode only adds tags and never changes the repository');
            }
        }
        return {
            ...aws,
            repository,
            tags,
            registry: registry === undefined ? undefined : checked('registry', registry, names/* registryProblem */.T7),
            createRepository: reader.boolean('create-repository', true),
            imageTagMutability: reader.choice('image-tag-mutability', names/* TAG_MUTABILITIES */.em) ?? 'MUTABLE',
            imageTagMutabilityGiven: reader.has('image-tag-mutability'),
            scanOnPush: reader.boolean('scan-on-push'),
            scanOnPushGiven: reader.has('scan-on-push'),
            lifecyclePolicy: readLifecyclePolicy(reader),
            lifecyclePolicyUpdate: reader.boolean('lifecycle-policy-update'),
            sourceTag,
            build: sourceTag === undefined ? readBuild(reader, context) : undefined,
        };
    },
    load: () => __nccwpck_require__.e(/* import() */ 28).then(__nccwpck_require__.bind(__nccwpck_require__, 1028)),
};


/***/ }),

/***/ 3592:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CH: () => (/* binding */ buildArgs),
/* harmony export */   Cj: () => (/* binding */ tagArgs),
/* harmony export */   Gn: () => (/* binding */ sessionEnv),
/* harmony export */   WB: () => (/* binding */ buildEnv),
/* harmony export */   Yh: () => (/* binding */ locateContainerCli),
/* harmony export */   be: () => (/* binding */ loginArgs),
/* harmony export */   kJ: () => (/* binding */ pushArgs),
/* harmony export */   mL: () => (/* binding */ CONTAINER_CLIS)
/* harmony export */ });
/* unused harmony exports probeArgs, isExecutableFile, findOnPath */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _runtime_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9541);
/**
 * The container CLIs ecr-push drives (docker, podman, buildah): argument arrays for each step, the
 * environment that points a step at a throwaway credentials store, and finding a usable CLI.
 * Everything here returns arrays for host.exec; nothing is ever joined into a shell string.
 */



const CONTAINER_CLIS = ['docker', 'podman', 'buildah'];
function buildArgs(cli, spec) {
    // `buildah bud` rather than `buildah build`: the alias only exists since buildah 1.23, bud in every version.
    const args = cli === 'buildah' ? ['bud'] : ['build'];
    args.push('--file', spec.dockerfile, '--tag', spec.ref);
    // Always KEY=VALUE: a bare --build-arg KEY would make the CLI read KEY from its own environment.
    for (const { key, value } of spec.buildArgs)
        args.push('--build-arg', `${key}=${value}`);
    for (const { key, value } of spec.labels)
        args.push('--label', `${key}=${value}`);
    if (spec.target)
        args.push('--target', spec.target);
    if (spec.platform)
        args.push('--platform', spec.platform);
    args.push(spec.context);
    return args;
}
/**
 * Extra environment for the build. BuildKit (docker 23+) otherwise adds provenance attestations when
 * the containerd image store is on, which turns the pushed image into an index that Lambda rejects.
 * The variable is ignored by the legacy builder, so it is safe to always set.
 */
function buildEnv(cli) {
    return cli === 'docker' ? { BUILDX_NO_DEFAULT_ATTESTATIONS: '1' } : {};
}
function tagArgs(_cli, source, target) {
    return ['tag', source, target];
}
function tlsFlag(cli, options) {
    return cli !== 'docker' && options.insecure ? ['--tls-verify=false'] : [];
}
function pushArgs(cli, ref, options) {
    // buildah needs the transport spelled out; podman and docker push to the name the image carries.
    if (cli === 'buildah')
        return ['push', ...tlsFlag(cli, options), ref, `docker://${ref}`];
    return ['push', ...tlsFlag(cli, options), ref];
}
/** The password is never an argument: it goes to standard input (host.exec's `input`). */
function loginArgs(cli, registry, username, options) {
    return ['login', '--username', username, '--password-stdin', ...tlsFlag(cli, options), registry];
}
/**
 * Environment that makes login and push use a credentials store inside `dir` (a throwaway
 * directory) instead of the user's: DOCKER_CONFIG for docker, REGISTRY_AUTH_FILE for buildah and podman.
 */
function sessionEnv(cli, dir) {
    return cli === 'docker' ? { DOCKER_CONFIG: dir } : { REGISTRY_AUTH_FILE: node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'auth.json') };
}
/** A command that succeeds only when the CLI can really build: docker also needs its daemon. */
function probeArgs(cli) {
    return cli === 'docker' ? ['version', '--format', '{{.Server.Version}}'] : ['--version'];
}
function isExecutableFile(file) {
    try {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(file).isFile())
            return false;
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.accessSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/** The first executable `name` in the directories of a PATH string, or undefined. */
function findOnPath(name, pathEnv, isExecutable = isExecutableFile, delimiter = node_path__WEBPACK_IMPORTED_MODULE_1__.delimiter) {
    for (const dir of pathEnv.split(delimiter)) {
        if (dir === '')
            continue;
        const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, name);
        if (isExecutable(file))
            return file;
    }
    return undefined;
}
async function probe(cli, options) {
    if (options.pathEnv !== undefined && !findOnPath(cli, options.pathEnv))
        return { ok: false, why: 'is not installed' };
    let result;
    try {
        result = await options.exec(cli, probeArgs(cli), { quiet: true });
    }
    catch {
        return { ok: false, why: 'is not installed' };
    }
    if (result.exitCode === 0)
        return { ok: true };
    const detail = (result.stderr.trim().split('\n').pop() ?? '').trim();
    return {
        ok: false,
        why: cli === 'docker'
            ? `is installed, but the Docker daemon does not answer${detail ? ` (${detail})` : ''}`
            : `does not run (exit code ${result.exitCode})`,
    };
}
/**
 * The CLI to use: the requested one, which must work, or else the first that works in the order
 * docker, podman, buildah. Throws InputError (exit 2, before any AWS call) when there is none.
 */
async function locateContainerCli(requested, options) {
    if (requested) {
        const found = await probe(requested, options);
        if (!found.ok)
            throw new _runtime_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('container-cli', `${requested} ${found.why}`);
        return requested;
    }
    const reasons = [];
    for (const cli of CONTAINER_CLIS) {
        const found = await probe(cli, options);
        if (found.ok)
            return cli;
        reasons.push(`${cli} ${found.why}`);
    }
    throw new _runtime_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('container-cli', `no usable container CLI found (${reasons.join('; ')})`);
}


/***/ }),

/***/ 7630:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   J4: () => (/* binding */ platformProblem),
/* harmony export */   Ki: () => (/* binding */ repositoryProblem),
/* harmony export */   Mr: () => (/* binding */ mergeLabels),
/* harmony export */   Nm: () => (/* binding */ defaultLabels),
/* harmony export */   P1: () => (/* binding */ REVISION_LABEL),
/* harmony export */   QP: () => (/* binding */ buildArgProblem),
/* harmony export */   T7: () => (/* binding */ registryProblem),
/* harmony export */   W6: () => (/* binding */ labelProblem),
/* harmony export */   Y6: () => (/* binding */ sameRevision),
/* harmony export */   em: () => (/* binding */ TAG_MUTABILITIES),
/* harmony export */   jW: () => (/* binding */ isLoopbackRegistry),
/* harmony export */   j_: () => (/* binding */ targetProblem),
/* harmony export */   qH: () => (/* binding */ tagProblem),
/* harmony export */   vA: () => (/* binding */ mayReceiveEcrCredentials)
/* harmony export */ });
/* unused harmony exports MAX_TAG_LENGTH, isEcrRegistry */
/** Tag mutability of a repository ecr-push creates (ECR's *_WITH_EXCLUSION kinds need filters, not offered). */
const TAG_MUTABILITIES = ['MUTABLE', 'IMMUTABLE'];
/** Docker's tag grammar: a word character first, then word characters, dots and dashes; 128 at most. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const MAX_TAG_LENGTH = 128;
function tagProblem(tag) {
    if (tag.length > MAX_TAG_LENGTH)
        return `"${tag}" is longer than ${MAX_TAG_LENGTH} characters`;
    if (!TAG.test(tag)) {
        return `"${tag}" is not a valid image tag (letters, digits, _ . - only, not starting with . or -)`;
    }
    return undefined;
}
/** ECR's repository name pattern (lowercase path components separated by / . _ -), 2 to 256 characters. */
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
function repositoryProblem(name) {
    // A leading host is recognised the way users paste one: an ECR host, a host:port or localhost.
    // (Docker's rule, "contains a dot", would also catch valid ECR names such as my.team/app.)
    const first = name.split('/')[0] ?? '';
    if (name.includes('/') && (first.includes(':') || first === 'localhost' || /\.amazonaws\.com(\.cn)?$/.test(first))) {
        return `"${name}" looks like a full image address; give the repository name only (the registry comes from ECR or the registry input)`;
    }
    if (name.includes(':') || name.includes('@'))
        return `"${name}" must not contain a tag or digest; use the tags input`;
    if (name.length < 2 || name.length > 256)
        return `"${name}" must be 2 to 256 characters long`;
    if (!REPOSITORY.test(name)) {
        return `"${name}" is not a valid ECR repository name (lowercase letters, digits, and . _ - / between them)`;
    }
    return undefined;
}
/** host[:port], where host is a DNS name, an IPv4 address or a bracketed IPv6 address. */
const REGISTRY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
function registryProblem(registry) {
    if (registry.includes('://'))
        return `"${registry}" must be a host[:port] without a scheme, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com`;
    if (!REGISTRY.test(registry))
        return `"${registry}" is not a registry host[:port]`;
    const port = /:(\d+)$/.exec(registry.replace(/^\[[^\]]*\]/, ''));
    if (port && Number(port[1]) > 65535)
        return `"${registry}" has a port above 65535`;
    return undefined;
}
/**
 * A registry on this machine. Such a registry is reached over plain HTTP and the container CLI is told
 * not to require TLS: docker already treats 127.0.0.0/8 as insecure, buildah and podman need
 * --tls-verify=false. Anything else (ECR included) is always HTTPS with verified certificates.
 */
function isLoopbackRegistry(registry) {
    const host = registry
        .replace(/:\d+$/, '')
        .replace(/^\[(.*)\]$/, '$1')
        .toLowerCase();
    return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
/**
 * An ECR registry host: ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com, or .amazonaws.com.cn in China.
 * Anchored at both ends, so that a host such as 1.dkr.ecr.us-east-1.amazonaws.com.example.net is not one.
 */
const ECR_HOST = /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;
function isEcrRegistry(registry) {
    return ECR_HOST.test(registry.replace(/:443$/, '').toLowerCase());
}
/**
 * Whether the ECR token may be sent to this registry: ECR itself, or a registry on this machine (a
 * test registry). Any other host would receive a credential for the AWS account, so it gets none:
 * there the user logs in beforehand and reads are anonymous.
 */
function mayReceiveEcrCredentials(registry) {
    return isEcrRegistry(registry) || isLoopbackRegistry(registry);
}
/** The label that names the commit an image was built from. */
const REVISION_LABEL = 'org.opencontainers.image.revision';
/**
 * Whether two revision labels name the same commit. A label written by another tool may hold the
 * short SHA, so a hex prefix of at least 7 characters also matches.
 */
function sameRevision(a, b) {
    const x = a.trim().toLowerCase();
    const y = b.trim().toLowerCase();
    if (x === y)
        return true;
    const hex = /^[0-9a-f]{7,64}$/;
    if (!hex.test(x) || !hex.test(y))
        return false;
    return x.length < y.length ? y.startsWith(x) : x.startsWith(y);
}
/** os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8. One platform: multi-platform builds are not supported. */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
function platformProblem(platform) {
    if (platform.includes(','))
        return `"${platform}" lists several platforms; ecr-push builds one platform per run`;
    if (!PLATFORM.test(platform))
        return `"${platform}" is not an os/arch[/variant] platform such as linux/amd64`;
    return undefined;
}
/** Build arguments are referenced as ARG NAME in a Dockerfile: an identifier. */
function buildArgProblem(key) {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? undefined : `"${key}" is not a build argument name`;
}
/** Label keys may be almost anything, but not empty and without whitespace (they become one CLI argument). */
function labelProblem(key) {
    return key !== '' && !/[\s=]/.test(key) ? undefined : `"${key}" is not a label key`;
}
/** A Dockerfile stage name (FROM ... AS name). */
function targetProblem(target) {
    return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(target) ? undefined : `"${target}" is not a build stage name`;
}
/**
 * The OCI labels that tie an image to its source: repository URL, commit and release version, each
 * set only when the run context knows it. Labels given by the user are added after and win.
 */
function defaultLabels(context) {
    const labels = [];
    if (context.repositoryUrl)
        labels.push({ key: 'org.opencontainers.image.source', value: context.repositoryUrl });
    if (context.sha)
        labels.push({ key: REVISION_LABEL, value: context.sha });
    const version = context.tag ?? context.release?.tag;
    if (version)
        labels.push({ key: 'org.opencontainers.image.version', value: version });
    return labels;
}
/** Later entries replace earlier ones with the same key; the order of first appearance is kept. */
function mergeLabels(...lists) {
    const merged = new Map();
    for (const list of lists)
        for (const { key, value } of list)
            merged.set(key, value);
    return [...merged].map(([key, value]) => ({ key, value }));
}


/***/ }),

/***/ 535:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _definitions_ecr_push_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4957);
/* harmony import */ var _runtime_run_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3061);


await (0,_runtime_run_js__WEBPACK_IMPORTED_MODULE_1__/* .actionMain */ .g_)(_definitions_ecr_push_js__WEBPACK_IMPORTED_MODULE_0__/* .ecrPush */ .h);

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 4845:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ readAwsCommon),
/* harmony export */   y: () => (/* binding */ clientConfig)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9541);

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
function readAwsCommon(reader, context) {
    const region = reader.string('region') ?? context.awsRegion;
    if (!region)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('region', 'is not set: pass it, or set AWS_REGION in the environment');
    const endpoint = reader.url('endpoint-url');
    // Other S3-compatible services name regions their own way (R2: auto, MinIO: anything).
    if (!endpoint && !REGION.test(region)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('region', `"${region}" is not an AWS region name such as us-east-1`);
    }
    if (!/^[\w-]+$/.test(region))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('region', `"${region}" is not a region name`);
    return { region, endpoint, dryRun: reader.boolean('dry-run') };
}
/**
 * Client settings shared by every SDK client. Credentials are never passed: the SDK's default chain
 * finds them (environment, web identity from configure-aws-credentials, CodeBuild's container role).
 * maxAttempts with the SDK's standard backoff retries throttling, 5xx and dropped connections.
 */
function clientConfig(target, extra = {}) {
    return {
        region: target.region,
        maxAttempts: 6,
        ...(target.endpoint ? { endpoint: target.endpoint } : {}),
        ...(extra.s3 && target.endpoint ? { forcePathStyle: true } : {}),
    };
}


/***/ }),

/***/ 47:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ readRunContext),
/* harmony export */   Fu: () => (/* binding */ shortSha)
/* harmony export */ });
/* unused harmony export codebuildConsoleUrl */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);


function shortSha(sha) {
    return sha ? sha.slice(0, 7) : undefined;
}
function refParts(ref) {
    if (!ref)
        return {};
    if (ref.startsWith('refs/tags/'))
        return { tag: ref.slice('refs/tags/'.length) };
    if (ref.startsWith('refs/heads/'))
        return { branch: ref.slice('refs/heads/'.length) };
    return {};
}
function repoFromUrl(url) {
    if (!url)
        return {};
    const m = /^(?:https?:\/\/|git@|ssh:\/\/git@)([^/:]+)[/:]([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url.trim());
    if (!m)
        return {};
    return { repository: m[2], repositoryUrl: `https://${m[1]}/${m[2]}` };
}
function readEvent(path) {
    if (!path)
        return undefined;
    try {
        return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
}
function githubContext(env) {
    const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
    const repository = env['GITHUB_REPOSITORY'];
    const ref = env['GITHUB_REF'];
    const ctx = {
        provider: 'github',
        repository,
        repositoryUrl: repository ? `${server}/${repository}` : undefined,
        ref,
        ...refParts(ref),
        sha: env['GITHUB_SHA'],
        actor: env['GITHUB_ACTOR'],
        event: env['GITHUB_EVENT_NAME'],
        apiUrl: env['GITHUB_API_URL'],
    };
    if (repository && env['GITHUB_RUN_ID']) {
        const attempt = env['GITHUB_RUN_ATTEMPT'];
        ctx.runUrl = `${server}/${repository}/actions/runs/${env['GITHUB_RUN_ID']}${attempt && attempt !== '1' ? `/attempts/${attempt}` : ''}`;
    }
    const payload = readEvent(env['GITHUB_EVENT_PATH']);
    const release = payload?.['release'];
    if (release && typeof release === 'object') {
        ctx.release = {
            tag: String(release['tag_name'] ?? ''),
            name: String(release['name'] ?? release['tag_name'] ?? ''),
            body: String(release['body'] ?? ''),
            url: String(release['html_url'] ?? ''),
        };
        ctx.tag ??= ctx.release.tag || undefined;
    }
    return ctx;
}
/** The console link for a build, from its ARN (arn:aws:codebuild:REGION:ACCOUNT:build/PROJECT:ID). */
function codebuildConsoleUrl(arn) {
    const m = /^arn:aws[\w-]*:codebuild:([^:]+):(\d+):build\/([^:]+):(.+)$/.exec(arn);
    if (!m)
        return undefined;
    const [, region, account, project, id] = m;
    return `https://${region}.console.aws.amazon.com/codesuite/codebuild/${account}/projects/${project}/build/${project}%3A${id}/?region=${region}`;
}
function codebuildContext(env) {
    const trigger = env['CODEBUILD_WEBHOOK_TRIGGER'] ?? '';
    const headRef = env['CODEBUILD_WEBHOOK_HEAD_REF'];
    const sourceVersion = env['CODEBUILD_SOURCE_VERSION'];
    let ref = headRef;
    if (!ref && trigger.startsWith('tag/'))
        ref = `refs/tags/${trigger.slice(4)}`;
    if (!ref && trigger.startsWith('branch/'))
        ref = `refs/heads/${trigger.slice(7)}`;
    if (!ref && sourceVersion?.startsWith('refs/'))
        ref = sourceVersion;
    const parts = refParts(ref);
    const start = Number(env['CODEBUILD_START_TIME']);
    const succeeding = env['CODEBUILD_BUILD_SUCCEEDING'];
    return {
        provider: 'codebuild',
        ...repoFromUrl(env['CODEBUILD_SOURCE_REPO_URL']),
        ref,
        ...parts,
        sha: env['CODEBUILD_RESOLVED_SOURCE_VERSION'] ??
            (sourceVersion && /^[0-9a-f]{40}$/.test(sourceVersion) ? sourceVersion : undefined),
        actor: env['CODEBUILD_WEBHOOK_ACTOR_ACCOUNT_ID'] ?? env['CODEBUILD_INITIATOR'],
        runUrl: env['CODEBUILD_BUILD_URL'] ??
            (env['CODEBUILD_BUILD_ARN'] ? codebuildConsoleUrl(env['CODEBUILD_BUILD_ARN']) : undefined),
        event: trigger || env['CODEBUILD_INITIATOR'],
        buildSucceeding: succeeding === undefined ? undefined : succeeding === '1',
        startedAt: Number.isFinite(start) && start > 0 ? start : undefined,
    };
}
function git(args, cwd) {
    try {
        return ((0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFileSync)('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined);
    }
    catch {
        return undefined;
    }
}
/**
 * From the git checkout, read on first use only: most commands never look, and each git call costs a
 * process start.
 */
function localContext(cwd) {
    let facts;
    const load = () => {
        if (facts)
            return facts;
        const sha = git(['rev-parse', 'HEAD'], cwd);
        const tag = sha ? git(['describe', '--tags', '--exact-match', 'HEAD'], cwd) : undefined;
        const branch = sha ? git(['symbolic-ref', '--short', '-q', 'HEAD'], cwd) : undefined;
        facts = {
            ...repoFromUrl(sha ? git(['remote', 'get-url', 'origin'], cwd) : undefined),
            sha,
            tag,
            branch,
            ref: tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : undefined,
            actor: git(['config', 'user.name'], cwd),
        };
        return facts;
    };
    const ctx = { provider: 'local' };
    for (const key of ['repository', 'repositoryUrl', 'sha', 'tag', 'branch', 'ref', 'actor']) {
        Object.defineProperty(ctx, key, { enumerable: true, configurable: true, get: () => load()[key] });
    }
    return ctx;
}
function readRunContext(env, cwd) {
    const ctx = env['GITHUB_ACTIONS'] === 'true'
        ? githubContext(env)
        : env['CODEBUILD_BUILD_ID']
            ? codebuildContext(env)
            : localContext(cwd);
    const region = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
    if (region)
        ctx.awsRegion = region;
    return ctx;
}


/***/ }),

/***/ 9541:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K2: () => (/* binding */ ReleaseError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/**
 * A problem with what the user passed in. The run wrapper turns it into exit code 2 and one line
 * that names the input, before anything is changed anywhere.
 */
class InputError extends Error {
    input;
    problem;
    name = 'InputError';
    constructor(input, problem) {
        super(`input "${input}": ${problem}`);
        this.input = input;
        this.problem = problem;
    }
}
/** A failure the user should read as one clear sentence (no stack trace): exit code 1. */
class ReleaseError extends Error {
    name = 'ReleaseError';
}
function errorMessage(err) {
    if (err instanceof Error)
        return err.message || err.name;
    return String(err);
}


/***/ }),

/***/ 3061:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  g_: () => (/* binding */ actionMain)
});

// UNUSED EXPORTS: exitWith, fileExists, runCommand

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: external "node:module"
const external_node_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");
var external_node_module_default = /*#__PURE__*/__nccwpck_require__.n(external_node_module_namespaceObject);
// EXTERNAL MODULE: ./src/runtime/context.ts
var runtime_context = __nccwpck_require__(47);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __nccwpck_require__(9541);
;// CONCATENATED MODULE: ./src/runtime/help.ts
const PROGRAM = 'aws-release-kit';
function usageLine(def) {
    const required = Object.entries(def.inputs)
        .filter(([, s]) => s.required)
        .map(([n]) => `--${n} VALUE`);
    return `${PROGRAM} ${def.name} ${[...required, '[--input value ...]'].join(' ')}`;
}
function wrap(text, width, indent) {
    const words = text.split(/\s+/);
    const lines = [];
    let line = '';
    for (const w of words) {
        if (line && line.length + 1 + w.length > width) {
            lines.push(line);
            line = w;
        }
        else
            line = line ? `${line} ${w}` : w;
    }
    if (line)
        lines.push(line);
    return lines.join(`\n${indent}`);
}
function commandHelp(def) {
    const names = Object.keys(def.inputs);
    const pad = Math.min(28, Math.max(...names.map((n) => n.length + 2)) + 2);
    const out = [`${PROGRAM} ${def.name}: ${def.description}`, '', `Usage: ${usageLine(def)}`, '', 'Inputs:'];
    for (const [name, spec] of Object.entries(def.inputs)) {
        const notes = [
            spec.required ? 'required' : undefined,
            spec.default !== undefined && spec.default !== '' ? `default: ${spec.default}` : undefined,
            spec.multiple ? 'several allowed' : undefined,
            spec.secret ? 'secret' : undefined,
        ].filter(Boolean);
        const text = `${spec.description}${notes.length ? ` (${notes.join('; ')})` : ''}`;
        const flag = `--${name}`.padEnd(pad);
        const indent = ' '.repeat(pad + 2);
        out.push(`  ${flag}${flag.length >= pad ? `\n${indent}` : ''}${wrap(text, 100 - pad, indent)}`);
    }
    out.push('', 'Outputs (one JSON object on the last line of stdout):');
    for (const [name, text] of Object.entries(def.outputs)) {
        out.push(`  ${name.padEnd(pad)}${wrap(text, 100 - pad, ' '.repeat(pad + 2))}`);
    }
    out.push('', 'Inputs may also come from INPUT_<NAME> environment variables (as in GitHub Actions); flags win.', 'Lists: repeat the flag or put one value per line. Booleans: --name true|false, or a bare --name for true.');
    return out.join('\n');
}
function programHelp(defs, version) {
    const pad = Math.max(...defs.map((d) => d.name.length)) + 2;
    return [
        `${PROGRAM} ${version}: ship a release to AWS and tell the team.`,
        '',
        `Usage: ${PROGRAM} <command> [--input value ...]`,
        `       ${PROGRAM} <command> --help`,
        '',
        'Commands:',
        ...defs.map((d) => `  ${d.name.padEnd(pad)}${d.description}`),
        '',
        'Logs go to stderr; the outputs are one JSON object on the last line of stdout.',
        'Exit codes: 0 done, 1 failed, 2 bad input (nothing was changed).',
    ].join('\n');
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/runtime/inputs.ts


/** A boolean input is one whose default is true or false; only it may be given as a bare `--name`. */
function isBooleanInput(spec) {
    return spec?.default === 'true' || spec?.default === 'false';
}
/**
 * Reads `--name value`, `--name=value` and, for booleans, a bare `--name` (true). A list input may be
 * repeated, each value a line; repeating any other input is an error rather than a silent join.
 */
function parseFlags(argv, specs, command) {
    const raw = new Map();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? '';
        if (!arg.startsWith('--') || arg === '--') {
            // The word itself is not repeated: it may be a piece of an unquoted secret split by the shell.
            throw new errors/* InputError */.dz(`argument ${i + 1}`, `is not an input flag; inputs are given as --name value, values with spaces quoted (see: ${command} --help)`);
        }
        const eq = arg.indexOf('=');
        const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
        const spec = specs[name];
        if (!spec) {
            throw new errors/* InputError */.dz(name, `${command} has no such input (see: ${command} --help)`);
        }
        let value;
        if (eq !== -1) {
            value = arg.slice(eq + 1);
        }
        else {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith('--')) {
                if (!isBooleanInput(spec)) {
                    throw new errors/* InputError */.dz(name, `needs a value: --${name} VALUE (a value starting with -- is given as --${name}=VALUE)`);
                }
                value = 'true';
            }
            else {
                value = next;
                i++;
            }
        }
        const before = raw.get(name);
        if (before !== undefined && !spec.multiple) {
            throw new errors/* InputError */.dz(name, 'is given more than once; it takes one value');
        }
        raw.set(name, before === undefined ? value : `${before}\n${value}`);
    }
    return raw;
}
/**
 * Reads inputs the way a JavaScript action receives them: INPUT_<NAME> variables. A composite step
 * that passes them through `env:` may spell `task-definition` as INPUT_TASK-DEFINITION or
 * INPUT_TASK_DEFINITION; both are read.
 */
function readEnvInputs(env, specs) {
    const raw = new Map();
    for (const name of Object.keys(specs)) {
        const upper = name.toUpperCase();
        const value = env[`INPUT_${upper.replace(/ /g, '_')}`] ?? env[`INPUT_${upper.replace(/[- ]/g, '_')}`];
        if (value !== undefined && value !== '')
            raw.set(name, value);
    }
    return raw;
}
function pathBases(env, cwd) {
    return [env['GITHUB_WORKSPACE'], env['CODEBUILD_SRC_DIR'], cwd].filter((b) => !!b);
}
const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);
/** Typed access to one command's inputs. Every name must be declared in the command's specs. */
class InputReader {
    specs;
    raw;
    bases;
    constructor(specs, raw, bases = [process.cwd()]) {
        this.specs = specs;
        this.raw = raw;
        this.bases = bases;
    }
    /** The trimmed value, falling back to the declared default; '' when neither is set. */
    value(name) {
        const spec = this.specs[name];
        if (!spec)
            throw new Error(`BUG: input "${name}" is read but not declared`);
        const given = (this.raw.get(name) ?? '').trim();
        return given !== '' ? given : (spec.default ?? '');
    }
    has(name) {
        return (this.raw.get(name) ?? '').trim() !== '';
    }
    /** Optional string: undefined when empty. */
    string(name) {
        const v = this.value(name);
        return v === '' ? undefined : v;
    }
    required(name) {
        const v = this.value(name);
        if (v === '')
            throw new errors/* InputError */.dz(name, 'is required');
        return v;
    }
    /** true/false (also yes/no, on/off, 1/0); empty means the default, unlike core.getBooleanInput. */
    boolean(name, fallback = false) {
        if (!isBooleanInput(this.specs[name]))
            throw new Error(`BUG: boolean input "${name}" must default to true or false`);
        const v = this.value(name).toLowerCase();
        if (v === '')
            return fallback;
        if (TRUE.has(v))
            return true;
        if (FALSE.has(v))
            return false;
        throw new errors/* InputError */.dz(name, `expected true or false, got "${this.value(name)}"`);
    }
    int(name, range = {}) {
        const v = this.value(name);
        if (v === '')
            return undefined;
        if (!/^[+-]?\d+$/.test(v))
            throw new errors/* InputError */.dz(name, `expected a whole number, got "${v}"`);
        const n = Number(v);
        if (range.min !== undefined && n < range.min)
            throw new errors/* InputError */.dz(name, `must be at least ${range.min}, got ${n}`);
        if (range.max !== undefined && n > range.max)
            throw new errors/* InputError */.dz(name, `must be at most ${range.max}, got ${n}`);
        return n;
    }
    /** Like int() but the input must resolve to a number (declare a default or mark it required). */
    requiredInt(name, range = {}) {
        const n = this.int(name, range);
        if (n === undefined)
            throw new errors/* InputError */.dz(name, 'is required');
        return n;
    }
    /** One value per line (or per repeated flag); blank lines and lines starting with # are skipped. */
    list(name, options = {}) {
        const v = this.value(name);
        const parts = v.split(/\r?\n/);
        const items = options.commas ? parts.flatMap((p) => p.split(',')) : parts;
        return items.map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#'));
    }
    /** KEY=VALUE lines, split at the first '='; the value may itself contain '=' and may be empty. */
    pairs(name) {
        return this.list(name).map((line, i) => {
            const eq = line.indexOf('=');
            // The line itself is not repeated: it may hold a secret value (a password given as KEY: value).
            if (eq < 0)
                throw new errors/* InputError */.dz(name, `line ${i + 1} is not KEY=VALUE (it has no "=")`);
            if (eq === 0)
                throw new errors/* InputError */.dz(name, `line ${i + 1} is not KEY=VALUE (the key before "=" is empty)`);
            return { key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() };
        });
    }
    choice(name, options) {
        const v = this.value(name);
        if (v === '')
            return undefined;
        if (!options.includes(v)) {
            throw new errors/* InputError */.dz(name, `expected one of ${options.join(', ')}, got "${v}"`);
        }
        return v;
    }
    json(name) {
        const v = this.value(name);
        if (v === '')
            return undefined;
        try {
            return JSON.parse(v);
        }
        catch (err) {
            throw new errors/* InputError */.dz(name, `is not valid JSON (${err.message})`);
        }
    }
    url(name) {
        const v = this.value(name);
        if (v === '')
            return undefined;
        let u;
        try {
            u = new URL(v);
        }
        catch {
            throw new errors/* InputError */.dz(name, `is not a URL`);
        }
        if (u.protocol !== 'http:' && u.protocol !== 'https:')
            throw new errors/* InputError */.dz(name, 'must be an http(s) URL');
        return v;
    }
    /**
     * A file or directory path. Relative paths are resolved against GITHUB_WORKSPACE, then
     * CODEBUILD_SRC_DIR, then the current directory: the first base where the path exists wins,
     * and the first base is used for paths that do not exist (yet).
     */
    path(name, exists) {
        const v = this.value(name);
        if (v === '')
            return undefined;
        if (external_node_path_.isAbsolute(v))
            return v;
        for (const base of this.bases) {
            const candidate = external_node_path_.resolve(base, v);
            if (exists(candidate))
                return candidate;
        }
        return external_node_path_.resolve(this.bases[0] ?? process.cwd(), v);
    }
}

;// CONCATENATED MODULE: ./src/runtime/run.ts






/**
 * Runs one command and owns its failure: exit 2 with one line naming the input for bad input
 * (before anything changes), exit 1 with a clear message for everything else, 0 when done.
 */
async function runCommand(def, options) {
    const stdout = options.stdout ?? ((t) => void process.stdout.write(t));
    if (options.argv.includes('--help') || options.argv.includes('-h')) {
        stdout(`${commandHelp(def)}\n`);
        return 0;
    }
    // Node 22+ keeps compiled bundles on disk: the next command of the same job starts faster.
    external_node_module_default().enableCompileCache?.();
    // Loaded here, not at start-up, so that --help stays as fast as bare Node.
    const { createHost, writeOutputs } = await Promise.all(/* import() */[__nccwpck_require__.e(264), __nccwpck_require__.e(174)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4174));
    const mode = options.entry === 'action' && options.env['GITHUB_ACTIONS'] === 'true' ? 'actions' : 'plain';
    const context = (0,runtime_context/* readRunContext */.$p)(options.env, options.cwd);
    const host = createHost({ mode, env: options.env, context, write: options.log });
    try {
        const raw = readEnvInputs(options.env, def.inputs);
        let flagError;
        try {
            for (const [k, v] of parseFlags(options.argv, def.inputs, def.name))
                raw.set(k, v);
        }
        catch (err) {
            flagError = err;
        }
        // Secrets are registered before anything can be logged, error messages included.
        for (const [name, spec] of Object.entries(def.inputs)) {
            if (spec.secret)
                for (const line of (raw.get(name) ?? '').split('\n'))
                    host.secret(line.trim());
        }
        if (flagError)
            throw flagError;
        const reader = new InputReader(def.inputs, raw, pathBases(options.env, options.cwd));
        const inputs = def.parse(reader, context);
        const impl = await def.load();
        const outputs = await impl.run(inputs, host);
        writeOutputs(outputs, mode, stdout);
        return 0;
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz) {
            host.log.error(`${err.message} (usage: ${usageLine(def)}; see --help)`);
            return 2;
        }
        host.log.error(`${def.name} failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
        if (err instanceof Error && err.stack && err.name !== 'ReleaseError')
            host.log.debug(err.stack);
        return 1;
    }
}
/** Exits once stdout has drained, so that the outputs line is never cut off. */
function exitWith(code) {
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
}
/** The body of every dist/<command>/index.js. */
async function actionMain(def) {
    exitWith(await runCommand(def, { argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), entry: 'action' }));
}
const fileExists = (/* unused pure expression or super */ null && (existsSync));


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(535);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
