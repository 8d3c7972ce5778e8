import { readFile } from 'node:fs/promises';
import type { ClientConfig } from 'pg';
import { ConnectorAuthError, ConnectorConnectionError, ConnectorError } from '../errors.js';
import type { ConnectorMetrics } from '../metrics.js';
import type { PostgresSettings } from './settings.js';

export type Row = Record<string, unknown>;

/** SQLSTATEs that mean "this evidence is not available to this role or server": skip it, go on. */
const SKIPPABLE: Record<string, 'permission_denied' | 'not_available'> = {
  '42501': 'permission_denied', // insufficient_privilege
  '42P01': 'not_available', // undefined_table (an extension view absent)
  '42883': 'not_available', // undefined_function
  '55000': 'not_available', // object_not_in_prerequisite_state (pg_stat_statements not preloaded)
};

/** One source could not be read for a reason that will not change on retry; the rest goes on. */
export class EvidenceUnavailable extends ConnectorError {
  override name = 'EvidenceUnavailable';
  constructor(
    message: string,
    readonly reason: 'permission_denied' | 'not_available',
    readonly sqlstate: string,
  ) {
    super(message);
  }
}

export interface QueryResult {
  rows: Row[];
  /** More rows than the client cap came back; the rest were dropped. */
  truncated: boolean;
}

/** What the connector needs from a session; tests may pass a real one on another server. */
export interface PgSession {
  query(source: string, text: string, values: unknown[]): Promise<QueryResult>;
  close(): Promise<void>;
}

function sqlstateOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The node-postgres config for a read-only, time-boxed session (seed 003 PG-003). Never logged. */
export async function sessionConfig(s: PostgresSettings, secret: (ref: string) => Promise<string>): Promise<ClientConfig> {
  const config: ClientConfig = {
    application_name: 'telemetry-bridge',
    statement_timeout: s.statement_timeout,
    lock_timeout: s.lock_timeout,
    idle_in_transaction_session_timeout: s.idle_in_transaction_session_timeout,
    query_timeout: s.statement_timeout + 1_000,
    connectionTimeoutMillis: s.connect_timeout,
    options: '-c default_transaction_read_only=on',
  };
  if (s.connection_secret_ref) config.connectionString = await secret(s.connection_secret_ref);
  if (s.host) Object.assign(config, { host: s.host, port: s.port });
  if (s.database) config.database = s.database;
  if (s.user) config.user = s.user;
  if (s.password_secret_ref) config.password = await secret(s.password_secret_ref);
  if (s.tls.mode === 'disable') config.ssl = false;
  else if (s.tls.mode === 'require') config.ssl = { rejectUnauthorized: false };
  else if (s.tls.mode === 'verify-full') config.ssl = { rejectUnauthorized: true, ...(s.tls.ca_file ? { ca: await readFile(s.tls.ca_file, 'utf8') } : {}) };
  return config;
}

/**
 * Opens a session (pg imported here, so a run without postgres never loads it), checks that it
 * is read-only, and returns a query function that caps rows and maps SQLSTATEs: a missing
 * privilege or an absent extension becomes EvidenceUnavailable; anything else a ConnectorError.
 */
export async function openSession(name: string, config: ClientConfig, rowLimit: number, metrics: ConnectorMetrics): Promise<PgSession> {
  const pg = (await import('pg')).default;
  const client = new pg.Client(config);
  client.on('error', () => undefined); // a dropped connection surfaces on the next query
  try {
    await client.connect();
  } catch (cause) {
    const state = sqlstateOf(cause);
    const auth = state === '28P01' || state === '28000';
    const message = `${name}: could not connect to PostgreSQL${state ? ` (SQLSTATE ${state})` : ''}`;
    throw auth ? new ConnectorAuthError(message, { cause, context: { connector: name } }) : new ConnectorConnectionError(message, { cause, context: { connector: name } });
  }
  const session: PgSession = {
    async query(source, text, values) {
      const started = performance.now();
      try {
        const result = await client.query<Row>({ text, values });
        metrics.recordFetch(performance.now() - started, true);
        return { rows: result.rows.slice(0, rowLimit), truncated: result.rows.length > rowLimit };
      } catch (cause) {
        metrics.recordFetch(performance.now() - started, false);
        const state = sqlstateOf(cause);
        const skip = state ? SKIPPABLE[state] : undefined;
        if (skip) throw new EvidenceUnavailable(`${name}: ${source} not read (${skip}, SQLSTATE ${state})`, skip, state!);
        throw new ConnectorError(`${name}: reading ${source} failed${state ? ` (SQLSTATE ${state})` : ''}`, { cause, context: { connector: name, source } });
      }
    },
    close: () => client.end().catch(() => undefined),
  };
  const mode = await session.query('transaction_read_only', 'SHOW transaction_read_only', []);
  if (mode.rows[0]?.transaction_read_only !== 'on') {
    await session.close();
    throw new ConnectorError(`${name}: the session is not read-only; refusing to run`, { context: { connector: name } });
  }
  return session;
}
