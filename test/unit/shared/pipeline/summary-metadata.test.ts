import { describe, expect, it } from 'vitest';
import {
  decodeSummary,
  encodeSummary,
  MAX_SUMMARY_METADATA_BYTES,
  SUMMARY_METADATA_NAME,
  summaryFromMetadata,
  summaryMetadata,
} from '../../../../shared/pipeline/summary-metadata.js';
import type { TelemetrySummary } from '../../../../shared/schema/index.js';

function summary(over: Partial<TelemetrySummary> = {}): TelemetrySummary {
  return {
    schema_version: '1.0',
    alerts: [
      { rule: 'waf-blocks', count: 25 },
      { rule: 'http-5xx', count: 3 },
    ],
    latency_ms_p95: 350.5,
    window: { start: '2026-11-24T10:00:00.000Z', end: '2026-11-24T10:04:59.999Z' },
    source: 'aws.cloudwatch',
    batch_key: '0123456789abcdef0123456789abcdef',
    event_count: 120,
    ...over,
  };
}

describe('a summary in object metadata', () => {
  it('round-trips through one compact base64url value', () => {
    const value = encodeSummary(summary())!;
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSummary(value)).toEqual(summary());
    expect(Buffer.from(value, 'base64url').toString('utf8')).toBe(JSON.stringify(summary()));
  });

  it('keeps a null p95 and detections', () => {
    const s = summary({ latency_ms_p95: null, detections: [{ rule_id: 'tb-x', rule: 'X', severity: 'HIGH', count: 2 }] });
    expect(decodeSummary(encodeSummary(s))).toEqual(s);
  });

  it('carries non-ASCII source and rule names through an ASCII value (UTF-8 inside)', () => {
    const s = { ...summary({ alerts: [{ rule: 'règle-ü', count: 1 }] }), source: 'édge.日本' } as unknown as TelemetrySummary;
    const value = encodeSummary(s)!;
    expect(value).toMatch(/^[\x20-\x7e]+$/);
    expect(decodeSummary(value)).toEqual(s);
  });

  it('falls back (undefined) when the encoded value would pass 1,536 bytes, and takes one just under', () => {
    const many = (n: number) => summary({ alerts: Array.from({ length: n }, (_, i) => ({ rule: `rule-${String(i).padStart(3, '0')}`, count: i + 1 })) });
    let n = 1;
    while (encodeSummary(many(n + 1)) !== undefined) n++;
    expect(encodeSummary(many(n))!.length).toBeLessThanOrEqual(MAX_SUMMARY_METADATA_BYTES);
    expect(Buffer.from(JSON.stringify(many(n + 1))).toString('base64url').length).toBeGreaterThan(MAX_SUMMARY_METADATA_BYTES);
    expect(encodeSummary(many(n + 1))).toBeUndefined();
    expect(summaryMetadata(many(n + 1))).toBeUndefined();
  });

  it('is one metadata entry under a name every store keeps as given', () => {
    expect(SUMMARY_METADATA_NAME).toMatch(/^[a-z][a-z0-9_]*$/);
    const metadata = summaryMetadata(summary())!;
    expect(Object.keys(metadata)).toEqual([SUMMARY_METADATA_NAME]);
    expect(summaryFromMetadata(metadata)).toEqual(summary());
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['not base64url', 'e30=+/'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['a JSON array', Buffer.from('[1]').toString('base64url')],
    ['an object that is no summary', Buffer.from('{"a":1}').toString('base64url')],
  ])('reads nothing from a value that is %s, without throwing', (_what, value) => {
    expect(decodeSummary(value)).toBeUndefined();
  });

  it('reads nothing from metadata without the entry', () => {
    expect(summaryFromMetadata({})).toBeUndefined();
    expect(summaryFromMetadata(undefined)).toBeUndefined();
  });
});
