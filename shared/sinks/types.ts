import type { Alert } from '../detect/alert.js';
import type { BronzeEvent, TelemetrySummary } from '../schema/index.js';

/** What a sink takes: the batch's TelemetrySummary (FixOps), its events (Sentinel, Event Hubs, Pub/Sub) or its alerts (webhook). */
export type SinkKind = 'summary' | 'events' | 'alerts';

export interface DeliveryContext {
  batchKey: string;
  /** The lake object the events came from: the pointer a truncated record carries. */
  lakeKey?: string;
}

export interface Sink {
  /** snake_case, equal to the file name and to the folder under failed/. */
  readonly name: string;
  readonly kind: SinkKind;
  /** Delivers all items or throws (after its own retries) a DeliveryError. */
  deliver(items: ReadonlyArray<TelemetrySummary | BronzeEvent | Alert>, context: DeliveryContext): Promise<void>;
}
