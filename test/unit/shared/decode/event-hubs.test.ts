import { describe, expect, it } from 'vitest';
import { decodeEventHubs, type EventHubsDelivery } from '../../../../shared/decode/event-hubs.js';
import { INVALID_UTF8, LIMITS, PROTO_JSON, deepFreeze, deepJson, deepValue, eventHubsMetadata, fixture, gzip, gzipBomb, prototypeIsClean, truncatedGzip } from './factories.js';

/** A delivery with trigger metadata for its messages (`null`: none, as outside the Functions host). */
const delivery = (messages: unknown[], triggerMetadata: Record<string, unknown> | null = eventHubsMetadata(messages.length)): EventHubsDelivery => ({
  messages,
  ...(triggerMetadata === null ? {} : { triggerMetadata }),
});

describe('decodeEventHubs', () => {
  it('splits diagnostic-settings { records } bodies, strings and parsed objects alike, into one record each', () => {
    const input = fixture<EventHubsDelivery>('azure/event-hubs/activity-log-records.json');
    const batch = decodeEventHubs(input, LIMITS);

    expect(batch.source).toBe('azure.eventhub');
    expect(batch.identity).toBe('insights-activity-logs|3|48213');
    expect(batch.deliveryTime).toBe(Date.parse('2024-11-25T10:00:04.512Z'));
    expect(batch.sourceTypeHint).toBe('activity');
    expect(batch.failures).toEqual([]);
    expect(batch.records.map((r) => r.path)).toEqual(['messages[0].records[0]', 'messages[0].records[1]', 'messages[1].records[0]']);
    expect(batch.records[2]).toEqual({
      path: 'messages[1].records[0]',
      value: (input.messages[1] as { records: unknown[] }).records[0],
      recordId: 'insights-activity-logs/3/48214/0',
      transportTime: Date.parse('2024-11-25T10:00:05.031Z'),
      meta: {
        eventHubName: 'insights-activity-logs',
        consumerGroup: '$Default',
        partitionId: '3',
        sequenceNumber: '48214',
        offset: '21474856096',
        enqueuedTime: '2024-11-25T10:00:05.031Z',
      },
    });
  });

  it('decodes Buffer and Uint8Array bodies, gzip or plain', () => {
    const body = JSON.stringify({ records: [{ category: 'AppServiceHTTPLogs', properties: { CsMethod: 'GET' } }] });
    const batch = decodeEventHubs(delivery([Buffer.from(body), new Uint8Array(gzip(body))]), LIMITS);
    expect(batch.failures).toEqual([]);
    expect(batch.records.map((r) => r.path)).toEqual(['messages[0].records[0]', 'messages[1].records[0]']);
    expect(batch.records[1]?.value).toEqual({ category: 'AppServiceHTTPLogs', properties: { CsMethod: 'GET' } });
  });

  it('passes a single JSON object body on as one value record', () => {
    const batch = decodeEventHubs(delivery(['{"level":"Warning","message":"disk 91% full"}']), LIMITS);
    expect(batch.records).toMatchObject([{ path: 'messages[0]', value: { level: 'Warning', message: 'disk 91% full' }, recordId: 'insights-logs-appservicehttplogs/1/500' }]);
  });

  it('splits a JSON array body into elements', () => {
    const batch = decodeEventHubs(delivery(['[{"a":1},{"a":2}]', [{ b: 1 }]]), LIMITS);
    expect(batch.records.map((r) => [r.path, r.value])).toEqual([
      ['messages[0][0]', { a: 1 }],
      ['messages[0][1]', { a: 2 }],
      ['messages[1][0]', { b: 1 }],
    ]);
  });

  it('turns plain text into one record per non-blank line', () => {
    const batch = decodeEventHubs(delivery(['<134>1 2024-11-25T10:00:00Z host app - - - started', 'first\r\n\r\nsecond\n', '[INFO] not JSON at all']), LIMITS);
    expect(batch.records.map((r) => [r.path, r.text, r.recordId])).toEqual([
      ['messages[0]', '<134>1 2024-11-25T10:00:00Z host app - - - started', 'insights-logs-appservicehttplogs/1/500'],
      ['messages[1].lines[0]', 'first', 'insights-logs-appservicehttplogs/1/501/0'],
      ['messages[1].lines[2]', 'second', 'insights-logs-appservicehttplogs/1/501/2'],
      ['messages[2]', '[INFO] not JSON at all', 'insights-logs-appservicehttplogs/1/502'],
    ]);
  });

  it('reads numbers and booleans the host parsed from a body back as text', () => {
    const batch = decodeEventHubs(delivery([42, true, null]), LIMITS);
    expect(batch.records.map((r) => r.text)).toEqual(['42', 'true', 'null']);
  });

  it('acknowledges an empty { records: [] } or [] body as control', () => {
    const batch = decodeEventHubs(delivery(['{"records":[]}', []]), LIMITS);
    expect(batch).toMatchObject({ records: [], failures: [], control: 2 });
  });

  it('reads PascalCase partition context keys and enqueued times without an offset as UTC', () => {
    const batch = decodeEventHubs(
      delivery(['x'], {
        partitionContext: { EventHubName: 'logs', PartitionId: '7', ConsumerGroup: 'bridge' },
        sequenceNumberArray: ['9007199254740993'],
        enqueuedTimeUtcArray: ['2024-11-25T10:00:00.5'],
      }),
      LIMITS,
    );
    expect(batch.identity).toBe('logs|7|9007199254740993');
    expect(batch.deliveryTime).toBe(Date.parse('2024-11-25T10:00:00.500Z'));
  });

  it('falls back to a SHA-256 of the content for identity without trigger metadata', () => {
    const a = decodeEventHubs(delivery(['one', Buffer.from('two'), { three: 3 }], null), LIMITS);
    const again = decodeEventHubs(delivery(['one', Buffer.from('two'), { three: 3 }], null), LIMITS);
    const other = decodeEventHubs(delivery(['one', Buffer.from('two'), { three: 4 }], null), LIMITS);
    expect(a.identity).toMatch(/^[0-9a-f]{64}$/);
    expect(again.identity).toBe(a.identity);
    expect(other.identity).not.toBe(a.identity);
    expect(a.deliveryTime).toBeUndefined();
    expect(a.records[0]?.recordId).toBeUndefined();
  });

  it.each([
    ['insights-activity-logs', 'activity'],
    ['insights-logs-azurefirewall', 'firewall'],
    ['insights-logs-signinlogs', 'signin'],
    ['app-logs', undefined],
  ])('hints hub %s as %s', (eventHubName, hint) => {
    expect(decodeEventHubs(delivery(['x'], eventHubsMetadata(1, { eventHubName })), LIMITS).sourceTypeHint).toBe(hint);
  });

  describe('quarantines each undecodable message at messages[i] and keeps the others', () => {
    it.each([
      ['invalid UTF-8 bytes', INVALID_UTF8, 'invalid UTF-8'],
      ['a truncated gzip body', truncatedGzip('{"records":[]}'.repeat(40)), 'truncated or corrupt gzip'],
      ['a gzip bomb (5 MB of zeros, 1 MB cap)', gzipBomb(5 * 1024 * 1024), 'decompressed size exceeds 1048576 bytes (gzip bomb guard)'],
      ['200,000-deep JSON text', deepJson(200_000), 'JSON nesting deeper than 64'],
      ['a 200,000-deep parsed object', deepValue(200_000), 'JSON nesting deeper than 64'],
      ['an empty string', '  \n ', 'empty message body'],
      ['an undefined body', undefined, 'empty message body'],
    ])('%s', (_name, bad, reason) => {
      const batch = decodeEventHubs(delivery(['before', bad, 'after']), LIMITS);
      expect(batch.records.map((r) => r.path)).toEqual(['messages[0]', 'messages[2]']);
      expect(batch.failures).toHaveLength(1);
      expect(batch.failures[0]).toMatchObject({ path: 'messages[1]', reason });
      expect(Buffer.byteLength(batch.failures[0]?.text ?? '')).toBeLessThanOrEqual(4096);
    });
  });

  it('quarantines a single 10 MB line as an oversized record', () => {
    const batch = decodeEventHubs(delivery(['ok', 'B'.repeat(10 * 1024 * 1024)]), LIMITS);
    expect(batch.records).toHaveLength(1);
    expect(batch.failures).toEqual([{ path: 'messages[1]', reason: 'record exceeds 262144 bytes', text: 'B'.repeat(4096) }]);
  });

  it('quarantines only the oversized record inside a large { records } body', () => {
    const big = { records: [{ small: 1 }, { blob: 'C'.repeat(300 * 1024) }, { small: 2 }] };
    for (const message of [JSON.stringify(big), big]) {
      const batch = decodeEventHubs(delivery([message]), LIMITS);
      expect(batch.records.map((r) => r.path)).toEqual(['messages[0].records[0]', 'messages[0].records[2]']);
      expect(batch.failures).toMatchObject([{ path: 'messages[0].records[1]', reason: 'record exceeds 262144 bytes' }]);
    }
  });

  it('quarantines a delivery whose messages are not an array', () => {
    const batch = decodeEventHubs({ messages: 'nope' } as unknown as EventHubsDelivery, LIMITS);
    expect(batch.failures).toEqual([{ path: 'messages', reason: 'messages is not an array', text: '' }]);
  });

  it('keeps __proto__ and constructor keys as plain data', () => {
    const batch = decodeEventHubs(delivery([`{"records":[${PROTO_JSON}]}`, Buffer.from(PROTO_JSON)]), LIMITS);
    expect(batch.records).toHaveLength(2);
    for (const record of batch.records) {
      const value = record.value as Record<string, unknown>;
      expect(Object.hasOwn(value, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    }
    expect(prototypeIsClean()).toBe(true);
  });

  it('does not mutate the delivery', () => {
    const input = deepFreeze(fixture<EventHubsDelivery>('azure/event-hubs/activity-log-records.json'));
    const before = structuredClone(input);
    decodeEventHubs(input, LIMITS);
    expect(input).toEqual(before);
  });
});
