export const id = 939;
export const ids = [939];
export const modules = {

/***/ 7939:
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
// EXTERNAL MODULE: ./node_modules/dotenv/dist/index.cjs
var dist = __webpack_require__(8230);
var dist_default = /*#__PURE__*/__webpack_require__.n(dist);
;// CONCATENATED MODULE: ./src/ecs/artifacts.ts
/** One entry per container of the rendered definition, in the definition's order. */
function imageDefinitions(def) {
    return def.containerDefinitions
        .filter((c) => typeof c.image === 'string' && c.image !== '')
        .map((c) => ({ name: c.name, imageUri: c.image }));
}
/**
 * The imageDetail.json object for the container that CodeDeploy replaces: the named one, else the
 * only container whose image this render set, else the first essential container.
 */
function imageDetail(def, options = {}) {
    const byName = (name) => name ? def.containerDefinitions.find((c) => c.name === name) : undefined;
    const chosen = byName(options.container) ??
        (options.setImages?.length === 1 ? byName(options.setImages[0]) : undefined) ??
        def.containerDefinitions.find((c) => c.essential !== false) ??
        def.containerDefinitions[0];
    return { ImageURI: chosen?.image ?? '' };
}
/** The file text: pretty JSON with a final newline (CodePipeline parses it; people read it). */
function artifactText(value) {
    return `${JSON.stringify(value, null, 2)}\n`;
}

;// CONCATENATED MODULE: ./src/ecs/render.ts
/** Fields ECS adds to a registered revision; RegisterTaskDefinition refuses them. */
const READ_ONLY_FIELDS = [
    'taskDefinitionArn',
    'revision',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
    'deregisteredAt',
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
 * What RegisterTaskDefinition accepts: the read-only fields and nulls removed, and the task-level
 * cpu and memory as strings (the API types them so; a file often has numbers).
 */
function stripForRegister(def) {
    const copy = dropNulls({ ...def });
    for (const field of READ_ONLY_FIELDS)
        delete copy[field];
    for (const field of ['cpu', 'memory']) {
        if (typeof copy[field] === 'number')
            copy[field] = String(copy[field]);
    }
    return copy;
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
    if (req.cpu !== undefined) {
        if (def.cpu !== req.cpu)
            changes.push(`cpu ${def.cpu ?? '(none)'} -> ${req.cpu}`);
        def.cpu = req.cpu;
    }
    if (req.memory !== undefined) {
        if (def.memory !== req.memory)
            changes.push(`memory ${def.memory ?? '(none)'} -> ${req.memory}`);
        def.memory = req.memory;
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

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var yaml_dist = __webpack_require__(8815);
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
/** Parses file text: JSON for .json, YAML for .yml/.yaml, otherwise JSON first and YAML if that fails. */
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
            return (0,yaml_dist/* parse */.qg)(text);
        }
        catch (err) {
            throw new TaskDefFileError(`${fileName} is not valid YAML (${err.message.split('\n')[0]})`);
        }
    };
    if (ext === '.json')
        return asJson();
    if (ext === '.yml' || ext === '.yaml')
        return asYaml();
    try {
        return JSON.parse(text);
    }
    catch {
        return asYaml();
    }
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
        // No deployment to follow (e.g. no deployment list): fall back to the counts, as the AWS waiter does.
        return deployments.length <= 1 && countsMatch
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
 * Whether the credentials will outlive the wait. Only what the SDK's credential provider returned
 * is used: `expiration` (when the provider knows it) and `$source` (which provider it was).
 * Providers other than plain environment variables refresh themselves, so their expiry is no risk.
 */
function credentialWarning(credentials, now, waitMs) {
    const expiration = credentials?.expiration;
    if (!expiration)
        return undefined;
    const sources = Object.keys(credentials.$source ?? {});
    const refreshable = sources.length > 0 && sources.some((s) => s !== 'CREDENTIALS_ENV_VARS' && s !== 'CREDENTIALS_CODE');
    if (refreshable)
        return undefined;
    const left = expiration.getTime() - now;
    if (left >= waitMs)
        return undefined;
    const minutes = (ms) => `${Math.max(0, Math.floor(ms / 60000))} min`;
    return `the AWS credentials expire at ${expiration.toISOString()} (in ${minutes(left)}), before wait-timeout (${minutes(waitMs)}) would end: a long rollout would then fail with expired credentials. Ask for a longer session (configure-aws-credentials role-duration-seconds) or lower wait-timeout.`;
}

// EXTERNAL MODULE: ./src/runtime/aws.ts
var aws = __webpack_require__(4845);
// EXTERNAL MODULE: ./src/runtime/errors.ts
var errors = __webpack_require__(9541);
;// CONCATENATED MODULE: ./src/commands/ecs-render.ts










async function run(inputs, host) {
    let ecs;
    if (inputs.source.kind === 'family') {
        const { ECS } = await __webpack_require__.e(/* import() */ 212).then(__webpack_require__.t.bind(__webpack_require__, 212, 19));
        ecs = new ECS((0,aws/* clientConfig */.y)(inputs.source.aws));
    }
    return execute(inputs, { host, ecs });
}
/** The live task definition: the family's latest revision, or the one the service runs now. */
async function fetchLive(source, deps) {
    const ecs = deps.ecs;
    if (!ecs)
        throw new Error('BUG: ECS client missing for task-definition-family');
    let ref = source.family;
    if (source.service) {
        const res = await ecs.describeServices({ cluster: source.cluster, services: [source.service] });
        const svc = res.services?.[0];
        if (!svc || svc.status === 'INACTIVE') {
            throw new errors/* ReleaseError */.K2(`service ${source.service} was not found in cluster ${source.cluster}`);
        }
        ref = svc.taskDefinition ?? '';
        if (!ref.includes(`task-definition/${source.family}:`)) {
            throw new errors/* ReleaseError */.K2(`service ${source.service} runs ${revisionOf(ref)}, not a revision of family ${source.family}`);
        }
    }
    try {
        const res = await ecs.describeTaskDefinition({ taskDefinition: ref, include: ['TAGS'] });
        deps.host.log.info(`starting from ${revisionOf(res.taskDefinition?.taskDefinitionArn)}`);
        return toTaskDefinition({ taskDefinition: res.taskDefinition, tags: res.tags }, revisionOf(ref));
    }
    catch (err) {
        // ECS answers ClientException for a family that does not exist.
        if (err.name === 'ClientException') {
            throw new errors/* InputError */.dz('task-definition-family', `no task definition ${ref} in ECS (${err.message})`);
        }
        throw err;
    }
}
/** env-file first, then environment-variables, so that an explicit line overrides the file. */
async function environmentPairs(inputs) {
    const pairs = [];
    if (inputs.envFile) {
        const parsed = dist_default().parse(await (0,promises_.readFile)(inputs.envFile));
        for (const [key, value] of Object.entries(parsed))
            pairs.push({ key, value });
    }
    return pairs.concat(inputs.environment);
}
async function writeOut(path, text) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
    await (0,promises_.writeFile)(path, text);
}
async function execute(inputs, deps) {
    const { host } = deps;
    let source;
    try {
        source =
            inputs.source.kind === 'file'
                ? await readTaskDefinitionFile(inputs.source.path, { requireImages: false })
                : await fetchLive(inputs.source, deps);
    }
    catch (err) {
        if (err instanceof TaskDefFileError)
            throw new errors/* InputError */.dz('task-definition', err.message);
        throw err;
    }
    // An image given without container-name goes to the only container there is.
    const names = source.containerDefinitions.map((c) => c.name);
    const images = inputs.images.map(({ container, image }) => {
        if (container)
            return { container, image };
        if (names.length === 1)
            return { container: names[0], image };
        throw new errors/* InputError */.dz('container-name', `is required with image when the task definition has several containers (${names.join(', ')})`);
    });
    let result;
    try {
        result = renderTaskDefinition(source, {
            images,
            container: inputs.containerName,
            environment: await environmentPairs(inputs),
            secrets: inputs.secrets,
            dockerLabels: inputs.dockerLabels,
            cpu: inputs.cpu,
            memory: inputs.memory,
        });
    }
    catch (err) {
        if (err instanceof RenderError)
            throw new errors/* InputError */.dz(err.input, err.message);
        throw err;
    }
    for (const w of result.warnings)
        host.log.warn(w);
    for (const c of result.changes)
        host.log.info(c);
    if (result.changes.length === 0)
        host.log.info('nothing to change: the task definition is written as read (read-only fields removed)');
    const def = result.taskDefinition;
    const out = inputs.outputFile ?? (0,external_node_path_.join)(await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'ecs-render-')), `task-definition-${def.family}.json`);
    await writeOut(out, artifactText(def));
    host.log.info(`task definition (family ${def.family}, ${def.containerDefinitions.length} container(s)) written to ${out}`);
    if (inputs.imagedefinitionsFile) {
        await writeOut(inputs.imagedefinitionsFile, artifactText(imageDefinitions(def)));
        host.log.info(`imagedefinitions.json written to ${inputs.imagedefinitionsFile}`);
    }
    if (inputs.imageDetailFile) {
        const detail = imageDetail(def, { container: inputs.containerName, setImages: images.map((i) => i.container) });
        await writeOut(inputs.imageDetailFile, artifactText(detail));
        host.log.info(`imageDetail.json (${detail.ImageURI}) written to ${inputs.imageDetailFile}`);
    }
    return {
        'task-definition': out,
        'imagedefinitions-file': inputs.imagedefinitionsFile ?? '',
        'image-detail-file': inputs.imageDetailFile ?? '',
    };
}


/***/ })

};
