import { describe, expect, it } from 'vitest';
import { costPerGb, LAMBDA_MEMORY_MB, PRICES, PRICES_AS_OF } from '../../../../scripts/bench/cost-model.js';

describe('the Lambda cost model', () => {
  it('records the list prices it uses with their date', () => {
    expect(PRICES.lambdaArmPerGbSecond).toBe(0.0000133334);
    expect(PRICES.s3PerPut).toBeCloseTo(0.000005, 12);
    expect(PRICES.cloudWatchLogsIngestPerGb).toBe(0.5);
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(LAMBDA_MEMORY_MB).toBe(1769);
  });

  it('charges compute for the seconds one GiB takes at the measured rate, at 1,769 MB', () => {
    // 1024 MiB at 10 MiB/s = 102.4 s; × 1769/1024 GB = 176.9 GB-s.
    const cost = costPerGb({ mbPerS: 10, bytesPerInvocation: 1024 ** 3, putsPerInvocation: 0 });
    expect(cost.computeSecondsPerGb).toBeCloseTo(102.4, 9);
    expect(cost.gbSecondsPerGb).toBeCloseTo(176.9, 9);
    expect(cost.computeUsd).toBeCloseTo(176.9 * 0.0000133334, 12);
    expect(cost.invocationsPerGb).toBe(1);
    expect(cost.putsUsd).toBe(0);
  });

  it('adds a request and the PUTs of every invocation: small invocations cost more than compute', () => {
    // 1 KiB per invocation → 1,048,576 invocations per GiB, each writing 2 objects.
    const cost = costPerGb({ mbPerS: 1000, bytesPerInvocation: 1024, putsPerInvocation: 2 });
    expect(cost.invocationsPerGb).toBe(1024 ** 2);
    expect(cost.requestsUsd).toBeCloseTo(1024 ** 2 * 0.0000002, 9);
    expect(cost.putsUsd).toBeCloseTo(1024 ** 2 * 2 * 0.000005, 9);
    expect(cost.putsUsd).toBeGreaterThan(cost.computeUsd);
    expect(cost.totalUsd).toBeCloseTo(cost.computeUsd + cost.requestsUsd + cost.putsUsd, 12);
  });

  it('refuses a zero throughput', () => {
    expect(() => costPerGb({ mbPerS: 0, bytesPerInvocation: 1, putsPerInvocation: 0 })).toThrow(RangeError);
  });
});
