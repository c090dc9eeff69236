/** The one description of a command's inputs and outputs: it feeds validation, CLI help and action.yml. */
export interface InputSpec {
  description: string;
  required?: boolean;
  /** The value used when the input is empty or absent, as the user would type it. */
  default?: string;
  /** Masked in Actions and redacted from every log line elsewhere. */
  secret?: boolean;
  /** Accepts several values: repeat the CLI flag or put one per line. */
  multiple?: boolean;
  /** A default only the generated action.yml has, such as ${{ github.token }}: an expression the CLI cannot use. */
  actionDefault?: string;
}

export type InputSpecs = Record<string, InputSpec>;

export type OutputValue = string | number | boolean;

export interface CommandDefinition<I = unknown> {
  name: string;
  /** Short human title, used for the action name and log sections. */
  title: string;
  description: string;
  inputs: InputSpecs;
  outputs: Record<string, string>;
  /** Validates every input and returns the typed object. Throws InputError, touches nothing. */
  parse(reader: import('./inputs.js').InputReader, context: import('./context.js').RunContext): I;
  /** Loads the implementation (and its SDK clients) only when the command really runs. */
  load(): Promise<CommandModule<I>>;
}

export interface CommandModule<I> {
  run(inputs: I, rt: import('./host.js').Host): Promise<Record<string, OutputValue>>;
}

/** Inputs shared by every command that talks to AWS. */
export const awsInputs: InputSpecs = {
  region: {
    description: 'AWS region. Defaults to AWS_REGION or AWS_DEFAULT_REGION from the environment.',
  },
  'endpoint-url': {
    description:
      'Send AWS calls to this endpoint instead of AWS (moto, LocalStack, MinIO, R2). S3 then uses path-style addressing.',
  },
  'dry-run': {
    description: 'Print the plan and change nothing.',
    default: 'false',
  },
};
