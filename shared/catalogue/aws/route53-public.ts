import { buildEvent, commonFields, failed, parsed, recordText, str, transportOf, type LogType } from '../module-kit.js';
import { logGroupOf } from './aws-logs-key.js';
import { readColumns, type Column } from './positional-fields.js';

/** Route 53 public DNS query log line, in the documented order. */
const COLUMNS: readonly Column[] = [
  ['log_format_version', 'str'], ['query_timestamp', 'time'], ['hosted_zone_id', 'str'], ['query_name', 'str'], ['query_type', 'str'],
  ['response_code', 'str'], ['protocol', 'str'], ['edge_location', 'str'], ['resolver_ip', 'str'], ['edns_client_subnet', 'str'],
];
const LINE = /^\d+\.\d+ \d{4}-\d{2}-\d{2}T\S+ Z[0-9A-Z]+ /;

export const route53_public: LogType = {
  type: 'route53_public',
  cloud: 'aws',
  title: 'Route 53 public DNS query log',
  delivery: [{ trigger: 'cloudwatch', pattern: 'log group `/aws/route53/<hosted zone>` (us-east-1), stream `<zone id>/<edge location>`' }],
  recognisedBy: 'log group `/aws/route53/…`, else a line `<version> <ISO time> Z<zone id> …`',
  fields: COLUMNS.map(([name]) => name),
  commonFields: ['source.ip', 'network.transport', 'dns.question.name', 'dns.question.type', 'dns.response_code'],
  context: (ctx) => (logGroupOf(ctx).startsWith('/aws/route53/') ? 'owns' : 'no'),
  matches(record) {
    const text = recordText(record);
    return text !== undefined && LINE.test(text);
  },
  parse(record) {
    const text = recordText(record);
    if (text === undefined) return failed('route53_public: record has no text');
    const columns = readColumns('route53_public', COLUMNS, text.trim().split(/\s+/), 9);
    if (!columns.ok) return columns;
    return parsed('route53_public', columns.fields, columns.fields.query_timestamp);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const zone = str(f.hosted_zone_id);
    const rcode = str(f.response_code);
    return buildEvent('route53_public', p, ctx, {
      severity: rcode === 'SERVFAIL' ? 'LOW' : 'INFO',
      title: `DNS ${str(f.query_type) ?? '?'} ${str(f.query_name) ?? '?'} → ${rcode ?? '?'} at ${str(f.edge_location) ?? '?'}`,
      resource: { cloud: 'aws', account: ctx.record.meta.owner, service: 'route53', name: zone, id: zone === undefined ? undefined : `arn:aws:route53:::hostedzone/${zone}` },
      asset: zone,
      attributes: [f, commonFields({
          'source.ip': f.resolver_ip,
          'network.transport': transportOf(f.protocol),
          'dns.question.name': f.query_name,
          'dns.question.type': f.query_type,
          'dns.response_code': rcode?.toUpperCase(),
        })],
    });
  },
};
