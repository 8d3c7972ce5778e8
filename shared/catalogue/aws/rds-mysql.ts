import type { Severity } from '../../schema/index.js';
import { buildEvent, commonFields, failed, parsed, recordText, str, type LogType } from '../module-kit.js';
import { logGroupOf } from './aws-logs-key.js';

/** `/aws/rds/instance/<db>/<error|general|slowquery|audit>` (MySQL, MariaDB, Aurora MySQL). */
const GROUP = /^\/aws\/rds\/(instance|cluster)\/([^/]+)\/(error|general|slowquery|audit)$/;
/** 8.0 error log: `2021-01-02T03:04:05.123456Z 0 [Warning] [MY-010068] [Server] message`; 5.7: `… 0 [Note] message`. */
const ERROR_LINE = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)\s+(\d+)\s+\[(\w+)\](?:\s+\[(MY-\d+)\])?(?:\s+\[(\w+)\])?\s+([\s\S]*)$/;
/** General log: `2021-01-02T03:04:05.123456Z    12 Query  SELECT 1`. */
const GENERAL_LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)\s+(\d+)\s+(Connect|Quit|Query|Init DB|Execute|Prepare|Close stmt|Field List|Statistics|Ping)\b\s*([\s\S]*)$/;
/** Slow query entry: `# Time: 2021-01-02T03:04:05.123456Z` … `# Query_time: 12.5 …`. */
const SLOW_TIME = /^# Time: (\S+)/m;
const SLOW_USER = /^# User@Host: (\S+?)\[[^\]]*\] @ (\S*) \[([^\]]*)\]/m;
const SLOW_METRICS = /# Query_time: ([\d.]+)\s+Lock_time: ([\d.]+)\s+Rows_sent: (\d+)\s+Rows_examined: (\d+)/;
/** Audit plugin CSV: `20210102 03:04:05,host,user,client,conn,query,EVENT,db,'object',retcode`. */
const AUDIT_LINE = /^(\d{4})(\d{2})(\d{2}) (\d{2}:\d{2}:\d{2}),([^,]*),([^,]*),([^,]*),(\d+),(\d+),([A-Z_]+),([^,]*),([\s\S]*),(-?\d+)$/;
const LEVELS: Readonly<Record<string, Severity>> = { ERROR: 'MEDIUM', WARNING: 'LOW', WARN: 'LOW', SYSTEM: 'INFO', NOTE: 'INFO' };

function parseLine(text: string): { fields: Record<string, unknown>; time: string } | undefined {
  const slowTime = SLOW_TIME.exec(text);
  if (slowTime) {
    const user = SLOW_USER.exec(text);
    const metrics = SLOW_METRICS.exec(text);
    const statement = text.split('\n').filter((l) => !l.startsWith('#') && !/^SET timestamp=/.test(l) && !/^use \w+;$/.test(l)).join('\n').trim();
    return {
      time: slowTime[1]!,
      fields: {
        log: 'slowquery', db_user: user?.[1], client_host: user?.[2] || undefined, client_ip: user?.[3] || undefined,
        query_time_s: metrics ? Number(metrics[1]) : undefined, lock_time_s: metrics ? Number(metrics[2]) : undefined,
        rows_sent: metrics ? Number(metrics[3]) : undefined, rows_examined: metrics ? Number(metrics[4]) : undefined, statement,
      },
    };
  }
  const general = GENERAL_LINE.exec(text);
  if (general) return { time: general[1]!, fields: { log: 'general', thread_id: Number(general[2]), command: general[3], argument: general[4] || undefined } };
  const error = ERROR_LINE.exec(text);
  if (error) return { time: error[1]!, fields: { log: 'error', thread_id: Number(error[2]), level: error[3]!.toUpperCase(), error_code: error[4], subsystem: error[5], message: error[6] } };
  const audit = AUDIT_LINE.exec(text);
  if (audit) {
    return {
      time: `${audit[1]}-${audit[2]}-${audit[3]}T${audit[4]}Z`,
      fields: { log: 'audit', server_host: audit[5], db_user: audit[6] || undefined, client_host: audit[7] || undefined, connection_id: Number(audit[8]), query_id: Number(audit[9]), operation: audit[10], database: audit[11] || undefined, object: audit[12], retcode: Number(audit[13]) },
    };
  }
  return undefined;
}

export const rds_mysql: LogType = {
  type: 'rds_mysql',
  cloud: 'aws',
  title: 'RDS / Aurora MySQL and MariaDB log (error, general, slow query, audit)',
  delivery: [{ trigger: 'cloudwatch', pattern: 'log group `/aws/rds/instance|cluster/<db>/error|general|slowquery|audit`' }],
  recognisedBy: 'log group `/aws/rds/…/<error|general|slowquery|audit>`, else a MySQL error-log line `<ISO time> <thread> [<Level>] [MY-…]`',
  fields: ['log', 'thread_id', 'level', 'error_code', 'subsystem', 'message', 'command', 'argument', 'db_user', 'client_ip', 'query_time_s', 'rows_examined', 'statement', 'operation', 'database', 'retcode'],
  commonFields: ['user.name', 'source.ip', 'event.action', 'event.outcome', 'latency_ms'],
  context: (ctx) => (GROUP.test(logGroupOf(ctx)) ? 'owns' : 'no'),
  matches(record) {
    const text = recordText(record);
    return text !== undefined && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z \d+ \[(?:Note|Warning|ERROR|Error|System)\] \[MY-/.test(text);
  },
  parse(record) {
    const text = recordText(record);
    if (text === undefined) return failed('rds_mysql: record has no text');
    const line = parseLine(text.trim());
    if (line === undefined) return failed('rds_mysql: line is not a MySQL error, general, slow query or audit entry (field time)');
    return parsed('rds_mysql', line.fields, line.time);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const group = GROUP.exec(ctx.record.meta.logGroup ?? '');
    const db = group?.[2];
    const log = str(f.log);
    const level = str(f.level);
    const retcode = typeof f.retcode === 'number' ? f.retcode : undefined;
    const denied = retcode !== undefined && retcode !== 0;
    const querySeconds = typeof f.query_time_s === 'number' ? f.query_time_s : undefined;
    const severity: Severity = log === 'error' ? (LEVELS[level ?? ''] ?? 'INFO') : denied || (querySeconds !== undefined && querySeconds >= 10) ? 'LOW' : 'INFO';
    const what = log === 'slowquery' ? `slow query ${querySeconds ?? '?'} s` : log === 'general' ? `${str(f.command) ?? ''} ${str(f.argument) ?? ''}` : log === 'audit' ? `${str(f.operation) ?? ''} ${str(f.object) ?? ''}` : `${level ?? ''} ${str(f.message) ?? ''}`;
    return buildEvent('rds_mysql', p, ctx, {
      severity,
      title: `${db ?? 'mysql'} ${what}`,
      resource: { cloud: 'aws', account: ctx.record.meta.owner, service: 'rds', name: db, id: db },
      asset: db,
      attributes: [f, commonFields({
          'user.name': f.db_user,
          'source.ip': f.client_ip,
          'event.action': f.operation ?? f.command,
          'event.outcome': retcode === undefined ? undefined : denied ? 'failure' : 'success',
          latency_ms: querySeconds === undefined ? undefined : Math.round(querySeconds * 1e6) / 1e3,
        })],
    });
  },
};
