import { detectionWhereSql, fieldSql, SUBJECT_SQL, type LakeSqlOptions, type StoredForms } from './sql-compile.js';
import type { CorrelationRule } from './types.js';

/** Event ids carried per correlation alert. */
const MAX_IDS = 500;

function q(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function comparison(rule: CorrelationRule, x: string): string {
  const c = rule.condition;
  const parts: string[] = [];
  if (c.gt !== undefined) parts.push(`${x} > ${c.gt}`);
  if (c.gte !== undefined) parts.push(`${x} >= ${c.gte}`);
  if (c.lt !== undefined) parts.push(`${x} < ${c.lt}`);
  if (c.lte !== undefined) parts.push(`${x} <= ${c.lte}`);
  if (c.eq !== undefined) parts.push(`${x} = ${c.eq}`);
  return parts.join(' AND ');
}

/**
 * A Sigma correlation rule as one DuckDB query over `events`. Each referenced rule's matches are
 * stacked, then a sliding window of `timespan` per group (group-by fields) counts events
 * (event_count), distinct values of a field (value_count) or distinct rules (temporal); a group
 * alerts at its fullest window that meets the condition.
 * Columns: g0…gN (group values as stored), n, first_seen, last_seen, event_ids, asset.
 */
export function correlationSql(rule: CorrelationRule, stored?: StoredForms, options: LakeSqlOptions = {}): string {
  const groups = rule.groupBy.map((f, i) => `${fieldSql(f)} AS g${i}`);
  const groupCols = rule.groupBy.map((_f, i) => `g${i}`);
  const value = rule.type === 'value_count' ? `${fieldSql(rule.condition.field!)} AS v` : 'NULL AS v';
  const matched = rule.rules
    .map((r) => `SELECT event_id, "timestamp" AS ts, ${SUBJECT_SQL} AS subject, ${q(r.id)} AS rule_ref, ${value}${groups.length ? `, ${groups.join(', ')}` : ''} FROM events WHERE ${detectionWhereSql(r, stored, options)}`)
    .join('\nUNION ALL\n');
  const measure = rule.type === 'event_count' ? 'count(*)' : rule.type === 'value_count' ? 'count(DISTINCT v)' : 'count(DISTINCT rule_ref)';
  const partition = groupCols.length ? `PARTITION BY ${groupCols.join(', ')} ` : '';
  const window = `(${partition}ORDER BY ts RANGE BETWEEN INTERVAL ${rule.timespanMs} MILLISECONDS PRECEDING AND CURRENT ROW)`;
  const valueFilter = rule.type === 'value_count' ? 'WHERE v IS NOT NULL' : '';
  return `WITH matched AS (
${matched}
), windowed AS (
  SELECT *, ${measure} OVER w AS n, min(ts) OVER w AS window_start, list(event_id) OVER w AS ids
  FROM (SELECT * FROM matched ${valueFilter}) WINDOW w AS ${window}
)
SELECT ${groupCols.length ? `${groupCols.join(', ')}, ` : ''}max(n) AS n,
  strftime(arg_max(window_start, n), '%Y-%m-%dT%H:%M:%S.%gZ') AS first_seen,
  strftime(arg_max(ts, n), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_seen,
  list_slice(list_distinct(arg_max(ids, n)), 1, ${MAX_IDS}) AS event_ids,
  any_value(subject) AS asset
FROM windowed WHERE ${comparison(rule, 'n')}
${groupCols.length ? `GROUP BY ${groupCols.join(', ')}` : ''}`;
}

/** Single-event rule over the lake: one row per subject (asset), as the stream groups them. */
export function detectionAlertSql(where: string): string {
  return `SELECT ${SUBJECT_SQL} AS subject, any_value(asset) AS asset, count(*) AS n,
  strftime(min("timestamp"), '%Y-%m-%dT%H:%M:%S.%gZ') AS first_seen,
  strftime(max("timestamp"), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_seen,
  list_slice(list(event_id ORDER BY "timestamp"), 1, ${MAX_IDS}) AS event_ids
FROM events WHERE ${where} GROUP BY 1`;
}
