import type { IngestObservation } from '../../shared/http-ingest/index.js';

/** Request latency buckets, in seconds (Prometheus' defaults, which fit an ingest API). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
const PREFIX = 'telemetry_bridge';

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * `bridge serve`'s /metrics in the Prometheus text exposition format (version 0.0.4): requests by
 * route and status, records by outcome, summaries stored, evidence bundles built, and a request
 * latency histogram per route. Counters only grow; labels come from a fixed set (route, status,
 * outcome), so the series stay few.
 */
export class ServeMetrics {
  private readonly requests = new Map<string, number>();
  private readonly records: Record<'received' | 'written' | 'quarantined' | 'filtered', number> = { received: 0, written: 0, quarantined: 0, filtered: 0 };
  private summaries = 0;
  private bundles = 0;
  private readonly latency = new Map<string, Histogram>();

  observe(o: { route: string; status: number; durationMs: number } & Partial<Omit<IngestObservation, 'route'>>): void {
    const key = `${o.route}|${o.status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    if (o.result) {
      this.records.received += o.result.received;
      this.records.written += o.result.written;
      this.records.quarantined += o.result.quarantined;
      this.records.filtered += o.result.filtered;
    }
    if (o.summaryStored) this.summaries++;
    if (o.bundleBuilt) this.bundles++;
    let h = this.latency.get(o.route);
    if (!h) {
      h = { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latency.set(o.route, h);
    }
    const seconds = Math.max(0, o.durationMs) / 1000;
    LATENCY_BUCKETS.forEach((le, i) => {
      if (seconds <= le) h.counts[i]!++;
    });
    h.sum += seconds;
    h.count++;
  }

  /** Requests answered so far, all routes. */
  requestCount(): number {
    let n = 0;
    for (const v of this.requests.values()) n += v;
    return n;
  }

  render(): string {
    const lines: string[] = [];
    lines.push(`# HELP ${PREFIX}_http_requests_total HTTP requests answered, by route and status.`, `# TYPE ${PREFIX}_http_requests_total counter`);
    for (const [key, n] of [...this.requests].sort()) {
      const [route, status] = key.split('|');
      lines.push(`${PREFIX}_http_requests_total{route="${label(route!)}",status="${label(status!)}"} ${n}`);
    }
    lines.push(`# HELP ${PREFIX}_records_total Records of ingested batches, by outcome (received = written + quarantined + filtered).`, `# TYPE ${PREFIX}_records_total counter`);
    for (const [outcome, n] of Object.entries(this.records)) lines.push(`${PREFIX}_records_total{outcome="${outcome}"} ${n}`);
    lines.push(`# HELP ${PREFIX}_summaries_stored_total TelemetrySummaries stored from POST /telemetry.`, `# TYPE ${PREFIX}_summaries_stored_total counter`, `${PREFIX}_summaries_stored_total ${this.summaries}`);
    lines.push(`# HELP ${PREFIX}_evidence_bundles_built_total Evidence bundles built and signed.`, `# TYPE ${PREFIX}_evidence_bundles_built_total counter`, `${PREFIX}_evidence_bundles_built_total ${this.bundles}`);
    lines.push(`# HELP ${PREFIX}_http_request_duration_seconds Request latency, by route.`, `# TYPE ${PREFIX}_http_request_duration_seconds histogram`);
    for (const [route, h] of [...this.latency].sort(([a], [b]) => a.localeCompare(b))) {
      const r = label(route);
      LATENCY_BUCKETS.forEach((le, i) => lines.push(`${PREFIX}_http_request_duration_seconds_bucket{route="${r}",le="${le}"} ${h.counts[i]}`));
      lines.push(`${PREFIX}_http_request_duration_seconds_bucket{route="${r}",le="+Inf"} ${h.count}`);
      lines.push(`${PREFIX}_http_request_duration_seconds_sum{route="${r}"} ${h.sum}`, `${PREFIX}_http_request_duration_seconds_count{route="${r}"} ${h.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
