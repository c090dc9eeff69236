export const id = 174;
export const ids = [174];
export const modules = {

/***/ 4174:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createHost: () => (/* binding */ createHost),
  writeOutputs: () => (/* binding */ writeOutputs)
});

// UNUSED EXPORTS: realSleep

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(1260);
;// CONCATENATED MODULE: ./src/runtime/secrets.ts
/** Known secret values, replaced by *** in every line this toolkit writes. */
class Redactor {
    values = [];
    add(value) {
        if (!value)
            return;
        const forms = new Set([value, value.trim(), encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
        for (const form of forms) {
            // Very short values would shred ordinary words; such values are not useful secrets anyway.
            if (form.length >= 4 && !this.values.includes(form))
                this.values.push(form);
        }
        this.values.sort((a, b) => b.length - a.length);
    }
    get size() {
        return this.values.length;
    }
    redact(text) {
        let out = text;
        for (const v of this.values) {
            if (out.includes(v))
                out = out.split(v).join('***');
        }
        return out;
    }
}

;// CONCATENATED MODULE: ./src/runtime/host.ts



const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function createHost(options) {
    const redactor = options.redactor ?? new Redactor();
    const actions = options.mode === 'actions';
    const write = options.write ??
        (actions ? (l) => process.stdout.write(`${l}\n`) : (l) => process.stderr.write(`${l}\n`));
    const debugOn = options.env['RUNNER_DEBUG'] === '1' ||
        options.env['ACTIONS_STEP_DEBUG'] === 'true' ||
        options.env['DEBUG'] === 'aws-release-kit';
    let depth = 0;
    const emit = (prefix, message) => {
        for (const line of redactor.redact(message).split('\n'))
            write(prefix + line);
    };
    // Workflow commands must not be forged by logged text: a line from a log or a release note that
    // starts with :: would otherwise be executed by the runner.
    const safe = (m) => (actions ? m.replace(/^::/gm, ': :') : m);
    const log = {
        info: (m) => emit('', safe(m)),
        warn: (m) => emit(actions ? '::warning::' : 'warning: ', safe(m).replace(/\n/g, actions ? '%0A' : '\n')),
        error: (m) => emit(actions ? '::error::' : 'error: ', safe(m).replace(/\n/g, actions ? '%0A' : '\n')),
        debug: (m) => {
            if (debugOn)
                emit(actions ? '::debug::' : 'debug: ', safe(m));
        },
        async group(title, fn) {
            const top = depth === 0;
            depth++;
            if (actions && top)
                emit('::group::', safe(title));
            else
                emit('', `── ${title} ──`);
            try {
                return await fn();
            }
            finally {
                depth--;
                if (actions && top)
                    write('::endgroup::');
            }
        },
    };
    return {
        log,
        redactor,
        context: options.context,
        secret(value) {
            if (!value)
                return;
            redactor.add(value);
            // Only the Actions runner understands add-mask; anywhere else the command would print the secret.
            if (actions)
                core/* setSecret */.Pq(value);
        },
        async summary(markdown) {
            if (!process.env['GITHUB_STEP_SUMMARY'])
                return;
            await core/* summary */.z.addRaw(redactor.redact(markdown), true).write();
        },
        sleep: realSleep,
        async exec(command, args, execOptions = {}) {
            log.info(`$ ${[command, ...args].map(quoteArg).join(' ')}`);
            const result = await (0,exec/* getExecOutput */.H)(command, args, {
                silent: true,
                ignoreReturnCode: true,
                cwd: execOptions.cwd,
                env: execOptions.env ? { ...process.env, ...execOptions.env } : undefined,
                input: execOptions.input === undefined ? undefined : Buffer.from(execOptions.input),
                listeners: execOptions.quiet
                    ? {}
                    : { stdline: (l) => log.info(l), errline: (l) => log.info(l) },
            });
            return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
        },
    };
}
function quoteArg(a) {
    return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
/** Hands the outputs on: GITHUB_OUTPUT when set, and in plain mode one JSON object as the last stdout line. */
function writeOutputs(outputs, mode, stdout = (t) => process.stdout.write(t)) {
    // @actions/core writes the file named by process.env.GITHUB_OUTPUT (and without it would print a
    // deprecated ::set-output:: command), so it is only called when that file exists.
    if (process.env['GITHUB_OUTPUT']) {
        for (const [k, v] of Object.entries(outputs))
            core/* setOutput */.uH(k, String(v));
    }
    if (mode === 'plain')
        stdout(`${JSON.stringify(outputs)}\n`);
}


/***/ })

};
