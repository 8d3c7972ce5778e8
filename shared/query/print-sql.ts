import type { ViewFilters } from './views.js';

export const ENGINES = ['athena', 'bigquery', 'adx'] as const;
export type Engine = (typeof ENGINES)[number];

/** Table names the infra stacks declare with their default name prefix (query-tables.ts in each infra stack). */
export const CLOUD_TABLES = {
  athena: { database: 'telemetry_bridge_lake', events: 'events', alerts: 'alerts' },
  bigquery: { dataset: 'telemetry_bridge_lake', events: 'events', alerts: 'alerts' },
  adx: { events: 'TelemetryBridgeEvents', alerts: 'TelemetryBridgeAlerts' },
} as const;

const JSON_ARROW = /([A-Za-z_][A-Za-z0-9_]*)\s*->>\s*'([^']+)'/g;

function jsonPath(key: string): string {
  return key.startsWith('$') ? key : `$.${key}`;
}

function windowPredicates(filters: ViewFilters, quote: (s: string) => string, dayType: 'string' | 'date', ts: string): string[] {
  const out: string[] = [];
  const day = (iso: string) => (dayType === 'date' ? `DATE ${quote(iso.slice(0, 10))}` : quote(iso.slice(0, 10)));
  if (filters.since) out.push(`dt >= ${day(filters.since)}`, `${ts} >= ${quote(filters.since)}`);
  if (filters.until) out.push(`dt <= ${day(filters.until)}`, `${ts} < ${quote(filters.until)}`);
  if (filters.source) out.push(`source = ${quote(filters.source)}`);
  if (filters.sourceType) out.push(`source_type = ${quote(filters.sourceType)}`);
  if (filters.asset) out.push(`asset = ${quote(filters.asset)}`);
  return out;
}

function sq(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The same query for the engine a cloud runs at scale over the same objects: the view names
 * become the declared tables, `x->>'k'` becomes the engine's JSON accessor, and the time window
 * becomes partition predicates (dt) plus the event-time filter. A best effort for the common
 * shapes (select, where, group by); DuckDB-only functions are left as written.
 */
export function printSql(engine: Engine, sql: string, filters: ViewFilters = {}): string {
  if (engine === 'athena') {
    const t = CLOUD_TABLES.athena;
    const where = windowPredicates(filters, sq, 'string', '"timestamp"');
    const body = sql.replace(JSON_ARROW, (_m, col: string, key: string) => `json_extract_scalar(${col}, ${sq(jsonPath(key))})`);
    const source = where.length ? `(SELECT * FROM ${t.database}.${t.events} WHERE ${where.join(' AND ')})` : `${t.database}.${t.events}`;
    return `-- Athena (workgroup telemetry-bridge-query; Glue table with partition projection on source, dt, hour)\n${replaceViews(body, { events: source, alerts: `${t.database}.${t.alerts}` })};`;
  }
  if (engine === 'bigquery') {
    const t = CLOUD_TABLES.bigquery;
    const where = windowPredicates(filters, sq, 'date', 'TIMESTAMP(`timestamp`)');
    const body = sql.replace(JSON_ARROW, (_m, col: string, key: string) => `JSON_VALUE(${col}, ${sq(jsonPath(key))})`);
    const table = `\`${t.dataset}.${t.events}\``;
    const source = where.length ? `(SELECT * FROM ${table} WHERE ${where.join(' AND ')})` : table;
    return `-- BigQuery (external table over gs://…/raw/, hive partitioning on source, dt, hour)\n${replaceViews(body, { events: source, alerts: `\`${t.dataset}.${t.alerts}\`` })};`;
  }
  const t = CLOUD_TABLES.adx;
  const lines = [`// Azure Data Explorer (external table over the container's raw/ folder, partitioned by source, dt, hour)`, `external_table('${t.events}')`];
  const kq = (s: string) => `'${s.replace(/'/g, "\\'")}'`;
  if (filters.since) lines.push(`| where dt >= datetime(${filters.since.slice(0, 10)}) and todatetime(timestamp) >= datetime(${filters.since})`);
  if (filters.until) lines.push(`| where dt <= datetime(${filters.until.slice(0, 10)}) and todatetime(timestamp) < datetime(${filters.until})`);
  if (filters.source) lines.push(`| where source == ${kq(filters.source)}`);
  if (filters.sourceType) lines.push(`| where source_type == ${kq(filters.sourceType)}`);
  if (filters.asset) lines.push(`| where asset == ${kq(filters.asset)}`);
  lines.push(`// ADX runs KQL; the SQL below is the query to express after the filters above (ADX also accepts a T-SQL subset over ingested tables):`);
  for (const l of sql.split('\n')) lines.push(`//   ${l}`);
  return lines.join('\n');
}

function replaceViews(sql: string, tables: Record<string, string>): string {
  return sql.replace(/\b(from|join)\s+(events|alerts)\b/gi, (_m, kw: string, view: string) => `${kw} ${tables[view.toLowerCase()]}`);
}
