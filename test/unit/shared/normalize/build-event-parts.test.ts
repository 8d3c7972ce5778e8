import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../../../shared/normalize/build-event.js';
import { merged } from '../../../../shared/parse/field-read.js';
import { ctxFor } from './helpers.js';

const record = { path: 'logEvents[0].message', text: 'line', meta: {}, recordId: 'r-1' };
const parsed = { sourceType: 'generic', fields: {}, time: '2024-06-01T00:00:00Z' };

function attributesOf(attributes: Parameters<typeof buildEvent>[3]['attributes']): Record<string, unknown> {
  const result = buildEvent('generic', parsed, ctxFor(record), { severity: 'INFO', title: 't', attributes });
  if (!result.ok) throw new Error(result.reason);
  return result.event.attributes as Record<string, unknown>;
}

/** What the normalizers wrote before issue 15: a spread, then buildEvent dropped undefined values. */
function spreadThenDefined(...parts: Array<Record<string, unknown>>): Record<string, unknown> {
  const spread = parts.reduce<Record<string, unknown>>((acc, p) => ({ ...acc, ...p }), {});
  return Object.fromEntries(Object.entries(spread).filter(([, v]) => v !== undefined));
}

const value = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 4 }), fc.integer());
const part = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'source.ip', 'event.type', '__proto__', 'constructor'), value, { maxKeys: 5 });

describe('buildEvent with attribute parts', () => {
  it('merges a list of parts exactly as `{ ...a, ...b }` followed by the undefined filter did (keys, values and order)', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
        const got = attributesOf(parts);
        const want = spreadThenDefined(...parts);
        expect(Object.keys(got)).toEqual(Object.keys(want));
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('lets a later undefined value take away an earlier one, and keeps __proto__ a plain key', () => {
    const attributes = attributesOf([{ a: 1, b: 2 }, { a: undefined, c: 3 }, JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>]);
    expect(Object.keys(attributes)).toEqual(['b', 'c', '__proto__']);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes a single object as before', () => {
    expect(attributesOf({ a: 1, b: undefined, c: 'x' })).toEqual({ a: 1, c: 'x' });
  });
});

describe('merged', () => {
  it('equals the spread of its parts, undefined values included', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 4 }), (parts) => {
        const want = parts.reduce<Record<string, unknown>>((acc, p) => ({ ...acc, ...p }), {});
        const got = merged(...parts);
        expect(Object.keys(got)).toEqual(Object.keys(want));
        expect(got).toEqual(want);
        expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
      }),
      { numRuns: 300 },
    );
  });
});
