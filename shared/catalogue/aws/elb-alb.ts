import { buildEvent, commonFields, decisionFields, failed, httpStatusSeverity, maxSeverity, parsed, recordText, splitQuoted, statusClass, str, type LogType } from '../module-kit.js';
import { awsLogsKey, keyAccountRegion } from './aws-logs-key.js';
import { readColumns, requestLine, type Column } from './positional-fields.js';

/** Application Load Balancer access log entry, in the documented order (newer columns appended by AWS). */
const COLUMNS: readonly Column[] = [
  ['type', 'str'], ['time', 'time'], ['elb', 'str'], ['client', 'endpoint'], ['target', 'endpoint'],
  ['request_processing_time', 'num'], ['target_processing_time', 'num'], ['response_processing_time', 'num'],
  ['elb_status_code', 'int'], ['target_status_code', 'str'], ['received_bytes', 'int'], ['sent_bytes', 'int'],
  ['request', 'str'], ['user_agent', 'str'], ['ssl_cipher', 'str'], ['ssl_protocol', 'str'], ['target_group_arn', 'str'],
  ['trace_id', 'str'], ['domain_name', 'str'], ['chosen_cert_arn', 'str'], ['matched_rule_priority', 'str'],
  ['request_creation_time', 'time'], ['actions_executed', 'str'], ['redirect_url', 'str'], ['error_reason', 'str'],
  ['target_port_list', 'str'], ['target_status_code_list', 'str'], ['classification', 'str'], ['classification_reason', 'str'],
  ['conn_trace_id', 'str'], ['transformed_host', 'str'], ['transformed_uri', 'str'], ['request_transform_status', 'str'],
];
/** Up to `request_creation_time` every ALB format since 2018 has these. */
const REQUIRED = 22;
const TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);
const LINE = /^(?:http|https|h2|grpcs|ws|wss) \d{4}-\d{2}-\d{2}T/;

/** Processing times of -1 mean "could not dispatch / no response": not a latency. */
function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

export const alb: LogType = {
  type: 'alb',
  cloud: 'aws',
  title: 'Application Load Balancer access log',
  delivery: [{ trigger: 's3', pattern: 'AWSLogs/<acct>/elasticloadbalancing/<region>/YYYY/MM/DD/<acct>_elasticloadbalancing_<region>_app.<lb>.<id>_…log.gz' }],
  recognisedBy: 'S3 key `elasticloadbalancing/…_app.<lb>…`, else a line starting `http|https|h2|grpcs|ws|wss <ISO time>`',
  fields: COLUMNS.map(([name, kind]) => (kind === 'endpoint' ? `${name}_ip, ${name}_port` : name)),
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'latency_ms', 'event.action', 'event.type', 'network.bytes'],
  context(ctx) {
    const parsedKey = ctx.trigger === 's3' ? awsLogsKey(ctx.key) : undefined;
    if (parsedKey?.service !== 'elasticloadbalancing') return 'no';
    return /_elasticloadbalancing_[^_]+_app\./.test(parsedKey.file) ? 'owns' : 'maybe';
  },
  matches(record) {
    const text = recordText(record);
    return text !== undefined && LINE.test(text);
  },
  parse(record) {
    const text = recordText(record);
    if (text === undefined) return failed('alb: record has no text');
    const values = splitQuoted(text.trim());
    if (values === undefined) return failed('alb: unclosed quote in the line');
    if (!TYPES.has(values[0] ?? '')) return failed(`alb: field 1 (type) is not http, https, h2, grpcs, ws or wss`);
    const columns = readColumns('alb', COLUMNS, values, REQUIRED);
    if (!columns.ok) return columns;
    return parsed('alb', columns.fields, columns.fields.time);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const status = typeof f.elb_status_code === 'number' ? f.elb_status_code : undefined;
    const request = requestLine(f.request);
    const times = [seconds(f.request_processing_time), seconds(f.target_processing_time), seconds(f.response_processing_time)];
    const latencyMs = times.every((t) => t !== undefined) ? Math.round(times.reduce((a, b) => a! + b!, 0)! * 1e6) / 1e3 : undefined;
    const actions = str(f.actions_executed) ?? '';
    const wafBlocked = actions.includes('waf') && status === 403;
    const classification = str(f.classification);
    const severity = maxSeverity(httpStatusSeverity(status), wafBlocked ? 'MEDIUM' : undefined, classification === 'Severe' ? 'MEDIUM' : classification === 'Ambiguous' ? 'LOW' : undefined);
    const name = str(f.elb);
    const { account, region } = keyAccountRegion(ctx.record.meta);
    return buildEvent('alb', p, ctx, {
      severity,
      title: `${request.method ?? '?'} ${request.path ?? str(f.request) ?? '?'} → ${status ?? '-'}${str(f.error_reason) ? ` (${str(f.error_reason)})` : ''}`,
      resource: { cloud: 'aws', account, region, service: 'elasticloadbalancing', name: name?.split('/')[1], id: name },
      asset: name,
      attributes: [f, (status === undefined ? {} : { status, status_class: statusClass(status) }), (latencyMs === undefined ? {} : { latency_ms: latencyMs }), commonFields({
          'source.ip': f.client_ip,
          'source.port': f.client_port,
          'destination.ip': f.target_ip,
          'destination.port': f.target_port,
          'http.request.method': request.method,
          'http.response.status_code': status,
          'url.path': request.path,
          'url.domain': str(f.domain_name) ?? request.domain,
          'user_agent.original': f.user_agent,
          'network.bytes': typeof f.received_bytes === 'number' && typeof f.sent_bytes === 'number' ? f.received_bytes + f.sent_bytes : undefined,
        }), (wafBlocked ? decisionFields('deny') : {})],
    });
  },
};
