import { buildEvent, commonFields, decisionFields, failed, flatten, int, isPlainObject, maxSeverity, mentionsKeys, parsed, recordObject, str, transportOf, type LogType } from '../module-kit.js';
import { logGroupOf } from './aws-logs-key.js';

const FIREWALL_SEVERITY = { BLOCK: 'MEDIUM', ALERT: 'LOW' } as const;

function answers(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((a) => (isPlainObject(a) && typeof a.Rdata === 'string' ? [a.Rdata] : []));
}

export const route53_resolver: LogType = {
  type: 'route53_resolver',
  cloud: 'aws',
  title: 'Route 53 Resolver query log (incl. DNS Firewall)',
  delivery: [
    { trigger: 'cloudwatch', pattern: 'the query logging configuration\'s log group (e.g. `/aws/route53resolver/…`)' },
    { trigger: 's3', pattern: 'AWSLogs/<acct>/vpcdnsquerylogs/<vpc>/YYYY/MM/DD/…log.gz' },
  ],
  recognisedBy: 'log group `*route53resolver*` / S3 key `vpcdnsquerylogs/`, else JSON with `query_timestamp` + `query_name` + `srcaddr`',
  fields: ['version', 'account_id', 'region', 'vpc_id', 'query_timestamp', 'query_name', 'query_type', 'query_class', 'rcode', 'answers', 'srcaddr', 'srcport', 'transport', 'srcids.instance', 'srcids.resolver_endpoint', 'firewall_rule_action', 'firewall_rule_group_id', 'firewall_domain_list_id'],
  commonFields: ['source.ip', 'source.port', 'network.transport', 'dns.question.name', 'dns.question.type', 'dns.answers', 'dns.response_code', 'event.action', 'event.type', 'cloud.region'],
  context(ctx) {
    if (logGroupOf(ctx).includes('route53resolver') || (ctx.trigger === 's3' && /\/vpcdnsquerylogs\//i.test(ctx.key ?? ''))) return 'owns';
    return 'no';
  },
  matches: (record) => mentionsKeys(record, ['query_timestamp', 'query_name', 'srcaddr']),
  parse(record) {
    const object = recordObject(record);
    if (!object.ok) return failed(`route53_resolver: ${object.reason}`);
    const v = object.value;
    if (typeof v.query_timestamp !== 'string') return failed('route53_resolver: field query_timestamp is missing');
    const fields = flatten(v);
    const port = int(v.srcport);
    if (port !== undefined) fields.srcport = port;
    return parsed('route53_resolver', { ...fields, answer_data: answers(v.answers) }, v.query_timestamp);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const action = str(f.firewall_rule_action)?.toUpperCase();
    const rcode = str(f.rcode);
    const instance = str(f['srcids.instance']);
    const vpc = str(f.vpc_id);
    return buildEvent('route53_resolver', p, ctx, {
      severity: maxSeverity(action === 'BLOCK' || action === 'ALERT' ? FIREWALL_SEVERITY[action] : undefined, rcode === 'SERVFAIL' ? 'LOW' : undefined),
      title: `DNS ${str(f.query_type) ?? '?'} ${str(f.query_name) ?? '?'} → ${rcode ?? '?'}${action ? ` (DNS Firewall ${action})` : ''}`,
      resource: { cloud: 'aws', account: str(f.account_id), region: str(f.region), service: 'route53resolver', name: vpc, id: vpc },
      asset: instance ?? vpc,
      attributes: [f, commonFields({
          'source.ip': f.srcaddr,
          'source.port': f.srcport,
          'network.transport': transportOf(f.transport),
          'dns.question.name': f.query_name,
          'dns.question.type': f.query_type,
          'dns.answers': f.answer_data,
          'dns.response_code': rcode?.toUpperCase(),
          'cloud.region': f.region,
        }), decisionFields(action === 'ALERT' ? 'alert' : action)],
    });
  },
};
