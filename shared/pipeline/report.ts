import type { Logger, Metrics } from '../ports.js';
import type { BatchResult } from './types.js';

export const METRIC_NAMESPACE = 'TelemetryBridge';

/** One structured log line and one metric set per invocation: the accounting, never payload text. */
export function reportBatch(result: BatchResult, logger: Logger, metrics: Metrics | undefined, dimensions: Record<string, string>): void {
  const redactions = Object.values(result.redactions).reduce((a, b) => a + b, 0);
  logger.info('batch ingested', {
    ...dimensions,
    batch_key: result.batchKey,
    source: result.source,
    received: result.received,
    written: result.written,
    quarantined: result.quarantined,
    filtered: result.filtered,
    redactions: result.redactions,
    quarantine_reasons: result.quarantineReasons,
    objects: result.objects.length,
  });
  metrics?.emit({
    namespace: METRIC_NAMESPACE,
    dimensions: { ...dimensions, source: result.source },
    values: {
      Received: result.received,
      Written: result.written,
      Quarantined: result.quarantined,
      Filtered: result.filtered,
      Redactions: redactions,
    },
  });
}
