/** The lake's views for DuckDB: explicit columns (auto types drift), hive partitions, time/source filters. */

export const VIEW_NAMES = ['events', 'alerts', 'summaries', 'quarantine', 'manifests'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** Where each view's objects live in the store. */
export const VIEW_PREFIX: Readonly<Record<ViewName, string>> = {
  events: 'raw/',
  alerts: 'alerts/',
  summaries: 'summaries/',
  quarantine: 'quarantine/',
  manifests: 'manifests/',
};

/** Column name → DuckDB type, in order. JSON for nested values. */
export const VIEW_COLUMNS: Readonly<Record<ViewName, ReadonlyArray<readonly [string, string]>>> = {
  events: [
    ['schema_version', 'VARCHAR'],
    ['event_id', 'VARCHAR'],
    ['source', 'VARCHAR'],
    ['source_type', 'VARCHAR'],
    ['timestamp', 'VARCHAR'],
    ['ingested_at', 'VARCHAR'],
    ['severity', 'VARCHAR'],
    ['title', 'VARCHAR'],
    ['description', 'VARCHAR'],
    ['resource', 'JSON'],
    ['asset', 'VARCHAR'],
    ['attributes', 'JSON'],
    ['raw_data', 'JSON'],
    ['redactions', 'JSON'],
  ],
  alerts: [
    ['schema_version', 'VARCHAR'],
    ['alert_id', 'VARCHAR'],
    ['rule_id', 'VARCHAR'],
    ['rule', 'VARCHAR'],
    ['rule_kind', 'VARCHAR'],
    ['detected_by', 'VARCHAR'],
    ['severity', 'VARCHAR'],
    ['priority', 'INTEGER'],
    ['first_seen', 'VARCHAR'],
    ['last_seen', 'VARCHAR'],
    ['count', 'BIGINT'],
    ['dedup_key', 'VARCHAR'],
    ['event_ids', 'VARCHAR[]'],
    ['asset', 'VARCHAR'],
    ['matched_fields', 'VARCHAR[]'],
    ['group', 'JSON'],
    ['tags', 'VARCHAR[]'],
    ['created_at', 'VARCHAR'],
    ['updated_at', 'VARCHAR'],
  ],
  summaries: [
    ['schema_version', 'VARCHAR'],
    ['source', 'VARCHAR'],
    ['batch_key', 'VARCHAR'],
    ['event_count', 'BIGINT'],
    ['latency_ms_p95', 'DOUBLE'],
    ['window', 'JSON'],
    ['alerts', 'JSON'],
    ['detections', 'JSON'],
  ],
  quarantine: [
    ['schema_version', 'VARCHAR'],
    ['batch_key', 'VARCHAR'],
    ['source', 'VARCHAR'],
    ['path', 'VARCHAR'],
    ['stage', 'VARCHAR'],
    ['reason', 'VARCHAR'],
    ['quarantined_at', 'VARCHAR'],
    ['raw_text', 'VARCHAR'],
    ['truncated', 'BOOLEAN'],
    ['redactions', 'JSON'],
  ],
  manifests: [
    ['manifest_version', 'VARCHAR'],
    ['run_id', 'VARCHAR'],
    ['connector', 'VARCHAR'],
    ['type', 'VARCHAR'],
    ['source', 'VARCHAR'],
    ['started_at', 'VARCHAR'],
    ['finished_at', 'VARCHAR'],
    ['window', 'JSON'],
    ['scopes', 'VARCHAR[]'],
    ['counts', 'JSON'],
    ['errors', 'JSON'],
  ],
};

/** Columns shown as timestamps (stored as RFC 3339 strings, exposed as TIMESTAMP in UTC). */
const TIME_COLUMNS: Readonly<Record<ViewName, readonly string[]>> = {
  events: ['timestamp', 'ingested_at'],
  alerts: ['first_seen', 'last_seen', 'created_at', 'updated_at'],
  summaries: [],
  quarantine: ['quarantined_at'],
  manifests: ['started_at', 'finished_at'],
};

/** The column each view's time filter applies to. */
const TIME_FILTER: Readonly<Record<ViewName, string>> = {
  events: 'timestamp',
  alerts: 'last_seen',
  summaries: "CAST(\"window\"->>'end' AS TIMESTAMP)",
  quarantine: 'quarantined_at',
  manifests: 'started_at',
};

export interface ViewFilters {
  since?: string;
  until?: string;
  source?: string;
  sourceType?: string;
  asset?: string;
}

export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** CREATE VIEW for one lake view over the given files (an empty view with the same columns when none). */
export function createViewSql(view: ViewName, files: readonly string[], filters: ViewFilters = {}): string {
  const columns = VIEW_COLUMNS[view];
  const times = new Set(TIME_COLUMNS[view]);
  const select = columns.map(([name, type]) => (times.has(name) ? `TRY_CAST(${sqlIdent(name)} AS TIMESTAMP) AS ${sqlIdent(name)}` : type === 'JSON' && files.length === 0 ? `${sqlIdent(name)}` : sqlIdent(name)));
  if (files.length === 0) {
    const empty = columns.map(([name, type]) => `CAST(NULL AS ${times.has(name) ? 'TIMESTAMP' : type}) AS ${sqlIdent(name)}`);
    return `CREATE OR REPLACE VIEW ${view} AS SELECT ${empty.join(', ')}${view === 'events' ? ', CAST(NULL AS DATE) AS dt, CAST(NULL AS VARCHAR) AS hour' : ''} WHERE false`;
  }
  const columnSpec = `{${columns.map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ')}}`;
  const list = `[${files.map(sqlString).join(', ')}]`;
  // Only raw/ has one partition layout (source/dt/hour); other prefixes mix layouts (manifests/run/…), so no hive columns there.
  const reader =
    view === 'events' || view === 'quarantine'
      ? `read_ndjson(${list}, columns=${columnSpec}, hive_partitioning=${view === 'events' ? 'true' : 'false'})`
      : `read_json(${list}, columns=${columnSpec}, format='auto', hive_partitioning=false)`; // one JSON document per object, pretty-printed or not
  const where: string[] = [];
  const timeColumn = TIME_FILTER[view];
  const timeExpr = times.has(timeColumn) ? `TRY_CAST(${sqlIdent(timeColumn)} AS TIMESTAMP)` : timeColumn;
  if (filters.since) where.push(`${timeExpr} >= TIMESTAMP ${sqlString(toSqlTime(filters.since))}`);
  if (filters.until) where.push(`${timeExpr} < TIMESTAMP ${sqlString(toSqlTime(filters.until))}`);
  if (view === 'events') {
    if (filters.source) where.push(`source = ${sqlString(filters.source)}`);
    if (filters.sourceType) where.push(`source_type = ${sqlString(filters.sourceType)}`);
    if (filters.asset) where.push(`asset = ${sqlString(filters.asset)}`);
  }
  const partitions = view === 'events' ? ', dt, hour' : '';
  return `CREATE OR REPLACE VIEW ${view} AS SELECT ${select.join(', ')}${partitions} FROM ${reader}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
}

/** RFC 3339 UTC → `YYYY-MM-DD HH:MM:SS.mmm` (DuckDB TIMESTAMP literal, UTC). */
export function toSqlTime(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
}
