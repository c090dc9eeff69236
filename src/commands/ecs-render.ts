import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ECS } from '@aws-sdk/client-ecs';
import dotenv from 'dotenv';
import type { EcsRenderInputs } from '../definitions/ecs-render.js';
import { artifactText, imageDefinitions, imageDetail } from '../ecs/artifacts.js';
import { RenderError, renderTaskDefinition } from '../ecs/render.js';
import { TaskDefFileError, readTaskDefinitionFile, toTaskDefinition, type TaskDefDoc } from '../ecs/taskdef-file.js';
import { revisionOf } from '../ecs/watch.js';
import { clientConfig } from '../runtime/aws.js';
import { InputError, ReleaseError, errorMessage } from '../runtime/errors.js';
import type { Host } from '../runtime/host.js';
import type { KeyValue } from '../runtime/inputs.js';
import { isAwsError } from '../util/aws-errors.js';

export interface EcsRenderDeps {
  host: Host;
  /** Only needed with task-definition-family. */
  ecs?: ECS;
}

export async function run(inputs: EcsRenderInputs, host: Host): Promise<Record<string, string>> {
  let ecs: ECS | undefined;
  if (inputs.source.kind === 'family') {
    const { ECS } = await import('@aws-sdk/client-ecs');
    ecs = new ECS(clientConfig(inputs.source.aws));
  }
  return execute(inputs, { host, ecs });
}

/** The live task definition: the family's latest revision, or the one the service runs now. */
async function fetchLive(
  source: Extract<EcsRenderInputs['source'], { kind: 'family' }>,
  deps: EcsRenderDeps,
): Promise<TaskDefDoc> {
  const ecs = deps.ecs;
  if (!ecs) throw new Error('BUG: ECS client missing for task-definition-family');
  const named = source.arn ?? source.family ?? '';
  let ref = source.revision !== undefined ? `${named}:${source.revision}` : named;
  const input = source.arn
    ? 'task-definition-arn'
    : source.revision
      ? 'task-definition-revision'
      : 'task-definition-family';
  if (source.service) {
    const res = await ecs.describeServices({ cluster: source.cluster, services: [source.service] });
    const svc = res.services?.[0];
    if (!svc || svc.status === 'INACTIVE') {
      throw new ReleaseError(`service ${source.service} was not found in cluster ${source.cluster}`);
    }
    ref = svc.taskDefinition ?? '';
    if (!ref.includes(`task-definition/${source.family}:`)) {
      throw new ReleaseError(
        `service ${source.service} runs ${revisionOf(ref)}, not a revision of family ${source.family}`,
      );
    }
  }
  try {
    const res = await ecs.describeTaskDefinition({ taskDefinition: ref, include: ['TAGS'] });
    deps.host.log.info(`starting from ${revisionOf(res.taskDefinition?.taskDefinitionArn)}`);
    return toTaskDefinition({ taskDefinition: res.taskDefinition, tags: res.tags }, revisionOf(ref));
  } catch (err) {
    // ECS answers ClientException for a family or revision that does not exist.
    if (isAwsError(err, 'ClientException')) {
      throw new InputError(input, `no task definition ${ref} in ECS (${errorMessage(err)})`);
    }
    throw err;
  }
}

/** dotenv-file first, then environment-variables, so that an explicit line overrides the file. */
async function environmentPairs(inputs: EcsRenderInputs): Promise<KeyValue[]> {
  const pairs: KeyValue[] = [];
  if (inputs.dotenvFile) {
    const parsed = dotenv.parse(await readFile(inputs.dotenvFile));
    for (const [key, value] of Object.entries(parsed)) pairs.push({ key, value });
  }
  return pairs.concat(inputs.environment);
}

async function writeOut(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

export async function execute(inputs: EcsRenderInputs, deps: EcsRenderDeps): Promise<Record<string, string>> {
  const { host } = deps;
  let source: TaskDefDoc;
  try {
    source =
      inputs.source.kind === 'file'
        ? await readTaskDefinitionFile(inputs.source.path, { requireImages: false })
        : await fetchLive(inputs.source, deps);
  } catch (err) {
    if (err instanceof TaskDefFileError) throw new InputError('task-definition', err.message);
    throw err;
  }

  // An image given without container-name goes to the only container there is.
  const names = source.containerDefinitions.map((c) => c.name);
  const images = inputs.images.map(({ container, image }) => {
    if (container) return { container, image };
    if (names.length === 1) return { container: names[0] as string, image };
    throw new InputError(
      'container-name',
      `is required with image when the task definition has several containers (${names.join(', ')})`,
    );
  });

  let result;
  try {
    result = renderTaskDefinition(source, {
      images,
      containers: inputs.containerNames,
      environment: await environmentPairs(inputs),
      secrets: inputs.secrets,
      dockerLabels: inputs.dockerLabels,
      envFiles: inputs.envFiles,
      logDriver: inputs.logDriver,
      logOptions: inputs.logOptions,
      command: inputs.command,
      taskRoleArn: inputs.taskRoleArn,
      executionRoleArn: inputs.executionRoleArn,
      cpu: inputs.cpu,
      memory: inputs.memory,
    });
  } catch (err) {
    if (err instanceof RenderError) throw new InputError(err.input, err.message);
    throw err;
  }
  for (const w of result.warnings) host.log.warn(w);
  for (const c of result.changes) host.log.info(c);
  if (result.changes.length === 0)
    host.log.info('nothing to change: the task definition is written as read (read-only fields removed)');

  const def = result.taskDefinition;
  // Settled before anything is written: which container imageDetail.json names can be an input problem.
  let detail: { ImageURI: string } | undefined;
  if (inputs.imageDetailFile) {
    try {
      // Several names in container-name all got the same image: the first one names it.
      detail = imageDetail(def, { container: inputs.containerNames[0], setImages: images.map((i) => i.container) });
    } catch (err) {
      if (err instanceof RenderError) throw new InputError(err.input, err.message);
      throw err;
    }
  }

  const out =
    inputs.outputFile ?? join(await mkdtemp(join(tmpdir(), 'ecs-render-')), `task-definition-${def.family}.json`);
  await writeOut(out, artifactText(def));
  host.log.info(
    `task definition (family ${def.family}, ${def.containerDefinitions.length} container(s)) written to ${out}`,
  );

  if (inputs.imagedefinitionsFile) {
    await writeOut(inputs.imagedefinitionsFile, artifactText(imageDefinitions(def)));
    host.log.info(`imagedefinitions.json written to ${inputs.imagedefinitionsFile}`);
  }
  if (inputs.imageDetailFile && detail) {
    await writeOut(inputs.imageDetailFile, artifactText(detail));
    host.log.info(`imageDetail.json (${detail.ImageURI}) written to ${inputs.imageDetailFile}`);
  }
  return {
    'task-definition': out,
    'imagedefinitions-file': inputs.imagedefinitionsFile ?? '',
    'image-detail-file': inputs.imageDetailFile ?? '',
  };
}
