import { gunzipSync, gzipSync } from 'node:zlib';
import { referencePipeline } from '../../bench/reference-pipeline.mjs';
import { SummaryAccumulator } from '../../shared/aggregate/summary.js';
import { CATALOGUE } from '../../shared/catalogue/index.js';
import { deliveryContextOf } from '../../shared/catalogue/delivery-context.js';
import type { LogType } from '../../shared/catalogue/types.js';
import type { ParsedRecord } from '../../shared/parse/types.js';
import { decodeDelivery, decodeLimits, ingest, rawKey, summaryMetadata } from '../../shared/pipeline/index.js';
import type { BronzeEvent, BronzeEventDraft } from '../../shared/schema/index.js';
import type { ShapeData } from './data/shapes.js';
import { benchDeps } from './deps.js';
import { MemoryStore } from './memory-store.js';

/** One timed pass of the real pipeline over every delivery (fresh deps: a fresh redactor memo each run). */
export async function pipelineRun(data: ShapeData, store = new MemoryStore()): Promise<{ ms: number; records: number; puts: number; putBytes: number; written: number }> {
  const deps = benchDeps(store);
  let records = 0;
  let written = 0;
  const t0 = performance.now();
  for (const delivery of data.deliveries) {
    const result = await ingest(delivery, deps);
    records += result.received;
    written += result.written;
  }
  const ms = performance.now() - t0;
  return { ms, records, written, puts: store.puts.length, putBytes: store.bytesWritten };
}

/** Lines gzipped in members of `chunkBytes` (as the pipeline cuts them); returns the compressed size. */
class GzipMembers {
  private pending: string[] = [];
  private pendingBytes = 0;
  compressedBytes = 0;
  constructor(private readonly level: number, private readonly chunkBytes: number) {}

  push(line: string): void {
    this.pending.push(line);
    this.pendingBytes += line.length + 1;
    if (this.pendingBytes >= this.chunkBytes) this.flush();
  }

  flush(): number {
    if (this.pending.length > 0) this.compressedBytes += gzipSync(`${this.pending.join('\n')}\n`, { level: this.level }).length;
    this.pending = [];
    this.pendingBytes = 0;
    return this.compressedBytes;
  }
}

/**
 * The physical baseline on the same bytes: JSON.parse of each record, JSON.stringify, gzip at the
 * pipeline's level in chunks of the pipeline's chunk size. Nothing a forwarder could skip.
 */
export function baselineRun(data: ShapeData, gzipLevel: number, chunkBytes: number): { ms: number; compressedBytes: number } {
  const t0 = performance.now();
  const out = new GzipMembers(gzipLevel, chunkBytes);
  for (const text of data.recordJson) out.push(JSON.stringify(JSON.parse(text)));
  const compressedBytes = out.flush();
  return { ms: performance.now() - t0, compressedBytes };
}

/**
 * The reference pipeline (bench/reference-pipeline.mjs, fixed) on the same record bytes: what a
 * user might write instead of the bridge. Its key is the bench key, its gzip settings ours.
 */
export function referenceRun(data: ShapeData, gzipLevel: number, chunkBytes: number, key: string): { ms: number; compressedBytes: number } {
  const t0 = performance.now();
  const out = referencePipeline(data.recordJson, { key, level: gzipLevel, memberBytes: chunkBytes });
  return { ms: performance.now() - t0, compressedBytes: out.length };
}

/** The events the pipeline wrote to raw/ (decompressed, parsed): the output-aware baseline's subject. */
export function writtenEvents(store: MemoryStore): unknown[] {
  const events: unknown[] = [];
  for (const [key, body] of store.objects) {
    if (!key.startsWith('raw/')) continue;
    for (const line of gunzipSync(body).toString('utf8').split('\n')) if (line !== '') events.push(JSON.parse(line));
  }
  return events;
}

/**
 * The output-aware baseline: JSON.parse of each input record (as the physical baseline), then
 * JSON.stringify of the pipeline's own output events and gzip of those lines in the pipeline's
 * members. What is left between it and the pipeline is our logic, not the event's size.
 */
export function outputBaselineRun(data: ShapeData, events: readonly unknown[], gzipLevel: number, chunkBytes: number): { ms: number; compressedBytes: number } {
  const t0 = performance.now();
  for (const text of data.recordJson) JSON.parse(text);
  const out = new GzipMembers(gzipLevel, chunkBytes);
  for (const event of events) out.push(JSON.stringify(event));
  const compressedBytes = out.flush();
  return { ms: performance.now() - t0, compressedBytes };
}

export const STAGES = ['decode', 'parse', 'normalize', 'redact', 'validate', 'aggregate', 'serialize', 'compress', 'write'] as const;
export type Stage = (typeof STAGES)[number];
export type StageTimes = Record<Stage, number>;

/**
 * Time per stage: each stage's exported function run over the same data, one stage after the
 * other per delivery (no instrumentation inside the pipeline). Mirrors BatchWriter's steps:
 * redaction of everything but the envelope, registry validation, one JSON line per event,
 * gzip members of `gzip_chunk_bytes`, one put per object. Also counts the event JSON written
 * (its size against the input's says how much more the later stages have to chew).
 */
export async function stageRun(data: ShapeData): Promise<{ times: StageTimes; eventBytes: number }> {
  const store = new MemoryStore();
  const deps = benchDeps(store);
  const limits = decodeLimits(deps);
  const { gzip_level: level, gzip_chunk_bytes: chunkBytes } = deps.config.pipeline;
  const ingestedAt = new Date(deps.clock()).toISOString();
  const times: StageTimes = { decode: 0, parse: 0, normalize: 0, redact: 0, validate: 0, aggregate: 0, serialize: 0, compress: 0, write: 0 };
  let t = performance.now();
  const lap = (stage: Stage): void => {
    const now = performance.now();
    times[stage] += now - t;
    t = now;
  };
  let n = 0;
  let eventBytes = 0;
  for (const delivery of data.deliveries) {
    t = performance.now();
    const batch = decodeDelivery(delivery, limits);
    lap('decode');
    // Route once per delivery, then recognise + parse each record (the catalogue's path).
    const ctx = deliveryContextOf(batch, deps.config.pipeline.log_formats);
    const route = CATALOGUE.route(ctx);
    const parsed: Array<{ parsed: ParsedRecord; index: number; type: LogType }> = [];
    batch.records.forEach((record, index) => {
      const type = CATALOGUE.recognise(record, route, ctx);
      const p = type.parse(record, ctx);
      if (p.ok) parsed.push({ parsed: p.parsed, index, type });
    });
    lap('parse');
    const drafts: BronzeEventDraft[] = [];
    for (const p of parsed) {
      const r = p.type.normalize(p.parsed, { source: batch.source, ingestedAt, record: batch.records[p.index]! });
      if (r.ok) drafts.push(r.event);
    }
    lap('normalize');
    const events: BronzeEvent[] = drafts.map((draft) => {
      const { schema_version, event_id, source, source_type, timestamp, ingested_at, severity, raw_data, ...content } = draft;
      const redacted = deps.redactor.redactValue(content);
      const raw = deps.redactor.redactRaw(raw_data);
      const all = { ...redacted.counts, ...raw.counts };
      const counts = Object.keys(all).length > 0 ? { redactions: all } : {};
      return { schema_version, event_id, source, source_type, timestamp, ingested_at, severity, ...redacted.value, raw_data: raw.value, ...counts } as BronzeEvent;
    });
    lap('redact');
    const valid = events.filter((e) => deps.registry.validateEvent(e).ok);
    lap('validate');
    const summary = new SummaryAccumulator(deps.config.summary.rules);
    for (const e of valid) summary.add(e);
    // As the writer does (pipeline.summary_objects: metadata): the summary rides on the raw/ object.
    const result = summary.result(batch.source, 'bench');
    const metadata = result ? summaryMetadata(result) : undefined;
    lap('aggregate');
    const lines = valid.map((e) => JSON.stringify(e));
    lap('serialize');
    for (const line of lines) eventBytes += line.length + 1;
    const members: Buffer[] = [];
    let from = 0;
    let bytes = 0;
    for (let i = 0; i <= lines.length; i++) {
      if (i === lines.length ? i > from : bytes >= chunkBytes) {
        members.push(gzipSync(`${lines.slice(from, i).join('\n')}\n`, { level }));
        from = i;
        bytes = 0;
      }
      if (i < lines.length) bytes += lines[i]!.length + 1;
    }
    const body = Buffer.concat(members);
    lap('compress');
    const first = valid[0]?.timestamp ?? ingestedAt;
    await store.put(rawKey(batch.source, first, `bench-${n++}`), body, { contentType: 'application/x-ndjson', contentEncoding: 'gzip', ...(metadata ? { metadata } : {}) });
    if (result && !metadata) await store.put(`summaries/bench-${n}.json`, JSON.stringify(result), { contentType: 'application/json' });
    lap('write');
  }
  return { times, eventBytes };
}
