import { describeError } from '../errors.js';
import type { BronzeEventDraft } from '../schema/index.js';
import { ConnectorMetrics, type ConnectorMetricsSnapshot } from './metrics.js';
import { deriveEvidence, normalizePostgres, type DbRecord } from './normalize/postgres.js';
import { EvidenceAudit, readMetadata, readTemplate, readView } from './postgres/read-evidence.js';
import { openSession, sessionConfig, type PgSession } from './postgres/session.js';
import { PostgresSettings } from './postgres/settings.js';
import type { Capabilities, CollectWindow, Connector, ConnectorDeps, HealthStatus, NormalizeContext, RawPage } from './types.js';

/**
 * PostgreSQL, safe by default (seed 003 PG-001..003): level `metadata` reads fixed, aggregated
 * system-view queries; `views` adds an explicit allowlist of views (catalog-checked, columns
 * allowlisted); `templates` adds shipped, versioned templates. No free-form SQL is accepted (the
 * settings refuse it). Every session is read-only with statement, lock and idle-in-transaction
 * timeouts; every query has a LIMIT and rows are capped client-side. A privilege the role lacks
 * skips that source and makes the manifest partial; the rest goes on.
 */
export const type = 'postgres';
export const settings = PostgresSettings;

/** How the manifest describes what was kept out (SR-001, SR-007). */
const REDACTION_APPLIED = {
  query_text: 'never selected (pg_stat_activity aggregated by state and wait event; pg_stat_statements by queryid only)',
  session_identity: 'no user, client address, pid or application of other sessions is read',
  user_tables: 'no base table is read; views and templates read allowlisted views and columns only',
  pipeline_policy: 'events pass the configured redaction policy before storage (counts under redactions)',
};

export class PostgresConnector implements Connector {
  readonly type = type;
  readonly name: string;
  private readonly meter: ConnectorMetrics;
  private readonly audit = new EvidenceAudit();
  private snapshotTaken = false;
  private readonly dataTypes = { metadata: { sourceType: 'db_stats' }, views: { sourceType: 'db_evidence' }, templates: { sourceType: 'db_evidence' } };

  constructor(
    readonly settings: PostgresSettings,
    private readonly deps: ConnectorDeps,
  ) {
    this.name = deps.name;
    this.meter = new ConnectorMetrics(deps.name);
  }

  capabilities(): Capabilities {
    const s = this.settings;
    return {
      source: 'postgres',
      dataTypes: this.dataTypes,
      enabledDataTypes: ['metadata', ...(s.level !== 'metadata' && s.views.length > 0 ? ['views'] : []), ...(s.level === 'templates' ? ['templates'] : [])],
      scopes: ['default'],
      auth: s.connection_secret_ref ? 'connection secret' : s.password_secret_ref ? 'password' : 'trust/peer',
    };
  }

  async healthCheck(): Promise<HealthStatus> {
    const started = performance.now();
    try {
      const session = await this.open();
      await session.query('server_settings', 'SELECT 1 AS ok LIMIT 1', []).finally(() => session.close());
      return { ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      return { ok: false, latencyMs: Math.round(performance.now() - started), error: describeError(err) };
    }
  }

  private async open(): Promise<PgSession> {
    const config = await sessionConfig(this.settings, (ref) => this.deps.secrets.get(ref));
    return openSession(this.name, config, this.settings.row_limit, this.meter);
  }

  async *collect(window: CollectWindow, scope: string, dataType: string): AsyncIterable<RawPage> {
    if (dataType === 'metadata' && this.snapshotTaken) return; // one point-in-time snapshot per run, whatever the slices
    const session = await this.open();
    try {
      const records = await this.read(session, window, dataType);
      yield { dataType, scope, page: 0, records };
    } finally {
      await session.close();
    }
  }

  private async read(session: PgSession, window: CollectWindow, dataType: string): Promise<DbRecord[]> {
    const s = this.settings;
    const asset = s.asset;
    if (dataType === 'metadata') {
      const snapshot = await readMetadata(session, s, this.audit, this.deps.clock());
      this.snapshotTaken = true;
      return deriveEvidence(snapshot, asset ?? `postgres/${snapshot.database}`, {
        saturation: s.saturation_threshold,
        longTransactionMs: s.long_transaction,
        lockSessions: s.lock_contention_sessions,
        replicationLagMs: s.replication_lag,
        checkpointRequestedRatio: s.checkpoint_requested_ratio,
      });
    }
    const database = String((await this.audit.rows(session, { source: 'server_settings', text: 'SELECT current_database() AS database LIMIT 1' }, []))?.[0]?.database ?? 'unknown');
    const base = { database, asset: asset ?? `postgres/${database}` };
    const observed = new Date(window.end - 1).toISOString();
    const out: DbRecord[] = [];
    const uses = dataType === 'views' ? s.views.map((v) => ({ what: v.name, read: () => readView(session, v, s, this.audit, window), timeColumn: v.time_column })) : [];
    const templates = dataType === 'templates' ? s.templates.map((t) => ({ what: `template:${t.name}@${t.version}`, read: () => readTemplate(session, t, s, this.audit, window), tool: t.name })) : [];
    for (const use of uses) {
      try {
        for (const row of await use.read()) {
          const t = use.timeColumn ? row[use.timeColumn] : undefined;
          out.push({ ...base, kind: 'view_row', relation: use.what, observed_at: t instanceof Date ? t.toISOString() : observed, measures: plain(row) });
        }
      } catch (err) {
        this.refused(use.what, err);
      }
    }
    for (const use of templates) {
      try {
        for (const row of await use.read()) {
          const migration = use.tool === 'migration_history';
          const at = row.applied_at instanceof Date ? row.applied_at.toISOString() : observed;
          out.push({ ...base, kind: migration ? 'migration_applied' : 'template_row', relation: use.what, observed_at: at, measures: plain(row) });
        }
      } catch (err) {
        this.refused(use.what, err);
      }
    }
    return out;
  }

  /** A view or template that failed its checks is not read (fail closed); the manifest says why. */
  private refused(what: string, err: unknown): void {
    const { message } = describeError(err);
    this.audit.skip(what, `refused: ${message}`);
    this.deps.logger.warn('postgres evidence refused', { connector: this.name, source: what, reason: message });
  }

  normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
    return normalizePostgres(record, ctx);
  }

  /** For the manifest: the level, the sources read and skipped, rows capped, and the redaction applied. */
  evidenceReport(): { partial: boolean; details: Record<string, unknown> } {
    return {
      partial: this.audit.partial,
      details: {
        level: this.settings.level,
        sources_read: [...this.audit.read].sort(),
        sources_skipped: this.audit.skipped,
        rows_capped: [...this.audit.truncated].sort(),
        row_limit: this.settings.row_limit,
        session: { read_only: true, statement_timeout_ms: this.settings.statement_timeout, lock_timeout_ms: this.settings.lock_timeout, idle_in_transaction_session_timeout_ms: this.settings.idle_in_transaction_session_timeout },
        redaction_applied: REDACTION_APPLIED,
      },
    };
  }

  metrics(): ConnectorMetricsSnapshot {
    return this.meter.snapshot();
  }
}

/** Dates → ISO strings, bigints → strings: rows as plain JSON values. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : v]));
}

export function create(s: PostgresSettings, deps: ConnectorDeps): PostgresConnector {
  return new PostgresConnector(s, deps);
}
