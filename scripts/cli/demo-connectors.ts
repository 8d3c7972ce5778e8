import { runCollection, type CollectionResult } from '../../shared/connectors/run.js';
import { startLoopbackVendors } from '../../test/helpers/vendors/all.js';
import { startSeedThreeVendors } from '../../test/helpers/vendors/seed-three.js';
import type { CliRuntime } from './cli-runtime.js';
import { table } from './render.js';

/** The fixtures of the loopback vendors sit in the day before this instant; the run's "now". */
const DEMO_NOW = Date.parse('2026-11-25T12:00:00.000Z');

/**
 * `bridge demo --with-connectors`: the pull connectors against loopback servers that answer like
 * Dynatrace, Splunk, ServiceNow, PagerDuty and GitHub (token and App), a Kubernetes API server
 * and an OCI registry (the same servers the connector tests use: real pagination, auth and
 * rate-limit headers), plus the machine's PostgreSQL when it answers (metadata level), through
 * the same runCollection the three clouds' timers call. No network beyond 127.0.0.1; credentials
 * are the servers' test values.
 */
export async function runConnectorDemo(cli: CliRuntime): Promise<CollectionResult> {
  const vendors = await startLoopbackVendors();
  const seedThree = await startSeedThreeVendors(process.env.BRIDGE_DEMO_PG_URL ? { postgresUrl: process.env.BRIDGE_DEMO_PG_URL } : {});
  try {
    return await runCollection({
      config: { ...cli.runtime.config, connectors: { ...vendors.connectors, ...seedThree.connectors } },
      deps: cli.runtime.deps,
      secrets: {
        get: (ref) => (ref in seedThree.secrets ? Promise.resolve(seedThree.secrets[ref]!) : vendors.secrets.get(ref)),
      },
      now: DEMO_NOW,
    });
  } finally {
    await Promise.all([vendors.close(), seedThree.close()]);
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
