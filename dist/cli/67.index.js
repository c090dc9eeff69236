export const id = 67;
export const ids = [67];
export const modules = {

/***/ 3067:
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
// EXTERNAL MODULE: ./src/ecs/render.ts
var render = __webpack_require__(3461);
// EXTERNAL MODULE: ./src/ecs/shape.ts
var shape = __webpack_require__(7248);
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
    const raw = (0,render/* dropNulls */.eX)(structuredClone(def));
    const o = {};
    // Only what a registration sets counts: the read-only fields of a revision (and anything the
    // API does not take) are left out.
    for (const key of shape/* REGISTER_KEYS */.nB)
        if (raw[key] !== undefined)
            o[key] = raw[key];
    // Tags are not part of a revision's content (describe only shows them on request).
    delete o['tags'];
    // ECS stores "1 vCPU" / "2 GB" as "1024" / "2048"; a file may have either form, or numbers.
    if (typeof o['cpu'] === 'number' || typeof o['cpu'] === 'string')
        o['cpu'] = (0,render/* taskCpu */.Oh)(String(o['cpu']));
    if (typeof o['memory'] === 'number' || typeof o['memory'] === 'string')
        o['memory'] = (0,render/* taskMemory */.HI)(String(o['memory']));
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

// EXTERNAL MODULE: ./src/ecs/watch.ts
var watch = __webpack_require__(8414);
;// CONCATENATED MODULE: ./src/ecs/deploy.ts



/** Services by the name the user gave, from as many DescribeServices calls (10 each) as needed. */
async function describeServices(ecs, cluster, services) {
    const found = new Map();
    for (let i = 0; i < services.length; i += 10) {
        const batch = services.slice(i, i + 10);
        const res = await ecs.describeServices({ cluster, services: batch });
        for (const name of batch) {
            const short = (0,watch/* shortName */.EU)(name);
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
    const candidates = [...new Set(running.filter((arn) => (0,watch/* revisionOf */.DT)(arn).startsWith(`${desired.family}:`)))];
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
            options.log(`${(0,watch/* revisionOf */.DT)(live.taskDefinitionArn)} is identical to the task definition file: reusing it`);
            return { arn: live.taskDefinitionArn, registered: false, why: [] };
        }
        const diff = differences(desired, live);
        options.log(`differs from ${(0,watch/* revisionOf */.DT)(live.taskDefinitionArn)} in: ${diff.join(', ')}`);
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
    options.log(`registered ${(0,watch/* revisionOf */.DT)(arn)}`);
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
        serviceName: (0,watch/* shortName */.EU)(service),
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
        serviceName: (0,watch/* shortName */.EU)(service),
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

// EXTERNAL MODULE: ./src/ecs/taskdef-file.ts
var taskdef_file = __webpack_require__(7192);
// EXTERNAL MODULE: ./src/runtime/aws.ts
var aws = __webpack_require__(4845);
;// CONCATENATED MODULE: ./src/commands/ecs-deploy.ts







async function run(inputs, host) {
    const { ECS } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(212)]).then(__webpack_require__.t.bind(__webpack_require__, 212, 19));
    const ecs = new ECS((0,aws/* clientConfig */.y)(inputs));
    return execute(inputs, { ecs, host, credentials: () => ecs.config.credentials() });
}
function snapshot(r, svc, t) {
    if (!svc)
        return;
    const dep = svc.deployments?.find((d) => d.id === t?.deploymentId) ?? (0,watch/* primaryDeployment */.sg)(svc);
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
            lines.push(`| ${cell(r.service)} | ${cell((0,watch/* revisionOf */.DT)(r.previousTaskDefinition))} | ${cell((0,watch/* revisionOf */.DT)(r.taskDefinition ?? arn))} | ${cell(r.deploymentId ?? '')} | ${cell(result)} |`);
        }
    }
    else {
        lines.push(`Task definition: ${(0,watch/* revisionOf */.DT)(arn)} (no service updated)`);
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
    host.log.info(`starting one-off task on ${(0,watch/* revisionOf */.DT)(arn)} (${where}) running ${what}`);
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
    host.log.info((0,watch/* describeStoppedTask */.us)(task));
    const outcome = (0,watch/* runTaskOutcome */.fJ)(task, essentialContainers(def));
    if (!outcome.ok) {
        throw new errors/* ReleaseError */.K2(`one-off task ${id} failed: ${outcome.problems.join('; ')}; the services were not updated`);
    }
    host.log.info(`one-off task ${id} succeeded: every essential container exited 0`);
}
/** Prints new stopped tasks of the tracked deployment; returns their descriptions. */
async function reportStopped(deps, cluster, t) {
    try {
        const tasks = (0,watch/* takeStoppedTasks */.rq)(await stoppedTasks(deps.ecs, cluster, t.service), t.deploymentId, t.seenStoppedTasks);
        const lines = tasks.map(watch/* describeStoppedTask */.us);
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
            for (const e of (0,watch/* takeNewEvents */.Xl)(svc, t.seenEvents))
                host.log.info(`${name}: ${(0,watch/* formatEvent */.qF)(e)}`);
            const dep = svc?.deployments?.find((d) => d.id === t.deploymentId);
            const verdict = (0,watch/* assess */.no)(svc, t);
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
                host.log.info(`${name}: stable on ${(0,watch/* revisionOf */.DT)(t.taskDefinitionArn)} (deployment ${t.deploymentId ?? '?'})`);
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
        const read = await (0,taskdef_file/* readTaskDefinitionFile */.BD)(inputs.taskDefinition);
        const dropped = (0,render/* droppedKeysWarning */.Fj)(read);
        if (dropped)
            host.log.warn(dropped);
        def = (0,render/* stripForRegister */.XP)(read);
    }
    catch (err) {
        if (err instanceof taskdef_file/* TaskDefFileError */.B4)
            throw new errors/* InputError */.dz('task-definition', err.message);
        throw err;
    }
    const images = def.containerDefinitions.map((c) => ({
        container: c.name,
        image: c.image ?? '',
        digest: (0,render/* parseImageRef */.Q)(c.image ?? '').digest,
    }));
    for (const i of images)
        if (!i.digest)
            host.log.warn(`container "${i.container}": image ${i.image} is not pinned by digest`);
    const waits = inputs.waitForServiceStability && inputs.services.length > 0;
    if ((waits || inputs.runTask) && deps.credentials) {
        try {
            // Both waits use the same credentials, one after the other.
            const warning = (0,watch/* credentialWarning */.aA)(await deps.credentials(), now(), {
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
            service: (0,watch/* shortName */.EU)(name),
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
                host.log.info(`dry run: would update ${name} from ${(0,watch/* revisionOf */.DT)(r.previousTaskDefinition)} to ${arn ? (0,watch/* revisionOf */.DT)(arn) : 'the new revision'}` +
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
                const t = (0,watch/* startTracking */.i1)(name, revision, res.service, services.get(name));
                const r = results.get(name);
                r.taskDefinition = revision;
                r.deploymentId = t.deploymentId;
                r.result = 'updated';
                snapshot(r, res.service, t);
                host.log.info(`${name}: ${(0,watch/* revisionOf */.DT)(r.previousTaskDefinition)} -> ${(0,watch/* revisionOf */.DT)(revision)}, deployment ${t.deploymentId ?? '?'}`);
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
