import { describe, expect, it } from '@jest/globals';
import { motoUrl, registryHost } from '../helpers/env.js';

describe('test harness', () => {
  it('moto answers AWS calls (STS GetCallerIdentity)', async () => {
    const res = await fetch(`${motoUrl()}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization:
          'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Account>123456789012</Account>');
  });

  it('docker-registry speaks the registry v2 protocol', async () => {
    const res = await fetch(`http://${registryHost()}/v2/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });
});
