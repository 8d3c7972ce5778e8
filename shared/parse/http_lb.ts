import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { isPlainObject, mentionsKeys, recordObject, recordText } from './json-input.js';
import { at, bool, failed, int, parsed, str, upper } from './field-read.js';
import { parseLogName } from './audit.js';

function splitUrl(url: string | undefined): { host?: string; path?: string } {
  if (url === undefined) return {};
  try {
    const u = new URL(url);
    return { host: u.host || undefined, path: u.pathname };
  } catch {
    return url.startsWith('/') ? { path: url.split('?')[0] } : {};
  }
}

/** A GCP LogEntry with `httpRequest`: external/internal HTTP(S) load balancer, Cloud Run, Cloud Armor. */
export const http_lb: Parser = {
  type: 'http_lb',
  matches(record: RawRecord, hint: string | undefined): boolean {
    if (!mentionsKeys(record, ['httpRequest'])) return false;
    if (hint === 'http_lb') return true;
    if (isPlainObject(record.value)) return at(record.value, 'httpRequest', 'requestMethod') !== undefined || at(record.value, 'httpRequest', 'requestUrl') !== undefined;
    const text = recordText(record) ?? '';
    return text.includes('"requestMethod"') || text.includes('"requestUrl"');
  },
  parse(record: RawRecord): ParseResult {
    const json = recordObject(record);
    if (!json.ok) return failed(`http_lb: ${json.reason}`);
    const e = json.value;
    const r = e.httpRequest;
    if (!isPlainObject(r)) return failed('http_lb: httpRequest is required');
    const url = str(r.requestUrl);
    const { host, path } = splitUrl(url);
    const labels = at(e, 'resource', 'labels');
    const policy = at(e, 'jsonPayload', 'enforcedSecurityPolicy');
    const status = int(r.status);
    return parsed(
      'http_lb',
      {
        http_method: upper(r.requestMethod),
        url,
        host,
        path,
        status: status !== undefined && status >= 100 && status <= 599 ? status : undefined,
        latency: r.latency,
        remote_ip: str(r.remoteIp),
        server_ip: str(r.serverIp),
        user_agent: str(r.userAgent),
        referer: str(r.referer),
        protocol: str(r.protocol),
        request_size: int(r.requestSize),
        response_size: int(r.responseSize),
        cache_hit: bool(r.cacheHit),
        status_details: str(at(e, 'jsonPayload', 'statusDetails')),
        security_policy: str(at(policy, 'name')),
        security_outcome: upper(at(policy, 'outcome')),
        resource_type: str(at(e, 'resource', 'type')),
        project_id: str(at(labels, 'project_id')) ?? parseLogName(str(e.logName)).project,
        location: str(at(labels, 'zone')) ?? str(at(labels, 'region')) ?? str(at(labels, 'location')),
        backend_service: str(at(labels, 'backend_service_name')),
        url_map: str(at(labels, 'url_map_name')),
        forwarding_rule: str(at(labels, 'forwarding_rule_name')),
        service_name: str(at(labels, 'service_name')),
        gcp_severity: upper(e.severity),
        trace: str(e.trace),
        insert_id: str(e.insertId),
      },
      e.timestamp ?? e.receiveTimestamp,
    );
  },
};
