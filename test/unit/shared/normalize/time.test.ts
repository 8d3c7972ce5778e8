import { describe, expect, it } from 'vitest';
import { durationToMs, toUtcIso } from '../../../../shared/normalize/time.js';

describe('toUtcIso', () => {
  it.each([
    ['epoch seconds', 1717236000, '2024-06-01T10:00:00.000Z'],
    ['epoch seconds with a fraction', 1717236000.5, '2024-06-01T10:00:00.500Z'],
    ['epoch milliseconds', 1717236000123, '2024-06-01T10:00:00.123Z'],
    ['epoch microseconds', 1717236000123456, '2024-06-01T10:00:00.123Z'],
    ['epoch nanoseconds', 1717236000123456800, '2024-06-01T10:00:00.123Z'],
    ['epoch seconds as a digit string', '1717236000', '2024-06-01T10:00:00.000Z'],
    ['epoch milliseconds as a digit string', '1717236000123', '2024-06-01T10:00:00.123Z'],
    ['ISO with Z', '2024-06-01T10:00:00Z', '2024-06-01T10:00:00.000Z'],
    ['ISO with milliseconds', '2024-06-01T10:00:00.123Z', '2024-06-01T10:00:00.123Z'],
    ['ISO with nanoseconds (truncated, not rounded)', '2024-06-01T10:00:00.123987654Z', '2024-06-01T10:00:00.123Z'],
    ['ISO with Azure 7-digit fraction', '2024-06-01T10:00:00.1234567Z', '2024-06-01T10:00:00.123Z'],
    ['ISO with a positive offset', '2024-06-01T12:00:00+02:00', '2024-06-01T10:00:00.000Z'],
    ['ISO with a negative offset without colon', '2024-06-01T03:00:00.250-0700', '2024-06-01T10:00:00.250Z'],
    ['ISO with a half-hour offset', '2024-06-01T15:30:00+05:30', '2024-06-01T10:00:00.000Z'],
    ['ISO offset crossing midnight', '2024-05-31T23:30:00-10:30', '2024-06-01T10:00:00.000Z'],
    ['ISO without zone (taken as UTC)', '2024-06-01T10:00:00', '2024-06-01T10:00:00.000Z'],
    ['ISO with a space and comma fraction (Python)', '2024-06-01 10:00:01,123+0000', '2024-06-01T10:00:01.123Z'],
    ['a date only', '2024-06-01', '2024-06-01T00:00:00.000Z'],
    ['CLF (API Gateway requestTime)', '01/Jun/2024:12:00:02 +0200', '2024-06-01T10:00:02.000Z'],
    ['RFC 2822', 'Sat, 01 Jun 2024 10:00:00 GMT', '2024-06-01T10:00:00.000Z'],
    ['a leap second', '2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'],
    ['a Date', new Date(Date.UTC(2024, 5, 1, 10)), '2024-06-01T10:00:00.000Z'],
  ])('reads %s', (_name, value, expected) => {
    expect(toUtcIso(value)).toBe(expected);
  });

  it.each([
    ['an empty string', ''],
    ['words', 'yesterday'],
    ['February 30th', '2024-02-30T10:00:00Z'],
    ['hour 24', '2024-06-01T24:00:00Z'],
    ['month 13', '2024-13-01T00:00:00Z'],
    ['an offset of 25 hours', '2024-06-01T10:00:00+25:00'],
    ['a year before 1970', '1969-12-31T23:59:59Z'],
    ['a five-digit year', '+10000-01-01T00:00:00Z'],
    ['a negative number', -5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a number too large for any epoch unit', 1e21],
    ['an invalid Date', new Date(Number.NaN)],
    ['an object', { seconds: 1 }],
    ['a boolean', true],
    ['a very long string', `2024-06-01T10:00:00Z${' '.repeat(100)}x`],
    ['a time of day', '10:00:00'],
  ])('returns undefined for %s', (_name, value) => {
    expect(toUtcIso(value)).toBeUndefined();
  });

  it('tells seconds from milliseconds at 1e11', () => {
    expect(toUtcIso(99_999_999_999)).toBe('5138-11-16T09:46:39.000Z');
    expect(toUtcIso(100_000_000_000)).toBe('1973-03-03T09:46:40.000Z');
  });
});

describe('durationToMs', () => {
  it.each([
    ['0.123s', 123],
    ['1.5s', 1500],
    ['250ms', 250],
    ['0.123456s', 123.456],
    ['30.001s', 30001],
    ['0.004215977s', 4.216],
    ['2m', 120000],
    ['500us', 0.5],
    ['1500000ns', 1.5],
    [' 42 ', 42],
    ['87', 87],
    [87, 87],
    [30000.5, 30000.5],
    [0, 0],
    [{ seconds: '1', nanos: 5_000_000 }, 1005],
    [{ nanos: 250_000_000 }, 250],
  ])('reads %j as %d ms', (value, expected) => {
    expect(durationToMs(value)).toBe(expected);
  });

  it.each([['-1s'], [-5], ['fast'], ['1.2.3s'], [Number.NaN], [null], [[1]], [{ seconds: 'x' }], [{}]])('returns undefined for %j', (value) => {
    expect(durationToMs(value)).toBeUndefined();
  });
});
