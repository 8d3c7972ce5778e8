import { randomBytes } from 'node:crypto';
import type { BridgeConfig } from '../config/schema.js';
import { ConfigError, describeError } from '../errors.js';
import { persistEvents } from '../pipeline/persist-events.js';
import type { PipelineDeps } from '../pipeline/types.js';
import type { SecretSource } from '../ports.js';
import { mapWithConcurrency } from '../resilience/concurrency.js';
import { sleep as defaultSleep, type Sleep } from '../resilience/sleep.js';
import { collectConnector, errorEntry, type PersistEvents } from './collect.js';
import { CursorStore } from './cursor-store.js';
import { connectorManifestKey, runManifestKey, writeManifest, type ConnectorManifest, type RunManifest } from './manifest.js';
import { metricSetOf } from './metrics.js';
import { CONNECTOR_LOADERS, resolveConnectors, type ConnectorEntry, type ConnectorLoader } from './registry.js';

export interface CollectionOptions {
  config: BridgeConfig;
  deps: PipelineDeps;
  secrets: SecretSource;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** The run's now (ms); default deps.clock(). */
  now?: number;
  /** Run only these configured connectors (config keys). */
  only?: string[];
  sleep?: Sleep;
  random?: () => number;
  runId?: string;
  /** Connectors collected at once (default 2). */
  concurrency?: number;
  /** The write step; default shared/pipeline `persistEvents`. */
  persist?: PersistEvents;
  loaders?: Readonly<Record<string, ConnectorLoader>>;
}

export interface CollectionResult {
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** The run manifest (`manifests/run/dt=…/<run-id>.json`). */
  manifestKey: string;
  manifests: Array<ConnectorManifest & { key: string }>;
  disabled: string[];
  /** True when every connector that ran finished without an error. */
  ok: boolean;
}

/**
 * What the scheduled handlers (AWS, Azure, GCP) and `bridge collect` call. Validates the
 * connectors section first (ConfigError before anything runs), then runs each enabled connector
 * with bounded concurrency; one connector's failure is recorded in its manifest and the others
 * still run. Always writes a run manifest. Throws only when a manifest cannot be written.
 */
export async function runCollection(options: CollectionOptions): Promise<CollectionResult> {
  const { deps } = options;
  const now = options.now ?? deps.clock();
  const startedAt = new Date(now).toISOString();
  const runId = options.runId ?? `${startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(4).toString('hex')}`;
  const resolved = await resolveConnectors(options.config.connectors, options.loaders ?? CONNECTOR_LOADERS);
  let selected = resolved.enabled;
  if (options.only && options.only.length > 0) {
    const known = new Set([...resolved.enabled.map((e) => e.name), ...resolved.disabled]);
    const missing = options.only.filter((n) => !known.has(n));
    if (missing.length > 0) throw new ConfigError(`connector ${missing.join(', ')} is not configured under connectors (configured: ${[...known].join(', ') || 'none'})`);
    selected = selected.filter((e) => options.only!.includes(e.name));
  }
  const cursors = new CursorStore(deps.store);
  const persist = options.persist ?? persistEvents;
  const writeFailures: unknown[] = [];

  const manifests = await mapWithConcurrency(selected, options.concurrency ?? 2, async (entry) => {
    const manifest = await runOne(entry, options, { cursors, persist, runId, now, startedAt });
    const key = connectorManifestKey(entry.name, startedAt, runId);
    try {
      await writeManifest(deps.store, key, manifest);
    } catch (err) {
      writeFailures.push(err);
      deps.logger.error('connector manifest could not be written', { connector: entry.name, key, error: describeError(err) });
    }
    const written = Object.values(manifest.counts).reduce((n, c) => n + c.written, 0);
    const quarantined = Object.values(manifest.counts).reduce((n, c) => n + c.quarantined, 0);
    if (manifest.metrics) deps.metrics?.emit(metricSetOf(manifest.metrics, { events_written: written, events_quarantined: quarantined, partial: manifest.partial ? 1 : 0 }));
    deps.logger.info('connector run finished', {
      connector: entry.name,
      run_id: runId,
      status: manifest.status,
      written,
      quarantined,
      errors: manifest.errors.length,
      manifest: key,
    });
    return { ...manifest, key };
  });

  const finishedAt = new Date(deps.clock()).toISOString();
  const run: RunManifest = {
    manifest_version: '1.0',
    run_id: runId,
    started_at: startedAt,
    finished_at: finishedAt,
    connectors: manifests.map((m) => ({ name: m.connector, type: m.type, status: m.status, manifest: m.key, counts: m.counts, errors: m.errors.length })),
    disabled: resolved.disabled,
  };
  const manifestKey = runManifestKey(startedAt, runId);
  await writeManifest(deps.store, manifestKey, run);
  if (writeFailures.length > 0) throw writeFailures[0];
  return { runId, startedAt, finishedAt, manifestKey, manifests, disabled: resolved.disabled, ok: manifests.every((m) => m.status === 'ok') };
}

async function runOne(
  entry: ConnectorEntry,
  options: CollectionOptions,
  run: { cursors: CursorStore; persist: PersistEvents; runId: string; now: number; startedAt: string },
): Promise<ConnectorManifest> {
  const { deps } = options;
  try {
    const connector = entry.module.create(entry.settings, {
      name: entry.name,
      secrets: options.secrets,
      fetch: options.fetch ?? globalThis.fetch,
      clock: deps.clock,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
      logger: deps.logger,
    });
    return await collectConnector(connector, { deps, cursors: run.cursors, persist: run.persist, runId: run.runId, now: run.now }, run.startedAt);
  } catch (err) {
    deps.logger.error('connector failed', { connector: entry.name, error: describeError(err) });
    return {
      manifest_version: '1.0',
      run_id: run.runId,
      connector: entry.name,
      type: entry.type,
      source: null,
      started_at: run.startedAt,
      finished_at: new Date(deps.clock()).toISOString(),
      window: null,
      scopes: [],
      counts: {},
      redactions: {},
      collections: [],
      errors: [errorEntry(err, {})],
      status: 'failed',
      partial: true,
      metrics: null,
      objects: [],
    };
  }
}
