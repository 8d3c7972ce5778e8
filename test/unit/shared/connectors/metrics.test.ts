import { describe, expect, it } from 'vitest';
import { ConnectorMetrics, metricSetOf } from '../../../../shared/connectors/metrics.js';
import { connectorManifestKey, runManifestKey } from '../../../../shared/connectors/manifest.js';

describe('ConnectorMetrics', () => {
  it('counts fetches and errors and averages latency', () => {
    const m = new ConnectorMetrics('pd');
    m.recordFetch(100, true);
    m.recordFetch(50, false);
    m.recordFetch(30, true);
    m.recordRetry();
    m.recordRateLimited();
    expect(m.snapshot()).toEqual({ connector: 'pd', fetch_count: 3, error_count: 1, error_rate: 0.3333, avg_latency_ms: 60, retries: 1, rate_limited: 1 });
  });

  it('reports zeros before any fetch', () => {
    expect(new ConnectorMetrics('x').snapshot()).toMatchObject({ fetch_count: 0, error_rate: 0, avg_latency_ms: 0 });
  });

  it('becomes a metric set with the connector as its dimension', () => {
    const set = metricSetOf(new ConnectorMetrics('gh').snapshot(), { events_written: 4 });
    expect(set).toMatchObject({ namespace: 'TelemetryBridge/Connectors', dimensions: { connector: 'gh' }, values: { fetch_count: 0, events_written: 4 } });
  });
});

describe('manifest keys', () => {
  it('partitions by connector and day', () => {
    expect(connectorManifestKey('pagerduty', '2026-11-25T12:00:00.000Z', 'r1')).toBe('manifests/connector=pagerduty/dt=2026-11-25/r1.json');
    expect(runManifestKey('2026-11-25T12:00:00.000Z', 'r1')).toBe('manifests/run/dt=2026-11-25/r1.json');
  });
});
