import type { Severity } from '../../schema/index.js';
import { buildEvent, commonFields, failed, parsed, recordText, str, syslogTime, type LogType } from '../module-kit.js';
import { logGroupOf } from './aws-logs-key.js';

/** RFC 3164: `[<PRI>]Feb 20 07:01:01 host program[pid]: message`. */
const LINE = /^(?:<(\d{1,3})>)?([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?([\s\S]*)$/;
const GROUPS = /^\/var\/log\/(messages|syslog|secure|auth\.log|cron|maillog|kern\.log)$/;
const PRI_SEVERITY: readonly Severity[] = ['CRITICAL', 'CRITICAL', 'CRITICAL', 'HIGH', 'LOW', 'INFO', 'INFO', 'INFO'];
const AUTH_FAILURE = /Failed password|authentication failure|Invalid user|FAILED LOGIN|BREAK-IN ATTEMPT/;

export const syslog: LogType = {
  type: 'syslog',
  cloud: 'aws',
  title: 'EC2 / host syslog (RFC 3164) via the CloudWatch agent',
  delivery: [{ trigger: 'cloudwatch', pattern: 'log group `/var/log/messages`, `/var/log/secure`, `/var/log/syslog`, … (CloudWatch agent)' }],
  recognisedBy: 'log group `/var/log/<messages|syslog|secure|…>`, else a line `Mmm dd hh:mm:ss host program[pid]: …`',
  fields: ['priority', 'host', 'program', 'pid', 'message'],
  commonFields: ['event.outcome', 'user.name', 'source.ip'],
  context: (ctx) => (GROUPS.test(logGroupOf(ctx)) ? 'owns' : 'no'),
  matches(record) {
    const text = recordText(record);
    return text !== undefined && LINE.test(text);
  },
  parse(record) {
    const text = recordText(record);
    if (text === undefined) return failed('syslog: record has no text');
    const m = LINE.exec(text.trim());
    if (!m) return failed('syslog: line does not start with an RFC 3164 timestamp and host (field timestamp)');
    return parsed('syslog', { priority: m[1] === undefined ? undefined : Number(m[1]), timestamp: m[2], host: m[3], program: m[4], pid: m[5] === undefined ? undefined : Number(m[5]), message: m[6] }, m[2]);
  },
  normalize(p, ctx) {
    const f = p.fields;
    // No year in the line: the delivery's (a line more than a day "ahead" belongs to last year).
    const reference = ctx.record.transportTime ?? Date.parse(ctx.ingestedAt);
    const time = syslogTime(f.timestamp, reference);
    if (time === undefined) return { ok: false, reason: `syslog: field timestamp "${String(f.timestamp)}" is not a date` };
    const message = str(f.message) ?? '';
    const authFailure = AUTH_FAILURE.test(message);
    const pri = typeof f.priority === 'number' ? PRI_SEVERITY[f.priority % 8] : undefined;
    const severity: Severity = authFailure ? 'MEDIUM' : (pri ?? (/\b(error|failed|failure)\b/i.test(message) ? 'LOW' : 'INFO'));
    const user = /(?:for|user) (?:invalid user )?(\S+) from/.exec(message);
    const source = / from (\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+:[0-9a-f:]*)/i.exec(message);
    const host = str(f.host);
    const stream = ctx.record.meta.logStream;
    return buildEvent('syslog', { ...p, time }, ctx, {
      severity,
      title: `${host ?? '?'} ${str(f.program) ?? '?'}: ${message}`,
      resource: { cloud: 'aws', account: ctx.record.meta.owner, service: 'ec2', name: stream ?? host, id: stream?.startsWith('i-') ? stream : undefined },
      asset: stream?.startsWith('i-') ? stream : host,
      attributes: [f, commonFields({ 'event.outcome': authFailure ? 'failure' : undefined, 'user.name': authFailure ? user?.[1] : undefined, 'source.ip': source?.[1] })],
    });
  },
};
