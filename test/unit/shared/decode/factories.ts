import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { DecodeLimits, DecodedBatch } from '../../../../shared/decode/types.js';

/** Small limits so hostile inputs stay cheap to build: a 1 MB inflate cap, 256 KB records. */
export const LIMITS: DecodeLimits = { maxDecompressedBytes: 1024 * 1024, maxRecordBytes: 256 * 1024, maxDepth: 64 };

const FIXTURES = new URL('../../../fixtures/', import.meta.url);

export function fixtureBytes(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

export function fixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(fixtureBytes(path).toString('utf8')) as T;
}

export function gzip(input: string | Uint8Array): Buffer {
  return gzipSync(typeof input === 'string' ? Buffer.from(input) : input);
}

/** gzip of `bytes` zeros: ~1000:1, so 5 MB of zeros is ~5 KB on the wire. */
export function gzipBomb(bytes: number): Buffer {
  return gzipSync(Buffer.alloc(bytes), { level: 9 });
}

/** A gzip stream cut short (header and part of the deflate data, no trailer). */
export function truncatedGzip(text: string): Buffer {
  const whole = gzip(text);
  return whole.subarray(0, Math.max(12, Math.floor(whole.length / 2)));
}

/** Bytes that are not UTF-8: a stray continuation byte, an overlong '/', a lone 0xff. */
export const INVALID_UTF8 = Buffer.from([0x6f, 0x6b, 0x20, 0x80, 0xc0, 0xaf, 0xff, 0x0a]);

/** `[[[[…1…]]]]` nested `depth` levels. */
export function deepJson(depth: number): string {
  return '['.repeat(depth) + '1' + ']'.repeat(depth);
}

/** An already-parsed value nested `depth` levels (built without recursion). */
export function deepValue(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { child: value };
  return value;
}

export const PROTO_JSON = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"ok":1}';

/** Object.prototype must never gain a key from a payload. */
export function prototypeIsClean(): boolean {
  return !('polluted' in {}) && (Object.prototype as Record<string, unknown>)['polluted'] === undefined;
}

// ---- CloudWatch Logs -------------------------------------------------------------------

export interface CloudWatchPayload {
  messageType: string;
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: Array<{ id: string; timestamp: number; message: string }>;
}

export function cloudWatchPayload(overrides: Partial<CloudWatchPayload> = {}): CloudWatchPayload {
  return { ...fixture<CloudWatchPayload>('aws/cloudwatch-logs/vpc-flow-data-message.json'), ...overrides };
}

export function logEvents(messages: readonly string[], firstId = 1000, start = 1_732_528_800_000): CloudWatchPayload['logEvents'] {
  return messages.map((message, i) => ({ id: String(BigInt(firstId) + BigInt(i)), timestamp: start + i, message }));
}

/** The Lambda event CloudWatch Logs sends: base64(gzip(JSON)). */
export function cloudWatchEvent(payload: unknown): { awslogs: { data: string } } {
  return cloudWatchEventFromBytes(gzip(typeof payload === 'string' ? payload : JSON.stringify(payload)));
}

export function cloudWatchEventFromBytes(bytes: Uint8Array): { awslogs: { data: string } } {
  return { awslogs: { data: Buffer.from(bytes).toString('base64') } };
}

// ---- Event Hubs -----------------------------------------------------------------------

export function eventHubsMetadata(count: number, options: { eventHubName?: string; partitionId?: string; firstSequence?: number } = {}): Record<string, unknown> {
  const first = options.firstSequence ?? 500;
  return {
    partitionContext: {
      eventHubName: options.eventHubName ?? 'insights-logs-appservicehttplogs',
      consumerGroup: '$Default',
      partitionId: options.partitionId ?? '1',
    },
    sequenceNumberArray: Array.from({ length: count }, (_, i) => first + i),
    enqueuedTimeUtcArray: Array.from({ length: count }, (_, i) => new Date(Date.UTC(2024, 10, 25, 10, 0, i)).toISOString()),
    offsetArray: Array.from({ length: count }, (_, i) => String(4096 * (first + i))),
  };
}

// ---- Pub/Sub --------------------------------------------------------------------------

export interface PubSubCloudEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  time: string;
  data: { message: Record<string, unknown>; subscription?: string };
}

/** A messagePublished CloudEvent whose message data is `data` (bytes or text), base64-encoded. */
export function pubSubCloudEvent(data: Uint8Array | string, message: Record<string, unknown> = {}): PubSubCloudEvent {
  const base = fixture<PubSubCloudEvent>('gcp/pubsub/message-published.json');
  return {
    ...base,
    data: { ...base.data, message: { ...base.data.message, data: Buffer.from(data).toString('base64'), ...message } },
  };
}

/** Every piece of a batch, for accounting checks. */
export function pieceCount(batch: DecodedBatch): number {
  return batch.records.length + batch.failures.length + batch.control;
}

export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && !Object.isFrozen(v)) {
      Object.freeze(v);
      stack.push(...Object.values(v));
    }
  }
  return value;
}
