import { DeliveryError } from '../errors.js';
import { CircuitBreaker, retry, retryDelayFromHeaders, withTimeout, type Sleep } from '../resilience/index.js';

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
  const attempt = () =>
    withTimeout(options.timeoutMs, `${options.sink} delivery`, async (signal) => {
      let response: Response;
      try {
        response = await doFetch(url, { method: 'POST', headers: init.headers, body: init.body, signal });
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
  try {
    await retry(() => (options.breaker ? options.breaker.execute(attempt) : attempt()), {
      maxAttempts: options.maxAttempts,
      baseDelayMs: 200,
      maxDelayMs: 5_000,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
    throw new DeliveryError(`${options.sink}: delivery failed: ${(err as Error).message}`, { cause: err });
  }
}
