import { gunzipSync } from 'node:zlib';
import { SummaryAccumulator } from '../../shared/aggregate/summary.js';
import { METRIC_NAMESPACE } from '../../shared/pipeline/report.js';
import { summaryFromMetadata } from '../../shared/pipeline/summary-metadata.js';
import type { BronzeEvent, QuarantineRecord, Source, TelemetrySummary } from '../../shared/schema/index.js';
import type { CliRuntime } from './cli-runtime.js';
import type { InvocationOutcome } from './handlers.js';

export interface SourceReport {
  source: string;
  /** Batches the handlers reported (one metric set each). */
  batches: number;
  received: number;
  written: number;
  quarantined: number;
  filtered: number;
  redactions: number;
  /** received = written + quarantined + filtered, and the stored objects hold exactly that many events and rejects. */
  accountingOk: boolean;
  /** Events read back from this run's raw/ objects. */
  storedEvents: number;
  /** Records read back from this run's quarantine/ objects. */
  storedQuarantined: number;
  redactionsByRule: Record<string, number>;
  quarantineReasons: Record<string, number>;
  /** The TelemetrySummary over this run's stored events of the source (config rules, p95 latency). */
  summary: Pick<TelemetrySummary, 'alerts' | 'latency_ms_p95' | 'event_count' | 'window'> | null;
}

export interface RunReport {
  store: string;
  invocations: InvocationOutcome[];
  /** Invocations that failed: their data could not be persisted (the cloud would retry them). */
  failed: number;
  sources: SourceReport[];
  /** Objects per prefix; `summariesInRaw`: raw/ objects carrying their batch's summary in metadata (pipeline.summary_objects). */
  objects: { raw: number; quarantine: number; summaries: number; summariesInRaw: number; other: number };
  /** Every key this run wrote. */
  keys: string[];
}

const ORDER = ['aws.cloudwatch', 'aws.s3', 'azure.eventhub', 'gcp.pubsub'];

function emptySource(source: string): SourceReport {
  return { source, batches: 0, received: 0, written: 0, quarantined: 0, filtered: 0, redactions: 0, accountingOk: true, storedEvents: 0, storedQuarantined: 0, redactionsByRule: {}, quarantineReasons: {}, summary: null };
}

function addCounts(into: Record<string, number>, counts: Record<string, number> | undefined): void {
  for (const [rule, n] of Object.entries(counts ?? {})) into[rule] = (into[rule] ?? 0) + n;
}

function jsonLines(body: Buffer): unknown[] {
  return gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/**
 * The accounting of a CLI run, from what the handlers emitted as metrics (the Azure and GCP
 * handlers return nothing; every handler emits one metric set per batch), cross-checked
 * against the objects this run wrote, which are read back for the summary and redaction counts.
 */
export async function buildRunReport(cli: CliRuntime, invocations: InvocationOutcome[]): Promise<RunReport> {
  const bySource = new Map<string, SourceReport>();
  const sourceFor = (name: string) => {
    let s = bySource.get(name);
    if (!s) bySource.set(name, (s = emptySource(name)));
    return s;
  };
  for (const set of cli.metrics.sets) {
    const v = set.values;
    const name = set.dimensions.source;
    if (set.namespace !== METRIC_NAMESPACE || v.Received === undefined || name === undefined) continue;
    const s = sourceFor(name);
    s.batches++;
    s.received += v.Received;
    s.written += v.Written ?? 0;
    s.quarantined += v.Quarantined ?? 0;
    s.filtered += v.Filtered ?? 0;
    s.redactions += v.Redactions ?? 0;
  }

  const accumulators = new Map<string, SummaryAccumulator>();
  const objects = { raw: 0, quarantine: 0, summaries: 0, summariesInRaw: 0, other: 0 };
  for (const key of cli.store.written) {
    const prefix = key.split('/')[0];
    if (prefix === 'raw' || prefix === 'quarantine' || prefix === 'summaries') objects[prefix]++;
    else objects.other++;
    if (prefix !== 'raw' && prefix !== 'quarantine') continue;
    if (prefix === 'raw' && summaryFromMetadata((await cli.store.head?.(key))?.metadata)) objects.summariesInRaw++;
    const object = await cli.store.get(key);
    if (!object) continue;
    for (const line of jsonLines(object.body)) {
      if (prefix === 'raw') {
        const event = line as BronzeEvent;
        const s = sourceFor(event.source);
        s.storedEvents++;
        addCounts(s.redactionsByRule, event.redactions);
        let acc = accumulators.get(event.source);
        if (!acc) accumulators.set(event.source, (acc = new SummaryAccumulator(cli.config.summary.rules)));
        acc.add(event);
      } else {
        const record = line as QuarantineRecord;
        const s = sourceFor(record.source);
        s.storedQuarantined++;
        addCounts(s.redactionsByRule, record.redactions);
        const reason = `${record.stage}: ${record.reason}`;
        s.quarantineReasons[reason] = (s.quarantineReasons[reason] ?? 0) + 1;
      }
    }
  }

  for (const s of bySource.values()) {
    s.accountingOk = s.received === s.written + s.quarantined + s.filtered && s.storedEvents === s.written && s.storedQuarantined === s.quarantined;
    const summary = accumulators.get(s.source)?.result(s.source as Source, 'cli-run');
    if (summary) s.summary = { alerts: summary.alerts, latency_ms_p95: summary.latency_ms_p95, event_count: summary.event_count, window: summary.window };
  }
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  const sources = [...bySource.values()].sort((a, b) => rank(a.source) - rank(b.source) || a.source.localeCompare(b.source));
  return { store: cli.store.location, invocations, failed: invocations.filter((i) => !i.ok).length, sources, objects, keys: cli.store.written };
}
