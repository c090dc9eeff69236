/**
 * The pure part of ecs-render: from a task definition (as read from a file or from ECS) to the one
 * to register, with images, environment, secrets, labels and task size replaced.
 */
import type { KeyValue } from '../runtime/inputs.js';
import { REGISTER_KEYS, unknownKeys } from './shape.js';
import type { ContainerDoc, TaskDefDoc } from './taskdef-file.js';

/**
 * Fields ECS adds to a registered revision (DescribeTaskDefinition's answer); RegisterTaskDefinition
 * refuses them. They are dropped without a word: a describe output is a normal starting point.
 */
export const READ_ONLY_FIELDS: readonly string[] = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
];

/** A problem with what was asked of the render; `input` names the input to blame. */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

/** Removes null (and undefined) values from objects and arrays, at every depth. Empty strings stay. */
export function dropNulls<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.filter((v) => v !== null && v !== undefined).map((v) => dropNulls(v)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) continue;
      out[k] = dropNulls(v);
    }
    return out as T;
  }
  return value;
}

/**
 * Task CPU in the units ECS stores: "1 vCPU" (or "0.5vcpu") becomes "1024" ("512"). ECS accepts both
 * forms but answers DescribeTaskDefinition with the number, so a file that keeps the vCPU form would
 * never compare equal to its own revision. Anything else is returned unchanged for ECS to judge.
 */
export function taskCpu(value: string): string {
  const m = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(value.trim());
  return m ? whole(Number(m[1]) * 1024, value) : value;
}

/** Task memory in MiB as ECS stores it: "2 GB" (or "0.5GB") becomes "2048" ("512"). */
export function taskMemory(value: string): string {
  const m = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(value.trim());
  return m ? whole(Number(m[1]) * 1024, value) : value;
}

/** The number as a string when it is whole; otherwise the original text (ECS will say what is wrong). */
function whole(n: number, original: string): string {
  return Number.isInteger(n) ? String(n) : original;
}

/**
 * What RegisterTaskDefinition accepts: only its input keys (the read-only fields of a describe output
 * and anything unknown are dropped; unknownKeys() names the latter for a warning), no nulls, and the
 * task-level cpu and memory as the number strings ECS stores (a file often has numbers or "1 vCPU").
 */
export function stripForRegister(def: TaskDefDoc): TaskDefDoc {
  const copy = dropNulls({ ...def }) as Record<string, unknown>;
  for (const key of Object.keys(copy)) if (!REGISTER_KEYS.includes(key)) delete copy[key];
  if (typeof copy['cpu'] === 'number' || typeof copy['cpu'] === 'string') copy['cpu'] = taskCpu(String(copy['cpu']));
  if (typeof copy['memory'] === 'number' || typeof copy['memory'] === 'string') {
    copy['memory'] = taskMemory(String(copy['memory']));
  }
  return copy as TaskDefDoc;
}

/** The warning for top-level keys that stripForRegister drops although they are not read-only fields. */
export function droppedKeysWarning(def: Record<string, unknown>): string | undefined {
  const unknown = unknownKeys(def, READ_ONLY_FIELDS);
  if (unknown.length === 0) return undefined;
  return `the task definition has ${unknown.length === 1 ? 'a key' : 'keys'} RegisterTaskDefinition does not take, left out: ${unknown.join(', ')} (check the spelling; the API takes ${REGISTER_KEYS.join(', ')})`;
}

export interface ImageRef {
  /** sha256:... when the reference pins a digest. */
  digest?: string;
  /** The tag, when given by tag (and not also pinned by digest). */
  tag?: string;
}

/** Splits an image reference into tag and digest. A port in the registry host is not a tag. */
export function parseImageRef(image: string): ImageRef {
  const at = image.indexOf('@');
  if (at !== -1) return { digest: image.slice(at + 1) };
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? {} : { tag: image.slice(colon + 1) };
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Why an image reference cannot be used, or undefined when it looks right. */
export function imageProblem(image: string): string | undefined {
  if (image === '' || /\s/.test(image)) return `"${image}" is not an image reference`;
  const ref = parseImageRef(image);
  if (ref.digest !== undefined && !DIGEST.test(ref.digest)) {
    return `"${image}" has a malformed digest (expected @sha256: and 64 hex digits)`;
  }
  if (ref.tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(ref.tag)) return `"${image}" has a malformed tag`;
  return undefined;
}

/** The advice for an image that is not pinned by digest, or undefined when it is. */
export function tagWarning(container: string, image: string): string | undefined {
  const ref = parseImageRef(image);
  if (ref.digest) return undefined;
  const how = ref.tag ? `by tag (:${ref.tag})` : 'without tag or digest (that is :latest)';
  return `container "${container}": image ${image} is given ${how}; a tag can be moved to another image, so pin the digest (repository@sha256:...) for a deploy that can be repeated and rolled back exactly`;
}

export interface RenderRequest {
  /** Images to set, by container name. */
  images: Array<{ container: string; image: string }>;
  /**
   * The containers that receive environment, secrets, labels, log configuration, command and env files;
   * empty means the only container.
   */
  containers?: string[];
  /** KEY=VALUE pairs, updated in place or appended, in this order (later wins). */
  environment: KeyValue[];
  /** NAME=valueFrom pairs (Secrets Manager or SSM Parameter Store ARNs/names). */
  secrets: KeyValue[];
  dockerLabels: KeyValue[];
  /** S3 object ARNs that replace environmentFiles; undefined leaves them as they are. */
  envFiles?: string[];
  logDriver?: string;
  logOptions?: KeyValue[];
  command?: string[];
  taskRoleArn?: string;
  executionRoleArn?: string;
  /** Task-level size, e.g. 256 or "1 vCPU"; 512 or "1 GB". */
  cpu?: string;
  memory?: string;
}

export interface RenderResult {
  taskDefinition: TaskDefDoc;
  /** Things the user should know (e.g. images given by tag). */
  warnings: string[];
  /** What was changed, for the log; never contains values (an env file may hold secrets). */
  changes: string[];
}

function findContainer(def: TaskDefDoc, name: string, input: string): ContainerDoc {
  const found = def.containerDefinitions.find((c) => c.name === name);
  if (!found) {
    const names = def.containerDefinitions.map((c) => c.name).join(', ');
    throw new RenderError(input, `the task definition has no container "${name}"; its containers are: ${names}`);
  }
  return found;
}

/** Updates entries with the same name in place and appends the others, keeping the list's order. */
export function upsertNamed<T extends { name?: string }>(
  list: readonly T[] | undefined,
  pairs: ReadonlyArray<{ name: string; make: () => T }>,
): T[] {
  const out = [...(list ?? [])];
  for (const { name, make } of pairs) {
    const i = out.findIndex((e) => e.name === name);
    if (i === -1) out.push(make());
    else out[i] = make();
  }
  return out;
}

/** Sets one container's environment, secrets, labels, log configuration, command and env files; returns the changes. */
function applyToContainer(target: ContainerDoc, req: RenderRequest): string[] {
  const changes: string[] = [];
  const where = `container "${target.name}"`;
  if (req.environment.length) {
    target.environment = upsertNamed(
      target.environment,
      req.environment.map(({ key, value }) => ({ name: key, make: () => ({ name: key, value }) })),
    );
    changes.push(`${where}: environment ${[...new Set(req.environment.map((e) => e.key))].join(', ')} set`);
  }
  if (req.secrets.length) {
    target.secrets = upsertNamed(
      target.secrets,
      req.secrets.map(({ key, value }) => ({ name: key, make: () => ({ name: key, valueFrom: value }) })),
    );
    changes.push(`${where}: secrets ${req.secrets.map((s) => s.key).join(', ')} set`);
  }
  // ECS refuses a name that is both a plain variable and a secret; say so before registering.
  const secretNames = new Set((target.secrets ?? []).map((s) => s.name));
  const clash = (target.environment ?? []).find((e) => e.name !== undefined && secretNames.has(e.name));
  if (clash) {
    throw new RenderError(
      req.secrets.some((s) => s.key === clash.name) ? 'secrets' : 'environment-variables',
      `${clash.name} would be both an environment variable and a secret in ${where}`,
    );
  }
  if (req.dockerLabels.length) {
    const labels = { ...(target.dockerLabels ?? {}) };
    for (const { key, value } of req.dockerLabels) labels[key] = value;
    target.dockerLabels = labels;
    changes.push(`${where}: labels ${req.dockerLabels.map((l) => l.key).join(', ')} set`);
  }
  if (req.envFiles !== undefined) {
    // As the official action does: the list is replaced, so that a file dropped from the input is dropped here too.
    target['environmentFiles'] = req.envFiles.map((value) => ({ value, type: 's3' }));
    changes.push(`${where}: environmentFiles set (${req.envFiles.length})`);
  }
  if (req.logDriver !== undefined || req.logOptions?.length) {
    const before = target['logConfiguration'];
    const log: Record<string, unknown> =
      typeof before === 'object' && before !== null ? { ...(before as Record<string, unknown>) } : {};
    if (req.logDriver !== undefined) log['logDriver'] = req.logDriver;
    if (req.logOptions?.length) {
      const old = log['options'];
      const options: Record<string, string> =
        typeof old === 'object' && old !== null ? { ...(old as Record<string, string>) } : {};
      for (const { key, value } of req.logOptions) options[key] = value;
      log['options'] = options;
    }
    target['logConfiguration'] = log;
    changes.push(`${where}: logConfiguration set`);
  }
  if (req.command !== undefined) {
    target['command'] = [...req.command];
    changes.push(`${where}: command set`);
  }
  return changes;
}

/** Applies a render request to a task definition. Pure: the input is not modified. */
export function renderTaskDefinition(source: TaskDefDoc, req: RenderRequest): RenderResult {
  const def = stripForRegister(structuredClone(source));
  const warnings: string[] = [];
  const changes: string[] = [];
  const dropped = droppedKeysWarning(source);
  if (dropped) warnings.push(dropped);

  for (const { container, image } of req.images) {
    const c = findContainer(def, container, (req.containers ?? []).includes(container) ? 'container-name' : 'images');
    if (c.image !== image) changes.push(`container "${container}": image ${c.image ?? '(none)'} -> ${image}`);
    c.image = image;
    // Only the images this render sets are judged: a sidecar pinned by tag in the file is the
    // file's business, and warning about it on every run would train people to ignore warnings.
    const warning = tagWarning(container, image);
    if (warning) warnings.push(warning);
  }

  const wantsContainer =
    req.environment.length > 0 ||
    req.secrets.length > 0 ||
    req.dockerLabels.length > 0 ||
    req.envFiles !== undefined ||
    req.logDriver !== undefined ||
    (req.logOptions?.length ?? 0) > 0 ||
    req.command !== undefined;
  if (wantsContainer) {
    let targets: ContainerDoc[];
    if (req.containers?.length) {
      targets = req.containers.map((name) => findContainer(def, name, 'container-name'));
    } else if (def.containerDefinitions.length === 1) {
      targets = [def.containerDefinitions[0] as ContainerDoc];
    } else {
      const names = def.containerDefinitions.map((c) => c.name).join(', ');
      throw new RenderError(
        'container-name',
        `is required to set environment, secrets, labels, log configuration, command or env-files when the task definition has several containers (${names})`,
      );
    }
    for (const target of targets) changes.push(...applyToContainer(target, req));
  }
  if (req.taskRoleArn !== undefined && def['taskRoleArn'] !== req.taskRoleArn) {
    changes.push(`taskRoleArn set`);
    def['taskRoleArn'] = req.taskRoleArn;
  }
  if (req.executionRoleArn !== undefined && def['executionRoleArn'] !== req.executionRoleArn) {
    changes.push(`executionRoleArn set`);
    def['executionRoleArn'] = req.executionRoleArn;
  }

  // Written in the numeric form ECS stores, so that a deploy of the file can reuse the revision.
  if (req.cpu !== undefined) {
    const cpu = taskCpu(req.cpu);
    if (def.cpu !== cpu) changes.push(`cpu ${def.cpu ?? '(none)'} -> ${cpu}${cpu !== req.cpu ? ` (${req.cpu})` : ''}`);
    def.cpu = cpu;
  }
  if (req.memory !== undefined) {
    const memory = taskMemory(req.memory);
    if (def.memory !== memory) {
      changes.push(`memory ${def.memory ?? '(none)'} -> ${memory}${memory !== req.memory ? ` (${req.memory})` : ''}`);
    }
    def.memory = memory;
  }

  for (const c of def.containerDefinitions) {
    if (typeof c.image !== 'string' || c.image.trim() === '') {
      throw new RenderError('images', `container "${c.name}" has no image; set it with image or images`);
    }
    const problem = imageProblem(c.image);
    if (problem) throw new RenderError('task-definition', `container "${c.name}": ${problem}`);
  }
  return { taskDefinition: def, warnings, changes };
}
