import type { BronzeEventDraft, Severity } from '../../schema/index.js';
import type { DbSnapshot } from '../postgres/read-evidence.js';
import type { NormalizeContext } from '../types.js';
import { contentId, draft, eventId, rec, str, toIso } from './common.js';

/** PostgreSQL evidence (seed 003 DbEvidence) → BronzeEventDraft. Pure: thresholds come in, nothing is read. */

export interface DbThresholds {
  saturation: number;
  longTransactionMs: number;
  lockSessions: number;
  replicationLagMs: number;
  checkpointRequestedRatio: number;
}

export type DbEvidenceKind = 'db_stats' | 'connection_saturation' | 'lock_contention' | 'long_transaction' | 'replication_lag' | 'checkpoint_pressure' | 'view_row' | 'template_row' | 'migration_applied';

/** What the postgres connector yields: one kind of evidence with its measures. */
export interface DbRecord {
  kind: DbEvidenceKind;
  database: string;
  asset: string;
  observed_at: string;
  measures: Record<string, unknown>;
  /** The view or template a row came from. */
  relation?: string;
}

const n = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : 0);

/** The snapshot and the signals it crosses a threshold for (connection saturation, locks, long transactions, lag, checkpoints). */
export function deriveEvidence(s: DbSnapshot, asset: string, t: DbThresholds): DbRecord[] {
  const base = { database: s.database, asset, observed_at: s.observed_at };
  const inUse = s.activity.reduce((sum, r) => sum + n(r.sessions), 0);
  const oldestXactS = s.activity.reduce((m, r) => Math.max(m, n(r.oldest_xact_age_s)), 0);
  const byState: Record<string, number> = {};
  for (const r of s.activity) byState[String(r.state)] = (byState[String(r.state)] ?? 0) + n(r.sessions);
  const waiting = s.locks_waiting.reduce((sum, r) => sum + n(r.waiting), 0);
  const blocked = n(s.blocking?.blocked_sessions);
  const timed = n(s.checkpoints?.checkpoints_timed);
  const requested = n(s.checkpoints?.checkpoints_requested);
  const lagS = Math.max(0, ...s.replication.map((r) => n(r.replay_lag_s)), s.replay_delay_s ?? 0);
  const saturation = s.max_connections > 0 ? inUse / s.max_connections : 0;
  const out: DbRecord[] = [
    {
      ...base,
      kind: 'db_stats',
      measures: {
        server_version_num: s.server_version_num,
        in_recovery: s.in_recovery,
        max_connections: s.max_connections,
        connections_in_use: inUse,
        connection_saturation: round(saturation),
        sessions_by_state: byState,
        wait_events: s.activity.filter((r) => r.wait_event_type !== null).map((r) => ({ wait_event_type: r.wait_event_type, wait_event: r.wait_event, sessions: n(r.sessions) })),
        oldest_transaction_age_s: round(oldestXactS),
        locks_waiting: waiting,
        blocked_sessions: blocked,
        checkpoints_timed: timed,
        checkpoints_requested: requested,
        replication_lag_s: round(lagS),
        databases: s.databases,
        statements: s.statements ?? undefined,
        collector_time: s.collector_time,
        clock_skew_ms: Date.parse(s.collector_time) - Date.parse(s.observed_at),
      },
    },
  ];
  if (saturation >= t.saturation) out.push({ ...base, kind: 'connection_saturation', measures: { connections_in_use: inUse, max_connections: s.max_connections, connection_saturation: round(saturation), threshold: t.saturation } });
  if (blocked >= t.lockSessions) out.push({ ...base, kind: 'lock_contention', measures: { blocked_sessions: blocked, locks_waiting: waiting, max_blockers: n(s.blocking?.max_blockers), longest_wait_s: round(n(s.blocking?.longest_wait_s)), by_mode: s.locks_waiting } });
  if (oldestXactS * 1000 >= t.longTransactionMs && oldestXactS > 0) out.push({ ...base, kind: 'long_transaction', measures: { oldest_transaction_age_s: round(oldestXactS), threshold_s: t.longTransactionMs / 1000 } });
  if (lagS * 1000 >= t.replicationLagMs && lagS > 0) out.push({ ...base, kind: 'replication_lag', measures: { replication_lag_s: round(lagS), replicas: s.replication.length, threshold_s: t.replicationLagMs / 1000 } });
  if (requested > 0 && requested / (requested + timed) >= t.checkpointRequestedRatio) {
    out.push({ ...base, kind: 'checkpoint_pressure', measures: { checkpoints_requested: requested, checkpoints_timed: timed, requested_ratio: round(requested / (requested + timed)) } });
  }
  return out;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

const SEVERITY: Record<DbEvidenceKind, (m: Record<string, unknown>) => Severity> = {
  db_stats: () => 'INFO',
  connection_saturation: (m) => (n(m.connection_saturation) >= 0.95 ? 'CRITICAL' : 'HIGH'),
  lock_contention: (m) => (n(m.blocked_sessions) >= 5 ? 'HIGH' : 'MEDIUM'),
  long_transaction: () => 'MEDIUM',
  replication_lag: () => 'HIGH',
  checkpoint_pressure: () => 'LOW',
  view_row: () => 'INFO',
  template_row: () => 'INFO',
  migration_applied: (m) => (m.success === false ? 'HIGH' : 'INFO'),
};

const TITLE: Record<DbEvidenceKind, (r: DbRecord) => string> = {
  db_stats: (r) => `PostgreSQL ${r.database}: ${String(r.measures.connections_in_use)}/${String(r.measures.max_connections)} connections`,
  connection_saturation: (r) => `PostgreSQL ${r.database}: connection saturation ${Math.round(n(r.measures.connection_saturation) * 100)}%`,
  lock_contention: (r) => `PostgreSQL ${r.database}: ${String(r.measures.blocked_sessions)} session(s) blocked on locks`,
  long_transaction: (r) => `PostgreSQL ${r.database}: transaction open ${String(r.measures.oldest_transaction_age_s)} s`,
  replication_lag: (r) => `PostgreSQL ${r.database}: replication lag ${String(r.measures.replication_lag_s)} s`,
  checkpoint_pressure: (r) => `PostgreSQL ${r.database}: ${String(r.measures.checkpoints_requested)} requested checkpoints`,
  view_row: (r) => `PostgreSQL ${r.database}: ${r.relation ?? 'view'} row`,
  template_row: (r) => `PostgreSQL ${r.database}: ${r.relation ?? 'template'} row`,
  migration_applied: (r) => `PostgreSQL ${r.database}: migration ${String(r.measures.version)} ${r.measures.success === false ? 'failed' : 'applied'}`,
};

export function normalizePostgres(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const r = rec(record) as unknown as DbRecord;
  const kind: DbEvidenceKind = r.kind in SEVERITY ? r.kind : 'view_row';
  const measures = rec(r.measures);
  const database = str(r.database) ?? 'unknown';
  const rowish = kind === 'view_row' || kind === 'template_row';
  const id =
    kind === 'migration_applied'
      ? eventId(['postgres', ctx.scope, 'migration', database, r.relation, str(measures.version)])
      : rowish
        ? contentId('postgres', `${kind}:${r.relation ?? ''}`, measures)
        : eventId(['postgres', ctx.scope, kind, database, r.observed_at]);
  return draft({
    source: 'postgres',
    sourceType: kind === 'db_stats' ? 'db_stats' : 'db_evidence',
    eventId: id,
    timestamp: toIso(r.observed_at),
    ingestedAt: ctx.ingestedAt,
    severity: SEVERITY[kind](measures),
    title: TITLE[kind]({ ...r, database, measures }),
    fallbackTitle: 'PostgreSQL evidence',
    resource: { cloud: 'onprem', service: 'postgres', name: database },
    asset: str(r.asset),
    attributes: { kind, database, relation: r.relation, ...(rowish ? { row: measures } : measures) },
    raw: { kind, database, relation: r.relation, measures },
  });
}
