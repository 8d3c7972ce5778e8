import { toUtcIso } from '../normalize/time.js';

/**
 * The record-time readers every log type uses. Each returns `toISOString()` form (UTC, ms) or
 * undefined when the text is not such a time. `toUtcIso` already reads epoch s/ms/µs/ns (by
 * magnitude), ISO 8601 with `Z`, an offset or none (= UTC), CLF (`10/Oct/2000:13:55:36 -0700`)
 * and RFC 2822 dates; the readers below add the formats that need more than one value or a hint.
 */
export { toUtcIso };

const MONTHS: Readonly<Record<string, number>> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const TIME_OF_DAY = /^\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** W3C extended log `date` + `time` columns (CloudFront, IIS): `2019-12-04` + `21:02:31` (UTC). */
export function w3cDateTime(date: unknown, time: unknown): string | undefined {
  if (typeof date !== 'string' || typeof time !== 'string' || !DATE.test(date) || !TIME_OF_DAY.test(time)) return undefined;
  return toUtcIso(`${date}T${time}Z`);
}

/** Epoch with a declared unit (when magnitude guessing would be wrong, e.g. small test values). */
export function epochTime(value: unknown, unit: 's' | 'ms' | 'us' | 'ns'): string | undefined {
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  const ms = unit === 's' ? n * 1000 : unit === 'ms' ? n : unit === 'us' ? n / 1e3 : n / 1e6;
  return ms > 253_402_300_799_999 ? undefined : new Date(Math.floor(ms)).toISOString();
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([AaPp][Mm])?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/;

/** US-style `M/D/YYYY h:mm:ss AM|PM [+hh:mm]` (Azure `EventTimeString`, some Windows logs); no zone = UTC. */
export function usDateTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = US_DATE.exec(value.trim());
  if (!m) return undefined;
  let hour = Number(m[4]);
  const meridiem = m[8]?.toUpperCase();
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
  }
  const pad = (n: number | string) => String(n).padStart(2, '0');
  const frac = m[7] === undefined ? '' : `.${m[7]}`;
  return toUtcIso(`${m[3]}-${pad(m[1]!)}-${pad(m[2]!)}T${pad(hour)}:${m[5]}:${m[6] ?? '00'}${frac}${m[9] ?? 'Z'}`);
}

const SYSLOG = /^([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})$/;

/**
 * RFC 3164 syslog `Feb 20 07:01:01` (no year, UTC on cloud hosts): the year is the reference
 * time's, or the previous year when that would put the line more than a day after the reference.
 */
export function syslogTime(value: unknown, referenceMs: number): string | undefined {
  if (typeof value !== 'string' || !Number.isFinite(referenceMs)) return undefined;
  const m = SYSLOG.exec(value.trim());
  if (!m) return undefined;
  const month = MONTHS[m[1]!.toLowerCase()];
  if (month === undefined) return undefined;
  const year = new Date(referenceMs).getUTCFullYear();
  const at = (y: number) => Date.UTC(y, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  let ms = at(year);
  if (ms - referenceMs > 86_400_000) ms = at(year - 1);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month || check.getUTCDate() !== Number(m[2])) return undefined;
  return check.toISOString();
}
