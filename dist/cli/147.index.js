export const id = 147;
export const ids = [147];
export const modules = {

/***/ 3461:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fj: () => (/* binding */ droppedKeysWarning),
/* harmony export */   HI: () => (/* binding */ taskMemory),
/* harmony export */   Oh: () => (/* binding */ taskCpu),
/* harmony export */   P9: () => (/* binding */ renderTaskDefinition),
/* harmony export */   Q: () => (/* binding */ parseImageRef),
/* harmony export */   XP: () => (/* binding */ stripForRegister),
/* harmony export */   eX: () => (/* binding */ dropNulls),
/* harmony export */   vH: () => (/* binding */ RenderError)
/* harmony export */ });
/* unused harmony exports READ_ONLY_FIELDS, imageProblem, tagWarning, upsertNamed */
/* harmony import */ var _shape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7248);

/**
 * Fields ECS adds to a registered revision (DescribeTaskDefinition's answer); RegisterTaskDefinition
 * refuses them. They are dropped without a word: a describe output is a normal starting point.
 */
const READ_ONLY_FIELDS = [
    'taskDefinitionArn',
    'revision',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
    'deregisteredAt',
    'deleteRequestedAt',
];
/** A problem with what was asked of the render; `input` names the input to blame. */
class RenderError extends Error {
    input;
    name = 'RenderError';
    constructor(input, message) {
        super(message);
        this.input = input;
    }
}
/** Removes null (and undefined) values from objects and arrays, at every depth. Empty strings stay. */
function dropNulls(value) {
    if (Array.isArray(value)) {
        return value.filter((v) => v !== null && v !== undefined).map((v) => dropNulls(v));
    }
    if (typeof value === 'object' && value !== null) {
        const out = {};
        for (const [k, v] of Object.entries(value)) {
            if (v === null || v === undefined)
                continue;
            out[k] = dropNulls(v);
        }
        return out;
    }
    return value;
}
/**
 * Task CPU in the units ECS stores: "1 vCPU" (or "0.5vcpu") becomes "1024" ("512"). ECS accepts both
 * forms but answers DescribeTaskDefinition with the number, so a file that keeps the vCPU form would
 * never compare equal to its own revision. Anything else is returned unchanged for ECS to judge.
 */
function taskCpu(value) {
    const m = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(value.trim());
    return m ? whole(Number(m[1]) * 1024, value) : value;
}
/** Task memory in MiB as ECS stores it: "2 GB" (or "0.5GB") becomes "2048" ("512"). */
function taskMemory(value) {
    const m = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(value.trim());
    return m ? whole(Number(m[1]) * 1024, value) : value;
}
/** The number as a string when it is whole; otherwise the original text (ECS will say what is wrong). */
function whole(n, original) {
    return Number.isInteger(n) ? String(n) : original;
}
/**
 * What RegisterTaskDefinition accepts: only its input keys (the read-only fields of a describe output
 * and anything unknown are dropped; unknownKeys() names the latter for a warning), no nulls, and the
 * task-level cpu and memory as the number strings ECS stores (a file often has numbers or "1 vCPU").
 */
function stripForRegister(def) {
    const copy = dropNulls({ ...def });
    for (const key of Object.keys(copy))
        if (!_shape_js__WEBPACK_IMPORTED_MODULE_0__/* .REGISTER_KEYS */ .nB.includes(key))
            delete copy[key];
    if (typeof copy['cpu'] === 'number' || typeof copy['cpu'] === 'string')
        copy['cpu'] = taskCpu(String(copy['cpu']));
    if (typeof copy['memory'] === 'number' || typeof copy['memory'] === 'string') {
        copy['memory'] = taskMemory(String(copy['memory']));
    }
    return copy;
}
/** The warning for top-level keys that stripForRegister drops although they are not read-only fields. */
function droppedKeysWarning(def) {
    const unknown = (0,_shape_js__WEBPACK_IMPORTED_MODULE_0__/* .unknownKeys */ .vX)(def, READ_ONLY_FIELDS);
    if (unknown.length === 0)
        return undefined;
    return `the task definition has ${unknown.length === 1 ? 'a key' : 'keys'} RegisterTaskDefinition does not take, left out: ${unknown.join(', ')} (check the spelling; the API takes ${_shape_js__WEBPACK_IMPORTED_MODULE_0__/* .REGISTER_KEYS */ .nB.join(', ')})`;
}
/** Splits an image reference into tag and digest. A port in the registry host is not a tag. */
function parseImageRef(image) {
    const at = image.indexOf('@');
    if (at !== -1)
        return { digest: image.slice(at + 1) };
    const lastSlash = image.lastIndexOf('/');
    const colon = image.indexOf(':', lastSlash + 1);
    return colon === -1 ? {} : { tag: image.slice(colon + 1) };
}
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Why an image reference cannot be used, or undefined when it looks right. */
function imageProblem(image) {
    if (image === '' || /\s/.test(image))
        return `"${image}" is not an image reference`;
    const ref = parseImageRef(image);
    if (ref.digest !== undefined && !DIGEST.test(ref.digest)) {
        return `"${image}" has a malformed digest (expected @sha256: and 64 hex digits)`;
    }
    if (ref.tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(ref.tag))
        return `"${image}" has a malformed tag`;
    return undefined;
}
/** The advice for an image that is not pinned by digest, or undefined when it is. */
function tagWarning(container, image) {
    const ref = parseImageRef(image);
    if (ref.digest)
        return undefined;
    const how = ref.tag ? `by tag (:${ref.tag})` : 'without tag or digest (that is :latest)';
    return `container "${container}": image ${image} is given ${how}; a tag can be moved to another image, so pin the digest (repository@sha256:...) for a deploy that can be repeated and rolled back exactly`;
}
function findContainer(def, name, input) {
    const found = def.containerDefinitions.find((c) => c.name === name);
    if (!found) {
        const names = def.containerDefinitions.map((c) => c.name).join(', ');
        throw new RenderError(input, `the task definition has no container "${name}"; its containers are: ${names}`);
    }
    return found;
}
/** Updates entries with the same name in place and appends the others, keeping the list's order. */
function upsertNamed(list, pairs) {
    const out = [...(list ?? [])];
    for (const { name, make } of pairs) {
        const i = out.findIndex((e) => e.name === name);
        if (i === -1)
            out.push(make());
        else
            out[i] = make();
    }
    return out;
}
/** Applies a render request to a task definition. Pure: the input is not modified. */
function renderTaskDefinition(source, req) {
    const def = stripForRegister(structuredClone(source));
    const warnings = [];
    const changes = [];
    const dropped = droppedKeysWarning(source);
    if (dropped)
        warnings.push(dropped);
    for (const { container, image } of req.images) {
        const c = findContainer(def, container, req.images.length === 1 && req.container ? 'container-name' : 'images');
        if (c.image !== image)
            changes.push(`container "${container}": image ${c.image ?? '(none)'} -> ${image}`);
        c.image = image;
        // Only the images this render sets are judged: a sidecar pinned by tag in the file is the
        // file's business, and warning about it on every run would train people to ignore warnings.
        const warning = tagWarning(container, image);
        if (warning)
            warnings.push(warning);
    }
    const wantsContainer = req.environment.length > 0 || req.secrets.length > 0 || req.dockerLabels.length > 0;
    if (wantsContainer) {
        let target;
        if (req.container) {
            target = findContainer(def, req.container, 'container-name');
        }
        else if (def.containerDefinitions.length === 1) {
            target = def.containerDefinitions[0];
        }
        else {
            const names = def.containerDefinitions.map((c) => c.name).join(', ');
            throw new RenderError('container-name', `is required to set environment, secrets or labels when the task definition has several containers (${names})`);
        }
        if (req.environment.length) {
            target.environment = upsertNamed(target.environment, req.environment.map(({ key, value }) => ({ name: key, make: () => ({ name: key, value }) })));
            changes.push(`container "${target.name}": environment ${[...new Set(req.environment.map((e) => e.key))].join(', ')} set`);
        }
        if (req.secrets.length) {
            target.secrets = upsertNamed(target.secrets, req.secrets.map(({ key, value }) => ({ name: key, make: () => ({ name: key, valueFrom: value }) })));
            changes.push(`container "${target.name}": secrets ${req.secrets.map((s) => s.key).join(', ')} set`);
        }
        // ECS refuses a name that is both a plain variable and a secret; say so before registering.
        const secretNames = new Set((target.secrets ?? []).map((s) => s.name));
        const clash = (target.environment ?? []).find((e) => e.name !== undefined && secretNames.has(e.name));
        if (clash) {
            throw new RenderError(req.secrets.some((s) => s.key === clash.name) ? 'secrets' : 'environment-variables', `${clash.name} would be both an environment variable and a secret in container "${target.name}"`);
        }
        if (req.dockerLabels.length) {
            const labels = { ...(target.dockerLabels ?? {}) };
            for (const { key, value } of req.dockerLabels)
                labels[key] = value;
            target.dockerLabels = labels;
            changes.push(`container "${target.name}": labels ${req.dockerLabels.map((l) => l.key).join(', ')} set`);
        }
    }
    // Written in the numeric form ECS stores, so that a deploy of the file can reuse the revision.
    if (req.cpu !== undefined) {
        const cpu = taskCpu(req.cpu);
        if (def.cpu !== cpu)
            changes.push(`cpu ${def.cpu ?? '(none)'} -> ${cpu}${cpu !== req.cpu ? ` (${req.cpu})` : ''}`);
        def.cpu = cpu;
    }
    if (req.memory !== undefined) {
        const memory = taskMemory(req.memory);
        if (def.memory !== memory) {
            changes.push(`memory ${def.memory ?? '(none)'} -> ${memory}${memory !== req.memory ? ` (${req.memory})` : ''}`);
        }
        def.memory = memory;
    }
    for (const c of def.containerDefinitions) {
        if (typeof c.image !== 'string' || c.image.trim() === '') {
            throw new RenderError('images', `container "${c.name}" has no image; set it with image or images`);
        }
        const problem = imageProblem(c.image);
        if (problem)
            throw new RenderError('task-definition', `container "${c.name}": ${problem}`);
    }
    return { taskDefinition: def, warnings, changes };
}


/***/ }),

/***/ 7248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KS: () => (/* binding */ SourceScalar),
/* harmony export */   Yn: () => (/* binding */ conformDocument),
/* harmony export */   nB: () => (/* binding */ REGISTER_KEYS),
/* harmony export */   vX: () => (/* binding */ unknownKeys)
/* harmony export */ });
/* unused harmony exports S, TAGS_SHAPE, TASK_DEFINITION_SHAPE, conformStrings */
/**
 * The shape of RegisterTaskDefinition's input, as far as a task definition file can get it wrong:
 * which top-level keys the API takes, and where it wants strings. YAML (and careless JSON) turns
 * `value: 8080`, `value: false` or a label `version: 2` into numbers and booleans, which the API
 * (and `aws ecs register-task-definition --cli-input-json`) refuses; this table lets them be turned
 * back into the strings that were meant. It is kept by hand (no SDK at run time here) and checked
 * against the SDK's own schema by test/unit/ecs-shape.test.ts, which fails when the SDK gains a
 * string field this table does not know.
 */
/** Where the API wants a string. */
const S = 'string';
const STRINGS = [S];
const STRING_MAP = { '*': S };
const NAME_VALUE = { name: S, value: S };
const CONTAINER = {
    name: S,
    image: S,
    repositoryCredentials: { credentialsParameter: S },
    links: STRINGS,
    portMappings: [{ protocol: S, name: S, appProtocol: S, containerPortRange: S }],
    entryPoint: STRINGS,
    command: STRINGS,
    environment: [NAME_VALUE],
    environmentFiles: [{ value: S, type: S }],
    mountPoints: [{ sourceVolume: S, containerPath: S }],
    volumesFrom: [{ sourceContainer: S }],
    linuxParameters: {
        capabilities: { add: STRINGS, drop: STRINGS },
        devices: [{ hostPath: S, containerPath: S, permissions: STRINGS }],
        tmpfs: [{ containerPath: S, mountOptions: STRINGS }],
    },
    secrets: [{ name: S, valueFrom: S }],
    dependsOn: [{ containerName: S, condition: S }],
    versionConsistency: S,
    hostname: S,
    user: S,
    workingDirectory: S,
    dnsServers: STRINGS,
    dnsSearchDomains: STRINGS,
    extraHosts: [{ hostname: S, ipAddress: S }],
    dockerSecurityOptions: STRINGS,
    dockerLabels: STRING_MAP,
    ulimits: [{ name: S }],
    logConfiguration: { logDriver: S, options: STRING_MAP, secretOptions: [{ name: S, valueFrom: S }] },
    healthCheck: { command: STRINGS },
    systemControls: [{ namespace: S, value: S }],
    resourceRequirements: [{ type: S, value: S }],
    firelensConfiguration: { type: S, options: STRING_MAP },
    credentialSpecs: STRINGS,
};
const VOLUME = {
    name: S,
    host: { sourcePath: S },
    dockerVolumeConfiguration: { scope: S, driver: S, driverOpts: STRING_MAP, labels: STRING_MAP },
    efsVolumeConfiguration: {
        fileSystemId: S,
        rootDirectory: S,
        transitEncryption: S,
        authorizationConfig: { accessPointId: S, iam: S },
    },
    s3filesVolumeConfiguration: { fileSystemArn: S, rootDirectory: S, accessPointArn: S },
    fsxWindowsFileServerVolumeConfiguration: {
        fileSystemId: S,
        rootDirectory: S,
        authorizationConfig: { credentialsParameter: S, domain: S },
    },
};
const TAGS_SHAPE = [{ key: S, value: S }];
/** RegisterTaskDefinition's input, string-wise. */
const TASK_DEFINITION_SHAPE = {
    family: S,
    containerDefinitions: [CONTAINER],
    taskRoleArn: S,
    executionRoleArn: S,
    networkMode: S,
    volumes: [VOLUME],
    placementConstraints: [{ type: S, expression: S }],
    requiresCompatibilities: STRINGS,
    cpu: S,
    memory: S,
    tags: TAGS_SHAPE,
    pidMode: S,
    ipcMode: S,
    proxyConfiguration: { containerName: S, type: S, properties: [NAME_VALUE] },
    inferenceAccelerators: [{ deviceName: S, deviceType: S }],
    runtimePlatform: { cpuArchitecture: S, operatingSystemFamily: S },
};
/**
 * Every top-level key RegisterTaskDefinitionRequest has (@aws-sdk/client-ecs 3.1162); anything else
 * in a file is dropped from what is registered and written, with a warning.
 */
const REGISTER_KEYS = [
    'family',
    'taskRoleArn',
    'executionRoleArn',
    'networkMode',
    'containerDefinitions',
    'volumes',
    'placementConstraints',
    'requiresCompatibilities',
    'cpu',
    'memory',
    'tags',
    'pidMode',
    'ipcMode',
    'proxyConfiguration',
    'inferenceAccelerators',
    'ephemeralStorage',
    'runtimePlatform',
    'enableFaultInjection',
];
/**
 * A YAML number or boolean together with the text it was written as. The YAML reader produces it
 * instead of the plain value so that a string field gets the text exactly as written (`1.10` stays
 * "1.10", an account id `012345678901` keeps its leading zero), which String(number) would lose.
 */
class SourceScalar {
    value;
    source;
    constructor(value, source) {
        this.value = value;
        this.source = source;
    }
    toString() {
        return this.source;
    }
}
const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof SourceScalar);
/** Replaces every SourceScalar below `value` with its plain value (outside the known shape). */
function plain(value) {
    if (value instanceof SourceScalar)
        return value.value;
    if (Array.isArray(value))
        return value.map(plain);
    if (isPlainObject(value)) {
        const out = {};
        for (const [k, v] of Object.entries(value))
            out[k] = plain(v);
        return out;
    }
    return value;
}
/**
 * A copy of `value` with numbers and booleans turned into strings wherever `shape` wants a string
 * (YAML ones as written, others by String()). Values of the wrong kind otherwise (an object where a
 * string belongs) are left for the API to refuse with its own message.
 */
function conformStrings(value, shape) {
    if (shape === undefined)
        return plain(value);
    if (shape === S) {
        if (value instanceof SourceScalar)
            return value.source;
        if (typeof value === 'number' || typeof value === 'boolean')
            return String(value);
        return plain(value);
    }
    if (Array.isArray(shape)) {
        const item = shape[0];
        return Array.isArray(value) ? value.map((v) => conformStrings(v, item)) : plain(value);
    }
    if (!isPlainObject(value))
        return plain(value);
    const members = shape;
    const each = members['*'];
    const out = {};
    for (const [k, v] of Object.entries(value)) {
        out[k] = conformStrings(v, each ?? (Object.hasOwn(members, k) ? members[k] : undefined));
    }
    return out;
}
/**
 * Brings a parsed file to the API's string types: a task definition, or the
 * `{"taskDefinition": ..., "tags": [...]}` output of describe-task-definition.
 */
function conformDocument(doc) {
    if (isPlainObject(doc) && isPlainObject(doc['taskDefinition']) && !('containerDefinitions' in doc)) {
        return conformStrings(doc, { taskDefinition: TASK_DEFINITION_SHAPE, tags: TAGS_SHAPE });
    }
    return conformStrings(doc, TASK_DEFINITION_SHAPE);
}
/** Top-level keys of a task definition that RegisterTaskDefinition does not take. */
function unknownKeys(def, readOnly) {
    return Object.keys(def).filter((k) => !REGISTER_KEYS.includes(k) && !readOnly.includes(k));
}


/***/ }),

/***/ 7192:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B4: () => (/* binding */ TaskDefFileError),
/* harmony export */   BD: () => (/* binding */ readTaskDefinitionFile),
/* harmony export */   iU: () => (/* binding */ toTaskDefinition)
/* harmony export */ });
/* unused harmony export parseDocument */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8815);
/* harmony import */ var _shape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7248);
/**
 * Reading a task definition from a file: JSON or YAML, either the bare definition (what
 * RegisterTaskDefinition takes) or the `{"taskDefinition": ..., "tags": [...]}` wrapper that
 * `aws ecs describe-task-definition` prints. Pure apart from the one file read.
 */




/** The file is not a task definition; the message says why, for the user. */
class TaskDefFileError extends Error {
    name = 'TaskDefFileError';
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * YAML to plain values, except that a plain (unquoted) number or boolean in a value position becomes
 * a SourceScalar carrying the text it was written as, so that conformDocument can give a string field
 * exactly that text. Keys become their text at once (object keys are strings anyway).
 */
function readYaml(text) {
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parseDocument */ .Tp)(text);
    const error = doc.errors[0];
    if (error)
        throw error;
    (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .visit */ .YR)(doc, {
        Scalar(key, node) {
            if (!(0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .isScalar */ .jn)(node) || node.type !== 'PLAIN' || node.source === undefined)
                return;
            if (typeof node.value !== 'number' && typeof node.value !== 'boolean')
                return;
            node.value = key === 'key' ? node.source : new _shape_js__WEBPACK_IMPORTED_MODULE_3__/* .SourceScalar */ .KS(node.value, node.source);
        },
    });
    return doc.toJS();
}
/**
 * Parses file text: JSON for .json, YAML for .yml/.yaml, otherwise JSON first and YAML if that fails.
 * Numbers and booleans where the API wants strings (an environment value 8080, a label `version: 2`)
 * come back as strings; see shape.ts.
 */
function parseDocument(text, fileName) {
    const ext = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.extname)(fileName).toLowerCase();
    const asJson = () => {
        try {
            return JSON.parse(text);
        }
        catch (err) {
            throw new TaskDefFileError(`${fileName} is not valid JSON (${err.message})`);
        }
    };
    const asYaml = () => {
        try {
            return readYaml(text);
        }
        catch (err) {
            throw new TaskDefFileError(`${fileName} is not valid YAML (${err.message.split('\n')[0]})`);
        }
    };
    if (ext === '.json')
        return (0,_shape_js__WEBPACK_IMPORTED_MODULE_3__/* .conformDocument */ .Yn)(asJson());
    if (ext === '.yml' || ext === '.yaml')
        return (0,_shape_js__WEBPACK_IMPORTED_MODULE_3__/* .conformDocument */ .Yn)(asYaml());
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        parsed = asYaml();
    }
    return (0,_shape_js__WEBPACK_IMPORTED_MODULE_3__/* .conformDocument */ .Yn)(parsed);
}
/**
 * Checks that a parsed document is a task definition and returns it (unwrapped). The checks are the
 * ones that tell a wrong file from a right one; the ECS API validates the rest on registration.
 * `requireImages` is false for a template whose images the render fills in.
 */
function toTaskDefinition(doc, fileName, options = {}) {
    const bad = (why) => {
        throw new TaskDefFileError(`${fileName} is not a task definition: ${why}`);
    };
    if (!isObject(doc)) {
        bad(`expected an object with family and containerDefinitions, got ${Array.isArray(doc) ? 'a list' : typeof doc}`);
    }
    let def = doc;
    let wrapperTags;
    // The describe-task-definition output: {"taskDefinition": {...}, "tags": [...]}.
    if (isObject(def['taskDefinition']) && !('containerDefinitions' in def)) {
        wrapperTags = def['tags'];
        def = { ...def['taskDefinition'] };
    }
    if ('ContainerDefinitions' in def || 'Family' in def) {
        bad('its keys are PascalCase (a CloudFormation resource?); use the ECS API shape (camelCase) that `aws ecs describe-task-definition` prints');
    }
    const containers = def['containerDefinitions'];
    if (!Array.isArray(containers) || containers.length === 0)
        bad('it has no containerDefinitions list');
    if (typeof def['family'] !== 'string' || def['family'] === '')
        bad('it has no family');
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(def['family'])) {
        bad(`family "${String(def['family'])}" may only contain letters, digits, hyphens and underscores`);
    }
    const seen = new Set();
    containers.forEach((c, i) => {
        if (!isObject(c))
            bad(`containerDefinitions[${i}] is not an object`);
        const name = c['name'];
        if (typeof name !== 'string' || name === '')
            bad(`containerDefinitions[${i}] has no name`);
        if (seen.has(name))
            bad(`container name "${String(name)}" appears twice`);
        seen.add(name);
        const image = c['image'];
        if (image !== undefined && typeof image !== 'string')
            bad(`container "${String(name)}" has a non-string image`);
        if (options.requireImages !== false && (typeof image !== 'string' || image.trim() === '')) {
            bad(`container "${String(name)}" has no image`);
        }
    });
    // Tags from the wrapper belong to the revision; keep them so that re-registering keeps them too.
    if (Array.isArray(wrapperTags) && wrapperTags.length > 0 && def['tags'] === undefined)
        def['tags'] = wrapperTags;
    return def;
}
/** Reads and checks a task definition file. */
async function readTaskDefinitionFile(path, options = {}) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8');
    }
    catch (err) {
        throw new TaskDefFileError(`cannot read ${path} (${err.code ?? err.message})`);
    }
    if (text.trim() === '')
        throw new TaskDefFileError(`${path} is empty`);
    return toTaskDefinition(parseDocument(text, path), path, options);
}


/***/ }),

/***/ 8414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DT: () => (/* binding */ revisionOf),
/* harmony export */   EU: () => (/* binding */ shortName),
/* harmony export */   Xl: () => (/* binding */ takeNewEvents),
/* harmony export */   aA: () => (/* binding */ credentialWarning),
/* harmony export */   fJ: () => (/* binding */ runTaskOutcome),
/* harmony export */   i1: () => (/* binding */ startTracking),
/* harmony export */   no: () => (/* binding */ assess),
/* harmony export */   qF: () => (/* binding */ formatEvent),
/* harmony export */   rq: () => (/* binding */ takeStoppedTasks),
/* harmony export */   sg: () => (/* binding */ primaryDeployment),
/* harmony export */   us: () => (/* binding */ describeStoppedTask)
/* harmony export */ });
/* unused harmony exports failedTaskThreshold, progressLine, DEFAULT_SESSION_MS */
/** family:revision from a task definition ARN (or the input unchanged when it is not one). */
function revisionOf(arn) {
    if (!arn)
        return '(none)';
    const m = /task-definition\/(.+)$/.exec(arn);
    return m?.[1] ?? arn;
}
/** The last part of an ARN (service/cluster/name -> name). */
function shortName(nameOrArn) {
    return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}
function primaryDeployment(service) {
    return service?.deployments?.find((d) => d.status === 'PRIMARY');
}
/**
 * The number of failed tasks at which ECS's deployment circuit breaker gives up: half the desired
 * count, at least 3 and at most 200. A deployment past it without the breaker keeps failing forever.
 */
function failedTaskThreshold(desiredCount) {
    return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}
/** Starts tracking after UpdateService: events seen so far are history, not news. */
function startTracking(service, taskDefinitionArn, updated, before) {
    const seenEvents = new Set();
    for (const e of [...(before?.events ?? []), ...(updated?.events ?? [])])
        if (e.id)
            seenEvents.add(e.id);
    return {
        service,
        deploymentId: primaryDeployment(updated)?.id,
        taskDefinitionArn,
        seenEvents,
        failedTasks: 0,
        seenStoppedTasks: new Set(),
    };
}
function describeDeployment(d) {
    return `deployment ${d.id ?? '?'} (${revisionOf(d.taskDefinition)}${d.rolloutState ? `, ${d.rolloutState}` : ''})`;
}
/** One line on where the rollout stands, for the log. */
function progressLine(service, tracked) {
    const d = tracked ?? primaryDeployment(service);
    const parts = [`running ${service.runningCount ?? 0}/${service.desiredCount ?? 0}`];
    if (service.pendingCount)
        parts.push(`pending ${service.pendingCount}`);
    if (d?.failedTasks)
        parts.push(`failed ${d.failedTasks}`);
    if (d?.rolloutState)
        parts.push(`rollout ${d.rolloutState}`);
    const n = service.deployments?.length ?? 0;
    if (n > 1)
        parts.push(`${n} deployments`);
    return parts.join(', ');
}
/** Judges one DescribeServices snapshot of a service against what this deploy started. */
function assess(service, t) {
    if (!service)
        return { state: 'failed', reason: 'the service no longer exists' };
    if (service.status && service.status !== 'ACTIVE') {
        return { state: 'failed', reason: `the service is ${service.status}` };
    }
    const deployments = service.deployments ?? [];
    const primary = primaryDeployment(service);
    const countsMatch = (service.runningCount ?? 0) === (service.desiredCount ?? 0);
    if (!t.deploymentId) {
        // No deployment to follow (the UpdateService answer had no PRIMARY one): fall back to the counts,
        // as the AWS waiter does, but only once the service runs the new revision; before that the
        // matching counts are the OLD tasks'.
        return deployments.length <= 1 && countsMatch && service.taskDefinition === t.taskDefinitionArn
            ? { state: 'stable' }
            : { state: 'waiting', progress: progressLine(service) };
    }
    const dep = deployments.find((d) => d.id === t.deploymentId);
    const rolledBack = (d) => d && d.id !== t.deploymentId
        ? `; ${describeDeployment(d)} replaced it${d.taskDefinition && d.taskDefinition !== t.taskDefinitionArn ? ', rolling back to the previous revision' : ''}`
        : '';
    if (!dep) {
        return { state: 'failed', reason: `deployment ${t.deploymentId} is gone${rolledBack(primary)}` };
    }
    if (dep.rolloutState === 'FAILED') {
        return {
            state: 'failed',
            reason: `deployment ${t.deploymentId} FAILED: ${dep.rolloutStateReason ?? 'no reason given'}${rolledBack(primary)}`,
        };
    }
    if (dep.status !== 'PRIMARY') {
        return {
            state: 'failed',
            reason: `deployment ${t.deploymentId} is no longer the primary deployment (now ${dep.status ?? 'unknown'})${rolledBack(primary)}`,
        };
    }
    const failed = dep.failedTasks ?? 0;
    const complete = deployments.length === 1 && countsMatch && (dep.rolloutState === undefined || dep.rolloutState === 'COMPLETED');
    if (complete) {
        return failed > 0
            ? { state: 'stable', note: `${failed} task(s) of deployment ${t.deploymentId} failed before it became stable` }
            : { state: 'stable' };
    }
    const threshold = failedTaskThreshold(dep.desiredCount ?? service.desiredCount ?? 0);
    if (failed >= threshold) {
        return {
            state: 'failed',
            reason: `${failed} task(s) of deployment ${t.deploymentId} failed (the circuit-breaker threshold for ${dep.desiredCount ?? service.desiredCount ?? 0} desired is ${threshold}) and ${dep.runningCount ?? 0} run`,
        };
    }
    return { state: 'waiting', progress: progressLine(service, dep) };
}
/** Events not printed yet, oldest first; marks them as seen. */
function takeNewEvents(service, seen) {
    const fresh = (service?.events ?? []).filter((e) => e.id && !seen.has(e.id));
    for (const e of fresh)
        seen.add(e.id);
    return fresh.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
}
function formatEvent(e) {
    return `${e.createdAt ? e.createdAt.toISOString().replace('.000Z', 'Z') : ''} ${e.message ?? ''}`.trim();
}
/** Stopped tasks of a deployment not reported yet; marks them as seen. */
function takeStoppedTasks(tasks, deploymentId, seen) {
    const out = tasks.filter((t) => t.taskArn &&
        !seen.has(t.taskArn) &&
        t.lastStatus === 'STOPPED' &&
        (deploymentId === undefined || t.startedBy === deploymentId));
    for (const t of out)
        seen.add(t.taskArn);
    return out;
}
/** "task 1a2b: EssentialContainerExited: Essential container in task exited; web exit 1, log-router exit 0". */
function describeStoppedTask(task) {
    const id = task.taskArn?.split('/').pop() ?? '?';
    const why = [task.stopCode, task.stoppedReason].filter(Boolean).join(': ') || 'no reason given';
    const containers = (task.containers ?? []).map((c) => {
        const code = c.exitCode === undefined ? 'no exit code' : `exit ${c.exitCode}`;
        return `${c.name ?? '?'} ${code}${c.reason ? ` (${c.reason})` : ''}`;
    });
    return `task ${id}: ${why}${containers.length ? `; ${containers.join(', ')}` : ''}`;
}
/**
 * Whether a one-off task succeeded: it stopped and every essential container exited 0. A container
 * without an exit code never ran (image pull failure, resource limits) and counts as a failure.
 */
function runTaskOutcome(task, essential) {
    const problems = [];
    for (const name of essential) {
        const c = task.containers?.find((x) => x.name === name);
        if (!c)
            problems.push(`container ${name} did not run`);
        else if (c.exitCode === undefined || c.exitCode === null) {
            problems.push(`container ${name} has no exit code${c.reason ? ` (${c.reason})` : ''}`);
        }
        else if (c.exitCode !== 0) {
            problems.push(`container ${name} exited with ${c.exitCode}${c.reason ? ` (${c.reason})` : ''}`);
        }
    }
    if (problems.length && task.stoppedReason)
        problems.push(`task stopped: ${task.stoppedReason}`);
    return { ok: problems.length === 0, problems };
}
/**
 * The session length to assume for temporary credentials whose expiry is unknown: STS AssumeRole and
 * the OIDC web identity role that configure-aws-credentials assumes last 1 hour unless asked for more.
 */
const DEFAULT_SESSION_MS = 60 * 60_000;
/**
 * Whether the credentials will outlive the wait. Only what the SDK's credential provider returned
 * is used: `expiration` (when the provider knows it), `$source` (which provider it was) and whether
 * there is a session token (never its value). Providers other than plain environment variables
 * refresh themselves, so their expiry is no risk. Environment credentials with a session token but
 * no expiry are what configure-aws-credentials exports (key, secret and token only): they are taken
 * to last the default hour. The health check makes no AWS call and is not counted.
 */
function credentialWarning(credentials, now, waits) {
    if (!credentials)
        return undefined;
    const sources = Object.keys(credentials.$source ?? {});
    const refreshable = sources.length > 0 && sources.some((s) => s !== 'CREDENTIALS_ENV_VARS' && s !== 'CREDENTIALS_CODE');
    if (refreshable)
        return undefined;
    const waitMs = waits.runTaskMs + waits.servicesMs;
    const minutes = (ms) => `${Math.max(0, Math.floor(ms / 60000))} min`;
    const waitText = waits.runTaskMs > 0 && waits.servicesMs > 0
        ? `the one-off task and the service rollout (wait-timeout each, ${minutes(waitMs)} in all)`
        : `wait-timeout (${minutes(waitMs)})`;
    const advice = 'Ask for a longer session (configure-aws-credentials role-duration-seconds, within the role’s maximum session duration) or lower wait-timeout.';
    const expiration = credentials.expiration;
    if (expiration) {
        const left = expiration.getTime() - now;
        if (left >= waitMs)
            return undefined;
        return `the AWS credentials expire at ${expiration.toISOString()} (in ${minutes(left)}), before ${waitText} would end: a long rollout would then fail with expired credentials. ${advice}`;
    }
    // Long-term keys (no session token) do not expire.
    if (!credentials.sessionToken)
        return undefined;
    if (waitMs <= DEFAULT_SESSION_MS)
        return undefined;
    return `the AWS credentials are temporary (they have a session token) but their expiry is unknown, as when configure-aws-credentials exports them; such sessions last ${minutes(DEFAULT_SESSION_MS)} by default, less than ${waitText}: a long rollout would then fail with expired credentials. ${advice}`;
}


/***/ })

};
