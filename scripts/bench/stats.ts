/** Summary statistics of repeated measurements (the bench reports median with min and max). */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summary of no samples');
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

/** A rate summary from durations: the median rate is the rate of the median duration; min rate from the max duration. */
export function rateSummary(amount: number, durationsMs: readonly number[]): Summary {
  const d = summarize(durationsMs);
  return { median: amount / (d.median / 1000), min: amount / (d.max / 1000), max: amount / (d.min / 1000), n: d.n };
}

/** Rounds to `digits` significant digits (stable, readable JSON). */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
