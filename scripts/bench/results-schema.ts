import * as z from 'zod';

/**
 * bench/results.json, in the shape issue 6 fixes so runs can be compared. Strict: a key the
 * shape does not name is an error (extra figures go to RESULTS.md).
 */
const fraction = z.number().min(0).max(1);
const nonNegative = z.number().nonnegative();

export const ThroughputResult = z.strictObject({
  shape: z.string().min(1),
  mb_per_s: nonNegative,
  records_per_s: nonNegative,
  baseline_mb_per_s: nonNegative,
  pct_of_baseline: nonNegative,
  /** The fixed reference pipeline (bench/reference-pipeline.mjs) on the same bytes (issue 15). */
  reference_mb_per_s: nonNegative,
  ratio_to_reference: nonNegative,
  /** Parse the input + stringify and gzip the pipeline's own output events (issue 15). */
  output_baseline_mb_per_s: nonNegative,
  pct_of_output_baseline: nonNegative,
  stage_share: z.record(z.string(), fraction),
});

export const ColdStartResult = z.strictObject({
  handler: z.string().min(1),
  bundle_bytes: z.number().int().nonnegative(),
  import_ms: nonNegative,
  ref_import_ms: nonNegative,
  ratio: nonNegative,
});

export const MemoryResult = z.strictObject({
  case: z.string().min(1),
  decompressed_bytes: z.number().int().nonnegative(),
  peak_heap_bytes: z.number().int().nonnegative(),
  peak_rss_bytes: z.number().int().nonnegative(),
});

export const BenchResults = z.strictObject({
  date: z.iso.datetime(),
  node: z.string().min(1),
  cpu: z.string().min(1),
  throughput: z.array(ThroughputResult),
  cold_start: z.array(ColdStartResult),
  memory: z.array(MemoryResult),
  cost_per_gb_usd: nonNegative,
});

export type BenchResults = z.infer<typeof BenchResults>;
export type ThroughputResult = z.infer<typeof ThroughputResult>;
export type ColdStartResult = z.infer<typeof ColdStartResult>;
export type MemoryResult = z.infer<typeof MemoryResult>;
