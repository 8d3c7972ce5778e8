import type { Sleep } from './sleep.js';
import { deadline, TimeoutError } from './timeout.js';

/**
 * An invocation's time budget: the absolute time (ms on the runtime's clock) by which every sink
 * and connector call must be over, so what cannot finish is parked before the platform kills the
 * function. Built from Lambda's `getRemainingTimeInMillis()` or the Azure/GCP timeout in config,
 * minus a margin for parking and reporting.
 */
export interface TimeBudget {
  /** Calls must be over by this time (already net of the margin). */
  readonly deadline: number;
  /** The clock the deadline is on (the runtime's). */
  readonly now: () => number;
}

/** Time kept back for parking what did not finish, writing markers and the report line. */
export const DEFAULT_BUDGET_MARGIN_MS = 5_000;

/** A budget ending `remainingMs − marginMs` from `now`; undefined when the platform gives no limit. */
export function budgetFrom(remainingMs: number | undefined, now: () => number, marginMs = DEFAULT_BUDGET_MARGIN_MS): TimeBudget | undefined {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) return undefined;
  // A margin larger than a short invocation would leave nothing: keep at most half for it.
  const margin = Math.min(marginMs, Math.floor(remainingMs / 2));
  return { deadline: now() + remainingMs - margin, now };
}

/** Milliseconds left before the budget's deadline (Infinity without a budget, never negative). */
export function remainingMs(budget: TimeBudget | undefined): number {
  return budget === undefined ? Number.POSITIVE_INFINITY : Math.max(0, budget.deadline - budget.now());
}

/** The budget ran out before the call could start or finish: park, do not wait. */
export class BudgetExhaustedError extends TimeoutError {
  override name = 'BudgetExhaustedError';
}

/** A per-call timeout capped by the budget: min(own timeout, time left). */
export function cappedTimeout(ownTimeoutMs: number, budget: TimeBudget | undefined): number {
  return Math.min(ownTimeoutMs, remainingMs(budget));
}

/** A sleep that refuses a wait ending past the budget (the caller gives up and records the failure). */
export function budgetedSleep(wait: Sleep, budget: TimeBudget | undefined): Sleep {
  if (!budget) return wait;
  return async (ms, signal) => {
    if (budget.now() + ms >= budget.deadline) throw new BudgetExhaustedError(`a wait of ${ms} ms would outlast the invocation budget`);
    await wait(ms, signal);
  };
}

/** A fetch whose request aborts at the budget's deadline (and is not started when none is left). */
export function budgetedFetch(doFetch: typeof fetch, budget: TimeBudget | undefined): typeof fetch {
  if (!budget) return doFetch;
  return async (input, init) => {
    const left = remainingMs(budget);
    if (left <= 0) throw new BudgetExhaustedError('no time left in the invocation budget');
    const { signal, clear } = deadline(left, 'request within the invocation budget', init?.signal ?? undefined);
    try {
      return await doFetch(input, { ...init, signal });
    } finally {
      clear();
    }
  };
}
