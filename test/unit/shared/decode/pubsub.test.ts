import { describe, expect, it } from 'vitest';
import { decodePubSub } from '../../../../shared/decode/pubsub.js';
import { INVALID_UTF8, LIMITS, PROTO_JSON, deepFreeze, deepJson, fixture, gzip, gzipBomb, prototypeIsClean, pubSubCloudEvent, truncatedGzip, type PubSubCloudEvent } from './factories.js';

const SUBSCRIPTION = 'projects/bridge-demo/subscriptions/telemetry-bridge-push';

describe('decodePubSub', () => {
  it('turns a Cloud Logging LogEntry into one value record keyed by its insertId', () => {
    const event = fixture<PubSubCloudEvent>('gcp/pubsub/message-published.json');
    const entry = fixture('gcp/pubsub/audit-log-entry.json');
    const batch = decodePubSub(event, LIMITS);

    expect(batch).toMatchObject({
      source: 'gcp.pubsub',
      identity: `${SUBSCRIPTION}|11937923011474844`,
      deliveryTime: Date.parse('2024-11-25T10:00:01.456Z'),
      sourceTypeHint: 'audit',
      failures: [],
      control: 0,
    });
    expect(batch.records).toEqual([
      {
        path: 'message.data',
        value: entry,
        recordId: '1x9k2ad3b7c1',
        transportTime: Date.parse('2024-11-25T10:00:01.456Z'),
        meta: { subscription: SUBSCRIPTION, messageId: '11937923011474844', topic: 'telemetry-logs' },
      },
    ]);
  });

  it('passes plain text data on as a text record keyed by the message id', () => {
    const batch = decodePubSub(pubSubCloudEvent('disk usage 91% on node-7'), LIMITS);
    expect(batch.records).toMatchObject([{ path: 'message.data', text: 'disk usage 91% on node-7', recordId: '11937923011474844' }]);
    expect(batch.sourceTypeHint).toBeUndefined();
  });

  it('passes text that merely starts with a bracket on as text', () => {
    expect(decodePubSub(pubSubCloudEvent('[WARN] retrying'), LIMITS).records[0]?.text).toBe('[WARN] retrying');
  });

  it('inflates gzip data (told by its magic bytes)', () => {
    const batch = decodePubSub(pubSubCloudEvent(gzip('{"insertId":"z1","textPayload":"hi"}')), LIMITS);
    expect(batch.records[0]).toMatchObject({ value: { insertId: 'z1', textPayload: 'hi' }, recordId: 'z1' });
  });

  it('hints an HTTP load balancer request log as http_lb', () => {
    const entry = { insertId: 'lb1', resource: { type: 'http_load_balancer' }, httpRequest: { requestMethod: 'GET' } };
    expect(decodePubSub(pubSubCloudEvent(JSON.stringify(entry)), LIMITS).sourceTypeHint).toBe('http_lb');
  });

  it('reads the snake_case message fields and falls back to the message id for identity', () => {
    const event = {
      id: 'ce-1',
      data: { message: { data: Buffer.from('x').toString('base64'), message_id: 'm-9', publish_time: '2024-11-25T10:00:00Z' } },
    };
    const batch = decodePubSub(event, LIMITS);
    expect(batch.identity).toBe('m-9');
    expect(batch.deliveryTime).toBe(Date.parse('2024-11-25T10:00:00Z'));
  });

  it('falls back to the CloudEvent id, then to a content hash', () => {
    const data = Buffer.from('x').toString('base64');
    expect(decodePubSub({ id: 'ce-7', data: { message: { data } } }, LIMITS).identity).toBe('ce-7');
    const hashed = decodePubSub({ data: { message: { data } } }, LIMITS);
    expect(hashed.identity).toMatch(/^[0-9a-f]{64}$/);
    expect(decodePubSub({ data: { message: { data } } }, LIMITS).identity).toBe(hashed.identity);
  });

  it('accepts CloudEvent data that arrives as JSON text', () => {
    const event = fixture<PubSubCloudEvent>('gcp/pubsub/message-published.json');
    const batch = decodePubSub({ ...event, data: JSON.stringify(event.data) }, LIMITS);
    expect(batch.records).toHaveLength(1);
    expect(batch.identity).toBe(`${SUBSCRIPTION}|11937923011474844`);
  });

  describe('quarantines undecodable data as one failure at message.data', () => {
    const limits = { ...LIMITS, maxRecordBytes: 512 * 1024 }; // room for 200,000 brackets
    it.each([
      ['invalid base64', pubSubCloudEvent('', { data: 'eyJh!!IjoxfQ==' }), 'invalid base64'],
      ['a truncated gzip', pubSubCloudEvent(truncatedGzip('{"insertId":"a"}'.repeat(40))), 'truncated or corrupt gzip'],
      ['a gzip bomb (5 MB of zeros, 1 MB cap)', pubSubCloudEvent(gzipBomb(5 * 1024 * 1024)), 'decompressed size exceeds 1048576 bytes (gzip bomb guard)'],
      ['invalid UTF-8', pubSubCloudEvent(INVALID_UTF8), 'invalid UTF-8'],
      ['200,000-deep nesting', pubSubCloudEvent(deepJson(200_000)), 'JSON nesting deeper than 64'],
      ['a single 10 MB line', pubSubCloudEvent('D'.repeat(10 * 1024 * 1024)), 'record exceeds 524288 bytes'],
      ['blank data', pubSubCloudEvent(' \n'), 'message data is empty'],
      ['no data', pubSubCloudEvent('', { data: undefined }), 'message has no data'],
    ])('%s', (_name, event, reason) => {
      const batch = decodePubSub(event, limits);
      expect(batch.records).toEqual([]);
      expect(batch.failures).toHaveLength(1);
      expect(batch.failures[0]).toMatchObject({ path: 'message.data', reason });
      expect(Buffer.byteLength(batch.failures[0]?.text ?? '')).toBeLessThanOrEqual(4096);
      expect(batch.identity).toBe(`${SUBSCRIPTION}|11937923011474844`);
    });

    it.each([
      ['undefined', undefined],
      ['a string', 'hello'],
      ['a CloudEvent without a message', { id: 'ce-2', data: { subscription: SUBSCRIPTION } }],
    ])('an input that is %s', (_name, event) => {
      const batch = decodePubSub(event, LIMITS);
      expect(batch.failures).toEqual([{ path: 'message.data', reason: 'missing Pub/Sub message', text: '' }]);
    });
  });

  it('keeps __proto__ and constructor keys as plain data', () => {
    const batch = decodePubSub(pubSubCloudEvent(PROTO_JSON), LIMITS);
    const value = batch.records[0]?.value as Record<string, unknown>;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(prototypeIsClean()).toBe(true);
  });

  it('does not mutate the CloudEvent', () => {
    const event = deepFreeze(fixture<PubSubCloudEvent>('gcp/pubsub/message-published.json'));
    const before = structuredClone(event);
    decodePubSub(event, LIMITS);
    expect(event).toEqual(before);
  });
});
