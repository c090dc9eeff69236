import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 2796:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  R: () => (/* binding */ lambdaDeploy)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./src/runtime/aws.ts
var runtime_aws = __nccwpck_require__(4845);
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

// EXTERNAL MODULE: ./src/lambda/config.ts
var config = __nccwpck_require__(3149);
;// CONCATENATED MODULE: ./src/definitions/lambda-deploy.ts





const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):function:([A-Za-z0-9_-]{1,64})$/;
const LAYER_ARN = /^arn:aws[a-z-]*:lambda:[a-z]{2}(?:-gov)?-[a-z]+-\d:\d{12}:layer:[A-Za-z0-9_-]{1,140}:\d+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const RUNTIME = /^(nodejs\d+\.x|python3\.\d+|java\d+(\.al2)?|dotnet(core)?\d+(\.\d+)?|ruby\d+\.\d+|go1\.x|provided(\.al2(023)?)?)$/;
const ALIAS = /^[A-Za-z0-9_-]{1,128}$/;
/** registry[:port]/repository, then :tag, @sha256:digest, or both. */
const IMAGE_URI = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?\/[a-z0-9]+([._/-][a-z0-9]+)*(:\w[\w.-]{0,127}(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ENV_KEY = /^[A-Za-z][A-Za-z0-9_]+$/;
/** Runtimes whose handler is "file.function" (Java is Class::method, custom runtimes anything). */
const DOTTED_HANDLER_RUNTIMES = /^(nodejs|python|ruby)/;
function functionNames(reader, region) {
    const names = reader.list('function-name', { commas: true });
    if (names.length === 0)
        throw new errors/* InputError */.dz('function-name', 'is required');
    const seen = new Set();
    for (const name of names) {
        const arn = FUNCTION_ARN.exec(name);
        if (!arn && !FUNCTION_NAME.test(name)) {
            throw new errors/* InputError */.dz('function-name', `"${name}" is not a function name (letters, digits, - and _, at most 64) or an unqualified function ARN`);
        }
        if (arn && arn[1] !== region) {
            throw new errors/* InputError */.dz('function-name', `"${name}" is in ${arn[1]}, but calls go to region ${region}`);
        }
        const short = arn?.[3] ?? name;
        if (seen.has(short))
            throw new errors/* InputError */.dz('function-name', `"${short}" is listed twice`);
        seen.add(short);
    }
    return names;
}
function readZipHead(file) {
    const fd = (0,external_node_fs_.openSync)(file, 'r');
    try {
        const head = new Uint8Array(4);
        (0,external_node_fs_.readSync)(fd, head, 0, 4, 0);
        return head;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
function codeSource(reader) {
    const bucket = reader.string('s3-bucket');
    const key = reader.string('s3-key');
    const given = ['source-dir', 'zip-file', 'image-uri', 's3-key'].filter((n) => reader.has(n));
    if (given.length > 1) {
        const label = (n) => (n === 's3-key' ? 's3-bucket + s3-key' : n);
        const [first = '', second = ''] = given;
        throw new errors/* InputError */.dz(second, `give exactly one code source, not both ${label(first)} and ${label(second)}`);
    }
    if (bucket !== undefined && !BUCKET.test(bucket))
        throw new errors/* InputError */.dz('s3-bucket', `"${bucket}" is not a valid bucket name`);
    const only = given[0];
    if (only === undefined) {
        if (bucket !== undefined) {
            throw new errors/* InputError */.dz('s3-key', 'is required with s3-bucket, unless source-dir or zip-file gives the code to upload there');
        }
        throw new errors/* InputError */.dz('source-dir', 'one code source is required: source-dir, zip-file, image-uri, or s3-bucket + s3-key');
    }
    if (only === 's3-key' && key !== undefined) {
        if (bucket === undefined)
            throw new errors/* InputError */.dz('s3-bucket', 'is required with s3-key');
        if (key.length > 1024)
            throw new errors/* InputError */.dz('s3-key', 'is longer than 1024 characters');
        return { kind: 's3', bucket, key };
    }
    if (only === 'image-uri') {
        if (bucket !== undefined)
            throw new errors/* InputError */.dz('s3-bucket', 'does not apply to image-uri (container images come from ECR)');
        const uri = reader.required('image-uri');
        if (!IMAGE_URI.test(uri)) {
            throw new errors/* InputError */.dz('image-uri', `"${uri}" is not an image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:<digest> or .../repo:tag`);
        }
        return { kind: 'image', uri };
    }
    if (only === 'source-dir') {
        const dir = reader.path('source-dir', external_node_fs_.existsSync) ?? reader.required('source-dir');
        if (!(0,external_node_fs_.existsSync)(dir))
            throw new errors/* InputError */.dz('source-dir', `directory ${dir} does not exist`);
        if (!(0,external_node_fs_.statSync)(dir).isDirectory())
            throw new errors/* InputError */.dz('source-dir', `${dir} is not a directory`);
        return { kind: 'dir', path: dir, bucket };
    }
    const file = reader.path('zip-file', external_node_fs_.existsSync) ?? reader.required('zip-file');
    if (!(0,external_node_fs_.existsSync)(file))
        throw new errors/* InputError */.dz('zip-file', `file ${file} does not exist`);
    const info = (0,external_node_fs_.statSync)(file);
    if (!info.isFile())
        throw new errors/* InputError */.dz('zip-file', `${file} is not a file`);
    // Lambda would reject it only after the upload; four bytes tell now.
    const head = readZipHead(file);
    const zipMagic = head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
    if (info.size < 22 || !zipMagic)
        throw new errors/* InputError */.dz('zip-file', `${file} is not a zip archive`);
    return { kind: 'zip', path: file, bucket };
}
function environment(reader) {
    const pairs = reader.pairs('environment');
    if (pairs.length === 0)
        return undefined;
    const vars = {};
    for (const { key, value } of pairs) {
        if (!ENV_KEY.test(key)) {
            throw new errors/* InputError */.dz('environment', `"${key}" is not a valid variable name (a letter, then letters, digits or _, at least 2 characters)`);
        }
        if (config/* RESERVED_ENVIRONMENT_KEYS */.yK.has(key))
            throw new errors/* InputError */.dz('environment', `"${key}" is reserved by Lambda`);
        if (key in vars)
            throw new errors/* InputError */.dz('environment', `"${key}" is given twice`);
        vars[key] = value;
    }
    return vars;
}
function configuration(reader, code) {
    const runtime = reader.string('runtime');
    if (runtime !== undefined && !RUNTIME.test(runtime)) {
        throw new errors/* InputError */.dz('runtime', `"${runtime}" is not a Lambda runtime identifier such as nodejs20.x, python3.12 or provided.al2023`);
    }
    const handler = reader.string('handler');
    if (handler !== undefined) {
        if (handler.length > 128 || /\s/.test(handler)) {
            throw new errors/* InputError */.dz('handler', `"${handler}" must be at most 128 characters without spaces`);
        }
        if (runtime !== undefined && DOTTED_HANDLER_RUNTIMES.test(runtime) && !/^[^.].*\.[^.]+$/.test(handler)) {
            throw new errors/* InputError */.dz('handler', `"${handler}" should look like file.function (e.g. index.handler) for ${runtime}`);
        }
    }
    const archs = reader.list('architectures', { commas: true });
    if (archs.length > 1)
        throw new errors/* InputError */.dz('architectures', 'Lambda takes exactly one architecture: x86_64 or arm64');
    const arch = archs[0];
    if (arch !== undefined && arch !== 'x86_64' && arch !== 'arm64') {
        throw new errors/* InputError */.dz('architectures', `expected x86_64 or arm64, got "${arch}"`);
    }
    const layerList = reader.list('layers', { commas: true });
    for (const l of layerList) {
        if (!LAYER_ARN.test(l))
            throw new errors/* InputError */.dz('layers', `"${l}" is not a layer version ARN (arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION)`);
    }
    if (layerList.length > 5)
        throw new errors/* InputError */.dz('layers', `a function takes at most 5 layers, got ${layerList.length}`);
    if (new Set(layerList).size !== layerList.length)
        throw new errors/* InputError */.dz('layers', 'lists the same layer twice');
    const description = reader.string('description');
    if (description !== undefined && description.length > 256)
        throw new errors/* InputError */.dz('description', 'is longer than 256 characters');
    if (code.kind === 'image') {
        // A container image brings its own runtime and entry point; Lambda rejects these for images.
        for (const name of ['handler', 'runtime', 'layers']) {
            if (reader.has(name))
                throw new errors/* InputError */.dz(name, 'does not apply to a container image function (image-uri)');
        }
    }
    return {
        handler,
        runtime,
        memorySize: reader.int('memory-size', { min: 128, max: 10240 }),
        timeout: reader.int('timeout', { min: 1, max: 900 }),
        architecture: arch,
        layers: layerList.length ? layerList : undefined,
        description,
        environment: environment(reader),
        environmentMode: reader.choice('environment-mode', ['merge', 'replace']) ?? 'merge',
    };
}
const lambdaDeploy = {
    name: 'lambda-deploy',
    title: 'Deploy Lambda functions',
    description: 'Ship Lambda code (a deterministic zip, an S3 object or a container image) and configuration, skip what is unchanged, publish a version and move an alias.',
    inputs: {
        'function-name': {
            description: 'Function name or ARN; several (one per line) are deployed in parallel with the same code.',
            required: true,
            multiple: true,
        },
        'source-dir': { description: 'Directory to zip (deterministically) as the deployment package.' },
        'zip-file': { description: 'Ready-made deployment package (.zip).' },
        'image-uri': { description: 'Container image for an image function, e.g. the image-uri output of ecr-push.' },
        's3-bucket': {
            description: 'With s3-key: deploy that existing object. With source-dir or zip-file: stage the package here when it is over the 50 MB direct-upload limit.',
        },
        's3-key': { description: 'Key of a deployment package already in s3-bucket.' },
        handler: { description: 'Handler, e.g. index.handler (changed only when given).' },
        runtime: { description: 'Runtime, e.g. nodejs20.x (changed only when given).' },
        'memory-size': { description: 'Memory in MB, 128-10240 (changed only when given).' },
        timeout: { description: 'Timeout in seconds, 1-900 (changed only when given).' },
        architectures: { description: 'x86_64 or arm64 (changed only when given).' },
        layers: {
            description: 'Layer version ARNs, in order, at most 5 (replace the list; changed only when given).',
            multiple: true,
        },
        description: { description: 'Function description (changed only when given).' },
        environment: {
            description: 'KEY=VALUE lines merged into the existing variables (see environment-mode); values are never logged.',
            multiple: true,
        },
        'environment-mode': {
            description: 'merge: keep variables not listed; replace: the function gets exactly the listed variables.',
            default: 'merge',
        },
        publish: { description: 'Publish a version when something changed.', default: 'true' },
        alias: { description: 'Alias to create or move to the published version (needs publish).' },
        role: {
            description: 'Execution role ARN, used only to create a function that does not exist yet (with runtime and handler for a zip).',
        },
        ...awsInputs,
    },
    outputs: {
        'function-arn': 'ARN of the (first) function, unqualified.',
        version: 'Published version of the (first) function; $LATEST when publish is false.',
        'code-sha256': "The (first) function's CodeSha256 after the deployment.",
        changed: 'false when no function needed a change; true when any did (see functions for each one).',
        functions: 'JSON array with name, arn, version, code-sha256 and changed for every function.',
    },
    parse(reader, context) {
        const aws = (0,runtime_aws/* readAwsCommon */.V)(reader, context);
        const names = functionNames(reader, aws.region);
        const code = codeSource(reader);
        const config = configuration(reader, code);
        const role = reader.string('role');
        if (role !== undefined && !ROLE_ARN.test(role)) {
            throw new errors/* InputError */.dz('role', `"${role}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
        }
        const publish = reader.boolean('publish', true);
        const alias = reader.string('alias');
        if (alias !== undefined) {
            if (!ALIAS.test(alias) || /^\d+$/.test(alias) || alias === '$LATEST') {
                throw new errors/* InputError */.dz('alias', `"${alias}" is not an alias name (letters, digits, - and _, not only digits)`);
            }
            if (!publish)
                throw new errors/* InputError */.dz('alias', 'needs publish: true (the alias is moved to the published version)');
        }
        return { ...aws, functionNames: names, code, config, publish, alias, role };
    },
    load: () => Promise.all(/* import() */[__nccwpck_require__.e(306), __nccwpck_require__.e(78)]).then(__nccwpck_require__.bind(__nccwpck_require__, 8078)),
};


/***/ }),

/***/ 4917:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _definitions_lambda_deploy_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2796);
/* harmony import */ var _runtime_run_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9645);


await (0,_runtime_run_js__WEBPACK_IMPORTED_MODULE_1__/* .actionMain */ .g_)(_definitions_lambda_deploy_js__WEBPACK_IMPORTED_MODULE_0__/* .lambdaDeploy */ .R);

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 3149:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   SU: () => (/* binding */ planConfiguration),
/* harmony export */   fy: () => (/* binding */ isEmptyUpdate),
/* harmony export */   kE: () => (/* binding */ ENVIRONMENT_LIMIT_BYTES),
/* harmony export */   qs: () => (/* binding */ sameDeployment),
/* harmony export */   r0: () => (/* binding */ environmentSize),
/* harmony export */   yK: () => (/* binding */ RESERVED_ENVIRONMENT_KEYS)
/* harmony export */ });
/* unused harmony exports mergeEnvironment, environmentChanges */
/* harmony import */ var _runtime_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9541);

/** Lambda's own defaults, which GetFunction may leave out. */
const DEFAULTS = { MemorySize: 128, Timeout: 3, Description: '', Architecture: 'x86_64' };
/** Names Lambda reserves; setting one is rejected by the API, so it is refused before any call. */
const RESERVED_ENVIRONMENT_KEYS = new Set([
    '_HANDLER',
    '_X_AMZN_TRACE_ID',
    'AWS_DEFAULT_REGION',
    'AWS_REGION',
    'AWS_EXECUTION_ENV',
    'AWS_LAMBDA_FUNCTION_NAME',
    'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
    'AWS_LAMBDA_FUNCTION_VERSION',
    'AWS_LAMBDA_INITIALIZATION_TYPE',
    'AWS_LAMBDA_LOG_GROUP_NAME',
    'AWS_LAMBDA_LOG_STREAM_NAME',
    'AWS_ACCESS_KEY',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_LAMBDA_RUNTIME_API',
    'LAMBDA_TASK_ROOT',
    'LAMBDA_RUNTIME_DIR',
]);
/** Lambda's limit on the total size of a function's variables (keys and values). */
const ENVIRONMENT_LIMIT_BYTES = 4096;
/**
 * The variables the function should end up with. merge: the current ones with the given ones laid
 * over them (nothing is removed); replace: exactly the given ones.
 */
function mergeEnvironment(current, given, mode) {
    return mode === 'replace' ? { ...given } : { ...(current ?? {}), ...given };
}
function environmentChanges(before, after) {
    const b = before ?? {};
    const added = [];
    const changed = [];
    for (const [k, v] of Object.entries(after)) {
        if (!(k in b))
            added.push(k);
        else if (b[k] !== v)
            changed.push(k);
    }
    const removed = Object.keys(b).filter((k) => !(k in after));
    return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}
/** Size as Lambda counts it: the UTF-8 bytes of every key and value. */
function environmentSize(vars) {
    let n = 0;
    for (const [k, v] of Object.entries(vars))
        n += Buffer.byteLength(k) + Buffer.byteLength(v);
    return n;
}
const show = (v) => (v === undefined || v === '' ? '(none)' : JSON.stringify(v));
const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
/** Compares what was asked for with what the function has; fields not asked for are left alone. */
function planConfiguration(current, desired) {
    const update = {};
    const lines = [];
    const scalar = (key, label, want, fallback) => {
        if (want === undefined)
            return;
        const have = current[key] ?? fallback;
        if (have === want)
            return;
        update[key] = want;
        lines.push(`${label}: ${show(have)} → ${show(want)}`);
    };
    scalar('Handler', 'handler', desired.handler);
    scalar('Runtime', 'runtime', desired.runtime);
    scalar('MemorySize', 'memory-size', desired.memorySize, DEFAULTS.MemorySize);
    scalar('Timeout', 'timeout', desired.timeout, DEFAULTS.Timeout);
    scalar('Description', 'description', desired.description, DEFAULTS.Description);
    if (desired.layers) {
        const have = (current.Layers ?? []).map((l) => l.Arn ?? '');
        if (!sameList(have, desired.layers)) {
            update.Layers = [...desired.layers];
            lines.push(`layers: ${show(have.length ? have : undefined)} → ${show(desired.layers)}`);
        }
    }
    let architecture;
    if (desired.architecture) {
        const have = current.Architectures?.[0] ?? DEFAULTS.Architecture;
        if (have !== desired.architecture) {
            architecture = desired.architecture;
            lines.push(`architectures: ${have} → ${desired.architecture}`);
        }
    }
    // Environment is sent only when asked for AND the result differs: sending it replaces every
    // variable, so an unneeded call could only lose a variable set by someone else meanwhile.
    if (desired.environment) {
        // Lambda answers Environment.Error (no Variables) when it cannot decrypt them for us, e.g. a customer
        // managed KMS key the deploy role may not use. Merging into "nothing" would wipe every variable.
        const unreadable = current.Environment?.Error;
        if (unreadable && desired.environmentMode === 'merge') {
            throw new _runtime_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ReleaseError */ .K2(`cannot read the function's environment variables (${unreadable.ErrorCode ?? 'error'}: ${unreadable.Message ?? 'no message'}), so they cannot be merged without losing some; grant kms:Decrypt on the function's key, or use environment-mode: replace`);
        }
        const before = current.Environment?.Variables;
        const after = mergeEnvironment(before, desired.environment, desired.environmentMode);
        const diff = environmentChanges(before, after);
        if (diff.added.length || diff.changed.length || diff.removed.length) {
            update.Environment = { Variables: after };
            const parts = [
                ...diff.added.map((k) => `+${k}`),
                ...diff.changed.map((k) => `~${k}`),
                ...diff.removed.map((k) => `-${k}`),
            ];
            lines.push(`environment (${desired.environmentMode}): ${parts.join(' ')}`);
        }
    }
    return { update, architecture, lines };
}
function isEmptyUpdate(update) {
    return Object.keys(update).length === 0;
}
/**
 * Whether a published version has the same code and configuration as $LATEST, i.e. publishing
 * again would add nothing. Compares every field this command manages.
 */
function sameDeployment(latest, version) {
    const env = (c) => {
        const vars = c.Environment?.Variables ?? {};
        return JSON.stringify(Object.keys(vars)
            .sort()
            .map((k) => [k, vars[k]]));
    };
    const layers = (c) => (c.Layers ?? []).map((l) => l.Arn ?? '');
    return (latest.CodeSha256 === version.CodeSha256 &&
        latest.Handler === version.Handler &&
        latest.Runtime === version.Runtime &&
        (latest.MemorySize ?? DEFAULTS.MemorySize) === (version.MemorySize ?? DEFAULTS.MemorySize) &&
        (latest.Timeout ?? DEFAULTS.Timeout) === (version.Timeout ?? DEFAULTS.Timeout) &&
        (latest.Description ?? '') === (version.Description ?? '') &&
        (latest.Architectures?.[0] ?? DEFAULTS.Architecture) === (version.Architectures?.[0] ?? DEFAULTS.Architecture) &&
        sameList(layers(latest), layers(version)) &&
        env(latest) === env(version));
}


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

/***/ 9645:
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
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
;// CONCATENATED MODULE: ./src/runtime/context.ts


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
        return JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
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
        return ((0,external_node_child_process_.execFileSync)('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined);
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
    const context = readRunContext(options.env, options.cwd);
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

/***/ 3339:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("module");

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
/******/ var __webpack_exports__ = __nccwpck_require__(4917);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
