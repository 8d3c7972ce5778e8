import { buildEvent, commonFields, decisionFields, failed, flatten, maxSeverity, mentionsKeys, num, parsed, recordObject, str, transportOf, at, type LogType } from '../module-kit.js';
import { awsLogsKey, keyAccountRegion } from './aws-logs-key.js';

/** Suricata alert severity: 1 is the most severe. */
const ALERT_SEVERITY = { 1: 'HIGH', 2: 'MEDIUM', 3: 'LOW' } as const;

export const network_firewall: LogType = {
  type: 'network_firewall',
  cloud: 'aws',
  title: 'AWS Network Firewall alert, flow and TLS log',
  delivery: [
    { trigger: 's3', pattern: 'AWSLogs/<acct>/network-firewall/<alert|flow|tls>/<region>/<firewall>/YYYY/MM/DD/HH/…log.gz' },
    { trigger: 'cloudwatch', pattern: 'the firewall\'s logging log group' },
  ],
  recognisedBy: 'S3 key `network-firewall/`, else JSON with `firewall_name` + `event`',
  fields: ['firewall_name', 'availability_zone', 'event_timestamp', 'event.event_type', 'event.src_ip', 'event.src_port', 'event.dest_ip', 'event.dest_port', 'event.proto', 'event.app_proto', 'event.alert.action', 'event.alert.signature', 'event.alert.signature_id', 'event.alert.severity', 'event.netflow.bytes', 'event.netflow.pkts', 'event.tls.sni', 'event.http.hostname'],
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'network.transport', 'network.bytes', 'network.packets', 'event.action', 'event.type', 'rule.name', 'url.domain', 'url.path', 'http.request.method', 'user_agent.original'],
  context: (ctx) => (ctx.trigger === 's3' && awsLogsKey(ctx.key)?.service === 'network-firewall' ? 'owns' : 'no'),
  matches: (record) => mentionsKeys(record, ['firewall_name', 'event']),
  parse(record) {
    const object = recordObject(record);
    if (!object.ok) return failed(`network_firewall: ${object.reason}`);
    const v = object.value;
    const time = at(v, 'event', 'timestamp') ?? v.event_timestamp;
    if (time === undefined) return failed('network_firewall: field event.timestamp is missing');
    return parsed('network_firewall', flatten(v), time);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const kind = str(f['event.event_type']);
    const action = str(f['event.alert.action']);
    const alertSeverity = num(f['event.alert.severity']);
    const blocked = action === 'blocked';
    const severity = kind !== 'alert' ? 'INFO' : maxSeverity(blocked ? 'MEDIUM' : 'LOW', alertSeverity === 1 || alertSeverity === 2 || alertSeverity === 3 ? ALERT_SEVERITY[alertSeverity] : undefined);
    const name = str(f.firewall_name);
    const { account, region } = keyAccountRegion(ctx.record.meta);
    const endpoints = `${str(f['event.src_ip']) ?? '?'}:${str(f['event.src_port']) ?? '?'} → ${str(f['event.dest_ip']) ?? '?'}:${str(f['event.dest_port']) ?? '?'}`;
    const title = kind === 'alert' ? `${action ?? 'alert'}: ${str(f['event.alert.signature']) ?? 'alert'} ${endpoints}` : `${kind ?? 'event'} ${str(f['event.proto']) ?? ''} ${endpoints}`;
    return buildEvent('network_firewall', p, ctx, {
      severity,
      title,
      resource: { cloud: 'aws', account, region: region ?? str(f.availability_zone)?.replace(/[a-z]$/, ''), service: 'network-firewall', name, id: name },
      asset: name,
      attributes: [f, commonFields({
          'source.ip': f['event.src_ip'],
          'source.port': f['event.src_port'],
          'destination.ip': f['event.dest_ip'],
          'destination.port': f['event.dest_port'],
          'network.transport': transportOf(f['event.proto']),
          'network.bytes': f['event.netflow.bytes'],
          'network.packets': f['event.netflow.pkts'],
          'rule.name': f['event.alert.signature'],
          'url.domain': str(f['event.tls.sni']) ?? str(f['event.http.hostname']),
          'url.path': f['event.http.url'],
          'http.request.method': f['event.http.http_method'],
          'user_agent.original': f['event.http.http_user_agent'],
        }), (kind === 'alert' ? (blocked ? decisionFields('deny') : action === 'allowed' ? { 'event.action': 'alert' } : decisionFields('alert')) : {})],
    });
  },
};
