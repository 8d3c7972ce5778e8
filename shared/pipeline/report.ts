import type { CollectionResult } from '../connectors/run.js';
import { describeError, isRetryable } from '../errors.js';
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
    ...(result.formatLines === undefined ? {} : { format_lines: result.formatLines }),
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

/** What the report helpers need of a Runtime. */
interface Reporter {
  logger: Logger;
  metrics?: Metrics;
}

/** A failed invocation is never reported as success: one error line (no payload) and a Failed metric. */
export function reportFailure(runtime: Reporter, dimensions: Record<string, string>, err: unknown, context: Record<string, unknown> = {}): void {
  runtime.logger.error('invocation failed', { ...dimensions, ...context, retryable: isRetryable(err), error: describeError(err) });
  runtime.metrics?.emit({ namespace: METRIC_NAMESPACE, dimensions, values: { Failed: 1 } });
}

/** One line and one metric set for a scheduled collection run (each connector logged its own manifest). */
export function reportCollection(runtime: Reporter, dimensions: Record<string, string>, result: CollectionResult): void {
  let written = 0;
  let quarantined = 0;
  for (const manifest of result.manifests) {
    for (const counts of Object.values(manifest.counts)) {
      written += counts.written;
      quarantined += counts.quarantined;
    }
  }
  const failed = result.manifests.filter((m) => m.status !== 'ok');
  const line = {
    ...dimensions,
    run_id: result.runId,
    manifest: result.manifestKey,
    connectors: result.manifests.length,
    not_ok: failed.map((m) => `${m.connector}:${m.status}`),
    disabled: result.disabled,
    written,
    quarantined,
  };
  if (result.ok) runtime.logger.info('collection finished', line);
  else runtime.logger.error('collection finished with failed connectors', line);
  runtime.metrics?.emit({
    namespace: METRIC_NAMESPACE,
    dimensions,
    values: { ConnectorsRun: result.manifests.length, ConnectorsFailed: failed.length, Written: written, Quarantined: quarantined },
  });
}
