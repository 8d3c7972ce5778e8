import { buildEvent, commonFields, failed, maxSeverity, parsed, recordText, splitQuoted, str, type LogType } from '../module-kit.js';
import { awsLogsKey, keyAccountRegion } from './aws-logs-key.js';
import { readColumns, type Column } from './positional-fields.js';

/** Network Load Balancer access log (TLS listeners only), in the documented order. */
const COLUMNS: readonly Column[] = [
  ['type', 'str'], ['version', 'str'], ['time', 'time'], ['elb', 'str'], ['listener', 'str'], ['client', 'endpoint'], ['destination', 'endpoint'],
  ['connection_time', 'int'], ['tls_handshake_time', 'int'], ['received_bytes', 'int'], ['sent_bytes', 'int'], ['incoming_tls_alert', 'str'],
  ['chosen_cert_arn', 'str'], ['chosen_cert_serial', 'str'], ['tls_cipher', 'str'], ['tls_protocol_version', 'str'], ['tls_named_group', 'str'],
  ['domain_name', 'str'], ['alpn_fe_protocol', 'str'], ['alpn_be_protocol', 'str'], ['alpn_client_preference_list', 'str'],
  ['tls_connection_creation_time', 'time'],
];
const REQUIRED = 21;
const LINE = /^tls \d+\.\d+ \d{4}-\d{2}-\d{2}T/;

export const nlb: LogType = {
  type: 'nlb',
  cloud: 'aws',
  title: 'Network Load Balancer TLS access log',
  delivery: [{ trigger: 's3', pattern: 'AWSLogs/<acct>/elasticloadbalancing/<region>/YYYY/MM/DD/<acct>_elasticloadbalancing_<region>_net.<lb>.<id>_…log.gz' }],
  recognisedBy: 'S3 key `elasticloadbalancing/…_net.<lb>…`, else a line starting `tls <version> <time>`',
  fields: COLUMNS.map(([name, kind]) => (kind === 'endpoint' ? `${name}_ip, ${name}_port` : name)),
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'url.domain', 'latency_ms', 'network.bytes', 'network.transport'],
  context(ctx) {
    const key = ctx.trigger === 's3' ? awsLogsKey(ctx.key) : undefined;
    if (key?.service !== 'elasticloadbalancing') return 'no';
    return /_elasticloadbalancing_[^_]+_net\./.test(key.file) ? 'owns' : 'maybe';
  },
  matches(record) {
    const text = recordText(record);
    return text !== undefined && LINE.test(text);
  },
  parse(record) {
    const text = recordText(record);
    if (text === undefined) return failed('nlb: record has no text');
    const values = splitQuoted(text.trim());
    if (values === undefined) return failed('nlb: unclosed quote in the line');
    if (values[0] !== 'tls') return failed('nlb: field 1 (type) is not tls');
    // `alpn_client_preference_list` is a quoted, comma-joined list: `"h2","http/1.1"` splits in one piece.
    const columns = readColumns('nlb', COLUMNS, values, REQUIRED);
    if (!columns.ok) return columns;
    return parsed('nlb', columns.fields, columns.fields.time);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const name = str(f.elb);
    const alert = str(f.incoming_tls_alert);
    const { account, region } = keyAccountRegion(ctx.record.meta);
    return buildEvent('nlb', p, ctx, {
      severity: maxSeverity(alert === undefined ? undefined : 'LOW'),
      title: `TLS ${str(f.client_ip) ?? '?'} → ${str(f.destination_ip) ?? '?'}:${str(f.destination_port) ?? '?'}${str(f.domain_name) ? ` (${str(f.domain_name)})` : ''}${alert ? ` alert ${alert}` : ''}`,
      resource: { cloud: 'aws', account, region, service: 'elasticloadbalancing', name: name?.split('/')[1], id: name },
      asset: name,
      attributes: [f, commonFields({
          'source.ip': f.client_ip,
          'source.port': f.client_port,
          'destination.ip': f.destination_ip,
          'destination.port': f.destination_port,
          'url.domain': f.domain_name,
          'network.transport': 'tcp',
          latency_ms: f.connection_time,
          'network.bytes': typeof f.received_bytes === 'number' && typeof f.sent_bytes === 'number' ? f.received_bytes + f.sent_bytes : undefined,
        })],
    });
  },
};
