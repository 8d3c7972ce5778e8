export * from './types.js';
export { ingest, ingestDecoded, persistEvents, decodeDelivery, decodeLimits, type Delivery, type Trigger } from './ingest.js';
export { batchKeyFor, rawKey, quarantineKey, summaryKey } from './keys.js';
export { BatchWriter } from './batch-writer.js';
export { reportBatch } from './report.js';
