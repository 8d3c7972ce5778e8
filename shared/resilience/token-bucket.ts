import { sleep as defaultSleep, type Sleep } from './sleep.js';

export interface TokenBucketOptions {
  /** Most tokens held at once: the burst. */
  capacity: number;
  /** Tokens added per second: the sustained rate. */
  refillPerSecond: number;
  clock?: () => number;
  sleep?: Sleep;
}

/** Client-side rate limiting: `take()` resolves when a token is available, in call order. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly clock: () => number;
  private readonly wait: Sleep;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.capacity >= 1)) throw new RangeError('token bucket capacity must be at least 1');
    if (!(options.refillPerSecond > 0)) throw new RangeError('token bucket refill rate must be positive');
    this.clock = options.clock ?? Date.now;
    this.wait = options.sleep ?? defaultSleep;
    this.tokens = options.capacity;
    this.last = this.clock();
  }

  /** Tokens available now (fractional). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes a token if one is available now; never waits. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Waits for a token; waiters are served first come, first served. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.acquire(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const ms = Math.ceil(((1 - this.tokens) / this.options.refillPerSecond) * 1000);
      await this.wait(ms, signal);
      // An injected sleep may not move the clock: credit the time waited so the loop ends.
      if (this.clock() === this.last) this.tokens += (ms / 1000) * this.options.refillPerSecond;
    }
  }

  private refill(): void {
    const now = this.clock();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.options.capacity, this.tokens + elapsed * this.options.refillPerSecond);
  }
}
