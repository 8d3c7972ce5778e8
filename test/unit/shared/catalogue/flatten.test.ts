import { describe, expect, it } from 'vitest';
import { flatten } from '../../../../shared/catalogue/flatten.js';

describe('flatten', () => {
  it('turns nested objects into dotted keys and keeps scalar arrays', () => {
    expect(flatten({ a: { b: 1, c: { d: 'x' } }, tags: ['p', 'q'] })).toEqual({ 'a.b': 1, 'a.c.d': 'x', tags: ['p', 'q'] });
  });

  it('reads a list of {name, value} pairs as an object keyed by the names, so field rules see them', () => {
    const headers = [
      { name: 'X-Api-Key', value: 'k' },
      { name: 'Cookie', value: 'c' },
    ];
    expect(flatten({ httpRequest: { headers } })).toEqual({ 'httpRequest.headers.X-Api-Key': 'k', 'httpRequest.headers.Cookie': 'c' });
    expect(flatten({ Tags: [{ Key: 'env', Value: 'prod' }] })).toEqual({ 'Tags.env': 'prod' });
  });

  it('keeps other arrays of objects, and pair lists with repeated or extra keys, as JSON text', () => {
    const repeated = [
      { name: 'a', value: 1 },
      { name: 'a', value: 2 },
    ];
    expect(flatten({ h: repeated })).toEqual({ h: JSON.stringify(repeated) });
    expect(flatten({ h: [{ name: 'a', value: 1, other: 2 }] })).toEqual({ h: '[{"name":"a","value":1,"other":2}]' });
  });

  it('never mutates its input', () => {
    const input = { a: { b: [{ name: 'n', value: 'v' }] } };
    const copy = structuredClone(input);
    flatten(input);
    expect(input).toEqual(copy);
  });
});
