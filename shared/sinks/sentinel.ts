import { gzipSync } from 'node:zlib';
import type { BridgeConfig } from '../config/schema.js';
import { ConfigError, describeError } from '../errors.js';
import { CircuitBreaker, createLimiter } from '../resilience/index.js';
import type { BronzeEvent } from '../schema/index.js';
import { fitRecord } from './fit.js';
import { postWithRetry, type HttpPostOptions } from './http-post.js';
import { requestKeyOf, type RejectedItems, type Sink } from './types.js';
import { importSdk } from '../lazy-sdk.js';

/** The service counts both the compressed and the uncompressed body against 1 MB per call. */
export const LOGS_INGESTION_MAX_CALL_BYTES = 1_000_000;
/** Per-field limit of Log Analytics columns. */
export const LOGS_INGESTION_MAX_FIELD_BYTES = 64 * 1024;
const API_VERSION = '2023-01-01';
const SCOPE = 'https://monitor.azure.com//.default';

/** The narrow part of @azure/identity's TokenCredential the sink uses. */
export interface TokenCredentialLike {
  getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

export interface SentinelSinkDeps {
  credential?: TokenCredentialLike;
  fetch?: typeof fetch;
  http?: Partial<Pick<HttpPostOptions, 'sleep' | 'random' | 'clock'>>;
}

/** One Log Analytics row per event: TimeGenerated is the event time, never the arrival time. */
export function sentinelRow(event: BronzeEvent, lakeKey: string | undefined): Record<string, unknown> {
  return fitRecord(
    {
      TimeGenerated: event.timestamp,
      EventId: event.event_id,
      Source: event.source,
      SourceType: event.source_type,
      Severity: event.severity,
      Title: event.title,
      Description: event.description,
      Asset: event.asset,
      Resource: event.resource,
      Attributes: event.attributes,
      RawData: typeof event.raw_data === 'string' ? event.raw_data : JSON.stringify(event.raw_data),
      IngestedAt: event.ingested_at,
    },
    LOGS_INGESTION_MAX_FIELD_BYTES,
    lakeKey,
  ).value;
}

/** Splits rows into JSON array bodies of at most `maxBytes` uncompressed (gzip is always smaller). */
export function packRows(rows: ReadonlyArray<Record<string, unknown>>, maxBytes = LOGS_INGESTION_MAX_CALL_BYTES): string[] {
  return packRowGroups(rows, maxBytes).map((g) => g.body);
}

/** Like packRows, with the index of each body's first row and its row count (per-body outcomes). */
export function packRowGroups(rows: ReadonlyArray<Record<string, unknown>>, maxBytes = LOGS_INGESTION_MAX_CALL_BYTES): Array<{ body: string; start: number; count: number }> {
  const groups: Array<{ body: string; start: number; count: number }> = [];
  let current: string[] = [];
  let start = 0;
  let size = 2;
  rows.forEach((row, i) => {
    const json = JSON.stringify(row);
    const add = Buffer.byteLength(json) + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && size + add > maxBytes) {
      groups.push({ body: `[${current.join(',')}]`, start, count: current.length });
      current = [];
      start = i;
      size = 2;
    }
    current.push(json);
    size += Buffer.byteLength(json) + (current.length > 1 ? 1 : 0);
  });
  if (current.length > 0) groups.push({ body: `[${current.join(',')}]`, start, count: current.length });
  return groups;
}

/** Microsoft Sentinel through the Logs Ingestion API (DCR endpoint, immutable id, stream), gzip bodies ≤ 1 MB. */
export function createSentinelSink(config: BridgeConfig['sinks'], deps: SentinelSinkDeps = {}): Sink {
  const s = config.sentinel;
  if (!s.endpoint) throw new ConfigError('invalid config at sinks.sentinel.endpoint: required when the sink is enabled');
  if (!s.dcr_immutable_id) throw new ConfigError('invalid config at sinks.sentinel.dcr_immutable_id: required when the sink is enabled');
  const url = `${s.endpoint.replace(/\/$/, '')}/dataCollectionRules/${encodeURIComponent(s.dcr_immutable_id)}/streams/${encodeURIComponent(s.stream_name)}?api-version=${API_VERSION}`;
  const limiter = createLimiter(s.max_concurrency);
  const breaker = new CircuitBreaker({ name: 'sentinel', failureThreshold: 5, resetAfterMs: 30_000, ...(deps.http?.clock ? { clock: deps.http.clock } : {}) });
  let credential = deps.credential;
  const token = async (): Promise<string> => {
    if (!credential) {
      const { DefaultAzureCredential } = await importSdk(() => import('@azure/identity'));
      credential = new DefaultAzureCredential();
    }
    const t = await credential.getToken(SCOPE);
    if (!t) throw new ConfigError('sentinel: no Entra token for the Logs Ingestion API');
    return t.token;
  };
  return {
    name: 'sentinel',
    kind: 'events',
    async deliver(items, context) {
      const events = items as BronzeEvent[];
      const groups = packRowGroups(events.map((e) => sentinelRow(e, context.lakeKey)));
      // Each body succeeds or fails on its own: only the bodies the service did not accept are
      // reported rejected (and parked), never one it already took.
      const settled = await Promise.allSettled(
        groups.map((group, i) =>
          limiter.run(async () =>
            postWithRetry(
              url,
              {
                headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
                body: gzipSync(group.body, { level: 6 }),
              },
              {
                sink: 'sentinel',
                timeoutMs: config.timeout_ms,
                maxAttempts: config.max_attempts,
                breaker,
                idempotencyKey: requestKeyOf(context, i, groups.length),
                ...(context.budget ? { budget: context.budget } : {}),
                ...(deps.fetch ? { fetch: deps.fetch } : {}),
                ...deps.http,
              },
            ),
          ),
        ),
      );
      const rejected: RejectedItems[] = [];
      settled.forEach((s, i) => {
        if (s.status === 'fulfilled') return;
        const group = groups[i]!;
        rejected.push({ items: events.slice(group.start, group.start + group.count), reason: describeError(s.reason).message, requestKey: requestKeyOf(context, i, groups.length) });
      });
      if (rejected.length === groups.length && rejected.length > 0) throw (settled.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason;
      return { rejected };
    },
  };
}
