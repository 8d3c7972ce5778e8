import { at, buildEvent, commonFields, decisionFields, httpStatusSeverity, int, maxSeverity, num, str, type LogType } from '../module-kit.js';
import type { Severity } from '../../schema/index.js';
import { azureResource, parseDiagnostic, resourceLogRouting } from './diagnostic.js';
import { httpCommonFields, secondsToMs, splitRequestUri } from './http-request.js';

const ACCESS = ['ApplicationGatewayAccessLog'];
const FIREWALL = ['ApplicationGatewayFirewallLog'];
/** WAF actions: Blocked (prevention) → MEDIUM; Matched / Detected (a rule matched) → LOW. */
const WAF_SEVERITY: Readonly<Record<string, Severity>> = { blocked: 'MEDIUM', block: 'MEDIUM', matched: 'LOW', detected: 'LOW', log: 'LOW' };
const WAF_DECISION: Readonly<Record<string, string>> = { blocked: 'deny', block: 'deny', matched: 'alert', detected: 'alert', log: 'alert', allowed: 'allow', allow: 'allow' };

/** v1 logs `timeTaken` in ms (an integer); v2 in seconds (a fraction). */
function timeTakenMs(value: unknown): number | undefined {
  const n = num(value);
  if (n === undefined || n < 0) return undefined;
  return Number.isInteger(n) ? n : secondsToMs(n);
}

/** Application Gateway access log (v1 and v2 SKUs). */
export const appgwAccess: LogType = {
  type: 'appgw_access',
  cloud: 'azure',
  title: 'Azure Application Gateway access log',
  ...resourceLogRouting(ACCESS),
  recognisedBy: 'category `ApplicationGatewayAccessLog`',
  fields: ['client_ip', 'http_method', 'request_uri', 'host', 'http_status', 'time_taken_ms', 'server_routed', 'server_status', 'waf_mode', 'transaction_id'],
  commonFields: ['source.ip', 'source.port', 'http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'latency_ms', 'network.bytes'],
  parse: (record) =>
    parseDiagnostic(
      'appgw_access',
      record,
      (e, p) => {
        return {
          resource_id: str(e.resourceId),
          instance_id: str(p.instanceId),
          client_ip: str(p.clientIP) ?? str(p.clientIp),
          client_port: int(p.clientPort),
          http_method: str(p.httpMethod)?.toUpperCase(),
          request_uri: str(p.requestUri) ?? str(p.originalRequestUriWithArgs),
          request_query: str(p.requestQuery),
          host: str(p.host) ?? str(p.originalHost),
          user_agent: str(p.userAgent),
          http_status: int(p.httpStatus),
          http_version: str(p.httpVersion),
          received_bytes: int(p.receivedBytes),
          sent_bytes: int(p.sentBytes),
          time_taken_ms: timeTakenMs(p.timeTaken),
          ssl_enabled: str(p.sslEnabled),
          ssl_protocol: str(p.sslProtocol),
          ssl_cipher: str(p.sslCipher),
          server_routed: str(p.serverRouted),
          server_status: str(p.serverStatus),
          server_response_latency_ms: secondsToMs(p.serverResponseLatency),
          waf_mode: str(p.WAFMode),
          waf_evaluation_time_ms: secondsToMs(p.WAFEvaluationTime),
          transaction_id: str(p.transactionId),
          error_info: str(p.error_info),
        };
      },
    ),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const status = int(f.http_status);
    const { resource, rid } = azureResource(f.resource_id);
    const { path } = splitRequestUri(str(f.request_uri));
    return buildEvent('appgw_access', parsedRecord, ctx, {
      severity: httpStatusSeverity(status),
      title: `${str(f.http_method) ?? ''} ${str(f.host) ?? ''}${path ?? ''} ${status ?? ''}${f.time_taken_ms === undefined ? '' : ` (${String(f.time_taken_ms)} ms)`}`,
      resource,
      asset: rid?.id,
      attributes: [f, httpCommonFields({ method: f.http_method, status, path, host: f.host, userAgent: f.user_agent, clientIp: f.client_ip, clientPort: f.client_port, latencyMs: num(f.time_taken_ms) }), { 'network.bytes': int(f.received_bytes) !== undefined && int(f.sent_bytes) !== undefined ? int(f.received_bytes)! + int(f.sent_bytes)! : undefined }],
    });
  },
};

/** Application Gateway WAF (firewall) log: one record per rule match or block. */
export const appgwWaf: LogType = {
  type: 'appgw_waf',
  cloud: 'azure',
  title: 'Azure Application Gateway WAF (firewall) log',
  ...resourceLogRouting(FIREWALL),
  recognisedBy: 'category `ApplicationGatewayFirewallLog`',
  fields: ['client_ip', 'request_uri', 'hostname', 'rule_set_type', 'rule_set_version', 'rule_id', 'rule_group', 'message', 'action', 'detail_message', 'detail_data', 'policy_id', 'transaction_id'],
  commonFields: ['source.ip', 'url.path', 'url.domain', 'event.action', 'event.type', 'rule.name'],
  parse: (record) =>
    parseDiagnostic(
      'appgw_waf',
      record,
      (e, p) => {
        return {
          resource_id: str(e.resourceId),
          instance_id: str(p.instanceId),
          client_ip: str(p.clientIp) ?? str(p.clientIP),
          client_port: int(p.clientPort),
          request_uri: str(p.requestUri),
          hostname: str(p.hostname),
          rule_set_type: str(p.ruleSetType),
          rule_set_version: str(p.ruleSetVersion),
          rule_id: str(p.ruleId),
          rule_group: str(p.ruleGroup),
          message: str(p.message),
          action: str(p.action),
          site: str(p.site),
          detail_message: str(at(p, 'details', 'message')),
          detail_data: str(at(p, 'details', 'data')),
          detail_file: str(at(p, 'details', 'file')),
          detail_line: str(at(p, 'details', 'line')),
          policy_id: str(p.policyId),
          policy_scope: str(p.policyScope),
          policy_scope_name: str(p.policyScopeName),
          transaction_id: str(p.transactionId),
        };
      },
    ),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const action = str(f.action)?.toLowerCase();
    const { resource, rid } = azureResource(f.resource_id);
    const { path } = splitRequestUri(str(f.request_uri));
    const rule = [str(f.rule_id), str(f.message)].filter((s) => s !== undefined).join(' ');
    return buildEvent('appgw_waf', parsedRecord, ctx, {
      severity: maxSeverity(action === undefined ? undefined : WAF_SEVERITY[action]),
      title: `WAF ${str(f.action) ?? 'event'} ${str(f.hostname) ?? ''}${path ?? ''} from ${str(f.client_ip) ?? 'unknown'}${rule === '' ? '' : ` (rule ${rule})`}`,
      resource,
      asset: rid?.id,
      attributes: [f, commonFields({ 'source.ip': f.client_ip, 'source.port': f.client_port, 'url.path': path, 'url.domain': f.hostname, 'rule.name': str(f.rule_id) }), decisionFields(action === undefined ? undefined : WAF_DECISION[action])],
    });
  },
};
