import { DeliveryError } from '../errors.js';
import { BudgetExhaustedError, CircuitBreaker, cappedTimeout, retry, retryDelayFromHeaders, sleep as defaultSleep, withTimeout, type Sleep, type TimeBudget } from '../resilience/index.js';

export interface HttpPostOptions {
  fetch?: typeof fetch;
  timeoutMs: number;
  maxAttempts: number;
  breaker?: CircuitBreaker;
  sleep?: Sleep;
  random?: () => number;
  clock?: () => number;
  /** Named in errors: `fixops`, `sentinel`. Never the URL's query or a header value. */
  sink: string;
  /** Every attempt and every wait ends by the budget's deadline; a wait past it gives up at once. */
  budget?: TimeBudget;
  /** Sent as `Idempotency-Key`: the same on every attempt, retry and replay of this request. */
  idempotencyKey?: string;
}

/** A failed delivery attempt: retryable on 408/429/5xx/network, permanent on other 4xx. */
class DeliveryAttemptError extends DeliveryError {
  override name = 'DeliveryAttemptError';
  override readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined, retryable: boolean, retryAfterMs?: number, cause?: unknown) {
    super(message, { cause, context: { status } });
    this.status = status;
    this.retryable = retryable;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * POSTs with a timeout per attempt, full-jitter backoff honouring Retry-After, and an optional
 * circuit breaker. Throws DeliveryError when it gives up; the caller parks the batch in failed/.
 */
export async function postWithRetry(url: string, init: { headers: Record<string, string>; body: Uint8Array | string }, options: HttpPostOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const clock = options.clock ?? Date.now;
  const headers = options.idempotencyKey ? { ...init.headers, 'idempotency-key': options.idempotencyKey } : init.headers;
  const attempt = () => {
    const timeoutMs = cappedTimeout(options.timeoutMs, options.budget);
    if (timeoutMs <= 0) return Promise.reject(new BudgetExhaustedError(`${options.sink}: no time left in the invocation budget`));
    return withTimeout(timeoutMs, `${options.sink} delivery`, async (signal) => {
      let response: Response;
      try {
        response = await doFetch(url, { method: 'POST', headers, body: init.body, signal });
      } catch (cause) {
        if (signal.aborted) throw signal.reason;
        throw new DeliveryAttemptError(`${options.sink}: connection failed`, undefined, true, undefined, cause);
      }
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      const status = response.status;
      const transient = status === 408 || status === 429 || status >= 500;
      throw new DeliveryAttemptError(`${options.sink}: HTTP ${status}`, status, transient, retryDelayFromHeaders(response.headers, clock()));
    });
  };
  const wait = options.sleep ?? defaultSleep;
  // A wait that would end past the budget is not slept: the request is parked instead.
  const budgetedSleep: Sleep = async (ms, signal) => {
    if (options.budget && options.budget.now() + ms >= options.budget.deadline) {
      throw new BudgetExhaustedError(`${options.sink}: a retry in ${ms} ms would outlast the invocation budget`);
    }
    await wait(ms, signal);
  };
  try {
    await retry(() => (options.breaker ? options.breaker.execute(attempt) : attempt()), {
      maxAttempts: options.maxAttempts,
      baseDelayMs: 200,
      maxDelayMs: 5_000,
      sleep: budgetedSleep,
      ...(options.random ? { random: options.random } : {}),
    });
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
    throw new DeliveryError(`${options.sink}: delivery failed: ${(err as Error).message}`, { cause: err });
  }
}
