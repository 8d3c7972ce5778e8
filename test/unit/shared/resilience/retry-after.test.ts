import { describe, expect, it } from 'vitest';
import { parseResetValue, parseRetryAfter, quotaExhausted, retryDelayFromHeaders } from '../../../../shared/resilience/retry-after.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const headers = (h: Record<string, string>) => new Headers(h);

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 25 Nov 2026 12:00:30 GMT', 30_000],
    ['Wed, 25 Nov 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('parseResetValue', () => {
  it.each([
    ['delta seconds (PagerDuty ratelimit-reset)', '7', 7000],
    ['epoch seconds (GitHub x-ratelimit-reset)', String(NOW / 1000 + 20), 20_000],
    ['epoch milliseconds', String(NOW + 1500), 1500],
    ['epoch microseconds (Dynatrace)', String((NOW + 2500) * 1000), 2500],
    ['an epoch in the past', String(NOW / 1000 - 100), 0],
    ['an HTTP date', 'Wed, 25 Nov 2026 12:01:00 GMT', 60_000],
    ['garbage', 'x', undefined],
  ])('reads %s', (_name, value, expected) => {
    expect(parseResetValue(value, NOW)).toBe(expected);
  });
});

describe('retryDelayFromHeaders', () => {
  it('prefers Retry-After over reset headers', () => {
    expect(retryDelayFromHeaders(headers({ 'retry-after': '3', 'x-ratelimit-reset': String(NOW / 1000 + 60) }), NOW)).toBe(3000);
  });
  it('falls back to ratelimit-reset, then x-ratelimit-reset', () => {
    expect(retryDelayFromHeaders(headers({ 'ratelimit-reset': '9' }), NOW)).toBe(9000);
    expect(retryDelayFromHeaders(headers({ 'x-ratelimit-reset': String(NOW / 1000 + 4) }), NOW)).toBe(4000);
  });
  it('is undefined without any', () => {
    expect(retryDelayFromHeaders(headers({}), NOW)).toBeUndefined();
  });
});

describe('quotaExhausted', () => {
  it.each([
    [{ 'x-ratelimit-remaining': '0' }, true],
    [{ 'ratelimit-remaining': '0' }, true],
    [{ 'x-ratelimit-remaining': '12' }, false],
    [{}, false],
  ])('%j → %s', (h, expected) => {
    expect(quotaExhausted(headers(h))).toBe(expected);
  });
});
