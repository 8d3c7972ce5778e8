import type { BridgeConfig } from '../config/schema.js';
import type { DecodedBatch } from '../decode/types.js';
import type { Alert } from '../detect/alert.js';
import type { AlertCount, Detector } from '../detect/stream-detector.js';
import type { Clock, Logger, Metrics, ObjectStore } from '../ports.js';
import type { Redactor, RedactionCounts } from '../redact/types.js';
import type { SchemaRegistry, TelemetrySummary } from '../schema/index.js';

/** Everything the pipeline needs, built once per cold start (see `createPipelineDeps`). */
export interface PipelineDeps {
  store: ObjectStore;
  redactor: Redactor;
  config: BridgeConfig;
  registry: SchemaRegistry;
  logger: Logger;
  metrics?: Metrics;
  clock: Clock;
  /** Sigma single-event rules and threat intel, run before redaction (shared/detect). */
  detector?: Detector;
}

/** The accounting every batch returns: received = written + quarantined + filtered, always. */
export interface BatchResult {
  batchKey: string;
  source: string;
  received: number;
  written: number;
  quarantined: number;
  filtered: number;
  redactions: RedactionCounts;
  /** Object keys written (raw parts, quarantine, and summaries/ only when the summary is not in a raw/ object's metadata). */
  objects: string[];
  /** The batch's summary, for the sinks, wherever it is stored (pipeline.summary_objects). */
  summary?: TelemetrySummary;
  /** Header / comment lines read as format information (W3C `#Fields`, flow log header): not records. */
  formatLines?: number;
  /** Quarantine reasons with counts, for the log line (no payload text). */
  quarantineReasons: Record<string, number>;
  /** Alerts the detector raised for this batch, per rule. */
  detections?: AlertCount[];
  /** The batch's alerts as stored (merged), for alert sinks (webhook). */
  alerts?: Alert[];
}

export type { DecodedBatch };
