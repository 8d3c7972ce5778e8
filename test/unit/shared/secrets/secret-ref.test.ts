import { describe, expect, it } from 'vitest';
import { SecretError } from '../../../../shared/errors.js';
import { parseSecretRef, selectField } from '../../../../shared/secrets/secret-ref.js';

describe('parseSecretRef', () => {
  it.each([
    ['fixops-api-key', { name: 'fixops-api-key' }],
    ['arn:aws:secretsmanager:us-east-1:1:secret:x-AbC', { name: 'arn:aws:secretsmanager:us-east-1:1:secret:x-AbC' }],
    ['sentinel#client_id', { name: 'sentinel', field: 'client_id' }],
    ['projects/p/secrets/s/versions/2#a', { name: 'projects/p/secrets/s/versions/2', field: 'a' }],
  ])('splits %j into a name and an optional field', (ref, expected) => {
    expect(parseSecretRef(ref)).toEqual(expected);
  });

  it.each(['#field', 'name#', ''])('refuses the malformed ref %j', (ref) => {
    expect(() => parseSecretRef(ref)).toThrow(SecretError);
  });
});

describe('selectField', () => {
  const json = JSON.stringify({ user: 'u', port: 5432, on: true, empty: '', nested: { a: 1 } });

  it.each([
    [undefined, json],
    ['user', 'u'],
    ['port', '5432'],
    ['on', 'true'],
  ])('returns field %s of a JSON secret as a string', (field, expected) => {
    expect(selectField('db', json, field)).toBe(expected);
  });

  it.each([
    ['a missing field', json, 'absent', 'secret db#absent has no non-empty field absent'],
    ['an empty field', json, 'empty', 'secret db#empty has no non-empty field empty'],
    ['an object field', json, 'nested', 'secret db#nested has no non-empty field nested'],
    ['a value that is not JSON', 'hunter2-not-json', 'user', 'secret db#user is not a JSON object, so it has no field user'],
    ['a JSON array', '["hunter2"]', '0', 'secret db#0 has no non-empty field 0'],
  ])('refuses %s without showing the value', (_case, value, field, message) => {
    let thrown: unknown;
    try {
      selectField(`db#${field}`, value, field);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SecretError);
    expect((thrown as SecretError).message).toBe(message);
    expect((thrown as SecretError).message).not.toContain('hunter2');
  });
});
