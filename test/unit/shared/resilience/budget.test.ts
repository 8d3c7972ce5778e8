import { describe, expect, it } from 'vitest';
import { BudgetExhaustedError, budgetFrom, budgetedFetch, budgetedSleep, cappedTimeout, remainingMs } from '../../../../shared/resilience/index.js';

describe('the invocation time budget', () => {
  it('ends the remaining time minus the margin from now, keeping at most half of a short invocation for the margin', () => {
    let now = 1_000;
    const clock = () => now;
    expect(budgetFrom(60_000, clock)?.deadline).toBe(1_000 + 55_000);
    expect(budgetFrom(4_000, clock)?.deadline).toBe(1_000 + 2_000);
    expect(budgetFrom(undefined, clock)).toBeUndefined();
    const budget = budgetFrom(60_000, clock)!;
    now += 50_000;
    expect(remainingMs(budget)).toBe(5_000);
    expect(cappedTimeout(10_000, budget)).toBe(5_000);
    now += 10_000;
    expect(remainingMs(budget)).toBe(0);
    expect(remainingMs(undefined)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses a wait that would end past the deadline instead of sleeping it', async () => {
    const waits: number[] = [];
    const sleep = budgetedSleep(async (ms) => void waits.push(ms), { deadline: 60_000, now: () => 2_000 });
    await sleep(1_000);
    await expect(sleep(59_000)).rejects.toBeInstanceOf(BudgetExhaustedError);
    expect(waits).toEqual([1_000]);
  });

  it('does not start a request when no time is left, and aborts one that would outlive the deadline', async () => {
    const started: string[] = [];
    const slow: typeof fetch = (input, init) =>
      new Promise((_, reject) => {
        started.push(String(input));
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      });
    await expect(budgetedFetch(slow, { deadline: 0, now: () => 1 })('http://127.0.0.1/x')).rejects.toBeInstanceOf(BudgetExhaustedError);
    expect(started).toEqual([]);
    const t = Date.now();
    await expect(budgetedFetch(slow, { deadline: t + 30, now: () => Date.now() })('http://127.0.0.1/y')).rejects.toThrow('timed out');
    expect(started).toEqual(['http://127.0.0.1/y']);
  });
});
