/** The CloudFront call s3-sync and rollback share: one invalidation, retried while CloudFront is busy. */
import type { CloudFront } from '@aws-sdk/client-cloudfront';
import type { Host } from '../runtime/host.js';
import { isAwsError } from '../util/aws-errors.js';
import { retry } from '../util/retry.js';

const INVALIDATION_RETRY = { attempts: 6, baseMs: 2000, maxMs: 30000 };

/** Creates one invalidation of these paths and returns its id. */
export async function createInvalidation(
  id: string,
  paths: string[],
  cf: Pick<CloudFront, 'createInvalidation'>,
  host: Pick<Host, 'sleep' | 'log'>,
): Promise<string> {
  const res = await retry(
    'CloudFront invalidation',
    () =>
      cf.createInvalidation({
        DistributionId: id,
        InvalidationBatch: {
          CallerReference: `aws-release-kit-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
          Paths: { Quantity: paths.length, Items: paths },
        },
      }),
    {
      ...INVALIDATION_RETRY,
      retryable: (err) => isAwsError(err, 'TooManyInvalidationsInProgress', 'Throttling'),
      sleep: (ms) => host.sleep(ms),
      log: (line) => host.log.warn(line),
    },
  );
  const invalidationId = res.Invalidation?.Id ?? '';
  host.log.info(`CloudFront invalidation ${invalidationId} created for ${paths.length} path(s): ${paths.join(' ')}`);
  return invalidationId;
}
