/**
 * How long a server asks us to wait, from `Retry-After` and the vendors' rate-limit headers.
 * Pure: `now` is passed in. Returns milliseconds (≥ 0) or undefined when no header says.
 */
export type HeaderLookup = { get(name: string): string | null };

/** `Retry-After`: delta seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A reset value as vendors send it: delta seconds (`RateLimit-Reset`, PagerDuty `ratelimit-reset`),
 * epoch seconds (GitHub `x-ratelimit-reset`), epoch milliseconds or microseconds (Dynatrace), or a date.
 */
export function parseResetValue(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    if (n >= 1e14) return Math.max(0, Math.round(n / 1000) - now); // epoch microseconds
    if (n >= 1e11) return Math.max(0, Math.round(n) - now); // epoch milliseconds
    if (n >= 1e9) return Math.max(0, Math.round(n * 1000) - now); // epoch seconds
    return Math.round(n * 1000); // delta seconds
  }
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait a response asks for: Retry-After first, then the rate-limit reset headers. */
export function retryDelayFromHeaders(headers: HeaderLookup, now: number): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset', 'x-rate-limit-reset']) {
    const reset = parseResetValue(headers.get(name), now);
    if (reset !== undefined) return reset;
  }
  return undefined;
}

/** True when a response says the quota is used up (`x-ratelimit-remaining: 0` and kin). */
export function quotaExhausted(headers: HeaderLookup): boolean {
  for (const name of ['x-ratelimit-remaining', 'ratelimit-remaining', 'x-rate-limit-remaining']) {
    const v = headers.get(name);
    if (v !== null && v.trim() !== '' && Number(v) <= 0) return true;
  }
  return false;
}
