import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { describeError } from '../errors.js';
import type { Logger, ObjectStore } from '../ports.js';
import type { Alert } from '../detect/alert.js';
import type { BatchResult } from '../pipeline/types.js';
import type { BronzeEvent, TelemetrySummary } from '../schema/index.js';
import type { Sink } from './types.js';

/** Events per delivery call read back from one lake object. */
const EVENTS_PER_CALL = 5_000;

/** A delivery parked in failed/<sink>/ with its reason, for `bridge replay` and the scheduled replay. */
export interface FailedDelivery {
  schema_version: '1.0';
  sink: string;
  kind: 'summary' | 'events' | 'alerts';
  batch_key: string;
  lake_key?: string;
  reason: string;
  attempts: number;
  first_failed_at: string;
  last_failed_at: string;
  items: Array<TelemetrySummary | BronzeEvent | Alert>;
}

export interface DeliveryReport {
  delivered: Record<string, number>;
  parked: Record<string, number>;
}

export function failedKey(sink: string, timeIso: string, batchKey: string, part: number): string {
  return `failed/${sink}/dt=${timeIso.slice(0, 10)}/${batchKey}-${part}.json`;
}

/**
 * After a batch is written: the summary goes to summary sinks, the events (read back from the
 * lake objects just written, so a large batch is never held whole) go to event sinks. What a sink
 * cannot deliver after its retries is parked in failed/ with the reason; nothing is dropped, and a
 * redelivered batch overwrites its own failed/ objects (deterministic keys).
 */
export async function deliverBatch(
  result: BatchResult,
  sinks: readonly Sink[],
  deps: { store: ObjectStore; logger: Logger; clock: () => number },
): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: {}, parked: {} };
  const now = new Date(deps.clock()).toISOString();
  for (const sink of sinks) {
    let part = 0;
    const send = async (items: Array<TelemetrySummary | BronzeEvent | Alert>, lakeKey?: string): Promise<void> => {
      const thisPart = part++;
      try {
        await sink.deliver(items, { batchKey: result.batchKey, ...(lakeKey ? { lakeKey } : {}) });
        report.delivered[sink.name] = (report.delivered[sink.name] ?? 0) + items.length;
      } catch (err) {
        const failed: FailedDelivery = {
          schema_version: '1.0',
          sink: sink.name,
          kind: sink.kind,
          batch_key: result.batchKey,
          ...(lakeKey ? { lake_key: lakeKey } : {}),
          reason: describeError(err).message,
          attempts: 1,
          first_failed_at: now,
          last_failed_at: now,
          items,
        };
        await deps.store.put(failedKey(sink.name, now, result.batchKey, thisPart), JSON.stringify(failed), { contentType: 'application/json' });
        report.parked[sink.name] = (report.parked[sink.name] ?? 0) + items.length;
        deps.logger.warn('delivery parked in failed/', { sink: sink.name, batch_key: result.batchKey, items: items.length, reason: failed.reason });
      }
    };
    if (sink.kind === 'summary') {
      if (result.summary) await send([result.summary]);
      continue;
    }
    if (sink.kind === 'alerts') {
      if (result.alerts && result.alerts.length > 0) await send(result.alerts);
      continue;
    }
    for (const key of result.objects.filter((k) => k.startsWith('raw/'))) {
      let chunk: BronzeEvent[] = [];
      for await (const event of readEvents(deps.store, key)) {
        chunk.push(event);
        if (chunk.length >= EVENTS_PER_CALL) {
          await send(chunk, key);
          chunk = [];
        }
      }
      if (chunk.length > 0) await send(chunk, key);
    }
  }
  return report;
}

export async function* readEvents(store: ObjectStore, key: string): AsyncGenerator<BronzeEvent> {
  const body = await store.getStream(key);
  if (!body) return;
  const input = (body instanceof Readable ? body : Readable.from(body)).pipe(createGunzip());
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line !== '') yield JSON.parse(line) as BronzeEvent;
  }
}

export interface ReplayReport {
  replayed: number;
  removed: number;
  stillFailing: number;
  skipped: number;
}

/** Re-delivers everything in failed/ (optionally one sink); removes an entry only after its delivery succeeds. */
export async function replayFailed(
  sinks: readonly Sink[],
  deps: { store: ObjectStore; logger: Logger; clock: () => number },
  only?: string,
): Promise<ReplayReport> {
  const report: ReplayReport = { replayed: 0, removed: 0, stillFailing: 0, skipped: 0 };
  const byName = new Map(sinks.map((s) => [s.name, s]));
  const keys: string[] = [];
  for await (const info of deps.store.list(only ? `failed/${only}/` : 'failed/')) keys.push(info.key);
  for (const key of keys) {
    const obj = await deps.store.get(key);
    if (!obj) continue;
    const entry = JSON.parse(obj.body.toString('utf8')) as FailedDelivery;
    const sink = byName.get(entry.sink);
    if (!sink) {
      report.skipped++;
      continue;
    }
    report.replayed++;
    try {
      await sink.deliver(entry.items, { batchKey: entry.batch_key, ...(entry.lake_key ? { lakeKey: entry.lake_key } : {}) });
      await deps.store.delete(key);
      report.removed++;
    } catch (err) {
      report.stillFailing++;
      const updated: FailedDelivery = { ...entry, attempts: entry.attempts + 1, last_failed_at: new Date(deps.clock()).toISOString(), reason: describeError(err).message };
      await deps.store.put(key, JSON.stringify(updated), { contentType: 'application/json' });
      deps.logger.warn('replay failed; entry kept', { sink: entry.sink, key, reason: updated.reason });
    }
  }
  return report;
}
