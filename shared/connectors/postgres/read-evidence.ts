import * as Q from './metadata-queries.js';
import { EvidenceUnavailable, type PgSession, type Row } from './session.js';
import type { PostgresSettings, ViewSpec } from './settings.js';
import { findTemplate, quoteQualified } from './templates.js';
import { ConnectorError } from '../errors.js';

/** What the manifest records about one run's reads (seed 003 FR-005, SR-005): sources, skips, caps. */
export class EvidenceAudit {
  readonly read = new Set<string>();
  readonly skipped: Array<{ source: string; reason: string; sqlstate?: string }> = [];
  readonly truncated = new Set<string>();

  /** Runs one fixed query; a skippable failure is recorded and yields null. */
  async rows(session: PgSession, q: Q.MetadataQuery | { source: string; text: string }, values: unknown[]): Promise<Row[] | null> {
    try {
      const result = await session.query(q.source, q.text, values);
      this.read.add(q.source);
      if (result.truncated) this.truncated.add(q.source);
      return result.rows;
    } catch (err) {
      if (!(err instanceof EvidenceUnavailable)) throw err;
      this.skipped.push({ source: q.source, reason: err.reason, sqlstate: err.sqlstate });
      return null;
    }
  }

  skip(source: string, reason: string): void {
    this.skipped.push({ source, reason });
  }

  /** Partial when evidence the role should see was refused (a missing privilege), not when an optional extension is absent. */
  get partial(): boolean {
    return this.skipped.some((s) => s.reason !== 'not_available');
  }
}

/** Level 0's point-in-time snapshot: the fixed metadata queries, each degrading on its own. */
export interface DbSnapshot {
  observed_at: string;
  collector_time: string;
  database: string;
  server_version_num: number;
  max_connections: number;
  in_recovery: boolean;
  databases: Row[];
  activity: Row[];
  locks_waiting: Row[];
  blocking: Row | null;
  checkpoints: Row | null;
  replication: Row[];
  replay_delay_s: number | null;
  statements: Row[] | null;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN);
const isoOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

export async function readMetadata(session: PgSession, s: PostgresSettings, audit: EvidenceAudit, now: number): Promise<DbSnapshot> {
  const limit = [s.row_limit];
  const server = (await audit.rows(session, Q.SERVER, []))?.[0];
  if (!server) throw new ConnectorError('server settings are not readable; nothing can be collected');
  const version = num(server.server_version_num);
  const snapshot: DbSnapshot = {
    observed_at: isoOf(server.observed_at),
    collector_time: new Date(now).toISOString(),
    database: String(server.database),
    server_version_num: version,
    max_connections: num(server.max_connections),
    in_recovery: server.in_recovery === true,
    databases: (await audit.rows(session, Q.DATABASES, limit)) ?? [],
    activity: (await audit.rows(session, Q.ACTIVITY, limit)) ?? [],
    locks_waiting: (await audit.rows(session, Q.LOCKS, limit)) ?? [],
    blocking: (await audit.rows(session, Q.BLOCKING, []))?.[0] ?? null,
    checkpoints: (await audit.rows(session, version >= 170000 ? Q.CHECKPOINTER : Q.BGWRITER, []))?.[0] ?? null,
    replication: (await audit.rows(session, Q.REPLICATION, limit)) ?? [],
    replay_delay_s: null,
    statements: null,
  };
  if (snapshot.in_recovery) {
    const delay = num((await audit.rows(session, Q.REPLAY_DELAY, []))?.[0]?.replay_delay_s);
    snapshot.replay_delay_s = Number.isFinite(delay) ? delay : null;
  }
  if (s.statements) {
    const installed = num((await audit.rows(session, Q.STATEMENTS_LOADED, []))?.[0]?.installed) > 0;
    if (installed) snapshot.statements = await audit.rows(session, Q.STATEMENTS, [s.statements_top]);
    else audit.skip(Q.STATEMENTS.source, 'not_available');
  }
  return snapshot;
}

/** Level 1: an allowlisted view, checked against the catalog (a view, the listed columns) before it is read. Fails closed. */
export async function readView(session: PgSession, view: ViewSpec, s: PostgresSettings, audit: EvidenceAudit, window: { start: number; end: number }): Promise<Row[]> {
  const [schema, name] = view.name.split('.') as [string, string];
  const kind = (await audit.rows(session, Q.RELATION_KIND, [schema, name]))?.[0]?.relkind;
  if (kind !== 'v' && kind !== 'm') {
    throw new ConnectorError(`view ${view.name} ${kind === undefined ? 'does not exist or is not visible' : 'is not a view'}; only allowlisted views are read`, { context: { view: view.name } });
  }
  const present = new Set(((await audit.rows(session, Q.RELATION_COLUMNS, [schema, name])) ?? []).map((r) => String(r.column)));
  const wanted = [...view.columns, ...(view.time_column && !view.columns.includes(view.time_column) ? [view.time_column] : [])];
  const missing = wanted.filter((c) => !present.has(c));
  if (missing.length > 0) throw new ConnectorError(`view ${view.name} has no column ${missing.join(', ')}; fix the allowlist`, { context: { view: view.name } });
  const cols = wanted.map((c) => `"${c}"`).join(', ');
  const limit = Math.min(view.limit ?? s.row_limit, s.row_limit);
  const text = view.time_column
    ? `SELECT ${cols} FROM ${quoteQualified(view.name)} WHERE "${view.time_column}" >= $1 AND "${view.time_column}" < $2 ORDER BY "${view.time_column}" DESC LIMIT $3`
    : `SELECT ${cols} FROM ${quoteQualified(view.name)} LIMIT $1`;
  const values = view.time_column ? [new Date(window.start), new Date(window.end), limit] : [limit];
  return (await audit.rows(session, { source: view.name, text }, values)) ?? [];
}

/** Level 2: a shipped template at the version the operator pinned; its relations must be views (or catalog views). */
export async function readTemplate(
  session: PgSession,
  use: PostgresSettings['templates'][number],
  s: PostgresSettings,
  audit: EvidenceAudit,
  window: { start: number; end: number },
): Promise<Row[]> {
  const template = findTemplate(use.name);
  if (!template) throw new ConnectorError(`template ${use.name} is not shipped`);
  if (template.version !== use.version) throw new ConnectorError(`template ${use.name} is at version ${template.version}, config pins ${use.version}; review it and update the pin`);
  const params = template.params.safeParse(use.params);
  if (!params.success) throw new ConnectorError(`template ${use.name}: invalid params: ${params.error.issues[0]?.message ?? 'invalid'}`);
  for (const relation of template.relations(params.data)) {
    if (relation.startsWith('pg_catalog.')) continue;
    const [schema, name] = relation.split('.') as [string, string];
    const kind = (await audit.rows(session, Q.RELATION_KIND, [schema, name]))?.[0]?.relkind;
    if (kind !== 'v' && kind !== 'm') throw new ConnectorError(`template ${use.name}: ${relation} is not a view; templates read operator views only`);
  }
  const built = template.build(params.data, window, s.row_limit);
  return (await audit.rows(session, { source: `template:${template.name}@${template.version}`, text: built.text }, built.values)) ?? [];
}
