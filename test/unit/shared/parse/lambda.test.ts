import { describe, expect, it } from 'vitest';
import { lambda } from '../../../../shared/parse/lambda.js';
import { deepFreeze, fixtureRecords, textRecord, valueRecord } from './fixtures.js';

const text = fixtureRecords('lambda', 'platform-text', { meta: { logGroup: '/aws/lambda/orders-api' } });
const json = fixtureRecords('lambda', 'json-format');

describe('the lambda parser', () => {
  it.each([
    [0, { kind: 'init_start', runtime_version: 'nodejs:20.v22' }, undefined],
    [1, { kind: 'start', request_id: '8f5c2a1e-3b4d-4e6f-9a0b-1c2d3e4f5a6b', version: '$LATEST' }, undefined],
    [2, { kind: 'app', level: 'INFO', message: 'processing order 4711' }, '2024-06-01T10:00:00.123Z'],
    [3, { kind: 'app', level: 'ERROR', request_id: '8f5c2a1e-3b4d-4e6f-9a0b-1c2d3e4f5a6b' }, '2024-06-01T10:00:00.456Z'],
    [4, { kind: 'end', request_id: '8f5c2a1e-3b4d-4e6f-9a0b-1c2d3e4f5a6b' }, undefined],
    [5, { kind: 'report', duration_ms: 102.25, billed_duration_ms: 103, memory_size_mb: 128, max_memory_used_mb: 70, init_duration_ms: 150.12 }, undefined],
    [6, { kind: 'app', timed_out: true, request_id: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }, '2024-06-01T10:00:05.001Z'],
    [7, { kind: 'report', duration_ms: 3000, invoke_status: 'timeout', timed_out: true }, undefined],
    [8, { kind: 'app', level: 'WARNING', request_id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e', message: 'retrying upstream call (attempt 2)' }, '2024-06-01T10:00:06.789Z'],
    [9, { kind: 'app', level: 'ERROR' }, undefined],
    [10, { kind: 'app', runtime_error: true, request_id: '3c4d5e6f-7a8b-4c9d-0e1f-2a3b4c5d6e7f' }, undefined],
  ])('reads text line %i', (index, expected, time) => {
    const result = lambda.parse(deepFreeze(text[index]!));
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.fields).toMatchObject(expected);
    expect(result.parsed.time).toBe(time);
  });

  it('does not mistake "Billed Duration" or "Init Duration" for the duration', () => {
    const result = lambda.parse(textRecord('REPORT RequestId: r1\tInit Duration: 900.00 ms\tBilled Duration: 5 ms\tDuration: 4.5 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB'));
    expect(result).toMatchObject({ ok: true, parsed: { fields: { duration_ms: 4.5, billed_duration_ms: 5, init_duration_ms: 900 } } });
  });

  it.each([
    [0, { kind: 'start', platform_type: 'platform.start', request_id: '6d7e8f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f' }, '2024-06-01T10:00:00.000Z'],
    [1, { kind: 'app', level: 'ERROR', message: 'payment provider returned 502' }, '2024-06-01T10:00:00.250Z'],
    [2, { kind: 'report', duration_ms: 398.6, billed_duration_ms: 399, memory_size_mb: 256, max_memory_used_mb: 92, init_duration_ms: 210.4, invoke_status: 'success' }, '2024-06-01T10:00:00.400Z'],
    [3, { kind: 'app', level: 'INFO', service: 'orders', cold_start: true, function_name: 'orders-api', request_id: '7e8f9a0b-2c3d-4e5f-9a0b-6c7d8e9f0a1b' }, '2024-06-01 10:00:01,123+0000'],
  ])('reads JSON-format record %i', (index, expected, time) => {
    const result = lambda.parse(json[index]!);
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.fields).toMatchObject(expected);
    expect(result.parsed.time).toBe(time);
  });

  it('reads JSON-format records carried as text', () => {
    const result = lambda.parse(textRecord(JSON.stringify({ time: '2024-06-01T10:00:00.000Z', type: 'platform.report', record: { requestId: 'r', metrics: { durationMs: 12.5 } } })));
    expect(result).toMatchObject({ ok: true, parsed: { fields: { kind: 'report', duration_ms: 12.5 } } });
  });

  it('keeps any other line from a Lambda log group as an app message', () => {
    const result = lambda.parse(textRecord('plain print() output'));
    expect(result).toEqual({ ok: true, parsed: { sourceType: 'lambda', fields: { kind: 'app', message: 'plain print() output' } } });
  });

  it.each([
    ['a REPORT line', true, textRecord('REPORT RequestId: r\tDuration: 1 ms'), undefined],
    ['a Node.js app line', true, text[2]!, undefined],
    ['a runtime exit line', true, textRecord('RequestId: 3c4d Error: Runtime exited with error: exit status 1'), undefined],
    ['anything in a /aws/lambda/ log group', true, textRecord('hello', { meta: { logGroup: '/aws/lambda/fn' } }), undefined],
    ['a platform.* JSON record', true, json[0]!, undefined],
    ['any record with the lambda hint', true, valueRecord({ a: 1 }), 'lambda'],
    ['a JSON app record elsewhere', false, json[1]!, undefined],
    ['a VPC flow line', false, textRecord('2 123456789012 eni-1 - - - - - - - 1 2 - NODATA'), undefined],
  ])('claims %s: %s', (_name, expected, record, hint) => {
    expect(lambda.matches(record, hint)).toBe(expected);
  });
});
