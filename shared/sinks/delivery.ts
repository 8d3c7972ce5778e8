import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { describeError, PersistError } from '../errors.js';
import type { Logger, Metrics, ObjectStore } from '../ports.js';
import type { Alert } from '../detect/alert.js';
import type { BatchResult } from '../pipeline/types.js';
import { remainingMs, type TimeBudget } from '../resilience/budget.js';
import type { BronzeEvent } from '../schema/index.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { failedKey, partitionDay, type FailedDelivery } from './failed-entry.js';
import type { RejectedItems, Sink, SinkItem } from './types.js';

/** Events per delivery call read back from one lake object. */
export const EVENTS_PER_CALL = 5_000;

export type { FailedDelivery } from './failed-entry.js';
export { failedKey } from './failed-entry.js';

export interface DeliveryReport {
  delivered: Record<string, number>;
  parked: Record<string, number>;
  /** Chunks skipped because an earlier attempt already delivered or parked them (the ledger). */
  skipped: Record<string, number>;
}

export interface DeliveryDeps {
  store: ObjectStore;
  logger: Logger;
  clock: () => number;
  metrics?: Metrics;
}

const add = (m: Record<string, number>, k: string, n: number): void => void (m[k] = (m[k] ?? 0) + n);

/**
 * After a batch is persisted: the summary goes to summary sinks, the events (read back from the
 * lake objects just written, so a large batch is never held whole) go to event sinks.
 *
 * Exactly once per chunk and sink: each call is chunk `<n>` with the idempotency key
 * `<batch-key>.<n>`; only the requests a sink did not accept are parked in failed/ (with their
 * key); a chunk that could not be read back from the lake is parked as a read-back entry; a call
 * the time budget cannot fit is parked without being tried. The ledger records each chunk handled,
 * so a retried delivery skips them. Throws (PersistError) only when something could be neither
 * delivered nor parked — the platform retries, and the ledger keeps the retry from duplicating.
 */
export async function deliverBatch(result: BatchResult, sinks: readonly Sink[], deps: DeliveryDeps, budget?: TimeBudget): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: {}, parked: {}, skipped: {} };
  const ledger = await DeliveryLedger.load(deps.store, result.batchKey);
  const now = new Date(deps.clock()).toISOString();
  const lakeKeys = result.objects.filter((k) => k.startsWith('raw/'));
  const day = partitionDay(lakeKeys[0]) ?? result.summary?.window.end?.slice(0, 10) ?? now;
  const keep = async (): Promise<void> => {
    await ledger.save(deps.store).catch((err: unknown) => deps.logger.warn('delivery ledger not saved', { batch_key: result.batchKey, reason: describeError(err).message }));
  };
  try {
    for (const sink of sinks) await deliverToSink(sink);
  } catch (err) {
    await keep();
    throw err;
  }
  await keep();
  return report;

  async function park(sink: Sink, chunk: string, entry: Pick<FailedDelivery, 'items' | 'reason'> & Partial<FailedDelivery>, count: number): Promise<void> {
    const failed: FailedDelivery = {
      schema_version: '1.0',
      sink: sink.name,
      kind: sink.kind,
      batch_key: result.batchKey,
      attempts: 1,
      first_failed_at: now,
      last_failed_at: now,
      ...entry,
    };
    try {
      await deps.store.put(failedKey(sink.name, day, result.batchKey, chunk), JSON.stringify(failed), { contentType: 'application/json' });
    } catch (cause) {
      throw new PersistError('cannot park a failed delivery in failed/', { cause, context: { sink: sink.name, batch_key: result.batchKey } });
    }
    add(report.parked, sink.name, count);
    deps.logger.warn('delivery parked in failed/', { sink: sink.name, batch_key: result.batchKey, items: count, reason: failed.reason });
  }

  async function send(sink: Sink, chunk: number, items: SinkItem[], lakeKey?: string): Promise<void> {
    const id = String(chunk);
    if (ledger.has(sink.name, id)) return void add(report.skipped, sink.name, 1);
    const requestKey = `${result.batchKey}.${chunk}`;
    let rejected: RejectedItems[];
    if (remainingMs(budget) <= 0) rejected = [{ items, reason: 'not tried: the invocation time budget ran out', requestKey }];
    else {
      try {
        const outcome = await sink.deliver(items, { batchKey: result.batchKey, requestKey, ...(lakeKey ? { lakeKey } : {}), ...(budget ? { budget } : {}) });
        rejected = outcome?.rejected ?? [];
      } catch (err) {
        rejected = [{ items, reason: describeError(err).message, requestKey }];
      }
    }
    const lost = rejected.reduce((n, r) => n + r.items.length, 0);
    add(report.delivered, sink.name, items.length - lost);
    for (const [j, r] of rejected.entries()) {
      await park(sink, rejected.length === 1 ? id : `${id}-${j}`, { items: r.items, reason: r.reason, request_key: r.requestKey, ...(lakeKey ? { lake_key: lakeKey } : {}) }, r.items.length);
    }
    ledger.mark(sink.name, id);
  }

  async function deliverToSink(sink: Sink): Promise<void> {
    let chunk = 0;
    if (sink.kind === 'summary') {
      if (result.summary) await send(sink, chunk, [result.summary]);
      return;
    }
    if (sink.kind === 'alerts') {
      if (result.alerts && result.alerts.length > 0) await send(sink, chunk, result.alerts);
      return;
    }
    for (const key of lakeKeys) {
      let items: BronzeEvent[] = [];
      let read = 0;
      try {
        for await (const event of readEvents(deps.store, key)) {
          items.push(event);
          read++;
          if (items.length >= EVENTS_PER_CALL) {
            await send(sink, chunk++, items, key);
            items = [];
          }
        }
      } catch (err) {
        if (err instanceof PersistError) throw err;
        // The lake object cannot be read back (no read grant, a transient error): park the rest
        // of it as a read-back entry; the replay reads it with its own access.
        const id = `${chunk++}r`;
        if (!ledger.has(sink.name, id)) {
          const skip = read - items.length;
          await park(sink, id, { items: [], reason: `read-back failed: ${describeError(err).message}`, lake_key: key, read_back: { lake_key: key, skip }, request_key: `${result.batchKey}.${id}` }, 0);
          ledger.mark(sink.name, id);
        }
        continue;
      }
      if (items.length > 0) await send(sink, chunk++, items, key);
    }
  }
}

/** The events of a raw/ object, streamed. Throws when the object is missing or cannot be read. */
export async function* readEvents(store: ObjectStore, key: string): AsyncGenerator<BronzeEvent> {
  const body = await store.getStream(key);
  if (!body) throw new Error(`lake object ${key} not found`);
  const input = (body instanceof Readable ? body : Readable.from(body)).pipe(createGunzip());
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line !== '') yield JSON.parse(line) as BronzeEvent;
  }
}
