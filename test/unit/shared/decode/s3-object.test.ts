import { describe, expect, it } from 'vitest';
import { decodeS3Object, s3SourceTypeHint } from '../../../../shared/decode/s3-object.js';
import { INVALID_UTF8, LIMITS, PROTO_JSON, deepJson, fixtureBytes, gzip, gzipBomb, prototypeIsClean, truncatedGzip } from './factories.js';

const TRAIL_KEY = 'AWSLogs/123456789012/CloudTrail/eu-west-1/2024/11/25/123456789012_CloudTrail_eu-west-1_20241125T1000Z_a1b2c3d4e5f6g7h8.json.gz';
const FLOW_KEY = 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/2024/11/25/123456789012_vpcflowlogs_eu-west-1_fl-0a1b2c3d_20241125T1000Z_1a2b3c4d.log.gz';
const WAF_KEY = 'AWSLogs/123456789012/WAFLogs/eu-west-1/prod-acl/2024/11/25/10/00/123456789012_waflogs_eu-west-1_prod-acl_20241125T1000Z_1a2b3c4d.log.gz';

const object = (body: Uint8Array, key = 'app/2024/11/25/part-0000.log', etag = '"9b2cf535f27731c974343645a3985328"') => ({
  bucket: 'prod-telemetry',
  key,
  etag,
  eventTime: '2024-11-25T10:05:00.000Z',
  body,
});

describe('decodeS3Object', () => {
  it.each([
    ['gzip', (b: Buffer) => gzip(b)],
    ['plain', (b: Buffer) => b],
  ])('expands a %s CloudTrail file into Records[i] value records', (_name, encode) => {
    const trail = fixtureBytes('aws/s3/cloudtrail-records.json');
    const batch = decodeS3Object(object(encode(trail), TRAIL_KEY), LIMITS);
    const records = (JSON.parse(trail.toString()) as { Records: unknown[] }).Records;

    expect(batch).toMatchObject({
      source: 'aws.s3',
      identity: `prod-telemetry|${TRAIL_KEY}|"9b2cf535f27731c974343645a3985328"`,
      deliveryTime: Date.parse('2024-11-25T10:05:00.000Z'),
      sourceTypeHint: 'cloudtrail',
      failures: [],
      control: 0,
    });
    expect(batch.records).toEqual([
      { path: 'Records[0]', value: records[0], recordId: '6d1d2f35-5e52-4a8e-9c1e-0a9b8c7d6e5f', meta: { bucket: 'prod-telemetry', key: TRAIL_KEY }, transportTime: Date.parse('2024-11-25T10:05:00.000Z') },
      { path: 'Records[1]', value: records[1], recordId: 'b2a6c4d8-1f3e-4b5a-8c7d-9e0f1a2b3c4d', meta: { bucket: 'prod-telemetry', key: TRAIL_KEY }, transportTime: Date.parse('2024-11-25T10:05:00.000Z') },
    ]);
  });

  it('skips a VPC flow log header line and passes its field names in meta.header', () => {
    const batch = decodeS3Object(object(gzip(fixtureBytes('aws/s3/vpcflow-default-format.log')), FLOW_KEY), LIMITS);
    expect(batch.sourceTypeHint).toBe('vpcflow');
    expect(batch.failures).toEqual([]);
    expect(batch.records.map((r) => r.path)).toEqual(['lines[1]', 'lines[2]', 'lines[3]']);
    expect(batch.records[1]?.text).toBe('2 123456789012 eni-0a1b2c3d4e5f67890 198.51.100.7 10.0.1.15 51234 22 6 3 180 1732528740 1732528800 REJECT OK');
    expect(batch.records[0]?.meta).toEqual({
      bucket: 'prod-telemetry',
      key: FLOW_KEY,
      header: 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
    });
  });

  it('recognises a custom-format flow log header when the key says VPC flow logs', () => {
    const body = 'srcaddr dstaddr action\n10.0.0.1 10.0.0.2 ACCEPT\n';
    const batch = decodeS3Object(object(Buffer.from(body), FLOW_KEY), LIMITS);
    expect(batch.records).toMatchObject([{ path: 'lines[1]', text: '10.0.0.1 10.0.0.2 ACCEPT', meta: { header: 'srcaddr dstaddr action' } }]);
  });

  it('passes NDJSON lines on as text records', () => {
    const ndjson = fixtureBytes('aws/s3/waf-ndjson.log');
    const batch = decodeS3Object(object(gzip(ndjson), WAF_KEY), LIMITS);
    expect(batch.sourceTypeHint).toBe('waf');
    expect(batch.records.map((r) => r.path)).toEqual(['lines[0]', 'lines[1]', 'lines[2]']);
    expect(batch.records[1]?.text).toBe(ndjson.toString().split('\n')[1]);
    expect(batch.records[1]?.value).toBeUndefined();
  });

  it('expands a pretty-printed JSON array into [i] records', () => {
    const body = JSON.stringify([{ a: 1 }, { a: 2 }], null, 2);
    const batch = decodeS3Object(object(Buffer.from(body), 'exports/items.json'), LIMITS);
    expect(batch.records.map((r) => [r.path, r.value])).toEqual([
      ['[0]', { a: 1 }],
      ['[1]', { a: 2 }],
    ]);
  });

  it('reads a pretty-printed single object as one record', () => {
    const batch = decodeS3Object(object(Buffer.from('{\n  "a": 1\n}\n')), LIMITS);
    expect(batch.records).toMatchObject([{ path: '[0]', value: { a: 1 } }]);
  });

  it('skips blank lines, drops CRs and keeps a bracket-led text line as text', () => {
    const batch = decodeS3Object(object(Buffer.from('[INFO] one\r\n\r\n  \ntwo\r\n')), LIMITS);
    expect(batch.records.map((r) => [r.path, r.text])).toEqual([
      ['lines[0]', '[INFO] one'],
      ['lines[3]', 'two'],
    ]);
  });

  it('reads a .gz key holding plain bytes as plain', () => {
    expect(decodeS3Object(object(Buffer.from('hello\n'), 'x/y.log.gz'), LIMITS).records).toMatchObject([{ text: 'hello' }]);
  });

  it('gives nothing for an empty object', () => {
    expect(decodeS3Object(object(new Uint8Array(0)), LIMITS)).toMatchObject({ records: [], failures: [], control: 0 });
  });

  it.each([
    [FLOW_KEY, 'vpcflow'],
    [TRAIL_KEY, 'cloudtrail'],
    [WAF_KEY, 'waf'],
    ['aws-waf-logs-prod/2024/11/25/file.gz', 'waf'],
    ['software/releases.log', undefined],
  ])('hints key %s as %s', (key, hint) => {
    expect(s3SourceTypeHint(key)).toBe(hint);
  });

  describe('when the whole object is bad', () => {
    it.each([
      ['a truncated gzip', truncatedGzip('line\n'.repeat(200)), 'truncated or corrupt gzip'],
      ['a gzip bomb (5 MB of zeros, 1 MB cap)', gzipBomb(5 * 1024 * 1024), 'decompressed size exceeds 1048576 bytes (gzip bomb guard)'],
    ])('quarantines %s as one failure at body', (_name, body, reason) => {
      const batch = decodeS3Object(object(body), LIMITS);
      expect(batch.records).toEqual([]);
      expect(batch.failures).toEqual([{ path: 'body', reason, text: '' }]);
      expect(batch.identity).toBe('prod-telemetry|app/2024/11/25/part-0000.log|"9b2cf535f27731c974343645a3985328"');
    });

    it('quarantines a body that is not bytes', () => {
      const batch = decodeS3Object({ bucket: 'b', key: 'k', body: 'text' as unknown as Uint8Array }, LIMITS);
      expect(batch.failures).toEqual([{ path: 'body', reason: 'object body is not bytes', text: '' }]);
      expect(batch.identity).toBe('b|k|');
    });

    it('quarantines a 200,000-deep single-line document', () => {
      const batch = decodeS3Object(object(gzip(`{"Records":${deepJson(200_000)}}`)), { ...LIMITS, maxRecordBytes: 1024 * 1024 });
      expect(batch.records).toEqual([]);
      expect(batch.failures).toMatchObject([{ path: 'lines[0]', reason: 'JSON nesting deeper than 64' }]);
      expect(Buffer.byteLength(batch.failures[0]?.text ?? '')).toBe(4096);
    });
  });

  describe('when a line is bad', () => {
    it('quarantines only the line with invalid UTF-8', () => {
      const body = Buffer.concat([Buffer.from('good one\n'), INVALID_UTF8, Buffer.from('good two\n')]);
      const batch = decodeS3Object(object(body), LIMITS);
      expect(batch.records.map((r) => [r.path, r.text])).toEqual([
        ['lines[0]', 'good one'],
        ['lines[2]', 'good two'],
      ]);
      expect(batch.failures).toMatchObject([{ path: 'lines[1]', reason: 'invalid UTF-8' }]);
    });

    it('quarantines a single 10 MB line and keeps its neighbours', () => {
      const body = Buffer.from(`first\n${'E'.repeat(10 * 1024 * 1024)}\nlast\n`);
      const batch = decodeS3Object(object(body), { ...LIMITS, maxDecompressedBytes: 16 * 1024 * 1024 });
      expect(batch.records.map((r) => r.text)).toEqual(['first', 'last']);
      expect(batch.failures).toEqual([{ path: 'lines[1]', reason: 'record exceeds 262144 bytes', text: 'E'.repeat(4096) }]);
    });

    it('quarantines an oversized element of a Records document', () => {
      const body = JSON.stringify({ Records: [{ eventID: 'a' }, { eventID: 'b', blob: 'F'.repeat(300 * 1024) }] });
      const batch = decodeS3Object(object(Buffer.from(body), TRAIL_KEY), LIMITS);
      expect(batch.records.map((r) => r.recordId)).toEqual(['a']);
      expect(batch.failures).toMatchObject([{ path: 'Records[1]', reason: 'record exceeds 262144 bytes' }]);
    });
  });

  it('keeps __proto__ and constructor keys as plain data in documents', () => {
    const batch = decodeS3Object(object(Buffer.from(`{"Records":[${PROTO_JSON}]}`), TRAIL_KEY), LIMITS);
    const value = batch.records[0]?.value as Record<string, unknown>;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(prototypeIsClean()).toBe(true);
  });

  it('does not mutate the body', () => {
    const body = gzip(fixtureBytes('aws/s3/cloudtrail-records.json'));
    const copy = Buffer.from(body);
    decodeS3Object(object(body), LIMITS);
    expect(body.equals(copy)).toBe(true);
  });
});
