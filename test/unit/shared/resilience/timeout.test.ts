import { describe, expect, it } from 'vitest';
import { sleep } from '../../../../shared/resilience/sleep.js';
import { deadline, TimeoutError, withTimeout } from '../../../../shared/resilience/timeout.js';

describe('withTimeout', () => {
  it('resolves with the value when the work finishes in time', async () => {
    await expect(withTimeout(1000, 'quick', async () => 42)).resolves.toBe(42);
  });

  it('rejects with a TimeoutError naming the operation, and aborts the signal the work was given', async () => {
    let seen: AbortSignal | undefined;
    const err = await withTimeout(20, 'GET /slow', (signal) => {
      seen = signal;
      return new Promise(() => undefined);
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('GET /slow timed out after 20 ms');
    expect((err as TimeoutError).retryable).toBe(true);
    expect(seen?.aborted).toBe(true);
  });

  it('follows a parent signal that aborts first', async () => {
    const parent = new AbortController();
    const p = withTimeout(10_000, 'op', () => new Promise(() => undefined), parent.signal);
    parent.abort(new Error('caller gave up'));
    await expect(p).rejects.toThrow('caller gave up');
  });
});

describe('deadline', () => {
  it('does not fire after clear', async () => {
    const d = deadline(5, 'op');
    d.clear();
    await sleep(15);
    expect(d.signal.aborted).toBe(false);
  });
});

describe('sleep', () => {
  it('rejects when its signal aborts', async () => {
    const c = new AbortController();
    const p = sleep(10_000, c.signal);
    c.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
