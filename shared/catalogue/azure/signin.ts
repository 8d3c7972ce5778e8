import { at, bool, buildEvent, commonFields, failed, int, isPlainObject, maxSeverity, mentionsKeys, parseAzureResourceId, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { azureCategory, azureTime, categoryKeys, eventHubPaths, hubContext } from './diagnostic.js';

const CATEGORIES = ['SignInLogs', 'NonInteractiveUserSignInLogs', 'ServicePrincipalSignInLogs', 'ManagedIdentitySignInLogs', 'ADFSSignInLogs'];
const GRAPH_KEYS = ['createdDateTime', 'userPrincipalName', 'status', 'appDisplayName'] as const;

function riskSeverity(...levels: unknown[]): 'HIGH' | 'MEDIUM' | undefined {
  const values = levels.map((l) => str(l)?.toLowerCase());
  if (values.includes('high')) return 'HIGH';
  if (values.includes('medium')) return 'MEDIUM';
  return undefined;
}

/** Microsoft Entra ID sign-in logs: diagnostic-settings records (`category: *SignInLogs`) or Graph `signIn` objects. */
export const signin: LogType = {
  type: 'signin',
  cloud: 'azure',
  title: 'Microsoft Entra ID sign-in logs (interactive, non-interactive, service principal, managed identity)',
  delivery: eventHubPaths(...CATEGORIES),
  recognisedBy: 'category `*SignInLogs`; without one, a Graph signIn object (createdDateTime, userPrincipalName, status, appDisplayName)',
  fields: ['user_principal_name', 'app_display_name', 'ip_address', 'error_code', 'failure_reason', 'conditional_access_status', 'risk_level_during_signin', 'outcome'],
  commonFields: ['user.name', 'source.ip', 'event.action', 'event.outcome'],
  recordKeys: categoryKeys(...CATEGORIES),
  context: hubContext(CATEGORIES),
  matches(record) {
    const category = azureCategory(record);
    if (category !== undefined) return CATEGORIES.some((c) => c.toLowerCase() === category.toLowerCase()) && mentionsKeys(record, ['properties']);
    return mentionsKeys(record, GRAPH_KEYS);
  },
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`signin: ${json.reason}`);
    const e = json.value;
    const wrapped = isPlainObject(e.properties);
    const p = wrapped ? (e.properties as Readonly<Record<string, unknown>>) : e;
    const errorCode = int(at(p, 'status', 'errorCode')) ?? (wrapped ? int(e.resultType) : undefined);
    if (errorCode === undefined) return failed('signin: status.errorCode is required');
    return parsed(
      'signin',
      {
        category: str(e.category),
        user_principal_name: str(p.userPrincipalName),
        user_display_name: str(p.userDisplayName),
        user_id: str(p.userId),
        user_type: str(p.userType),
        app_display_name: str(p.appDisplayName),
        app_id: str(p.appId),
        resource_display_name: str(p.resourceDisplayName),
        service_principal_name: str(p.servicePrincipalName),
        ip_address: str(p.ipAddress) ?? str(e.callerIpAddress),
        error_code: errorCode,
        failure_reason: str(at(p, 'status', 'failureReason')) ?? (wrapped ? str(e.resultDescription) : undefined),
        additional_details: str(at(p, 'status', 'additionalDetails')),
        conditional_access_status: str(p.conditionalAccessStatus),
        client_app_used: str(p.clientAppUsed),
        is_interactive: bool(p.isInteractive),
        authentication_requirement: str(p.authenticationRequirement),
        risk_level_during_signin: str(p.riskLevelDuringSignIn),
        risk_level_aggregated: str(p.riskLevelAggregated),
        risk_state: str(p.riskState),
        country: str(at(p, 'location', 'countryOrRegion')),
        city: str(at(p, 'location', 'city')),
        device_os: str(at(p, 'deviceDetail', 'operatingSystem')),
        browser: str(at(p, 'deviceDetail', 'browser')),
        correlation_id: str(p.correlationId) ?? str(e.correlationId),
        signin_id: str(p.id),
        tenant_id: str(e.tenantId) ?? str(p.tenantId),
        resource_id: wrapped ? str(e.resourceId) : undefined,
      },
      // The sign-in's own time; `time` (when the record was written) only when it is absent.
      p.createdDateTime ?? azureTime(e),
    );
  },
  /**
   * errorCode 0 = success, anything else = failure (MEDIUM); high sign-in risk → HIGH. Identities
   * stay in attributes (where field rules redact them), not in the title.
   */
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const errorCode = int(f.error_code);
    const outcome = errorCode === 0 ? 'success' : 'failure';
    const tenant = str(f.tenant_id);
    const rid = parseAzureResourceId(f.resource_id);
    const app = str(f.app_display_name) ?? str(f.resource_display_name) ?? 'application';
    return buildEvent('signin', parsedRecord, ctx, {
      severity: maxSeverity(outcome === 'failure' ? 'MEDIUM' : undefined, riskSeverity(f.risk_level_during_signin, f.risk_level_aggregated)),
      title: outcome === 'success' ? `Sign-in to ${app} succeeded` : `Sign-in to ${app} failed (${errorCode ?? 'unknown error'})`,
      resource: { cloud: 'azure', account: tenant ?? rid?.tenant, service: 'microsoft.aadiam', name: app, id: str(f.app_id) },
      asset: rid?.id ?? (tenant === undefined ? undefined : `/tenants/${tenant.toLowerCase()}/providers/microsoft.aadiam`),
      attributes: [f, { outcome }, commonFields({
          'user.name': str(f.user_principal_name) ?? str(f.service_principal_name),
          'source.ip': f.ip_address,
          'event.action': 'sign-in',
          'event.outcome': outcome,
        })],
    });
  },
};
