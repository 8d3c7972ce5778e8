import { CATALOGUE } from '../catalogue/index.js';
import { deliveryContextOf } from '../catalogue/delivery-context.js';
import { runRecord } from '../catalogue/run-record.js';
import type { DeliveryContext, Route } from '../catalogue/types.js';
import { decodeCloudWatchLogs, decodeEventHubs, decodeHttpBody, decodePubSub, decodeS3Object, type HttpBody } from '../decode/index.js';
import type { DecodeLimits, DecodedBatch, RawRecord } from '../decode/types.js';
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

function processRecord(record: RawRecord, ctx: DeliveryContext, route: Route, batch: DecodedBatch, writer: BatchWriter, detections: BatchDetections | undefined): void {
  const { outcomes } = runRecord(CATALOGUE, record, ctx, route, batch.source, writer.ingestedAtIso);
  // A record that holds no events (an empty flow-tuple list) is acknowledged, counted as filtered.
  if (outcomes.length === 0) writer.acknowledge();
  for (const outcome of outcomes) {
    const part = outcome.record;
    const original = () => (part === record ? (record.text ?? safeStringify(record.value)) : safeStringify(part.value));
    if (!outcome.ok) writer.quarantine(part.path, outcome.stage, outcome.reason, original());
    else {
      detections?.inspect(outcome.event); // detect: before redaction (shared/detect)
      writer.accept(outcome.event, part.path, original);
    }
  }
}
