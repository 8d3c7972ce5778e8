import { eventHubsSourceTypeHint, readMessageMeta, readPartition, type EventHubsPartition } from './event-hubs-metadata.js';
import { fingerprintValue } from './fingerprint.js';
import { decodeUtf8Lossy, decodeUtf8Strict, inflateCapped } from './inflate.js';
import { failure, jsonTextOf, recordTooLarge, textExceedsBytes } from './record-limits.js';
import { isDepthFailure, parseJsonSafe, valueExceedsDepth } from './safe-json.js';
import type { DecodeFailure, DecodeLimits, DecodedBatch, RawRecord } from './types.js';

/**
 * Azure Event Hubs trigger (cardinality many). The Functions host hands each message over as a
 * string, a Buffer, or an object it already parsed from JSON. A body is an Azure diagnostic
 * settings export `{ records: [...] }` (one record each), a JSON array, a single JSON object, or
 * text (one record per non-blank line). A `{ records: [] }` or `[]` body carries no records and
 * is acknowledged as `control`.
 */
export interface EventHubsDelivery {
  messages: unknown[];
  triggerMetadata?: Record<string, unknown>;
}

interface MessageContext {
  path: string;
  meta: Readonly<Record<string, string>>;
  recordId?: string;
  transportTime?: number;
  limits: DecodeLimits;
  out: { records: RawRecord[]; failures: DecodeFailure[]; control: number };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function partitionMeta(partition: EventHubsPartition): Record<string, string> {
  const meta: Record<string, string> = {};
  if (partition.eventHubName !== undefined) meta['eventHubName'] = partition.eventHubName;
  if (partition.consumerGroup !== undefined) meta['consumerGroup'] = partition.consumerGroup;
  if (partition.partitionId !== undefined) meta['partitionId'] = partition.partitionId;
  return meta;
}

/** Decode one invocation's batch of Event Hubs messages. Never throws. */
export function decodeEventHubs(delivery: EventHubsDelivery, limits: DecodeLimits): DecodedBatch {
  const rawDelivery: unknown = delivery;
  const messages = isObject(rawDelivery) ? rawDelivery['messages'] : undefined;
  const rawMetadata = isObject(rawDelivery) ? rawDelivery['triggerMetadata'] : undefined;
  const triggerMetadata = isObject(rawMetadata) ? rawMetadata : undefined;
  if (!Array.isArray(messages)) {
    return {
      source: 'azure.eventhub',
      identity: fingerprintValue(rawDelivery),
      records: [],
      failures: [failure('messages', 'messages is not an array')],
      control: 0,
    };
  }
  const partition = readPartition(triggerMetadata);
  const baseMeta = partitionMeta(partition);
  const out: MessageContext['out'] = { records: [], failures: [], control: 0 };
  messages.forEach((message: unknown, i) => {
    const m = readMessageMeta(triggerMetadata, i);
    const meta: Record<string, string> = { ...baseMeta };
    if (m.sequenceNumber !== undefined) meta['sequenceNumber'] = m.sequenceNumber;
    if (m.offset !== undefined) meta['offset'] = m.offset;
    if (m.enqueuedTime !== undefined) meta['enqueuedTime'] = new Date(m.enqueuedTime).toISOString();
    const ctx: MessageContext = { path: `messages[${i}]`, meta: Object.freeze(meta), limits, out };
    if (partition.eventHubName !== undefined && partition.partitionId !== undefined && m.sequenceNumber !== undefined) {
      ctx.recordId = `${partition.eventHubName}/${partition.partitionId}/${m.sequenceNumber}`;
    }
    if (m.enqueuedTime !== undefined) ctx.transportTime = m.enqueuedTime;
    decodeMessage(message, ctx);
  });

  const first = readMessageMeta(triggerMetadata, 0);
  const { eventHubName, partitionId } = partition;
  const identity =
    eventHubName !== undefined && partitionId !== undefined && first.sequenceNumber !== undefined
      ? `${eventHubName}|${partitionId}|${first.sequenceNumber}`
      : fingerprintValue(messages);
  const hint = eventHubsSourceTypeHint(eventHubName);
  return {
    source: 'azure.eventhub',
    identity,
    ...(first.enqueuedTime === undefined ? {} : { deliveryTime: first.enqueuedTime }),
    ...(hint === undefined ? {} : { sourceTypeHint: hint }),
    ...out,
  };
}

function decodeMessage(message: unknown, ctx: MessageContext): void {
  const { out, limits, path } = ctx;
  if (message instanceof ArrayBuffer || ArrayBuffer.isView(message)) {
    const bytes = message instanceof ArrayBuffer ? new Uint8Array(message) : new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    const inflated = inflateCapped(bytes, limits.maxDecompressedBytes);
    if (!inflated.ok) return void out.failures.push(failure(path, inflated.reason));
    const text = decodeUtf8Strict(inflated.value);
    if (!text.ok) return void out.failures.push(failure(path, text.reason, decodeUtf8Lossy(inflated.value.subarray(0, 4096))));
    return decodeText(text.value, ctx);
  }
  if (typeof message === 'string') return decodeText(message, ctx);
  if (typeof message === 'number' || typeof message === 'boolean' || typeof message === 'bigint' || message === null) {
    return decodeText(String(message), ctx); // the host parses a body of `42` or `true` as JSON
  }
  if (typeof message !== 'object') return void out.failures.push(failure(path, 'empty message body'));
  if (valueExceedsDepth(message, limits.maxDepth)) {
    return void out.failures.push(failure(path, `JSON nesting deeper than ${limits.maxDepth}`));
  }
  const json = jsonTextOf(message);
  decodeValue(message, ctx, json !== undefined && !textExceedsBytes(json, limits.maxRecordBytes));
}

function decodeText(text: string, ctx: MessageContext): void {
  const { out, limits, path } = ctx;
  const trimmed = text.trim();
  if (trimmed === '') return void out.failures.push(failure(path, 'empty message body'));
  const first = trimmed.charCodeAt(0);
  if (first === 0x7b || first === 0x5b) {
    const parsed = parseJsonSafe(trimmed, limits);
    if (parsed.ok) return decodeValue(parsed.value, ctx, !textExceedsBytes(trimmed, limits.maxRecordBytes));
    // Deep nesting is hostile; otherwise it may be text that merely starts with a bracket ("[INFO] …").
    if (isDepthFailure(parsed.reason)) return void out.failures.push(failure(path, parsed.reason, text));
  }
  const lines = trimmed.split('\n');
  const single = lines.length === 1;
  lines.forEach((raw, k) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const linePath = single ? path : `${path}.lines[${k}]`;
    if (textExceedsBytes(line, limits.maxRecordBytes)) return void out.failures.push(recordTooLarge(linePath, line, limits.maxRecordBytes));
    out.records.push(record(ctx, linePath, { text: line }, single ? undefined : k));
  });
}

/** A parsed body: `{ records: [...] }` and arrays split into records; anything else is one record. */
function decodeValue(value: unknown, ctx: MessageContext, sizeKnownOk: boolean): void {
  const { out, path } = ctx;
  const inner = isObject(value) ? value['records'] : undefined;
  const items = Array.isArray(inner) ? inner : Array.isArray(value) ? value : undefined;
  if (items === undefined) return pushValue(value, path, ctx, sizeKnownOk, undefined);
  if (items.length === 0) {
    out.control += 1;
    return;
  }
  const prefix = Array.isArray(inner) ? `${path}.records` : path;
  items.forEach((item: unknown, j) => pushValue(item, `${prefix}[${j}]`, ctx, sizeKnownOk, j));
}

function pushValue(value: unknown, path: string, ctx: MessageContext, sizeKnownOk: boolean, index: number | undefined): void {
  const { limits, out } = ctx;
  if (!sizeKnownOk) {
    const json = jsonTextOf(value);
    if (json !== undefined && textExceedsBytes(json, limits.maxRecordBytes)) {
      return void out.failures.push(recordTooLarge(path, json, limits.maxRecordBytes));
    }
  }
  out.records.push(record(ctx, path, { value }, index));
}

function record(ctx: MessageContext, path: string, body: { text: string } | { value: unknown }, index: number | undefined): RawRecord {
  const recordId = ctx.recordId === undefined ? undefined : index === undefined ? ctx.recordId : `${ctx.recordId}/${index}`;
  // Built by assignment, not spreads: once per record (issue 15).
  const out: RawRecord = 'text' in body ? { path, text: body.text, meta: ctx.meta } : { path, value: body.value, meta: ctx.meta };
  if (recordId !== undefined) out.recordId = recordId;
  if (ctx.transportTime !== undefined) out.transportTime = ctx.transportTime;
  return out;
}
