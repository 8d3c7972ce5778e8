import { describe, expect, it } from 'vitest';
import { textRecord, valueRecord } from '../parse/fixtures.js';
import { normalizeFixture, normalizeWith } from './helpers.js';

const events = normalizeFixture('generic', 'lines');

describe('the generic normalizer', () => {
  it.each([
    [0, 'HIGH', '2024-06-01T10:00:00.500Z', 'db connection refused'],
    [1, 'LOW', '2024-06-01T10:00:00.000Z', 'disk 91% full'],
    [2, 'INFO', '2024-06-01T10:00:00.000Z', 'user logged in'],
    [3, 'INFO', '2024-06-01T10:00:00.500Z', '2024-06-01T10:00:00.500Z GET /healthz 200 1ms'],
  ])('maps line %i to severity %s at its own time', (index, severity, timestamp, title) => {
    expect(events[index]).toMatchObject({ source_type: 'generic', severity, timestamp, title });
  });

  it('times a line without any time at ingestion and says so', () => {
    expect(events[4]).toMatchObject({ timestamp: '2024-06-02T12:00:00.000Z', attributes: { time_source: 'delivery' } });
  });

  it('keeps scalar fields as attributes and nested ones flattened to dotted keys', () => {
    expect(events[1]!.attributes).toMatchObject({ log_level: 'WARN', message: 'disk 91% full', 'host.name': 'node-7' });
    expect(events[1]!.attributes).not.toHaveProperty('host');
    expect(events[1]!.raw_data).toMatchObject({ host: { name: 'node-7' } });
  });

  it.each([
    [{ status: 503, path: '/x', latency: '0.25s', time: '2024-06-01T10:00:00Z' }, { status: 503, status_class: '5xx', latency_ms: 250 }, 'HIGH'],
    [{ status: 'active', latency_ms: -3, time: '2024-06-01T10:00:00Z' }, { status: 'active' }, 'INFO'],
  ])('derives HTTP status and latency only when they are real: %j', (value, attributes, severity) => {
    const event = normalizeWith('generic', valueRecord(value));
    expect(event.attributes).toMatchObject(attributes);
    if (!('latency_ms' in attributes)) expect(event.attributes).not.toHaveProperty('latency_ms');
    expect(event.severity).toBe(severity);
  });

  it('titles a record without a message by its type and source', () => {
    expect(normalizeWith('generic', valueRecord({ a: 1 }), 'splunk').title).toBe('generic record from splunk');
  });

  it('truncates a long multi-line message in the title', () => {
    const title = normalizeWith('generic', textRecord(`line one\n${'x'.repeat(5000)}`)).title;
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.startsWith('line one x')).toBe(true);
  });
});
