import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTE_SCHEMAS,
  BronzeEventV1,
  compileFastCheck,
  createDefaultRegistry,
  QuarantineRecordV1,
  TelemetrySummaryV1,
} from '../../../../shared/schema/index.js';

/** What validateEvent decided before the fast path: zod alone. */
function zodOnlyAccepts(value: unknown): boolean {
  const envelope = BronzeEventV1.safeParse(value);
  if (!envelope.success) return false;
  const attrs = ATTRIBUTE_SCHEMAS[envelope.data.source_type]?.['1.0'];
  return attrs === undefined || attrs.safeParse(envelope.data.attributes).success;
}

const iso = fc.integer({ min: 0, max: 4102444800000 }).map((ms) => new Date(ms).toISOString());
const oddString = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'x'.repeat(1025), '2026-11-24 10:00:00', 'VPC-Flow', '__proto__'));
const oddValue = fc.oneof(
  oddString,
  fc.constantFrom(null, undefined, true, NaN, Infinity, -1, 0, 1.5, 65536, 2 ** 53, [], {}, Object.create(null) as object),
  fc.integer(),
  fc.double(),
);
/** Mostly the valid side, sometimes an odd value (about 1 in 25 per field). */
const mostly = (values: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.oneof({ arbitrary: values, weight: 24 }, { arbitrary: oddValue, weight: 1 });
const attributeValue = (values: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: values, weight: 4 }, { arbitrary: oddValue, weight: 1 });
const attributes = fc.dictionary(
  fc.constantFrom('action', 'log_status', 'bytes', 'packets', 'src_port', 'protocol', 'event_source', 'event_name', 'outcome', 'read_only', 'resource_arns', 'status', 'status_class', 'latency_ms', 'kind', 'time_source', 'error_code', 'status_code', 'operation_name', 'labels', 'extra'),
  attributeValue(fc.constantFrom('ACCEPT', 'REJECT', 'OK', 'success', 'failure', '2xx', 'BLOCK', 'Allow', 'transport', 200, 443, 6, 1024, false, ['arn:x'], ['a', 1])),
  { maxKeys: 8 },
);
const sourceType = fc.constantFrom(...Object.keys(ATTRIBUTE_SCHEMAS), 'unregistered', 'Bad-Type');

/** Events that are mostly valid, with any field swapped for an odd value, dropped, or an extra key added. */
const eventLike = fc
  .record({
    schema_version: mostly(fc.constant('1.0')),
    event_id: mostly(fc.string({ minLength: 1, maxLength: 40 })),
    source: mostly(fc.constantFrom('aws.cloudwatch', 'gcp.pubsub', 'splunk')),
    source_type: mostly(sourceType),
    timestamp: mostly(iso),
    ingested_at: mostly(iso),
    severity: mostly(fc.constantFrom('CRITICAL', 'INFO')),
    title: mostly(fc.string({ minLength: 1, maxLength: 30 })),
    description: mostly(fc.string()),
    resource: mostly(fc.record({ cloud: fc.constantFrom('aws', 'gcp', 'mars'), account: fc.string(), extra: fc.string() }, { requiredKeys: [] })),
    asset: mostly(fc.string()),
    attributes: mostly(attributes),
    raw_data: fc.jsonValue(),
    redactions: mostly(fc.dictionary(fc.string({ maxLength: 6 }), mostly(fc.nat()), { maxKeys: 3 })),
    unexpected: fc.string(),
  }, { requiredKeys: ['schema_version', 'event_id', 'source', 'source_type', 'timestamp', 'ingested_at', 'severity', 'title', 'attributes', 'raw_data'] })
  .chain((e) => fc.oneof({ arbitrary: fc.constant(e), weight: 3 }, fc.constant(JSON.parse(JSON.stringify(e)) as unknown)));

describe('the registry fast path', () => {
  const registry = createDefaultRegistry();

  it('accepts and rejects exactly the events zod alone accepts and rejects', () => {
    let accepted = 0;
    fc.assert(
      fc.property(eventLike, (event) => {
        const ok = registry.validateEvent(event).ok;
        if (ok) accepted++;
        expect(ok).toBe(zodOnlyAccepts(event));
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(50); // the generator reaches the valid side, not only rejections
  });

  it.each<[string, z.ZodType]>([
    ['bronze_event', BronzeEventV1],
    ['telemetry_summary', TelemetrySummaryV1],
    ['quarantine_record', QuarantineRecordV1],
    ...Object.entries(ATTRIBUTE_SCHEMAS).map(([t, v]): [string, z.ZodType] => [`attributes.${t}`, v['1.0']!]),
  ])('proves a %s valid only when zod accepts it and returns an equal value', (_name, schema) => {
    const fast = compileFastCheck(schema);
    if (!fast) return; // a schema it cannot check always goes to zod
    fc.assert(
      fc.property(fc.oneof(eventLike, attributes, fc.anything()), (value) => {
        if (!fast(value)) return;
        const parsed = schema.safeParse(value);
        expect(parsed.success).toBe(true);
        if (parsed.success) expect(parsed.data).toEqual(value);
      }),
      { numRuns: 1500 },
    );
  });

  it('returns the input itself when the event is valid, and zod issues when it is not', () => {
    const event = { schema_version: '1.0', event_id: 'e1', source: 'splunk', source_type: 'generic', timestamp: '2026-11-24T10:00:00.000Z', ingested_at: '2026-11-24T10:00:00.000Z', severity: 'INFO', title: 't', attributes: {}, raw_data: 'x' };
    const ok = registry.validateEvent(event);
    expect(ok.ok && ok.value).toBe(event);
    const bad = registry.validateEvent({ ...event, attributes: { latency_ms: -1 } });
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(['attributes.latency_ms']);
  });

  it.each<[string, z.ZodType, unknown]>([
    ['an unknown key (zod strips it)', z.object({ a: z.string() }), { a: 'x', b: 1 }],
    ['a __proto__ key (zod drops it)', z.record(z.string(), z.unknown()), JSON.parse('{"__proto__": 1}') as unknown],
    ['a class instance as a record', z.record(z.string(), z.unknown()), new Map()],
    ['a refinement it cannot read', z.string().refine((s) => s !== 'x'), 'x'],
  ])('leaves %s to zod', (_what, schema, value) => {
    const fast = compileFastCheck(schema);
    expect(fast === undefined || !fast(value)).toBe(true);
  });
});
