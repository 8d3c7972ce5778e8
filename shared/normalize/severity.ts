import type { Severity } from '../schema/index.js';

const RANK: Readonly<Record<Severity, number>> = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/** The most severe of the given severities (undefined entries ignored); INFO when none. */
export function maxSeverity(...severities: Array<Severity | undefined>): Severity {
  let out: Severity = 'INFO';
  for (const s of severities) if (s !== undefined && RANK[s] > RANK[out]) out = s;
  return out;
}

const LEVELS: Readonly<Record<string, Severity>> = {
  EMERGENCY: 'CRITICAL', EMERG: 'CRITICAL', ALERT: 'CRITICAL', CRITICAL: 'CRITICAL', CRIT: 'CRITICAL', FATAL: 'CRITICAL', PANIC: 'CRITICAL',
  ERROR: 'HIGH', ERR: 'HIGH', SEVERE: 'HIGH',
  WARNING: 'LOW', WARN: 'LOW',
  NOTICE: 'INFO', INFO: 'INFO', INFORMATION: 'INFO', INFORMATIONAL: 'INFO', DEBUG: 'INFO', TRACE: 'INFO', VERBOSE: 'INFO', DEFAULT: 'INFO',
};

/** A log level name (any case) as a severity: FATAL/CRITICAL → CRITICAL, ERROR → HIGH, WARN → LOW, others INFO. */
export function levelSeverity(level: unknown): Severity | undefined {
  return typeof level === 'string' ? LEVELS[level.trim().toUpperCase()] : undefined;
}

/** HTTP status: 5xx → HIGH, 4xx → LOW, otherwise INFO. */
export function httpStatusSeverity(status: unknown): Severity {
  if (typeof status !== 'number') return 'INFO';
  if (status >= 500) return 'HIGH';
  if (status >= 400) return 'LOW';
  return 'INFO';
}

/** `503` → `'5xx'`; undefined outside 100–599. */
export function statusClass(status: unknown): string | undefined {
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? `${Math.floor(status / 100)}xx` : undefined;
}
