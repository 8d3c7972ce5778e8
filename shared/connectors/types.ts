import type * as z from 'zod';
import type { Clock, Logger, SecretSource } from '../ports.js';
import type { Sleep } from '../resilience/sleep.js';
import type { BronzeEventDraft, Source } from '../schema/index.js';
import type { CollectSettings } from './settings.js';
import type { ConnectorMetricsSnapshot } from './metrics.js';

/** A half-open time range [start, end) in ms since the epoch. */
export interface CollectWindow {
  start: number;
  end: number;
}

/** What a connector offers; the manifest and `bridge collect --list` show it. */
export interface Capabilities {
  source: Source;
  /** Data types it can collect (`problems`, `incidents`, …) with the source_type each becomes. */
  dataTypes: Record<string, { sourceType: string }>;
  /** Data types enabled by the settings. */
  enabledDataTypes: string[];
  /** Scopes collected separately, each with its own cursor (GitHub repositories); `['default']` otherwise. */
  scopes: string[];
  auth: string;
}

export interface HealthStatus {
  ok: boolean;
  latencyMs: number;
  /** Error class and message when not ok; never a secret. */
  error?: { name: string; message: string };
}

/** One page of raw records, as the vendor returned them. */
export interface RawPage {
  dataType: string;
  scope: string;
  /** 0-based page number within (window, scope, data type). */
  page: number;
  records: unknown[];
}

export interface NormalizeContext {
  dataType: string;
  scope: string;
  window: CollectWindow;
  /** RFC 3339 UTC ms. */
  ingestedAt: string;
}

/** A pull connector (DESIGN §7): declares what it is; `collect` yields raw pages; `normalize` maps one record. */
export interface Connector {
  /** The config key (`pagerduty`, `github_ops`). */
  readonly name: string;
  /** The module's type (`pagerduty`, `github`). */
  readonly type: string;
  readonly settings: CollectSettings;
  capabilities(): Capabilities;
  healthCheck(): Promise<HealthStatus>;
  collect(window: CollectWindow, scope: string, dataType: string): AsyncIterable<RawPage>;
  /** Pure: never throws, never mutates. A record it cannot read becomes a draft that validation quarantines. */
  normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft;
  metrics(): ConnectorMetricsSnapshot;
  /**
   * What the connector read and kept out, for the manifest (seed 003 FR-005: sources read,
   * skipped, redaction applied); partial when evidence it should have read was refused.
   */
  evidenceReport?(): { partial: boolean; details: Record<string, unknown> };
}

/** What `create(settings, deps)` receives: built once per run. */
export interface ConnectorDeps {
  /** The config key. */
  name: string;
  secrets: SecretSource;
  fetch: typeof fetch;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  logger: Logger;
}

/** A registry module (STYLE rule 4): its type, a zod settings schema and a factory. */
export interface ConnectorModule<S extends CollectSettings = CollectSettings> {
  type: string;
  settings: z.ZodType<S>;
  create(settings: S, deps: ConnectorDeps): Connector;
}
