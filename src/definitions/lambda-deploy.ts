import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError, errorMessage } from '../runtime/errors.js';
import type { InputReader } from '../runtime/inputs.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
import { readReleaseOptions, releaseInputs, type ReleaseOptions } from './release-inputs.js';
import {
  RESERVED_ENVIRONMENT_KEYS,
  type Architecture,
  type DesiredConfig,
  type EnvironmentMode,
  type FileSystemConfig,
  type ImageConfig,
  type LoggingConfig,
  type VpcConfig,
} from '../lambda/config.js';

/** Where the code comes from. A local package (dir or zip) may be staged through bucket. */
export type CodeSource =
  | { kind: 'dir'; path: string; bucket?: string }
  | { kind: 'zip'; path: string; bucket?: string }
  | { kind: 'image'; uri: string }
  | { kind: 's3'; bucket: string; key: string };

export interface LambdaDeployInputs extends AwsCommon {
  /** Set with release-store: the alias move is recorded in the release (and the function locked). */
  release?: ReleaseOptions;
  /** Function names or ARNs, unqualified, in the order given. */
  functionNames: string[];
  code: CodeSource;
  /** Customer managed key for the zip package (sent with the code). */
  sourceKmsKeyArn?: string;
  config: DesiredConfig;
  /** Tags to add or change (never removed). */
  tags?: Record<string, string>;
  codeSigningConfigArn?: string;
  /** Deploy only if the function is still at this RevisionId. */
  revisionId?: string;
  publish: boolean;
  alias?: string;
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
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const CODE_SIGNING_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:code-signing-config:csc-[a-z0-9]{17}$/;
const DLQ_ARN = /^arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/;
const EFS_ACCESS_POINT_ARN = /^arn:aws[a-z-]*:elasticfilesystem:[a-z0-9-]+:\d{12}:access-point\/fsap-[a-f0-9]{8,40}$/;
const SUBNET_ID = /^subnet-[a-z0-9]+$/;
const SECURITY_GROUP_ID = /^sg-[a-z0-9]+$/;
const LOG_GROUP = /^[\w\-/.#]{1,512}$/;
const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const;
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

/** source-dir or, under the official action's name, code-artifacts-dir: the input the user gave. */
function dirInput(reader: InputReader): 'source-dir' | 'code-artifacts-dir' {
  if (reader.has('code-artifacts-dir')) {
    if (reader.has('source-dir')) {
      throw new InputError('code-artifacts-dir', 'is another name for source-dir: give only one of them');
    }
    return 'code-artifacts-dir';
  }
  return 'source-dir';
}

function codeSource(reader: InputReader): CodeSource {
  const bucket = reader.string('s3-bucket');
  const key = reader.string('s3-key');
  const dirName = dirInput(reader);
  const given = ([dirName, 'zip-file', 'image-uri', 's3-key'] as const).filter((n) => reader.has(n));
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
    if (reader.value('package-type') === 'Image') {
      throw new InputError('image-uri', 'is required with package-type Image');
    }
    throw new InputError(
      'source-dir',
      'one code source is required: source-dir (or code-artifacts-dir), zip-file, image-uri, or s3-bucket + s3-key',
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
  if (only === 'source-dir' || only === 'code-artifacts-dir') {
    const dir = reader.path(only, existsSync) ?? reader.required(only);
    if (!existsSync(dir)) throw new InputError(only, `directory ${dir} does not exist`);
    if (!statSync(dir).isDirectory()) throw new InputError(only, `${dir} is not a directory`);
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

/** package-type, as the official action spells it: it must agree with the code source. */
function checkPackageType(reader: InputReader, code: CodeSource): void {
  const type = reader.choice<'Zip' | 'Image'>('package-type', ['Zip', 'Image']);
  if (type === 'Image' && code.kind !== 'image') {
    throw new InputError('package-type', 'is Image, so the code must come from image-uri');
  }
  if (type === 'Zip' && code.kind === 'image') {
    throw new InputError('package-type', 'is Zip, but image-uri gives a container image (use package-type: Image)');
  }
}

// ── JSON inputs, in the shapes the official action (and Lambda's API) use ──

type Json = Record<string, unknown>;

/** A JSON object with only the keys Lambda knows: a misspelt key is an error, not a silent no-op. */
function jsonObject(name: string, value: unknown, keys: readonly string[], what = 'a JSON object'): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(name, `must be ${what}`);
  }
  for (const k of Object.keys(value)) {
    if (!keys.includes(k)) throw new InputError(name, `has an unknown key "${k}" (expected ${keys.join(', ')})`);
  }
  return value as Json;
}

function stringList(name: string, value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new InputError(name, `${field} must be an array of strings`);
  }
  return value;
}

function vpcConfig(reader: InputReader): VpcConfig | undefined {
  const raw = reader.json('vpc-config');
  if (raw === undefined) return undefined;
  const o = jsonObject('vpc-config', raw, ['SubnetIds', 'SecurityGroupIds', 'Ipv6AllowedForDualStack']);
  if (!('SubnetIds' in o)) throw new InputError('vpc-config', "must include 'SubnetIds' as an array");
  if (!('SecurityGroupIds' in o)) throw new InputError('vpc-config', "must include 'SecurityGroupIds' as an array");
  const subnets = stringList('vpc-config', o['SubnetIds'], 'SubnetIds');
  const groups = stringList('vpc-config', o['SecurityGroupIds'], 'SecurityGroupIds');
  for (const id of subnets) {
    if (!SUBNET_ID.test(id)) throw new InputError('vpc-config', `"${id}" is not a subnet id (subnet-...)`);
  }
  for (const id of groups) {
    if (!SECURITY_GROUP_ID.test(id)) throw new InputError('vpc-config', `"${id}" is not a security group id (sg-...)`);
  }
  if (subnets.length > 16) throw new InputError('vpc-config', `at most 16 SubnetIds, got ${subnets.length}`);
  if (groups.length > 5) throw new InputError('vpc-config', `at most 5 SecurityGroupIds, got ${groups.length}`);
  if (new Set(subnets).size !== subnets.length) throw new InputError('vpc-config', 'lists a subnet twice');
  if (new Set(groups).size !== groups.length) throw new InputError('vpc-config', 'lists a security group twice');
  // Both empty detaches the function from its VPC; one without the other Lambda rejects.
  if ((subnets.length === 0) !== (groups.length === 0)) {
    throw new InputError(
      'vpc-config',
      'needs both SubnetIds and SecurityGroupIds, or both empty to take the function out of its VPC',
    );
  }
  const ipv6 = o['Ipv6AllowedForDualStack'];
  if (ipv6 !== undefined && typeof ipv6 !== 'boolean') {
    throw new InputError('vpc-config', 'Ipv6AllowedForDualStack must be true or false');
  }
  return {
    SubnetIds: subnets,
    SecurityGroupIds: groups,
    ...(ipv6 !== undefined ? { Ipv6AllowedForDualStack: ipv6 } : {}),
  };
}

function deadLetterTarget(reader: InputReader): string | undefined {
  const raw = reader.json('dead-letter-config');
  if (raw === undefined) return undefined;
  const o = jsonObject('dead-letter-config', raw, ['TargetArn']);
  const arn = o['TargetArn'];
  if (typeof arn !== 'string') throw new InputError('dead-letter-config', "must include 'TargetArn'");
  if (arn !== '' && !DLQ_ARN.test(arn)) {
    throw new InputError(
      'dead-letter-config',
      `TargetArn "${arn}" is not an SQS queue or SNS topic ARN ("" removes the dead-letter target)`,
    );
  }
  return arn;
}

function enumField<T extends string>(name: string, o: Json, field: string, options: readonly T[]): T | undefined {
  const v = o[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
    throw new InputError(
      name,
      `${field} must be ${options.map((x) => `'${x}'`).join(' or ')}, got ${JSON.stringify(v)}`,
    );
  }
  return v as T;
}

function requiredEnum<T extends string>(name: string, o: Json, field: string, options: readonly T[]): T {
  const v = enumField(name, o, field, options);
  if (v === undefined) throw new InputError(name, `must include '${field}' (${options.join(' or ')})`);
  return v;
}

function fileSystemConfigs(reader: InputReader): FileSystemConfig[] | undefined {
  const raw = reader.json('file-system-configs');
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw new InputError('file-system-configs', 'must be a JSON array');
  if (raw.length > 1)
    throw new InputError('file-system-configs', `Lambda takes at most one file system, got ${raw.length}`);
  return raw.map((item: unknown) => {
    const o = jsonObject('file-system-configs', item, ['Arn', 'LocalMountPath'], 'an array of objects');
    const arn = o['Arn'];
    const mount = o['LocalMountPath'];
    if (typeof arn !== 'string' || typeof mount !== 'string') {
      throw new InputError('file-system-configs', "each entry must include 'Arn' and 'LocalMountPath'");
    }
    if (!EFS_ACCESS_POINT_ARN.test(arn)) {
      throw new InputError('file-system-configs', `"${arn}" is not an EFS access point ARN`);
    }
    if (!/^\/mnt\/[a-zA-Z0-9-_.]+$/.test(mount)) {
      throw new InputError('file-system-configs', `LocalMountPath "${mount}" must be /mnt/NAME`);
    }
    return { Arn: arn, LocalMountPath: mount };
  });
}

function imageConfig(reader: InputReader): ImageConfig | undefined {
  const raw = reader.json('image-config');
  if (raw === undefined) return undefined;
  const o = jsonObject('image-config', raw, ['EntryPoint', 'Command', 'WorkingDirectory']);
  const out: ImageConfig = {};
  if (o['EntryPoint'] !== undefined) out.EntryPoint = stringList('image-config', o['EntryPoint'], 'EntryPoint');
  if (o['Command'] !== undefined) out.Command = stringList('image-config', o['Command'], 'Command');
  const wd = o['WorkingDirectory'];
  if (wd !== undefined) {
    if (typeof wd !== 'string') throw new InputError('image-config', 'WorkingDirectory must be a string');
    out.WorkingDirectory = wd;
  }
  return out;
}

function loggingConfig(reader: InputReader): LoggingConfig | undefined {
  const raw = reader.json('logging-config');
  if (raw === undefined) return undefined;
  const name = 'logging-config';
  const o = jsonObject(name, raw, ['LogFormat', 'ApplicationLogLevel', 'SystemLogLevel', 'LogGroup']);
  const format = enumField(name, o, 'LogFormat', ['Text', 'JSON'] as const);
  const app = enumField(name, o, 'ApplicationLogLevel', APPLICATION_LOG_LEVELS);
  const sys = enumField(name, o, 'SystemLogLevel', SYSTEM_LOG_LEVELS);
  if ((app || sys) && format !== 'JSON') {
    throw new InputError(name, 'ApplicationLogLevel and SystemLogLevel need "LogFormat": "JSON"');
  }
  const group = o['LogGroup'];
  if (group !== undefined && (typeof group !== 'string' || !LOG_GROUP.test(group))) {
    throw new InputError(name, `LogGroup ${JSON.stringify(group)} is not a log group name`);
  }
  return {
    ...(format ? { LogFormat: format } : {}),
    ...(app ? { ApplicationLogLevel: app } : {}),
    ...(sys ? { SystemLogLevel: sys } : {}),
    ...(typeof group === 'string' ? { LogGroup: group } : {}),
  };
}

function tags(reader: InputReader): Record<string, string> | undefined {
  const raw = reader.json('tags');
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError('tags', 'must be a JSON object of key-value pairs, e.g. {"Team":"DevOps"}');
  }
  const out: Record<string, string> = {};
  const entries = Object.entries(raw);
  if (entries.length > 50) throw new InputError('tags', `a function takes at most 50 tags, got ${entries.length}`);
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw new InputError('tags', `the value of "${k}" must be a string`);
    if (k.length < 1 || k.length > 128) throw new InputError('tags', `key "${k}" must be 1-128 characters`);
    if (v.length > 256) throw new InputError('tags', `the value of "${k}" is longer than 256 characters`);
    if (/^aws:/i.test(k)) throw new InputError('tags', `key "${k}" uses the reserved aws: prefix`);
    out[k] = v;
  }
  return out;
}

function arnInput(reader: InputReader, name: string, pattern: RegExp, what: string): string | undefined {
  const v = reader.string(name);
  if (v !== undefined && !pattern.test(v)) throw new InputError(name, `"${v}" is not ${what}`);
  return v;
}

/**
 * JSON.parse of a value that may hold secrets: V8's message can quote the text around the error, so
 * only the position is kept.
 */
function secretJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const at = /position (\d+)/.exec(errorMessage(err))?.[1];
    throw new InputError('environment', `is not valid JSON${at ? ` (error at position ${at})` : ''}`);
  }
}

/** Variables as the official action takes them (a JSON object), or as KEY=VALUE lines. */
function environment(reader: InputReader): Record<string, string> | undefined {
  const text = reader.value('environment');
  if (text === '') return undefined;
  const vars: Record<string, string> = {};
  const add = (key: string, value: string): void => {
    if (!ENV_KEY.test(key)) {
      throw new InputError(
        'environment',
        `"${key}" is not a valid variable name (a letter, then letters, digits or _, at least 2 characters)`,
      );
    }
    if (RESERVED_ENVIRONMENT_KEYS.has(key)) throw new InputError('environment', `"${key}" is reserved by Lambda`);
    if (key in vars) throw new InputError('environment', `"${key}" is given twice`);
    vars[key] = value;
  };
  if (text.startsWith('{')) {
    const parsed = secretJson(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InputError('environment', 'must be a JSON object or KEY=VALUE lines');
    }
    for (const [key, value] of Object.entries(parsed)) {
      // The value is not quoted: it may be a secret.
      if (typeof value !== 'string') throw new InputError('environment', `the value of "${key}" must be a JSON string`);
      add(key, value);
    }
    return vars;
  }
  // Values are kept exactly as given: spaces at either end are part of the value.
  reader.exactLines('environment').forEach((line, i) => {
    const eq = line.indexOf('=');
    // The line itself is not repeated: it may hold a secret value.
    if (eq < 0) throw new InputError('environment', `line ${i + 1} is not KEY=VALUE (it has no "=")`);
    const key = line.slice(0, eq).trim();
    if (key === '') throw new InputError('environment', `line ${i + 1} is not KEY=VALUE (the key before "=" is empty)`);
    add(key, line.slice(eq + 1));
  });
  return vars;
}

/** Layer ARNs: lines or commas, or the official action's JSON array. */
function layers(reader: InputReader): string[] {
  if (reader.value('layers').startsWith('[')) {
    return stringList('layers', reader.json('layers'), 'layers');
  }
  return reader.list('layers', { commas: true });
}

/** description or, under the official action's name, function-description. */
function description(reader: InputReader): string | undefined {
  const official = reader.string('function-description');
  if (official !== undefined && reader.has('description')) {
    throw new InputError('function-description', 'is another name for description: give only one of them');
  }
  const name = official !== undefined ? 'function-description' : 'description';
  const text = official ?? reader.string('description');
  if (text !== undefined && text.length > 256) throw new InputError(name, 'is longer than 256 characters');
  return text;
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
  const archs = reader.value('architectures').startsWith('[')
    ? stringList('architectures', reader.json('architectures'), 'architectures')
    : reader.list('architectures', { commas: true });
  if (archs.length > 1) throw new InputError('architectures', 'Lambda takes exactly one architecture: x86_64 or arm64');
  const arch = archs[0];
  if (arch !== undefined && arch !== 'x86_64' && arch !== 'arm64') {
    throw new InputError('architectures', `expected x86_64 or arm64, got "${arch}"`);
  }
  const layerList = layers(reader);
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

  if (code.kind === 'image') {
    // A container image brings its own runtime and entry point; Lambda rejects these for images.
    for (const name of ['handler', 'runtime', 'layers'] as const) {
      if (reader.has(name)) throw new InputError(name, 'does not apply to a container image function (image-uri)');
    }
  } else if (reader.has('image-config')) {
    throw new InputError('image-config', 'applies only to a container image function (image-uri)');
  }
  const role = reader.string('role');
  if (role !== undefined && !ROLE_ARN.test(role)) {
    throw new InputError('role', `"${role}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
  }
  const tracing = reader.json('tracing-config');
  const snap = reader.json('snap-start');
  return {
    handler,
    runtime,
    memorySize: reader.int('memory-size', { min: 128, max: 10240 }),
    timeout: reader.int('timeout', { min: 1, max: 900 }),
    architecture: arch as Architecture | undefined,
    // A JSON [] removes every layer; no lines at all means the layers are not asked about.
    layers: layerList.length || reader.value('layers').startsWith('[') ? layerList : undefined,
    description: description(reader),
    environment: environment(reader),
    environmentMode: reader.choice<EnvironmentMode>('environment-mode', ['merge', 'replace']) ?? 'merge',
    role,
    kmsKeyArn: arnInput(reader, 'kms-key-arn', KMS_KEY_ARN, 'a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)'),
    ephemeralStorage: reader.int('ephemeral-storage', { min: 512, max: 10240 }),
    vpcConfig: vpcConfig(reader),
    deadLetterTarget: deadLetterTarget(reader),
    tracingMode:
      tracing === undefined
        ? undefined
        : requiredEnum('tracing-config', jsonObject('tracing-config', tracing, ['Mode']), 'Mode', [
            'Active',
            'PassThrough',
          ] as const),
    fileSystemConfigs: fileSystemConfigs(reader),
    imageConfig: imageConfig(reader),
    snapStart:
      snap === undefined
        ? undefined
        : requiredEnum('snap-start', jsonObject('snap-start', snap, ['ApplyOn']), 'ApplyOn', [
            'PublishedVersions',
            'None',
          ] as const),
    loggingConfig: loggingConfig(reader),
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
    'code-artifacts-dir': { description: "The official action's name for source-dir (give one of them)." },
    'zip-file': { description: 'Ready-made deployment package (.zip).' },
    'image-uri': { description: 'Container image for an image function, e.g. the image-uri output of ecr-push.' },
    'package-type': {
      description: 'Zip or Image. Optional: the code source decides; when given, it must agree with it.',
    },
    's3-bucket': {
      description:
        'With s3-key: deploy that existing object. With source-dir or zip-file: stage the package here when it is over the 50 MB direct-upload limit.',
    },
    's3-key': { description: 'Key of a deployment package already in s3-bucket.' },
    'source-kms-key-arn': {
      description: 'Customer managed KMS key ARN that encrypts the .zip package (sent with the code; zip only).',
    },
    handler: { description: 'Handler, e.g. index.handler (changed only when given).' },
    runtime: { description: 'Runtime, e.g. nodejs20.x (changed only when given).' },
    'memory-size': { description: 'Memory in MB, 128-10240 (changed only when given).' },
    timeout: { description: 'Timeout in seconds, 1-900 (changed only when given).' },
    'ephemeral-storage': { description: 'Size of /tmp in MB, 512-10240 (changed only when given).' },
    architectures: { description: 'x86_64 or arm64 (changed only when given).' },
    layers: {
      description:
        'Layer version ARNs, in order, at most 5: lines, commas or a JSON array (replace the list; changed only when given).',
      multiple: true,
    },
    description: { description: 'Function description (changed only when given).' },
    'function-description': { description: "The official action's name for description (give one of them)." },
    environment: {
      description:
        'KEY=VALUE lines or a JSON object, merged into the existing variables (see environment-mode); values are kept exactly and never logged.',
      multiple: true,
    },
    'environment-mode': {
      description: 'merge: keep variables not listed; replace: the function gets exactly the listed variables.',
      default: 'merge',
    },
    role: {
      description:
        'Execution role ARN: required to create a function (with runtime and handler for a zip); changes the role of an existing one.',
    },
    'vpc-config': {
      description:
        'JSON {"SubnetIds":[...],"SecurityGroupIds":[...]} (optional "Ipv6AllowedForDualStack"); both lists empty takes the function out of its VPC.',
    },
    'dead-letter-config': {
      description: 'JSON {"TargetArn":"<SQS queue or SNS topic ARN>"}; "" as TargetArn removes it.',
    },
    'tracing-config': { description: 'JSON {"Mode":"Active"} or {"Mode":"PassThrough"} (X-Ray).' },
    'kms-key-arn': { description: 'Customer managed KMS key ARN for the environment variables (and SnapStart).' },
    'file-system-configs': {
      description: 'JSON [{"Arn":"<EFS access point ARN>","LocalMountPath":"/mnt/NAME"}]; [] removes it.',
    },
    'image-config': {
      description: 'JSON {"EntryPoint":[...],"Command":[...],"WorkingDirectory":"..."} for an image function.',
    },
    'snap-start': { description: 'JSON {"ApplyOn":"PublishedVersions"} or {"ApplyOn":"None"}.' },
    'logging-config': {
      description:
        'JSON {"LogFormat":"JSON","ApplicationLogLevel":"INFO","SystemLogLevel":"WARN","LogGroup":"..."}; parts left out get Lambda\'s defaults.',
    },
    'code-signing-config-arn': { description: 'Code signing configuration ARN to attach to the function.' },
    tags: {
      description:
        'JSON object of tags, e.g. {"Team":"DevOps"}: added or changed; tags not listed are kept (never removed).',
    },
    'revision-id': {
      description:
        'Deploy only if the function is still at this RevisionId (one function only); otherwise change nothing.',
    },
    publish: { description: 'Publish a version when something changed.', default: 'true' },
    alias: { description: 'Alias to create or move to the published version (needs publish).' },
    ...releaseInputs,
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
    checkPackageType(reader, code);
    const config = configuration(reader, code);
    const sourceKmsKeyArn = arnInput(
      reader,
      'source-kms-key-arn',
      KMS_KEY_ARN,
      'a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)',
    );
    if (sourceKmsKeyArn !== undefined && code.kind === 'image') {
      throw new InputError('source-kms-key-arn', 'applies only to a .zip package, not to image-uri');
    }
    const codeSigningConfigArn = arnInput(
      reader,
      'code-signing-config-arn',
      CODE_SIGNING_ARN,
      'a code signing config ARN (arn:aws:lambda:REGION:ACCOUNT:code-signing-config:csc-...)',
    );
    const revisionId = reader.string('revision-id');
    if (revisionId !== undefined && names.length > 1) {
      throw new InputError('revision-id', 'pins one function: give a single function-name with it');
    }
    const publish = reader.boolean('publish', true);
    const alias = reader.string('alias');
    if (alias !== undefined) {
      if (!ALIAS.test(alias) || /^\d+$/.test(alias) || alias === '$LATEST') {
        throw new InputError('alias', `"${alias}" is not an alias name (letters, digits, - and _, not only digits)`);
      }
      if (!publish) throw new InputError('alias', 'needs publish: true (the alias is moved to the published version)');
    }
    return {
      ...aws,
      functionNames: names,
      code,
      sourceKmsKeyArn,
      config,
      tags: tags(reader),
      codeSigningConfigArn,
      revisionId,
      publish,
      alias,
      release: readReleaseOptions(reader, context),
    };
  },
  load: () => import('../commands/lambda-deploy.js'),
};
