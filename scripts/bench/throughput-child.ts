/**
 * One shape's throughput measurement, in its own process (fresh heap, pinned to one core by the
 * parent when it can). The data set is cut into `runs` slices of whole deliveries; run i times
 * the physical baseline and then the pipeline on slice i, so every byte is measured once and each
 * ratio compares the same bytes. Stage times come from one more pass over slice 0.
 * Prints one JSON line: see ThroughputRaw.
 *
 *   node --expose-gc --import tsx scripts/bench/throughput-child.ts <shape> <bytes> <runs>
 */
import { generateShape, SHAPES, sliceShape, type ShapeData, type ShapeName } from './data/shapes.js';
import { BENCH_HMAC_KEY, benchConfig } from './deps.js';
import { MemoryStore } from './memory-store.js';
import { baselineRun, outputBaselineRun, pipelineRun, referenceRun, stageRun, writtenEvents, type StageTimes } from './throughput.js';

export interface ThroughputRaw {
  shape: ShapeName;
  bytes: number;
  records: number;
  deliveries: number;
  generateMs: number;
  /** Per run: its slice's record bytes and records, and the two timings. */
  runs: Array<{ bytes: number; records: number; pipelineMs: number; baselineMs: number; referenceMs: number; outputBaselineMs: number }>;
  stageBytes: number;
  /** Event JSON lines written for slice 0 (vs stageBytes: the output's expansion). */
  stageEventBytes: number;
  stages: StageTimes;
  /** Objects written over all runs and their total bytes (the cost model's PUTs). */
  puts: number;
  putBytes: number;
  written: number;
  baselineCompressedBytes: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The first ~tenth of the deliveries: enough to get the hot functions optimised before timing. */
function warmupSlice(data: ShapeData): ShapeData {
  const n = Math.max(1, Math.ceil(data.deliveries.length / 10));
  const share = n / data.deliveries.length;
  const records = data.recordJson.slice(0, Math.ceil(data.recordJson.length * share));
  return { ...data, deliveries: data.deliveries.slice(0, n), recordJson: records };
}

async function main(): Promise<void> {
  const [shapeArg, bytesArg, runsArg] = process.argv.slice(2);
  const shape = SHAPES.find((s) => s === shapeArg);
  const bytes = Number(bytesArg);
  const runs = Number(runsArg);
  if (!shape || !(bytes > 0) || !(runs >= 1)) throw new Error('usage: throughput-child <shape> <bytes> <runs>');
  const { gzip_level: level, gzip_chunk_bytes: chunk } = benchConfig().pipeline;

  const g0 = performance.now();
  const data = generateShape(shape, bytes);
  const generateMs = performance.now() - g0;

  const slices = sliceShape(data, runs);
  const warm = warmupSlice(slices[0]!);
  const warmStore = new MemoryStore();
  await pipelineRun(warm, warmStore);
  baselineRun(warm, level, chunk);
  referenceRun(warm, level, chunk, BENCH_HMAC_KEY);
  outputBaselineRun(warm, writtenEvents(warmStore), level, chunk);

  const out: ThroughputRaw = {
    shape,
    bytes: data.bytes,
    records: 0,
    deliveries: data.deliveries.length,
    generateMs,
    runs: [],
    stageBytes: slices[0]!.bytes,
    stageEventBytes: 0,
    stages: { decode: 0, parse: 0, normalize: 0, redact: 0, validate: 0, aggregate: 0, serialize: 0, compress: 0, write: 0 },
    puts: 0,
    putBytes: 0,
    written: 0,
    baselineCompressedBytes: 0,
  };
  for (const slice of slices) {
    gc();
    const b = baselineRun(slice, level, chunk);
    gc();
    const r = referenceRun(slice, level, chunk, BENCH_HMAC_KEY);
    gc();
    const store = new MemoryStore();
    const p = await pipelineRun(slice, store);
    // The pipeline's own events of this slice, parsed outside the timing, for the output-aware baseline.
    const events = writtenEvents(store);
    gc();
    const o = outputBaselineRun(slice, events, level, chunk);
    out.runs.push({ bytes: slice.bytes, records: p.records, pipelineMs: p.ms, baselineMs: b.ms, referenceMs: r.ms, outputBaselineMs: o.ms });
    out.records += p.records;
    out.written += p.written;
    out.puts += p.puts;
    out.putBytes += p.putBytes;
    out.baselineCompressedBytes += b.compressedBytes;
  }
  gc();
  const staged = await stageRun(slices[0]!);
  out.stages = staged.times;
  out.stageEventBytes = staged.eventBytes;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`throughput-child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
