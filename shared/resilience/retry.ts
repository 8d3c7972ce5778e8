import { isRetryable as defaultIsRetryable } from '../errors.js';
import { CircuitOpenError } from './circuit-breaker.js';
import { sleep as defaultSleep, type Sleep } from './sleep.js';

export interface RetryPolicy {
  /** Total attempts, the first included (1 = no retry). */
  maxAttempts: number;
  /** The backoff cap before the first retry; doubles each attempt. */
  baseDelayMs: number;
  /** Ceiling of the exponential backoff. */
  maxDelayMs: number;
  /** A server-requested wait (Retry-After, rate-limit reset) longer than this is not slept: the error is thrown. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 };

export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface RetryOptions extends Partial<RetryPolicy> {
  sleep?: Sleep;
  /** In [0, 1); injected for deterministic tests. */
  random?: () => number;
  /** Default: the error family's `retryable` flag; an open circuit is never retried here. */
  isRetryable?: (err: unknown) => boolean;
  /** The wait the error carries from the server; default its `retryAfterMs` property. */
  retryAfterMs?: (err: unknown) => number | undefined;
  onRetry?: (event: RetryEvent) => void;
  signal?: AbortSignal;
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base·2^(n-1))]. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export function retryAfterOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const v = (err as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/**
 * Runs `fn` until it succeeds, the error is permanent, or attempts run out. The wait between
 * attempts is full-jitter exponential backoff, raised to the server's Retry-After when it gives one.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
  };
  const wait = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const retryable = options.isRetryable ?? ((err: unknown) => !(err instanceof CircuitOpenError) && defaultIsRetryable(err));
  const serverWait = options.retryAfterMs ?? retryAfterOf;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || !retryable(error) || options.signal?.aborted) throw error;
      const requested = serverWait(error);
      if (requested !== undefined && requested > policy.maxRetryAfterMs) throw error;
      const jitter = backoffDelay(attempt, policy, random);
      const delayMs = requested === undefined ? jitter : Math.max(requested, jitter);
      options.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs, options.signal);
    }
  }
}
