/** The last instant `toISOString()` prints as a four-digit year (9999-12-31T23:59:59.999Z). */
const MAX_MS = 253_402_300_799_999;
const MONTHS: Readonly<Record<string, number>> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
/** Common Log Format (API Gateway `requestTime`): `15/Jan/2024:10:00:00 +0000`. */
const CLF = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s+([+-]\d{4}))?$/;
/** RFC 2822 / HTTP date: `Mon, 15 Jan 2024 10:00:00 GMT`. */
const RFC2822 = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z|[+-]\d{4})?$/;
const EPOCH = /^\d+(\.\d+)?$/;

/** Events of a batch share their instants (a VPC flow window, a second of CloudTrail): the last one is kept. */
let lastMs = Number.NaN;
let lastIso = '';

function fromMs(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS) return undefined;
  const whole = Math.floor(ms);
  if (whole !== lastMs) {
    lastIso = new Date(whole).toISOString();
    lastMs = whole;
  }
  return lastIso;
}

/** Epoch seconds, ms, µs or ns, told apart by magnitude (seconds below 1e11, i.e. before year 5138). */
function fromEpoch(n: number): string | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n < 1e11) return fromMs(n * 1000);
  if (n < 1e14) return fromMs(n);
  if (n < 1e17) return fromMs(n / 1e3);
  if (n < 1e20) return fromMs(n / 1e6);
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Offset in minutes east of UTC from `Z`, `+05:30`, `-0800`, `+02`. */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || /^(Z|z|UTC|GMT)$/.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function compose(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string | undefined): string | undefined {
  const offset = offsetMinutes(zone);
  if (offset === undefined || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (h > 23 || mi > 59 || s > 60) return undefined;
  // A leap second (:60) is held at the last millisecond of its minute.
  const utc = s === 60 ? Date.UTC(y, mo - 1, d, h, mi, 59, 999) : Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return fromMs(utc - offset * 60_000);
}

let lastIsoIn = '';
let lastIsoOut: string | undefined;

function fromIso(s: string): string | undefined {
  if (s === lastIsoIn) return lastIsoOut;
  lastIsoOut = parseIso(s);
  lastIsoIn = s;
  return lastIsoOut;
}

function parseIso(s: string): string | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  return compose(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms, m[8]);
}

/** CLF and RFC 2822 both capture day, month name, year, hour, minute, second?, zone?. */
function fromNamedMonth(m: RegExpExecArray | null): string | undefined {
  if (!m) return undefined;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (month === undefined) return undefined;
  return compose(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), 0, m[7]);
}

/**
 * A time as `toISOString()` prints it (UTC, milliseconds), or undefined when the value is not a
 * time we can read. Accepts Date, epoch s/ms/µs/ns (number or digit string), ISO 8601 / RFC 3339
 * with `Z` or an offset (no zone = UTC), CLF and RFC 2822 dates.
 */
export function toUtcIso(value: unknown): string | undefined {
  if (value instanceof Date) return fromMs(value.getTime());
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s === '' || s.length > 64) return undefined;
  if (EPOCH.test(s)) return fromEpoch(Number(s));
  return fromIso(s) ?? fromNamedMonth(CLF.exec(s)) ?? fromNamedMonth(RFC2822.exec(s));
}

/** Transport times are ms since epoch by contract (no magnitude guessing). */
export function msToUtcIso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : fromMs(ms);
}

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|ms|s|sec|secs|m|min|h)?$/i;
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, sec: 1000, secs: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * A duration in milliseconds: `"0.123s"` → 123, `"1.5s"` → 1500, `"250ms"` → 250, bare numbers
 * (and digit strings) are ms, a protobuf Duration `{ seconds, nanos }` is read too. Undefined
 * when negative or unreadable.
 */
export function durationToMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? round3(value) : undefined;
  if (typeof value === 'string') {
    const m = DURATION.exec(value.trim());
    if (!m) return undefined;
    const ms = Number(m[1]) * UNIT_MS[(m[2] ?? 'ms').toLowerCase()]!;
    return Number.isFinite(ms) ? round3(ms) : undefined;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    const s = typeof seconds === 'string' && /^\d+$/.test(seconds) ? Number(seconds) : seconds;
    const n = nanos === undefined ? 0 : nanos;
    if ((s === undefined && nanos === undefined) || (s !== undefined && typeof s !== 'number') || typeof n !== 'number') return undefined;
    const ms = (s ?? 0) * 1000 + n / 1e6;
    return Number.isFinite(ms) && ms >= 0 ? round3(ms) : undefined;
  }
  return undefined;
}
