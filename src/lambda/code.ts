/** Pure helpers deciding whether a function already runs the code we are about to deploy. */

export interface ImageRef {
  /** registry/repository, without tag or digest. */
  repository: string;
  tag?: string;
  /** sha256:<hex> */
  digest?: string;
}

export function parseImageUri(uri: string): ImageRef {
  let rest = uri;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  // A colon before the last slash belongs to the registry's port, not to a tag.
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag, digest };
}

export interface ImageLocation {
  ImageUri?: string;
  ResolvedImageUri?: string;
}

/**
 * Whether the function already runs this image. Only a digest proves it: a tag may have been moved
 * to another image since the function was last updated, so a tag-only URI is never "the same".
 */
export function sameImage(uri: string, location: ImageLocation | undefined, codeSha256: string | undefined): boolean {
  const want = parseImageUri(uri);
  if (!want.digest) return false;
  if (location?.ImageUri === uri) return true;
  for (const have of [location?.ResolvedImageUri, location?.ImageUri]) {
    if (!have) continue;
    const ref = parseImageUri(have);
    if (ref.repository === want.repository && ref.digest === want.digest) return true;
  }
  // For images Lambda's CodeSha256 is the image digest without its "sha256:" prefix.
  const sameRepository =
    location?.ImageUri !== undefined && parseImageUri(location.ImageUri).repository === want.repository;
  return sameRepository && codeSha256 === want.digest.slice('sha256:'.length);
}

/** Where a local package is staged in S3: content-addressed, so the same package is uploaded once. */
export function stagingKey(sha256Hex: string): string {
  return `aws-release-kit/lambda/${sha256Hex}.zip`;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
