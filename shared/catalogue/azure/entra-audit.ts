import { at, azureLevelSeverity, buildEvent, commonFields, maxSeverity, str, type LogType } from '../module-kit.js';
import { azureResource, azureTime, parseDiagnostic, resourceLogRouting } from './diagnostic.js';

const CATEGORIES = ['AuditLogs'];
const SENSITIVE = /role|password|credential|conditional access|policy|consent|owner|federation|certificate|secret/i;

function firstTarget(targets: unknown): { name?: string; type?: string; id?: string; count: number } {
  if (!Array.isArray(targets) || targets.length === 0) return { count: 0 };
  const t: unknown = targets[0];
  return { name: str(at(t, 'displayName')) ?? str(at(t, 'userPrincipalName')), type: str(at(t, 'type')), id: str(at(t, 'id')), count: targets.length };
}

/** Microsoft Entra ID audit logs (directory changes: users, groups, apps, devices, roles, policies). */
export const entraAudit: LogType = {
  type: 'entra_audit',
  cloud: 'azure',
  title: 'Microsoft Entra ID audit log (AuditLogs)',
  ...resourceLogRouting(CATEGORIES),
  recognisedBy: 'category `AuditLogs` (hub `insights-logs-auditlogs`)',
  fields: ['activity', 'operation_type', 'directory_category', 'result', 'result_reason', 'logged_by_service', 'initiated_by_user', 'initiated_by_app', 'initiated_by_ip', 'target_name', 'target_type'],
  commonFields: ['event.action', 'event.outcome', 'user.name', 'source.ip'],
  parse: (record) =>
    parseDiagnostic(
      'entra_audit',
      record,
      (e, p) => {
        const user = at(p, 'initiatedBy', 'user');
        const app = at(p, 'initiatedBy', 'app');
        const target = firstTarget(p.targetResources);
        return {
          category: str(e.category),
          operation_name: str(e.operationName),
          activity: str(p.activityDisplayName) ?? str(e.operationName),
          operation_type: str(p.operationType),
          directory_category: str(p.category),
          result: str(p.result)?.toLowerCase() ?? str(e.resultType)?.toLowerCase(),
          result_reason: str(p.resultReason),
          logged_by_service: str(p.loggedByService),
          audit_id: str(p.id),
          correlation_id: str(p.correlationId) ?? str(e.correlationId),
          initiated_by_user: str(at(user, 'userPrincipalName')),
          initiated_by_user_id: str(at(user, 'id')),
          initiated_by_app: str(at(app, 'displayName')) ?? str(at(app, 'servicePrincipalName')),
          initiated_by_app_id: str(at(app, 'appId')),
          initiated_by_ip: str(at(user, 'ipAddress')) ?? str(at(app, 'ipAddress')),
          identity: str(e.identity),
          target_name: target.name,
          target_type: target.type,
          target_id: target.id,
          target_count: target.count || undefined,
          level: str(e.level),
          tenant_id: str(e.tenantId),
          resource_id: str(e.resourceId),
        };
      },
      { timeOf: (e, p) => azureTime(e) ?? p.activityDateTime },
    ),
  /** A failed change → LOW; a change to roles, credentials or policies → LOW (MEDIUM when it failed). */
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const failedChange = str(f.result) !== undefined && str(f.result) !== 'success';
    const activityName = str(f.activity) ?? 'directory change';
    const sensitive = SENSITIVE.test(activityName);
    const { resource, rid } = azureResource(f.resource_id, { service: 'microsoft.aadiam' });
    const actor = str(f.initiated_by_app) ?? (str(f.initiated_by_user) === undefined ? undefined : 'a user');
    const target = str(f.target_name);
    return buildEvent('entra_audit', parsedRecord, ctx, {
      severity: maxSeverity(azureLevelSeverity(f.level), failedChange ? (sensitive ? 'MEDIUM' : 'LOW') : undefined, sensitive ? 'LOW' : undefined),
      title: `Entra ID: ${activityName}${target === undefined ? '' : ` ${target}`}${actor === undefined ? '' : ` by ${actor}`}${failedChange ? ` (${str(f.result)})` : ''}`,
      resource: { ...resource, account: str(f.tenant_id) ?? rid?.tenant, name: str(f.logged_by_service) ?? resource.name },
      asset: rid?.id,
      attributes: [f, commonFields({
          'event.action': activityName,
          'event.outcome': str(f.result) === undefined ? undefined : failedChange ? 'failure' : 'success',
          'user.name': str(f.initiated_by_user) ?? str(f.initiated_by_app),
          'source.ip': str(f.initiated_by_ip) === '0.0.0.0' ? undefined : f.initiated_by_ip,
        })],
    });
  },
};
