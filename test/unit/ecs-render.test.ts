import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { artifactText, imageDefinitions, imageDetail } from '../../src/ecs/artifacts.js';
import {
  READ_ONLY_FIELDS,
  RenderError,
  imageProblem,
  parseImageRef,
  renderTaskDefinition,
  stripForRegister,
  tagWarning,
  type RenderRequest,
} from '../../src/ecs/render.js';
import {
  TaskDefFileError,
  parseDocument,
  readTaskDefinitionFile,
  toTaskDefinition,
} from '../../src/ecs/taskdef-file.js';

const fixture = (name: string): string => join(process.cwd(), 'test/fixtures/ecs', name);
const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const none: RenderRequest = { images: [], environment: [], secrets: [], dockerLabels: [] };

describe('reading task definition files', () => {
  it('reads a registered Fargate revision as printed by describe-task-definition --query taskDefinition', async () => {
    const def = await readTaskDefinitionFile(fixture('fargate.json'));
    expect(def.family).toBe('web-api');
    expect(def.containerDefinitions.map((c) => c.name)).toEqual(['api']);
  });

  it('unwraps the {"taskDefinition": ..., "tags": [...]} describe output and keeps its tags', async () => {
    const def = await readTaskDefinitionFile(fixture('describe-wrapper.json'));
    expect(def.family).toBe('billing');
    expect(def['tags']).toEqual([{ key: 'team', value: 'payments' }]);
    expect(def['taskDefinition']).toBeUndefined();
  });

  it('reads YAML, with a placeholder image allowed only when the render fills it in', async () => {
    const def = await readTaskDefinitionFile(fixture('fargate.yaml'), { requireImages: false });
    expect(def.family).toBe('docs-site');
    expect(def.cpu).toBe('256'); // the API's type, as written
    expect(def.containerDefinitions[0]?.environment).toContainEqual({ name: 'EMPTY_ON_PURPOSE', value: '' });
  });

  it.each([
    ['not-a-taskdef.json', /not a task definition: expected an object.*got a list/],
    ['cloudformation.yaml', /PascalCase/],
    ['broken.json', /is not valid JSON/],
    ['no-containers.json', /has no containerDefinitions/],
  ])('refuses %s with a clear reason', async (name, reason) => {
    await expect(readTaskDefinitionFile(fixture(name))).rejects.toThrow(reason);
    await expect(readTaskDefinitionFile(fixture(name))).rejects.toBeInstanceOf(TaskDefFileError);
  });

  it('refuses duplicate container names, a missing family, a missing image and an empty file', async () => {
    const two = {
      family: 'x',
      containerDefinitions: [
        { name: 'a', image: 'i' },
        { name: 'a', image: 'j' },
      ],
    };
    expect(() => toTaskDefinition(two, 'f.json')).toThrow(/"a" appears twice/);
    expect(() => toTaskDefinition({ containerDefinitions: [{ name: 'a', image: 'i' }] }, 'f.json')).toThrow(
      /no family/,
    );
    expect(() => toTaskDefinition({ family: 'x', containerDefinitions: [{ name: 'a' }] }, 'f.json')).toThrow(
      /container "a" has no image/,
    );
    expect(() => parseDocument('{"a":', 'x.json')).toThrow(/not valid JSON/);
    expect(() => parseDocument('a: [1,', 'x.yaml')).toThrow(/not valid YAML/);
    await expect(readTaskDefinitionFile(fixture('does-not-exist.json'))).rejects.toThrow(/cannot read .*ENOENT/);
  });
});

describe('stripForRegister', () => {
  it('removes every read-only field and every null, keeps empty strings, and makes cpu/memory strings', async () => {
    const raw = await readTaskDefinitionFile(fixture('fargate.json'));
    const def = stripForRegister(raw);
    for (const f of READ_ONLY_FIELDS) expect(def).not.toHaveProperty(f);
    expect(def).not.toHaveProperty('ephemeralStorage');
    expect(def.containerDefinitions[0]?.environment).toContainEqual({ name: 'FEATURE_FLAGS', value: '' });
    expect(JSON.stringify(def)).not.toContain('null');
    expect(raw).toHaveProperty('revision', 41); // the input is not modified
    expect(stripForRegister({ family: 'f', containerDefinitions: [], cpu: 256 as never }).cpu).toBe('256');
  });

  it('writes task cpu and memory in the numeric form ECS stores ("1 vCPU" is 1024, "2 GB" is 2048)', () => {
    const size = (cpu: string, memory: string) => {
      const d = stripForRegister({ family: 'f', containerDefinitions: [], cpu, memory });
      return [d.cpu, d.memory];
    };
    expect(size('1 vCPU', '2 GB')).toEqual(['1024', '2048']);
    expect(size('0.25 vcpu', '0.5GB')).toEqual(['256', '512']);
    expect(size('4vCPU', '30 gb')).toEqual(['4096', '30720']);
    expect(size('512', '1024')).toEqual(['512', '1024']);
    // Not a whole number of units: left for ECS to refuse with its own message.
    expect(size('0.3 vCPU', '1 TB')).toEqual(['0.3 vCPU', '1 TB']);
  });
});

describe('image references', () => {
  it('tells digest from tag, also with a registry port', () => {
    expect(parseImageRef(`repo@${DIGEST}`)).toEqual({ digest: DIGEST });
    expect(parseImageRef('localhost:5000/team/app:1.2')).toEqual({ tag: '1.2' });
    expect(parseImageRef('localhost:5000/team/app')).toEqual({});
    expect(tagWarning('web', `repo@${DIGEST}`)).toBeUndefined();
    expect(tagWarning('web', 'repo:1.2')).toMatch(/by tag \(:1\.2\).*pin the digest/);
    expect(tagWarning('web', 'repo')).toMatch(/without tag or digest/);
    expect(imageProblem('repo@sha256:abc')).toMatch(/malformed digest/);
    expect(imageProblem('repo with space')).toMatch(/not an image reference/);
  });
});

describe('renderTaskDefinition', () => {
  it('sets the image of the only container and warns about a tag but not a digest', async () => {
    const src = await readTaskDefinitionFile(fixture('fargate.json'));
    const pinned = renderTaskDefinition(src, { ...none, images: [{ container: 'api', image: `repo@${DIGEST}` }] });
    expect(pinned.taskDefinition.containerDefinitions[0]?.image).toBe(`repo@${DIGEST}`);
    expect(pinned.warnings).toEqual([]);
    const tagged = renderTaskDefinition(src, { ...none, images: [{ container: 'api', image: 'repo:2.0.0' }] });
    expect(tagged.warnings).toHaveLength(1);
    expect(tagged.warnings[0]).toContain('repo:2.0.0');
    expect(src.containerDefinitions[0]?.image).toContain('web-api:1.4.2'); // pure
  });

  it('updates environment in place, appends new keys, keeps empty values, and never logs values', async () => {
    const src = await readTaskDefinitionFile(fixture('fargate.json'));
    const { taskDefinition, changes } = renderTaskDefinition(src, {
      ...none,
      environment: [
        { key: 'LOG_LEVEL', value: 'debug' },
        { key: 'NEW_ONE', value: 'a=b=c' },
        { key: 'BLANK', value: '' },
      ],
    });
    expect(taskDefinition.containerDefinitions[0]?.environment).toEqual([
      { name: 'NODE_ENV', value: 'production' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'FEATURE_FLAGS', value: '' },
      { name: 'NEW_ONE', value: 'a=b=c' },
      { name: 'BLANK', value: '' },
    ]);
    expect(changes.join('\n')).toContain('LOG_LEVEL, NEW_ONE, BLANK');
    expect(changes.join('\n')).not.toContain('debug');
  });

  it('sets secrets, labels, cpu and memory', async () => {
    const src = await readTaskDefinitionFile(fixture('fargate.yaml'), { requireImages: false });
    const { taskDefinition: def } = renderTaskDefinition(src, {
      ...none,
      images: [{ container: 'web', image: `registry.example.com/docs@${DIGEST}` }],
      secrets: [{ key: 'TOKEN', value: 'arn:aws:ssm:us-east-1:123456789012:parameter/docs/token' }],
      dockerLabels: [{ key: 'com.example.release', value: 'v3' }],
      cpu: '1 vCPU',
      memory: '2048',
    });
    const web = def.containerDefinitions[0];
    expect(web?.secrets).toEqual([
      { name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/docs/token' },
    ]);
    expect(web?.dockerLabels).toEqual({ 'com.example.owner': 'docs', 'com.example.release': 'v3' });
    expect(def.cpu).toBe('1024');
    expect(def.memory).toBe('2048');
  });

  it('sets images of several containers and needs container-name for environment when there are several', async () => {
    const src = await readTaskDefinitionFile(fixture('multi-container.json'));
    const { taskDefinition: def } = renderTaskDefinition(src, {
      ...none,
      images: [
        { container: 'app', image: `repo/app@${DIGEST}` },
        { container: 'nginx', image: `repo/nginx@${DIGEST}` },
      ],
      containers: ['app'],
      environment: [{ key: 'PORT', value: '3001' }],
    });
    expect(def.containerDefinitions.map((c) => c.image)).toEqual([
      `repo/app@${DIGEST}`,
      `repo/nginx@${DIGEST}`,
      'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
    ]);
    expect(def.containerDefinitions[0]?.environment).toEqual([{ name: 'PORT', value: '3001' }]);
    expect(def.containerDefinitions[1]?.environment).toBeUndefined();
    expect(() => renderTaskDefinition(src, { ...none, environment: [{ key: 'A', value: 'b' }] })).toThrow(
      /several containers \(app, nginx, log-router\)/,
    );
  });

  it('names the containers that exist when one is unknown', async () => {
    const src = await readTaskDefinitionFile(fixture('multi-container.json'));
    let error: unknown;
    try {
      renderTaskDefinition(src, { ...none, images: [{ container: 'ap', image: 'x:1' }] });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).message).toBe(
      'the task definition has no container "ap"; its containers are: app, nginx, log-router',
    );
  });

  it('refuses a name that would be both a variable and a secret, and a container left without image', async () => {
    const src = await readTaskDefinitionFile(fixture('fargate.json'));
    expect(() => renderTaskDefinition(src, { ...none, environment: [{ key: 'DATABASE_URL', value: 'x' }] })).toThrow(
      /DATABASE_URL would be both/,
    );
    const yaml = await readTaskDefinitionFile(fixture('fargate.yaml'), { requireImages: false });
    yaml.containerDefinitions[0]!.image = '';
    expect(() => renderTaskDefinition(yaml, none)).toThrow(/container "web" has no image/);
  });

  it('keeps an EC2 definition as it is apart from the change', async () => {
    const src = await readTaskDefinitionFile(fixture('ec2.json'));
    const { taskDefinition: def } = renderTaskDefinition(src, {
      ...none,
      images: [{ container: 'worker', image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker@${DIGEST}` }],
    });
    expect({ ...def, containerDefinitions: undefined }).toEqual({ ...src, containerDefinitions: undefined });
    expect(def.containerDefinitions[0]?.portMappings).toEqual([{ containerPort: 9100, hostPort: 0 }]);
  });
});

describe('CodePipeline artifacts', () => {
  it('imagedefinitions.json is a list of {name, imageUri} in container order', async () => {
    const def = await readTaskDefinitionFile(fixture('multi-container.json'));
    const parsed = JSON.parse(artifactText(imageDefinitions(def))) as unknown;
    expect(parsed).toEqual([
      {
        name: 'app',
        imageUri:
          '123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront@sha256:0f3b1e0f4a36b54a0c1d3f1e9a8e2d3c4b5a69788796a5b4c3d2e1f00112233a',
      },
      { name: 'nginx', imageUri: 'public.ecr.aws/nginx/nginx:1.27' },
      { name: 'log-router', imageUri: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable' },
    ]);
    for (const entry of parsed as object[]) expect(Object.keys(entry)).toEqual(['name', 'imageUri']);
  });

  it('imageDetail.json is exactly {"ImageURI": ...} for the chosen container', async () => {
    const def = await readTaskDefinitionFile(fixture('multi-container.json'));
    expect(imageDetail(def, { container: 'nginx' })).toEqual({ ImageURI: 'public.ecr.aws/nginx/nginx:1.27' });
    expect(imageDetail(def, { setImages: ['nginx'] })).toEqual({ ImageURI: 'public.ecr.aws/nginx/nginx:1.27' });
    expect(Object.keys(imageDetail(def, { container: 'app' }))).toEqual(['ImageURI']);
    expect(imageDetail(def, { container: 'app', setImages: ['app', 'nginx'] }).ImageURI).toContain(
      'storefront@sha256:',
    );
    expect(artifactText(imageDetail(def, { container: 'app' })).endsWith('}\n')).toBe(true);
    const single = await readTaskDefinitionFile(fixture('fargate.json'));
    expect(imageDetail(single).ImageURI).toContain('web-api:1.4.2');
  });

  it('imageDetail.json never guesses the container (the first essential one may be a sidecar)', async () => {
    const def = await readTaskDefinitionFile(fixture('multi-container.json'));
    const problem = (options: Parameters<typeof imageDetail>[1]) => {
      try {
        imageDetail(def, options);
      } catch (err) {
        return err instanceof RenderError ? `${err.input}: ${err.message}` : String(err);
      }
      return 'no error';
    };
    expect(problem({ setImages: ['app', 'nginx'] })).toMatch(
      /^container-name: is required with image-detail-file when this render sets several images \(app, nginx\)/,
    );
    expect(problem({})).toMatch(
      /^container-name: is required with image-detail-file when the task definition has several containers \(app, nginx, log-router\)/,
    );
    expect(problem({ container: 'ngnix' })).toBe(
      'container-name: the task definition has no container "ngnix"; its containers are: app, nginx, log-router',
    );
  });
});
