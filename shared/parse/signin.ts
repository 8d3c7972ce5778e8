import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { isPlainObject, mentionsKeys, recordObject } from './json-input.js';
import { at, bool, failed, int, parsed, str } from './field-read.js';
import { azureCategoryOwner } from './azure-category.js';
const GRAPH_KEYS = ['createdDateTime', 'userPrincipalName', 'status', 'appDisplayName'] as const;

/** Microsoft Entra ID sign-in logs: diagnostic-settings records (`category: SignInLogs`) or Graph `signIn` objects. */
export const signin: Parser = {
  type: 'signin',
  matches(record: RawRecord, hint: string | undefined): boolean {
    const owner = azureCategoryOwner(record);
    if (owner !== undefined) return owner === 'signin' && mentionsKeys(record, ['properties']);
    if (mentionsKeys(record, GRAPH_KEYS)) return true;
    return hint === 'signin' && (mentionsKeys(record, ['properties']) || mentionsKeys(record, ['userPrincipalName']));
  },
  parse(record: RawRecord): ParseResult {
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
      p.createdDateTime ?? e.time,
    );
  },
};
