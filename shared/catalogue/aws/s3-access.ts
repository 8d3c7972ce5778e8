import { buildEvent, commonFields, failed, httpStatusSeverity, parsed, recordText, splitQuoted, statusClass, str, type LogType } from '../module-kit.js';
import { readColumns, requestLine, type Column } from './positional-fields.js';

/** S3 server access log record, in the documented order (AWS appends columns over time). */
const COLUMNS: readonly Column[] = [
  ['bucket_owner', 'str'], ['bucket', 'str'], ['time', 'time'], ['remote_ip', 'str'], ['requester', 'str'], ['request_id', 'str'],
  ['operation', 'str'], ['key', 'str'], ['request_uri', 'str'], ['http_status', 'int'], ['error_code', 'str'], ['bytes_sent', 'int'],
  ['object_size', 'int'], ['total_time', 'int'], ['turn_around_time', 'int'], ['referer', 'str'], ['user_agent', 'str'], ['version_id', 'str'],
  ['host_id', 'str'], ['signature_version', 'str'], ['cipher_suite', 'str'], ['authentication_type', 'str'], ['host_header', 'str'],
  ['tls_version', 'str'], ['access_point_arn', 'str'], ['acl_required', 'str'], ['source_region', 'str'],
];
const REQUIRED = 18;
/** Canonical owner id (64 hex), bucket, `[06/Feb/2019:00:00:38 +0000]`. */
const LINE = /^[0-9a-f]{64} \S+ \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:/;
/** Simple and date-partitioned key formats both end `YYYY-mm-DD-HH-MM-SS-<unique>`. */
const KEY = /(?:^|\/)\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9A-Za-z]+$/;

export const s3_access: LogType = {
  type: 's3_access',
  cloud: 'aws',
  title: 'S3 server access log',
  delivery: [{ trigger: 's3', pattern: '<prefix>YYYY-mm-DD-HH-MM-SS-<unique> (or <prefix><acct>/<region>/<bucket>/YYYY/MM/DD/…)' }],
  recognisedBy: 'S3 object name `YYYY-mm-DD-HH-MM-SS-<unique>` and a line `<64-hex owner> <bucket> [<CLF time>]`',
  fields: COLUMNS.map(([name]) => name),
  commonFields: ['source.ip', 'user.name', 'event.action', 'event.outcome', 'http.request.method', 'http.response.status_code', 'url.path', 'user_agent.original', 'latency_ms'],
  context: (ctx) => (ctx.trigger === 's3' && KEY.test(ctx.key ?? '') ? 'maybe' : 'no'),
  matches(record) {
    const text = recordText(record);
    return text !== undefined && LINE.test(text);
  },
  parse(record) {
    const text = recordText(record);
    if (text === undefined) return failed('s3_access: record has no text');
    const values = splitQuoted(text.trim());
    if (values === undefined) return failed('s3_access: unclosed quote or bracket in the line');
    const columns = readColumns('s3_access', COLUMNS, values, REQUIRED);
    if (!columns.ok) return columns;
    return parsed('s3_access', columns.fields, columns.fields.time);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const status = typeof f.http_status === 'number' ? f.http_status : undefined;
    const request = requestLine(f.request_uri);
    const bucket = str(f.bucket);
    const errorCode = str(f.error_code);
    return buildEvent('s3_access', p, ctx, {
      severity: errorCode === 'AccessDenied' ? 'LOW' : httpStatusSeverity(status),
      title: `${str(f.operation) ?? 'S3 request'} ${bucket ?? '?'}${str(f.key) ? `/${str(f.key)}` : ''} → ${status ?? '-'}${errorCode ? ` ${errorCode}` : ''}`,
      resource: { cloud: 'aws', service: 's3', name: bucket, id: bucket === undefined ? undefined : `arn:aws:s3:::${bucket}` },
      asset: bucket,
      attributes: [f, (status === undefined ? {} : { status, status_class: statusClass(status) }), commonFields({
          'source.ip': f.remote_ip,
          'user.name': f.requester,
          'event.action': f.operation,
          'event.outcome': status === undefined ? undefined : status < 400 ? 'success' : 'failure',
          'http.request.method': request.method,
          'http.response.status_code': status,
          'url.path': request.path,
          'user_agent.original': f.user_agent,
          latency_ms: f.total_time,
        })],
    });
  },
};
