import type { MetricSet } from '../ports.js';

export interface ConnectorMetricsSnapshot {
  connector: string;
  /** HTTP requests sent (every attempt counts). */
  fetch_count: number;
  /** Requests that failed: a network error, a timeout or a non-2xx status. */
  error_count: number;
  /** error_count / fetch_count (0 when nothing was fetched). */
  error_rate: number;
  avg_latency_ms: number;
  retries: number;
  rate_limited: number;
}

/** Per-connector request metrics (seed 000's get_metrics), kept in memory for one run. */
export class ConnectorMetrics {
  private fetches = 0;
  private errors = 0;
  private totalLatency = 0;
  private retryCount = 0;
  private throttled = 0;

  constructor(readonly connector: string) {}

  recordFetch(latencyMs: number, ok: boolean): void {
    this.fetches++;
    this.totalLatency += Math.max(0, latencyMs);
    if (!ok) this.errors++;
  }

  recordRetry(): void {
    this.retryCount++;
  }

  recordRateLimited(): void {
    this.throttled++;
  }

  snapshot(): ConnectorMetricsSnapshot {
    return {
      connector: this.connector,
      fetch_count: this.fetches,
      error_count: this.errors,
      error_rate: this.fetches === 0 ? 0 : round(this.errors / this.fetches, 4),
      avg_latency_ms: this.fetches === 0 ? 0 : round(this.totalLatency / this.fetches, 2),
      retries: this.retryCount,
      rate_limited: this.throttled,
    };
  }
}

/** The snapshot as a metric set for the Metrics port (EMF on AWS, structured metrics elsewhere). */
export function metricSetOf(snapshot: ConnectorMetricsSnapshot, extra: Record<string, number> = {}): MetricSet {
  return {
    namespace: 'TelemetryBridge/Connectors',
    dimensions: { connector: snapshot.connector },
    values: {
      fetch_count: snapshot.fetch_count,
      error_count: snapshot.error_count,
      error_rate: snapshot.error_rate,
      avg_latency_ms: snapshot.avg_latency_ms,
      retries: snapshot.retries,
      rate_limited: snapshot.rate_limited,
      ...extra,
    },
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
