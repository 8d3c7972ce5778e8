import { decodeHttpBody, refuseHttpBody, truncateText, type HttpBody } from '../decode/index.js';
import { describeError, PersistError } from '../errors.js';
import { decodeLimits, ingestDecoded } from '../pipeline/ingest.js';
import { deliverAndReport } from '../pipeline/run-delivery.js';
import type { BatchResult } from '../pipeline/types.js';
import type { Runtime } from '../runtime.js';
import { jsonResponse, type IngestHttpRequest, type IngestHttpResponse } from './types.js';

/** Characters of a bad record shown in a 400, after redaction. */
export const EXCERPT_CHARS = 200;

/** The accounting a POST /ingest answers with: received = written + quarantined + filtered. */
export interface IngestAccounting {
  batch_key: string;
  received: number;
  written: number;
  quarantined: number;
  filtered: number;
  quarantine_reasons: Record<string, number>;
  redactions: Record<string, number>;
}

export function accountingOf(result: BatchResult): IngestAccounting {
  return {
    batch_key: result.batchKey,
    received: result.received,
    written: result.written,
    quarantined: result.quarantined,
    filtered: result.filtered,
    quarantine_reasons: result.quarantineReasons,
    redactions: result.redactions,
  };
}

/** The decoder's input from a request: headers as the agents send them. */
export function httpBodyOf(request: IngestHttpRequest, logType: string | undefined, receivedAt: number): HttpBody {
  const h = request.headers;
  const agent = h['user-agent']?.split('/')[0]?.trim().toLowerCase().slice(0, 32);
  return {
    body: request.body,
    contentType: h['content-type'],
    contentEncoding: h['content-encoding'],
    idempotencyKey: h['idempotency-key'],
    logType,
    receivedAt,
    ...(agent ? { agent } : {}),
  };
}

export interface IngestRouteResult {
  response: IngestHttpResponse;
  result?: BatchResult;
}

const DIMENSIONS = { function: 'http-ingest' };

/**
 * POST /ingest[/<log type>]: decode (415 for a media type we do not read, 400 naming the first
 * bad record's index with a redacted excerpt, nothing stored), then the same pipeline as every
 * trigger; the answer is the accounting. A failure to persist is a 503 so the agent retries; a
 * retry carries the same Idempotency-Key or body, so it overwrites what the first attempt wrote.
 */
export async function ingestRoute(request: IngestHttpRequest, logType: string | undefined, runtime: Runtime, cloud: string): Promise<IngestRouteResult> {
  const refusal = refuseHttpBody({ contentType: request.headers['content-type'], contentEncoding: request.headers['content-encoding'] });
  if (refusal) return { response: jsonResponse(refusal.status, { error: refusal.reason }) };
  const batch = decodeHttpBody(httpBodyOf(request, logType, runtime.clock()), decodeLimits(runtime.deps));
  const bad = batch.failures[0];
  if (bad) {
    const index = /^records\[(\d+)\]$/.exec(bad.path)?.[1];
    const excerpt = bad.text === '' ? undefined : redactedExcerpt(runtime, bad.text);
    return {
      response: jsonResponse(400, {
        error: index === undefined ? bad.reason : `record ${index}: ${bad.reason}`,
        ...(index === undefined ? {} : { index: Number(index) }),
        path: bad.path,
        ...(excerpt === undefined ? {} : { excerpt }),
        bad_records: batch.failures.length,
      }),
    };
  }
  if (batch.records.length === 0) return { response: jsonResponse(400, { error: 'the body holds no records' }) };
  try {
    const result = await deliverAndReport(await ingestDecoded(batch, runtime.deps), runtime, { ...DIMENSIONS, cloud });
    return { response: jsonResponse(200, accountingOf(result)), result };
  } catch (err) {
    const { name } = describeError(err);
    runtime.logger.error('http ingest could not persist', { cloud, request_id: request.requestId, error: describeError(err) });
    const status = err instanceof PersistError ? 503 : 500;
    return {
      response: jsonResponse(status, { error: `the batch could not be stored (${safeName(name)}); retry`, ...(request.requestId ? { request_id: request.requestId } : {}) }, status === 503 ? { 'retry-after': '5' } : {}),
    };
  }
}

export function safeName(name: string): string {
  return /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : 'Error';
}

function redactedExcerpt(runtime: Runtime, text: string): string {
  const clipped = truncateText(text, EXCERPT_CHARS * 3).slice(0, EXCERPT_CHARS);
  try {
    return runtime.deps.redactor.redactText(clipped).value;
  } catch {
    return '[REDACTED:unredactable]';
  }
}
