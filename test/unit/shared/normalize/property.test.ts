import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../../shared/decode/types.js';
import { NORMALIZERS, normalizeRecord } from '../../../../shared/normalize/index.js';
import type { ParsedRecord } from '../../../../shared/parse/types.js';
import { BronzeEventV1, SOURCES } from '../../../../shared/schema/index.js';
import { deepFreeze } from '../parse/fixtures.js';

/** Field values seen in practice plus arbitrary JSON: strings that look like times, statuses, levels. */
const interesting = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom('REJECT', 'BLOCK', 'Deny', 'ERROR', 'report', 'timeout', '-', '', '0.5s', '2024-06-01T10:00:00Z', '__proto__'),
  fc.integer({ min: -1, max: 1e13 }),
);
const fieldsArb = fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('action', 'status', 'latency', 'level', 'kind', 'error_code', 'status_code', 'resource_id', 'resource_arns', 'webacl_id', 'duration_ms', 'time_source')), interesting, { maxKeys: 12 });
const timeArb = fc.oneof(fc.constant(undefined), interesting, fc.date({ noInvalidDate: false }));
const recordArb: fc.Arbitrary<RawRecord> = fc.record(
  {
    path: fc.string({ maxLength: 8 }),
    text: fc.string({ maxLength: 200 }),
    value: fc.jsonValue(),
    recordId: fc.string({ maxLength: 300 }),
    transportTime: fc.oneof(fc.integer({ min: -1e3, max: 4e12 }), fc.double()),
    meta: fc.dictionary(fc.constantFrom('logGroup', 'owner', 'region', 'header'), fc.string({ maxLength: 30 })),
  },
  { requiredKeys: ['path', 'meta'] },
);
const ctxArb = fc.record({ source: fc.constantFrom(...SOURCES), record: recordArb });

function snapshot(value: unknown): unknown {
  return value === undefined ? undefined : structuredClone(value);
}

describe('normalize (property)', () => {
  it.each(NORMALIZERS.map((n) => [n.sourceType, n] as const))('%s never throws, never mutates its input, and only returns valid envelopes', (_type, normalizer) => {
    fc.assert(
      fc.property(fieldsArb, timeArb, ctxArb, (fields, time, { source, record }) => {
        const parsed: ParsedRecord = time === undefined ? { sourceType: normalizer.sourceType, fields } : { sourceType: normalizer.sourceType, fields, time };
        const before = snapshot({ parsed, record });
        const ctx = deepFreeze({ source, ingestedAt: '2024-06-02T12:00:00.000Z', record });
        const result = normalizer.normalize(deepFreeze(parsed), ctx);
        expect({ parsed, record }).toEqual(before);
        if (result.ok) expect(BronzeEventV1.safeParse(result.event).success).toBe(true);
        else expect(result.reason).toMatch(/^unparseable timestamp "/);
      }),
      { numRuns: 200 },
    );
  });

  it('normalizeRecord never throws on arbitrary source types and JSON fields', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.jsonValue(), timeArb, ctxArb, (sourceType, fields, time, { source, record }) => {
        const parsed = deepFreeze({ sourceType, fields, time } as ParsedRecord);
        const result = normalizeRecord(parsed, deepFreeze({ source, ingestedAt: '2024-06-02T12:00:00.000Z', record }));
        expect(typeof result.ok).toBe('boolean');
        if (result.ok) expect(BronzeEventV1.safeParse(result.event).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
