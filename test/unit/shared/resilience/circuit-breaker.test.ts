import { describe, expect, it } from 'vitest';
import { CircuitBreaker, CircuitOpenError, type CircuitState } from '../../../../shared/resilience/circuit-breaker.js';

function setup(isFailure?: (err: unknown) => boolean) {
  let now = 0;
  const changes: Array<[CircuitState, CircuitState]> = [];
  const breaker = new CircuitBreaker({
    name: 'vendor',
    failureThreshold: 3,
    resetAfterMs: 1000,
    clock: () => now,
    onStateChange: (from, to) => changes.push([from, to]),
    ...(isFailure ? { isFailure } : {}),
  });
  const fail = () => breaker.execute(async () => Promise.reject(new Error('boom'))).catch((e: unknown) => e);
  const succeed = () => breaker.execute(async () => 'ok');
  return { breaker, fail, succeed, changes, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and then fails fast without calling', async () => {
    const { breaker, fail, changes } = setup();
    await fail();
    await fail();
    expect(breaker.state).toBe('closed');
    await fail();
    expect(breaker.state).toBe('open');
    let called = false;
    const err = await breaker.execute(async () => (called = true)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect((err as Error).message).toBe('vendor: circuit open after 3 consecutive failures');
    expect(called).toBe(false);
    expect(changes).toEqual([['closed', 'open']]);
  });

  it('a success resets the count of consecutive failures', async () => {
    const { breaker, fail, succeed } = setup();
    await fail();
    await fail();
    await succeed();
    await fail();
    await fail();
    expect(breaker.state).toBe('closed');
  });

  it('lets one trial through after the reset time: success closes, failure reopens', async () => {
    const { breaker, fail, succeed, advance, changes } = setup();
    for (let i = 0; i < 3; i++) await fail();
    advance(1000);
    expect(breaker.state).toBe('half_open');
    await fail();
    expect(breaker.state).toBe('open');
    advance(1000);
    await expect(succeed()).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half_open'],
      ['half_open', 'open'],
      ['open', 'half_open'],
      ['half_open', 'closed'],
    ]);
  });

  it('ignores errors that are not failures of the dependency', async () => {
    const { breaker, fail } = setup(() => false);
    for (let i = 0; i < 5; i++) await fail();
    expect(breaker.state).toBe('closed');
  });
});
