import type { BundleType, FileExistsBehavior } from '@aws-sdk/client-codedeploy';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { checkAppSpec } from '../codedeploy/appspec.js';
import { appspecPath, bundleTypeFor, filesAt, isBucketName, parseS3Url } from '../codedeploy/revision.js';
import { parseStatusRanges, type StatusRange } from '../health/check.js';
import { readAwsCommon, type AwsCommon } from '../runtime/aws.js';
import { InputError } from '../runtime/errors.js';
import { awsInputs, type CommandDefinition } from '../runtime/spec.js';
import { readReleaseOptions, releaseInputs, type ReleaseOptions } from './release-inputs.js';

export type RevisionInput =
  | {
      kind: 'directory';
      dir: string;
      bucket: string;
      /** undefined: a key derived from the bundle's bytes (<application>/<sha256>.zip). */
      key?: string;
    }
  | { kind: 's3'; bucket: string; key: string; bundleType: BundleType };

export interface CodeDeployDeployInputs extends AwsCommon {
  application: string;
  deploymentGroup: string;
  revision: RevisionInput;
  description?: string;
  deploymentConfig?: string;
  fileExistsBehavior?: FileExistsBehavior;
  wait: boolean;
  /** Minutes. */
  waitTimeout: number;
  /** Seconds between polls (fractions allowed so that tests can poll fast). */
  pollInterval: number;
  healthCheckUrl?: string;
  /** Seconds. */
  healthCheckTimeout: number;
  healthCheckStatus: StatusRange[];
  /** Set with release-store: the group's revision before the deployment is recorded (and the group locked). */
  release?: ReleaseOptions;
}

const NAME = /^[\w.+@=,-]{1,100}$/;
const BUNDLE_TYPES = ['zip', 'tar', 'tgz'] as const;

export const codedeployDeploy: CommandDefinition<CodeDeployDeployInputs> = {
  name: 'codedeploy-deploy',
  title: 'Deploy a revision to EC2/on-premises instances with CodeDeploy',
  description:
    'Check the revision’s appspec.yml, bundle it deterministically and upload it once, start a CodeDeploy deployment and wait for it, failing at the first failed lifecycle event with the script’s log tail.',
  inputs: {
    application: { description: 'CodeDeploy application name.', required: true },
    'deployment-group': { description: 'Deployment group name.', required: true },
    revision: {
      description:
        'A directory holding appspec.yml (bundled as a zip and uploaded to s3-bucket), or an existing bundle as s3://bucket/key.',
      required: true,
    },
    's3-bucket': { description: 'Bucket the directory’s bundle is uploaded to (required for a directory revision).' },
    's3-key': {
      description:
        'Key for the bundle; default <application>/<sha256 of the bundle>.zip, so an unchanged bundle is never uploaded twice.',
    },
    'bundle-type': {
      description: 'zip, tar or tgz, for an s3:// revision whose key does not end in .zip, .tar, .tgz or .tar.gz.',
    },
    description: { description: 'Description of the deployment (shown in the CodeDeploy console).' },
    'deployment-config': {
      description:
        'Deployment configuration, e.g. CodeDeployDefault.OneAtATime, CodeDeployDefault.AllAtOnce; default: the deployment group’s.',
    },
    'file-exists-behavior': {
      description:
        'What the agent does with files already at a destination that this deployment did not put there: DISALLOW (fail, CodeDeploy’s default), OVERWRITE or RETAIN.',
    },
    wait: { description: 'Wait until the deployment succeeded on every instance.', default: 'true' },
    'wait-timeout': { description: 'Minutes to wait for the deployment.', default: '30' },
    'poll-interval': { description: 'Seconds between status polls while waiting.', default: '10' },
    'health-check-url': {
      description: 'After the deployment succeeded, poll this URL (e.g. the load balancer’s) until it answers healthy.',
    },
    'health-check-timeout': { description: 'Seconds to wait for health-check-url to answer.', default: '300' },
    'health-check-status': {
      description: 'Status codes that count as healthy for health-check-url (codes, ranges or classes).',
      default: '200-399',
    },
    ...releaseInputs,
    ...awsInputs,
  },
  outputs: {
    'deployment-id': 'The CodeDeploy deployment id (empty in a dry run).',
    'revision-location': 'Where the bundle is, as s3://bucket/key (with ?versionId= when the bucket keeps versions).',
    instances: 'JSON {"succeeded": [...], "failed": [...]}: instance ids by outcome (empty lists without wait).',
  },
  parse(reader, context) {
    const aws = readAwsCommon(reader, context);
    const application = reader.required('application');
    if (!NAME.test(application)) throw new InputError('application', `"${application}" is not an application name`);
    const deploymentGroup = reader.required('deployment-group');
    if (!NAME.test(deploymentGroup)) {
      throw new InputError('deployment-group', `"${deploymentGroup}" is not a deployment group name`);
    }
    const revision = parseRevision(reader);

    const fileExists = reader.choice('file-exists-behavior', ['DISALLOW', 'OVERWRITE', 'RETAIN'] as const);
    const deploymentConfig = reader.string('deployment-config');
    if (deploymentConfig !== undefined && !NAME.test(deploymentConfig)) {
      throw new InputError('deployment-config', `"${deploymentConfig}" is not a deployment config name`);
    }
    const description = reader.string('description');
    if (description !== undefined && description.length > 1000) {
      throw new InputError('description', `is ${description.length} characters long; CodeDeploy takes at most 1000`);
    }
    const wait = reader.boolean('wait', true);
    const healthCheckUrl = reader.url('health-check-url');
    // Without the wait, the URL would answer from the old version while the instances update.
    if (healthCheckUrl && !wait) {
      throw new InputError(
        'health-check-url',
        'needs wait: true (without it, the check would pass on the old version)',
      );
    }
    const status = parseStatusRanges(reader.value('health-check-status'));
    if (typeof status === 'string') throw new InputError('health-check-status', status);
    return {
      ...aws,
      application,
      deploymentGroup,
      revision,
      ...(description !== undefined ? { description } : {}),
      ...(deploymentConfig !== undefined ? { deploymentConfig } : {}),
      ...(fileExists !== undefined ? { fileExistsBehavior: fileExists } : {}),
      wait,
      waitTimeout: reader.requiredInt('wait-timeout', { min: 1, max: 720 }),
      pollInterval: reader.seconds('poll-interval', { min: 0.01, max: 300 }),
      ...(healthCheckUrl !== undefined ? { healthCheckUrl } : {}),
      healthCheckTimeout: reader.seconds('health-check-timeout', { min: 1, max: 3600 }),
      healthCheckStatus: status,
      release: readReleaseOptions(reader, context),
    };
  },
  load: () => import('../commands/codedeploy-deploy.js'),
};

function parseRevision(reader: import('../runtime/inputs.js').InputReader): RevisionInput {
  const raw = reader.required('revision');
  const bucketInput = reader.string('s3-bucket');
  const keyInput = reader.string('s3-key');
  const bundleInput = reader.choice('bundle-type', BUNDLE_TYPES);
  if (raw.startsWith('s3://')) {
    const loc = parseS3Url(raw);
    if (typeof loc === 'string') throw new InputError('revision', loc);
    if (bucketInput !== undefined)
      throw new InputError('s3-bucket', 'is for a directory revision; revision is already in S3');
    if (keyInput !== undefined)
      throw new InputError('s3-key', 'is for a directory revision; revision is already in S3');
    const bundleType = bundleInput ?? bundleTypeFor(loc.key);
    if (!bundleType) {
      throw new InputError('bundle-type', `is required: ${raw} does not end in .zip, .tar, .tgz or .tar.gz`);
    }
    return { kind: 's3', bucket: loc.bucket, key: loc.key, bundleType };
  }
  if (bundleInput !== undefined)
    throw new InputError('bundle-type', 'is for an s3:// revision; a directory is bundled as zip');
  const dir = reader.path('revision', existsSync) ?? raw;
  if (!existsSync(dir)) throw new InputError('revision', `${dir} does not exist`);
  if (!statSync(dir).isDirectory()) {
    throw new InputError(
      'revision',
      `${dir} is not a directory (give a directory holding appspec.yml, or s3://bucket/key)`,
    );
  }
  const specFile = appspecPath(dir);
  if (!existsSync(specFile)) {
    const hint = existsSync(`${dir}/appspec.yaml`) ? ' (it has appspec.yaml: the agent reads only appspec.yml)' : '';
    throw new InputError('revision', `${dir} has no appspec.yml at its root${hint}`);
  }
  const check = checkAppSpec(readFileSync(specFile, 'utf8'), filesAt(dir));
  if (check.problems.length) {
    throw new InputError('revision', `appspec.yml in ${dir}: ${check.problems.join('; ')}`);
  }
  if (bucketInput === undefined) throw new InputError('s3-bucket', 'is required to upload the revision directory');
  if (!isBucketName(bucketInput)) throw new InputError('s3-bucket', `"${bucketInput}" is not a valid bucket name`);
  if (keyInput !== undefined) {
    if (keyInput.startsWith('/')) throw new InputError('s3-key', 'must not start with /');
    if (!keyInput.toLowerCase().endsWith('.zip'))
      throw new InputError('s3-key', 'must end in .zip (the bundle is a zip)');
  }
  return { kind: 'directory', dir, bucket: bucketInput, ...(keyInput !== undefined ? { key: keyInput } : {}) };
}
