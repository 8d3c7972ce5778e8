import { httpBatchIdentity, inflateCapped, parseJsonSafe } from '../decode/index.js';
import { describeError } from '../errors.js';
import { batchKeyFor, summaryKey } from '../pipeline/keys.js';
import type { BatchResult } from '../pipeline/types.js';
import type { Runtime } from '../runtime.js';
import type { TelemetrySummary } from '../schema/index.js';
import { deliverBatch } from '../sinks/delivery.js';
import { safeName } from './ingest-route.js';
import { jsonResponse, type IngestHttpRequest, type IngestHttpResponse } from './types.js';

export interface TelemetryRouteResult {
  response: IngestHttpResponse;
  stored: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A posted ops-telemetry document (seed 001: `{ alerts: [{rule, count}], latency_ms_p95 }`, with
 * an optional `window` and `event_count`) as a TelemetrySummary: the edge fills in the version,
 * the source and the batch key (Idempotency-Key, else the body's digest), and a missing window is
 * the moment it arrived. Only known fields are taken.
 */
export function summaryFromPost(doc: Record<string, unknown>, batchKey: string, receivedIso: string): Record<string, unknown> {
  const alerts = doc.alerts;
  const eventCount = Array.isArray(alerts) ? alerts.reduce((n: number, a: unknown) => n + (isObject(a) && typeof a.count === 'number' ? a.count : 0), 0) : 0;
  return {
    schema_version: '1.0',
    alerts,
    latency_ms_p95: doc.latency_ms_p95 === undefined ? null : doc.latency_ms_p95,
    window: doc.window ?? { start: receivedIso, end: receivedIso },
    source: 'edge.http',
    batch_key: batchKey,
    event_count: doc.event_count ?? eventCount,
  };
}

/**
 * POST /telemetry: validated by the schema registry (400 naming each bad field), stored under
 * summaries/ (a retried POST overwrites: same key), then handed to the summary sinks (FixOps);
 * what a sink cannot take is parked in failed/ as for every batch. 503 when it cannot be stored.
 */
export async function telemetryRoute(request: IngestHttpRequest, runtime: Runtime): Promise<TelemetryRouteResult> {
  const refused = (status: number, error: string, extra: Record<string, unknown> = {}): TelemetryRouteResult => ({ response: jsonResponse(status, { error, ...extra }), stored: false });
  const inflated = inflateCapped(request.body, runtime.config.serve.max_body_bytes * 8);
  if (!inflated.ok) return refused(400, inflated.reason);
  const docs = telemetryDocuments(Buffer.from(inflated.value).toString('utf8'));
  if (!docs) return refused(400, 'the body must be a JSON object { "alerts": [{ "rule": …, "count": … }], "latency_ms_p95": … }, an array of them, or JSON lines');
  const receivedIso = new Date(runtime.clock()).toISOString();
  const identity = httpBatchIdentity({ body: request.body, idempotencyKey: request.headers['idempotency-key'], logType: 'telemetry' });
  const summaries: TelemetrySummary[] = [];
  for (const [index, doc] of docs.entries()) {
    const batchKey = batchKeyFor(docs.length === 1 ? identity : `${identity}#${index}`);
    const checked = isObject(doc) ? runtime.deps.registry.validate<TelemetrySummary>('telemetry_summary', summaryFromPost(doc, batchKey, receivedIso)) : undefined;
    if (!checked?.ok) {
      const issues = checked ? checked.issues : [{ path: '', message: 'not a JSON object' }];
      const where = docs.length === 1 ? '' : `summary ${index}: `;
      return refused(400, `${where}not a TelemetrySummary: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ').slice(0, 500)}`, { ...(docs.length === 1 ? {} : { index }), issues: issues.slice(0, 20) });
    }
    summaries.push(checked.value);
  }
  try {
    const keys: string[] = [];
    const delivered: Record<string, number> = {};
    const parked: Record<string, number> = {};
    for (const summary of summaries) {
      const key = summaryKey(receivedIso, summary.batch_key);
      await runtime.store.put(key, JSON.stringify(summary), { contentType: 'application/json' });
      keys.push(key);
      const carrier: BatchResult = { batchKey: summary.batch_key, source: 'edge.http', received: 0, written: 0, quarantined: 0, filtered: 0, redactions: {}, objects: [key], summary, quarantineReasons: {} };
      const report = await deliverBatch(carrier, runtime.sinks.filter((s) => s.kind === 'summary'), runtime);
      for (const [name, n] of Object.entries(report.delivered)) delivered[name] = (delivered[name] ?? 0) + n;
      for (const [name, n] of Object.entries(report.parked)) parked[name] = (parked[name] ?? 0) + n;
    }
    const first = summaries[0]!;
    return { response: jsonResponse(200, { batch_key: first.batch_key, key: keys[0], keys, stored: keys.length, delivered, parked }), stored: true };
  } catch (err) {
    runtime.logger.error('telemetry summary could not be stored', { request_id: request.requestId, error: describeError(err) });
    return { response: jsonResponse(503, { error: `the summary could not be stored (${safeName(describeError(err).name)}); retry` }, { 'retry-after': '5' }), stored: false };
  }
}

/** One summary object, an array of them (Fluent Bit `format json`), or JSON lines (`json_lines`); undefined when none of these. */
function telemetryDocuments(text: string): unknown[] | undefined {
  const whole = parseJsonSafe(text.trim(), { maxDepth: 16 });
  if (whole.ok) {
    if (Array.isArray(whole.value)) return whole.value.length > 0 && whole.value.length <= 1000 ? whole.value : undefined;
    return isObject(whole.value) ? [whole.value] : undefined;
  }
  const docs: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = parseJsonSafe(line, { maxDepth: 16 });
    if (!parsed.ok) return undefined;
    docs.push(parsed.value);
  }
  return docs.length > 0 && docs.length <= 1000 ? docs : undefined;
}
