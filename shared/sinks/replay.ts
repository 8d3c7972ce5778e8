import { describeError, PreconditionFailedError } from '../errors.js';
import { METRIC_NAMESPACE } from '../pipeline/report.js';
import { remainingMs, type TimeBudget } from '../resilience/budget.js';
import type { BronzeEvent } from '../schema/index.js';
import { EVENTS_PER_CALL, readEvents, type DeliveryDeps } from './delivery.js';
import { movePoison, parseFailedEntry, POISON_PREFIX, type FailedDelivery } from './failed-entry.js';
import { acquireReplayLease } from './replay-lease.js';
import type { RejectedItems, Sink, SinkItem } from './types.js';

export interface ReplayReport {
  replayed: number;
  removed: number;
  stillFailing: number;
  skipped: number;
  /** Unreadable entries moved to failed/_poison/ (counted in the ReplayPoisoned metric). */
  poisoned: number;
  /** Entries left for the next run because the time budget or the lease ran out. */
  deferred: number;
  /** True when another replay held the lease: this one delivered nothing. */
  leaseBusy: boolean;
}

export interface ReplayOptions {
  /** Replay only this sink's entries. */
  only?: string;
  budget?: TimeBudget;
  /** How long the lease lasts without a budget (default 15 min, Lambda's longest run). */
  leaseTtlMs?: number;
}

const DEFAULT_LEASE_TTL_MS = 15 * 60_000;
/** Stop taking entries this long before the lease ends, so a slow delivery cannot outlive it. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Re-delivers what is parked in failed/ (optionally one sink), under the replay lease so that two
 * overlapping runs never deliver one entry twice. An entry is deleted only after its delivery
 * succeeded and only if it is unchanged since it was read; a partly accepted entry keeps only the
 * rejected requests. An entry that cannot be read as one moves to failed/_poison/ with its reason
 * and the replay goes on. The run stops taking entries when its budget or lease runs out.
 */
export async function replayFailed(sinks: readonly Sink[], deps: DeliveryDeps, options: ReplayOptions | string = {}): Promise<ReplayReport> {
  const opts: ReplayOptions = typeof options === 'string' ? { only: options } : options;
  const report: ReplayReport = { replayed: 0, removed: 0, stillFailing: 0, skipped: 0, poisoned: 0, deferred: 0, leaseBusy: false };
  const keys: string[] = [];
  for await (const info of deps.store.list(opts.only ? `failed/${opts.only}/` : 'failed/')) {
    if (!info.key.startsWith(POISON_PREFIX) && info.key.endsWith('.json')) keys.push(info.key);
  }
  if (keys.length === 0) return report;
  const ttl = Math.min(opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, remainingMs(opts.budget) + LEASE_MARGIN_MS);
  const lease = await acquireReplayLease(deps.store, deps.clock(), ttl);
  if (!lease) {
    deps.logger.info('replay skipped: another replay holds the lease', {});
    return { ...report, leaseBusy: true, deferred: keys.length };
  }
  const byName = new Map(sinks.map((s) => [s.name, s]));
  try {
    for (const [n, key] of keys.entries()) {
      if (remainingMs(opts.budget) <= 0 || deps.clock() >= lease.expiresAt - Math.min(LEASE_MARGIN_MS, ttl / 2)) {
        report.deferred = keys.length - n;
        break;
      }
      await replayOne(key);
    }
  } finally {
    await lease.release().catch((err: unknown) => deps.logger.warn('replay lease not released; it expires on its own', { reason: describeError(err).message }));
    if (report.poisoned > 0 || report.stillFailing > 0) {
      deps.metrics?.emit({ namespace: METRIC_NAMESPACE, dimensions: { function: 'replay' }, values: { ReplayPoisoned: report.poisoned, ReplayStillFailing: report.stillFailing } });
    }
  }
  return report;

  async function replayOne(key: string): Promise<void> {
    const obj = await deps.store.get(key);
    if (!obj) return;
    const now = new Date(deps.clock()).toISOString();
    const parsed = parseFailedEntry(obj.body);
    if (!parsed.ok) {
      const target = await movePoison(deps.store, key, obj.body, parsed.reason, now);
      report.poisoned++;
      deps.logger.error('poison entry moved out of failed/', { key, moved_to: target, reason: parsed.reason });
      return;
    }
    const entry = parsed.entry;
    const sink = byName.get(entry.sink);
    if (!sink) return void report.skipped++;
    report.replayed++;
    const rejected: RejectedItems[] = [];
    const base = entry.request_key ?? `${entry.batch_key}.0`;
    const attempt = async (items: SinkItem[], requestKey: string, lakeKey: string | undefined): Promise<void> => {
      try {
        const outcome = await sink.deliver(items, { batchKey: entry.batch_key, requestKey, ...(lakeKey ? { lakeKey } : {}), ...(opts.budget ? { budget: opts.budget } : {}) });
        rejected.push(...(outcome?.rejected ?? []));
      } catch (err) {
        rejected.push({ items, reason: describeError(err).message, requestKey });
      }
    };
    if (entry.read_back) {
      try {
        await readBack(entry.read_back.lake_key, entry.read_back.skip, (items, i) => attempt(items, `${base}.${i}`, entry.read_back!.lake_key));
      } catch (err) {
        return keepFailing(key, obj.etag, entry, [], describeError(err).message, now);
      }
    } else await attempt(entry.items as unknown as SinkItem[], base, entry.lake_key);
    if (rejected.length === 0) return removeIfUnchanged(key, obj.etag);
    return keepFailing(key, obj.etag, entry, rejected, rejected[0]!.reason, now);
  }

  async function readBack(lakeKey: string, skip: number, deliver: (items: BronzeEvent[], chunk: number) => Promise<void>): Promise<void> {
    let seen = 0;
    let chunk = 0;
    let items: BronzeEvent[] = [];
    for await (const event of readEvents(deps.store, lakeKey)) {
      if (seen++ < skip) continue;
      items.push(event);
      if (items.length >= EVENTS_PER_CALL) {
        await deliver(items, chunk++);
        items = [];
      }
    }
    if (items.length > 0) await deliver(items, chunk++);
  }

  /** Deletes only an entry nobody changed since it was read. */
  async function removeIfUnchanged(key: string, etag: string): Promise<void> {
    const current = await deps.store.get(key);
    if (current && current.etag !== etag) {
      deps.logger.warn('replayed entry changed meanwhile; kept', { key });
      return;
    }
    if (current) await deps.store.delete(key);
    report.removed++;
  }

  /** Keeps what is still rejected: the entry itself for the first request, new entries for the others. */
  async function keepFailing(key: string, etag: string, entry: FailedDelivery, rejected: RejectedItems[], reason: string, now: string): Promise<void> {
    report.stillFailing++;
    const update = (r: RejectedItems | undefined): FailedDelivery => {
      const { read_back, ...rest } = entry;
      return r === undefined
        ? { ...entry, attempts: entry.attempts + 1, last_failed_at: now, reason }
        : { ...rest, items: r.items as unknown as FailedDelivery['items'], request_key: r.requestKey, attempts: entry.attempts + 1, last_failed_at: now, reason: r.reason };
    };
    try {
      for (const [j, r] of rejected.slice(1).entries()) {
        await deps.store.put(key.replace(/\.json$/, `-r${j + 1}.json`), JSON.stringify(update(r)), { contentType: 'application/json' });
      }
      await deps.store.put(key, JSON.stringify(update(rejected[0])), { contentType: 'application/json', ifMatch: etag });
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err;
      deps.logger.warn('replayed entry changed meanwhile; kept as it is', { key });
    }
    deps.logger.warn('replay failed; entry kept', { sink: entry.sink, key, reason });
  }
}
