import type { ColdStartRaw } from '../../../../scripts/bench/cold-start.js';
import type { MemoryRaw } from '../../../../scripts/bench/memory-child.js';
import type { ThroughputRaw } from '../../../../scripts/bench/throughput-child.js';

/** Raw bench measurements the analysis and results-schema tests share. */
export const MIB = 1024 * 1024;

export function raw(over: Partial<ThroughputRaw> = {}): ThroughputRaw {
  return {
    shape: 'cloudwatch-vpcflow',
    bytes: 10 * MIB,
    records: 1000,
    deliveries: 10,
    generateMs: 5,
    runs: [
      { bytes: 5 * MIB, records: 500, pipelineMs: 1000, baselineMs: 250, referenceMs: 500, outputBaselineMs: 400 },
      { bytes: 5 * MIB, records: 500, pipelineMs: 500, baselineMs: 250, referenceMs: 1000, outputBaselineMs: 400 },
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

export const cold: ColdStartRaw = {
  handler: 'aws/cloudwatch-logs',
  bundleBytes: 900_000,
  entryBytes: 300_000,
  importMs: { median: 40, min: 38, max: 45, n: 7 },
  refImportMs: { median: 80, min: 70, max: 90, n: 7 },
};
export const memory: MemoryRaw = {
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
export const meta = { date: '2026-11-25T12:00:00.000Z', node: 'v20.20.2', cpu: 'test cpu' };
