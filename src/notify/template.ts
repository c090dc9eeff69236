/**
 * The `template` input: a JSON file a team writes for its own layout of the first message, with
 * `{{ name }}` placeholders for the run context and for the `details` lines (the outputs of other
 * steps, `{{ details.IMAGE }}`). Placeholders go inside JSON strings; each value is inserted JSON
 * escaped, so a value can never break the file's JSON or add keys. The file is an object with a
 * `discord` part (an execute-webhook body: content, embeds, username, avatar_url) and/or a `jandi`
 * part (body, connectColor, connectInfo). Whatever it says is still held to the services' limits and
 * to the mention rules (see sanitize in discord.ts and jandi.ts).
 *
 * No runtime dependencies: the definition loads this for validation.
 */
import type { RunContext } from '../runtime/context.js';
import type { KeyValue } from '../runtime/inputs.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The placeholders a template may use, with their values for this run ('' when unknown). */
export function templateValues(
  context: RunContext,
  run: { status: string; title?: string; details: readonly KeyValue[]; releaseUrl?: string },
): Map<string, string> {
  const values = new Map<string, string>([
    ['status', run.status],
    ['title', run.title ?? ''],
    ['repository', context.repository ?? ''],
    ['repository_url', context.repositoryUrl ?? ''],
    ['ref', context.ref ?? ''],
    ['branch', context.branch ?? ''],
    ['tag', context.tag ?? ''],
    ['sha', context.sha ?? ''],
    ['short_sha', context.sha?.slice(0, 7) ?? ''],
    ['actor', context.actor ?? ''],
    ['run_url', context.runUrl ?? ''],
    ['event', context.event ?? ''],
    ['provider', context.provider],
    ['release_url', run.releaseUrl ?? context.release?.url ?? ''],
  ]);
  for (const { key, value } of run.details) values.set(`details.${key}`, value);
  return values;
}

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

export interface Template {
  discord?: Record<string, unknown>;
  jandi?: Record<string, unknown>;
}

/** Substitutes and parses; TemplateError says what is wrong (unknown placeholder, not JSON, wrong shape). */
export function renderTemplate(source: string, values: ReadonlyMap<string, string>): Template {
  const unknown = new Set<string>();
  const text = source.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values.get(name);
    if (value === undefined) {
      unknown.add(name);
      return '';
    }
    // JSON string content: quotes, backslashes and control characters escaped.
    return JSON.stringify(value).slice(1, -1);
  });
  if (unknown.size) {
    throw new TemplateError(
      `unknown placeholder ${[...unknown].map((n) => `{{${n}}}`).join(', ')}; known: ${[...values.keys()].join(', ')}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TemplateError(`is not valid JSON after substitution (${(err as Error).message})`);
  }
  if (!isObject(json)) throw new TemplateError('must be a JSON object with a "discord" and/or a "jandi" part');
  const extra = Object.keys(json).filter((k) => k !== 'discord' && k !== 'jandi');
  if (extra.length)
    throw new TemplateError(`has unknown key(s) ${extra.join(', ')}; expected "discord" and/or "jandi"`);
  const out: Template = {};
  for (const key of ['discord', 'jandi'] as const) {
    const part = json[key];
    if (part === undefined) continue;
    if (!isObject(part)) throw new TemplateError(`"${key}" must be a JSON object`);
    out[key] = part;
  }
  if (!out.discord && !out.jandi) throw new TemplateError('has neither a "discord" nor a "jandi" part');
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
