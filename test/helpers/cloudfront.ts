/* A CloudFront distribution in moto, in front of a made-up S3 origin: what invalidation tests need. */
import type { CloudFront } from '@aws-sdk/client-cloudfront';
import { uniqueName } from './env.js';

export async function createDistribution(cf: CloudFront, comment = 'test'): Promise<string> {
  const res = await cf.createDistribution({
    DistributionConfig: {
      CallerReference: uniqueName('dist'),
      Comment: comment,
      Enabled: true,
      Origins: {
        Quantity: 1,
        Items: [{ Id: 'site', DomainName: 'site.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }],
      },
      DefaultCacheBehavior: {
        TargetOriginId: 'site',
        ViewerProtocolPolicy: 'redirect-to-https',
        MinTTL: 0,
        ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
        TrustedSigners: { Enabled: false, Quantity: 0 },
      },
    },
  });
  const id = res.Distribution?.Id;
  if (!id) throw new Error('moto created no distribution');
  return id;
}
