import { buildEvent, commonFields, failed, httpStatusSeverity, parsed, recordText, splitQuoted, statusClass, str, type LogType } from '../module-kit.js';
import { awsLogsKey, keyAccountRegion } from './aws-logs-key.js';
import { readColumns, requestLine, type Column } from './positional-fields.js';

/** Classic Load Balancer access log entry, in the documented order. */
const COLUMNS: readonly Column[] = [
  ['time', 'time'], ['elb', 'str'], ['client', 'endpoint'], ['backend', 'endpoint'],
  ['request_processing_time', 'num'], ['backend_processing_time', 'num'], ['response_processing_time', 'num'],
  ['elb_status_code', 'int'], ['backend_status_code', 'str'], ['received_bytes', 'int'], ['sent_bytes', 'int'],
  ['request', 'str'], ['user_agent', 'str'], ['ssl_cipher', 'str'], ['ssl_protocol', 'str'],
];
const REQUIRED = 12;
const LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z \S+ \S+:\d+ /;

export const clb: LogType = {
  type: 'clb',
  cloud: 'aws',
  title: 'Classic Load Balancer access log',
  delivery: [{ trigger: 's3', pattern: 'AWSLogs/<acct>/elasticloadbalancing/<region>/YYYY/MM/DD/<acct>_elasticloadbalancing_<region>_<lb>_…log' }],
  recognisedBy: 'S3 key `elasticloadbalancing/` without `app.`/`net.`, and a line starting `<ISO time> <lb> <ip:port>`',
  fields: COLUMNS.map(([name, kind]) => (kind === 'endpoint' ? `${name}_ip, ${name}_port` : name)),
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'latency_ms', 'network.bytes'],
  context(ctx) {
    const key = ctx.trigger === 's3' ? awsLogsKey(ctx.key) : undefined;
    if (key?.service !== 'elasticloadbalancing') return 'no';
    return /_elasticloadbalancing_[^_]+_(?:app|net)\./.test(key.file) ? 'no' : 'owns';
  },
  matches(record) {
    const text = recordText(record);
    return text !== undefined && LINE.test(text);
  },
  parse(record) {
    const text = recordText(record);
    if (text === undefined) return failed('clb: record has no text');
    const values = splitQuoted(text.trim());
    if (values === undefined) return failed('clb: unclosed quote in the line');
    const columns = readColumns('clb', COLUMNS, values, REQUIRED);
    if (!columns.ok) return columns;
    return parsed('clb', columns.fields, columns.fields.time);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const status = typeof f.elb_status_code === 'number' ? f.elb_status_code : undefined;
    const request = requestLine(f.request);
    const parts = [f.request_processing_time, f.backend_processing_time, f.response_processing_time];
    const latencyMs = parts.every((t) => typeof t === 'number' && t >= 0) ? Math.round((parts as number[]).reduce((a, b) => a + b, 0) * 1e6) / 1e3 : undefined;
    const name = str(f.elb);
    const { account, region } = keyAccountRegion(ctx.record.meta);
    return buildEvent('clb', p, ctx, {
      severity: httpStatusSeverity(status),
      title: request.method === undefined ? `TCP ${str(f.client_ip) ?? '?'} → ${str(f.backend_ip) ?? '-'}` : `${request.method} ${request.path ?? '?'} → ${status ?? '-'}`,
      resource: { cloud: 'aws', account, region, service: 'elasticloadbalancing', name, id: name },
      asset: name,
      attributes: [f, (status === undefined ? {} : { status, status_class: statusClass(status) }), (latencyMs === undefined ? {} : { latency_ms: latencyMs }), commonFields({
          'source.ip': f.client_ip,
          'source.port': f.client_port,
          'destination.ip': f.backend_ip,
          'destination.port': f.backend_port,
          'http.request.method': request.method,
          'http.response.status_code': status,
          'url.path': request.path,
          'url.domain': request.domain,
          'user_agent.original': f.user_agent,
          'network.bytes': typeof f.received_bytes === 'number' && typeof f.sent_bytes === 'number' ? f.received_bytes + f.sent_bytes : undefined,
        })],
    });
  },
};
