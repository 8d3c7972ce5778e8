import type { BatchResult } from '../pipeline/types.js';

/** An HTTP request as every entry (Lambda Function URL, Azure, GCP, `bridge serve`) hands it over. */
export interface IngestHttpRequest {
  method: string;
  /** The path without the query: `/ingest`, `/ingest/vpcflow`, `/telemetry`, `/evidence`, `/health`. */
  path: string;
  /** Header names in lower case; a repeated header joined with `, `. */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, unknown>>;
  /** The body as sent (still gzipped when Content-Encoding says so). */
  body: Uint8Array;
  /** Who is asking, for the rate limit: the source address, or the platform's caller identity. */
  clientId: string;
  /** The platform's request id, echoed in a 5xx so the log line can be found. */
  requestId?: string | undefined;
}

export interface IngestHttpResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text. */
  body: string;
}

export type IngestRoute = 'ingest' | 'telemetry' | 'evidence' | 'health' | 'other';

/** What happened to one request: for metrics (`bridge serve`'s /metrics) and tests. */
export interface IngestObservation {
  route: IngestRoute;
  status: number;
  durationMs: number;
  /** The accounting of an ingested batch. */
  result?: BatchResult;
  /** A stored /telemetry summary. */
  summaryStored?: boolean;
  /** An evidence bundle was built. */
  bundleBuilt?: boolean;
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): IngestHttpResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}
