import { at, buildEvent, commonFields, decisionFields, failed, flatten, httpStatusSeverity, int, isPlainObject, maxSeverity, merged, parsed, recordObject, str, upper, type JsonObject, type LogType } from '../module-kit.js';
import { entryFields, entryOf, entryResourceType, entryTime, gcpResource, pubsubContext } from './log-entry.js';
import { httpCommon, httpRequestFields, httpTitle } from './http-request.js';

/** Application Load Balancer resource types: global external (and classic), regional external, internal. */
const LB_RESOURCES = new Set(['http_load_balancer', 'http_external_regional_lb_rule', 'internal_http_lb_rule']);
const POLICY_KEYS = ['enforcedSecurityPolicy', 'enforcedEdgeSecurityPolicy', 'previewSecurityPolicy', 'previewEdgeSecurityPolicy'] as const;

function lbFields(e: JsonObject, r: JsonObject): Record<string, unknown> {
  const labels = at(e, 'resource', 'labels');
  const payload = isPlainObject(e.jsonPayload) ? e.jsonPayload : {};
  return merged(entryFields(e), httpRequestFields(r), {
    status_details: str(payload.statusDetails),
    backend_service: str(at(labels, 'backend_service_name')),
    url_map: str(at(labels, 'url_map_name')),
    forwarding_rule: str(at(labels, 'forwarding_rule_name')),
    target_proxy: str(at(labels, 'target_proxy_name')),
    tls_protocol: str(at(payload, 'tls', 'protocol')),
    tls_cipher: str(at(payload, 'tls', 'cipher')),
  });
}

function lbAsset(f: Readonly<Record<string, unknown>>): string | undefined {
  const project = str(f.project_id);
  if (project === undefined) return undefined;
  const urlMap = str(f.url_map);
  if (urlMap !== undefined) return `//compute.googleapis.com/projects/${project}/global/urlMaps/${urlMap}`;
  const backend = str(f.backend_service);
  return backend === undefined ? undefined : `//compute.googleapis.com/projects/${project}/global/backendServices/${backend}`;
}

function isLbRequest(record: Parameters<LogType['matches']>[0]): boolean {
  const type = entryResourceType(record);
  return type !== undefined && LB_RESOURCES.has(type) && isPlainObject(at(entryOf(record), 'httpRequest'));
}

function hasSecurityPolicy(record: Parameters<LogType['matches']>[0]): boolean {
  const payload = at(entryOf(record), 'jsonPayload');
  return isPlainObject(payload) && POLICY_KEYS.some((k) => isPlainObject(payload[k]));
}

function parseLb(type: 'http_lb' | 'cloud_armor', record: Parameters<LogType['parse']>[0], extra: (e: JsonObject) => Record<string, unknown>) {
  const json = recordObject(record);
  if (!json.ok) return failed(`${type}: ${json.reason}`);
  const e = json.value;
  const r = e.httpRequest;
  if (!isPlainObject(r)) return failed(`${type}: httpRequest is required`);
  return parsed(type, merged(lbFields(e, r), extra(e)), entryTime(e));
}

/** Cloud Load Balancing (Application Load Balancer) request logs. 5xx → HIGH, 4xx → LOW. */
export const httpLb: LogType = {
  type: 'http_lb',
  cloud: 'gcp',
  title: 'GCP Application Load Balancer request log',
  delivery: [{ trigger: 'pubsub', pattern: 'LogEntry log id `requests`, resource.type `http_load_balancer` / `http_external_regional_lb_rule` / `internal_http_lb_rule`' }],
  recognisedBy: 'LogEntry resource.type of an Application Load Balancer, with `httpRequest`',
  fields: ['http_method', 'url', 'host', 'path', 'status', 'latency_ms', 'remote_ip', 'status_details', 'backend_service', 'url_map', 'forwarding_rule', 'tls_protocol'],
  commonFields: ['http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'source.ip', 'destination.ip', 'latency_ms'],
  context: pubsubContext,
  matches: (record) => isLbRequest(record),
  parse: (record) => parseLb('http_lb', record, () => ({})),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const asset = lbAsset(f);
    return buildEvent('http_lb', parsedRecord, ctx, {
      severity: httpStatusSeverity(int(f.status)),
      title: httpTitle(f),
      resource: gcpResource(f, str(f.resource_type) ?? 'http_load_balancer', str(f.url_map) ?? str(f.backend_service) ?? str(f.forwarding_rule), asset),
      asset,
      attributes: [f, httpCommon(f)],
    });
  },
};

/**
 * Cloud Armor: load balancer request logs a security policy evaluated (`jsonPayload.enforced…SecurityPolicy`
 * or `preview…`). DENY (enforced) → MEDIUM, a preview DENY → LOW, plus the HTTP status band.
 */
export const cloudArmor: LogType = {
  type: 'cloud_armor',
  cloud: 'gcp',
  title: 'GCP Cloud Armor verdicts (load balancer requests with a security policy)',
  delivery: [{ trigger: 'pubsub', pattern: 'LogEntry resource.type `http_load_balancer` … with jsonPayload.enforcedSecurityPolicy / previewSecurityPolicy' }],
  recognisedBy: 'an Application Load Balancer request entry whose jsonPayload carries a security policy verdict',
  fields: ['security_policy', 'security_outcome', 'security_configured_action', 'security_priority', 'preview_policy', 'preview_outcome', 'status', 'remote_ip', 'security.*'],
  commonFields: ['event.action', 'event.type', 'rule.name', 'http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'source.ip', 'destination.ip', 'latency_ms'],
  context: pubsubContext,
  matches: (record) => isLbRequest(record) && hasSecurityPolicy(record),
  parse: (record) =>
    parseLb('cloud_armor', record, (e) => {
      const payload = e.jsonPayload as JsonObject;
      const enforced = at(payload, 'enforcedSecurityPolicy') ?? at(payload, 'enforcedEdgeSecurityPolicy');
      const preview = at(payload, 'previewSecurityPolicy') ?? at(payload, 'previewEdgeSecurityPolicy');
      const requestData = at(payload, 'securityPolicyRequestData');
      return {
        security_policy: str(at(enforced, 'name')),
        security_outcome: upper(at(enforced, 'outcome')),
        security_configured_action: upper(at(enforced, 'configuredAction')),
        security_priority: int(at(enforced, 'priority')),
        preview_policy: str(at(preview, 'name')),
        preview_outcome: upper(at(preview, 'outcome')),
        ...(isPlainObject(requestData) ? flatten({ security: requestData }) : {}),
      };
    }),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const outcome = str(f.security_outcome);
    const previewDeny = str(f.preview_outcome) === 'DENY';
    const policy = str(f.security_policy) ?? str(f.preview_policy);
    const asset = lbAsset(f);
    const priority = int(f.security_priority);
    return buildEvent('cloud_armor', parsedRecord, ctx, {
      severity: maxSeverity(httpStatusSeverity(int(f.status)), outcome === 'DENY' ? 'MEDIUM' : undefined, previewDeny ? 'LOW' : undefined),
      title: `Cloud Armor ${outcome ?? 'verdict'}${previewDeny ? ' (preview DENY)' : ''} ${httpTitle(f)} from ${str(f.remote_ip) ?? 'unknown'}${policy === undefined ? '' : ` (policy ${policy}${priority === undefined ? '' : `, priority ${priority}`})`}`,
      resource: gcpResource(f, 'networksecurity.googleapis.com', policy, asset),
      asset,
      attributes: [f, httpCommon(f), commonFields({ 'rule.name': policy === undefined ? undefined : priority === undefined ? policy : `${policy}/${priority}` }), decisionFields(outcome ?? (previewDeny ? 'alert' : undefined))],
    });
  },
};
