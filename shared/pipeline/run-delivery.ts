import type { Logger, Metrics, ObjectStore } from '../ports.js';
import type { Sink } from '../sinks/types.js';
import { deliverBatch } from '../sinks/delivery.js';
import { ingest, type Delivery } from './ingest.js';
import { reportBatch } from './report.js';
import type { BatchResult, PipelineDeps } from './types.js';

/** What a handler's runtime offers the push path. */
export interface DeliveryRuntime {
  deps: PipelineDeps;
  sinks: readonly Sink[];
  store: ObjectStore;
  logger: Logger;
  metrics?: Metrics;
  clock: () => number;
}

/**
 * The push path every handler runs: ingest the delivery (throws only when it could not persist),
 * hand the summary and events to the enabled sinks (what they cannot deliver is parked in
 * failed/, never dropped and never failing the batch), then one log line and one metric set.
 */
export async function runDelivery(delivery: Delivery, runtime: DeliveryRuntime, dimensions: Record<string, string>): Promise<BatchResult> {
  const result = await ingest(delivery, runtime.deps);
  if (runtime.sinks.length > 0 && result.written > 0) {
    const report = await deliverBatch(result, runtime.sinks, runtime);
    const parked = Object.values(report.parked).reduce((a, b) => a + b, 0);
    if (parked > 0) runtime.metrics?.emit({ namespace: 'TelemetryBridge', dimensions, values: { DeliveryParked: parked } });
  }
  reportBatch(result, runtime.logger, runtime.metrics, dimensions);
  return result;
}
