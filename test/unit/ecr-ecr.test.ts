import { describe, expect, it } from '@jest/globals';
import {
  decodeAuthorizationToken,
  getPublicRegistryLogin,
  registryFromEndpoint,
  samePolicy,
  tagIsImmutable,
} from '../../src/ecr/ecr.js';
import { ReleaseError } from '../../src/runtime/errors.js';

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

describe('ECR Public login', () => {
  // moto has no ECR Public: a stand-in answers GetAuthorizationToken the way the service documents it.
  const answering = (token: string | undefined) => ({
    getAuthorizationToken: async () => ({
      authorizationData: token === undefined ? undefined : { authorizationToken: token },
    }),
  });

  it('logs in to public.ecr.aws, the token and the password registered as secrets before returning', async () => {
    const secrets: string[] = [];
    const token = Buffer.from('AWS:public-pass:word').toString('base64');
    const login = await getPublicRegistryLogin(answering(token) as never, (s) => secrets.push(s));
    expect(login).toEqual({ registry: 'public.ecr.aws', username: 'AWS', password: 'public-pass:word', token });
    expect(secrets).toEqual([token, 'public-pass:word']);
  });

  it('fails clearly when ECR Public gives no token', async () => {
    await expect(getPublicRegistryLogin(answering(undefined) as never, () => {})).rejects.toThrow(
      'ECR Public returned no authorization data',
    );
  });
});
