import { describe, expect, it } from 'vitest';
import { generic } from '../../../../shared/parse/generic.js';
import { deepFreeze, fixtureRecords, textRecord, valueRecord } from './fixtures.js';

const lines = fixtureRecords('generic', 'lines');

describe('the generic parser', () => {
  it.each([
    ['a JSON object (keys in snake_case)', 0, { level: 'error', msg: 'db connection refused', component: 'billing-worker', retry: 3, record_format: 'json' }, 1717236000.5],
    ['a JSON object with dotted keys', 1, { log_level: 'WARN', message: 'disk 91% full', record_format: 'json' }, '2024-06-01T12:00:00+02:00'],
    ['a key=value line', 2, { level: 'info', msg: 'user logged in', user_id: '42', duration: '12ms', record_format: 'kv' }, '2024-06-01T10:00:00Z'],
    ['a plain line with a leading timestamp', 3, { message: '2024-06-01T10:00:00.500Z GET /healthz 200 1ms', record_format: 'text' }, '2024-06-01T10:00:00.500Z'],
    ['a plain line', 4, { message: 'kernel: Out of memory: Killed process 4242 (java)', record_format: 'text' }, undefined],
  ])('reads %s', (_name, index, expected, time) => {
    const result = generic.parse(deepFreeze(lines[index]!));
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.sourceType).toBe('generic');
    expect(result.parsed.fields).toMatchObject(expected);
    expect(result.parsed.time).toBe(time);
  });

  it('reads JSON text the same as a JSON value', () => {
    const value = { timestamp: '2024-06-01T10:00:00Z', userName: 'x' };
    expect(generic.parse(textRecord(JSON.stringify(value)))).toEqual(generic.parse(valueRecord(value)));
  });

  it('rejects text that opens as a JSON object but is broken, so it is quarantined with the reason', () => {
    expect(generic.parse(textRecord('{"truncated": '))).toMatchObject({ ok: false, reason: expect.stringMatching(/^generic: invalid JSON/) });
  });

  it('keeps a bracketed plain line that is not a JSON object as text', () => {
    expect(generic.parse(textRecord('[INFO] service started'))).toMatchObject({ ok: true, parsed: { fields: { record_format: 'text' } } });
  });

  it('rejects JSON nested past the depth guard', () => {
    expect(generic.parse(textRecord(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`))).toEqual({ ok: false, reason: 'generic: JSON nesting deeper than 64' });
  });

  it('keeps "__proto__" as plain data and never sets the prototype', () => {
    const result = generic.parse(textRecord('{"__proto__":{"polluted":true},"a":1}'));
    if (!result.ok) throw new Error(result.reason);
    expect(Object.getPrototypeOf(result.parsed.fields)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.parsed.fields.a).toBe(1);
  });

  it('unescapes quoted key=value values', () => {
    expect(generic.parse(textRecord('a=1 b="x \\"y\\" z"'))).toMatchObject({ ok: true, parsed: { fields: { a: '1', b: 'x "y" z' } } });
  });

  it('reads a long almost-key=value line quickly (no catastrophic backtracking)', () => {
    const started = performance.now();
    generic.parse(textRecord(`${'a=b='.repeat(10_000)}"`));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('wraps a JSON value that is not an object', () => {
    expect(generic.parse(valueRecord([1, 2]))).toEqual({ ok: true, parsed: { sourceType: 'generic', fields: { value: [1, 2], record_format: 'json' } } });
  });

  it('rejects a record with neither text nor value', () => {
    expect(generic.parse({ path: 'p', meta: {} }).ok).toBe(false);
  });
});

describe('the generic parser on nested JSON', () => {
  it('flattens nested objects to dotted snake_case keys, and {name, value} pairs to keys', () => {
    const result = generic.parse(valueRecord({ httpRequest: { clientIp: '192.0.2.1', headers: [{ name: 'X-Forwarded-For', value: 'a' }] }, 'log.level': 'warn' }));
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.fields).toMatchObject({ 'http_request.client_ip': '192.0.2.1', 'http_request.headers.X-Forwarded-For': 'a', log_level: 'warn' });
  });
});
