import { describe, expect, it } from 'vitest';
import { throughputFigures, toResults } from '../../../../scripts/bench/analyze.js';
import { cold, meta, memory, MIB, raw } from './raw-fixtures.js';


describe('the throughput figures', () => {
  const f = throughputFigures(raw());

  it('take the median rate over the runs and the pipeline as a share of the baseline on the same bytes', () => {
    expect(f.mbPerS).toEqual({ median: 7.5, min: 5, max: 10, n: 2 });
    expect(f.baselineMbPerS.median).toBe(20);
    expect(f.pctOfBaseline).toBeCloseTo(37.5, 9);
  });

  it('hold the pipeline to the reference pipeline and the output-aware baseline, run by run on the same bytes', () => {
    // Run 1: reference 500 ms vs pipeline 1000 ms (0.5×); run 2: 1000 vs 500 (2×); median of the two.
    expect(f.ratioToReference).toBeCloseTo(1.25, 9);
    expect(f.referenceMbPerS).toEqual({ median: 7.5, min: 5, max: 10, n: 2 });
    expect(f.outputBaselineMbPerS.median).toBeCloseTo(12.5, 9);
    expect(f.pctOfOutputBaseline).toBeCloseTo(60, 9);
  });

  it('give stage shares that add up to one, the remainder as other, and name the slowest stage', () => {
    // The stages sum to 750 ms; the pipeline takes 5 MiB / 7.5 MiB/s = 666.7 ms: no remainder.
    const total = Object.values(f.stageShare).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 2);
    expect(f.stageShare.other).toBe(0);
    expect(f.slowestStage).toBe('redact');
    const slower = throughputFigures(raw({ runs: [{ bytes: 5 * MIB, records: 500, pipelineMs: 1500, baselineMs: 250, referenceMs: 750, outputBaselineMs: 300 }] }));
    expect(slower.stageShare.other).toBeCloseTo(0.5, 3);
  });

  it('count the objects written per invocation and the output per input byte', () => {
    expect(f.putsPerInvocation).toBe(2);
    expect(f.avgObjectBytes).toBe(1024);
    expect(f.expansion).toBe(4);
  });
});
