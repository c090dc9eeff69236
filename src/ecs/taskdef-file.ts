/**
 * Reading a task definition from a file: JSON or YAML, either the bare definition (what
 * RegisterTaskDefinition takes) or the `{"taskDefinition": ..., "tags": [...]}` wrapper that
 * `aws ecs describe-task-definition` prints. Pure apart from the one file read.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isScalar, parseDocument as parseYamlDocument, visit } from 'yaml';
import { SourceScalar, conformDocument } from './shape.js';

/** A container definition as found in a file: the known fields typed, everything else kept as is. */
export interface ContainerDoc {
  name: string;
  image?: string;
  essential?: boolean;
  environment?: Array<{ name?: string; value?: string }>;
  secrets?: Array<{ name?: string; valueFrom?: string }>;
  dockerLabels?: Record<string, string>;
  [key: string]: unknown;
}

/** A task definition as found in a file (camelCase, the ECS API shape). */
export interface TaskDefDoc {
  family: string;
  containerDefinitions: ContainerDoc[];
  cpu?: string;
  memory?: string;
  [key: string]: unknown;
}

/** The file is not a task definition; the message says why, for the user. */
export class TaskDefFileError extends Error {
  override readonly name = 'TaskDefFileError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * YAML to plain values, except that a plain (unquoted) number or boolean in a value position becomes
 * a SourceScalar carrying the text it was written as, so that conformDocument can give a string field
 * exactly that text. Keys become their text at once (object keys are strings anyway).
 */
function readYaml(text: string): unknown {
  const doc = parseYamlDocument(text);
  const error = doc.errors[0];
  if (error) throw error;
  visit(doc, {
    Scalar(key, node) {
      if (!isScalar(node) || node.type !== 'PLAIN' || node.source === undefined) return;
      if (typeof node.value !== 'number' && typeof node.value !== 'boolean') return;
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
export function parseDocument(text: string, fileName: string): unknown {
  const ext = extname(fileName).toLowerCase();
  const asJson = (): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new TaskDefFileError(`${fileName} is not valid JSON (${(err as Error).message})`);
    }
  };
  const asYaml = (): unknown => {
    try {
      return readYaml(text);
    } catch (err) {
      throw new TaskDefFileError(`${fileName} is not valid YAML (${(err as Error).message.split('\n')[0]})`);
    }
  };
  if (ext === '.json') return conformDocument(asJson());
  if (ext === '.yml' || ext === '.yaml') return conformDocument(asYaml());
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    parsed = asYaml();
  }
  return conformDocument(parsed);
}

/**
 * Checks that a parsed document is a task definition and returns it (unwrapped). The checks are the
 * ones that tell a wrong file from a right one; the ECS API validates the rest on registration.
 * `requireImages` is false for a template whose images the render fills in.
 */
export function toTaskDefinition(
  doc: unknown,
  fileName: string,
  options: { requireImages?: boolean } = {},
): TaskDefDoc {
  const bad = (why: string): never => {
    throw new TaskDefFileError(`${fileName} is not a task definition: ${why}`);
  };
  if (!isObject(doc)) {
    bad(`expected an object with family and containerDefinitions, got ${Array.isArray(doc) ? 'a list' : typeof doc}`);
  }
  let def = doc as Record<string, unknown>;
  let wrapperTags: unknown;
  // The describe-task-definition output: {"taskDefinition": {...}, "tags": [...]}.
  if (isObject(def['taskDefinition']) && !('containerDefinitions' in def)) {
    wrapperTags = def['tags'];
    def = { ...def['taskDefinition'] };
  }
  if ('ContainerDefinitions' in def || 'Family' in def) {
    bad(
      'its keys are PascalCase (a CloudFormation resource?); use the ECS API shape (camelCase) that `aws ecs describe-task-definition` prints',
    );
  }
  const containers = def['containerDefinitions'];
  if (!Array.isArray(containers) || containers.length === 0) bad('it has no containerDefinitions list');
  if (typeof def['family'] !== 'string' || def['family'] === '') bad('it has no family');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(def['family'] as string)) {
    bad(`family "${String(def['family'])}" may only contain letters, digits, hyphens and underscores`);
  }
  const seen = new Set<string>();
  (containers as unknown[]).forEach((c, i) => {
    if (!isObject(c)) bad(`containerDefinitions[${i}] is not an object`);
    const name = (c as Record<string, unknown>)['name'];
    if (typeof name !== 'string' || name === '') bad(`containerDefinitions[${i}] has no name`);
    if (seen.has(name as string)) bad(`container name "${String(name)}" appears twice`);
    seen.add(name as string);
    const image = (c as Record<string, unknown>)['image'];
    if (image !== undefined && typeof image !== 'string') bad(`container "${String(name)}" has a non-string image`);
    if (options.requireImages !== false && (typeof image !== 'string' || image.trim() === '')) {
      bad(`container "${String(name)}" has no image`);
    }
  });
  // Tags from the wrapper belong to the revision; keep them so that re-registering keeps them too.
  if (Array.isArray(wrapperTags) && wrapperTags.length > 0 && def['tags'] === undefined) def['tags'] = wrapperTags;
  return def as TaskDefDoc;
}

/** Reads and checks a task definition file. */
export async function readTaskDefinitionFile(
  path: string,
  options: { requireImages?: boolean } = {},
): Promise<TaskDefDoc> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new TaskDefFileError(
      `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  if (text.trim() === '') throw new TaskDefFileError(`${path} is empty`);
  return toTaskDefinition(parseDocument(text, path), path, options);
}
