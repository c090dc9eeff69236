import { describe, expect, it } from '@jest/globals';
import { ECR } from '@aws-sdk/client-ecr';
import {
  decodeAuthorizationToken,
  getRegistryLogin,
  registryFromEndpoint,
  samePolicy,
  tagIsImmutable,
} from '../../src/ecr/ecr.js';
import { ReleaseError } from '../../src/runtime/errors.js';
import { motoUrl } from '../helpers/env.js';

describe('ECR authorization', () => {
  it('decodes base64("AWS:<password>"), with colons allowed in the password', () => {
    const token = Buffer.from('AWS:eyJwYXlsb2FkIjoi:x==').toString('base64');
    expect(decodeAuthorizationToken(token)).toEqual({ username: 'AWS', password: 'eyJwYXlsb2FkIjoi:x==' });
  });

  it('rejects a token without user:password, without quoting it', () => {
    for (const text of ['nocolon', ':nouser', 'AWS:']) {
      const token = Buffer.from(text).toString('base64');
      const err = (() => {
        try {
          decodeAuthorizationToken(token);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err).toBeInstanceOf(ReleaseError);
      expect(err?.message).not.toContain(token);
      expect(err?.message).not.toContain(text);
    }
  });

  it('the registry host comes from the proxy endpoint', () => {
    expect(registryFromEndpoint('https://123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    );
    expect(registryFromEndpoint('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    );
    expect(registryFromEndpoint('http://127.0.0.1:5000/')).toBe('127.0.0.1:5000');
  });

  it('getRegistryLogin (moto) registers the password and the token as secrets before returning', async () => {
    const secrets: string[] = [];
    const login = await getRegistryLogin(new ECR({ region: 'us-east-1', endpoint: motoUrl() }), (s) => secrets.push(s));
    expect(login.registry).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com');
    expect(login.username).toBe('AWS');
    expect(login.password).toBe('123456789012-auth-token');
    expect(secrets).toEqual([login.token, login.password]);
  });
});

describe('samePolicy', () => {
  it('compares JSON values, not text', () => {
    expect(samePolicy('{"rules":[{"a":1,"b":2}]}', '{ "rules": [ { "b": 2, "a": 1 } ] }')).toBe(true);
    expect(samePolicy('{"rules":[{"a":1}]}', '{"rules":[{"a":2}]}')).toBe(false);
    expect(samePolicy('{"rules":[1,2]}', '{"rules":[2,1]}')).toBe(false);
  });
});

describe('tagIsImmutable', () => {
  it('follows the repository mutability, flipped for tags matching the exclusion wildcards', () => {
    expect(tagIsImmutable({ mutability: 'MUTABLE', exclusions: [] }, 'v1')).toBe(false);
    expect(tagIsImmutable({ mutability: 'IMMUTABLE', exclusions: [] }, 'latest')).toBe(true);
    const mostlyImmutable = { mutability: 'IMMUTABLE_WITH_EXCLUSION', exclusions: ['latest', 'dev-*'] };
    expect(tagIsImmutable(mostlyImmutable, 'v1.2.3')).toBe(true);
    expect(tagIsImmutable(mostlyImmutable, 'latest')).toBe(false);
    expect(tagIsImmutable(mostlyImmutable, 'dev-42')).toBe(false);
    expect(tagIsImmutable(mostlyImmutable, 'xdev-42')).toBe(true);
    const mostlyMutable = { mutability: 'MUTABLE_WITH_EXCLUSION', exclusions: ['v*.*.*'] };
    expect(tagIsImmutable(mostlyMutable, 'v1.2.3')).toBe(true);
    expect(tagIsImmutable(mostlyMutable, 'v1x2x3')).toBe(false);
    expect(tagIsImmutable(mostlyMutable, 'latest')).toBe(false);
  });
});
