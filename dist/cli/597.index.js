export const id = 597;
export const ids = [597];
export const modules = {

/***/ 8597:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute),
  registerWebhookSecrets: () => (/* binding */ registerWebhookSecrets),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/runtime/errors.ts
var runtime_errors = __webpack_require__(9541);
// EXTERNAL MODULE: ./src/runtime/context.ts
var context = __webpack_require__(47);
;// CONCATENATED MODULE: ./src/notify/announcement.ts

const STATUSES = (/* unused pure expression or super */ null && (['success', 'failure', 'cancelled', 'started']));
const STATUS_STYLE = {
    success: { emoji: '✅', label: 'Succeeded', color: 0x2da44e, hex: '#2DA44E', phrase: 'released' },
    failure: { emoji: '❌', label: 'Failed', color: 0xcf222e, hex: '#CF222E', phrase: 'release failed' },
    cancelled: { emoji: '⚪', label: 'Cancelled', color: 0x8c959f, hex: '#8C959F', phrase: 'release cancelled' },
    started: { emoji: '🚀', label: 'Started', color: 0x0969da, hex: '#0969DA', phrase: 'release started' },
};
const PROVIDER = {
    github: 'GitHub Actions',
    codebuild: 'AWS CodeBuild',
    local: 'local run',
};
function formatDuration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60)
        return `${m}m ${String(s % 60).padStart(2, '0')}s`;
    return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
/** The server part of the repository URL (https://github.com or an Enterprise host). */
function serverOf(context) {
    if (!context.repositoryUrl)
        return undefined;
    try {
        return new URL(context.repositoryUrl).origin;
    }
    catch {
        return undefined;
    }
}
function buildAnnouncement(input) {
    const { context: ctx, status, notes } = input;
    const style = STATUS_STYLE[status];
    const repoUrl = ctx.repositoryUrl;
    const tag = notes?.tag ?? ctx.tag;
    const what = tag ?? ctx.branch ?? (0,context/* shortSha */.Fu)(ctx.sha);
    const subject = [ctx.repository, what].filter(Boolean).join(' ') || 'Release';
    const title = input.title ?? `${style.emoji} ${subject} ${style.phrase}`;
    const facts = [];
    if (ctx.repository)
        facts.push({ name: 'Repository', text: ctx.repository, url: repoUrl });
    if (tag) {
        facts.push({ name: 'Tag', text: tag, url: repoUrl ? `${repoUrl}/tree/${encodeURIComponent(tag)}` : undefined });
    }
    else if (ctx.branch) {
        facts.push({
            name: 'Branch',
            text: ctx.branch,
            url: repoUrl ? `${repoUrl}/tree/${encodeURIComponent(ctx.branch)}` : undefined,
        });
    }
    else if (ctx.ref) {
        facts.push({ name: 'Ref', text: ctx.ref });
    }
    if (ctx.sha) {
        facts.push({
            name: 'Commit',
            text: (0,context/* shortSha */.Fu)(ctx.sha),
            url: repoUrl ? `${repoUrl}/commit/${ctx.sha}` : undefined,
        });
    }
    if (ctx.actor) {
        // Only GitHub's actor is a user name; CodeBuild's is an account id or an initiator such as
        // "codepipeline/my-pipeline", which has no profile page.
        const server = serverOf(ctx) ?? 'https://github.com';
        const url = ctx.provider === 'github' ? `${server}/${encodeURIComponent(ctx.actor)}` : undefined;
        facts.push({ name: 'Actor', text: ctx.actor, url });
    }
    if (ctx.runUrl)
        facts.push({ name: ctx.provider === 'codebuild' ? 'Build' : 'Run', text: runLabel(ctx), url: ctx.runUrl });
    let duration;
    if (ctx.startedAt !== undefined && status !== 'started' && input.now >= ctx.startedAt) {
        duration = formatDuration(input.now - ctx.startedAt);
        facts.push({ name: 'Duration', text: duration });
    }
    for (const { key, value } of input.details)
        facts.push({ name: key, text: value, detail: true });
    const summaryLines = [`${style.emoji} **${style.label}**${duration ? ` in ${duration}` : ''}`];
    if (notes?.name && notes.name !== tag)
        summaryLines.push(`**${notes.name}**`);
    return {
        status,
        title,
        url: notes?.url || undefined,
        summary: summaryLines.join('\n'),
        facts,
        notes: notes?.body.trim() ?? '',
        links: { serverUrl: serverOf(ctx), repositoryUrl: repoUrl },
        footer: `aws-release-kit · ${PROVIDER[ctx.provider]}`,
        timestamp: new Date(input.now).toISOString(),
    };
}
function runLabel(ctx) {
    const url = ctx.runUrl ?? '';
    if (ctx.provider === 'github') {
        const m = /\/actions\/runs\/(\d+)(?:\/attempts\/(\d+))?/.exec(url);
        if (m)
            return `#${m[1]}${m[2] ? ` (attempt ${m[2]})` : ''}`;
        return 'workflow run';
    }
    if (ctx.provider === 'codebuild') {
        // CODEBUILD_BUILD_URL ends in #/builds/<project>:<id>/view/new, the URL made from the ARN in
        // /build/<project>%3A<id>/?region=...; both show as "<project>:<id>".
        const m = /\/builds?\/([^/?]+)/.exec(url);
        if (m)
            return decodeURIComponent(m[1]);
        return 'build log';
    }
    return 'run';
}

;// CONCATENATED MODULE: ./src/notify/http.ts
/** A webhook call that failed for good; the message is safe to print. */
class DeliveryError extends Error {
    status;
    name = 'DeliveryError';
    constructor(message, 
    /** The HTTP status, when the server answered. */
    status) {
        super(message);
        this.status = status;
    }
}
/**
 * The wait a 429 asks for, in ms: `retry_after` in a JSON body (in `retryAfterUnit`, seconds by
 * default), else the Retry-After header (seconds or an HTTP date), else undefined.
 */
function rateLimitWait(headers, body, options = {}) {
    try {
        const json = JSON.parse(body);
        if (typeof json.retry_after === 'number' && json.retry_after >= 0) {
            return Math.ceil(options.retryAfterUnit === 'milliseconds' ? json.retry_after : json.retry_after * 1000);
        }
    }
    catch {
        // Not JSON: a proxy's HTML page, read the header instead.
    }
    const header = headers.get('retry-after');
    if (header) {
        const seconds = Number(header);
        if (Number.isFinite(seconds) && seconds >= 0)
            return Math.ceil(seconds * 1000);
        const date = Date.parse(header);
        if (!Number.isNaN(date))
            return Math.max(0, date - (options.now ?? Date.now()));
    }
    return undefined;
}
/** A short reason for a failed connection, without the address (which could carry the URL). */
function networkReason(err) {
    // Duck-typed: fetch's errors may come from another realm (test runners), where instanceof fails.
    const e = (err ?? {});
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
        return 'timed out';
    const code = e.cause?.code ?? e.cause?.errors?.[0]?.code;
    return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'connection failed';
}
function seconds(ms) {
    return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
}
async function postJson(url, payload, headers, policy, deps) {
    const body = JSON.stringify(payload);
    let serverFailures = 0;
    let rateLimits = 0;
    for (;;) {
        let res;
        try {
            res = await deps.fetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', ...headers },
                body,
                signal: AbortSignal.timeout(policy.timeoutMs),
            });
        }
        catch (err) {
            const reason = networkReason(err);
            if (serverFailures >= policy.serverRetries) {
                throw new DeliveryError(`${policy.label} could not be reached (${reason}) after ${serverFailures + 1} attempts`);
            }
            const wait = policy.serverBackoffMs * 2 ** serverFailures++;
            deps.log.warn(`${policy.label} could not be reached (${reason}); retrying in ${seconds(wait)}`);
            await deps.sleep(wait);
            continue;
        }
        const text = await res.text();
        if (res.ok)
            return { status: res.status, headers: res.headers, body: text };
        if (res.status === 429) {
            const asked = rateLimitWait(res.headers, text, { retryAfterUnit: policy.retryAfterUnit });
            const wait = asked ?? policy.fallbackRateLimitWaitMs;
            if (rateLimits >= policy.rateLimitRetries) {
                throw new DeliveryError(`${policy.label} kept answering 429 (rate limited) after ${rateLimits + 1} attempts`, 429);
            }
            if (wait > policy.maxRateLimitWaitMs) {
                throw new DeliveryError(`${policy.label} is rate limited for ${seconds(wait)}, longer than this step waits`, 429);
            }
            rateLimits++;
            deps.log.info(`${policy.label} is rate limited: waiting ${seconds(wait)}${asked === undefined ? ' (no retry time given)' : ''}`);
            await deps.sleep(wait);
            continue;
        }
        const reason = policy.describeError(res.status, text);
        if (res.status >= 500 && serverFailures < policy.serverRetries) {
            const wait = policy.serverBackoffMs * 2 ** serverFailures++;
            deps.log.warn(`${policy.label} answered ${res.status}${reason ? ` (${reason})` : ''}; retrying in ${seconds(wait)}`);
            await deps.sleep(wait);
            continue;
        }
        const tries = res.status >= 500 ? ` after ${serverFailures + 1} attempts` : '';
        throw new DeliveryError(`${policy.label} answered ${res.status}${reason ? ` (${reason})` : ''}${tries}`, res.status);
    }
}

// EXTERNAL MODULE: ./node_modules/remark-gfm/lib/index.js + 63 modules
var lib = __webpack_require__(1428);
// EXTERNAL MODULE: ./node_modules/remark-parse/lib/index.js + 43 modules
var remark_parse_lib = __webpack_require__(4277);
// EXTERNAL MODULE: ./node_modules/unified/lib/index.js + 7 modules
var unified_lib = __webpack_require__(3900);
;// CONCATENATED MODULE: ./src/notify/html.ts
/**
 * Just enough HTML handling for release notes: GitHub lets people write <details>, <img>, <br>,
 * <a href> and comments in markdown, and Discord and JANDI render none of it. The markdown parser
 * hands such HTML over as `html` nodes; this scanner reads their value tag by tag (no regular
 * expressions over the markup) so that the converter can keep the text and links and drop the tags.
 */
const isLetter = (c) => !!c && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isNameChar = (c) => isLetter(c) || (!!c && ((c >= '0' && c <= '9') || c === '-'));
const isSpace = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
/** Reads one tag starting at `start` (a '<'); undefined when the text there is not a tag. */
function readTag(html, start) {
    let i = start + 1;
    const closing = html[i] === '/';
    if (closing)
        i++;
    if (!isLetter(html[i]))
        return undefined;
    const nameStart = i;
    while (isNameChar(html[i]))
        i++;
    const name = html.slice(nameStart, i).toLowerCase();
    // `<https://x>` and `<a:b>` are autolinks or text, not tags.
    if (i < html.length && !isSpace(html[i]) && html[i] !== '>' && html[i] !== '/')
        return undefined;
    const attrs = {};
    while (i < html.length) {
        while (isSpace(html[i]))
            i++;
        if (html[i] === '>')
            return { tag: { kind: 'tag', name, closing, attrs }, end: i + 1 };
        if (html[i] === '/' && html[i + 1] === '>')
            return { tag: { kind: 'tag', name, closing, attrs }, end: i + 2 };
        if (html[i] === '/') {
            i++;
            continue;
        }
        const attrStart = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== '=' && html[i] !== '>' && html[i] !== '/')
            i++;
        const attr = html.slice(attrStart, i).toLowerCase();
        if (attr === '')
            return undefined;
        while (isSpace(html[i]))
            i++;
        let value = '';
        if (html[i] === '=') {
            i++;
            while (isSpace(html[i]))
                i++;
            const quote = html[i];
            if (quote === '"' || quote === "'") {
                const close = html.indexOf(quote, i + 1);
                if (close === -1)
                    return undefined;
                value = html.slice(i + 1, close);
                i = close + 1;
            }
            else {
                const valueStart = i;
                while (i < html.length && !isSpace(html[i]) && html[i] !== '>')
                    i++;
                value = html.slice(valueStart, i);
            }
        }
        attrs[attr] = decodeEntities(value);
    }
    return undefined;
}
/** Splits HTML into tags and text; comments, doctypes and processing instructions are dropped. */
function tokenizeHtml(html) {
    const tokens = [];
    let text = '';
    const flush = () => {
        if (text)
            tokens.push({ kind: 'text', text });
        text = '';
    };
    let i = 0;
    while (i < html.length) {
        const c = html[i];
        if (c === '<') {
            if (html.startsWith('<!--', i)) {
                const end = html.indexOf('-->', i + 4);
                flush();
                i = end === -1 ? html.length : end + 3;
                continue;
            }
            if (html[i + 1] === '!' || html[i + 1] === '?') {
                const end = html.indexOf('>', i);
                flush();
                i = end === -1 ? html.length : end + 1;
                continue;
            }
            const tag = readTag(html, i);
            if (tag) {
                flush();
                tokens.push(tag.tag);
                i = tag.end;
                continue;
            }
        }
        text += c;
        i++;
    }
    flush();
    return tokens;
}
const NAMED = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: '\u00a0',
    ndash: '–',
    mdash: '—',
    hellip: '…',
    copy: '©',
    reg: '®',
    trade: '™',
    rarr: '→',
    larr: '←',
    middot: '·',
    bull: '•',
};
/** Decodes the character references that occur in practice; unknown ones stay as written. */
function decodeEntities(text) {
    let out = '';
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (c === '&') {
            const semi = text.indexOf(';', i + 1);
            if (semi !== -1 && semi - i <= 10) {
                const ref = text.slice(i + 1, semi);
                let decoded;
                if (ref.startsWith('#x') || ref.startsWith('#X'))
                    decoded = fromCodePoint(parseInt(ref.slice(2), 16));
                else if (ref.startsWith('#'))
                    decoded = fromCodePoint(parseInt(ref.slice(1), 10));
                else
                    decoded = NAMED[ref];
                if (decoded !== undefined) {
                    out += decoded;
                    i = semi + 1;
                    continue;
                }
            }
        }
        out += c;
        i++;
    }
    return out;
}
function fromCodePoint(n) {
    return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}
/** Tags after which the text continues on a new paragraph. */
const BLOCK_TAGS = new Set([
    'address',
    'article',
    'aside',
    'blockquote',
    'center',
    'details',
    'div',
    'dl',
    'dd',
    'dt',
    'figure',
    'figcaption',
    'footer',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'p',
    'section',
    'table',
    'tbody',
    'thead',
    'tfoot',
    'tr',
    'ul',
]);
/**
 * Turns a block of HTML into markdown that says the same in the constructs chat apps render:
 * <details> becomes its summary (a heading, shown as a bold line) and its body, <img> and <a href> become links,
 * <br> a line break, block elements paragraph breaks; every other tag and every comment is
 * dropped and its text kept. The result contains no tags, so parsing it again terminates.
 */
function htmlToMarkdown(html) {
    let out = '';
    let pre = 0;
    const links = [];
    for (const token of tokenizeHtml(html)) {
        if (token.kind === 'text') {
            // Inside <pre> the text is code: the fence added below keeps it literal, so decode it here.
            out += pre > 0 ? decodeEntities(token.text) : token.text;
            continue;
        }
        const { name, closing, attrs } = token;
        if (name === 'br')
            out += pre > 0 ? '\n' : '  \n';
        else if (name === 'img') {
            const src = attrs['src'];
            if (src)
                out += `![${escapeLabel(attrs['alt'] || attrs['title'] || 'image')}](<${src}>)`;
            else if (attrs['alt'])
                out += attrs['alt'];
        }
        else if (name === 'a') {
            if (!closing) {
                const href = attrs['href'];
                links.push(href);
                if (href)
                    out += '[';
            }
            else {
                const href = links.pop();
                if (href)
                    out += `](<${href}>)`;
            }
        }
        else if (name === 'summary') {
            // A level-4 heading: the converter shows it as a bold line (plain text for JANDI).
            out += closing ? '\n\n' : '\n\n#### ';
        }
        else if (name === 'li')
            out += closing ? '\n' : '\n- ';
        else if (name === 'td' || name === 'th')
            out += closing ? ' ' : '';
        else if (name === 'pre') {
            pre += closing ? -1 : 1;
            out += closing ? '\n```\n\n' : '\n\n```\n';
        }
        else if (BLOCK_TAGS.has(name))
            out += '\n\n';
    }
    // An <a> left open still keeps its text; close the bracket so no stray '[' remains.
    for (const href of links)
        if (href)
            out += `](<${href}>)`;
    return out;
}
function escapeLabel(text) {
    return text.replace(/[[\]\\]/g, (c) => `\\${c}`);
}

// EXTERNAL MODULE: ./src/notify/mentions.ts
var mentions = __webpack_require__(4250);
;// CONCATENATED MODULE: ./src/notify/markdown.ts





const FENCE = '```';
/** The line a thematic break (---) becomes: neither Discord nor JANDI draws rules. */
const RULE = '────────';
/** Marks for GFM task list items. */
const TASK_DONE = '✅';
const TASK_OPEN = '⬜';
/** How deep HTML that contains markdown is parsed again (each level removes every tag). */
const MAX_HTML_DEPTH = 3;
const TOP = { prefix: '', first: '', gap: true, quoted: false };
function parseMarkdown(markdown) {
    return (0,unified_lib/* unified */.l)().use(remark_parse_lib/* default */.A).use(lib/* default */.A).parse(markdown);
}
/** Converts release notes for Discord embeds ('discord') or JANDI messages ('plain'). */
function convertNotes(markdown, flavor, links = {}) {
    return new Converter(flavor, links, 0).convert(markdown);
}
/** The blocks joined the way split.ts joins them, for callers that want one string. */
function joinBlocks(blocks) {
    return blocks.map((b, i) => (i === 0 ? '' : b.gap ? '\n\n' : '\n') + b.text).join('');
}
class Converter {
    flavor;
    links;
    depth;
    definitions = new Map();
    constructor(flavor, links, depth) {
        this.flavor = flavor;
        this.links = links;
        this.depth = depth;
    }
    convert(markdown) {
        const tree = parseMarkdown(markdown.replace(/\r\n?/g, '\n'));
        this.collectDefinitions(tree);
        return this.blocks(tree.children, TOP);
    }
    collectDefinitions(node) {
        if (node.type === 'definition')
            this.definitions.set(node.identifier.toLowerCase(), node.url);
        if ('children' in node)
            for (const child of node.children)
                this.collectDefinitions(child);
    }
    // ---------------------------------------------------------------- blocks
    blocks(nodes, state) {
        const out = [];
        let st = state;
        for (const node of nodes) {
            const produced = this.block(node, st);
            out.push(...produced);
            // Only the first block of a list item carries its marker; the rest are continuations.
            if (produced.length)
                st = { ...st, first: st.prefix, gap: true };
        }
        return out;
    }
    block(node, st) {
        switch (node.type) {
            case 'paragraph':
                return this.textBlock(this.inline(node.children), st);
            case 'heading':
                return this.heading(node, st);
            case 'thematicBreak':
                return [this.lines([RULE], st)];
            case 'blockquote': {
                const marker = this.flavor === 'discord' && st.quoted ? '' : '> ';
                return this.blocks(node.children, {
                    prefix: st.prefix + marker,
                    first: st.first + marker,
                    gap: st.gap,
                    quoted: true,
                });
            }
            case 'list':
                return this.list(node, st);
            case 'code':
                return [this.code(node, st)];
            case 'html':
                return this.html(node, st);
            case 'table':
                return [this.table(node, st)];
            case 'definition':
                return [];
            case 'footnoteDefinition':
                return this.blocks(node.children, {
                    ...st,
                    first: `${st.first}[^${(0,mentions/* neutralizeMentions */.tI)(node.label ?? node.identifier)}]: `,
                });
            default:
                // Anything else (yaml front matter, future node types): keep its text.
                if ('children' in node)
                    return this.textBlock(this.inline(node.children), st);
                if ('value' in node && typeof node.value === 'string' && node.value.trim()) {
                    return [this.lines((0,mentions/* neutralizeMentions */.tI)(node.value).split('\n'), st)];
                }
                return [];
        }
    }
    /** A block from rendered inline segments: every line gets the state's prefixes. */
    textBlock(segments, st) {
        const atoms = [];
        let text = st.first;
        for (const seg of segments) {
            if (seg.text === '')
                continue;
            // Line starts inside the segment get the continuation prefix.
            const piece = st.prefix ? seg.text.split('\n').join(`\n${st.prefix}`) : seg.text;
            if (seg.atom)
                atoms.push([text.length, text.length + piece.length]);
            text += piece;
        }
        if (text.slice(st.first.length).trim() === '') {
            // An empty list item still shows its marker; anything else empty is dropped.
            return st.first.trim() ? [{ text: st.first.trimEnd(), gap: st.gap, atoms: [] }] : [];
        }
        return [{ text: text.trimEnd(), gap: st.gap, atoms, ...(st.prefix ? { linePrefix: st.prefix } : {}) }];
    }
    lines(lines, st) {
        const text = lines.map((l, i) => (i === 0 ? st.first : st.prefix) + l).join('\n');
        return { text, gap: st.gap, atoms: [], ...(st.prefix ? { linePrefix: st.prefix } : {}) };
    }
    heading(node, st) {
        if (this.flavor === 'plain')
            return this.textBlock(this.inline(node.children), st);
        if (node.depth <= 3) {
            // Discord renders #, ## and ### headings; a heading is one line, so soft breaks become spaces.
            const segs = this.inline(node.children).map((s) => ({ ...s, text: s.text.replace(/\n/g, ' ') }));
            return this.textBlock([{ text: `${'#'.repeat(node.depth)} `, atom: false }, ...segs], st);
        }
        const inner = this.inline(node.children, { inLink: false, inBold: true, bare: false });
        const text = inner
            .map((s) => s.text)
            .join('')
            .replace(/\n/g, ' ');
        if (!text.trim())
            return [];
        return this.textBlock([{ text: `**${text.trim()}**`, atom: true }], st);
    }
    list(node, st) {
        const out = [];
        const start = node.start ?? 1;
        node.children.forEach((item, i) => {
            const marker = node.ordered ? `${start + i}.` : this.flavor === 'plain' ? '•' : '-';
            const task = item.checked === true ? `${TASK_DONE} ` : item.checked === false ? `${TASK_OPEN} ` : '';
            // A sub-list is indented under the text of its item, whatever the marker's width.
            const indent = ' '.repeat(marker.length + 1);
            const itemState = {
                prefix: st.prefix + indent,
                first: (i === 0 ? st.first : st.prefix) + `${marker} ${task}`,
                gap: i === 0 ? st.gap : false,
                quoted: st.quoted,
            };
            const children = item.children;
            if (children.length === 0 || children[0]?.type !== 'paragraph') {
                // The marker stands alone on its line, the content follows below it.
                out.push({ text: itemState.first.trimEnd(), gap: itemState.gap, atoms: [] });
                out.push(...this.blocks(children, { ...itemState, first: itemState.prefix, gap: false }));
                return;
            }
            const [firstChild, ...rest] = children;
            out.push(...this.block(firstChild, itemState));
            const restState = { ...itemState, first: itemState.prefix, gap: false };
            for (const child of rest)
                out.push(...this.block(child, restState));
        });
        return out;
    }
    code(node, st) {
        const lines = (0,mentions/* neutralizeMentions */.tI)(node.value).split('\n');
        if (this.flavor === 'plain')
            return this.lines(lines, st);
        // A ``` inside the code would end Discord's fence early; a zero-width space defuses it.
        const safe = lines.map((l) => l.split(FENCE).join('`\u200b``'));
        const lang = (node.lang ?? '').replace(/[^\w+#.-]/g, '').slice(0, 20);
        const open = FENCE + lang;
        const text = [open, ...safe, FENCE].join('\n');
        // Code blocks are not indented or quoted: Discord renders a fence only at the start of a line.
        return { text, gap: st.gap, atoms: [], code: { open, lines: safe } };
    }
    html(node, st) {
        const markdown = htmlToMarkdown(node.value);
        if (!markdown.trim())
            return [];
        if (this.depth >= MAX_HTML_DEPTH) {
            // Too deep to parse again: shown as text, which may hold image and link labels, so it is
            // defused as a whole (and escaped for Discord only; JANDI shows backslashes as they are).
            const text = (0,mentions/* neutralizeMentions */.tI)(markdown.trim());
            return this.textBlock([{ text: this.flavor === 'discord' ? this.escape(text, true) : text, atom: false }], st);
        }
        const inner = new Converter(this.flavor, this.links, this.depth + 1);
        for (const [k, v] of this.definitions)
            inner.definitions.set(k, v);
        const blocks = inner.convert(markdown);
        return this.reprefix(blocks, st);
    }
    /** Places blocks converted on their own (HTML contents) at this point of the tree. */
    reprefix(blocks, st) {
        return blocks.map((b, i) => {
            const gap = i === 0 ? st.gap : b.gap;
            if (b.code || (!st.prefix && !st.first))
                return { ...b, gap };
            const first = i === 0 ? st.first : st.prefix;
            const lines = b.text.split('\n');
            const text = lines.map((l, j) => (j === 0 ? first : st.prefix) + l).join('\n');
            const atoms = shiftAtoms(b.text, b.atoms, first.length, st.prefix.length);
            return { ...b, text, gap, atoms, linePrefix: st.prefix + (b.linePrefix ?? '') };
        });
    }
    table(node, st) {
        const bare = { inLink: false, inBold: false, bare: true };
        const rows = node.children.map((row) => row.children.map((cell) => this.inline(cell.children, bare)
            .map((s) => s.text)
            .join('')
            .replace(/\n/g, ' ')
            .trim()));
        const columns = Math.max(...rows.map((r) => r.length));
        if (this.flavor === 'plain') {
            return this.lines(rows.map((r) => r.join(' | ')), st);
        }
        // Discord has no tables: an aligned text grid in a code block reads the same.
        const width = Array.from({ length: columns }, (_, c) => Math.max(1, ...rows.map((r) => charLength(r[c] ?? ''))));
        const align = node.align ?? [];
        const fmt = (r) => width
            .map((w, c) => pad(r[c] ?? '', w, align[c] ?? null))
            .join(' | ')
            .trimEnd();
        const lines = rows.map(fmt);
        lines.splice(1, 0, width.map((w) => '-'.repeat(w)).join('-+-'));
        const safe = lines.map((l) => (0,mentions/* neutralizeMentions */.tI)(l).split(FENCE).join('`\u200b``'));
        return { text: [FENCE, ...safe, FENCE].join('\n'), gap: true, atoms: [], code: { open: FENCE, lines: safe } };
    }
    // ---------------------------------------------------------------- inline
    inline(nodes, state = { inLink: false, inBold: false, bare: false }) {
        const out = [];
        for (let i = 0; i < nodes.length; i++) {
            const node = nodes[i];
            if (node.type === 'html') {
                const tag = singleTag(node.value);
                if (tag?.name === 'a' && !tag.closing && tag.attrs['href']) {
                    // <a href>text</a> arrives as three nodes: find the closing tag among the siblings.
                    const close = nodes.findIndex((n, j) => j > i && n.type === 'html' && singleTag(n.value)?.name === 'a');
                    const end = close === -1 ? nodes.length : close;
                    const inner = nodes.slice(i + 1, end);
                    out.push(this.link(tag.attrs['href'], inner, state));
                    i = end;
                    continue;
                }
            }
            out.push(...this.phrasing(node, state, i === 0));
        }
        return out;
    }
    phrasing(node, state, atStart) {
        const discord = this.flavor === 'discord' && !state.bare;
        const wrap = (mark, children) => {
            const inner = this.joined(children, state);
            if (!inner)
                return [];
            return [{ text: discord ? `${mark}${inner}${mark}` : inner, atom: true }];
        };
        switch (node.type) {
            case 'text':
                return this.text(node.value, state, atStart);
            case 'emphasis':
                return wrap('*', node.children);
            case 'strong':
                return state.inBold ? [{ text: this.joined(node.children, state), atom: true }] : wrap('**', node.children);
            case 'delete':
                return wrap('~~', node.children);
            case 'inlineCode': {
                const value = (0,mentions/* neutralizeMentions */.tI)(node.value);
                if (!discord)
                    return [{ text: value, atom: true }];
                const ticks = value.includes('`') ? '``' : '`';
                const space = ticks.length > 1 ? ' ' : '';
                return [{ text: `${ticks}${space}${value}${space}${ticks}`, atom: true }];
            }
            case 'break':
                return [{ text: '\n', atom: false }];
            case 'link':
                return [this.link(node.url, node.children, state)];
            case 'linkReference': {
                const url = this.definitions.get(node.identifier.toLowerCase());
                if (url)
                    return [this.link(url, node.children, state)];
                const inner = this.joined(node.children, state);
                return [{ text: `[${inner}]`, atom: false }];
            }
            case 'image':
                return [this.image(node.url, node.alt ?? '', state)];
            case 'imageReference': {
                const url = this.definitions.get(node.identifier.toLowerCase());
                return url
                    ? [this.image(url, node.alt ?? '', state)]
                    : [{ text: (0,mentions/* neutralizeMentions */.tI)(node.alt ?? ''), atom: false }];
            }
            case 'footnoteReference':
                return [{ text: `[^${(0,mentions/* neutralizeMentions */.tI)(node.label ?? node.identifier)}]`, atom: true }];
            case 'html': {
                const tag = singleTag(node.value);
                if (tag?.name === 'br')
                    return [{ text: '\n', atom: false }];
                if (tag?.name === 'img' && tag.attrs['src'])
                    return [this.image(tag.attrs['src'], tag.attrs['alt'] ?? '', state)];
                // Other tags and comments are dropped; their text lives in the sibling nodes.
                return [];
            }
            default: {
                // Node types this code does not know (from future remark versions): keep their text.
                const other = node;
                if ('children' in other)
                    return this.inline(other.children, state);
                if ('value' in other && typeof other.value === 'string')
                    return this.text(other.value, state, atStart);
                return [];
            }
        }
    }
    joined(nodes, state) {
        return this.inline(nodes, state)
            .map((s) => s.text)
            .join('');
    }
    link(url, children, state) {
        const inner = this.joined(children, { ...state, inLink: true });
        const href = absoluteUrl(url);
        const plainText = children.length === 1 && children[0]?.type === 'text' ? children[0].value : undefined;
        if (!href)
            return { text: inner, atom: true };
        if (state.bare)
            return { text: inner || href, atom: true };
        // A bare URL: GitHub shows a pull request or commit URL as #123 or a short SHA; so do we.
        if (!inner || plainText === url) {
            const short = this.shortReference(href);
            if (!short)
                return { text: href, atom: true };
            return { text: this.masked(this.flavor === 'discord' ? this.escape(short, false) : short, href), atom: true };
        }
        return { text: this.masked(inner, href), atom: true };
    }
    image(url, alt, state) {
        const href = absoluteUrl(url);
        // Alt text is raw text (the parser does not hand it over as text nodes): defuse it here.
        const label = (0,mentions/* neutralizeMentions */.tI)(alt.trim()) || 'image';
        // An image inside a link (a badge) shows as the link's text; the link keeps the target.
        if (!href || state.bare || state.inLink)
            return { text: state.inLink ? `🖼 ${label}` : label, atom: true };
        const text = this.flavor === 'discord' ? this.escape(label, false) : label;
        return { text: this.masked(`🖼 ${text}`, href), atom: true };
    }
    masked(text, href) {
        return maskedLink(text, href, this.flavor);
    }
    /** GitHub's short form of a link to an issue, pull request, commit or comparison. */
    shortReference(url) {
        const server = this.links.serverUrl ?? originOf(this.links.repositoryUrl);
        if (!server || !url.startsWith(`${server}/`))
            return undefined;
        const path = url.slice(server.length + 1).split(/[?#]/)[0] ?? '';
        const parts = path.split('/');
        if (parts.length !== 4)
            return undefined;
        const [owner, repo, kind, id] = parts;
        const same = this.links.repositoryUrl === `${server}/${owner}/${repo}`;
        const prefix = same ? '' : `${owner}/${repo}`;
        if ((kind === 'pull' || kind === 'issues' || kind === 'discussions') && /^\d+$/.test(id))
            return `${prefix}#${id}`;
        if (kind === 'commit' && /^[0-9a-f]{7,40}$/.test(id))
            return `${prefix ? `${prefix}@` : ''}${id.slice(0, 7)}`;
        if (kind === 'compare' && id.includes('...'))
            return `${prefix ? `${prefix}: ` : ''}${decodeURIComponent(id)}`;
        return undefined;
    }
    /** A text node: GitHub references become links, @everyone/@here are defused, markup is escaped. */
    text(value, state, atStart) {
        const discord = this.flavor === 'discord' && !state.bare;
        const out = [];
        let plain = '';
        const pushPlain = (t) => {
            plain += t;
        };
        const flush = () => {
            if (!plain)
                return;
            const safe = (0,mentions/* neutralizeMentions */.tI)(plain);
            out.push({ text: discord ? this.escape(safe, atStart && out.length === 0) : safe, atom: false });
            plain = '';
        };
        const refs = state.inLink || state.bare ? [] : this.references(value);
        let pos = 0;
        for (const ref of refs) {
            pushPlain(value.slice(pos, ref.start));
            flush();
            const label = discord ? this.escape(ref.text, false) : ref.text;
            out.push({ text: this.masked(label, ref.url), atom: true });
            pos = ref.end;
        }
        pushPlain(value.slice(pos));
        flush();
        return out;
    }
    /** @user, @org/team, #123, owner/repo#123 and commit SHAs in a text node. */
    references(value) {
        const server = this.links.serverUrl ?? originOf(this.links.repositoryUrl) ?? 'https://github.com';
        const repo = this.links.repositoryUrl;
        const found = [];
        const pattern = /@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(\[bot\])?(\/)?|(?:([A-Za-z0-9][\w.-]*)\/([\w.-]+))?#(\d+)\b|\b[0-9a-f]{7,40}\b/g;
        for (const m of value.matchAll(pattern)) {
            const start = m.index;
            const before = start > 0 ? value[start - 1] : '';
            const text = m[0];
            let url;
            if (text.startsWith('@')) {
                // Not part of an e-mail address or a longer word, and not Discord's <@id> mention syntax
                // (kept as text and defused by neutralizeMentions).
                if (before && /[\w.+<-]/.test(before))
                    continue;
                const user = m[1];
                // @everyone/@here are defused, not linked; @scope/package (npm) is not a person.
                if (/^(everyone|here)$/i.test(user) || m[3])
                    continue;
                url = m[2] ? `${server}/apps/${user}` : `${server}/${user}`;
            }
            else if (m[6] !== undefined) {
                // <#123> is a Discord channel mention, not an issue.
                if (before && /[\w&/]/.test(before))
                    continue;
                if (before === '<' && !m[4] && value[start + text.length] === '>')
                    continue;
                if (m[4] && m[5])
                    url = `${server}/${m[4]}/${m[5]}/issues/${m[6]}`;
                else if (repo)
                    url = `${repo}/issues/${m[6]}`;
            }
            else {
                // A commit SHA: hex with at least one digit and one letter, so that words and numbers stay text.
                if (!repo || !/\d/.test(text) || !/[a-f]/.test(text))
                    continue;
                if (before && /[\w/@.-]/.test(before))
                    continue;
                url = `${repo}/commit/${text}`;
            }
            if (url)
                found.push({ start, end: start + text.length, text, url });
        }
        return found;
    }
    /**
     * Escapes what Discord would read as markup in literal text: the parser already consumed the
     * notes' own markup, so any * _ ~ ` | \ left in a text node was meant literally. A line that
     * would start a heading, quote or list gets a backslash too.
     */
    escape(text, atStart) {
        let out = text.replace(/[\\*_~`]|\|(?=\|)/g, (c) => `\\${c}`);
        // Backslash escapes work on punctuation only: `1. ` becomes `1\. `, `# ` becomes `\# `.
        const lineStart = /(^|\n)(?:(#{1,3} |-# |> |[-+] )|(\d+)([.)] ))/g;
        out = out.replace(lineStart, (whole, nl, mark, num, dot, offset) => {
            if (offset === 0 && !atStart && nl === '')
                return whole;
            return mark ? `${nl}\\${mark}` : `${nl}${num}\\${dot}`;
        });
        return out;
    }
}
/**
 * [label](url). Balanced brackets in the label are fine for Discord and CommonMark alike
 * ("@dependabot[bot]"); unbalanced ones are escaped (Discord) or made round (plain text). Every
 * label is defused (@everyone, @here, <@id>), whatever it was made from; the URL is left intact.
 */
function maskedLink(text, href, flavor) {
    let label = (0,mentions/* neutralizeMentions */.tI)(text.replace(/\n/g, ' '));
    if (!bracketsBalanced(label)) {
        label = label.replace(/[[\]]/g, (c) => (flavor === 'discord' ? `\\${c}` : c === '[' ? '(' : ')'));
    }
    return `[${label}](${href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}
function bracketsBalanced(text) {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\\')
            i++;
        else if (c === '[')
            depth++;
        else if (c === ']' && --depth < 0)
            return false;
    }
    return depth === 0;
}
function singleTag(html) {
    const tokens = tokenizeHtml(html.trim());
    const first = tokens[0];
    return tokens.length === 1 && first?.kind === 'tag' ? first : undefined;
}
function absoluteUrl(url) {
    try {
        const u = new URL(url);
        return u.protocol === 'http:' || u.protocol === 'https:' ? url : undefined;
    }
    catch {
        return undefined;
    }
}
function originOf(url) {
    if (!url)
        return undefined;
    try {
        return new URL(url).origin;
    }
    catch {
        return undefined;
    }
}
/** Length in code points, closer to what a reader sees than UTF-16 units (for table columns). */
function charLength(s) {
    let n = 0;
    for (const _ of s)
        n++;
    return n;
}
function pad(text, width, align) {
    const room = Math.max(0, width - charLength(text));
    if (align === 'right')
        return ' '.repeat(room) + text;
    if (align === 'center')
        return ' '.repeat(Math.floor(room / 2)) + text + ' '.repeat(Math.ceil(room / 2));
    return text + ' '.repeat(room);
}
/** Moves atom ranges after prefixes were put before every line (first line: `first`, others: `rest`). */
function shiftAtoms(text, atoms, first, rest) {
    const shift = (offset) => {
        let lines = 0;
        for (let i = 0; i < offset; i++)
            if (text[i] === '\n')
                lines++;
        return offset + first + lines * rest;
    };
    return atoms.map(([s, e]) => [shift(s), shift(e)]);
}

;// CONCATENATED MODULE: ./src/notify/split.ts
/**
 * Cuts converted notes into chunks that fit a limit, without losing a character of text.
 *
 * Chunks end on block boundaries (paragraphs, headings, list items, code blocks). Only a block
 * that is larger than a whole chunk is cut inside: a code block between lines, closing its fence
 * and reopening it (same language) in the next chunk; text at a line end, else after a sentence,
 * else between words, never inside a link or a code span when that can be helped, and only as a
 * last resort in the middle of a word (never between the halves of a surrogate pair).
 */

/** Hands out the notes chunk by chunk; each call may ask for a different size. */
class Splitter {
    queue;
    constructor(blocks) {
        this.queue = blocks.filter((b) => b.text !== '').map((b) => ({ ...b, atoms: [...b.atoms] }));
    }
    get done() {
        return this.queue.length === 0;
    }
    /** The next chunk of at most `limit` characters, or undefined (see NextOptions.wholeLimit). */
    next(limit, options = {}) {
        if (limit < 1)
            throw new Error(`BUG: chunk limit ${limit}`);
        const wholeLimit = options.wholeLimit ?? limit;
        let out = '';
        while (this.queue.length) {
            const block = this.queue[0];
            const sep = out === '' ? '' : block.gap ? '\n\n' : '\n';
            if (out.length + sep.length + block.text.length <= limit) {
                out += sep + block.text;
                this.queue.shift();
                continue;
            }
            if (out !== '')
                break;
            if (block.text.length <= wholeLimit && wholeLimit > limit)
                return undefined;
            const [head, rest] = cutBlock(block, limit);
            this.queue[0] = rest;
            return head;
        }
        return out === '' ? undefined : out;
    }
    /** Every remaining chunk at one size. */
    all(limit) {
        const chunks = [];
        while (!this.done) {
            const chunk = this.next(limit);
            if (chunk === undefined)
                throw new Error('BUG: splitter made no progress');
            chunks.push(chunk);
        }
        return chunks;
    }
}
/** Marks a value that had to be shortened. */
const TRUNCATED = '…';
/** Cuts `text` to `max` characters with a visible marker (for titles and names, which cannot go on). */
function truncate(text, max) {
    if (text.length <= max)
        return text;
    const cut = safeIndex(text, max - TRUNCATED.length);
    return text.slice(0, cut) + TRUNCATED;
}
/** Splits a text at the given limit: convenience for single values (field values, titles). */
function splitText(text, limit) {
    return new Splitter([{ text, gap: false, atoms: [] }]).all(limit);
}
/** Cuts a block that is longer than `limit` into a head that fits and the rest. */
function cutBlock(block, limit) {
    return block.code ? cutCode(block, limit) : cutText(block, limit);
}
function cutCode(block, limit) {
    const code = block.code;
    const { open } = code;
    // The fences and their newlines: "```ts\n" + body + "\n```"
    const room = limit - open.length - FENCE.length - 2;
    if (room < 1) {
        // Not even the fences fit (a tiny limit): fall back to cutting the fenced text as text.
        return cutText({ text: block.text, gap: block.gap, atoms: [] }, limit);
    }
    const lines = [...code.lines];
    const taken = [];
    let used = 0;
    while (lines.length) {
        const line = lines[0];
        const add = (taken.length ? 1 : 0) + line.length;
        if (used + add > room)
            break;
        taken.push(line);
        used += add;
        lines.shift();
    }
    if (taken.length === 0) {
        // One line longer than a whole chunk: cut the line itself.
        const line = lines.shift();
        const at = safeIndex(line, room);
        taken.push(line.slice(0, at));
        lines.unshift(line.slice(at));
    }
    const head = [open, ...taken, FENCE].join('\n');
    const rest = {
        text: [open, ...lines, FENCE].join('\n'),
        gap: block.gap,
        atoms: [],
        code: { open, lines },
    };
    return [head, rest];
}
function cutText(block, limit) {
    const text = block.text;
    const at = bestCut(text, limit, block.atoms);
    let head = text.slice(0, at.index).trimEnd();
    let restStart = at.index;
    // The separator the cut happened at (a newline or spaces) belongs to neither side.
    while (restStart < text.length && (text[restStart] === ' ' || text[restStart] === '\n') && at.kind !== 'hard') {
        const isNewline = text[restStart] === '\n';
        restStart++;
        if (isNewline)
            break;
    }
    if (head === '') {
        // Only whitespace before the cut: take a hard cut instead so that progress is made.
        const hard = safeIndex(text, limit);
        head = text.slice(0, hard);
        restStart = hard;
    }
    let restText = text.slice(restStart);
    let shift = -restStart;
    const prefix = block.linePrefix ?? '';
    // A cut at a line end leaves the prefix on the next line (it starts every line); any other cut
    // starts the rest mid-line, which needs the quote marker or indentation put back.
    if (prefix && !restText.startsWith(prefix)) {
        restText = prefix + restText;
        shift += prefix.length;
    }
    const atoms = block.atoms
        .map(([s, e]) => [Math.max(0, s + shift), e + shift])
        .filter(([, e]) => e > 0);
    return [head, { ...block, text: restText, atoms }];
}
/** Where to cut `text` so that the head has at most `limit` characters. */
function bestCut(text, limit, atoms) {
    // Positions strictly inside an atom, up to the limit (one pass over the atoms, not one per position).
    const end = Math.min(limit, text.length - 1);
    const covered = new Uint8Array(end + 1);
    for (const [s, e] of atoms)
        for (let i = Math.max(0, s + 1); i < Math.min(e, end + 1); i++)
            covered[i] = 1;
    const inAtom = (i) => covered[i] === 1;
    // A cut this far in is good enough; an earlier one is only taken when nothing better exists.
    const good = Math.floor(limit * 0.3);
    let line = -1;
    let sentence = -1;
    let word = -1;
    let wordInAtom = -1;
    for (let i = end; i > 0; i--) {
        const c = text[i];
        if (c === '\n') {
            if (!inAtom(i) && line === -1)
                line = i;
        }
        else if (c === ' ') {
            if (inAtom(i)) {
                if (wordInAtom === -1)
                    wordInAtom = i;
            }
            else {
                if (word === -1)
                    word = i;
                const p = text[i - 1];
                if (sentence === -1 && (p === '.' || p === '!' || p === '?' || p === ':' || p === ';'))
                    sentence = i;
            }
        }
        if (line >= good)
            break;
    }
    if (line >= good)
        return { index: line, kind: 'line' };
    if (sentence >= good)
        return { index: sentence, kind: 'sentence' };
    if (word >= good)
        return { index: word, kind: 'word' };
    if (line > 0)
        return { index: line, kind: 'line' };
    if (word > 0)
        return { index: word, kind: 'word' };
    if (wordInAtom > 0)
        return { index: wordInAtom, kind: 'word' };
    return { index: safeIndex(text, limit), kind: 'hard' };
}
/** `limit`, moved back by one when it would fall between the two halves of a surrogate pair. */
function safeIndex(text, limit) {
    const at = Math.min(limit, text.length);
    const code = text.charCodeAt(at - 1);
    return at > 1 && code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

;// CONCATENATED MODULE: ./src/notify/discord.ts





/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits and execute-webhook. */
const DISCORD_LIMITS = {
    content: 2000,
    embedsPerMessage: 10,
    /** Sum of every embed's title, description, field names and values, footer text and author name. */
    charactersPerMessage: 6000,
    title: 256,
    description: 4096,
    fields: 25,
    fieldName: 256,
    fieldValue: 1024,
    footer: 2048,
    author: 256,
    username: 80,
    threadName: 100,
};
/** Room kept in each notes embed for its "Release notes · part 2 of 7" footer. */
const NOTES_FOOTER_ROOM = 48;
/** Below this much room, a message takes no further notes embed: the next one starts a message. */
const MIN_NOTES_CHUNK = 500;
/** A detail value up to this long sits beside others (inline field); longer ones get a row. */
const INLINE_VALUE = 40;
/** Characters an embed counts toward the 6000 per message. */
function embedLength(e) {
    return ((e.title?.length ?? 0) +
        (e.description?.length ?? 0) +
        (e.footer?.text.length ?? 0) +
        (e.author?.name.length ?? 0) +
        (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0));
}
function linkMarkdown(fact) {
    return fact.url ? maskedLink(fact.text, fact.url, 'discord') : fact.text;
}
/** Facts as embed fields; a value longer than a field holds goes on in numbered fields. */
function factFields(facts) {
    const fields = [];
    for (const fact of facts) {
        const value = (0,mentions/* neutralizeMentions */.tI)(fact.detail ? fact.text : linkMarkdown(fact)) || '(empty)';
        const name = (0,mentions/* neutralizeMentions */.tI)(fact.name);
        const parts = splitText(value, DISCORD_LIMITS.fieldValue);
        parts.forEach((part, i) => {
            const suffix = parts.length > 1 ? ` (${i + 1}/${parts.length})` : '';
            fields.push({
                name: truncate(name, DISCORD_LIMITS.fieldName - suffix.length) + suffix,
                value: part,
                inline: parts.length === 1 && (!fact.detail || (value.length <= INLINE_VALUE && !value.includes('\n'))),
            });
        });
    }
    return fields;
}
/** The header: title, status line, release link, facts as fields (several embeds if they need it). */
function headerEmbeds(a) {
    const color = STATUS_STYLE[a.status].color;
    const first = {
        title: truncate((0,mentions/* neutralizeMentions */.tI)(a.title), DISCORD_LIMITS.title),
        description: truncate((0,mentions/* neutralizeMentions */.tI)(a.summary), DISCORD_LIMITS.description),
        color,
        footer: { text: truncate(a.footer, DISCORD_LIMITS.footer) },
        timestamp: a.timestamp,
    };
    // Only the first embed links to the release: Discord merges consecutive embeds with one URL.
    if (a.url)
        first.url = a.url;
    const embeds = [first];
    let current = first;
    for (const field of factFields(a.facts)) {
        const fields = current.fields ?? [];
        const size = field.name.length + field.value.length;
        if (fields.length >= DISCORD_LIMITS.fields || embedLength(current) + size > DISCORD_LIMITS.charactersPerMessage) {
            current = { title: 'Details (continued)', color, fields: [] };
            embeds.push(current);
        }
        (current.fields ??= []).push(field);
    }
    return embeds;
}
/** Every message to send, in order. */
function buildDiscordMessages(a, options) {
    const L = DISCORD_LIMITS;
    const color = STATUS_STYLE[a.status].color;
    const messages = [];
    let current = [];
    let used = 0;
    const flush = () => {
        if (current.length)
            messages.push(current);
        current = [];
        used = 0;
    };
    /** `reserve`: characters the embed may still gain (its footer, set once the parts are counted). */
    const add = (e, reserve = 0) => {
        const size = embedLength(e) + reserve;
        if (current.length >= L.embedsPerMessage || used + size > L.charactersPerMessage)
            flush();
        current.push(e);
        used += size;
    };
    for (const e of headerEmbeds(a))
        add(e);
    const notes = [];
    const splitter = new Splitter(a.notes ? convertNotes(a.notes, 'discord', a.links) : []);
    while (!splitter.done) {
        const room = Math.min(L.description, L.charactersPerMessage - used - NOTES_FOOTER_ROOM);
        if (current.length < L.embedsPerMessage && room >= MIN_NOTES_CHUNK) {
            // A block that would fit a fresh embed whole is not cut just to fill this message.
            const text = splitter.next(room, { wholeLimit: L.description });
            if (text !== undefined) {
                const e = { description: text, color };
                notes.push(e);
                add(e, NOTES_FOOTER_ROOM);
                continue;
            }
        }
        flush();
    }
    flush();
    if (notes.length > 1) {
        notes.forEach((e, i) => (e.footer = { text: `Release notes · part ${i + 1} of ${notes.length}` }));
    }
    const content = (0,mentions/* mentionContent */.oK)(options.mentions);
    return messages.map((embeds, i) => {
        const payload = { embeds, allowed_mentions: (0,mentions/* allowedMentions */.sL)(options.mentions) };
        // The listed roles and users are pinged once, by the first message.
        if (i === 0 && content)
            payload.content = content;
        if (options.username)
            payload.username = options.username;
        if (options.avatarUrl)
            payload.avatar_url = options.avatarUrl;
        if (i === 0 && options.threadName)
            payload.thread_name = options.threadName;
        return payload;
    });
}
/** Discord's error body: {"code": 50035, "message": "Invalid Form Body", "errors": {...}}. */
function describeDiscordError(_status, body) {
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        return body.trim() ? 'not a JSON answer' : '';
    }
    const parts = [];
    if (typeof json.code === 'number')
        parts.push(`code ${json.code}`);
    if (typeof json.message === 'string')
        parts.push(json.message);
    let text = parts.join(': ');
    const first = json.errors ? firstFieldError(json.errors, '') : undefined;
    if (first)
        text += `; ${first}`;
    return text.slice(0, 500);
}
/** The first {"_errors": [{"message"}]} in Discord's nested error object, with its path. */
function firstFieldError(node, path) {
    if (!node || typeof node !== 'object')
        return undefined;
    const errors = node._errors;
    if (Array.isArray(errors) && errors[0]?.message)
        return `${path || 'body'}: ${errors[0].message}`;
    for (const [key, child] of Object.entries(node)) {
        if (key === '_errors')
            continue;
        const found = firstFieldError(child, path ? `${path}.${key}` : key);
        if (found)
            return found;
    }
    return undefined;
}
const DISCORD_POLICY = {
    serverRetries: 3,
    serverBackoffMs: 1000,
    rateLimitRetries: 10,
    maxRateLimitWaitMs: 5 * 60 * 1000,
    fallbackRateLimitWaitMs: 10 * 1000,
    timeoutMs: 30 * 1000,
    describeError: describeDiscordError,
};
/** The Discord API version messages are sent with; the payload types are discord-api-types/v10. */
const DISCORD_API_VERSION = 10;
/** `/api/webhooks/...` (no version) or `/api/v{N}/webhooks/...`: N, or undefined for an unversioned path. */
const WEBHOOK_PATH = /^\/api\/(?:v(\d+)\/)?webhooks\//;
/**
 * The webhook URL with the API version pinned. Webhook URLs as Discord shows them to users have no
 * version (https://discord.com/api/webhooks/{id}/{token}), and Discord serves an unversioned path
 * with its default API version, v6: there a 429's `retry_after` is in milliseconds, while from v8 on
 * it is in seconds (a float), and error bodies differ too. So `/api/webhooks/` becomes
 * `/api/v10/webhooks/`, on any host (a proxy or a test receiver with Discord's path layout gets the
 * same request Discord would); the query string stays. A path that names a version already is the
 * user's choice and is left alone, as is any other path layout.
 */
function versionedWebhookUrl(webhook) {
    const u = new URL(webhook);
    const m = WEBHOOK_PATH.exec(u.pathname);
    if (!m || m[1] !== undefined)
        return webhook;
    u.pathname = `/api/v${DISCORD_API_VERSION}/webhooks/${u.pathname.slice(m[0].length)}`;
    return u.toString();
}
/**
 * The unit of a 429's `retry_after` at this URL: milliseconds on API v6 and v7 and on an unversioned
 * path (the default, v6), seconds from v8 on and on paths that are not Discord's layout.
 */
function retryAfterUnit(url) {
    const m = WEBHOOK_PATH.exec(new URL(url).pathname);
    if (!m)
        return 'seconds';
    const version = m[1] === undefined ? 6 : Number(m[1]);
    return version < 8 ? 'milliseconds' : 'seconds';
}
/**
 * The URL of one execute-webhook call: the API version pinned (see versionedWebhookUrl), wait=true
 * (so errors are reported) and the thread. It holds the webhook's token: never log it.
 */
function executeUrl(webhook, threadId) {
    const u = new URL(versionedWebhookUrl(webhook));
    u.searchParams.set('wait', 'true');
    if (threadId)
        u.searchParams.set('thread_id', threadId);
    return u.toString();
}
/**
 * Sends the messages in order and stops at the first that fails for good (later ones would
 * arrive out of order). Honours Discord's bucket headers so that 429s are rarely needed, and
 * sends the follow-ups of a new forum post into the thread it created.
 */
async function sendDiscord(target, messages, deps) {
    let threadId = target.threadId;
    let sent = 0;
    for (const [i, payload] of messages.entries()) {
        const body = threadId ? { ...payload, thread_name: undefined } : payload;
        try {
            const url = executeUrl(target.url, threadId);
            const policy = { ...DISCORD_POLICY, label: target.label, retryAfterUnit: retryAfterUnit(url) };
            const res = await postJson(url, body, {}, policy, deps);
            sent++;
            let message = {};
            try {
                message = JSON.parse(res.body);
            }
            catch {
                // wait=true answers with the message; a proxy that strips it only costs the thread id.
            }
            deps.log.info(`${target.label}: message ${i + 1}/${messages.length} sent${message.id ? ` (id ${message.id})` : ''}`);
            if (payload.thread_name && !threadId) {
                if (!message.channel_id)
                    throw new DeliveryError(`${target.label} created a forum post but did not say its thread id`);
                threadId = message.channel_id;
            }
            // The bucket is empty: wait for it to refill rather than collect a 429.
            if (i < messages.length - 1 && res.headers.get('x-ratelimit-remaining') === '0') {
                const resetAfter = Number(res.headers.get('x-ratelimit-reset-after'));
                if (Number.isFinite(resetAfter) && resetAfter > 0) {
                    const wait = Math.ceil(resetAfter * 1000);
                    deps.log.info(`${target.label}: rate limit bucket empty, waiting ${(wait / 1000).toFixed(1)} s`);
                    await deps.sleep(wait);
                }
            }
        }
        catch (err) {
            const reason = err instanceof DeliveryError ? err.message : `${target.label} failed (${err.name})`;
            return { sent, error: `${reason}; ${sent} of ${messages.length} message(s) were sent` };
        }
    }
    return { sent };
}

;// CONCATENATED MODULE: ./src/notify/github.ts

const ATTEMPTS = 4;
// The prefix is empty or ends in something that is neither a digit nor a dot, so the version
// number is read whole (v1.2.3 is "v" + 1.2.3, not "v1.2." + 3); build metadata (+...) is ignored.
const TAG_VERSION = /^(|.*?[^\d.])(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]*)?$/;
function parseTagVersion(tag) {
    const m = TAG_VERSION.exec(tag);
    if (!m)
        return undefined;
    const [, prefix = '', core = '', pre] = m;
    return { prefix, core: core.split('.').map(Number), pre: pre ? pre.split('.') : [] };
}
/** Semantic-versioning precedence (missing numbers count as 0: v2 = v2.0.0), prefixes not compared. */
function compareTagVersions(a, b) {
    for (let i = 0; i < Math.max(a.core.length, b.core.length); i++) {
        const d = (a.core[i] ?? 0) - (b.core[i] ?? 0);
        if (d !== 0)
            return Math.sign(d);
    }
    // A release ranks above its own pre-releases.
    if (!a.pre.length || !b.pre.length)
        return Math.sign(b.pre.length - a.pre.length);
    for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
        const x = a.pre[i];
        const y = b.pre[i];
        if (x === y)
            continue;
        const xn = /^\d+$/.test(x);
        const yn = /^\d+$/.test(y);
        // Numbers compare as numbers and rank below words.
        if (xn && yn)
            return Math.sign(Number(x) - Number(y));
        if (xn !== yn)
            return xn ? -1 : 1;
        return x < y ? -1 : 1;
    }
    return Math.sign(a.pre.length - b.pre.length);
}
/**
 * The tag the generated notes of `tag` start from: among the tags of the same family (same prefix,
 * so `api-v2.0.0` follows `api-v1.4.0`, whatever `web-v*` tags exist), the highest version below
 * `tag`. A release (no pre-release part) starts from the previous release, skipping pre-releases, so
 * v2.0.0 covers everything since v1.9.0 and not just since v2.0.0-rc.3; a pre-release starts from
 * whatever came just before it. Undefined when there is no such tag (the first one) or `tag` is no
 * version. This is the order people mean by "the previous version", and unlike the order of
 * GitHub's tag list (undocumented) or of tag names (v1.10.0 < v1.9.0) it does not depend on how
 * the API happens to list them.
 */
function previousTag(tag, tags) {
    const current = parseTagVersion(tag);
    if (!current)
        return undefined;
    let best;
    for (const name of tags) {
        const version = parseTagVersion(name);
        if (!version || version.prefix !== current.prefix)
            continue;
        if (!current.pre.length && version.pre.length)
            continue;
        if (compareTagVersions(version, current) >= 0)
            continue;
        if (!best || compareTagVersions(version, best.version) > 0)
            best = { name, version };
    }
    return best?.name;
}
/** The API root for a repository when GITHUB_API_URL is not set (CodeBuild, local runs). */
function defaultApiUrl(repositoryUrl) {
    if (repositoryUrl) {
        try {
            const host = new URL(repositoryUrl).host;
            if (host !== 'github.com')
                return `https://${host}/api/v3`;
        }
        catch {
            // fall through to github.com
        }
    }
    return 'https://api.github.com';
}
function statusOf(err) {
    const s = err?.status;
    return typeof s === 'number' ? s : undefined;
}
function messageOf(err) {
    const data = err?.response?.data;
    if (data && typeof data.message === 'string')
        return data.message;
    return err instanceof Error ? err.message : String(err);
}
/** Runs a GitHub call, retrying answers of 5xx and failed connections with backoff. */
async function withRetries(what, call, deps) {
    for (let attempt = 1;; attempt++) {
        try {
            return await call();
        }
        catch (err) {
            const status = statusOf(err);
            const retryable = status === undefined || status >= 500;
            if (!retryable || attempt >= ATTEMPTS)
                throw err;
            const wait = 1000 * 2 ** (attempt - 1);
            deps.log.warn(`GitHub ${what} failed (${status ?? 'no answer'}); retrying in ${wait / 1000} s`);
            await deps.sleep(wait);
        }
    }
}
async function fetchReleaseNotes(source, deps) {
    const [owner, repo] = source.repository.split('/');
    const { getOctokit } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(413)]).then(__webpack_require__.bind(__webpack_require__, 2413));
    const octokit = getOctokit(source.token, { baseUrl: source.apiUrl.replace(/\/+$/, '') });
    const where = `${source.repository}@${source.tag}`;
    try {
        const release = await withRetries('release lookup', () => octokit.rest.repos.getReleaseByTag({ owner, repo, tag: source.tag }), deps);
        deps.log.info(`release notes of ${where} read from its GitHub release`);
        return {
            body: release.data.body ?? '',
            name: release.data.name ?? undefined,
            tag: release.data.tag_name,
            url: release.data.html_url,
        };
    }
    catch (err) {
        if (statusOf(err) !== 404) {
            throw new runtime_errors/* ReleaseError */.K2(`GitHub answered ${statusOf(err) ?? 'nothing'} when reading the release ${where}: ${messageOf(err)}`);
        }
    }
    let previous;
    if (parseTagVersion(source.tag)) {
        let tags;
        try {
            // Every tag of the repository, a page of 100 at a time (the list is in no documented order).
            tags = await withRetries('tag list', () => octokit.paginate(octokit.rest.repos.listTags, { owner, repo, per_page: 100 }), deps);
        }
        catch (err) {
            throw new runtime_errors/* ReleaseError */.K2(`GitHub answered ${statusOf(err) ?? 'nothing'} when listing the tags of ${source.repository}: ${messageOf(err)}`);
        }
        previous = previousTag(source.tag, tags.map((t) => t.name));
        deps.log.info(previous
            ? `${where} has no GitHub release: using GitHub's generated notes from ${previous} to ${source.tag}`
            : `${where} has no GitHub release and there is no earlier tag like ${source.tag}: using GitHub's generated notes up to it`);
    }
    else {
        deps.log.info(`${where} has no GitHub release, and ${source.tag} is no version number, so its previous tag is unknown: ` +
            "using GitHub's generated notes, which then start at the latest release");
    }
    try {
        const generated = await withRetries('release notes generation', () => octokit.rest.repos.generateReleaseNotes({
            owner,
            repo,
            tag_name: source.tag,
            ...(previous ? { previous_tag_name: previous } : {}),
        }), deps);
        return {
            body: generated.data.body,
            name: generated.data.name,
            tag: source.tag,
            url: source.repositoryUrl ? `${source.repositoryUrl}/tree/${encodeURIComponent(source.tag)}` : undefined,
        };
    }
    catch (err) {
        throw new runtime_errors/* ReleaseError */.K2(`GitHub answered ${statusOf(err) ?? 'nothing'} when generating release notes for ${where}: ${messageOf(err)}`);
    }
}

;// CONCATENATED MODULE: ./src/notify/jandi.ts
/**
 * JANDI incoming webhooks: `{body, connectColor, connectInfo: [{title, description, imageUrl}]}`
 * posted with JANDI's v2 Accept header. JANDI renders no markdown except [text](url) links, so the
 * notes are flattened to plain lines (markdown.ts, 'plain'). JANDI documents no size limits: the
 * sizes below are deliberately small, and long notes go on in further messages, never dropped.
 */





const JANDI_ACCEPT = 'application/vnd.tosslab.jandi-v2+json';
/** Conservative sizes (JANDI publishes none). */
const JANDI_LIMITS = {
    body: 1000,
    title: 200,
    description: 2000,
    /** connectInfo entries per message. */
    items: 10,
    /** body + every title and description of one message. */
    message: 4000,
};
/** Room kept in a message's body for " (2/5)". */
const PART_ROOM = 12;
const MIN_CHUNK = 300;
function factLine(f) {
    const text = f.url ? maskedLink(f.text, f.url, 'plain') : f.text;
    return `${f.name}: ${text}`;
}
function payloadLength(p) {
    return p.body.length + p.connectInfo.reduce((n, i) => n + (i.title?.length ?? 0) + (i.description?.length ?? 0), 0);
}
function buildJandiMessages(a) {
    const L = JANDI_LIMITS;
    const color = STATUS_STYLE[a.status].hex;
    const title = (0,mentions/* neutralizeMentions */.tI)(a.title);
    // The summary's **bold** is Discord markup; JANDI shows the words.
    const summary = (0,mentions/* neutralizeMentions */.tI)(a.summary.replace(/\*\*/g, ''));
    const heading = a.url ? maskedLink(title, a.url, 'plain') : title;
    const firstBody = truncate(`${heading}\n${summary}`, L.body - PART_ROOM);
    const sections = [];
    if (a.facts.length) {
        const lines = a.facts.map((f) => ({ text: (0,mentions/* neutralizeMentions */.tI)(factLine(f)), gap: false, atoms: [] }));
        sections.push({ title: 'Details', blocks: lines });
    }
    if (a.notes)
        sections.push({ title: 'Release notes', blocks: convertNotes(a.notes, 'plain', a.links) });
    const messages = [];
    let current = { body: firstBody, connectColor: color, connectInfo: [] };
    const flush = () => {
        messages.push(current);
        current = { body: truncate(title, L.body - PART_ROOM), connectColor: color, connectInfo: [] };
    };
    for (const section of sections) {
        const splitter = new Splitter(section.blocks);
        let part = 0;
        while (!splitter.done) {
            const itemTitle = part === 0 ? section.title : `${section.title} (continued)`;
            // PART_ROOM: the " (2/5)" every body gets once the messages are counted.
            const room = Math.min(L.description, L.message - payloadLength(current) - itemTitle.length - PART_ROOM);
            if (current.connectInfo.length < L.items && room >= MIN_CHUNK) {
                const text = splitter.next(room, { wholeLimit: L.description });
                if (text !== undefined) {
                    current.connectInfo.push({ title: itemTitle, description: text });
                    part++;
                    continue;
                }
            }
            flush();
        }
    }
    if (current.connectInfo.length || messages.length === 0)
        messages.push(current);
    if (messages.length > 1)
        messages.forEach((m, i) => (m.body += ` (${i + 1}/${messages.length})`));
    return messages;
}
/** JANDI's error body is JSON with `code` and `msg` (or `message`); anything else is not quoted. */
function describeJandiError(_status, body) {
    try {
        const json = JSON.parse(body);
        const msg = typeof json.msg === 'string' ? json.msg : typeof json.message === 'string' ? json.message : '';
        const code = typeof json.code === 'number' || typeof json.code === 'string' ? `code ${json.code}` : '';
        return [code, msg].filter(Boolean).join(': ').slice(0, 300);
    }
    catch {
        return body.trim() ? 'not a JSON answer' : '';
    }
}
const JANDI_POLICY = {
    serverRetries: 3,
    serverBackoffMs: 1000,
    rateLimitRetries: 10,
    maxRateLimitWaitMs: 5 * 60 * 1000,
    fallbackRateLimitWaitMs: 10 * 1000,
    timeoutMs: 30 * 1000,
    describeError: describeJandiError,
};
async function sendJandi(target, messages, deps) {
    const policy = { ...JANDI_POLICY, label: target.label };
    let sent = 0;
    for (const [i, payload] of messages.entries()) {
        try {
            await postJson(target.url, payload, { accept: JANDI_ACCEPT }, policy, deps);
            sent++;
            deps.log.info(`${target.label}: message ${i + 1}/${messages.length} sent`);
        }
        catch (err) {
            const reason = err instanceof DeliveryError ? err.message : `${target.label} failed (${err.name})`;
            return { sent, error: `${reason}; ${sent} of ${messages.length} message(s) were sent` };
        }
    }
    return { sent };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/notify/notes-file.ts
/**
 * Reading `release-notes-file` when the notes are loaded, not when the inputs are parsed: the file
 * is usually written by an earlier step, and when that step failed the team should still hear how
 * the release went. A missing, unreadable or oversized file is a ReleaseError here, which the
 * command turns into a warning and a "could not be loaded" line (fail-on-error false) or a failed
 * step (fail-on-error true).
 */


/** Release notes files above this size are refused: such a file is not release notes. */
const MAX_NOTES_FILE_BYTES = 1024 * 1024;
/** The error code of a failed file system call (ENOENT, EACCES...), without the rest of its message. */
function codeOf(err) {
    const code = err?.code;
    return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown error';
}
async function readNotesFile(path) {
    const what = `release-notes-file ${path}`;
    let size;
    try {
        const info = await (0,promises_.stat)(path);
        if (!info.isFile())
            throw new runtime_errors/* ReleaseError */.K2(`${what} is not a file`);
        size = info.size;
    }
    catch (err) {
        if (err instanceof runtime_errors/* ReleaseError */.K2)
            throw err;
        const code = codeOf(err);
        throw new runtime_errors/* ReleaseError */.K2(code === 'ENOENT' || code === 'ENOTDIR' ? `${what} does not exist` : `${what} could not be read (${code})`);
    }
    if (size > MAX_NOTES_FILE_BYTES) {
        throw new runtime_errors/* ReleaseError */.K2(`${what} has ${size} bytes; release notes over 1 MiB are refused`);
    }
    try {
        return await (0,promises_.readFile)(path, 'utf8');
    }
    catch (err) {
        throw new runtime_errors/* ReleaseError */.K2(`${what} could not be read (${codeOf(err)})`);
    }
}

;// CONCATENATED MODULE: ./src/commands/notify.ts






async function run(inputs, host) {
    return execute(inputs, { host, fetch: globalThis.fetch, now: Date.now });
}
/**
 * The runtime masks each webhook URL as a whole; the token part is masked on its own too, since
 * it is what must not leak and it can appear without the rest (in a proxy's error page, say).
 */
function registerWebhookSecrets(urls, host) {
    for (const url of urls) {
        host.secret(url);
        let u;
        try {
            u = new URL(url);
        }
        catch {
            continue;
        }
        const segments = u.pathname.split('/').filter(Boolean);
        host.secret(u.pathname);
        host.secret(segments.slice(-2).join('/'));
        const token = segments.at(-1);
        if (token && token.length >= 8)
            host.secret(token);
        if (u.search.length > 1)
            host.secret(u.search.slice(1));
    }
}
async function loadNotes(inputs, deps) {
    const { host } = deps;
    const source = inputs.notes;
    // Notes given as text or a file replace the body only: in a release event, the release's name
    // and page still belong to the message.
    const release = host.context.release;
    const about = release
        ? { name: release.name || undefined, tag: release.tag || undefined, url: release.url || undefined }
        : {};
    switch (source.kind) {
        case 'none':
            return undefined;
        case 'text':
            return { ...about, body: source.text };
        case 'file':
            // Checked here rather than in parse, so that a missing file costs the notes, not the message.
            return { ...about, body: await readNotesFile(source.path) };
        case 'event':
            return {
                body: source.body,
                name: source.name || undefined,
                tag: source.tag || undefined,
                url: source.url || undefined,
            };
        case 'tag': {
            const ctx = host.context;
            return fetchReleaseNotes({
                apiUrl: ctx.apiUrl ?? defaultApiUrl(ctx.repositoryUrl),
                token: source.token,
                repository: source.repository,
                repositoryUrl: ctx.repositoryUrl,
                tag: source.tag,
            }, { sleep: (ms) => host.sleep(ms), log: host.log });
        }
    }
}
function printPayloads(kind, targets, payloads, host, urlNote) {
    payloads.forEach((p, i) => {
        host.log.info(`${kind} message ${i + 1}/${payloads.length}, to each of ${targets} webhook(s), POST <webhook URL>${urlNote(i)}:`);
        host.log.info(JSON.stringify(p, null, 2));
    });
}
async function execute(inputs, deps) {
    const { host } = deps;
    // Discord webhooks are called with their API version in the path: that form is a secret too.
    const sentDiscordUrls = inputs.discordWebhookUrls.map(versionedWebhookUrl);
    registerWebhookSecrets([...inputs.discordWebhookUrls, ...sentDiscordUrls, ...inputs.jandiWebhookUrls], host);
    let notes;
    try {
        notes = await loadNotes(inputs, deps);
    }
    catch (err) {
        if (inputs.failOnError)
            throw err;
        const reason = (0,runtime_errors/* errorMessage */.gJ)(err);
        host.log.warn(`release notes could not be loaded (${reason}); notifying without them`);
        notes = { body: `*Release notes could not be loaded: ${reason}*` };
    }
    const announcement = buildAnnouncement({
        status: inputs.status,
        title: inputs.title,
        context: host.context,
        notes,
        details: inputs.details,
        now: deps.now(),
    });
    const discordMessages = inputs.discordWebhookUrls.length
        ? buildDiscordMessages(announcement, {
            mentions: { roles: inputs.mentionRoles, users: inputs.mentionUsers },
            username: inputs.username,
            avatarUrl: inputs.avatarUrl,
            threadName: inputs.threadName,
        })
        : [];
    const jandiMessages = inputs.jandiWebhookUrls.length ? buildJandiMessages(announcement) : [];
    const nD = inputs.discordWebhookUrls.length;
    const nJ = inputs.jandiWebhookUrls.length;
    host.log.info(`notify (${inputs.status}): ${announcement.notes.length} characters of release notes; ` +
        `${discordMessages.length} message(s) for each of ${nD} Discord webhook(s), ${jandiMessages.length} for each of ${nJ} JANDI webhook(s)`);
    if (inputs.dryRun) {
        host.log.info('dry run: nothing is sent; these are the exact payloads');
        printPayloads('Discord', nD, discordMessages, host, (i) => {
            const query = new URLSearchParams({ wait: 'true' });
            if (inputs.threadId)
                query.set('thread_id', inputs.threadId);
            else if (inputs.threadName && i > 0)
                query.set('thread_id', '<id of the forum post made by message 1>');
            return `?${query.toString()}`;
        });
        printPayloads('JANDI', nJ, jandiMessages, host, () => ' (Accept: application/vnd.tosslab.jandi-v2+json)');
        return { 'discord-messages': discordMessages.length * nD, 'jandi-messages': jandiMessages.length * nJ };
    }
    const http = { fetch: deps.fetch, sleep: (ms) => host.sleep(ms), log: host.log };
    const errors = [];
    let discordSent = 0;
    let jandiSent = 0;
    for (const [i, url] of inputs.discordWebhookUrls.entries()) {
        const label = `Discord webhook #${i + 1}`;
        const report = await host.log.group(`Send to ${label}`, () => sendDiscord({ url, label, threadId: inputs.threadId }, discordMessages, http));
        discordSent += report.sent;
        if (report.error)
            errors.push(report.error);
    }
    for (const [i, url] of inputs.jandiWebhookUrls.entries()) {
        const label = `JANDI webhook #${i + 1}`;
        const report = await host.log.group(`Send to ${label}`, () => sendJandi({ url, label }, jandiMessages, http));
        jandiSent += report.sent;
        if (report.error)
            errors.push(report.error);
    }
    const outputs = { 'discord-messages': discordSent, 'jandi-messages': jandiSent };
    await host.summary(`### notify: ${announcement.title}\n\n${discordSent} Discord and ${jandiSent} JANDI message(s) sent${errors.length ? `; ${errors.length} webhook(s) failed` : ''}.\n`);
    if (errors.length) {
        const message = `notification incomplete: ${errors.join('; ')}`;
        if (inputs.failOnError)
            throw new runtime_errors/* ReleaseError */.K2(message);
        host.log.warn(`${message}. fail-on-error is false, so the release goes on.`);
    }
    else {
        host.log.info(`done: ${discordSent} Discord and ${jandiSent} JANDI message(s) sent`);
    }
    return outputs;
}


/***/ })

};
