import { runCollection, type CollectionResult } from '../../shared/connectors/run.js';
import { startLoopbackVendors } from '../../test/helpers/vendors/all.js';
import type { CliRuntime } from './cli-runtime.js';
import { table } from './render.js';

/** The fixtures of the loopback vendors sit in the day before this instant; the run's "now". */
const DEMO_NOW = Date.parse('2026-11-25T12:00:00.000Z');

/**
 * `bridge demo --with-connectors`: the five pull connectors against loopback servers that answer
 * like Dynatrace, Splunk, ServiceNow, PagerDuty and GitHub (the same servers the connector tests
 * use: real pagination, auth and rate-limit headers), through the same runCollection the three
 * clouds' timers call. No network beyond 127.0.0.1; credentials are the servers' test values.
 */
export async function runConnectorDemo(cli: CliRuntime): Promise<CollectionResult> {
  const vendors = await startLoopbackVendors();
  try {
    return await runCollection({
      config: { ...cli.runtime.config, connectors: vendors.connectors },
      deps: cli.runtime.deps,
      secrets: vendors.secrets,
      now: DEMO_NOW,
    });
  } finally {
    await vendors.close();
  }
}

/** One row per connector and data type: the run manifests' counts, status and first error. */
export function renderConnectorManifests(result: CollectionResult): string[] {
  const rows: string[][] = [];
  for (const m of result.manifests) {
    const window = m.window ? `${m.window.start.slice(0, 16)} .. ${m.window.end.slice(0, 16)}` : '-';
    const types = Object.entries(m.counts);
    if (types.length === 0) rows.push([m.connector, '-', '0', '0', '0', m.status, window, m.errors[0]?.message ?? '']);
    types.forEach(([dataType, c], i) =>
      rows.push([i === 0 ? m.connector : '', dataType, String(c.received), String(c.written), String(c.quarantined), i === 0 ? m.status : '', i === 0 ? window : '', i === 0 ? (m.errors[0]?.message ?? '') : '']),
    );
  }
  return [
    `Connectors (loopback vendors), run ${result.runId}; run manifest ${result.manifestKey}`,
    ...table(['connector', 'data type', 'received', 'written', 'quarantined', 'status', 'window (UTC)', 'first error'], rows),
  ];
}
