import { at, azureLevelSeverity, buildEvent, commonFields, failed, int, maxSeverity, mentionsKeys, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { azureCategory, azureResource, azureTime, categoryKeys, propertiesOf } from './diagnostic.js';

const CATEGORIES = ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth', 'Action'];
const HUB = 'insights-activity-logs';
const UPN_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const NAME_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
/** Status codes / error codes that mean "not allowed" (the audit-permission-denied rule counts these). */
export const ACTIVITY_DENIED = /Forbidden|AuthorizationFailed|AccessDenied|Unauthorized/i;

/** A plain string or the REST API's `{ value, localizedValue }` form. */
export function valueOf(v: unknown): string | undefined {
  return str(v) ?? str(at(v, 'value'));
}

function caller(e: Readonly<Record<string, unknown>>): string | undefined {
  const claims = at(e.identity, 'claims');
  return str(at(claims, UPN_CLAIM)) ?? str(at(claims, NAME_CLAIM)) ?? str(e.caller) ?? str(at(claims, 'appid')) ?? str(e.identity);
}

/** The error code inside `properties.statusMessage` (a JSON string such as `{"error":{"code":"AuthorizationFailed"}}`). */
function statusMessageCode(message: string | undefined): string | undefined {
  return message === undefined ? undefined : /"code"\s*:\s*"([^"]{1,128})"/.exec(message)?.[1];
}

export function activityOutcome(f: Readonly<Record<string, unknown>>): 'success' | 'failure' | 'denied' {
  const signals = [str(f.status_code), str(f.error_code), str(f.result_signature)];
  if (signals.some((s) => s !== undefined && ACTIVITY_DENIED.test(s))) return 'denied';
  return str(f.result_type)?.toLowerCase() === 'failure' ? 'failure' : 'success';
}

/** Azure Activity log (diagnostic-settings export or the REST API shape), every category incl. ServiceHealth. */
export const activity: LogType = {
  type: 'activity',
  cloud: 'azure',
  title: 'Azure Activity log (Administrative, Security, ServiceHealth, Policy, …)',
  delivery: [{ trigger: 'eventhub', pattern: `hub ${HUB} (diagnostic settings of the subscription)` }],
  recognisedBy: `category ${CATEGORIES.join('/')} with \`operationName\`; hub ${HUB}`,
  fields: ['operation_name', 'category', 'result_type', 'result_signature', 'level', 'caller', 'caller_ip', 'correlation_id', 'resource_id', 'status_code', 'error_code', 'authorization_action', 'outcome'],
  commonFields: ['event.action', 'event.outcome', 'source.ip', 'user.name', 'cloud.region'],
  recordKeys: categoryKeys(...CATEGORIES),
  context: (ctx) => (ctx.trigger === 'eventhub' && ctx.eventHubName?.toLowerCase() === HUB ? 'maybe' : 'no'),
  matches(record, ctx) {
    if (!mentionsKeys(record, ['operationName'])) return false;
    const category = azureCategory(record);
    if (category !== undefined) return CATEGORIES.some((c) => c.toLowerCase() === category.toLowerCase());
    return ctx.trigger === 'eventhub' && ctx.eventHubName?.toLowerCase() === HUB;
  },
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`activity: ${json.reason}`);
    const e = json.value;
    const operationName = valueOf(e.operationName);
    if (operationName === undefined) return failed('activity: operationName is required');
    const p = propertiesOf(e);
    const statusMessage = str(at(p, 'statusMessage'));
    return parsed(
      'activity',
      {
        operation_name: operationName,
        category: valueOf(e.category),
        result_type: str(e.resultType) ?? valueOf(e.status),
        result_signature: str(e.resultSignature) ?? valueOf(e.subStatus),
        result_description: str(e.resultDescription),
        level: str(e.level),
        caller: caller(e),
        caller_ip: str(e.callerIpAddress) ?? str(at(e, 'httpRequest', 'clientIpAddress')),
        correlation_id: str(e.correlationId),
        resource_id: str(e.resourceId),
        location: str(e.location),
        tenant_id: str(e.tenantId),
        duration_ms: int(e.durationMs),
        status_code: str(at(p, 'statusCode')),
        error_code: statusMessageCode(statusMessage),
        event_category: str(at(p, 'eventCategory')),
        service_health_title: str(at(p, 'title')),
        service_health_service: str(at(p, 'service')),
        service_health_incident_type: str(at(p, 'incidentType')),
        service_health_tracking_id: str(at(p, 'trackingId')),
        authorization_action: str(at(e.identity, 'authorization', 'action')) ?? str(at(e.authorization, 'action')),
        authorization_scope: str(at(e.identity, 'authorization', 'scope')) ?? str(at(e.authorization, 'scope')),
      },
      azureTime(e) ?? e.eventTimestamp,
    );
  },
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const outcome = activityOutcome(f);
    const { resource, rid } = azureResource(f.resource_id);
    const location = str(f.location);
    const region = location === undefined || location.toLowerCase() === 'global' ? undefined : location;
    const operation = str(f.operation_name) ?? 'operation';
    const health = str(f.service_health_title);
    return buildEvent('activity', parsedRecord, ctx, {
      severity: maxSeverity(azureLevelSeverity(f.level), outcome === 'denied' ? 'MEDIUM' : outcome === 'failure' ? 'LOW' : undefined),
      title: health !== undefined ? `Service Health: ${health} (${str(f.result_type) ?? ''})` : `${operation} ${str(f.result_type) ?? ''}${outcome === 'denied' ? ' (denied)' : ''}`,
      resource: { ...resource, region, service: rid?.provider ?? operation.split('/')[0]?.toLowerCase() },
      asset: rid?.id,
      attributes: [f, { outcome }, commonFields({
          'event.action': operation,
          'event.outcome': outcome === 'success' ? 'success' : 'failure',
          'source.ip': f.caller_ip,
          'user.name': f.caller,
          'cloud.region': region,
        })],
    });
  },
};
