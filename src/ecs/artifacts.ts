/**
 * The files CodePipeline's deploy actions read, in exactly the documented formats:
 * - imagedefinitions.json for the Amazon ECS (standard) deploy action: a JSON array of
 *   {"name": <container name>, "imageUri": <image>} objects;
 * - imageDetail.json for the "Amazon ECS (Blue/Green)" (CodeDeploy) action: one object
 *   {"ImageURI": <image>} naming the image of the primary container.
 */
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
 * only container whose image this render set, else the first essential container.
 */
export function imageDetail(
  def: TaskDefDoc,
  options: { container?: string; setImages?: string[] } = {},
): { ImageURI: string } {
  const byName = (name: string | undefined) =>
    name ? def.containerDefinitions.find((c) => c.name === name) : undefined;
  const chosen =
    byName(options.container) ??
    (options.setImages?.length === 1 ? byName(options.setImages[0]) : undefined) ??
    def.containerDefinitions.find((c) => c.essential !== false) ??
    def.containerDefinitions[0];
  return { ImageURI: chosen?.image ?? '' };
}

/** The file text: pretty JSON with a final newline (CodePipeline parses it; people read it). */
export function artifactText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
