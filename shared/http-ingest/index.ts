export { bearerTokenMatches, createHttpIngestHandler, routeOf, type HttpIngestHandler, type HttpIngestOptions } from './handler.js';
export { accountingOf, type IngestAccounting } from './ingest-route.js';
export { summaryFromPost } from './telemetry-route.js';
export { ClientRateLimit } from './rate-limit.js';
export { jsonResponse, type IngestHttpRequest, type IngestHttpResponse, type IngestObservation, type IngestRoute } from './types.js';
