export * from './types.js';
export { persistEvents } from './persist-events.js';
export { ingest, ingestDecoded, decodeDelivery, decodeLimits, type Delivery, type Trigger } from './ingest.js';
export { batchKeyFor, rawKey, quarantineKey, summaryKey } from './keys.js';
export { BatchWriter } from './batch-writer.js';
export { reportBatch, reportFailure, reportCollection, METRIC_NAMESPACE } from './report.js';
export { runDelivery, runS3StreamDelivery, S3_STREAM_PART_RECORDS, type DeliveryRuntime } from './run-delivery.js';
export { SUMMARY_METADATA_NAME, MAX_SUMMARY_METADATA_BYTES, encodeSummary, decodeSummary, summaryMetadata, summaryFromMetadata } from './summary-metadata.js';
