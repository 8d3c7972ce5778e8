import { decodeCloudWatchLogs, decodeEventHubs, decodeHttpBody, decodePubSub, decodeS3Object, type HttpBody } from '../decode/index.js';
import type { DecodeLimits, DecodedBatch, RawRecord } from '../decode/types.js';
import { normalizeRecord } from '../normalize/index.js';
import { parseRecord } from '../parse/index.js';
import { BatchWriter, safeStringify } from './batch-writer.js';
import { batchKeyFor } from './keys.js';
import type { BatchResult, PipelineDeps } from './types.js';

/** A delivery as each trigger hands it over. */
export type Delivery =
  | { trigger: 'cloudwatch'; event: unknown }
  | { trigger: 'eventhub'; messages: unknown[]; triggerMetadata?: Record<string, unknown> }
  | { trigger: 'pubsub'; cloudEvent: unknown }
  | { trigger: 's3'; bucket: string; key: string; etag?: string; body: Uint8Array; eventTime?: string }
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

/** decode → parse → normalize → redact → validate → write. Only a failure to persist throws. */
export async function ingest(delivery: Delivery, deps: PipelineDeps): Promise<BatchResult> {
  return ingestDecoded(decodeDelivery(delivery, decodeLimits(deps)), deps);
}

export async function ingestDecoded(batch: DecodedBatch, deps: PipelineDeps): Promise<BatchResult> {
  const writer = new BatchWriter(
    { source: batch.source, batchKey: batchKeyFor(batch.identity), ...(batch.deliveryTime !== undefined ? { deliveryTime: batch.deliveryTime } : {}) },
    deps,
  );
  if (batch.control > 0) writer.acknowledge(batch.control);
  for (const failure of batch.failures) writer.quarantine(failure.path, 'decode', failure.reason, failure.text);
  for (const record of batch.records) processRecord(record, batch, writer);
  return writer.finish();
}

function processRecord(record: RawRecord, batch: DecodedBatch, writer: BatchWriter): void {
  const original = () => record.text ?? safeStringify(record.value);
  const parsed = parseRecord(record, batch.sourceTypeHint);
  if (!parsed.ok) {
    writer.quarantine(record.path, 'parse', parsed.reason, original());
    return;
  }
  const normalized = normalizeRecord(parsed.parsed, { source: batch.source, ingestedAt: writer.ingestedAtIso, record });
  if (!normalized.ok) {
    writer.quarantine(record.path, 'normalize', normalized.reason, original());
    return;
  }
  writer.accept(normalized.event, record.path, original);
}
