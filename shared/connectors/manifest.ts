import type { ObjectStore } from '../ports.js';
import type { ConnectorMetricsSnapshot } from './metrics.js';

export interface ManifestWindow {
  start: string;
  end: string;
}

/** One (scope, data type, window slice) collected. */
export interface ManifestCollection {
  scope: string;
  data_type: string;
  source_type: string;
  window: ManifestWindow;
  pages: number;
  received: number;
  written: number;
  quarantined: number;
  filtered: number;
  /** True when every page of the slice was written and the cursor moved to the slice's end. */
  complete: boolean;
  cursor_before: string | null;
  cursor_after: string | null;
}

export interface ManifestError {
  scope?: string;
  data_type?: string;
  window?: ManifestWindow;
  /** Error class, message (no secrets, no payload) and HTTP status when there was one. */
  name: string;
  message: string;
  status?: number;
}

export interface DataTypeCounts {
  received: number;
  written: number;
  quarantined: number;
  filtered: number;
}

/** What one connector collected in one run (seed 003 FR-005): auditable, no payload. */
export interface ConnectorManifest {
  manifest_version: '1.0';
  run_id: string;
  connector: string;
  type: string;
  source: string | null;
  started_at: string;
  finished_at: string;
  /** The span of all windows attempted, or null when nothing was due. */
  window: ManifestWindow | null;
  scopes: string[];
  counts: Record<string, DataTypeCounts>;
  redactions: Record<string, number>;
  collections: ManifestCollection[];
  errors: ManifestError[];
  /** ok: all collected; partial: some data types or slices failed (their cursors did not move); failed: nothing ran. */
  status: 'ok' | 'partial' | 'failed';
  partial: boolean;
  metrics: ConnectorMetricsSnapshot | null;
  /** Objects written (raw parts, quarantine). */
  objects: string[];
  /** The connector's own account of sources read and skipped and the redaction applied (postgres, kubernetes). */
  evidence?: Record<string, unknown>;
}

export interface RunManifest {
  manifest_version: '1.0';
  run_id: string;
  started_at: string;
  finished_at: string;
  connectors: Array<{ name: string; type: string; status: ConnectorManifest['status']; manifest: string; counts: Record<string, DataTypeCounts>; errors: number }>;
  /** Configured but disabled (never loaded). */
  disabled: string[];
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** `manifests/connector=<name>/dt=YYYY-MM-DD/<run-id>.json` (DESIGN §5). */
export function connectorManifestKey(connector: string, startedAt: string, runId: string): string {
  return `manifests/connector=${connector}/dt=${day(startedAt)}/${runId}.json`;
}

/** The run's own manifest, written even when no connector is enabled. */
export function runManifestKey(startedAt: string, runId: string): string {
  return `manifests/run/dt=${day(startedAt)}/${runId}.json`;
}

/** Create-only: a run id is never reused, so an existing manifest means a bug, not a retry. */
export async function writeManifest(store: ObjectStore, key: string, manifest: ConnectorManifest | RunManifest): Promise<string> {
  await store.put(key, `${JSON.stringify(manifest, null, 2)}\n`, { contentType: 'application/json', ifNoneMatch: '*' });
  return key;
}

export function addCounts(into: Record<string, DataTypeCounts>, dataType: string, add: DataTypeCounts): void {
  const c = (into[dataType] ??= { received: 0, written: 0, quarantined: 0, filtered: 0 });
  c.received += add.received;
  c.written += add.written;
  c.quarantined += add.quarantined;
  c.filtered += add.filtered;
}
