import type { Logger, Metrics, ObjectStore } from '../ports.js';
import type { TimeBudget } from '../resilience/budget.js';
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
 * then — only after everything is persisted — hand the summary and events to the enabled sinks
 * within the invocation's time budget (what they cannot deliver in time is parked in failed/;
 * the call throws only when something could be neither delivered nor parked), then one log line
 * and one metric set.
 */
export async function runDelivery(delivery: Delivery, runtime: DeliveryRuntime, dimensions: Record<string, string>, budget?: TimeBudget): Promise<BatchResult> {
  return deliverAndReport(await ingest(delivery, runtime.deps), runtime, dimensions, budget);
}

/** Records per part when an S3 object is streamed: big enough for few objects, small enough for flat memory. */
export const S3_STREAM_PART_RECORDS = 20_000;

/**
 * A large S3 object, streamed: decoded in parts of at most S3_STREAM_PART_RECORDS records, each
 * part ingested (persisted) as a batch of its own, so memory stays flat whatever the object's size
 * and each part's keys are deterministic (object identity + part number).
 *
 * Delivery waits until every part is persisted: a part that fails to write fails the object before
 * any sink saw any of it, and the retry rewrites the same keys and delivers once. (The alternative,
 * a per-part delivery marker, would let sinks see a half-ingested object.) Each part's delivery is
 * recorded in its ledger, so a retry after a later failure skips parts already delivered.
 */
export async function runS3StreamDelivery(
  object: { bucket: string; key: string; etag?: string; eventTime?: string; lastModified?: string },
  chunks: AsyncIterable<Uint8Array>,
  runtime: DeliveryRuntime,
  dimensions: Record<string, string>,
  budget?: TimeBudget,
  partRecords = S3_STREAM_PART_RECORDS,
): Promise<BatchResult[]> {
  const persisted: BatchResult[] = [];
  for await (const part of decodeS3ObjectStream(chunks, object, decodeLimits(runtime.deps), { batchSize: partRecords })) {
    if (part.records.length === 0 && part.failures.length === 0 && persisted.length > 0) continue;
    persisted.push(await ingestDecoded(part, runtime.deps));
  }
  const results: BatchResult[] = [];
  for (const result of persisted) results.push(await deliverAndReport(result, runtime, dimensions, budget));
  return results;
}

export async function deliverAndReport(result: BatchResult, runtime: DeliveryRuntime, dimensions: Record<string, string>, budget?: TimeBudget): Promise<BatchResult> {
  if (runtime.sinks.length > 0 && result.written > 0) {
    const report = await deliverBatch(result, runtime.sinks, runtime, budget);
    const parked = Object.values(report.parked).reduce((a, b) => a + b, 0);
    if (parked > 0) runtime.metrics?.emit({ namespace: METRIC_NAMESPACE, dimensions, values: { DeliveryParked: parked } });
  }
  reportBatch(result, runtime.logger, runtime.metrics, dimensions);
  return result;
}
