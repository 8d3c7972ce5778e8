import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cloudWatchSourceTypeHint, decodeCloudWatchLogs } from '../../../../shared/decode/cloudwatch-logs.js';
import { DEFAULT_DECODE_LIMITS } from '../../../../shared/decode/types.js';
import {
  INVALID_UTF8,
  LIMITS,
  PROTO_JSON,
  cloudWatchEvent,
  cloudWatchEventFromBytes,
  cloudWatchPayload,
  deepFreeze,
  deepJson,
  fixture,
  gzip,
  gzipBomb,
  logEvents,
  truncatedGzip,
  type CloudWatchPayload,
} from './factories.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('decodeCloudWatchLogs', () => {
  it('turns each log event of the real Lambda event into a text record', () => {
    const event = fixture<{ awslogs: { data: string } }>('aws/cloudwatch-logs/lambda-event.json');
    const payload = fixture<CloudWatchPayload>('aws/cloudwatch-logs/lambda-data-message.json');
    const batch = decodeCloudWatchLogs(event, LIMITS);

    expect(batch.source).toBe('aws.cloudwatch');
    expect(batch.identity).toBe(`/aws/lambda/checkout-api|${payload.logStream}|${payload.logEvents[0]?.id}`);
    expect(batch.deliveryTime).toBe(payload.logEvents[0]?.timestamp);
    expect(batch.sourceTypeHint).toBe('lambda');
    expect(batch.failures).toEqual([]);
    expect(batch.control).toBe(0);
    expect(batch.records).toHaveLength(4);
    expect(batch.records[1]).toEqual({
      path: 'logEvents[1].message',
      text: payload.logEvents[1]?.message,
      recordId: payload.logEvents[1]?.id,
      transportTime: payload.logEvents[1]?.timestamp,
      meta: { logGroup: '/aws/lambda/checkout-api', logStream: payload.logStream, owner: '123456789012' },
    });
  });

  it('passes JSON message text on as text for the parser to decide', () => {
    const batch = decodeCloudWatchLogs(cloudWatchEvent(cloudWatchPayload({ logEvents: logEvents(['{"level":"INFO"}']) })), LIMITS);
    expect(batch.records[0]).toMatchObject({ text: '{"level":"INFO"}' });
    expect(batch.records[0]?.value).toBeUndefined();
  });

  it('acknowledges a CONTROL_MESSAGE as control with no records', () => {
    const control = fixture('aws/cloudwatch-logs/control-message.json');
    const event = cloudWatchEvent(control);
    const batch = decodeCloudWatchLogs(event, LIMITS);
    expect(batch).toMatchObject({ records: [], failures: [], control: 1 });
    expect(batch.identity).toBe(`control|${sha256(event.awslogs.data)}`);
  });

  it('accepts a payload that is plain JSON rather than gzip', () => {
    const batch = decodeCloudWatchLogs(cloudWatchEventFromBytes(Buffer.from(JSON.stringify(cloudWatchPayload()))), LIMITS);
    expect(batch.records).toHaveLength(3);
  });

  it('gives the same identity to a retried delivery', () => {
    const event = cloudWatchEvent(cloudWatchPayload());
    expect(decodeCloudWatchLogs(event, LIMITS).identity).toBe(decodeCloudWatchLogs(structuredClone(event), LIMITS).identity);
  });

  it('does not mutate the event', () => {
    const event = deepFreeze(cloudWatchEvent(cloudWatchPayload()));
    const before = structuredClone(event);
    decodeCloudWatchLogs(event, LIMITS);
    expect(event).toEqual(before);
  });

  it.each([
    ['/aws/vpc/flow-logs/prod', 'vpcflow'],
    ['VPCFlowLogs-prod', 'vpcflow'],
    ['/aws/lambda/checkout-api', 'lambda'],
    ['aws-cloudtrail-logs-123456789012-1a2b3c4d', 'cloudtrail'],
    ['aws-waf-logs-prod-acl', 'waf'],
    ['API-Gateway-Execution-Logs_a1b2c3d4e5/prod', 'apigateway'],
    ['/aws/api-gateway/orders', 'apigateway'],
    ['/ecs/orders-service', undefined],
  ])('hints log group %s as %s', (logGroup, hint) => {
    expect(cloudWatchSourceTypeHint(logGroup)).toBe(hint);
    const batch = decodeCloudWatchLogs(cloudWatchEvent(cloudWatchPayload({ logGroup })), LIMITS);
    expect(batch.sourceTypeHint).toBe(hint);
  });

  describe('when the whole payload is bad', () => {
    const deep = deepJson(200_000);
    it.each([
      ['invalid base64', { awslogs: { data: 'H4sI!!not*base64' } }, 'invalid base64', LIMITS],
      ['a truncated gzip', cloudWatchEventFromBytes(truncatedGzip(JSON.stringify(cloudWatchPayload()))), 'truncated or corrupt gzip', LIMITS],
      ['a gzip bomb (5 MB of zeros, 1 MB cap)', cloudWatchEventFromBytes(gzipBomb(5 * 1024 * 1024)), 'decompressed size exceeds 1048576 bytes (gzip bomb guard)', LIMITS],
      ['invalid UTF-8', cloudWatchEventFromBytes(gzip(INVALID_UTF8)), 'invalid UTF-8', LIMITS],
      ['invalid JSON', cloudWatchEvent('{"messageType":'), 'invalid JSON: unexpected end of input', LIMITS],
      ['200,000-deep nesting', cloudWatchEvent(deep), 'JSON nesting deeper than 64', { ...DEFAULT_DECODE_LIMITS, maxDepth: 64 }],
      ['a JSON array', cloudWatchEvent('[1,2]'), 'CloudWatch Logs payload is not a JSON object', LIMITS],
      ['an unknown messageType', cloudWatchEvent(cloudWatchPayload({ messageType: 'OTHER' })), 'missing or unsupported messageType', LIMITS],
      ['no logGroup', cloudWatchEvent({ ...cloudWatchPayload(), logGroup: undefined }), 'missing logGroup', LIMITS],
      ['no logStream', cloudWatchEvent({ ...cloudWatchPayload(), logStream: 7 }), 'missing logStream', LIMITS],
      ['no logEvents', cloudWatchEvent({ ...cloudWatchPayload(), logEvents: {} }), 'missing logEvents array', LIMITS],
    ])('quarantines %s as one failure at awslogs.data', (_name, event, reason, limits) => {
      const batch = decodeCloudWatchLogs(event, limits);
      expect(batch.records).toEqual([]);
      expect(batch.control).toBe(0);
      expect(batch.failures).toHaveLength(1);
      expect(batch.failures[0]).toMatchObject({ path: 'awslogs.data', reason });
      expect(Buffer.byteLength(batch.failures[0]?.text ?? '')).toBeLessThanOrEqual(4096);
      expect(batch.identity).toBe(sha256(event.awslogs.data));
    });

    it.each([
      ['undefined', undefined],
      ['an empty object', {}],
      ['awslogs without data', { awslogs: {} }],
      ['data that is not a string', { awslogs: { data: 42 } }],
    ])('quarantines an event that is %s', (_name, event) => {
      const batch = decodeCloudWatchLogs(event, LIMITS);
      expect(batch.failures).toEqual([{ path: 'awslogs.data', reason: 'missing awslogs.data string', text: '' }]);
      expect(batch.identity).toMatch(/^[0-9a-f]{64}$/);
      expect(decodeCloudWatchLogs(event, LIMITS).identity).toBe(batch.identity);
    });
  });

  describe('when one log event is bad', () => {
    it('quarantines a single 10 MB message and keeps the rest', () => {
      const huge = 'A'.repeat(10 * 1024 * 1024);
      const event = cloudWatchEvent(cloudWatchPayload({ logEvents: logEvents(['first', huge, 'third']) }));
      const batch = decodeCloudWatchLogs(event, { ...LIMITS, maxDecompressedBytes: 16 * 1024 * 1024 });
      expect(batch.records.map((r) => r.path)).toEqual(['logEvents[0].message', 'logEvents[2].message']);
      expect(batch.failures).toHaveLength(1);
      expect(batch.failures[0]).toMatchObject({ path: 'logEvents[1].message', reason: 'record exceeds 262144 bytes' });
      expect(batch.failures[0]?.text).toBe('A'.repeat(4096));
    });

    it('measures the record limit in UTF-8 bytes', () => {
      const message = '€'.repeat(100); // 300 bytes
      const batch = decodeCloudWatchLogs(cloudWatchEvent(cloudWatchPayload({ logEvents: logEvents([message]) })), { ...LIMITS, maxRecordBytes: 299 });
      expect(batch.failures[0]?.reason).toBe('record exceeds 299 bytes');
      expect(decodeCloudWatchLogs(cloudWatchEvent(cloudWatchPayload({ logEvents: logEvents([message]) })), { ...LIMITS, maxRecordBytes: 300 }).records).toHaveLength(1);
    });

    it('quarantines events without a message string or that are not objects', () => {
      const payload = { ...cloudWatchPayload(), logEvents: [{ id: '1', timestamp: 1 }, 'oops', { id: '3', timestamp: 3, message: 'ok' }] };
      const batch = decodeCloudWatchLogs(cloudWatchEvent(payload), LIMITS);
      expect(batch.failures).toEqual([
        { path: 'logEvents[0].message', reason: 'log event has no message string', text: 'undefined' },
        { path: 'logEvents[1]', reason: 'log event is not an object', text: 'oops' },
      ]);
      expect(batch.records.map((r) => r.path)).toEqual(['logEvents[2].message']);
      expect(batch.identity).toBe(`${payload.logGroup}|${payload.logStream}|1`);
    });

    it('leaves out a recordId or transportTime the event does not carry', () => {
      const payload = { ...cloudWatchPayload(), logEvents: [{ message: 'no id' }] };
      const [record] = decodeCloudWatchLogs(cloudWatchEvent(payload), LIMITS).records;
      expect(record).toEqual({ path: 'logEvents[0].message', text: 'no id', meta: expect.any(Object) });
    });
  });

  it('never lets __proto__ or constructor keys reach Object.prototype', () => {
    const text = JSON.stringify({ ...cloudWatchPayload({ logEvents: logEvents([PROTO_JSON]) }) }).replace('{', `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},`);
    const batch = decodeCloudWatchLogs(cloudWatchEvent(text), LIMITS);
    expect(batch.records[0]?.text).toBe(PROTO_JSON);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(batch.records[0]?.meta)).toBe(Object.prototype);
  });
});
