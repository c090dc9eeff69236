import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 7025:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  B: () => (/* binding */ ecsDeploy)
});

// UNUSED EXPORTS: parseCommand

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

;// CONCATENATED MODULE: ./src/definitions/ecs-deploy.ts




const SERVICE = /^(arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:service\/[\w-]+\/)?[A-Za-z0-9_-]{1,255}$/;
const CLUSTER = /^(arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/)?[A-Za-z0-9_-]{1,255}$/;
/** A number of seconds, fractions allowed. */
function seconds(reader, name, range) {
    const v = reader.value(name);
    if (!/^\d+(\.\d+)?$/.test(v))
        throw new errors/* InputError */.dz(name, `expected a number of seconds, got "${v}"`);
    const n = Number(v);
    if (n < range.min || n > range.max) {
        throw new errors/* InputError */.dz(name, `must be between ${range.min} and ${range.max} seconds, got ${v}`);
    }
    return n;
}
/** A JSON array of strings, or words separated by spaces (no shell quoting: use JSON for that). */
function parseCommand(reader, name) {
    const v = reader.value(name);
    if (v === '')
        return undefined;
    if (v.startsWith('[')) {
        const parsed = reader.json(name);
        if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((p) => typeof p === 'string')) {
            throw new errors/* InputError */.dz(name, 'must be a non-empty JSON array of strings, e.g. ["npm","run","migrate"]');
        }
        return parsed;
    }
    if (/["']/.test(v)) {
        throw new errors/* InputError */.dz(name, 'contains quotes; give the command as a JSON array instead, e.g. ["sh","-c","..."]');
    }
    return v.split(/\s+/);
}
const RUN_TASK_DETAILS = [
    'run-task-command',
    'run-task-container',
    'run-task-subnets',
    'run-task-security-groups',
    'run-task-launch-type',
    'run-task-assign-public-ip',
];
const ecsDeploy = {
    name: 'ecs-deploy',
    title: 'Deploy a task definition to ECS services',
    description: 'Register the task definition (unless a service already runs the same one), optionally run a one-off task on it, update the services in parallel and wait until the rollout really succeeded.',
    inputs: {
        'task-definition': {
            description: 'Task definition file (JSON or YAML), e.g. the output of ecs-render.',
            required: true,
        },
        cluster: { description: 'ECS cluster name or ARN.', default: 'default' },
        service: {
            description: 'Service(s) to update, one per line; several are updated in parallel. Empty: only register.',
            multiple: true,
        },
        'wait-for-service-stability': {
            description: 'Wait until every service runs the new revision and its rollout completed.',
            default: 'true',
        },
        'wait-timeout': { description: 'Minutes to wait for stability (and for the one-off task).', default: '30' },
        'poll-interval': { description: 'Seconds between status polls while waiting.', default: '15' },
        'force-new-deployment': {
            description: 'Start a new deployment even when the revision is unchanged (e.g. to pull a moved tag).',
            default: 'false',
        },
        'desired-count': { description: 'Set the services’ desired task count.' },
        'run-task': {
            description: 'Run a one-off task on the new revision before the services update (e.g. a DB migration); it must stop with every essential container exiting 0.',
            default: 'false',
        },
        'run-task-command': {
            description: 'Command for the one-off task, as a JSON array or space-separated words.',
        },
        'run-task-container': {
            description: 'Container that gets run-task-command; defaults to the first essential container.',
        },
        'run-task-subnets': {
            description: 'Subnet ids for the one-off task (awsvpc); defaults to the first service’s.',
            multiple: true,
        },
        'run-task-security-groups': {
            description: 'Security group ids for the one-off task; defaults to the first service’s.',
            multiple: true,
        },
        'run-task-launch-type': {
            description: 'FARGATE, EC2 or EXTERNAL; defaults to the first service’s launch type or capacity providers.',
        },
        'run-task-assign-public-ip': {
            description: 'Give the one-off task a public IP (Fargate in a public subnet without NAT).',
            default: 'false',
        },
        'health-check-url': {
            description: 'After the services are stable, poll this URL until it answers 2xx (needs wait-for-service-stability).',
        },
        'health-check-timeout': { description: 'Seconds to wait for health-check-url to answer 2xx.', default: '300' },
        ...awsInputs,
    },
    outputs: {
        'task-definition-arn': 'ARN of the revision deployed (registered now, or reused when unchanged).',
        'deployment-id': 'The new deployment id per service, comma-separated in the order of service.',
        services: 'JSON list with each service’s final state (revisions, deployment, counts, result).',
    },
    parse(reader, context) {
        const aws = (0,runtime_aws/* readAwsCommon */.V)(reader, context);
        const file = reader.path('task-definition', external_node_fs_.existsSync) ?? reader.required('task-definition');
        if (!(0,external_node_fs_.existsSync)(file))
            throw new errors/* InputError */.dz('task-definition', `file ${file} does not exist`);
        if (!(0,external_node_fs_.statSync)(file).isFile())
            throw new errors/* InputError */.dz('task-definition', `${file} is not a file`);
        const cluster = reader.value('cluster');
        if (!CLUSTER.test(cluster))
            throw new errors/* InputError */.dz('cluster', `"${cluster}" is not a cluster name or ARN`);
        const services = reader.list('service', { commas: true });
        for (const s of services)
            if (!SERVICE.test(s))
                throw new errors/* InputError */.dz('service', `"${s}" is not a service name or ARN`);
        const names = services.map((s) => s.split('/').pop());
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup)
            throw new errors/* InputError */.dz('service', `"${dup}" is listed twice`);
        const runTask = reader.boolean('run-task');
        let runTaskInputs;
        if (runTask) {
            const subnets = reader.list('run-task-subnets', { commas: true });
            for (const s of subnets) {
                if (!/^subnet-[0-9a-f]+$/.test(s))
                    throw new errors/* InputError */.dz('run-task-subnets', `"${s}" is not a subnet id`);
            }
            const groups = reader.list('run-task-security-groups', { commas: true });
            for (const g of groups) {
                if (!/^sg-[0-9a-f]+$/.test(g))
                    throw new errors/* InputError */.dz('run-task-security-groups', `"${g}" is not a security group id`);
            }
            if (groups.length && !subnets.length && !services.length) {
                throw new errors/* InputError */.dz('run-task-subnets', 'is required with run-task-security-groups when no service is given');
            }
            runTaskInputs = {
                command: parseCommand(reader, 'run-task-command'),
                container: reader.string('run-task-container'),
                subnets,
                securityGroups: groups,
                launchType: reader.choice('run-task-launch-type', ['FARGATE', 'EC2', 'EXTERNAL']),
                assignPublicIp: reader.boolean('run-task-assign-public-ip'),
            };
        }
        else {
            const stray = RUN_TASK_DETAILS.find((n) => reader.has(n));
            if (stray)
                throw new errors/* InputError */.dz(stray, 'is set but run-task is not true');
        }
        if (!services.length) {
            // Without a service these would silently do nothing.
            if (reader.has('desired-count'))
                throw new errors/* InputError */.dz('desired-count', 'needs a service to update');
            if (reader.boolean('force-new-deployment'))
                throw new errors/* InputError */.dz('force-new-deployment', 'needs a service to update');
            if (reader.has('health-check-url'))
                throw new errors/* InputError */.dz('health-check-url', 'needs a service to update');
        }
        const wait = reader.boolean('wait-for-service-stability', true);
        // Without the wait, the URL would be polled while the rollout has barely started and would
        // answer from the OLD tasks: a passing check that proves nothing.
        if (!wait && reader.has('health-check-url')) {
            throw new errors/* InputError */.dz('health-check-url', 'needs wait-for-service-stability: true (without it, the check would pass on the old tasks while the new ones are still starting)');
        }
        return {
            ...aws,
            taskDefinition: file,
            cluster,
            services,
            waitForServiceStability: wait,
            waitTimeout: reader.requiredInt('wait-timeout', { min: 1, max: 720 }),
            pollInterval: seconds(reader, 'poll-interval', { min: 0.01, max: 300 }),
            forceNewDeployment: reader.boolean('force-new-deployment'),
            desiredCount: reader.int('desired-count', { min: 0, max: 100000 }),
            runTask: runTaskInputs,
            healthCheckUrl: reader.url('health-check-url'),
            healthCheckTimeout: seconds(reader, 'health-check-timeout', { min: 1, max: 3600 }),
        };
    },
    load: () => Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(350)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7350)),
};


/***/ }),

/***/ 569:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _definitions_ecs_deploy_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7025);
/* harmony import */ var _runtime_run_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9645);


await (0,_runtime_run_js__WEBPACK_IMPORTED_MODULE_1__/* .actionMain */ .g_)(_definitions_ecs_deploy_js__WEBPACK_IMPORTED_MODULE_0__/* .ecsDeploy */ .B);

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

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

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

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

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
/******/ var __webpack_exports__ = __nccwpck_require__(569);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
