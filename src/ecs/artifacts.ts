/**
 * The files CodePipeline's deploy actions read, in exactly the documented formats:
 * - imagedefinitions.json for the Amazon ECS (standard) deploy action: a JSON array of
 *   {"name": <container name>, "imageUri": <image>} objects;
 * - imageDetail.json for the "Amazon ECS (Blue/Green)" (CodeDeploy) action: one object
 *   {"ImageURI": <image>} naming the image of the primary container.
 */
import { RenderError } from './render.js';
import type { TaskDefDoc } from './taskdef-file.js';

export interface ImageDefinition {
  name: string;
  imageUri: string;
}

/** One entry per container of the rendered definition, in the definition's order. */
export function imageDefinitions(def: TaskDefDoc): ImageDefinition[] {
  return def.containerDefinitions
    .filter((c): c is typeof c & { image: string } => typeof c.image === 'string' && c.image !== '')
    .map((c) => ({ name: c.name, imageUri: c.image }));
}

/**
 * The imageDetail.json object for the container that CodeDeploy replaces: the named one, else the
 * only container whose image this render set, else the only container there is. Anything else is a
 * guess (the first essential container may well be a sidecar), so container-name is required then.
 */
export function imageDetail(
  def: TaskDefDoc,
  options: { container?: string; setImages?: string[] } = {},
): { ImageURI: string } {
  const names = def.containerDefinitions.map((c) => c.name);
  const byName = (name: string) => def.containerDefinitions.find((c) => c.name === name);
  let chosen;
  if (options.container) {
    chosen = byName(options.container);
    if (!chosen) {
      throw new RenderError(
        'container-name',
        `the task definition has no container "${options.container}"; its containers are: ${names.join(', ')}`,
      );
    }
  } else if (options.setImages?.length === 1) {
    chosen = byName(options.setImages[0] as string);
  } else if (def.containerDefinitions.length === 1) {
    chosen = def.containerDefinitions[0];
  } else {
    const which = options.setImages?.length
      ? `this render sets several images (${options.setImages.join(', ')})`
      : `the task definition has several containers (${names.join(', ')})`;
    throw new RenderError(
      'container-name',
      `is required with image-detail-file when ${which}: imageDetail.json names the image of one container, the one CodeDeploy replaces`,
    );
  }
  return { ImageURI: chosen?.image ?? '' };
}

/** The file text: pretty JSON with a final newline (CodePipeline parses it; people read it). */
export function artifactText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
