import type { Severity } from '../../schema/index.js';
import { buildEvent, commonFields, failed, parsed, recordText, str, type LogType } from '../module-kit.js';
import { logGroupOf } from './aws-logs-key.js';

/** `/aws/rds/instance/<db>/postgresql`, `/aws/rds/cluster/<cluster>/postgresql`. */
const GROUP = /^\/aws\/rds\/(instance|cluster)\/([^/]+)\/postgresql$/;
/**
 * RDS's fixed-time prefix `%t:%r:%u@%d:[%p]:` then `LEVEL:  message`:
 * `2021-01-02 03:04:05 UTC:10.0.0.5(40000):app@orders:[5306]:ERROR:  …`.
 */
const LINE = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? ?[A-Z]{1,5}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}):(.*?):\[(\d+)\]:([A-Z]+[0-9]?):\s+([\s\S]*)$/;
const LEVELS: Readonly<Record<string, Severity>> = { PANIC: 'CRITICAL', FATAL: 'HIGH', ERROR: 'MEDIUM', WARNING: 'LOW' };
const AUTH_FAILED = /password authentication failed|no pg_hba\.conf entry|authentication failed/;

export const rds_postgresql: LogType = {
  type: 'rds_postgresql',
  cloud: 'aws',
  title: 'RDS / Aurora PostgreSQL log',
  delivery: [{ trigger: 'cloudwatch', pattern: 'log group `/aws/rds/instance/<db>/postgresql` or `/aws/rds/cluster/<cluster>/postgresql`' }],
  recognisedBy: 'log group `/aws/rds/…/postgresql`, else a line `<time> UTC:<host>:<user>@<db>:[<pid>]:<LEVEL>:`',
  fields: ['client', 'db_user', 'database', 'pid', 'level', 'message'],
  commonFields: ['user.name', 'source.ip', 'event.outcome'],
  context: (ctx) => (GROUP.test(logGroupOf(ctx)) ? 'owns' : 'no'),
  matches(record) {
    const text = recordText(record);
    return text !== undefined && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\S* ?[A-Z]*:.*:\[\d+\]:[A-Z]+/.test(text);
  },
  parse(record) {
    const text = recordText(record);
    if (text === undefined) return failed('rds_postgresql: record has no text');
    const m = LINE.exec(text.trim());
    if (!m) return failed('rds_postgresql: line does not start with the log_line_prefix `%t:%r:%u@%d:[%p]:`');
    const middle = m[2]!;
    const at = middle.lastIndexOf(':');
    const client = at < 0 ? '' : middle.slice(0, at);
    const userDb = at < 0 ? middle : middle.slice(at + 1);
    const [user, database] = userDb.split('@');
    const host = client.replace(/\(\d+\)$/, '');
    return parsed(
      'rds_postgresql',
      { client: client || undefined, client_ip: host || undefined, db_user: user || undefined, database: database || undefined, pid: Number(m[3]), level: m[4], message: m[5] },
      m[1],
    );
  },
  normalize(p, ctx) {
    const f = p.fields;
    const level = str(f.level) ?? 'LOG';
    const message = str(f.message) ?? '';
    const authFailed = AUTH_FAILED.test(message);
    const group = GROUP.exec(ctx.record.meta.logGroup ?? '');
    const db = group?.[2];
    return buildEvent('rds_postgresql', p, ctx, {
      severity: authFailed ? 'MEDIUM' : (LEVELS[level] ?? 'INFO'),
      title: `${db ?? 'postgresql'} ${level}: ${message}`,
      resource: { cloud: 'aws', account: ctx.record.meta.owner, service: 'rds', name: db, id: db },
      asset: db,
      attributes: [f, commonFields({ 'user.name': f.db_user, 'source.ip': f.client_ip, 'event.outcome': authFailed ? 'failure' : undefined })],
    });
  },
};
