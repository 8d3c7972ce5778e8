import { describe, expect, it } from 'vitest';
import { throughputFigures, toResults } from '../../../../scripts/bench/analyze.js';
import type { ColdStartRaw } from '../../../../scripts/bench/cold-start.js';
import type { MemoryRaw } from '../../../../scripts/bench/memory-child.js';
import { BenchResults } from '../../../../scripts/bench/results-schema.js';
import type { ThroughputRaw } from '../../../../scripts/bench/throughput-child.js';

const MIB = 1024 * 1024;

function raw(over: Partial<ThroughputRaw> = {}): ThroughputRaw {
  return {
    shape: 'cloudwatch-vpcflow',
    bytes: 10 * MIB,
    records: 1000,
    deliveries: 10,
    generateMs: 5,
    runs: [
      { bytes: 5 * MIB, records: 500, pipelineMs: 1000, baselineMs: 250 },
      { bytes: 5 * MIB, records: 500, pipelineMs: 500, baselineMs: 250 },
    ],
    stageBytes: 5 * MIB,
    stageEventBytes: 20 * MIB,
    stages: { decode: 50, parse: 50, normalize: 100, redact: 300, validate: 100, aggregate: 0, serialize: 50, compress: 100, write: 0 },
    puts: 20,
    putBytes: 20 * 1024,
    written: 1000,
    baselineCompressedBytes: MIB,
    ...over,
  };
}

const cold: ColdStartRaw = {
  handler: 'aws/cloudwatch-logs',
  bundleBytes: 900_000,
  entryBytes: 300_000,
  importMs: { median: 40, min: 38, max: 45, n: 7 },
  refImportMs: { median: 80, min: 70, max: 90, n: 7 },
};
const memory: MemoryRaw = {
  case: 'cloudwatch-6mb-batch',
  decompressedBytes: 30 * MIB,
  idleHeap: 1,
  idleRss: 1,
  peakHeap: 120 * MIB,
  peakRss: 300 * MIB,
  peakHeapFirstQuarter: 120 * MIB,
  ms: 1,
  received: 1,
  written: 1,
  samples: 1,
};
const meta = { date: '2026-11-25T12:00:00.000Z', node: 'v20.20.2', cpu: 'test cpu' };

describe('results.json', () => {
  it('has exactly the shape the issue fixes', () => {
    const results = toResults(meta, [throughputFigures(raw())], [cold], [memory]);
    expect(BenchResults.parse(results)).toEqual(results);
    expect(Object.keys(results).sort()).toEqual(['cold_start', 'cost_per_gb_usd', 'cpu', 'date', 'memory', 'node', 'throughput']);
    expect(Object.keys(results.throughput[0]!).sort()).toEqual(['baseline_mb_per_s', 'mb_per_s', 'pct_of_baseline', 'records_per_s', 'shape', 'stage_share']);
    expect(results.cold_start[0]).toEqual({ handler: 'aws/cloudwatch-logs', bundle_bytes: 900_000, import_ms: 40, ref_import_ms: 80, ratio: 0.5 });
    expect(results.memory[0]).toEqual({ case: 'cloudwatch-6mb-batch', decompressed_bytes: 30 * MIB, peak_heap_bytes: 120 * MIB, peak_rss_bytes: 300 * MIB });
    expect(results.cost_per_gb_usd).toBeGreaterThan(0);
  });

  it('prices only the shapes that run on Lambda', () => {
    const results = toResults(meta, [throughputFigures(raw({ shape: 'pubsub-logentry' }))], [cold], [memory]);
    expect(results.cost_per_gb_usd).toBe(0);
  });

  it.each([
    ['an extra top-level key', (r: Record<string, unknown>) => ({ ...r, extra: 1 })],
    ['a missing key', (r: Record<string, unknown>) => ({ ...r, cpu: undefined })],
    ['a stage share above one', (r: Record<string, unknown>) => ({ ...r, throughput: [{ ...(r['throughput'] as object[])[0], stage_share: { redact: 1.5 } }] })],
    ['a non-integer bundle size', (r: Record<string, unknown>) => ({ ...r, cold_start: [{ ...(r['cold_start'] as object[])[0], bundle_bytes: 1.5 }] })],
    ['a date that is not ISO', (r: Record<string, unknown>) => ({ ...r, date: 'yesterday' })],
  ])('rejects %s', (_name, mutate) => {
    const results = toResults(meta, [throughputFigures(raw())], [cold], [memory]) as unknown as Record<string, unknown>;
    expect(BenchResults.safeParse(mutate(results)).success).toBe(false);
  });
});
