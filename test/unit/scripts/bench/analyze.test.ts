import { describe, expect, it } from 'vitest';
import { throughputFigures, toResults } from '../../../../scripts/bench/analyze.js';
import type { ColdStartRaw } from '../../../../scripts/bench/cold-start.js';
import type { MemoryRaw } from '../../../../scripts/bench/memory-child.js';
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

describe('the throughput figures', () => {
  const f = throughputFigures(raw());

  it('take the median rate over the runs and the pipeline as a share of the baseline on the same bytes', () => {
    expect(f.mbPerS).toEqual({ median: 7.5, min: 5, max: 10, n: 2 });
    expect(f.baselineMbPerS.median).toBe(20);
    expect(f.pctOfBaseline).toBeCloseTo(37.5, 9);
  });

  it('give stage shares that add up to one, the remainder as other, and name the slowest stage', () => {
    // The stages sum to 750 ms; the pipeline takes 5 MiB / 7.5 MiB/s = 666.7 ms: no remainder.
    const total = Object.values(f.stageShare).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 2);
    expect(f.stageShare.other).toBe(0);
    expect(f.slowestStage).toBe('redact');
    const slower = throughputFigures(raw({ runs: [{ bytes: 5 * MIB, records: 500, pipelineMs: 1500, baselineMs: 250 }] }));
    expect(slower.stageShare.other).toBeCloseTo(0.5, 3);
  });

  it('count the objects written per invocation and the output per input byte', () => {
    expect(f.putsPerInvocation).toBe(2);
    expect(f.avgObjectBytes).toBe(1024);
    expect(f.expansion).toBe(4);
  });
});
