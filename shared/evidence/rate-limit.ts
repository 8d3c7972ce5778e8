/**
 * A per-caller sliding-window limit: at most `limit` requests in any `windowMs`. Pure apart from
 * the injected clock; the state lives in the instance (one per warm function instance), so the
 * bound across a deployment is limit × instances — the stacks cap the evidence function's
 * instances for that reason. Callers beyond `maxCallers` evict the least recently seen.
 */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the oldest counted request leaves the window (0 when allowed). */
  retryAfterS: number;
}

export interface CallerRateLimiter {
  take(key: string): RateDecision;
}

export function createCallerRateLimiter(options: { limit: number; windowMs: number; clock: () => number; maxCallers?: number }): CallerRateLimiter {
  const seen = new Map<string, number[]>();
  const maxCallers = options.maxCallers ?? 10_000;
  return {
    take(key: string): RateDecision {
      const now = options.clock();
      const recent = (seen.get(key) ?? []).filter((t) => t > now - options.windowMs);
      seen.delete(key);
      if (recent.length >= options.limit) {
        seen.set(key, recent);
        return { allowed: false, retryAfterS: Math.max(1, Math.ceil((recent[0]! + options.windowMs - now) / 1000)) };
      }
      recent.push(now);
      seen.set(key, recent);
      if (seen.size > maxCallers) seen.delete(seen.keys().next().value!);
      return { allowed: true, retryAfterS: 0 };
    },
  };
}
