import { at, buildEvent, commonFields, failed, flatten, int, isPlainObject, levelSeverity, maxSeverity, merged, parsed, recordObject, str, type JsonObject, type LogType } from '../module-kit.js';
import { entryFields, entryLogId, entryOf, entryTime, gcpResource, pubsubContext } from './log-entry.js';

const AUDIT_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';
/** google.rpc.Code 7 = PERMISSION_DENIED, 16 = UNAUTHENTICATED. */
export const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;

export function auditOutcome(code: number | undefined): 'success' | 'failure' | 'denied' {
  if (code === PERMISSION_DENIED || code === UNAUTHENTICATED) return 'denied';
  return code === undefined || code === 0 ? 'success' : 'failure';
}

function firstAuthorization(info: unknown): { permission?: string; granted?: boolean } {
  if (!Array.isArray(info) || info.length === 0) return {};
  const first: unknown = info[0];
  const granted = at(first, 'granted');
  return { permission: str(at(first, 'permission')), granted: typeof granted === 'boolean' ? granted : undefined };
}

/** A Cloud Audit Logs entry: its log id says it (`cloudaudit.googleapis.com/*`) or its payload type does. */
export function isAuditEntry(record: Parameters<LogType['matches']>[0]): boolean {
  const logId = entryLogId(record);
  if (logId !== undefined) return logId.startsWith('cloudaudit.googleapis.com/');
  return at(entryOf(record), 'protoPayload', '@type') === AUDIT_TYPE;
}

/** The AuditLog fields shared by Cloud Audit and GKE audit entries. */
export function auditFields(e: JsonObject, p: JsonObject): Record<string, unknown> {
  const envelope = entryFields(e);
  const authz = firstAuthorization(p.authorizationInfo);
  const logId = str(envelope.log_id);
  return merged(envelope, {
    method_name: str(p.methodName),
    service_name: str(p.serviceName),
    resource_name: str(p.resourceName),
    principal_email: str(at(p, 'authenticationInfo', 'principalEmail')),
    principal_subject: str(at(p, 'authenticationInfo', 'principalSubject')),
    caller_ip: str(at(p, 'requestMetadata', 'callerIp')),
    user_agent: str(at(p, 'requestMetadata', 'callerSuppliedUserAgent')),
    status_code: int(at(p, 'status', 'code')) ?? 0,
    status_message: str(at(p, 'status', 'message')),
    permission: authz.permission,
    granted: authz.granted,
    log_type: logId?.startsWith('cloudaudit.googleapis.com/') ? logId.slice('cloudaudit.googleapis.com/'.length) : logId,
  });
}

/** The audit common fields of `auditFields`. */
export function auditCommonFields(f: Readonly<Record<string, unknown>>, outcome: 'success' | 'failure' | 'denied'): Record<string, unknown> {
  return commonFields({
    'user.name': str(f.principal_email) ?? str(f.principal_subject),
    'source.ip': f.caller_ip,
    'user_agent.original': f.user_agent,
    'event.action': f.method_name,
    'event.outcome': outcome === 'success' ? 'success' : 'failure',
    'cloud.region': f.location === 'global' ? undefined : f.location,
  });
}

/** Cloud Audit Logs (Admin Activity, Data Access, System Event, Policy Denied) of every service but GKE's Kubernetes API. */
export const audit: LogType = {
  type: 'audit',
  cloud: 'gcp',
  title: 'GCP Cloud Audit Logs (activity, data_access, system_event, policy)',
  delivery: [{ trigger: 'pubsub', pattern: 'LogEntry logName `…/logs/cloudaudit.googleapis.com%2F{activity,data_access,system_event,policy}`' }],
  recognisedBy: 'LogEntry log id `cloudaudit.googleapis.com/*` (or protoPayload @type AuditLog), serviceName not `k8s.io`',
  fields: ['method_name', 'service_name', 'resource_name', 'principal_email', 'caller_ip', 'status_code', 'status_message', 'permission', 'granted', 'log_type', 'outcome', 'request.*', 'metadata.*'],
  commonFields: ['user.name', 'source.ip', 'user_agent.original', 'event.action', 'event.outcome', 'cloud.region'],
  context: pubsubContext,
  matches: (record) => isAuditEntry(record),
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`audit: ${json.reason}`);
    const e = json.value;
    const p = e.protoPayload;
    if (!isPlainObject(p)) return failed('audit: protoPayload is required');
    const nested: Record<string, unknown> = {};
    for (const key of ['request', 'response', 'metadata', 'serviceData'] as const) if (isPlainObject(p[key])) nested[key] = p[key];
    return parsed('audit', { ...auditFields(e, p), ...flatten(nested) }, entryTime(e));
  },
  /**
   * status 7/16 → MEDIUM (outcome denied), other errors → LOW; the LogEntry severity only raises
   * it for CRITICAL and above (denials are logged as ERROR).
   */
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const code = int(f.status_code);
    const outcome = auditOutcome(code);
    const service = str(f.service_name);
    const resourceName = str(f.resource_name);
    const gcpSeverity = levelSeverity(f.gcp_severity);
    const asset = resourceName === undefined ? undefined : service === undefined ? resourceName : `//${service}/${resourceName}`;
    const outcomeText = outcome === 'denied' ? ' permission denied' : outcome === 'failure' ? ` failed (code ${code})` : '';
    return buildEvent('audit', parsedRecord, ctx, {
      severity: maxSeverity(outcome === 'denied' ? 'MEDIUM' : outcome === 'failure' ? 'LOW' : undefined, gcpSeverity === 'CRITICAL' ? 'CRITICAL' : undefined),
      title: `${service ?? 'gcp'} ${str(f.method_name) ?? 'call'}${outcomeText}`,
      resource: { ...gcpResource(f, service ?? 'gcp', resourceName?.split('/').filter((s) => s !== '').pop(), resourceName) },
      asset,
      attributes: [f, { status_code: code, outcome }, auditCommonFields(f, outcome)],
    });
  },
};
