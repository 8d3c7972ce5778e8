import { at, buildEvent, commonFields, failed, isPlainObject, levelSeverity, maxSeverity, oneLine, parsed, recordObject, str, type LogType } from '../module-kit.js';
import type { Severity } from '../../schema/index.js';
import { entryFields, entryLogId, entryResourceType, entryTime, gcpResource, pubsubContext, resourceLabels } from './log-entry.js';

/**
 * Database lines as Cloud SQL writes them (textPayload):
 * PostgreSQL `2024-01-02 03:04:05.678 UTC [123]: [1-1] db=app,user=alice LOG:  connection authorized…`,
 * MySQL `2024-01-02T03:04:05.123456Z 12 [Warning] [MY-010055] [Server] …`,
 * SQL Server `2024-01-02 03:04:05.67 Logon       Login failed for user 'sa'. …`.
 */
const POSTGRES = /^\S+ \S+(?: [A-Z]{2,5})? \[(\d{1,10})\]: \[[\d-]{1,32}\] (?:db=([^,\s]{0,128}),user=([^,\s]{0,128})(?:,\S{0,256})? )?([A-Z]{3,10}):\s+([\s\S]*)$/;
const MYSQL = /^\S+ (\d{1,12}) \[(\w{1,16})\] (?:\[([A-Z]{2}-\d{3,8})\] )?(?:\[(\w{1,16})\] )?([\s\S]*)$/;
const SQLSERVER = /^\d{4}-\d{2}-\d{2} [\d:.]+ (\w{1,32})\s+([\s\S]*)$/;
const AUTH_FAILURE = /password authentication failed|authentication failed|Login failed|Access denied for user/i;
const LEVELS: Readonly<Record<string, Severity>> = { PANIC: 'HIGH', FATAL: 'HIGH', CRITICAL: 'HIGH', EMERGENCY: 'HIGH', ALERT: 'HIGH', ERROR: 'LOW' };

function engineOf(logId: string | undefined): string | undefined {
  if (logId === undefined) return undefined;
  if (logId.includes('postgres')) return 'postgres';
  if (logId.includes('mysql')) return 'mysql';
  if (logId.includes('sqlserver')) return 'sqlserver';
  return undefined;
}

function readLine(engine: string | undefined, text: string): Record<string, unknown> {
  const line = text.length > 8192 ? text.slice(0, 8192) : text;
  if (engine === 'postgres') {
    const m = POSTGRES.exec(line);
    if (m) return { pid: Number(m[1]), database: m[2] || undefined, db_user: m[3] || undefined, db_level: m[4], message: m[5] };
  }
  if (engine === 'mysql') {
    const m = MYSQL.exec(line);
    if (m) return { thread_id: Number(m[1]), db_level: m[2]!.toUpperCase(), error_code: m[3], subsystem: m[4], message: m[5] };
  }
  if (engine === 'sqlserver') {
    const m = SQLSERVER.exec(line);
    if (m) return { process: m[1], message: m[2] };
  }
  return { message: text };
}

/** Cloud SQL database logs (PostgreSQL, MySQL, SQL Server error and general logs); audit entries are `audit`. */
export const cloudSql: LogType = {
  type: 'cloud_sql',
  cloud: 'gcp',
  title: 'GCP Cloud SQL database log (PostgreSQL, MySQL, SQL Server)',
  delivery: [{ trigger: 'pubsub', pattern: 'LogEntry resource.type `cloudsql_database`, log id `cloudsql.googleapis.com/{postgres.log,mysql.err,mysql-slow.log,sqlserver.err,…}`' }],
  recognisedBy: 'resource.type `cloudsql_database` with a `cloudsql.googleapis.com/*` log id',
  fields: ['engine', 'database_id', 'db_level', 'database', 'db_user', 'pid', 'error_code', 'message', 'auth_failure'],
  commonFields: ['user.name', 'event.outcome', 'cloud.region'],
  context: pubsubContext,
  matches: (record) => entryResourceType(record) === 'cloudsql_database' && (entryLogId(record)?.startsWith('cloudsql.googleapis.com/') ?? false),
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`cloud_sql: ${json.reason}`);
    const e = json.value;
    const envelope = entryFields(e);
    const engine = engineOf(str(envelope.log_id));
    const text = str(e.textPayload) ?? str(at(e, 'jsonPayload', 'message'));
    if (text === undefined && !isPlainObject(e.jsonPayload)) return failed('cloud_sql: textPayload is required');
    const line = text === undefined ? {} : readLine(engine, text);
    return parsed('cloud_sql', { ...envelope, engine, database_id: str(resourceLabels(e).database_id), region: str(resourceLabels(e).region), ...line, auth_failure: text !== undefined && AUTH_FAILURE.test(text) ? true : undefined }, entryTime(e));
  },
  /** An authentication failure → MEDIUM; FATAL/PANIC (or CRITICAL+ entries) → HIGH; ERROR → LOW. */
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const level = str(f.db_level);
    const gcp = levelSeverity(f.gcp_severity);
    const databaseId = str(f.database_id);
    const instance = databaseId?.includes(':') ? databaseId.split(':').pop() : databaseId;
    const project = str(f.project_id);
    const asset = project && instance ? `//cloudsql.googleapis.com/projects/${project}/instances/${instance}` : undefined;
    return buildEvent('cloud_sql', parsedRecord, ctx, {
      severity: maxSeverity(level === undefined ? undefined : LEVELS[level], gcp === 'CRITICAL' ? 'HIGH' : gcp === 'HIGH' ? 'LOW' : undefined, f.auth_failure === true ? 'MEDIUM' : undefined),
      title: `Cloud SQL ${instance ?? ''} ${str(f.engine) ?? ''} ${level ?? str(f.gcp_severity) ?? ''}: ${oneLine(str(f.message) ?? 'log entry', 160)}`,
      resource: { ...gcpResource(f, 'cloudsql.googleapis.com', instance, asset), region: str(f.region) ?? gcpResource(f, 'cloudsql.googleapis.com').region },
      asset,
      attributes: [f, commonFields({ 'user.name': f.db_user, 'event.outcome': f.auth_failure === true ? 'failure' : undefined, 'cloud.region': f.region })],
    });
  },
};
