/**
 * The shape of RegisterTaskDefinition's input, as far as a task definition file can get it wrong:
 * which top-level keys the API takes, and where it wants strings. YAML (and careless JSON) turns
 * `value: 8080`, `value: false` or a label `version: 2` into numbers and booleans, which the API
 * (and `aws ecs register-task-definition --cli-input-json`) refuses; this table lets them be turned
 * back into the strings that were meant. It is kept by hand (no SDK at run time here) and checked
 * against the SDK's own schema by test/unit/ecs-shape.test.ts, which fails when the SDK gains a
 * string field this table does not know.
 */

/** Where the API wants a string. */
export const S = 'string';
/**
 * A place in the API shape: a string, a list (a one-element array holding the item shape), a map of
 * string values (the key '*', which no API member can be called), or a structure listing only the
 * members that hold strings somewhere below them; other members (numbers, booleans, fields newer
 * than this table) pass through untouched.
 */
export type Shape = typeof S | readonly [Shape] | { readonly [member: string]: Shape };

const STRINGS = [S] as const;
const STRING_MAP = { '*': S } as const;
const NAME_VALUE = { name: S, value: S } as const;

const CONTAINER: Shape = {
  name: S,
  image: S,
  repositoryCredentials: { credentialsParameter: S },
  links: STRINGS,
  portMappings: [{ protocol: S, name: S, appProtocol: S, containerPortRange: S }],
  entryPoint: STRINGS,
  command: STRINGS,
  environment: [NAME_VALUE],
  environmentFiles: [{ value: S, type: S }],
  mountPoints: [{ sourceVolume: S, containerPath: S }],
  volumesFrom: [{ sourceContainer: S }],
  linuxParameters: {
    capabilities: { add: STRINGS, drop: STRINGS },
    devices: [{ hostPath: S, containerPath: S, permissions: STRINGS }],
    tmpfs: [{ containerPath: S, mountOptions: STRINGS }],
  },
  secrets: [{ name: S, valueFrom: S }],
  dependsOn: [{ containerName: S, condition: S }],
  versionConsistency: S,
  hostname: S,
  user: S,
  workingDirectory: S,
  dnsServers: STRINGS,
  dnsSearchDomains: STRINGS,
  extraHosts: [{ hostname: S, ipAddress: S }],
  dockerSecurityOptions: STRINGS,
  dockerLabels: STRING_MAP,
  ulimits: [{ name: S }],
  logConfiguration: { logDriver: S, options: STRING_MAP, secretOptions: [{ name: S, valueFrom: S }] },
  healthCheck: { command: STRINGS },
  systemControls: [{ namespace: S, value: S }],
  resourceRequirements: [{ type: S, value: S }],
  firelensConfiguration: { type: S, options: STRING_MAP },
  credentialSpecs: STRINGS,
};

const VOLUME: Shape = {
  name: S,
  host: { sourcePath: S },
  dockerVolumeConfiguration: { scope: S, driver: S, driverOpts: STRING_MAP, labels: STRING_MAP },
  efsVolumeConfiguration: {
    fileSystemId: S,
    rootDirectory: S,
    transitEncryption: S,
    authorizationConfig: { accessPointId: S, iam: S },
  },
  s3filesVolumeConfiguration: { fileSystemArn: S, rootDirectory: S, accessPointArn: S },
  fsxWindowsFileServerVolumeConfiguration: {
    fileSystemId: S,
    rootDirectory: S,
    authorizationConfig: { credentialsParameter: S, domain: S },
  },
};

export const TAGS_SHAPE: Shape = [{ key: S, value: S }];

/** RegisterTaskDefinition's input, string-wise. */
export const TASK_DEFINITION_SHAPE: Shape = {
  family: S,
  containerDefinitions: [CONTAINER],
  taskRoleArn: S,
  executionRoleArn: S,
  networkMode: S,
  volumes: [VOLUME],
  placementConstraints: [{ type: S, expression: S }],
  requiresCompatibilities: STRINGS,
  cpu: S,
  memory: S,
  tags: TAGS_SHAPE,
  pidMode: S,
  ipcMode: S,
  proxyConfiguration: { containerName: S, type: S, properties: [NAME_VALUE] },
  inferenceAccelerators: [{ deviceName: S, deviceType: S }],
  runtimePlatform: { cpuArchitecture: S, operatingSystemFamily: S },
};

/**
 * Every top-level key RegisterTaskDefinitionRequest has (@aws-sdk/client-ecs 3.1162); anything else
 * in a file is dropped from what is registered and written, with a warning.
 */
export const REGISTER_KEYS: readonly string[] = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
];

/**
 * A YAML number or boolean together with the text it was written as. The YAML reader produces it
 * instead of the plain value so that a string field gets the text exactly as written (`1.10` stays
 * "1.10", an account id `012345678901` keeps its leading zero), which String(number) would lose.
 */
export class SourceScalar {
  constructor(
    readonly value: number | boolean,
    readonly source: string,
  ) {}

  toString(): string {
    return this.source;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof SourceScalar);

/** Replaces every SourceScalar below `value` with its plain value (outside the known shape). */
function plain(value: unknown): unknown {
  if (value instanceof SourceScalar) return value.value;
  if (Array.isArray(value)) return value.map(plain);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

/**
 * A copy of `value` with numbers and booleans turned into strings wherever `shape` wants a string
 * (YAML ones as written, others by String()). Values of the wrong kind otherwise (an object where a
 * string belongs) are left for the API to refuse with its own message.
 */
export function conformStrings(value: unknown, shape: Shape | undefined): unknown {
  if (shape === undefined) return plain(value);
  if (shape === S) {
    if (value instanceof SourceScalar) return value.source;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return plain(value);
  }
  if (Array.isArray(shape)) {
    const item = (shape as readonly [Shape])[0];
    return Array.isArray(value) ? value.map((v) => conformStrings(v, item)) : plain(value);
  }
  if (!isPlainObject(value)) return plain(value);
  const members = shape as { readonly [member: string]: Shape };
  const each = members['*'];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = conformStrings(v, each ?? (Object.hasOwn(members, k) ? members[k] : undefined));
  }
  return out;
}

/**
 * Brings a parsed file to the API's string types: a task definition, or the
 * `{"taskDefinition": ..., "tags": [...]}` output of describe-task-definition.
 */
export function conformDocument(doc: unknown): unknown {
  if (isPlainObject(doc) && isPlainObject(doc['taskDefinition']) && !('containerDefinitions' in doc)) {
    return conformStrings(doc, { taskDefinition: TASK_DEFINITION_SHAPE, tags: TAGS_SHAPE });
  }
  return conformStrings(doc, TASK_DEFINITION_SHAPE);
}

/** Top-level keys of a task definition that RegisterTaskDefinition does not take. */
export function unknownKeys(def: Record<string, unknown>, readOnly: readonly string[]): string[] {
  return Object.keys(def).filter((k) => !REGISTER_KEYS.includes(k) && !readOnly.includes(k));
}
