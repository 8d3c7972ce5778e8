/**
 * The lake's `events` and `alerts` columns for the cloud query engines, from the one table
 * `bridge query` uses (shared/query/views.ts): JSON columns stay JSON text, timestamps stay
 * RFC 3339 strings (each engine parses them), partitions are source / dt / hour.
 */
import { VIEW_COLUMNS } from '../shared/query/views.js';

export type QueryColumn = { name: string; type: 'string' | 'number' | 'strings' };

function kind(duckType: string): QueryColumn['type'] {
  if (duckType.endsWith('[]')) return 'strings';
  return /INT|DOUBLE/.test(duckType) ? 'number' : 'string';
}

export const EVENT_COLUMNS: readonly QueryColumn[] = VIEW_COLUMNS.events.filter(([n]) => n !== 'source').map(([name, t]) => ({ name, type: kind(t) }));
export const ALERT_COLUMNS: readonly QueryColumn[] = VIEW_COLUMNS.alerts.map(([name, t]) => ({ name, type: kind(t) }));
