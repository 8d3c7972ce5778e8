/**
 * The fixed metadata queries of level 0 (seed 003): system statistics views only, aggregated,
 * never query text, user or client address, each with a LIMIT. `source` names what the manifest
 * lists as read (or skipped). `$1` is always the row limit when present.
 */
export interface MetadataQuery {
  source: string;
  text: string;
  /** Needs the row limit bound as $1. */
  limited: boolean;
}

export const SERVER: MetadataQuery = {
  source: 'server_settings',
  text:
    "SELECT current_setting('server_version_num')::int AS server_version_num, current_setting('max_connections')::int AS max_connections, " +
    'current_database() AS database, pg_is_in_recovery() AS in_recovery, statement_timestamp() AS observed_at LIMIT 1',
  limited: false,
};

export const DATABASES: MetadataQuery = {
  source: 'pg_stat_database',
  text:
    'SELECT datname AS database, numbackends::int AS backends, xact_commit::bigint AS commits, xact_rollback::bigint AS rollbacks, ' +
    'blks_read::bigint AS blocks_read, blks_hit::bigint AS blocks_hit, deadlocks::bigint AS deadlocks, temp_files::bigint AS temp_files, temp_bytes::bigint AS temp_bytes ' +
    'FROM pg_catalog.pg_stat_database WHERE datname IS NOT NULL ORDER BY numbackends DESC, datname LIMIT $1',
  limited: true,
};

/** Counts by state and wait event, and the oldest transaction's age: no pid, user, address or text. */
export const ACTIVITY: MetadataQuery = {
  source: 'pg_stat_activity',
  text:
    "SELECT coalesce(state, 'unknown') AS state, wait_event_type, wait_event, count(*)::int AS sessions, " +
    'max(EXTRACT(EPOCH FROM (statement_timestamp() - xact_start)))::float8 AS oldest_xact_age_s ' +
    "FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1, 2, 3 ORDER BY sessions DESC LIMIT $1",
  limited: true,
};

/** Ungranted locks by type and mode. */
export const LOCKS: MetadataQuery = {
  source: 'pg_locks',
  text: 'SELECT locktype, mode, count(*)::int AS waiting FROM pg_catalog.pg_locks WHERE NOT granted GROUP BY 1, 2 ORDER BY waiting DESC LIMIT $1',
  limited: true,
};

/** Sessions blocked by others (pg_blocking_pids), and the longest wait. */
export const BLOCKING: MetadataQuery = {
  source: 'pg_blocking_pids',
  text:
    'SELECT count(*)::int AS blocked_sessions, coalesce(max(cardinality(pg_blocking_pids(pid))), 0)::int AS max_blockers, ' +
    'coalesce(max(EXTRACT(EPOCH FROM (statement_timestamp() - state_change))), 0)::float8 AS longest_wait_s ' +
    'FROM pg_catalog.pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0 LIMIT 1',
  limited: false,
};

/** PG < 17. */
export const BGWRITER: MetadataQuery = {
  source: 'pg_stat_bgwriter',
  text:
    'SELECT checkpoints_timed::bigint AS checkpoints_timed, checkpoints_req::bigint AS checkpoints_requested, checkpoint_write_time::float8 AS write_time_ms, ' +
    'checkpoint_sync_time::float8 AS sync_time_ms, buffers_checkpoint::bigint AS buffers_written FROM pg_catalog.pg_stat_bgwriter LIMIT 1',
  limited: false,
};

/** PG ≥ 17 moved the checkpoint counters. */
export const CHECKPOINTER: MetadataQuery = {
  source: 'pg_stat_checkpointer',
  text:
    'SELECT num_timed::bigint AS checkpoints_timed, num_requested::bigint AS checkpoints_requested, write_time::float8 AS write_time_ms, ' +
    'sync_time::float8 AS sync_time_ms, buffers_written::bigint AS buffers_written FROM pg_catalog.pg_stat_checkpointer LIMIT 1',
  limited: false,
};

export const REPLICATION: MetadataQuery = {
  source: 'pg_stat_replication',
  text:
    'SELECT application_name AS replica, state, EXTRACT(EPOCH FROM write_lag)::float8 AS write_lag_s, EXTRACT(EPOCH FROM flush_lag)::float8 AS flush_lag_s, ' +
    'EXTRACT(EPOCH FROM replay_lag)::float8 AS replay_lag_s FROM pg_catalog.pg_stat_replication ORDER BY replay_lag DESC NULLS LAST LIMIT $1',
  limited: true,
};

/** On a standby: how far replay is behind. */
export const REPLAY_DELAY: MetadataQuery = {
  source: 'pg_last_xact_replay_timestamp',
  text: 'SELECT EXTRACT(EPOCH FROM (statement_timestamp() - pg_last_xact_replay_timestamp()))::float8 AS replay_delay_s LIMIT 1',
  limited: false,
};

export const STATEMENTS_LOADED: MetadataQuery = {
  source: 'pg_extension',
  text: "SELECT count(*)::int AS installed FROM pg_catalog.pg_extension WHERE extname = 'pg_stat_statements' LIMIT 1",
  limited: false,
};

/** Aggregates by queryid; the query column is never selected. */
export const STATEMENTS: MetadataQuery = {
  source: 'pg_stat_statements',
  text:
    'SELECT queryid::text AS queryid, sum(calls)::bigint AS calls, sum(total_exec_time)::float8 AS total_exec_ms, ' +
    '(sum(total_exec_time) / greatest(sum(calls), 1))::float8 AS mean_exec_ms, sum(rows)::bigint AS rows ' +
    'FROM pg_stat_statements GROUP BY queryid ORDER BY total_exec_ms DESC LIMIT $1',
  limited: true,
};

/** Catalog checks for level 1 (views): the relation's kind and its columns. */
export const RELATION_KIND: MetadataQuery = {
  source: 'pg_class',
  text:
    'SELECT c.relkind::text AS relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ' +
    'WHERE n.nspname = $1 AND c.relname = $2 LIMIT 1',
  limited: false,
};

export const RELATION_COLUMNS: MetadataQuery = {
  source: 'pg_attribute',
  text:
    'SELECT a.attname::text AS column FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid ' +
    'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped LIMIT 1600',
  limited: false,
};
