import { fingerprintValue } from './fingerprint.js';
import { decodeBase64Strict, decodeUtf8Lossy, decodeUtf8Strict, inflateCapped } from './inflate.js';
import { failure, recordTooLarge, textExceedsBytes } from './record-limits.js';
import { isDepthFailure, parseJsonSafe } from './safe-json.js';
import type { DecodeLimits, DecodedBatch, RawRecord } from './types.js';
import { parseUtcTime } from './utc-time.js';

/**
 * A Pub/Sub push as a CloudEvent (`google.cloud.pubsub.topic.v1.messagePublished`): `data` is
 * `{ message: { data (base64), attributes, messageId, publishTime }, subscription }` (the
 * snake_case twins `message_id` / `publish_time` are accepted too). For a Cloud Logging sink the
 * message data is one LogEntry as JSON; anything else is passed on as text. Data that starts with
 * the gzip magic bytes is inflated (capped): UTF-8 text never starts with them.
 */
const PATH = 'message.data';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The parser's hint from a LogEntry's log name or monitored resource type (only where the hint
 * names a GCP parser: Cloud Audit Logs, HTTP(S) load balancer requests).
 */
export function pubSubSourceTypeHint(entry: unknown): string | undefined {
  if (!isObject(entry)) return undefined;
  const logName = decodeURIComponentSafe(text(entry['logName']) ?? '').toLowerCase();
  const resource = entry['resource'];
  const resourceType = isObject(resource) ? text(resource['type']) : undefined;
  if (logName.includes('/logs/cloudaudit.googleapis.com/')) return 'audit';
  if (resourceType === 'http_load_balancer') return 'http_lb';
  return undefined;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** CloudEvent `data` arrives parsed; a raw string or bytes body is parsed here, within the limits. */
function eventData(data: unknown, limits: DecodeLimits): unknown {
  if (typeof data === 'string') {
    const parsed = parseJsonSafe(data, limits);
    return parsed.ok ? parsed.value : undefined;
  }
  if (data instanceof Uint8Array) {
    const utf8 = decodeUtf8Strict(data);
    return utf8.ok ? eventData(utf8.value, limits) : undefined;
  }
  return data;
}

/** Decode one Pub/Sub CloudEvent into (at most) one record. Never throws. */
export function decodePubSub(cloudEvent: unknown, limits: DecodeLimits): DecodedBatch {
  const ce = isObject(cloudEvent) ? cloudEvent : {};
  const data = eventData(ce['data'], limits);
  const message = isObject(data) ? data['message'] : undefined;
  const msg = isObject(message) ? message : {};
  const subscription = isObject(data) ? text(data['subscription']) : undefined;
  const messageId = text(msg['messageId']) ?? text(msg['message_id']);
  const deliveryTime = parseUtcTime(msg['publishTime'] ?? msg['publish_time']) ?? parseUtcTime(ce['time']);
  const identity =
    subscription !== undefined && messageId !== undefined
      ? `${subscription}|${messageId}`
      : (messageId ?? text(ce['id']) ?? fingerprintValue(cloudEvent));

  const meta: Record<string, string> = {};
  if (subscription !== undefined) meta['subscription'] = subscription;
  if (messageId !== undefined) meta['messageId'] = messageId;
  const topic = /\/topics\/([^/]+)$/.exec(text(ce['source']) ?? '')?.[1];
  if (topic !== undefined) meta['topic'] = topic;

  // One delivery is one record here, so the batch is built by assignment, not spreads (issue 15).
  const batch: DecodedBatch = { source: 'gcp.pubsub', identity, records: [], failures: [], control: 0 };
  if (deliveryTime !== undefined) batch.deliveryTime = deliveryTime;
  const fail = (reason: string, preview = ''): DecodedBatch => {
    batch.failures = [failure(PATH, reason, preview)];
    return batch;
  };

  if (!isObject(message)) return fail('missing Pub/Sub message');
  const encoded = msg['data'];
  if (typeof encoded !== 'string' || encoded === '') return fail('message has no data');
  const bytes = decodeBase64Strict(encoded);
  if (!bytes.ok) return fail(bytes.reason, encoded);
  const inflated = inflateCapped(bytes.value, limits.maxDecompressedBytes);
  if (!inflated.ok) return fail(inflated.reason, encoded);
  const utf8 = decodeUtf8Strict(inflated.value);
  if (!utf8.ok) return fail(utf8.reason, decodeUtf8Lossy(inflated.value.subarray(0, 4096)));
  const body = utf8.value;
  if (body.trim() === '') return fail('message data is empty');
  if (textExceedsBytes(body, limits.maxRecordBytes)) {
    batch.failures = [recordTooLarge(PATH, body, limits.maxRecordBytes)];
    return batch;
  }

  const record: RawRecord = { path: PATH, meta: Object.freeze(meta) };
  if (deliveryTime !== undefined) record.transportTime = deliveryTime;
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = parseJsonSafe(trimmed, limits);
    if (!parsed.ok && isDepthFailure(parsed.reason)) return fail(parsed.reason, body);
    if (parsed.ok) {
      const entry = parsed.value;
      const insertId = isObject(entry) ? text(entry['insertId']) : undefined;
      const recordId = insertId ?? messageId;
      const hint = pubSubSourceTypeHint(entry);
      record.value = entry;
      if (recordId !== undefined) record.recordId = recordId;
      if (hint !== undefined) batch.sourceTypeHint = hint;
      batch.records = [record];
      return batch;
    }
  }
  record.text = body;
  if (messageId !== undefined) record.recordId = messageId;
  batch.records = [record];
  return batch;
}
