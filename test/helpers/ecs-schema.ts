/*
 * The AWS SDK's own runtime schema of RegisterTaskDefinitionRequest, read the way the SDK reads it:
 * the ground truth that src/ecs/shape.ts (kept by hand, SDK-free) is checked against, and a
 * validator for rendered files that refuses what the API (and `aws ecs register-task-definition
 * --cli-input-json`) would refuse: unknown keys and values of the wrong type.
 *
 * Schema encoding (@smithy/core schema, as generated in dist-es/schemas/schemas_0.js):
 *   0 string, 1 number, 2 boolean, 64|x list of x, 128|x map of x,
 *   [3 | 4, namespace, name, traits, memberNames, memberSchemas, ...] structure (3) or union (4),
 *   [1, namespace, name, traits, memberSchema] list, [2, namespace, name, traits, key, value] map,
 *   and either of those behind a thunk `() => schema` or a member tuple `[() => schema, traits]`.
 */
import * as ecsSdk from '@aws-sdk/client-ecs';

type Raw = unknown;

/** The schema a member entry points to, thunks and member traits removed. */
function resolve(schema: Raw): Raw {
  if (typeof schema === 'function') return resolve((schema as () => Raw)());
  if (Array.isArray(schema) && typeof schema[0] === 'function') return resolve(schema[0]);
  return schema;
}

export const registerRequestSchema = (): Raw =>
  (ecsSdk as unknown as Record<string, Raw>)['RegisterTaskDefinitionRequest$'];

export const taskDefinitionSchema = (): Raw => (ecsSdk as unknown as Record<string, Raw>)['TaskDefinition$'];

/** Member names of a structure schema. */
export function memberNames(schema: Raw): string[] {
  const s = resolve(schema) as Raw[];
  return [...(s[4] as string[])];
}

type Kind =
  | { t: 'string' | 'number' | 'boolean' | 'other' }
  | { t: 'list'; item: Raw }
  | { t: 'map'; value: Raw }
  | { t: 'struct'; members: Map<string, Raw> };

function kind(schema: Raw): Kind {
  const s = resolve(schema);
  if (typeof s === 'number') {
    if (s & 64) return { t: 'list', item: s & ~64 };
    if (s & 128) return { t: 'map', value: s & ~128 };
    if (s === 0) return { t: 'string' };
    if (s === 1) return { t: 'number' };
    if (s === 2) return { t: 'boolean' };
    return { t: 'other' };
  }
  if (Array.isArray(s)) {
    if (s[0] === 3 || s[0] === 4) {
      const names = s[4] as string[];
      const members = s[5] as Raw[];
      return { t: 'struct', members: new Map(names.map((n, i) => [n, members[i]])) };
    }
    if (s[0] === 1) return { t: 'list', item: s[4] };
    if (s[0] === 2) return { t: 'map', value: s[5] };
  }
  return { t: 'other' };
}

/** Every path below the schema where the API wants a string: family, containerDefinitions[].environment[].value, ... */
export function stringPaths(schema: Raw = registerRequestSchema(), path = ''): string[] {
  const k = kind(schema);
  switch (k.t) {
    case 'string':
      return [path];
    case 'list':
      return stringPaths(k.item, `${path}[]`);
    case 'map':
      return stringPaths(k.value, `${path}{}`);
    case 'struct':
      return [...k.members].flatMap(([name, member]) => stringPaths(member, path ? `${path}.${name}` : name));
    default:
      return [];
  }
}

/**
 * What botocore's parameter validation would say about a document as RegisterTaskDefinition input:
 * unknown keys and values of the wrong type, by path. Empty when the document would be accepted.
 */
export function validateRegisterInput(doc: unknown, schema: Raw = registerRequestSchema(), path = ''): string[] {
  const k = kind(schema);
  const at = path || '(root)';
  switch (k.t) {
    case 'string':
      return typeof doc === 'string' ? [] : [`${at}: expected a string, got ${JSON.stringify(doc)}`];
    case 'number':
      return typeof doc === 'number' ? [] : [`${at}: expected a number, got ${JSON.stringify(doc)}`];
    case 'boolean':
      return typeof doc === 'boolean' ? [] : [`${at}: expected a boolean, got ${JSON.stringify(doc)}`];
    case 'list':
      if (!Array.isArray(doc)) return [`${at}: expected a list`];
      return doc.flatMap((item, i) => validateRegisterInput(item, k.item, `${path}[${i}]`));
    case 'map':
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [`${at}: expected a map`];
      return Object.entries(doc).flatMap(([key, v]) => validateRegisterInput(v, k.value, `${path}.${key}`));
    case 'struct': {
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [`${at}: expected an object`];
      return Object.entries(doc).flatMap(([key, v]) => {
        const member = k.members.get(key);
        const sub = path ? `${path}.${key}` : key;
        return member === undefined ? [`${sub}: unknown parameter`] : validateRegisterInput(v, member, sub);
      });
    }
    default:
      return [];
  }
}
