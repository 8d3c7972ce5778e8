import { buildEvent, commonFields, failed, httpStatusSeverity, parsed, recordText, statusClass, str, w3cDateTime, type LogType } from '../module-kit.js';

/** CloudFront standard log (legacy) fields as `#Fields:` lists them, version 1.0 (33 fields). */
const DEFAULT_FIELDS =
  'date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end';
const NUMERIC = new Set(['sc-bytes', 'sc-status', 'cs-bytes', 'time-taken', 'c-port', 'time-to-first-byte', 'sc-content-len', 'sc-range-start', 'sc-range-end']);
const LINE = /^\d{4}-\d{2}-\d{2}\t\d{2}:\d{2}:\d{2}\t/;
/** `<prefix>/<distribution id>.YYYY-MM-DD-HH.<unique>.gz` */
const KEY = /(?:^|\/)E[0-9A-Z]+\.\d{4}-\d{2}-\d{2}-\d{2}\.[0-9a-z]+(?:\.gz)?$/;

/** `cs(User-Agent)` → `cs_user_agent`, `x-edge-location` → `x_edge_location`. */
function attributeName(field: string): string {
  return field.replace(/\(([^)]*)\)/g, '_$1').replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '').toLowerCase();
}

interface Plan {
  header: string;
  names: readonly string[];
  keys: readonly string[];
}
const plans = new Map<string, Plan>();
function planFor(header: string): Plan {
  let plan = plans.get(header);
  if (plan === undefined) {
    const names = header.split(' ');
    plan = { header, names, keys: names.map(attributeName) };
    if (plans.size < 64) plans.set(header, plan);
  }
  return plan;
}

function decoded(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export const cloudfront: LogType = {
  type: 'cloudfront',
  cloud: 'aws',
  title: 'CloudFront standard access log',
  delivery: [{ trigger: 's3', pattern: '<prefix>/<distribution-id>.YYYY-MM-DD-HH.<unique>.gz (W3C, tab-separated, #Version/#Fields header)' }],
  recognisedBy: 'S3 object name `<E…>.YYYY-MM-DD-HH.<id>.gz` or a `#Fields: date time x-edge-location …` header, else a line `YYYY-MM-DD<TAB>hh:mm:ss<TAB>`',
  fields: DEFAULT_FIELDS.split(' ').map(attributeName),
  commonFields: ['source.ip', 'source.port', 'http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'latency_ms', 'network.bytes'],
  context: (ctx) => (ctx.trigger === 's3' && KEY.test(ctx.key ?? '') ? 'owns' : 'no'),
  matches(record) {
    if (record.meta.header_kind === 'w3c' && (record.meta.header ?? '').startsWith('date time x-edge-location')) return true;
    const text = recordText(record);
    return text !== undefined && LINE.test(text);
  },
  parse(record) {
    const text = recordText(record);
    if (text === undefined) return failed('cloudfront: record has no text');
    const { names, keys } = planFor(record.meta.header_kind === 'w3c' && record.meta.header ? record.meta.header : DEFAULT_FIELDS);
    const values = text.split('\t');
    if (values.length < Math.min(names.length, 19)) return failed(`cloudfront: line has ${values.length} fields, expected ${names.length}`);
    const fields: Record<string, unknown> = {};
    for (let i = 0; i < values.length && i < names.length; i++) {
      const value = values[i]!;
      if (value === '-' || value === '') continue;
      if (NUMERIC.has(names[i]!)) {
        const n = Number(value);
        if (!Number.isFinite(n)) return failed(`cloudfront: field ${names[i]!} is not a number`);
        fields[keys[i]!] = n;
      } else fields[keys[i]!] = value;
    }
    const time = w3cDateTime(fields.date, fields.time);
    if (time === undefined) return failed('cloudfront: fields date + time are not a W3C date and time');
    return parsed('cloudfront', fields, time);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const status = typeof f.sc_status === 'number' ? f.sc_status : undefined;
    const distribution = /(?:^|\/)(E[0-9A-Z]+)\.\d{4}-/.exec(ctx.record.meta.key ?? '')?.[1];
    const host = str(f.x_host_header) ?? str(f.cs_host);
    return buildEvent('cloudfront', p, ctx, {
      severity: httpStatusSeverity(status),
      title: `${str(f.cs_method) ?? '?'} ${host ?? ''}${str(f.cs_uri_stem) ?? ''} → ${status ?? '-'} ${str(f.x_edge_result_type) ?? ''}`.trim(),
      resource: { cloud: 'aws', service: 'cloudfront', name: distribution ?? str(f.cs_host), id: distribution },
      asset: distribution ?? str(f.cs_host),
      attributes: [f, (status === undefined ? {} : { status, status_class: statusClass(status) }), commonFields({
          'source.ip': f.c_ip,
          'source.port': f.c_port,
          'http.request.method': f.cs_method,
          'http.response.status_code': status,
          'url.path': f.cs_uri_stem,
          'url.domain': host,
          'user_agent.original': decoded(f.cs_user_agent),
          latency_ms: typeof f.time_taken === 'number' ? Math.round(f.time_taken * 1e6) / 1e3 : undefined,
          'network.bytes': f.sc_bytes,
        })],
    });
  },
};
