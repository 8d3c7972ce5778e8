import { at, buildEvent, commonFields, failed, int, maxSeverity, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { azureResource, azureTime, propertiesOf, resourceLogRouting } from './diagnostic.js';

const CATEGORIES = ['AuditEvent'];
const UPN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

/** Key Vault / Managed HSM AuditEvent: every REST call on a vault (VaultGet, SecretGet, KeySign, …). */
export const keyvaultAudit: LogType = {
  type: 'keyvault_audit',
  cloud: 'azure',
  title: 'Azure Key Vault audit log (AuditEvent)',
  ...resourceLogRouting(CATEGORIES),
  recognisedBy: 'category `AuditEvent` (hub `insights-logs-auditevent`)',
  fields: ['operation_name', 'result_type', 'result_signature', 'http_status', 'caller_ip', 'caller_upn', 'caller_app_id', 'object_id', 'client_info', 'duration_ms', 'outcome'],
  commonFields: ['event.action', 'event.outcome', 'source.ip', 'user.name', 'http.response.status_code', 'latency_ms'],
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`keyvault_audit: ${json.reason}`);
    const e = json.value;
    const operation = str(e.operationName);
    if (operation === undefined) return failed('keyvault_audit: operationName is required');
    const p = propertiesOf(e);
    const claim = at(e.identity, 'claim') ?? at(e.identity, 'claims');
    return parsed(
      'keyvault_audit',
      {
        category: str(e.category),
        operation_name: operation,
        operation_version: str(e.operationVersion),
        result_type: str(e.resultType),
        result_signature: str(e.resultSignature),
        result_description: str(e.resultDescription),
        duration_ms: int(e.durationMs),
        caller_ip: str(e.callerIpAddress),
        correlation_id: str(e.correlationId),
        caller_upn: str(at(claim, UPN)),
        caller_object_id: str(at(claim, OID)),
        caller_app_id: str(at(claim, 'appid')),
        http_status: int(at(p, 'httpStatusCode')),
        request_uri: str(at(p, 'requestUri')),
        object_id: str(at(p, 'id')),
        client_info: str(at(p, 'clientInfo')),
        is_rbac_authorized: at(p, 'isRbacAuthorized') === true ? true : at(p, 'isRbacAuthorized') === false ? false : undefined,
        resource_id: str(e.resourceId),
      },
      azureTime(e),
    );
  },
  /** 401/403 (denied) → MEDIUM; other failures → LOW; a secret/key read is INFO like any success. */
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const status = int(f.http_status);
    const denied = status === 401 || status === 403 || /forbidden|unauthorized/i.test(str(f.result_signature) ?? '');
    const failure = denied || (status !== undefined && status >= 400) || str(f.result_type)?.toLowerCase() === 'failure';
    const outcome = denied ? 'denied' : failure ? 'failure' : 'success';
    const { resource, rid } = azureResource(f.resource_id);
    const operation = str(f.operation_name) ?? 'operation';
    return buildEvent('keyvault_audit', parsedRecord, ctx, {
      severity: maxSeverity(denied ? 'MEDIUM' : failure ? 'LOW' : undefined),
      title: `Key Vault ${operation} on ${rid?.name ?? 'vault'} ${outcome === 'success' ? (str(f.result_signature) ?? 'succeeded') : outcome}${status === undefined ? '' : ` (${status})`}`,
      resource,
      asset: rid?.id,
      attributes: [f, { outcome }, commonFields({
          'event.action': operation,
          'event.outcome': failure ? 'failure' : 'success',
          'source.ip': f.caller_ip,
          'user.name': str(f.caller_upn) ?? str(f.caller_app_id),
          'http.response.status_code': status,
          latency_ms: f.duration_ms,
        })],
    });
  },
};
