import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError } from '../runtime/errors.js';
import type { InputReader } from '../runtime/inputs.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
import {
  RESERVED_ENVIRONMENT_KEYS,
  type Architecture,
  type DesiredConfig,
  type EnvironmentMode,
} from '../lambda/config.js';

/** Where the code comes from. A local package (dir or zip) may be staged through bucket. */
export type CodeSource =
  | { kind: 'dir'; path: string; bucket?: string }
  | { kind: 'zip'; path: string; bucket?: string }
  | { kind: 'image'; uri: string }
  | { kind: 's3'; bucket: string; key: string };

export interface LambdaDeployInputs extends AwsCommon {
  /** Function names or ARNs, unqualified, in the order given. */
  functionNames: string[];
  code: CodeSource;
  config: DesiredConfig;
  publish: boolean;
  alias?: string;
  role?: string;
}

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):function:([A-Za-z0-9_-]{1,64})$/;
const LAYER_ARN = /^arn:aws[a-z-]*:lambda:[a-z]{2}(?:-gov)?-[a-z]+-\d:\d{12}:layer:[A-Za-z0-9_-]{1,140}:\d+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const RUNTIME =
  /^(nodejs\d+\.x|python3\.\d+|java\d+(\.al2)?|dotnet(core)?\d+(\.\d+)?|ruby\d+\.\d+|go1\.x|provided(\.al2(023)?)?)$/;
const ALIAS = /^[A-Za-z0-9_-]{1,128}$/;
/** registry[:port]/repository, then :tag, @sha256:digest, or both. */
const IMAGE_URI =
  /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?\/[a-z0-9]+([._/-][a-z0-9]+)*(:\w[\w.-]{0,127}(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ENV_KEY = /^[A-Za-z][A-Za-z0-9_]+$/;
/** Runtimes whose handler is "file.function" (Java is Class::method, custom runtimes anything). */
const DOTTED_HANDLER_RUNTIMES = /^(nodejs|python|ruby)/;

function functionNames(reader: InputReader, region: string): string[] {
  const names = reader.list('function-name', { commas: true });
  if (names.length === 0) throw new InputError('function-name', 'is required');
  const seen = new Set<string>();
  for (const name of names) {
    const arn = FUNCTION_ARN.exec(name);
    if (!arn && !FUNCTION_NAME.test(name)) {
      throw new InputError(
        'function-name',
        `"${name}" is not a function name (letters, digits, - and _, at most 64) or an unqualified function ARN`,
      );
    }
    if (arn && arn[1] !== region) {
      throw new InputError('function-name', `"${name}" is in ${arn[1]}, but calls go to region ${region}`);
    }
    const short = arn?.[3] ?? name;
    if (seen.has(short)) throw new InputError('function-name', `"${short}" is listed twice`);
    seen.add(short);
  }
  return names;
}

function readZipHead(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const head = new Uint8Array(4);
    readSync(fd, head, 0, 4, 0);
    return head;
  } finally {
    closeSync(fd);
  }
}

function codeSource(reader: InputReader): CodeSource {
  const bucket = reader.string('s3-bucket');
  const key = reader.string('s3-key');
  const given = (['source-dir', 'zip-file', 'image-uri', 's3-key'] as const).filter((n) => reader.has(n));
  if (given.length > 1) {
    const label = (n: string): string => (n === 's3-key' ? 's3-bucket + s3-key' : n);
    const [first = '', second = ''] = given;
    throw new InputError(second, `give exactly one code source, not both ${label(first)} and ${label(second)}`);
  }
  if (bucket !== undefined && !BUCKET.test(bucket))
    throw new InputError('s3-bucket', `"${bucket}" is not a valid bucket name`);
  const only = given[0];
  if (only === undefined) {
    if (bucket !== undefined) {
      throw new InputError(
        's3-key',
        'is required with s3-bucket, unless source-dir or zip-file gives the code to upload there',
      );
    }
    throw new InputError(
      'source-dir',
      'one code source is required: source-dir, zip-file, image-uri, or s3-bucket + s3-key',
    );
  }
  if (only === 's3-key' && key !== undefined) {
    if (bucket === undefined) throw new InputError('s3-bucket', 'is required with s3-key');
    if (key.length > 1024) throw new InputError('s3-key', 'is longer than 1024 characters');
    return { kind: 's3', bucket, key };
  }
  if (only === 'image-uri') {
    if (bucket !== undefined)
      throw new InputError('s3-bucket', 'does not apply to image-uri (container images come from ECR)');
    const uri = reader.required('image-uri');
    if (!IMAGE_URI.test(uri)) {
      throw new InputError(
        'image-uri',
        `"${uri}" is not an image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:<digest> or .../repo:tag`,
      );
    }
    return { kind: 'image', uri };
  }
  if (only === 'source-dir') {
    const dir = reader.path('source-dir', existsSync) ?? reader.required('source-dir');
    if (!existsSync(dir)) throw new InputError('source-dir', `directory ${dir} does not exist`);
    if (!statSync(dir).isDirectory()) throw new InputError('source-dir', `${dir} is not a directory`);
    return { kind: 'dir', path: dir, bucket };
  }
  const file = reader.path('zip-file', existsSync) ?? reader.required('zip-file');
  if (!existsSync(file)) throw new InputError('zip-file', `file ${file} does not exist`);
  const info = statSync(file);
  if (!info.isFile()) throw new InputError('zip-file', `${file} is not a file`);
  // Lambda would reject it only after the upload; four bytes tell now.
  const head = readZipHead(file);
  const zipMagic =
    head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
  if (info.size < 22 || !zipMagic) throw new InputError('zip-file', `${file} is not a zip archive`);
  return { kind: 'zip', path: file, bucket };
}

function environment(reader: InputReader): Record<string, string> | undefined {
  const pairs = reader.pairs('environment');
  if (pairs.length === 0) return undefined;
  const vars: Record<string, string> = {};
  for (const { key, value } of pairs) {
    if (!ENV_KEY.test(key)) {
      throw new InputError(
        'environment',
        `"${key}" is not a valid variable name (a letter, then letters, digits or _, at least 2 characters)`,
      );
    }
    if (RESERVED_ENVIRONMENT_KEYS.has(key)) throw new InputError('environment', `"${key}" is reserved by Lambda`);
    if (key in vars) throw new InputError('environment', `"${key}" is given twice`);
    vars[key] = value;
  }
  return vars;
}

function configuration(reader: InputReader, code: CodeSource): DesiredConfig {
  const runtime = reader.string('runtime');
  if (runtime !== undefined && !RUNTIME.test(runtime)) {
    throw new InputError(
      'runtime',
      `"${runtime}" is not a Lambda runtime identifier such as nodejs20.x, python3.12 or provided.al2023`,
    );
  }
  const handler = reader.string('handler');
  if (handler !== undefined) {
    if (handler.length > 128 || /\s/.test(handler)) {
      throw new InputError('handler', `"${handler}" must be at most 128 characters without spaces`);
    }
    if (runtime !== undefined && DOTTED_HANDLER_RUNTIMES.test(runtime) && !/^[^.].*\.[^.]+$/.test(handler)) {
      throw new InputError(
        'handler',
        `"${handler}" should look like file.function (e.g. index.handler) for ${runtime}`,
      );
    }
  }
  const archs = reader.list('architectures', { commas: true });
  if (archs.length > 1) throw new InputError('architectures', 'Lambda takes exactly one architecture: x86_64 or arm64');
  const arch = archs[0];
  if (arch !== undefined && arch !== 'x86_64' && arch !== 'arm64') {
    throw new InputError('architectures', `expected x86_64 or arm64, got "${arch}"`);
  }
  const layerList = reader.list('layers', { commas: true });
  for (const l of layerList) {
    if (!LAYER_ARN.test(l))
      throw new InputError(
        'layers',
        `"${l}" is not a layer version ARN (arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION)`,
      );
  }
  if (layerList.length > 5)
    throw new InputError('layers', `a function takes at most 5 layers, got ${layerList.length}`);
  if (new Set(layerList).size !== layerList.length) throw new InputError('layers', 'lists the same layer twice');
  const description = reader.string('description');
  if (description !== undefined && description.length > 256)
    throw new InputError('description', 'is longer than 256 characters');

  if (code.kind === 'image') {
    // A container image brings its own runtime and entry point; Lambda rejects these for images.
    for (const name of ['handler', 'runtime', 'layers'] as const) {
      if (reader.has(name)) throw new InputError(name, 'does not apply to a container image function (image-uri)');
    }
  }
  return {
    handler,
    runtime,
    memorySize: reader.int('memory-size', { min: 128, max: 10240 }),
    timeout: reader.int('timeout', { min: 1, max: 900 }),
    architecture: arch as Architecture | undefined,
    layers: layerList.length ? layerList : undefined,
    description,
    environment: environment(reader),
    environmentMode: reader.choice<EnvironmentMode>('environment-mode', ['merge', 'replace']) ?? 'merge',
  };
}

export const lambdaDeploy: CommandDefinition<LambdaDeployInputs> = {
  name: 'lambda-deploy',
  title: 'Deploy Lambda functions',
  description:
    'Ship Lambda code (a deterministic zip, an S3 object or a container image) and configuration, skip what is unchanged, publish a version and move an alias.',
  inputs: {
    'function-name': {
      description: 'Function name or ARN; several (one per line) are deployed in parallel with the same code.',
      required: true,
      multiple: true,
    },
    'source-dir': { description: 'Directory to zip (deterministically) as the deployment package.' },
    'zip-file': { description: 'Ready-made deployment package (.zip).' },
    'image-uri': { description: 'Container image for an image function, e.g. the image-uri output of ecr-push.' },
    's3-bucket': {
      description:
        'With s3-key: deploy that existing object. With source-dir or zip-file: stage the package here when it is over the 50 MB direct-upload limit.',
    },
    's3-key': { description: 'Key of a deployment package already in s3-bucket.' },
    handler: { description: 'Handler, e.g. index.handler (changed only when given).' },
    runtime: { description: 'Runtime, e.g. nodejs20.x (changed only when given).' },
    'memory-size': { description: 'Memory in MB, 128-10240 (changed only when given).' },
    timeout: { description: 'Timeout in seconds, 1-900 (changed only when given).' },
    architectures: { description: 'x86_64 or arm64 (changed only when given).' },
    layers: {
      description: 'Layer version ARNs, in order, at most 5 (replace the list; changed only when given).',
      multiple: true,
    },
    description: { description: 'Function description (changed only when given).' },
    environment: {
      description:
        'KEY=VALUE lines merged into the existing variables (see environment-mode); values are never logged.',
      multiple: true,
    },
    'environment-mode': {
      description: 'merge: keep variables not listed; replace: the function gets exactly the listed variables.',
      default: 'merge',
    },
    publish: { description: 'Publish a version when something changed.', default: 'true' },
    alias: { description: 'Alias to create or move to the published version (needs publish).' },
    role: {
      description:
        'Execution role ARN, used only to create a function that does not exist yet (with runtime and handler for a zip).',
    },
    ...awsInputs,
  },
  outputs: {
    'function-arn': 'ARN of the (first) function, unqualified.',
    version: 'Published version of the (first) function; $LATEST when publish is false.',
    'code-sha256': "The (first) function's CodeSha256 after the deployment.",
    changed: 'false when no function needed a change; true when any did (see functions for each one).',
    functions: 'JSON array with name, arn, version, code-sha256 and changed for every function.',
  },
  parse(reader, context) {
    const aws = readAwsCommon(reader, context);
    const names = functionNames(reader, aws.region);
    const code = codeSource(reader);
    const config = configuration(reader, code);
    const role = reader.string('role');
    if (role !== undefined && !ROLE_ARN.test(role)) {
      throw new InputError('role', `"${role}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
    }
    const publish = reader.boolean('publish', true);
    const alias = reader.string('alias');
    if (alias !== undefined) {
      if (!ALIAS.test(alias) || /^\d+$/.test(alias) || alias === '$LATEST') {
        throw new InputError('alias', `"${alias}" is not an alias name (letters, digits, - and _, not only digits)`);
      }
      if (!publish) throw new InputError('alias', 'needs publish: true (the alias is moved to the published version)');
    }
    return { ...aws, functionNames: names, code, config, publish, alias, role };
  },
  load: () => import('../commands/lambda-deploy.js'),
};
