import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../../shared/decode/types.js';
import { normalizeRecord } from '../../../../shared/normalize/index.js';
import { parseRecord } from '../../../../shared/parse/index.js';
import { BronzeEventV1, defaultRegistry, type BronzeEventDraft } from '../../../../shared/schema/index.js';
import { deepFreeze, fixtureRecords, type Carrier } from '../parse/fixtures.js';
import { ctxFor, INGESTED_AT, SOURCE_OF } from './helpers.js';

// The other types are catalogue modules: their fixtures run through the catalogue (golden, property tests).
const FIXTURES: ReadonlyArray<readonly [string, string, Carrier]> = [
  ['cloudtrail', 'management-events', 'value'],
  ['waf', 'web-acl', 'text'],
  ['lambda', 'platform-text', 'text'],
  ['lambda', 'json-format', 'text'],
  ['apigateway', 'access-logs', 'text'],
  ['apigateway', 'app-json', 'value'],
  ['generic', 'lines', 'value'],
];

const LAMBDA_META = { logGroup: '/aws/lambda/orders-api', owner: '123456789012', region: 'eu-west-1' };

function records(sourceType: string, variant: string, carrier: Carrier): RawRecord[] {
  return fixtureRecords(sourceType, variant, { carrier, meta: sourceType === 'lambda' ? LAMBDA_META : {} });
}

/** The whole path as the pipeline runs it: parseRecord with the hint, then normalizeRecord. Inputs are deep-frozen. */
function run(sourceType: string, record: RawRecord, ingestedAt = INGESTED_AT): BronzeEventDraft {
  const frozen = deepFreeze(record);
  const parsed = parseRecord(frozen, sourceType === 'generic' ? undefined : sourceType);
  if (!parsed.ok) throw new Error(parsed.reason);
  const result = normalizeRecord(deepFreeze(parsed.parsed), ctxFor(frozen, SOURCE_OF[sourceType], ingestedAt));
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

describe.each(FIXTURES)('every %s event (%s, as %s)', (sourceType, variant, carrier) => {
  const input = records(sourceType, variant, carrier);

  it('is a valid BronzeEvent v1 with valid typed attributes', () => {
    for (const record of input) {
      const event = run(sourceType, record);
      expect(event.source_type).toBe(sourceType);
      const envelope = BronzeEventV1.safeParse(event);
      expect(envelope.success ? [] : envelope.error.issues).toEqual([]);
      const typed = defaultRegistry().validateEvent(event);
      expect(typed.ok ? [] : typed.issues).toEqual([]);
    }
  });

  it('has a deterministic event_id that differs between records', () => {
    const ids = input.map((record) => run(sourceType, record).event_id);
    const again = records(sourceType, variant, carrier).map((record) => run(sourceType, record, '2030-01-01T00:00:00.000Z').event_id);
    expect(again).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses the source record id for event_id when there is one', () => {
    const event = run(sourceType, { ...input[0]!, recordId: 'rec-0001' });
    expect(event.event_id).toBe(`${SOURCE_OF[sourceType]}:rec-0001`);
  });

  it('keeps its own time when it arrives a day late (backlog), whatever the transport says', () => {
    const late = '2024-06-03T12:00:00.000Z';
    const transportTime = Date.parse('2024-06-03T11:59:00.000Z');
    for (const record of input) {
      const onTime = run(sourceType, record);
      const backlog = run(sourceType, { ...record, transportTime }, late);
      expect(backlog.ingested_at).toBe(late);
      if (onTime.attributes.time_source === undefined) {
        expect(backlog.timestamp).toBe(onTime.timestamp);
        expect(backlog.timestamp < '2024-06-02T00:00:00.000Z').toBe(true);
      } else {
        expect(backlog.timestamp).toBe('2024-06-03T11:59:00.000Z');
      }
    }
  });

  it('carries the original record as raw_data', () => {
    for (const record of input) expect(run(sourceType, record).raw_data).toBe(record.value !== undefined ? record.value : record.text);
  });
});

describe('the typed attribute schemas', () => {
  it.each([
    ['vpcflow', { action: 'DROP' }],
    ['waf', { action: 'block' }],
    ['firewall', { action: 'DENY' }],
    ['cloudtrail', { event_source: 's3.amazonaws.com', event_name: 'GetObject', outcome: 'refused' }],
    ['signin', { error_code: 0, outcome: 'denied' }],
    ['http_lb', { status: 200, status_class: '200' }],
    ['lambda', { kind: 'report', latency_ms: -1 }],
  ])('catch a %s event that breaks the attribute conventions: %j', (sourceType, attributes) => {
    const event = { schema_version: '1.0', event_id: 'x', source: 'aws.s3', source_type: sourceType, timestamp: INGESTED_AT, ingested_at: INGESTED_AT, severity: 'INFO', title: 't', attributes, raw_data: null };
    expect(defaultRegistry().validateEvent(event).ok).toBe(false);
  });
});
