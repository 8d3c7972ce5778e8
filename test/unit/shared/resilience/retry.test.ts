import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BridgeError, ConfigError, PersistError } from '../../../../shared/errors.js';
import { CircuitOpenError } from '../../../../shared/resilience/circuit-breaker.js';
import { backoffDelay, retry } from '../../../../shared/resilience/retry.js';

class Throttled extends BridgeError {
  override readonly retryable = true;
  constructor(readonly retryAfterMs: number) {
    super('throttled');
  }
}

function failing(errors: unknown[], value = 'ok') {
  let calls = 0;
  const fn = async () => {
    const err = errors[calls++];
    if (err !== undefined) throw err;
    return value;
  };
  return { fn, calls: () => calls };
}

describe('backoffDelay (full jitter)', () => {
  it('stays within [0, min(cap, base·2^(attempt-1))]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 120_000 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, base, cap, r) => {
        const d = backoffDelay(attempt, { baseDelayMs: base, maxDelayMs: cap }, () => r);
        return d >= 0 && d <= Math.min(cap, base * 2 ** (attempt - 1));
      }),
    );
  });

  it.each([
    [1, 250],
    [2, 500],
    [3, 1000],
    [10, 15_000],
  ])('with random 0.5 and base 500 ms / cap 30 s, attempt %i waits %i ms', (attempt, expected) => {
    expect(backoffDelay(attempt, { baseDelayMs: 500, maxDelayMs: 30_000 }, () => 0.5)).toBe(expected);
  });
});

describe('retry', () => {
  const fast = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };
  let sleeps: number[] = [];

  it('retries retryable errors until one attempt succeeds', async () => {
    sleeps = [];
    const f = failing([new PersistError('a'), new PersistError('b')]);
    await expect(retry(f.fn, { ...fast, maxAttempts: 4 })).resolves.toBe('ok');
    expect(f.calls()).toBe(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    sleeps = [];
    const last = new PersistError('third');
    const f = failing([new PersistError('1'), new PersistError('2'), last]);
    await expect(retry(f.fn, { ...fast, maxAttempts: 3 })).rejects.toBe(last);
    expect(f.calls()).toBe(3);
  });

  it.each([
    ['a permanent error', new ConfigError('bad')],
    ['an open circuit', new CircuitOpenError('open')],
  ])('does not retry %s', async (_name, err) => {
    sleeps = [];
    const f = failing([err]);
    await expect(retry(f.fn, fast)).rejects.toBe(err);
    expect(f.calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('waits at least the Retry-After the error carries', async () => {
    sleeps = [];
    const f = failing([new Throttled(7000)]);
    await retry(f.fn, fast);
    expect(sleeps).toEqual([7000]);
  });

  it('throws at once when the server asks for a wait beyond maxRetryAfterMs', async () => {
    sleeps = [];
    const err = new Throttled(600_000);
    const f = failing([err]);
    await expect(retry(f.fn, { ...fast, maxRetryAfterMs: 60_000 })).rejects.toBe(err);
    expect(sleeps).toEqual([]);
  });

  it('reports each retry', async () => {
    const seen: number[] = [];
    const f = failing([new PersistError('x')]);
    await retry(f.fn, { ...fast, onRetry: (e) => seen.push(e.attempt) });
    expect(seen).toEqual([1]);
  });

  it('treats errors outside the family as retryable (a network TypeError)', async () => {
    const f = failing([new TypeError('fetch failed')]);
    await expect(retry(f.fn, fast)).resolves.toBe('ok');
  });
});
