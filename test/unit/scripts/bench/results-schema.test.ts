import { describe, expect, it } from 'vitest';
import { throughputFigures, toResults } from '../../../../scripts/bench/analyze.js';
import { BenchResults } from '../../../../scripts/bench/results-schema.js';
import { cold, meta, memory, MIB, raw } from './raw-fixtures.js';


describe('results.json', () => {
  it('has exactly the shape the issue fixes', () => {
    const results = toResults(meta, [throughputFigures(raw())], [cold], [memory]);
    expect(BenchResults.parse(results)).toEqual(results);
    expect(Object.keys(results).sort()).toEqual(['cold_start', 'cost_per_gb_usd', 'cpu', 'date', 'memory', 'node', 'throughput']);
    expect(Object.keys(results.throughput[0]!).sort()).toEqual(['baseline_mb_per_s', 'mb_per_s', 'output_baseline_mb_per_s', 'pct_of_baseline', 'pct_of_output_baseline', 'ratio_to_reference', 'records_per_s', 'reference_mb_per_s', 'shape', 'stage_share']);
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
