import { describe, expect, it } from 'vitest';
import { createLimiter, mapWithConcurrency } from '../../../../shared/resilience/concurrency.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('mapWithConcurrency', () => {
  it('never has more than the limit in flight and keeps the input order', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n) => {
      active++;
      peak = Math.max(peak, active);
      for (let i = 0; i < n; i++) await tick();
      active--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('lets every task settle, then rejects with the first error', async () => {
    const done: number[] = [];
    const err = await mapWithConcurrency([1, 2, 3], 3, async (n) => {
      await tick();
      if (n === 2) throw new Error('two');
      done.push(n);
      return n;
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('two');
    expect(done.sort()).toEqual([1, 3]);
  });
});

describe('createLimiter', () => {
  it('reports active and pending tasks', async () => {
    const limiter = createLimiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const second = limiter.run(async () => 'second');
    await tick();
    expect([limiter.active, limiter.pending]).toEqual([1, 1]);
    release();
    await first;
    await expect(second).resolves.toBe('second');
    expect([limiter.active, limiter.pending]).toEqual([0, 0]);
  });

  it('refuses a limit below one', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
