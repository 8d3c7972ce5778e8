import { costPerGb, type CostBreakdown } from './cost-model.js';
import type { ColdStartRaw } from './cold-start.js';
import type { ShapeName } from './data/shapes.js';
import type { MemoryRaw } from './memory-child.js';
import type { BenchResults } from './results-schema.js';
import { round, summarize, type Summary } from './stats.js';
import { STAGES, type Stage } from './throughput.js';
import type { ThroughputRaw } from './throughput-child.js';

const MIB = 1024 * 1024;

/** The figures of one shape, derived from its child's raw timings. */
export interface ThroughputFigures {
  shape: ShapeName;
  bytes: number;
  records: number;
  deliveries: number;
  avgRecordBytes: number;
  mbPerS: Summary;
  recordsPerS: Summary;
  baselineMbPerS: Summary;
  /** Median over runs of (pipeline rate / baseline rate on the same slice). */
  pctOfBaseline: number;
  /** The fixed reference pipeline (bench/reference-pipeline.mjs) on the same bytes. */
  referenceMbPerS: Summary;
  /** Median over runs of (pipeline rate / reference rate on the same slice): the goal is ≥ 1. */
  ratioToReference: number;
  /** Parse the input, stringify the pipeline's own output events, gzip them (same slice). */
  outputBaselineMbPerS: Summary;
  /** Median over runs of (pipeline rate / output-aware baseline rate), in %: the goal is ≥ 50. */
  pctOfOutputBaseline: number;
  stageShare: Record<Stage | 'other', number>;
  slowestStage: Stage;
  putsPerInvocation: number;
  avgObjectBytes: number;
  /** Event JSON written per input byte (stage pass). */
  expansion: number;
}

export function throughputFigures(raw: ThroughputRaw): ThroughputFigures {
  const mb = raw.runs.map((r) => r.bytes / MIB / (r.pipelineMs / 1000));
  const base = raw.runs.map((r) => r.bytes / MIB / (r.baselineMs / 1000));
  const recs = raw.runs.map((r) => r.records / (r.pipelineMs / 1000));
  const ratios = raw.runs.map((r) => r.baselineMs / r.pipelineMs);
  const reference = raw.runs.map((r) => r.bytes / MIB / (r.referenceMs / 1000));
  const outputBase = raw.runs.map((r) => r.bytes / MIB / (r.outputBaselineMs / 1000));
  const stageSum = STAGES.reduce((sum, s) => sum + raw.stages[s], 0);
  // Stage times come from slice 0; the pipeline's time on those bytes at its median rate is the
  // whole, and what the stages do not cover is the pipeline's bookkeeping ('other').
  const pipelineMsOnStageSlice = (raw.stageBytes / MIB / summarize(mb).median) * 1000;
  const whole = Math.max(stageSum, pipelineMsOnStageSlice);
  const stageShare = Object.fromEntries([...STAGES.map((s) => [s, round(raw.stages[s] / whole, 3)]), ['other', round((whole - stageSum) / whole, 3)]]) as Record<Stage | 'other', number>;
  const slowestStage = STAGES.reduce((a, b) => (raw.stages[b] > raw.stages[a] ? b : a));
  return {
    shape: raw.shape,
    bytes: raw.bytes,
    records: raw.records,
    deliveries: raw.deliveries,
    avgRecordBytes: raw.bytes / raw.records,
    mbPerS: summarize(mb),
    recordsPerS: summarize(recs),
    baselineMbPerS: summarize(base),
    pctOfBaseline: summarize(ratios).median * 100,
    referenceMbPerS: summarize(reference),
    ratioToReference: summarize(raw.runs.map((r) => r.referenceMs / r.pipelineMs)).median,
    outputBaselineMbPerS: summarize(outputBase),
    pctOfOutputBaseline: summarize(raw.runs.map((r) => r.outputBaselineMs / r.pipelineMs)).median * 100,
    stageShare,
    slowestStage,
    putsPerInvocation: raw.puts / raw.deliveries,
    avgObjectBytes: raw.putBytes / Math.max(1, raw.puts),
    expansion: raw.stageEventBytes / Math.max(1, raw.stageBytes),
  };
}

/** The shapes that run on Lambda (the cost model's subject). */
export const AWS_SHAPES: readonly ShapeName[] = ['cloudwatch-vpcflow', 'cloudwatch-cloudtrail', 's3-ndjson', 's3-alb'];

export function costFigures(figures: ThroughputFigures[]): Array<{ shape: ShapeName; bytesPerInvocation: number; cost: CostBreakdown }> {
  return figures
    .filter((f) => AWS_SHAPES.includes(f.shape))
    .map((f) => {
      const bytesPerInvocation = f.bytes / f.deliveries;
      return { shape: f.shape, bytesPerInvocation, cost: costPerGb({ mbPerS: f.mbPerS.median, bytesPerInvocation, putsPerInvocation: f.putsPerInvocation }) };
    });
}

export interface BenchMeta {
  date: string;
  node: string;
  cpu: string;
}

/** bench/results.json: exactly the shape. cost_per_gb_usd is the worst AWS shape. */
export function toResults(meta: BenchMeta, throughput: ThroughputFigures[], cold: ColdStartRaw[], memory: MemoryRaw[]): BenchResults {
  const costs = costFigures(throughput);
  return {
    date: meta.date,
    node: meta.node,
    cpu: meta.cpu,
    throughput: throughput.map((f) => ({
      shape: f.shape,
      mb_per_s: round(f.mbPerS.median),
      records_per_s: Math.round(f.recordsPerS.median),
      baseline_mb_per_s: round(f.baselineMbPerS.median),
      pct_of_baseline: round(f.pctOfBaseline, 3),
      reference_mb_per_s: round(f.referenceMbPerS.median),
      ratio_to_reference: round(f.ratioToReference, 3),
      output_baseline_mb_per_s: round(f.outputBaselineMbPerS.median),
      pct_of_output_baseline: round(f.pctOfOutputBaseline, 3),
      stage_share: f.stageShare,
    })),
    cold_start: cold.map((c) => ({
      handler: c.handler,
      bundle_bytes: c.bundleBytes,
      import_ms: round(c.importMs.median),
      ref_import_ms: round(c.refImportMs.median),
      ratio: round(c.importMs.median / c.refImportMs.median, 3),
    })),
    memory: memory.map((m) => ({ case: m.case, decompressed_bytes: m.decompressedBytes, peak_heap_bytes: m.peakHeap, peak_rss_bytes: m.peakRss })),
    cost_per_gb_usd: costs.length === 0 ? 0 : round(Math.max(...costs.map((c) => c.cost.totalUsd)), 4),
  };
}
