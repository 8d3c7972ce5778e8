import { gzipSync } from 'node:zlib';
import { SummaryAccumulator } from '../aggregate/summary.js';
import { describeError, PersistError } from '../errors.js';
import { egress } from '../redact/egress.js';
import type { RedactionCounts } from '../redact/types.js';
import type { BronzeEvent, BronzeEventDraft, QuarantineRecord, QuarantineStage, Source } from '../schema/index.js';
import { SEVERITIES } from '../schema/index.js';
import { partitionOf, quarantineKey, rawKey, summaryKey } from './keys.js';
import { summaryMetadata } from './summary-metadata.js';
import type { BatchResult, PipelineDeps } from './types.js';

/** A raw/ object rolls to a new part past this many compressed bytes, so no object grows unbounded. */
const MAX_OBJECT_BYTES = 64 * 1024 * 1024;
/** Quarantined text kept per record (after redaction). */
const MAX_QUARANTINE_TEXT = 64 * 1024;

/**
 * Gzipped JSONL built in chunks: each chunk is one gzip member (a multi-member gzip file is valid
 * gzip). Lines are written straight into a growing byte buffer (off the JS heap) instead of kept
 * as strings and joined: one copy instead of three, and no line outlives its event on the heap.
 */
class GzipJsonl {
  private buffer: Buffer | undefined;
  private used = 0;
  /** UTF-16 units pending (line length + 1 per line): decides the member boundaries. */
  private pendingUnits = 0;
  readonly members: Buffer[] = [];
  compressedBytes = 0;
  lines = 0;
  constructor(private readonly chunkBytes: number, private readonly level: number) {}

  push(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; +1 for the newline.
    const room = line.length * 3 + 1;
    if (this.buffer === undefined || this.buffer.length - this.used < room) this.grow(room);
    const buffer = this.buffer!;
    this.used += buffer.write(line, this.used, 'utf8');
    buffer[this.used++] = 10;
    this.pendingUnits += line.length + 1;
    this.lines++;
    if (this.pendingUnits >= this.chunkBytes) this.flush();
  }

  flush(): void {
    if (this.pendingUnits === 0 || this.buffer === undefined) return;
    const member = gzipSync(this.buffer.subarray(0, this.used), { level: this.level });
    this.members.push(member);
    this.compressedBytes += member.length;
    this.used = 0;
    this.pendingUnits = 0;
  }

  body(): Buffer {
    this.flush();
    this.buffer = undefined;
    return Buffer.concat(this.members);
  }

  private grow(room: number): void {
    let size = this.buffer?.length ?? 8192;
    while (size - this.used < room) size *= 2;
    const next = Buffer.allocUnsafe(size);
    if (this.buffer !== undefined) this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}

interface Partition {
  firstEventTime: string;
  part: number;
  out: GzipJsonl;
}

/** The envelope: kept as the normalizer set it (redaction covers the rest, raw_data by its structure). */
const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['schema_version', 'event_id', 'source', 'source_type', 'timestamp', 'ingested_at', 'severity', 'raw_data']);

const SEVERITY_RANK: Record<string, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, SEVERITIES.length - i]));

export interface BatchWriterOptions {
  source: Source;
  batchKey: string;
  /** The delivery's own time (ms); falls back to the clock. Quarantine and summary partitions use it. */
  deliveryTime?: number;
}

/**
 * Takes a batch's events and rejects one at a time, keeps the accounting, and writes raw/ and
 * quarantine/ objects at the end, the summary in a raw/ object's metadata (or a summaries/ object:
 * pipeline.summary_objects). Redaction runs before anything is buffered.
 */
export class BatchWriter {
  private readonly partitions = new Map<string, Partition>();
  private readonly quarantined: GzipJsonl;
  private readonly summary: SummaryAccumulator;
  private readonly redactions: RedactionCounts = {};
  private readonly reasons: Record<string, number> = {};
  private readonly ingestedAt: string;
  private readonly deliveryIso: string;
  private readonly finished: Array<{ key: string; body: Buffer }> = [];
  private counts = { received: 0, written: 0, quarantined: 0, filtered: 0 };
  private formatLines = 0;

  constructor(private readonly options: BatchWriterOptions, private readonly deps: PipelineDeps) {
    const { pipeline } = deps.config;
    this.quarantined = new GzipJsonl(pipeline.gzip_chunk_bytes, pipeline.gzip_level);
    this.summary = new SummaryAccumulator(deps.config.summary.rules);
    this.ingestedAt = new Date(deps.clock()).toISOString();
    this.deliveryIso = new Date(options.deliveryTime ?? deps.clock()).toISOString();
  }

  /** RFC 3339 UTC ms of this batch's arrival, for normalizers. */
  get ingestedAtIso(): string {
    return this.ingestedAt;
  }

  /** Counts a delivery item that is not an event (CloudWatch CONTROL_MESSAGE). */
  acknowledge(count = 1): void {
    this.counts.received += count;
    this.counts.filtered += count;
  }

  /** Header / comment lines the decoder read as format information: reported, not records. */
  noteFormatLines(count: number): void {
    this.formatLines += count;
  }

  /** Keeps a record that cannot become an event, its text redacted and truncated. */
  quarantine(path: string, stage: QuarantineStage, reason: string, text: string): void {
    this.counts.received++;
    this.counts.quarantined++;
    // A reason may quote the record (`unparseable timestamp "token=…"`): it is redacted like the text.
    reason = egress(this.deps.redactor, reason);
    const key = `${stage}: ${reason.replace(/\d+/g, 'N').slice(0, 120)}`;
    this.reasons[key] = (this.reasons[key] ?? 0) + 1;
    const clipped = text.length > MAX_QUARANTINE_TEXT ? text.slice(0, MAX_QUARANTINE_TEXT) : text;
    let rawText: string;
    let counts: RedactionCounts = {};
    try {
      const redacted = this.deps.redactor.redactText(clipped);
      rawText = redacted.value;
      counts = redacted.counts;
    } catch {
      rawText = '[REDACTED:unredactable]';
    }
    this.addCounts(counts);
    const record: QuarantineRecord = {
      schema_version: '1.0',
      batch_key: this.options.batchKey,
      source: this.options.source,
      path,
      stage,
      reason,
      quarantined_at: this.ingestedAt,
      raw_text: rawText,
      truncated: clipped.length < text.length,
      ...(Object.keys(counts).length > 0 ? { redactions: counts } : {}),
    };
    this.quarantined.push(JSON.stringify(record));
  }

  /** Filters, redacts, validates and buffers one normalized event. */
  accept(draft: BronzeEventDraft, path: string, originalText: () => string): 'written' | 'filtered' | 'quarantined' {
    const { filters } = this.deps.config.pipeline;
    if (
      filters.drop_source_types.includes(draft.source_type) ||
      (filters.min_severity !== undefined && (SEVERITY_RANK[draft.severity] ?? 0) < SEVERITY_RANK[filters.min_severity]!)
    ) {
      this.counts.received++;
      this.counts.filtered++;
      return 'filtered';
    }
    let event: BronzeEvent;
    try {
      event = this.redact(draft);
    } catch (err) {
      this.quarantine(path, 'redact', `redaction failed: ${describeError(err).message}`, originalText());
      return 'quarantined';
    }
    const valid = this.deps.registry.validateEvent(event);
    if (!valid.ok) {
      const first = valid.issues[0]!;
      this.quarantine(path, 'validate', `${path}${first.path ? ` → ${first.path}` : ''}: ${first.message}`, originalText());
      return 'quarantined';
    }
    this.counts.received++;
    this.counts.written++;
    this.summary.add(event);
    this.partitionFor(event).out.push(JSON.stringify(event));
    return 'written';
  }

  /** Writes every object; throws PersistError (retryable) when any write fails. */
  async finish(): Promise<BatchResult> {
    const { store } = this.deps;
    const objects: string[] = [...this.finished.map((f) => f.key)];
    const writes: Array<{ key: string; body: Buffer; contentType: string; metadata?: Record<string, string> }> = this.finished.map((f) => ({
      ...f,
      contentType: 'application/x-ndjson',
    }));
    this.finished.length = 0;
    for (const [, partition] of this.partitions) {
      const key = rawKey(this.options.source, partition.firstEventTime, this.options.batchKey, partition.part);
      writes.push({ key, body: partition.out.body(), contentType: 'application/x-ndjson' });
      objects.push(key);
    }
    if (this.quarantined.lines > 0) {
      const key = quarantineKey(this.deliveryIso, this.options.batchKey);
      writes.push({ key, body: this.quarantined.body(), contentType: 'application/x-ndjson' });
      objects.push(key);
    }
    const summary = this.summary.result(this.options.source, this.options.batchKey);
    // One object per invocation: the summary rides in the metadata of the raw/ object of its window's
    // end (same dt= as its summaries/ key would have), else the first; its own object when it cannot.
    const metadata = summary && this.deps.config.pipeline.summary_objects === 'metadata' ? summaryMetadata(summary) : undefined;
    const carrier = metadata && summary && (writes.find((w) => w.key === rawKey(this.options.source, summary.window.end, this.options.batchKey)) ?? writes.find((w) => w.key.startsWith('raw/')));
    if (carrier) carrier.metadata = metadata;
    else if (summary) {
      const key = summaryKey(summary.window.end, this.options.batchKey);
      writes.push({ key, body: Buffer.from(JSON.stringify(summary)), contentType: 'application/json' });
      objects.push(key);
    }
    for (const w of writes) {
      try {
        await store.put(w.key, w.body, { contentType: w.contentType, ...(w.key.endsWith('.gz') ? { contentEncoding: 'gzip' } : {}), ...(w.metadata ? { metadata: w.metadata } : {}) });
      } catch (cause) {
        throw cause instanceof PersistError ? cause : new PersistError(`cannot write ${w.key}`, { cause, context: { key: w.key } });
      }
    }
    const c = this.counts;
    if (c.received !== c.written + c.quarantined + c.filtered) {
      throw new PersistError('accounting does not add up', { context: { ...c } });
    }
    return {
      batchKey: this.options.batchKey,
      source: this.options.source,
      ...c,
      redactions: this.redactions,
      objects,
      ...(summary ? { summary } : {}),
      ...(this.formatLines > 0 ? { formatLines: this.formatLines } : {}),
      quarantineReasons: this.reasons,
    };
  }

  private redact(draft: BronzeEventDraft): BronzeEvent {
    // Titles, descriptions, resource, asset and attributes by their fields; raw_data through its
    // structure. Built field by field, not by rest/spread: on V8 12 a spread onto a literal with
    // properties takes a slow path, and this runs once per event (issue 15).
    const content: Record<string, unknown> = {};
    for (const key in draft) {
      if (!ENVELOPE_KEYS.has(key)) content[key] = (draft as unknown as Record<string, unknown>)[key];
    }
    const redacted = this.deps.redactor.redactValue(content);
    const raw = this.deps.redactor.redactRaw(draft.raw_data);
    const counts = mergeCounts(redacted.counts, raw.counts);
    this.addCounts(counts);
    const event: Record<string, unknown> = {
      schema_version: draft.schema_version,
      event_id: draft.event_id,
      source: draft.source,
      source_type: draft.source_type,
      timestamp: draft.timestamp,
      ingested_at: draft.ingested_at,
      severity: draft.severity,
    };
    const value = redacted.value;
    for (const key in value) {
      if (key === '__proto__') Object.defineProperty(event, key, { value: value[key], enumerable: true, writable: true, configurable: true });
      else event[key] = value[key];
    }
    event.raw_data = raw.value;
    for (const _ in counts) {
      event.redactions = counts;
      break;
    }
    return event as unknown as BronzeEvent;
  }

  private addCounts(counts: RedactionCounts): void {
    for (const [rule, n] of Object.entries(counts)) this.redactions[rule] = (this.redactions[rule] ?? 0) + n;
  }

  private partitionFor(event: BronzeEvent): Partition {
    const id = partitionOf(event.source, event.timestamp);
    let p = this.partitions.get(id);
    if (p && p.out.compressedBytes >= MAX_OBJECT_BYTES) {
      const key = rawKey(this.options.source, p.firstEventTime, this.options.batchKey, p.part);
      this.finished.push({ key, body: p.out.body() });
      p = { firstEventTime: p.firstEventTime, part: p.part + 1, out: this.newOut() };
      this.partitions.set(id, p);
    }
    if (!p) {
      p = { firstEventTime: event.timestamp, part: 0, out: this.newOut() };
      this.partitions.set(id, p);
    }
    return p;
  }

  private newOut(): GzipJsonl {
    return new GzipJsonl(this.deps.config.pipeline.gzip_chunk_bytes, this.deps.config.pipeline.gzip_level);
  }
}

function mergeCounts(a: RedactionCounts, b: RedactionCounts): RedactionCounts {
  let out = a;
  for (const rule in b) {
    if (out === a) out = { ...a };
    out[rule] = (out[rule] ?? 0) + b[rule]!;
  }
  return out;
}

/** The text of a record for quarantine: its JSON, or a marker when it cannot be serialised. */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '[unserializable]';
  }
}
