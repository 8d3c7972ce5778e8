export { sleep, type Sleep } from './sleep.js';
export { TimeoutError, deadline, withTimeout, type Deadline } from './timeout.js';
export { parseRetryAfter, parseResetValue, retryDelayFromHeaders, quotaExhausted, type HeaderLookup } from './retry-after.js';
export { retry, backoffDelay, retryAfterOf, DEFAULT_RETRY_POLICY, type RetryPolicy, type RetryOptions, type RetryEvent } from './retry.js';
export { CircuitBreaker, CircuitOpenError, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
export { TokenBucket, type TokenBucketOptions } from './token-bucket.js';
export { createLimiter, mapWithConcurrency, type Limiter } from './concurrency.js';
export { budgetFrom, remainingMs, cappedTimeout, budgetedSleep, budgetedFetch, BudgetExhaustedError, DEFAULT_BUDGET_MARGIN_MS, type TimeBudget } from './budget.js';
