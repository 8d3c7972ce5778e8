import type { TimeBudget } from '../resilience/budget.js';
import type { Alert } from '../detect/alert.js';
import type { BronzeEvent, TelemetrySummary } from '../schema/index.js';

/** What a sink takes: the batch's TelemetrySummary (FixOps), its events (Sentinel, Event Hubs, Pub/Sub) or its alerts (webhook). */
export type SinkKind = 'summary' | 'events' | 'alerts';

export type SinkItem = TelemetrySummary | BronzeEvent | Alert;

export interface DeliveryContext {
  batchKey: string;
  /** The lake object the events came from: the pointer a truncated record carries. */
  lakeKey?: string;
  /**
   * The idempotency key of this call: batch key + chunk index (`<batch-key>.<chunk>`). An HTTP
   * sink sends `Idempotency-Key: <requestKey>` when the items fit one request and
   * `<requestKey>.<i>` for its i-th request otherwise, so a retry or a replay of the same items
   * repeats the same keys. Default: `<batchKey>.0`.
   */
  requestKey?: string;
  /** Calls must be over by this deadline (runtime clock); what cannot finish is reported rejected. */
  budget?: TimeBudget;
}

/** Items the sink did not get accepted, with the idempotency key of the request they were in. */
export interface RejectedItems {
  items: SinkItem[];
  reason: string;
  /** The request's idempotency key: a replay of exactly these items sends it again. */
  requestKey: string;
}

/** Per-request outcome of a delivery: only what was not accepted is parked and replayed. */
export interface SinkOutcome {
  rejected: RejectedItems[];
}

export interface Sink {
  /** snake_case, equal to the file name and to the folder under failed/. */
  readonly name: string;
  readonly kind: SinkKind;
  /**
   * Delivers the items. Resolves (void or an outcome without rejections) when all were accepted;
   * resolves with the rejected requests when the service accepted some and not others; throws
   * (after its own retries) a DeliveryError when none was accepted.
   */
  deliver(items: ReadonlyArray<SinkItem>, context: DeliveryContext): Promise<SinkOutcome | void>;
}

/** The key of a sink's i-th request in a call of `count` requests (see DeliveryContext.requestKey). */
export function requestKeyOf(context: DeliveryContext, index: number, count: number): string {
  const base = context.requestKey ?? `${context.batchKey}.0`;
  return count === 1 ? base : `${base}.${index}`;
}
