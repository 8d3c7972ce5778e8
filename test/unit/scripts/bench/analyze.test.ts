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
