import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { READ_ONLY_FIELDS, droppedKeysWarning, renderTaskDefinition, stripForRegister } from '../../src/ecs/render.js';
import {
  REGISTER_KEYS,
  S,
  TASK_DEFINITION_SHAPE,
  conformDocument,
  conformStrings,
  type Shape,
} from '../../src/ecs/shape.js';
import { parseDocument, readTaskDefinitionFile } from '../../src/ecs/taskdef-file.js';
import {
  memberNames,
  registerRequestSchema,
  stringPaths,
  taskDefinitionSchema,
  validateRegisterInput,
} from '../helpers/ecs-schema.js';

const fixture = (name: string): string => join(process.cwd(), 'test/fixtures/ecs', name);
const DIGEST = `sha256:${'ab12'.repeat(16)}`;

/** The string paths the hand-kept table knows, in the notation of stringPaths(). */
function shapePaths(shape: Shape, path = ''): string[] {
  if (shape === S) return [path];
  if (Array.isArray(shape)) return shapePaths((shape as readonly [Shape])[0], `${path}[]`);
  const members = shape as Record<string, Shape>;
  if (members['*']) return shapePaths(members['*'], `${path}{}`);
  return Object.entries(members).flatMap(([k, v]) => shapePaths(v, path ? `${path}.${k}` : k));
}

/** A document with `leaf(i)` at every given path (lists get one item, maps one key). */
function documentWith(paths: string[], leaf: (i: number) => unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  paths.forEach((path, i) => {
    let node: Record<string, unknown> | unknown[] = root;
    const steps = path.split('.').flatMap((part) => {
      const m = /^([^[{]+)((?:\[\]|\{\})*)$/.exec(part) as RegExpExecArray;
      return [m[1] as string, ...((m[2] ?? '').match(/\[\]|\{\}/g) ?? [])];
    });
    steps.forEach((step, j) => {
      const last = j === steps.length - 1;
      const next = steps[j + 1];
      const make = (): unknown => (last ? leaf(i) : next === '[]' ? [] : {});
      if (Array.isArray(node)) {
        if (node.length === 0 || last) node[0] = node[0] ?? make();
        node = node[0] as Record<string, unknown>;
      } else {
        const key = step === '{}' ? 'some-key' : step;
        if (node[key] === undefined || last) node[key] = node[key] ?? make();
        node = node[key] as Record<string, unknown>;
      }
    });
  });
  return root;
}

describe('the RegisterTaskDefinition shape kept in src/ecs/shape.ts matches the SDK’s schema', () => {
  it('knows every string field of RegisterTaskDefinitionRequest, and no other', () => {
    const sdk = stringPaths(registerRequestSchema()).sort();
    expect(sdk).toContain('containerDefinitions[].environment[].value');
    expect(sdk).toContain('containerDefinitions[].dockerLabels{}');
    expect(shapePaths(TASK_DEFINITION_SHAPE).sort()).toEqual(sdk);
  });

  it('REGISTER_KEYS are exactly the request’s top-level keys; READ_ONLY_FIELDS the rest of a described revision', () => {
    expect([...REGISTER_KEYS].sort()).toEqual(memberNames(registerRequestSchema()).sort());
    const described = memberNames(taskDefinitionSchema()).filter((k) => !REGISTER_KEYS.includes(k));
    expect([...READ_ONLY_FIELDS].sort()).toEqual(described.sort());
  });

  it('turns a number or boolean at every string field into a string the API accepts', () => {
    const paths = stringPaths(registerRequestSchema());
    const doc = documentWith(paths, (i) => (i % 3 === 1 ? true : i));
    // The validator does see the problem before...
    expect(validateRegisterInput(doc).length).toBeGreaterThanOrEqual(paths.length);
    expect(validateRegisterInput(doc)).toContain('family: expected a string, got 0');
    // ...and nothing after.
    expect(validateRegisterInput(conformDocument(doc))).toEqual([]);
  });

  it('leaves numbers and booleans where the API wants them, and fields it does not know', () => {
    const container = {
      name: 'a',
      image: 'i',
      memory: 256,
      essential: true,
      portMappings: [{ containerPort: 80, hostPort: 80 }],
      healthCheck: { command: ['CMD', 1], retries: 3 },
      someFutureField: 5,
    };
    expect(conformStrings({ family: 'f', containerDefinitions: [container] }, TASK_DEFINITION_SHAPE)).toEqual({
      family: 'f',
      containerDefinitions: [{ ...container, healthCheck: { command: ['CMD', '1'], retries: 3 } }],
    });
    // The describe-task-definition wrapper gets the same treatment, tags included.
    expect(conformDocument({ taskDefinition: { family: 'f', cpu: 256 }, tags: [{ key: 'n', value: 1 }] })).toEqual({
      taskDefinition: { family: 'f', cpu: '256' },
      tags: [{ key: 'n', value: '1' }],
    });
  });
});

describe('YAML values that are not strings', () => {
  it('reads them as the strings that were written, where the API wants strings', async () => {
    const def = await readTaskDefinitionFile(fixture('typed-values.yaml'), { requireImages: false });
    const app = def.containerDefinitions[0] as Record<string, unknown>;
    expect(app['environment']).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'FEATURE_X', value: 'false' },
      { name: 'APP_VERSION', value: '1.10' },
      { name: 'BILLING_ACCOUNT', value: '012345678901' },
      { name: 'QUOTED', value: '7' },
      { name: 'EMPTY', value: '' },
    ]);
    expect(app['dockerLabels']).toEqual({ version: '2', 'com.example.canary': 'true' });
    expect(app['user']).toBe('1000');
    expect(app['command']).toEqual(['serve', '--port', '8080']);
    expect((app['logConfiguration'] as { options: unknown }).options).toMatchObject({
      'awslogs-create-group': 'true',
    });
    expect(def['tags']).toEqual([{ key: 'cost-center', value: '4711' }]);
    // Numbers and booleans the API wants as such stay so.
    expect(app['portMappings']).toEqual([{ containerPort: 8080 }]);
    expect(app['essential']).toBe(true);
    expect(app['ulimits']).toEqual([{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }]);
    expect((app['healthCheck'] as { interval: unknown }).interval).toBe(30);
  });

  it('JSON numbers at string fields become strings too', () => {
    const doc = parseDocument(
      '{"family":"j","containerDefinitions":[{"name":"a","image":"i","environment":[{"name":"N","value":8080}],' +
        '"secrets":[{"name":"S","valueFrom":42}],"dockerLabels":{"v":2}}]}',
      'td.json',
    ) as { containerDefinitions: Array<Record<string, unknown>> };
    expect(doc.containerDefinitions[0]).toMatchObject({
      environment: [{ name: 'N', value: '8080' }],
      secrets: [{ name: 'S', valueFrom: '42' }],
      dockerLabels: { v: '2' },
    });
  });

  it('the rendered typed fixture is valid RegisterTaskDefinition input', async () => {
    const src = await readTaskDefinitionFile(fixture('typed-values.yaml'), { requireImages: false });
    const { taskDefinition } = renderTaskDefinition(src, {
      images: [{ container: 'app', image: `repo@${DIGEST}` }],
      environment: [],
      secrets: [],
      dockerLabels: [],
    });
    expect(validateRegisterInput(JSON.parse(JSON.stringify(taskDefinition)))).toEqual([]);
  });
});

describe('keys RegisterTaskDefinition does not take', () => {
  it('drops them, and names only the unknown ones (not the read-only fields of a describe output)', async () => {
    const src = await readTaskDefinitionFile(fixture('extra-keys.json'));
    const def = stripForRegister(src);
    expect(Object.keys(def).sort()).toEqual([
      'containerDefinitions',
      'family',
      'requiresCompatibilities',
      'runtimePlatform',
    ]);
    expect(validateRegisterInput(JSON.parse(JSON.stringify(def)))).toEqual([]);
    expect(droppedKeysWarning(src)).toMatch(
      /^the task definition has keys RegisterTaskDefinition does not take, left out: description, enviroment \(check the spelling/,
    );
    expect(droppedKeysWarning(def)).toBeUndefined();
    const rendered = renderTaskDefinition(src, { images: [], environment: [], secrets: [], dockerLabels: [] });
    expect(rendered.warnings).toEqual([droppedKeysWarning(src)]);
    expect(rendered.taskDefinition).toEqual(def);
  });
});
