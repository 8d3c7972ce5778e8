import { CATALOGUE } from '../catalogue/index.js';
import { deliveryContextOf } from '../catalogue/delivery-context.js';
import type { DeliveryContext, LogType, Route } from '../catalogue/types.js';
import { decodeCloudWatchLogs, decodeEventHubs, decodeHttpBody, decodePubSub, decodeS3Object, type HttpBody } from '../decode/index.js';
import type { DecodeLimits, DecodedBatch, RawRecord } from '../decode/types.js';
import type { NormalizeResult } from '../normalize/types.js';
import type { ParsedRecord, ParseResult } from '../parse/types.js';
import type { BatchDetections } from '../detect/stream-detector.js';
import { BatchWriter, safeStringify } from './batch-writer.js';
import { batchKeyFor } from './keys.js';
import type { BatchResult, PipelineDeps } from './types.js';

/** A delivery as each trigger hands it over. */
export type Delivery =
  | { trigger: 'cloudwatch'; event: unknown }
  | { trigger: 'eventhub'; messages: unknown[]; triggerMetadata?: Record<string, unknown> }
  | { trigger: 'pubsub'; cloudEvent: unknown }
  | { trigger: 's3'; bucket: string; key: string; etag?: string; body: Uint8Array; eventTime?: string; lastModified?: string }
  | { trigger: 'http'; request: HttpBody };

export type Trigger = Delivery['trigger'];

export function decodeLimits(deps: Pick<PipelineDeps, 'config'>): DecodeLimits {
  const p = deps.config.pipeline;
  return { maxDecompressedBytes: p.max_decompressed_bytes, maxRecordBytes: p.max_record_bytes, maxDepth: p.max_depth };
}

export function decodeDelivery(delivery: Delivery, limits: DecodeLimits): DecodedBatch {
  switch (delivery.trigger) {
    case 'cloudwatch':
      return decodeCloudWatchLogs(delivery.event, limits);
    case 'eventhub':
      return decodeEventHubs({ messages: delivery.messages, ...(delivery.triggerMetadata ? { triggerMetadata: delivery.triggerMetadata } : {}) }, limits);
    case 'pubsub':
      return decodePubSub(delivery.cloudEvent, limits);
    case 's3': {
      const { trigger: _trigger, ...object } = delivery;
      return decodeS3Object(object, limits);
    }
    case 'http':
      return decodeHttpBody(delivery.request, limits);
  }
}

/** decode → route (once per delivery) → parse → normalize → detect → redact → validate → write. Only a failure to persist throws. */
export async function ingest(delivery: Delivery, deps: PipelineDeps): Promise<BatchResult> {
  return ingestDecoded(decodeDelivery(delivery, decodeLimits(deps)), deps);
}

export async function ingestDecoded(batch: DecodedBatch, deps: PipelineDeps): Promise<BatchResult> {
  const writer = new BatchWriter(
    { source: batch.source, batchKey: batchKeyFor(batch.identity), ...(batch.deliveryTime !== undefined ? { deliveryTime: batch.deliveryTime } : {}) },
    deps,
  );
  if (batch.control > 0) writer.acknowledge(batch.control);
  if (batch.formatLines !== undefined && batch.formatLines > 0) writer.noteFormatLines(batch.formatLines);
  for (const failure of batch.failures) writer.quarantine(failure.path, 'decode', failure.reason, failure.text);
  const ctx = deliveryContextOf(batch, deps.config.pipeline.log_formats);
  const route = CATALOGUE.route(ctx);
  const detections = deps.detector?.batch();
  for (const record of batch.records) processRecord(record, ctx, route, batch, writer, detections);
  const result = await writer.finish();
  return detections ? detections.finish(result, deps) : result;
}

function parseAs(type: LogType, record: RawRecord, ctx: DeliveryContext): ParseResult {
  try {
    return type.parse(record, ctx);
  } catch (err) {
    return { ok: false, reason: `${type.type}: parser failed (${err instanceof Error ? err.name : 'unknown error'})` };
  }
}

function normalizeAs(type: LogType, parsed: Extract<ParseResult, { ok: true }>['parsed'], record: RawRecord, batch: DecodedBatch, writer: BatchWriter): NormalizeResult {
  try {
    return type.normalize(parsed, { source: batch.source, ingestedAt: writer.ingestedAtIso, record });
  } catch (err) {
    return { ok: false, reason: `${type.type}: normalizer failed (${err instanceof Error ? err.name : 'unknown error'})` };
  }
}

function processRecord(record: RawRecord, ctx: DeliveryContext, route: Route, batch: DecodedBatch, writer: BatchWriter, detections: BatchDetections | undefined): void {
  const original = () => record.text ?? safeStringify(record.value);
  const type = CATALOGUE.recognise(record, route, ctx);
  const parsed = parseAs(type, record, ctx);
  if (!parsed.ok) {
    writer.quarantine(record.path, 'parse', parsed.reason, original());
    return;
  }
  const parts = parsed.parsed.parts;
  if (parts !== undefined) {
    // A record holding several events (flow-log tuples): each part is one event of its own.
    if (parts.length === 0) writer.acknowledge();
    parts.forEach((part, i) => {
      const partRecord = partOf(record, part.raw, i);
      normalizeAndAccept(type, { sourceType: part.sourceType, fields: part.fields, time: part.time }, partRecord, batch, writer, () => safeStringify(part.raw), detections);
    });
    return;
  }
  normalizeAndAccept(type, parsed.parsed, record, batch, writer, original, detections);
}

/** Part `i` of a record: its own path, raw value and id (`<record id>#<i>`), the record's delivery metadata. */
function partOf(record: RawRecord, raw: unknown, i: number): RawRecord {
  return {
    path: `${record.path}#${i}`,
    value: raw,
    meta: record.meta,
    ...(record.recordId === undefined ? {} : { recordId: `${record.recordId}#${i}` }),
    ...(record.transportTime === undefined ? {} : { transportTime: record.transportTime }),
  };
}

function normalizeAndAccept(type: LogType, parsed: ParsedRecord, record: RawRecord, batch: DecodedBatch, writer: BatchWriter, original: () => string, detections: BatchDetections | undefined): void {
  const normalized = normalizeAs(type, parsed, record, batch, writer);
  if (!normalized.ok) {
    writer.quarantine(record.path, 'normalize', normalized.reason, original());
    return;
  }
  detections?.inspect(normalized.event); // detect: before redaction (shared/detect)
  writer.accept(normalized.event, record.path, original);
}
