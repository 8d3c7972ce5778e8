import { describe, expect, it } from 'vitest';
import { mentionsKeys, parseJsonText, recordObject } from '../../../../shared/parse/json-input.js';
import { snakeCase } from '../../../../shared/parse/snake-case.js';
import { textRecord, valueRecord } from './fixtures.js';

describe('the JSON input helpers', () => {
  it.each([
    ['{"a":{"b":[1]}}', 3, true],
    ['{"a":{"b":[1]}}', 2, false],
    ['{"a":"[[[[[[[[[["}', 1, true],
  ])('parses %s within %i levels: %s', (text, max, ok) => {
    expect(parseJsonText(text, max).ok).toBe(ok);
  });

  it('tells malformed JSON from hostile nesting', () => {
    expect(parseJsonText('{"a":')).toMatchObject({ ok: false, tooDeep: false });
    expect(parseJsonText('[[[', 2)).toMatchObject({ ok: false, tooDeep: true });
  });

  it('parses 200,000-deep JSON to a reason, not a stack overflow', () => {
    expect(parseJsonText('['.repeat(200_000) + ']'.repeat(200_000))).toEqual({ ok: false, reason: 'JSON nesting deeper than 64', tooDeep: true });
  });

  it.each([
    ['an object value', valueRecord({ a: 1 }), true],
    ['JSON object text', textRecord(' {"a":1} '), true],
    ['JSON array text', textRecord('[1]'), false],
    ['a string value holding JSON', valueRecord('{"a":1}'), true],
  ])('reads %s as an object: %s', (_name, record, ok) => {
    expect(recordObject(record).ok).toBe(ok);
  });

  it('checks keys as own properties only', () => {
    expect(mentionsKeys(valueRecord({}), ['toString'])).toBe(false);
    expect(mentionsKeys(textRecord('plain "a"'), ['a'])).toBe(false);
  });

  it.each([
    ['userPrincipalName', 'user_principal_name'],
    ['HTTPMethod', 'http_method'],
    ['account-id', 'account_id'],
    ['@timestamp', 'timestamp'],
    ['log.level', 'log_level'],
    ['__proto__', 'proto'],
    ['SourceIp', 'source_ip'],
  ])('snake-cases %s as %s', (name, expected) => {
    expect(snakeCase(name)).toBe(expected);
  });
});
