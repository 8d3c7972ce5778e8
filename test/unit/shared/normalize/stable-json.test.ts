import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../../../shared/normalize/stable-json.js';

/** The array-building reading (before it appended to one string): the reference. */
function reference(value: unknown, depth = 0, seen = new Set<object>()): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      return 'null';
  }
  if (depth >= 256) return '"[too deep]"';
  if (seen.has(value)) return '"[circular]"';
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) out = `[${value.map((v: unknown) => reference(v, depth + 1, seen)).join(',')}]`;
  else if (value instanceof Date) out = JSON.stringify(Number.isFinite(value.getTime()) ? value.toISOString() : null);
  else {
    const entries = Object.keys(value)
      .sort()
      .flatMap((k) => {
        const v = (value as Record<string, unknown>)[k];
        return v === undefined || typeof v === 'function' || typeof v === 'symbol' ? [] : [`${JSON.stringify(k)}:${reference(v, depth + 1, seen)}`];
      });
    out = `{${entries.join(',')}}`;
  }
  seen.delete(value);
  return out;
}

describe('stableStringify', () => {
  it('writes every value exactly as the array-building reading did', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withSparseArray: true, withNullPrototype: true, withObjectString: true }), (value) => {
        expect(stableStringify(value)).toBe(reference(value));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a sparse array', [1, , 2], '[1,,2]'],
    ['a cycle', (() => { const o: Record<string, unknown> = { b: 1 }; o.a = o; return o; })(), '{"a":"[circular]","b":1}'],
    ['functions and undefined', { a: undefined, b: () => 1, c: [undefined] }, '{"c":[null]}'],
  ])('handles %s', (_what, value, expected) => {
    expect(stableStringify(value)).toBe(expected);
  });
});
