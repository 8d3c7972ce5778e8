import { describe, expect, it } from 'vitest';
import { DEFAULT_DENY_FIELDS, DEFAULT_HASH_FIELDS, FieldMatcher, splitWords } from '../../../../shared/redact/field-names.js';

const matcher = new FieldMatcher({ denyFields: DEFAULT_DENY_FIELDS, allowFields: ['next_token', 'user_agent'], hashFields: DEFAULT_HASH_FIELDS });

describe('field-name rules', () => {
  it.each([
    ['password', 'deny'],
    ['PASSWORD', 'deny'],
    ['Set-Cookie', 'deny'],
    ['set_cookie', 'deny'],
    ['X-API-KEY', 'deny'],
    ['xApiKey', 'deny'],
    ['apiKey', 'deny'],
    ['db_password', 'deny'],
    ['newPassword', 'deny'],
    ['AWS_SECRET_ACCESS_KEY', 'deny'],
    ['secretAccessKey', 'deny'],
    ['sessionToken', 'deny'],
    ['Proxy-Authorization', 'deny'],
    ['connectionString', 'deny'],
    ['nextToken', 'allow'],
    ['user_agent', 'allow'],
    ['userAgent', 'allow'],
    ['user', 'hash'],
    ['UserName', 'hash'],
    ['user-name', 'hash'],
    ['endUser', 'hash'],
    ['userPrincipalName', 'hash'],
    ['principalEmail', 'hash'],
    ['caller', 'hash'],
    ['superuser', 'none'],
    ['tokenType', 'none'],
    ['secretArn', 'none'],
    ['passwordLastUsed', 'none'],
    ['eventName', 'none'],
  ])('classifies %s as %s', (key, rule) => {
    expect(matcher.classify(key)).toBe(rule);
  });

  it('splits names into lower-case words at separators and camelCase steps', () => {
    expect(splitWords('userPrincipalName')).toEqual(['user', 'principal', 'name']);
    expect(splitWords('X-API-Key')).toEqual(['x', 'api', 'key']);
    expect(splitWords('APIKey')).toEqual(['api', 'key']);
    expect(splitWords('aws_secret_access_key')).toEqual(['aws', 'secret', 'access', 'key']);
  });
});
