import type { Logger, MetricSet, Metrics } from '../ports.js';

/**
 * CloudWatch Embedded Metric Format: one JSON line per set on stdout; CloudWatch extracts the
 * metrics from the Lambda log with no API call.
 */
export function emfMetrics(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`), clock: () => number = Date.now): Metrics {
  return {
    emit(set: MetricSet) {
      const doc: Record<string, unknown> = {
        _aws: {
          Timestamp: clock(),
          CloudWatchMetrics: [
            {
              Namespace: set.namespace,
              Dimensions: [Object.keys(set.dimensions)],
              Metrics: Object.keys(set.values).map((Name) => ({ Name, Unit: 'Count' })),
            },
          ],
        },
        ...set.dimensions,
        ...set.values,
      };
      write(JSON.stringify(doc));
    },
  };
}

/** Structured log metrics (Azure Application Insights customDimensions, GCP log-based metrics). */
export function logMetrics(logger: Logger): Metrics {
  return {
    emit(set: MetricSet) {
      logger.info('metrics', { metric_namespace: set.namespace, ...set.dimensions, metrics: set.values });
    },
  };
}

/** Keeps every set in memory: for tests and the CLI's tables. */
export function memoryMetrics(): Metrics & { sets: MetricSet[] } {
  const sets: MetricSet[] = [];
  return { sets, emit: (set) => void sets.push(set) };
}
