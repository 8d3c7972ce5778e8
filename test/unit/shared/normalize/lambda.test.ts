import { describe, expect, it } from 'vitest';
import { textRecord } from '../parse/fixtures.js';
import { normalizeFixture, normalizeWith } from './helpers.js';

const meta = { logGroup: '/aws/lambda/orders-api', owner: '123456789012', region: 'eu-west-1' };
const TRANSPORT = Date.parse('2024-06-01T10:00:09.000Z');
const text = normalizeFixture('lambda', 'platform-text', { meta });
const json = normalizeFixture('lambda', 'json-format', { meta });

describe('the lambda normalizer', () => {
  it.each([
    [0, 'INFO', 'orders-api INIT_START'],
    [1, 'INFO', 'orders-api START 8f5c2a1e-3b4d-4e6f-9a0b-1c2d3e4f5a6b'],
    [2, 'INFO', 'orders-api INFO: processing order 4711'],
    [3, 'HIGH', 'orders-api ERROR: Invoke Error'],
    [4, 'INFO', 'orders-api END 8f5c2a1e-3b4d-4e6f-9a0b-1c2d3e4f5a6b'],
    [5, 'INFO', 'orders-api REPORT 102.25 ms, 70/128 MB'],
    [6, 'HIGH', 'orders-api timed out: Task timed out after 3.00 seconds'],
    [7, 'HIGH', 'orders-api REPORT 3000 ms, 51/128 MB (timeout)'],
    [8, 'LOW', 'orders-api WARNING: retrying upstream call (attempt 2)'],
    [9, 'HIGH', "orders-api ERROR: [ERROR] Runtime.ImportModuleError: Unable to import module 'app'"],
    [10, 'HIGH', 'orders-api: RequestId: 3c4d5e6f-7a8b-4c9d-0e1f-2a3b4c5d6e7f Error: Runtime exited with error'],
  ])('maps text line %i to severity %s', (index, severity, title) => {
    const event = text[index]!;
    expect(event.source_type).toBe('lambda');
    expect(event.severity).toBe(severity);
    expect(event.title.startsWith(title)).toBe(true);
  });

  it('takes the REPORT duration as latency_ms, and only from REPORT lines', () => {
    expect(text[5]!.attributes).toMatchObject({ latency_ms: 102.25, duration_ms: 102.25, billed_duration_ms: 103, init_duration_ms: 150.12 });
    expect(json[2]!.attributes).toMatchObject({ latency_ms: 398.6 });
    expect(text[2]!.attributes).not.toHaveProperty('latency_ms');
  });

  it('names the function from the log group, with its ARN as asset', () => {
    expect(text[5]).toMatchObject({
      resource: { cloud: 'aws', account: '123456789012', region: 'eu-west-1', service: 'lambda', name: 'orders-api', id: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api' },
      asset: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
      attributes: { function_name: 'orders-api' },
    });
  });

  it('times app lines by their own timestamp, and platform lines by the transport', () => {
    const app = normalizeWith('lambda', textRecord('2024-06-01T10:00:00.123Z\tr\tINFO\thi', { meta, transportTime: TRANSPORT }));
    const report = normalizeWith('lambda', textRecord('REPORT RequestId: r\tDuration: 1.00 ms', { meta, transportTime: TRANSPORT }));
    expect(app.timestamp).toBe('2024-06-01T10:00:00.123Z');
    expect(app.attributes).not.toHaveProperty('time_source');
    expect(report.timestamp).toBe('2024-06-01T10:00:09.000Z');
    expect(report.attributes.time_source).toBe('delivery');
  });

  it.each([
    [0, 'INFO', '2024-06-01T10:00:00.000Z'],
    [1, 'HIGH', '2024-06-01T10:00:00.250Z'],
    [2, 'INFO', '2024-06-01T10:00:00.400Z'],
    [3, 'INFO', '2024-06-01T10:00:01.123Z'],
  ])('maps JSON-format record %i to severity %s at %s', (index, severity, timestamp) => {
    expect(json[index]).toMatchObject({ severity, timestamp });
  });

  it('rates FATAL as CRITICAL', () => {
    expect(normalizeWith('lambda', textRecord('2024-06-01T10:00:00.000Z\tr\tFATAL\tout of file handles', { meta })).severity).toBe('CRITICAL');
  });
});
