import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../../shared/resilience/token-bucket.js';

describe('TokenBucket', () => {
  it('allows a burst, then waits for refills at the sustained rate', async () => {
    let now = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 4, clock: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms)) });
    await bucket.take();
    await bucket.take();
    expect(waits).toEqual([]);
    await bucket.take();
    await bucket.take();
    expect(waits).toEqual([250, 250]);
  });

  it('refills with elapsed time up to capacity', () => {
    let now = 0;
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 1, clock: () => now });
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
    now += 10_000;
    expect(bucket.available()).toBe(3);
  });

  it('still ends when an injected sleep does not move the clock', async () => {
    const waits: number[] = [];
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 10, clock: () => 0, sleep: async (ms) => void waits.push(ms) });
    await bucket.take();
    await bucket.take();
    await bucket.take();
    expect(waits).toEqual([100, 100]);
  });

  it('serves waiters in call order', async () => {
    let now = 0;
    const order: number[] = [];
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1, clock: () => now, sleep: async (ms) => void (now += ms) });
    await Promise.all([1, 2, 3].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([1, 2, 3]);
  });

  it('rejects a capacity or rate that cannot work', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});
