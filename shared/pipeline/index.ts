export * from './types.js';
export { ingest, ingestDecoded, persistEvents, decodeDelivery, decodeLimits, type Delivery, type Trigger } from './ingest.js';
export { batchKeyFor, rawKey, quarantineKey, summaryKey } from './keys.js';
export { BatchWriter } from './batch-writer.js';
export { reportBatch, reportFailure, reportCollection, METRIC_NAMESPACE } from './report.js';
export { runDelivery, runS3StreamDelivery, S3_STREAM_PART_RECORDS, type DeliveryRuntime } from './run-delivery.js';
