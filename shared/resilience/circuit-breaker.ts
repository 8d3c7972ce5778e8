import { BridgeError } from '../errors.js';

/** The circuit is open: calls fail fast until the reset time passes. Transient for the platform, never retried in-process. */
export class CircuitOpenError extends BridgeError {
  override name = 'CircuitOpenError';
  override readonly retryable = true;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  resetAfterMs: number;
  clock?: () => number;
  /** Which errors count as failures (default: all). A 4xx the caller caused should not open the circuit. */
  isFailure?: (err: unknown) => boolean;
  /** Named in the CircuitOpenError and its context. */
  name?: string;
  onStateChange?: (from: CircuitState, to: CircuitState) => void;
}

/** Closed → (threshold consecutive failures) → open → (reset time) → half-open → one success closes, one failure reopens. */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly clock: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get state(): CircuitState {
    if (this.current === 'open' && this.clock() - this.openedAt >= this.options.resetAfterMs) this.transition('half_open');
    return this.current;
  }

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half_open' && this.trialInFlight)) {
      const name = this.options.name ?? 'circuit';
      throw new CircuitOpenError(`${name}: circuit open after ${this.failures} consecutive failures`, {
        context: { circuit: name, retryInMs: Math.max(0, this.openedAt + this.options.resetAfterMs - this.clock()) },
      });
    }
    const trial = state === 'half_open';
    if (trial) this.trialInFlight = true;
    try {
      const value = await fn();
      this.onSuccess();
      return value;
    } catch (err) {
      if (this.options.isFailure?.(err) ?? true) this.onFailure(trial);
      else if (trial) this.onSuccess();
      throw err;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  private onSuccess(): void {
    this.failures = 0;
    if (this.current !== 'closed') this.transition('closed');
  }

  private onFailure(trial: boolean): void {
    this.failures++;
    if (trial || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.clock();
      this.transition('open');
    }
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.options.onStateChange?.(from, to);
  }
}
