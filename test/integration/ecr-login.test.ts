/** ECR login against moto: the password and the token are secrets before anything else sees them. */
import { describe, expect, it } from '@jest/globals';
import { ECR } from '@aws-sdk/client-ecr';
import { getRegistryLogin } from '../../src/ecr/ecr.js';
import { motoUrl } from '../helpers/env.js';

describe('ECR authorization (moto)', () => {
  it('getRegistryLogin (moto) registers the password and the token as secrets before returning', async () => {
    const secrets: string[] = [];
    const login = await getRegistryLogin(new ECR({ region: 'us-east-1', endpoint: motoUrl() }), (s) => secrets.push(s));
    expect(login.registry).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com');
    expect(login.username).toBe('AWS');
    expect(login.password).toBe('123456789012-auth-token');
    expect(secrets).toEqual([login.token, login.password]);
  });
});
