export * from './types.js';
export { ingest, ingestDecoded } from './ingest.js';
export { batchKeyFor, rawKey, quarantineKey, summaryKey } from './keys.js';
