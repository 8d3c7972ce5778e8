import type { Logger, Metrics, ObjectStore } from '../ports.js';
import type { Sink } from '../sinks/types.js';
import { deliverBatch } from '../sinks/delivery.js';
import { decodeS3ObjectStream } from '../decode/s3-object-stream.js';
import { decodeLimits, ingest, ingestDecoded, type Delivery } from './ingest.js';
import { METRIC_NAMESPACE, reportBatch } from './report.js';
import type { BatchResult, PipelineDeps } from './types.js';

/** What a handler's runtime offers the push path. */
export interface DeliveryRuntime {
  deps: PipelineDeps;
  sinks: readonly Sink[];
  store: ObjectStore;
  logger: Logger;
  metrics?: Metrics;
  clock: () => number;
}

/**
 * The push path every handler runs: ingest the delivery (throws only when it could not persist),
 * hand the summary and events to the enabled sinks (what they cannot deliver is parked in
 * failed/, never dropped and never failing the batch), then one log line and one metric set.
 */
export async function runDelivery(delivery: Delivery, runtime: DeliveryRuntime, dimensions: Record<string, string>): Promise<BatchResult> {
  return deliverAndReport(await ingest(delivery, runtime.deps), runtime, dimensions);
}

/** Records per part when an S3 object is streamed: big enough for few objects, small enough for flat memory. */
export const S3_STREAM_PART_RECORDS = 20_000;

/**
 * A large S3 object, streamed: decoded in parts of at most S3_STREAM_PART_RECORDS records, each
 * part ingested, delivered and reported like a batch of its own. Memory stays flat whatever the
 * object's size, and each part's keys are deterministic (object identity + part number), so a
 * retried object overwrites what an earlier attempt wrote.
 */
export async function runS3StreamDelivery(
  object: { bucket: string; key: string; etag?: string; eventTime?: string },
  chunks: AsyncIterable<Uint8Array>,
  runtime: DeliveryRuntime,
  dimensions: Record<string, string>,
): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for await (const part of decodeS3ObjectStream(chunks, object, decodeLimits(runtime.deps), { batchSize: S3_STREAM_PART_RECORDS })) {
    if (part.records.length === 0 && part.failures.length === 0 && results.length > 0) continue;
    results.push(await deliverAndReport(await ingestDecoded(part, runtime.deps), runtime, dimensions));
  }
  return results;
}

export async function deliverAndReport(result: BatchResult, runtime: DeliveryRuntime, dimensions: Record<string, string>): Promise<BatchResult> {
  if (runtime.sinks.length > 0 && result.written > 0) {
    const report = await deliverBatch(result, runtime.sinks, runtime);
    const parked = Object.values(report.parked).reduce((a, b) => a + b, 0);
    if (parked > 0) runtime.metrics?.emit({ namespace: METRIC_NAMESPACE, dimensions, values: { DeliveryParked: parked } });
  }
  reportBatch(result, runtime.logger, runtime.metrics, dimensions);
  return result;
}
