/**
 * A problem with what the user passed in. The run wrapper turns it into exit code 2 and one line
 * that names the input, before anything is changed anywhere.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    readonly problem: string,
  ) {
    super(`input "${input}": ${problem}`);
  }
}

/** A failure the user should read as one clear sentence (no stack trace): exit code 1. */
export class ReleaseError extends Error {
  override readonly name = 'ReleaseError';
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
