import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHttpBody, httpBatchIdentity, refuseHttpBody, type HttpBody } from '../../../../shared/decode/http-body.js';
import { DEFAULT_DECODE_LIMITS } from '../../../../shared/decode/types.js';
import { fixtureRecords, fluentBitRequest, vectorRequest, type AgentRequest } from '../../../helpers/edge-agents.js';

const AT = Date.parse('2026-12-01T12:00:00.000Z');

function body(request: AgentRequest, over: Partial<HttpBody> = {}): HttpBody {
  return { body: request.body, contentType: request.headers['content-type'], contentEncoding: request.headers['content-encoding'], agent: 'test', receivedAt: AT, ...over };
}

describe('decodeHttpBody', () => {
  const fluent = fixtureRecords('fluent-bit-json-lines');
  const vector = fixtureRecords('vector-ndjson');

  it.each([
    ['Fluent Bit json_lines, gzip', fluentBitRequest(fluent, { format: 'json_lines', gzip: true }), fluent, 'ndjson'],
    ['Fluent Bit json, gzip', fluentBitRequest(fluent, { format: 'json', gzip: true }), fluent, 'json'],
    ['Fluent Bit json_lines, plain', fluentBitRequest(fluent, { format: 'json_lines', gzip: false }), fluent, 'ndjson'],
    ['Vector NDJSON, gzip', vectorRequest(vector, { framing: 'newline_delimited', gzip: true }), vector, 'ndjson'],
    ['Vector JSON array, gzip', vectorRequest(vector, { framing: 'json_array', gzip: true }), vector, 'json'],
    ['Vector JSON array, plain', vectorRequest(vector, { framing: 'json_array', gzip: false }), vector, 'json'],
  ])('reads %s record by record', (_name, request, expected, format) => {
    const batch = decodeHttpBody(body(request), DEFAULT_DECODE_LIMITS);
    expect(batch.failures).toEqual([]);
    expect(batch.format).toBe(format);
    expect(batch.source).toBe('edge.http');
    expect(batch.records.map((r) => r.value)).toEqual(expected);
    expect(batch.records.map((r) => r.path)).toEqual(expected.map((_, i) => `records[${i}]`));
    expect(batch.records[0]!.transportTime).toBe(AT);
    expect(batch.records[0]!.meta).toMatchObject({ transport: 'http', agent: 'test' });
  });

  it('names the index of a line that is not JSON', () => {
    const text = '{"a":1}\n{"b":2}\n{"c": oops}\n{"d":4}\n';
    const batch = decodeHttpBody({ body: Buffer.from(text), contentType: 'application/x-ndjson', receivedAt: AT }, DEFAULT_DECODE_LIMITS);
    expect(batch.failures).toHaveLength(1);
    expect(batch.failures[0]).toMatchObject({ path: 'records[2]', text: '{"c": oops}' });
    expect(batch.records).toHaveLength(3);
  });

  it('refuses an array element that is not an object, by index', () => {
    const batch = decodeHttpBody({ body: Buffer.from('[{"a":1},"text",{"b":2}]'), contentType: 'application/json', receivedAt: AT }, DEFAULT_DECODE_LIMITS);
    expect(batch.failures.map((f) => f.path)).toEqual(['records[1]']);
  });

  it('reads one pretty-printed JSON object as one record', () => {
    const batch = decodeHttpBody({ body: Buffer.from('{\n  "message": "hi",\n  "level": "info"\n}\n'), contentType: 'application/json', receivedAt: AT }, DEFAULT_DECODE_LIMITS);
    expect(batch.failures).toEqual([]);
    expect(batch.records.map((r) => r.value)).toEqual([{ message: 'hi', level: 'info' }]);
  });

  it('reads text/plain as one record per line', () => {
    const batch = decodeHttpBody({ body: Buffer.from('first line\r\n\nsecond line\n'), contentType: 'text/plain', receivedAt: AT }, DEFAULT_DECODE_LIMITS);
    expect(batch.records.map((r) => r.text)).toEqual(['first line', 'second line']);
  });

  it.each([
    ['gzip announced, plain sent', { body: Buffer.from('{"a":1}'), contentEncoding: 'gzip' }, 'not gzip'],
    ['corrupt gzip', { body: gzipSync(Buffer.from('{"a":1}\n')).subarray(0, 12) }, 'gzip'],
    ['not JSON at all', { body: Buffer.from('hello world'), contentType: 'application/json' }, 'not JSON'],
    ['invalid UTF-8', { body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), contentType: 'application/json' }, 'UTF-8'],
  ])('fails the whole body when %s', (_name, over, reason) => {
    const batch = decodeHttpBody({ receivedAt: AT, ...over } as HttpBody, DEFAULT_DECODE_LIMITS);
    expect(batch.records).toEqual([]);
    expect(batch.failures).toHaveLength(1);
    expect(batch.failures[0]!.path).toBe('body');
    expect(batch.failures[0]!.reason).toContain(reason);
  });

  it('stops a gzip bomb at the decompression cap', () => {
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
    const batch = decodeHttpBody({ body: bomb, contentEncoding: 'gzip', receivedAt: AT }, { ...DEFAULT_DECODE_LIMITS, maxDecompressedBytes: 1024 * 1024 });
    expect(batch.failures[0]!.reason).toContain('gzip bomb');
  });

  it('takes the Idempotency-Key as the identity, else a digest of the body', () => {
    const raw = Buffer.from('{"a":1}\n');
    expect(httpBatchIdentity({ body: raw, idempotencyKey: 'k-1' })).toBe(httpBatchIdentity({ body: Buffer.from('{"b":2}\n'), idempotencyKey: 'k-1' }));
    expect(httpBatchIdentity({ body: raw })).toBe(httpBatchIdentity({ body: Buffer.from(raw) }));
    expect(httpBatchIdentity({ body: raw })).not.toBe(httpBatchIdentity({ body: Buffer.from('{"a":2}\n') }));
    expect(httpBatchIdentity({ body: raw, logType: 'waf' })).not.toBe(httpBatchIdentity({ body: raw }));
  });

  it('hints the parser with a snake_case log type only', () => {
    expect(decodeHttpBody({ body: Buffer.from('{"a":1}'), logType: 'vpcflow', receivedAt: AT }, DEFAULT_DECODE_LIMITS).sourceTypeHint).toBe('vpcflow');
    expect(decodeHttpBody({ body: Buffer.from('{"a":1}'), logType: '../x', receivedAt: AT }, DEFAULT_DECODE_LIMITS).sourceTypeHint).toBeUndefined();
  });

  it('never throws on random bytes, and accounts for every piece', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom(undefined, 'application/json', 'application/x-ndjson', 'text/plain'), (bytes, contentType) => {
        const batch = decodeHttpBody({ body: bytes, contentType, receivedAt: AT }, DEFAULT_DECODE_LIMITS);
        expect(Array.isArray(batch.records) && Array.isArray(batch.failures)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('refuseHttpBody', () => {
  it.each([
    [{ contentType: 'application/msgpack' }, 'MessagePack'],
    [{ contentType: 'application/xml' }, 'application/xml'],
    [{ contentEncoding: 'br' }, 'br'],
  ])('refuses %j with 415', (input, text) => {
    const refusal = refuseHttpBody(input);
    expect(refusal?.status).toBe(415);
    expect(refusal?.reason).toContain(text);
  });

  it.each([{}, { contentType: 'application/json; charset=utf-8', contentEncoding: 'gzip' }, { contentType: 'application/x-ndjson' }, { contentType: 'text/plain' }])('accepts %j', (input) => {
    expect(refuseHttpBody(input)).toBeUndefined();
  });
});
