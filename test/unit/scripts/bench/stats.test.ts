import { describe, expect, it } from 'vitest';
import { median, rateSummary, round, summarize } from '../../../../scripts/bench/stats.js';

describe('bench statistics', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1, 1000, 10], 10],
  ])('the median of %j is %d', (samples, expected) => {
    expect(median(samples)).toBe(expected);
  });

  it('does not reorder the samples it is given', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('summarises median, min, max and count', () => {
    expect(summarize([7, 2, 9, 4, 5])).toEqual({ median: 5, min: 2, max: 9, n: 5 });
  });

  it('refuses to summarise no samples', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => median([])).toThrow(RangeError);
  });

  it('turns durations into rates, the slowest run giving the minimum rate', () => {
    expect(rateSummary(10, [1000, 2000, 500])).toEqual({ median: 10, min: 5, max: 20, n: 3 });
  });

  it('rounds to significant digits', () => {
    expect(round(12.34567, 3)).toBe(12.3);
    expect(round(0.000123456, 2)).toBe(0.00012);
    expect(round(0)).toBe(0);
  });
});
