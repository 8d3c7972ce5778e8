/** The period an object's key names: its start (ms, UTC) and length. */
export interface KeyPeriod {
  start: number;
  spanMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function utc(y: string, mo: string, d: string, h?: string, mi?: string): number | undefined {
  const [Y, M, D, H, N] = [y, mo, d, h ?? '0', mi ?? '0'].map(Number) as [number, number, number, number, number];
  if (M < 1 || M > 12 || D < 1 || D > 31 || H > 23 || N > 59 || Y < 1970 || Y > 9999) return undefined;
  const t = Date.UTC(Y, M - 1, D, H, N);
  return new Date(t).getUTCDate() === D ? t : undefined;
}

/** Most specific first: a layout that names the hour beats one that names only the day. */
const LAYOUTS: ReadonlyArray<{ re: RegExp; span: (m: RegExpExecArray) => number }> = [
  // CloudTrail, VPC flow and WAF file names: …_20261121T0920Z_…
  { re: /(?:^|[^0-9])(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z/, span: () => 60_000 },
  // Azure diagnostic logs in storage: y=2026/m=11/d=21/h=09
  { re: /y=(\d{4})\/m=(\d{2})\/d=(\d{2})\/h=(\d{2})/, span: () => HOUR },
  // Hive partitions: dt=2026-11-21/hour=09 (this lake's own layout) or dt=2026-11-21
  { re: /dt=(\d{4})-(\d{2})-(\d{2})(?:\/hour=(\d{2}))?/, span: (m) => (m[4] === undefined ? DAY : HOUR) },
  // AWS delivery prefixes and Firehose: …/2026/11/21/09/… or …/2026/11/21/…
  { re: /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})(?:\/(\d{2})(?=\/|$))?/, span: (m) => (m[4] === undefined ? DAY : HOUR) },
  // Anything else with an ISO date: 2026-11-21, 2026-11-21T09
  { re: /(?:^|[^0-9])(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}))?/, span: (m) => (m[4] === undefined ? DAY : HOUR) },
];

/** The time an object key names (the S3 key layouts the S3 trigger knows, Azure's, hive partitions), or undefined. */
export function keyPeriod(key: string): KeyPeriod | undefined {
  for (const { re, span } of LAYOUTS) {
    const m = re.exec(key);
    if (!m) continue;
    const start = utc(m[1]!, m[2]!, m[3]!, m[4], m[5]);
    if (start !== undefined) return { start, spanMs: span(m) };
  }
  return undefined;
}

/**
 * Whether an object belongs to the window [since, until): the period its key names overlaps it;
 * a key without a time falls back to the object's last-modified time; with neither it is included.
 */
export function inWindow(key: string, lastModified: Date | undefined, since: number | undefined, until: number | undefined): boolean {
  if (since === undefined && until === undefined) return true;
  const period = keyPeriod(key) ?? (lastModified ? { start: lastModified.getTime(), spanMs: 1 } : undefined);
  if (!period) return true;
  if (since !== undefined && period.start + period.spanMs <= since) return false;
  if (until !== undefined && period.start >= until) return false;
  return true;
}
