import { describe, expect, it } from 'vitest';
import { NORMALIZERS, normalizeRecord, normalizerFor, resolveEventTime } from '../../../../shared/normalize/index.js';
import type { ParsedRecord } from '../../../../shared/parse/types.js';
import { BronzeEventV1 } from '../../../../shared/schema/index.js';
import { textRecord } from '../parse/fixtures.js';
import { ctxFor, INGESTED_AT } from './helpers.js';

const parsed = (time: unknown, sourceType = 'generic'): ParsedRecord => ({ sourceType, fields: { message: 'm' }, time });

describe('resolveEventTime', () => {
  it.each([
    ['the record time over the transport time', '2024-06-01T10:00:00Z', 1717300000000, { ok: true, timestamp: '2024-06-01T10:00:00.000Z', source: 'record' }],
    ['the transport time when the record has none', undefined, 1717300000000, { ok: true, timestamp: '2024-06-02T03:46:40.000Z', source: 'transport' }],
    ["'-' as no record time", '-', 1717300000000, { ok: true, timestamp: '2024-06-02T03:46:40.000Z', source: 'transport' }],
    ['the ingestion time only when both are absent', undefined, undefined, { ok: true, timestamp: INGESTED_AT, source: 'ingested' }],
    ['a present but unreadable time as an error', 'last tuesday', 1717300000000, { ok: false, reason: 'unparseable timestamp "last tuesday"' }],
  ])('takes %s', (_name, recordTime, transportTime, expected) => {
    expect(resolveEventTime(recordTime, transportTime, INGESTED_AT)).toEqual(expected);
  });

  it('quotes at most 40 characters of an unreadable time', () => {
    const result = resolveEventTime('x'.repeat(100), undefined, INGESTED_AT);
    expect(result).toEqual({ ok: false, reason: `unparseable timestamp "${'x'.repeat(40)}…"` });
  });

  it('quotes a non-string unreadable time as JSON', () => {
    expect(resolveEventTime({ t: 1 }, undefined, INGESTED_AT)).toEqual({ ok: false, reason: 'unparseable timestamp "{"t":1}"' });
  });
});

describe('normalizeRecord', () => {
  it('marks an event without any time of its own or from transport as timed at ingestion', () => {
    const result = normalizeRecord(parsed(undefined), ctxFor(textRecord('m')));
    expect(result).toMatchObject({ ok: true, event: { timestamp: INGESTED_AT, attributes: { time_source: 'delivery' } } });
  });

  it('marks an event timed by its transport', () => {
    const result = normalizeRecord(parsed(undefined), ctxFor(textRecord('m', { transportTime: 1717236000000 })));
    expect(result).toMatchObject({ ok: true, event: { timestamp: '2024-06-01T10:00:00.000Z', attributes: { time_source: 'delivery' } } });
  });

  it('does not mark an event timed by the record itself', () => {
    const result = normalizeRecord(parsed('2024-06-01T10:00:00Z'), ctxFor(textRecord('m', { transportTime: 1717300000000 })));
    if (!result.ok) throw new Error(result.reason);
    expect(result.event.timestamp).toBe('2024-06-01T10:00:00.000Z');
    expect(result.event.attributes).not.toHaveProperty('time_source');
  });

  it.each(NORMALIZERS.map((n) => n.sourceType))('refuses an unparseable %s timestamp with a reason', (sourceType) => {
    const result = normalizeRecord(parsed('2024-99-99', sourceType), ctxFor(textRecord('m')));
    expect(result).toEqual({ ok: false, reason: 'unparseable timestamp "2024-99-99"' });
  });

  it('sends an unknown source_type to the generic normalizer and keeps the type', () => {
    const result = normalizeRecord(parsed('2024-06-01T10:00:00Z', 'problem'), ctxFor(textRecord('m')));
    expect(result).toMatchObject({ ok: true, event: { source_type: 'problem', title: 'm' } });
    if (result.ok) expect(BronzeEventV1.safeParse(result.event).success).toBe(true);
  });

  it('labels a source_type that is not snake_case as generic', () => {
    const result = normalizeRecord(parsed(undefined, 'Not Snake'), ctxFor(textRecord('m')));
    expect(result.ok && result.event.source_type).toBe('generic');
  });

  it('turns a normalizer bug into a reason instead of an exception', () => {
    const result = normalizeRecord({ sourceType: 'waf', fields: null as unknown as Record<string, unknown> }, ctxFor(textRecord('m')));
    expect(result).toEqual({ ok: false, reason: 'waf: normalizer failed (TypeError)' });
  });

  it('has one normalizer per source_type', () => {
    for (const type of ['cloudtrail', 'waf', 'lambda', 'apigateway', 'generic']) {
      expect(normalizerFor(type).sourceType).toBe(type);
    }
  });
});
