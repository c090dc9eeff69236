export const id = 350;
export const ids = [350];
export const modules = {

/***/ 7350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute),
  oneOffPlan: () => (/* binding */ oneOffPlan),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
;// CONCATENATED MODULE: ./src/ecs/shape.ts
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

;// CONCATENATED MODULE: ./src/ecs/render.ts

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
        if (!REGISTER_KEYS.includes(key))
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
    const unknown = unknownKeys(def, READ_ONLY_FIELDS);
    if (unknown.length === 0)
        return undefined;
    return `the task definition has ${unknown.length === 1 ? 'a key' : 'keys'} RegisterTaskDefinition does not take, left out: ${unknown.join(', ')} (check the spelling; the API takes ${REGISTER_KEYS.join(', ')})`;
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

;// CONCATENATED MODULE: ./src/ecs/normalize.ts
/**
 * Deciding whether a task definition is the same as a registered revision. ECS returns a revision
 * with defaults filled in (cpu 0, essential true, empty lists, protocol tcp, ...), so both sides are
 * brought to one canonical form first. Anything this does not know about counts as a difference:
 * the worst outcome is a revision registered when it was not strictly needed.
 */


const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Drops empty lists and empty objects at every depth (ECS fills them in; files leave them out). */
function dropEmpty(value) {
    if (Array.isArray(value)) {
        const items = value.map(dropEmpty).filter((v) => v !== undefined);
        return items.length ? items : undefined;
    }
    if (isObj(value)) {
        const out = {};
        for (const [k, v] of Object.entries(value)) {
            const kept = dropEmpty(v);
            if (kept !== undefined)
                out[k] = kept;
        }
        return Object.keys(out).length ? out : undefined;
    }
    return value;
}
const byName = (a, b) => {
    const an = isObj(a) ? String(a['name'] ?? '') : '';
    const bn = isObj(b) ? String(b['name'] ?? '') : '';
    return an < bn ? -1 : an > bn ? 1 : 0;
};
/** Removes a field when it holds the value ECS would fill in anyway. */
function dropDefault(o, key, value) {
    if (o[key] === value)
        delete o[key];
}
function normalizeContainer(c, networkMode) {
    const out = { ...c };
    dropDefault(out, 'cpu', 0);
    dropDefault(out, 'essential', true);
    dropDefault(out, 'versionConsistency', 'enabled');
    for (const key of ['environment', 'secrets', 'environmentFiles', 'ulimits', 'systemControls']) {
        const list = out[key];
        if (Array.isArray(list))
            out[key] = [...list].sort(byName);
    }
    const ports = out['portMappings'];
    if (Array.isArray(ports)) {
        out['portMappings'] = ports.map((p) => {
            if (!isObj(p))
                return p;
            const port = { ...p };
            if (port['protocol'] === undefined)
                port['protocol'] = 'tcp';
            // In awsvpc and host mode the host port is the container port; ECS fills it in.
            if (port['hostPort'] === undefined && (networkMode === 'awsvpc' || networkMode === 'host')) {
                port['hostPort'] = port['containerPort'] ?? null;
            }
            dropDefault(port, 'hostPort', 0);
            return port;
        });
    }
    const health = out['healthCheck'];
    if (isObj(health)) {
        out['healthCheck'] = { interval: 30, timeout: 5, retries: 3, ...health };
        dropDefault(out['healthCheck'], 'startPeriod', 0);
    }
    return out;
}
/** The canonical form of a task definition, for comparison only (never registered). */
function normalizeForCompare(def) {
    const raw = dropNulls(structuredClone(def));
    const o = {};
    // Only what a registration sets counts: the read-only fields of a revision (and anything the
    // API does not take) are left out.
    for (const key of REGISTER_KEYS)
        if (raw[key] !== undefined)
            o[key] = raw[key];
    // Tags are not part of a revision's content (describe only shows them on request).
    delete o['tags'];
    // ECS stores "1 vCPU" / "2 GB" as "1024" / "2048"; a file may have either form, or numbers.
    if (typeof o['cpu'] === 'number' || typeof o['cpu'] === 'string')
        o['cpu'] = taskCpu(String(o['cpu']));
    if (typeof o['memory'] === 'number' || typeof o['memory'] === 'string')
        o['memory'] = taskMemory(String(o['memory']));
    const compat = Array.isArray(o['requiresCompatibilities']) ? o['requiresCompatibilities'] : [];
    o['requiresCompatibilities'] = [...compat].map(String).sort();
    // The default network mode: awsvpc is required on Fargate, bridge is the EC2 default.
    if (o['networkMode'] === undefined)
        o['networkMode'] = compat.includes('FARGATE') ? 'awsvpc' : 'bridge';
    dropDefault(o, 'enableFaultInjection', false);
    const networkMode = String(o['networkMode']);
    const containers = Array.isArray(o['containerDefinitions']) ? o['containerDefinitions'] : [];
    o['containerDefinitions'] = containers.map((c) => (isObj(c) ? normalizeContainer(c, networkMode) : c)).sort(byName);
    const volumes = o['volumes'];
    if (Array.isArray(volumes)) {
        o['volumes'] = volumes
            .map((v) => {
            if (!isObj(v) || !isObj(v['efsVolumeConfiguration']))
                return v;
            const efs = { rootDirectory: '/', ...v['efsVolumeConfiguration'] };
            return { ...v, efsVolumeConfiguration: efs };
        })
            .sort(byName);
    }
    return dropEmpty(o) ?? {};
}
/** JSON with object keys sorted, so that equal structures give equal strings. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (isObj(value)) {
        const keys = Object.keys(value).sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
function sameTaskDefinition(a, b) {
    return canonicalJson(normalizeForCompare(a)) === canonicalJson(normalizeForCompare(b));
}
/**
 * Where two task definitions differ, as readable paths (containerDefinitions[web].image), for the
 * log line that says why a new revision is registered. At most `limit` paths.
 */
function differences(a, b, limit = 10) {
    const out = [];
    const walk = (x, y, path) => {
        if (out.length >= limit)
            return;
        if (x === undefined || y === undefined || typeof x !== typeof y || Array.isArray(x) !== Array.isArray(y)) {
            if (canonicalJson(x ?? null) !== canonicalJson(y ?? null))
                out.push(path || '(root)');
            return;
        }
        if (Array.isArray(x) && Array.isArray(y)) {
            const named = [...x, ...y].every((e) => isObj(e) && typeof e['name'] === 'string');
            if (named) {
                const names = [...new Set([...x, ...y].map((e) => String(e['name'])))];
                for (const n of names) {
                    const xe = x.find((e) => e['name'] === n);
                    const ye = y.find((e) => e['name'] === n);
                    walk(xe, ye, `${path}[${n}]`);
                }
            }
            else if (canonicalJson(x) !== canonicalJson(y)) {
                out.push(path);
            }
            return;
        }
        if (isObj(x) && isObj(y)) {
            for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
                walk(x[k], y[k], path ? `${path}.${k}` : k);
            }
            return;
        }
        if (x !== y)
            out.push(path || '(root)');
    };
    walk(normalizeForCompare(a), normalizeForCompare(b), '');
    return out;
}

;// CONCATENATED MODULE: ./src/ecs/watch.ts
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

;// CONCATENATED MODULE: ./src/ecs/deploy.ts



/** Services by the name the user gave, from as many DescribeServices calls (10 each) as needed. */
async function describeServices(ecs, cluster, services) {
    const found = new Map();
    for (let i = 0; i < services.length; i += 10) {
        const batch = services.slice(i, i + 10);
        const res = await ecs.describeServices({ cluster, services: batch });
        for (const name of batch) {
            const short = shortName(name);
            found.set(name, res.services?.find((s) => s.serviceName === short || s.serviceArn === name));
        }
    }
    return found;
}
/** Refuses services that cannot take a task definition update from here, with what to do instead. */
function checkDeployable(name, cluster, svc) {
    if (!svc || svc.status === 'INACTIVE')
        throw new errors/* ReleaseError */.K2(`service ${name} was not found in cluster ${cluster}`);
    if (svc.status === 'DRAINING')
        throw new errors/* ReleaseError */.K2(`service ${name} in cluster ${cluster} is being deleted (DRAINING)`);
    const controller = svc.deploymentController?.type ?? 'ECS';
    if (controller === 'CODE_DEPLOY') {
        throw new errors/* ReleaseError */.K2(`service ${name} uses the CODE_DEPLOY deployment controller (blue/green); deploy it through CodeDeploy, e.g. CodePipeline's "Amazon ECS (Blue/Green)" action fed by ecs-render's image-detail-file`);
    }
    if (controller === 'EXTERNAL') {
        throw new errors/* ReleaseError */.K2(`service ${name} uses the EXTERNAL deployment controller; its task sets are not managed here`);
    }
    return svc;
}
/**
 * Reuses a revision identical to the desired definition (one a service runs now, or the family's
 * latest), else registers a new one. Re-running a deploy therefore registers nothing.
 */
async function chooseRevision(ecs, desired, running, options) {
    const candidates = [...new Set(running.filter((arn) => revisionOf(arn).startsWith(`${desired.family}:`)))];
    candidates.push(desired.family);
    let closest;
    const looked = new Set();
    for (const ref of candidates) {
        let live;
        try {
            live = (await ecs.describeTaskDefinition({ taskDefinition: ref })).taskDefinition;
        }
        catch (err) {
            // The family has no revision yet (ECS says ClientException), or a revision was deleted.
            if (err.name === 'ClientException')
                continue;
            throw err;
        }
        if (!live?.taskDefinitionArn || looked.has(live.taskDefinitionArn))
            continue;
        looked.add(live.taskDefinitionArn);
        if (live.status !== 'ACTIVE')
            continue;
        if (sameTaskDefinition(desired, live)) {
            options.log(`${revisionOf(live.taskDefinitionArn)} is identical to the task definition file: reusing it`);
            return { arn: live.taskDefinitionArn, registered: false, why: [] };
        }
        const diff = differences(desired, live);
        options.log(`differs from ${revisionOf(live.taskDefinitionArn)} in: ${diff.join(', ')}`);
        closest ??= diff;
    }
    const why = closest ?? ['no revision of this family exists yet'];
    if (options.dryRun) {
        options.log(`dry run: would register a new revision of ${desired.family}`);
        return { registered: true, why };
    }
    const res = await ecs.registerTaskDefinition(desired);
    const arn = res.taskDefinition?.taskDefinitionArn;
    if (!arn)
        throw new errors/* ReleaseError */.K2('RegisterTaskDefinition returned no ARN');
    options.log(`registered ${revisionOf(arn)}`);
    return { arn, registered: true, why };
}
/** The network mode a task definition ends up with (ECS's defaults when it says nothing). */
function networkModeOf(def) {
    const compat = Array.isArray(def['requiresCompatibilities']) ? def['requiresCompatibilities'] : [];
    return typeof def['networkMode'] === 'string' ? def['networkMode'] : compat.includes('FARGATE') ? 'awsvpc' : 'bridge';
}
/** Containers that must exit 0 for a one-off task to count as a success. */
function essentialContainers(def) {
    return def.containerDefinitions.filter((c) => c.essential !== false).map((c) => c.name);
}
/** Starts the one-off task and returns its ARN; RunTask's failures become one clear error. */
async function startOneOff(ecs, cluster, arn, plan) {
    const res = await ecs.runTask({
        cluster,
        taskDefinition: arn,
        count: 1,
        startedBy: 'aws-release-kit',
        ...(plan.launchType ? { launchType: plan.launchType } : {}),
        ...(plan.capacityProviderStrategy?.length ? { capacityProviderStrategy: plan.capacityProviderStrategy } : {}),
        ...(plan.awsvpc ? { networkConfiguration: { awsvpcConfiguration: plan.awsvpc } } : {}),
        ...(plan.command && plan.container
            ? { overrides: { containerOverrides: [{ name: plan.container, command: plan.command }] } }
            : {}),
    });
    const task = res.tasks?.[0];
    if (!task?.taskArn) {
        const reasons = (res.failures ?? []).map((f) => `${f.reason ?? '?'}${f.detail ? ` (${f.detail})` : ''}`);
        throw new errors/* ReleaseError */.K2(`the one-off task did not start: ${reasons.join('; ') || 'RunTask returned no task'}; the services were not updated`);
    }
    return task.taskArn;
}
async function describeTask(ecs, cluster, arn) {
    return (await ecs.describeTasks({ cluster, tasks: [arn] })).tasks?.[0];
}
/** Stopped tasks of a service (ECS keeps them listed for about an hour), described. */
async function stoppedTasks(ecs, cluster, service) {
    const list = await ecs.listTasks({
        cluster,
        serviceName: shortName(service),
        desiredStatus: 'STOPPED',
        maxResults: 100,
    });
    const arns = list.taskArns ?? [];
    if (arns.length === 0)
        return [];
    return (await ecs.describeTasks({ cluster, tasks: arns })).tasks ?? [];
}
/** The image digests a service's running tasks of one revision report, by container name. */
async function runningDigests(ecs, cluster, service, arn) {
    const digests = new Map();
    const list = await ecs.listTasks({
        cluster,
        serviceName: shortName(service),
        desiredStatus: 'RUNNING',
        maxResults: 10,
    });
    if (!list.taskArns?.length)
        return digests;
    const tasks = (await ecs.describeTasks({ cluster, tasks: list.taskArns })).tasks ?? [];
    for (const t of tasks) {
        if (t.taskDefinitionArn !== arn)
            continue;
        for (const c of t.containers ?? [])
            if (c.name && c.imageDigest)
                digests.set(c.name, c.imageDigest);
    }
    return digests;
}

;// CONCATENATED MODULE: ./src/ecs/health.ts
/** The post-deploy health check: poll a URL until it answers 2xx, within its own deadline. */

/** Returns the number of requests it took; throws ReleaseError with the last answer at the deadline. */
async function waitForHealthy(url, o) {
    const doFetch = o.fetchImpl ?? fetch;
    const deadline = o.now() + o.timeoutMs;
    let last = '';
    for (let attempt = 1;; attempt++) {
        const left = deadline - o.now();
        try {
            const res = await doFetch(url, {
                redirect: 'follow',
                signal: AbortSignal.timeout(Math.max(1000, Math.min(o.requestTimeoutMs ?? 10000, left))),
                headers: { 'user-agent': 'aws-release-kit health check' },
            });
            // The body is not needed, but reading it frees the connection.
            await res.arrayBuffer().catch(() => undefined);
            if (res.status >= 200 && res.status < 300) {
                o.log(`health check ${url}: HTTP ${res.status} after ${attempt} request(s)`);
                return attempt;
            }
            last = `HTTP ${res.status}`;
        }
        catch (err) {
            const cause = err.cause;
            last = cause?.code ?? cause?.message ?? err.message;
        }
        if (attempt === 1 || attempt % 5 === 0)
            o.log(`health check ${url}: ${last}; retrying`);
        const wait = Math.min(o.intervalMs, deadline - o.now());
        if (wait <= 0) {
            throw new errors/* ReleaseError */.K2(`health check ${url} did not answer 2xx within ${Math.round(o.timeoutMs / 1000)} s (last: ${last})`);
        }
        await o.sleep(wait);
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/ecs/taskdef-file.ts
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
    const doc = (0,dist/* parseDocument */.Tp)(text);
    const error = doc.errors[0];
    if (error)
        throw error;
    (0,dist/* visit */.YR)(doc, {
        Scalar(key, node) {
            if (!(0,dist/* isScalar */.jn)(node) || node.type !== 'PLAIN' || node.source === undefined)
                return;
            if (typeof node.value !== 'number' && typeof node.value !== 'boolean')
                return;
            node.value = key === 'key' ? node.source : new SourceScalar(node.value, node.source);
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
    const ext = (0,external_node_path_.extname)(fileName).toLowerCase();
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
        return conformDocument(asJson());
    if (ext === '.yml' || ext === '.yaml')
        return conformDocument(asYaml());
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        parsed = asYaml();
    }
    return conformDocument(parsed);
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
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (err) {
        throw new TaskDefFileError(`cannot read ${path} (${err.code ?? err.message})`);
    }
    if (text.trim() === '')
        throw new TaskDefFileError(`${path} is empty`);
    return toTaskDefinition(parseDocument(text, path), path, options);
}

// EXTERNAL MODULE: ./src/runtime/aws.ts
var aws = __webpack_require__(4845);
;// CONCATENATED MODULE: ./src/commands/ecs-deploy.ts







async function run(inputs, host) {
    const { ECS } = await __webpack_require__.e(/* import() */ 212).then(__webpack_require__.t.bind(__webpack_require__, 212, 19));
    const ecs = new ECS((0,aws/* clientConfig */.y)(inputs));
    return execute(inputs, { ecs, host, credentials: () => ecs.config.credentials() });
}
function snapshot(r, svc, t) {
    if (!svc)
        return;
    const dep = svc.deployments?.find((d) => d.id === t?.deploymentId) ?? primaryDeployment(svc);
    r.rolloutState = dep?.rolloutState;
    r.runningCount = svc.runningCount;
    r.desiredCount = svc.desiredCount;
    r.failedTasks = dep?.failedTasks;
}
function duration(ms) {
    const s = Math.round(ms / 1000);
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}
const cell = (s) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
function summaryMarkdown(results, images, arn, ms, outcome) {
    const lines = [`### ECS deploy: ${outcome}`, ''];
    if (results.length) {
        lines.push('| Service | Old revision | New revision | Deployment | Result |', '| --- | --- | --- | --- | --- |');
        for (const r of results) {
            const result = r.reason ? `${r.result}: ${r.reason}` : r.result;
            lines.push(`| ${cell(r.service)} | ${cell(revisionOf(r.previousTaskDefinition))} | ${cell(revisionOf(r.taskDefinition ?? arn))} | ${cell(r.deploymentId ?? '')} | ${cell(result)} |`);
        }
    }
    else {
        lines.push(`Task definition: ${revisionOf(arn)} (no service updated)`);
    }
    lines.push('', '| Container | Image | Digest |', '| --- | --- | --- |');
    for (const i of images)
        lines.push(`| ${cell(i.container)} | ${cell(i.image)} | ${cell(i.digest ?? 'not pinned')} |`);
    lines.push('', `Duration: ${duration(ms)}`, '');
    return lines.join('\n');
}
/** Launch type and network for the one-off task: the inputs, else what the first service uses. */
function oneOffPlan(inputs, def, first) {
    const rt = inputs.runTask;
    if (!rt)
        return {};
    const essential = essentialContainers(def);
    const container = rt.container ?? essential[0] ?? def.containerDefinitions[0]?.name;
    if (rt.container && !def.containerDefinitions.some((c) => c.name === rt.container)) {
        const names = def.containerDefinitions.map((c) => c.name).join(', ');
        throw new errors/* InputError */.dz('run-task-container', `the task definition has no container "${rt.container}"; its containers are: ${names}`);
    }
    const plan = { container, command: rt.command };
    if (rt.launchType)
        plan.launchType = rt.launchType;
    else if (first?.capacityProviderStrategy?.length)
        plan.capacityProviderStrategy = first.capacityProviderStrategy;
    else if (first?.launchType)
        plan.launchType = first.launchType;
    const serviceNet = first?.networkConfiguration?.awsvpcConfiguration;
    if (rt.subnets.length) {
        plan.awsvpc = {
            subnets: rt.subnets,
            ...(rt.securityGroups.length ? { securityGroups: rt.securityGroups } : {}),
            assignPublicIp: rt.assignPublicIp ? 'ENABLED' : 'DISABLED',
        };
    }
    else if (serviceNet?.subnets?.length) {
        plan.awsvpc = {
            subnets: serviceNet.subnets,
            securityGroups: rt.securityGroups.length ? rt.securityGroups : serviceNet.securityGroups,
            assignPublicIp: rt.assignPublicIp ? 'ENABLED' : (serviceNet.assignPublicIp ?? 'DISABLED'),
        };
    }
    else if (networkModeOf(def) === 'awsvpc') {
        throw new errors/* InputError */.dz('run-task-subnets', 'is required: the task definition uses awsvpc networking and no service gives a network configuration to copy');
    }
    return plan;
}
/** Runs the one-off task and waits for it to stop; throws unless every essential container exited 0. */
async function runOneOff(inputs, deps, arn, def, plan, now) {
    const { ecs, host } = deps;
    const what = plan.command ? `${plan.container}: ${plan.command.join(' ')}` : 'the image’s own command';
    const where = plan.launchType ?? (plan.capacityProviderStrategy ? 'capacity providers' : 'cluster default');
    host.log.info(`starting one-off task on ${revisionOf(arn)} (${where}) running ${what}`);
    const taskArn = await startOneOff(ecs, inputs.cluster, arn, plan);
    const id = taskArn.split('/').pop();
    host.log.info(`one-off task ${id} started`);
    const deadline = now() + inputs.waitTimeout * 60_000;
    let status = '';
    let task;
    for (;;) {
        task = await describeTask(ecs, inputs.cluster, taskArn);
        const next = task?.lastStatus ?? 'UNKNOWN';
        if (next !== status)
            host.log.info(`one-off task ${id}: ${next}`);
        status = next;
        if (status === 'STOPPED')
            break;
        if (now() >= deadline) {
            throw new errors/* ReleaseError */.K2(`one-off task ${id} is still ${status} after ${inputs.waitTimeout} min (wait-timeout); it was left running and the services were not updated`);
        }
        await host.sleep(Math.min(inputs.pollInterval * 1000, Math.max(0, deadline - now())));
    }
    if (!task)
        throw new errors/* ReleaseError */.K2(`one-off task ${id} disappeared`);
    host.log.info(describeStoppedTask(task));
    const outcome = runTaskOutcome(task, essentialContainers(def));
    if (!outcome.ok) {
        throw new errors/* ReleaseError */.K2(`one-off task ${id} failed: ${outcome.problems.join('; ')}; the services were not updated`);
    }
    host.log.info(`one-off task ${id} succeeded: every essential container exited 0`);
}
/** Prints new stopped tasks of the tracked deployment; returns their descriptions. */
async function reportStopped(deps, cluster, t) {
    try {
        const tasks = takeStoppedTasks(await stoppedTasks(deps.ecs, cluster, t.service), t.deploymentId, t.seenStoppedTasks);
        const lines = tasks.map(describeStoppedTask);
        for (const l of lines)
            deps.host.log.warn(`${t.service}: ${l}`);
        return lines;
    }
    catch (err) {
        // Diagnostics must never hide the real outcome.
        deps.host.log.debug(`could not list stopped tasks of ${t.service}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        return [];
    }
}
/**
 * Polls every pending service until all are stable. Fails at the first poll that shows a FAILED
 * rollout, a replaced (rolled back) deployment or failed tasks past the circuit-breaker threshold.
 */
async function waitForStability(inputs, deps, trackers, results, now) {
    const { host } = deps;
    const deadline = now() + inputs.waitTimeout * 60_000;
    const pending = new Map(trackers.map((t) => [t.service, t]));
    const lastProgress = new Map();
    const stoppedLines = new Map();
    for (;;) {
        const snap = await describeServices(deps.ecs, inputs.cluster, [...pending.keys()]);
        const failures = [];
        for (const [name, t] of pending) {
            const svc = snap.get(name);
            const result = results.get(name);
            snapshot(result, svc, t);
            for (const e of takeNewEvents(svc, t.seenEvents))
                host.log.info(`${name}: ${formatEvent(e)}`);
            const dep = svc?.deployments?.find((d) => d.id === t.deploymentId);
            const verdict = assess(svc, t);
            const failedNow = dep?.failedTasks ?? 0;
            if (failedNow > t.failedTasks || verdict.state === 'failed') {
                t.failedTasks = Math.max(t.failedTasks, failedNow);
                stoppedLines.set(name, [...(stoppedLines.get(name) ?? []), ...(await reportStopped(deps, inputs.cluster, t))]);
            }
            if (verdict.state === 'failed') {
                result.result = 'failed';
                result.reason = verdict.reason;
                const tasks = stoppedLines.get(name) ?? [];
                const recent = (svc?.events ?? []).slice(0, 3).map((e) => e.message ?? '');
                failures.push(`service ${name}: ${verdict.reason}` +
                    (tasks.length ? `; stopped tasks: ${tasks.slice(-3).join(' | ')}` : '') +
                    (recent.length ? `; latest events: ${recent.join(' | ')}` : ''));
            }
            else if (verdict.state === 'stable') {
                result.result = 'stable';
                pending.delete(name);
                host.log.info(`${name}: stable on ${revisionOf(t.taskDefinitionArn)} (deployment ${t.deploymentId ?? '?'})`);
                if (verdict.note)
                    host.log.warn(`${name}: ${verdict.note}`);
            }
            else if (lastProgress.get(name) !== verdict.progress) {
                lastProgress.set(name, verdict.progress);
                host.log.info(`${name}: ${verdict.progress}`);
            }
        }
        if (failures.length)
            throw new errors/* ReleaseError */.K2(failures.join('\n'));
        if (pending.size === 0)
            return;
        if (now() >= deadline) {
            for (const name of pending.keys()) {
                const r = results.get(name);
                r.result = 'timeout';
                r.reason = lastProgress.get(name);
            }
            throw new errors/* ReleaseError */.K2(`not stable within ${inputs.waitTimeout} min (wait-timeout): ${[...pending.keys()]
                .map((n) => `service ${n} (deployment ${pending.get(n)?.deploymentId ?? '?'}): ${lastProgress.get(n) ?? 'no progress'}`)
                .join('; ')}. ECS goes on with the rollout; check the service events.`);
        }
        await host.sleep(Math.min(inputs.pollInterval * 1000, Math.max(0, deadline - now())));
    }
}
async function execute(inputs, deps) {
    const { ecs, host } = deps;
    const now = deps.now ?? Date.now;
    const started = now();
    let def;
    try {
        const read = await readTaskDefinitionFile(inputs.taskDefinition);
        const dropped = droppedKeysWarning(read);
        if (dropped)
            host.log.warn(dropped);
        def = stripForRegister(read);
    }
    catch (err) {
        if (err instanceof TaskDefFileError)
            throw new errors/* InputError */.dz('task-definition', err.message);
        throw err;
    }
    const images = def.containerDefinitions.map((c) => ({
        container: c.name,
        image: c.image ?? '',
        digest: parseImageRef(c.image ?? '').digest,
    }));
    for (const i of images)
        if (!i.digest)
            host.log.warn(`container "${i.container}": image ${i.image} is not pinned by digest`);
    const waits = inputs.waitForServiceStability && inputs.services.length > 0;
    if ((waits || inputs.runTask) && deps.credentials) {
        try {
            // Both waits use the same credentials, one after the other.
            const warning = credentialWarning(await deps.credentials(), now(), {
                runTaskMs: inputs.runTask ? inputs.waitTimeout * 60_000 : 0,
                servicesMs: waits ? inputs.waitTimeout * 60_000 : 0,
            });
            if (warning)
                host.log.warn(warning);
        }
        catch (err) {
            host.log.debug(`could not read the credential expiry: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
    // Every service is checked before anything changes.
    const before = await describeServices(ecs, inputs.cluster, inputs.services);
    const services = new Map();
    for (const name of inputs.services)
        services.set(name, checkDeployable(name, inputs.cluster, before.get(name)));
    const results = new Map(inputs.services.map((name) => [
        name,
        {
            service: shortName(name),
            cluster: inputs.cluster,
            previousTaskDefinition: services.get(name)?.taskDefinition,
            result: 'not-updated',
        },
    ]));
    const first = inputs.services[0] ? services.get(inputs.services[0]) : undefined;
    // Settled before the first change, since a missing subnet is an input problem.
    const plan = oneOffPlan(inputs, def, first);
    let arn;
    let outcome = 'failed';
    try {
        const choice = await host.log.group(`Task definition ${def.family}`, () => chooseRevision(ecs, def, [...services.values()].map((s) => s.taskDefinition ?? ''), { dryRun: inputs.dryRun, log: (m) => host.log.info(m) }));
        arn = choice.arn;
        if (inputs.dryRun) {
            if (inputs.runTask)
                host.log.info(`dry run: would run a one-off task (${plan.command?.join(' ') ?? 'image command'}) and wait for it`);
            for (const [name, r] of results) {
                r.result = 'dry-run';
                r.taskDefinition = arn;
                host.log.info(`dry run: would update ${name} from ${revisionOf(r.previousTaskDefinition)} to ${arn ? revisionOf(arn) : 'the new revision'}` +
                    `${inputs.forceNewDeployment ? ' (forced new deployment)' : ''}${inputs.desiredCount !== undefined ? `, desired count ${inputs.desiredCount}` : ''}`);
            }
            outcome = 'dry run';
            return outputs(arn, [...results.values()]);
        }
        const revision = arn;
        if (inputs.runTask) {
            await host.log.group('One-off task', () => runOneOff(inputs, deps, revision, def, plan, now));
        }
        const trackers = await host.log.group('Update services', async () => {
            const settled = await Promise.allSettled(inputs.services.map(async (name) => {
                const res = await ecs.updateService({
                    cluster: inputs.cluster,
                    service: name,
                    taskDefinition: revision,
                    ...(inputs.forceNewDeployment ? { forceNewDeployment: true } : {}),
                    ...(inputs.desiredCount !== undefined ? { desiredCount: inputs.desiredCount } : {}),
                });
                const t = startTracking(name, revision, res.service, services.get(name));
                const r = results.get(name);
                r.taskDefinition = revision;
                r.deploymentId = t.deploymentId;
                r.result = 'updated';
                snapshot(r, res.service, t);
                host.log.info(`${name}: ${revisionOf(r.previousTaskDefinition)} -> ${revisionOf(revision)}, deployment ${t.deploymentId ?? '?'}`);
                return t;
            }));
            const failed = settled.flatMap((s, i) => s.status === 'rejected' ? [`${inputs.services[i]}: ${(0,errors/* errorMessage */.gJ)(s.reason)}`] : []);
            if (failed.length) {
                throw new errors/* ReleaseError */.K2(`UpdateService failed for ${failed.join('; ')}${failed.length < settled.length ? ' (the other services were updated)' : ''}`);
            }
            return settled.map((s) => s.value);
        });
        if (waits) {
            await host.log.group('Wait for stability', () => waitForStability(inputs, deps, trackers, results, now));
        }
        if (inputs.healthCheckUrl) {
            const url = inputs.healthCheckUrl;
            await host.log.group('Health check', () => waitForHealthy(url, {
                timeoutMs: inputs.healthCheckTimeout * 1000,
                intervalMs: Math.min(inputs.pollInterval * 1000, 5000),
                now,
                sleep: (ms) => host.sleep(ms),
                log: (m) => host.log.info(m),
                fetchImpl: deps.fetchImpl,
            }));
        }
        // Tags resolve to digests only once tasks run them; the summary shows what really runs.
        if (waits && first && images.some((i) => !i.digest)) {
            try {
                const digests = await runningDigests(ecs, inputs.cluster, inputs.services[0], revision);
                for (const i of images)
                    i.digest ??= digests.get(i.container);
            }
            catch (err) {
                host.log.debug(`could not read running image digests: ${(0,errors/* errorMessage */.gJ)(err)}`);
            }
        }
        outcome = waits ? 'succeeded' : 'updated (not waited for)';
        return outputs(arn, [...results.values()]);
    }
    finally {
        try {
            await host.summary(summaryMarkdown([...results.values()], images, arn, now() - started, outcome));
        }
        catch (err) {
            // A summary that cannot be written must not hide how the deploy went.
            host.log.warn(`could not write the job summary: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
}
function outputs(arn, results) {
    return {
        'task-definition-arn': arn ?? '',
        'deployment-id': results.map((r) => r.deploymentId ?? '').join(','),
        services: JSON.stringify(results),
    };
}


/***/ })

};
