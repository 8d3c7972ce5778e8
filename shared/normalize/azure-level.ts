import type { Severity } from '../schema/index.js';
import { levelSeverity } from './severity.js';

const NUMERIC: Readonly<Record<string, Severity>> = { '1': 'CRITICAL', '2': 'HIGH', '3': 'LOW', '4': 'INFO', '5': 'INFO' };

/** Azure diagnostic `level`: Critical → CRITICAL, Error → HIGH, Warning → LOW, Informational/Verbose → INFO (names or 1–5). */
export function azureLevelSeverity(level: unknown): Severity | undefined {
  if (typeof level === 'number') return NUMERIC[String(level)];
  if (typeof level !== 'string') return undefined;
  return NUMERIC[level.trim()] ?? levelSeverity(level);
}
