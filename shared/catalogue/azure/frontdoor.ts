import type { Severity } from '../../schema/index.js';
import { at, buildEvent, commonFields, decisionFields, flatten, httpStatusSeverity, int, maxSeverity, str, type LogType } from '../module-kit.js';
import { azureResource, parseDiagnostic, resourceLogRouting } from './diagnostic.js';
import { httpCommonFields, secondsToMs, splitRequestUri } from './http-request.js';

/** Standard/Premium (`FrontDoor…`) and classic (`Frontdoor…`) spellings; categories compare case-insensitively. */
const ACCESS = ['FrontDoorAccessLog'];
const WAF = ['FrontDoorWebApplicationFirewallLog'];
/** WAF actions: Block → MEDIUM; Log / AnomalyScoring / JSChallenge / Redirect → LOW; Allow → INFO. */
const WAF_SEVERITY: Readonly<Record<string, Severity>> = { block: 'MEDIUM', log: 'LOW', anomalyscoring: 'LOW', jschallenge: 'LOW', captcha: 'LOW', redirect: 'LOW', allow: 'INFO' };
const WAF_DECISION: Readonly<Record<string, string>> = { block: 'deny', log: 'alert', anomalyscoring: 'alert', jschallenge: 'challenge', captcha: 'challenge', redirect: 'deny', allow: 'allow' };

/** Front Door access log: every request through the edge. */
export const frontdoorAccess: LogType = {
  type: 'frontdoor_access',
  cloud: 'azure',
  title: 'Azure Front Door access log (Standard/Premium and classic)',
  ...resourceLogRouting(ACCESS),
  recognisedBy: 'category `FrontDoorAccessLog` / `FrontdoorAccessLog`',
  fields: ['client_ip', 'http_method', 'request_uri', 'host_name', 'http_status', 'http_status_details', 'time_taken_ms', 'cache_status', 'pop', 'origin_name', 'route_name', 'tracking_reference'],
  commonFields: ['source.ip', 'source.port', 'http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'latency_ms'],
  parse: (record) =>
    parseDiagnostic(
      'frontdoor_access',
      record,
      (e, p) => {
        return {
          resource_id: str(e.resourceId),
          tracking_reference: str(p.trackingReference),
          client_ip: str(p.clientIp) ?? str(p.clientIP),
          client_port: int(p.clientPort),
          socket_ip: str(p.socketIp) ?? str(p.socketIP),
          http_method: str(p.httpMethod)?.toUpperCase(),
          http_version: str(p.httpVersion),
          request_uri: str(p.requestUri),
          host_name: str(p.hostName) ?? str(p.host),
          request_bytes: int(p.requestBytes),
          response_bytes: int(p.responseBytes),
          user_agent: str(p.userAgent),
          http_status: int(p.httpStatusCode),
          http_status_details: str(p.httpStatusDetails),
          time_taken_ms: secondsToMs(p.timeTaken),
          time_to_first_byte_ms: secondsToMs(p.timeToFirstByte),
          security_protocol: str(p.securityProtocol),
          pop: str(p.pop),
          cache_status: str(p.cacheStatus),
          error_info: str(p.errorInfo) ?? str(p.ErrorInfo),
          endpoint: str(p.endpoint),
          route_name: str(p.routeName) ?? str(p.routingRuleName),
          origin_name: str(p.originName) ?? str(p.backendHostname),
          origin_ip: str(p.originIp),
          sni: str(p.sni),
          rules_engine_match_names: str(p.rulesEngineMatchNames),
        };
      },
    ),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const status = int(f.http_status);
    const { resource, rid } = azureResource(f.resource_id);
    const { host, path } = splitRequestUri(str(f.request_uri));
    const domain = str(f.host_name) ?? host;
    return buildEvent('frontdoor_access', parsedRecord, ctx, {
      severity: httpStatusSeverity(status),
      title: `${str(f.http_method) ?? ''} ${domain ?? ''}${path ?? ''} ${status ?? ''}${f.time_taken_ms === undefined ? '' : ` (${String(f.time_taken_ms)} ms)`}`,
      resource: { ...resource, service: resource.service ?? 'microsoft.cdn' },
      asset: rid?.id,
      attributes: [f, httpCommonFields({ method: f.http_method, status, path, host: domain, userAgent: f.user_agent, clientIp: f.client_ip, clientPort: f.client_port, latencyMs: typeof f.time_taken_ms === 'number' ? f.time_taken_ms : undefined })],
    });
  },
};

/** Front Door WAF log: one record per request a WAF rule matched (or the policy's default action). */
export const frontdoorWaf: LogType = {
  type: 'frontdoor_waf',
  cloud: 'azure',
  title: 'Azure Front Door WAF log',
  ...resourceLogRouting(WAF),
  recognisedBy: 'category `FrontDoorWebApplicationFirewallLog` / `FrontdoorWebApplicationFirewallLog`',
  fields: ['client_ip', 'socket_ip', 'request_uri', 'host', 'rule_name', 'policy', 'policy_mode', 'action', 'tracking_reference', 'details.*'],
  commonFields: ['source.ip', 'source.port', 'url.path', 'url.domain', 'event.action', 'event.type', 'rule.name'],
  parse: (record) =>
    parseDiagnostic(
      'frontdoor_waf',
      record,
      (e, p) => {
        const details = at(p, 'details');
        return {
          resource_id: str(e.resourceId),
          tracking_reference: str(p.trackingReference),
          client_ip: str(p.clientIP) ?? str(p.clientIp),
          client_port: int(p.clientPort),
          socket_ip: str(p.socketIP) ?? str(p.socketIp),
          request_uri: str(p.requestUri),
          host: str(p.host),
          rule_name: str(p.ruleName),
          policy: str(p.policy),
          policy_mode: str(p.policyMode),
          action: str(p.action),
          ...(details !== null && typeof details === 'object' && !Array.isArray(details) ? flatten({ details: details as Record<string, unknown> }) : {}),
        };
      },
    ),
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const action = str(f.action);
    const key = action?.toLowerCase();
    const { resource, rid } = azureResource(f.resource_id);
    const { host, path } = splitRequestUri(str(f.request_uri));
    const domain = str(f.host) ?? host;
    const rule = str(f.rule_name);
    const policy = str(f.policy);
    return buildEvent('frontdoor_waf', parsedRecord, ctx, {
      severity: maxSeverity(key === undefined ? undefined : WAF_SEVERITY[key]),
      title: `WAF ${action ?? 'event'} ${domain ?? ''}${path ?? ''} from ${str(f.client_ip) ?? 'unknown'}${rule === undefined ? '' : ` (rule ${rule}${policy === undefined ? '' : `, policy ${policy}`})`}${str(f.policy_mode) === undefined ? '' : ` [${str(f.policy_mode)}]`}`,
      resource: { ...resource, service: resource.service ?? 'microsoft.cdn' },
      asset: rid?.id ?? (domain === undefined ? undefined : `frontdoor/${domain}`),
      attributes: [f, commonFields({ 'source.ip': f.client_ip, 'source.port': f.client_port, 'url.path': path, 'url.domain': domain, 'rule.name': rule }), decisionFields(key === undefined ? undefined : WAF_DECISION[key])],
    });
  },
};
