import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { mentionsKeys, recordObject } from './json-input.js';
import { at, failed, int, parsed, str } from './field-read.js';
import { azureCategoryOwner } from './azure-category.js';

const UPN_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const NAME_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';

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

/** An Azure Activity log record (diagnostic-settings export or the REST API shape). */
export const activity: Parser = {
  type: 'activity',
  matches(record: RawRecord, hint: string | undefined): boolean {
    if (!mentionsKeys(record, ['operationName'])) return false;
    const owner = azureCategoryOwner(record);
    return owner === undefined ? hint === 'activity' : owner === 'activity';
  },
  parse(record: RawRecord): ParseResult {
    const json = recordObject(record);
    if (!json.ok) return failed(`activity: ${json.reason}`);
    const e = json.value;
    const operationName = valueOf(e.operationName);
    if (operationName === undefined) return failed('activity: operationName is required');
    const p = e.properties;
    const statusMessage = str(at(p, 'statusMessage'));
    return parsed(
      'activity',
      {
        operation_name: operationName,
        category: valueOf(e.category),
        result_type: str(e.resultType) ?? valueOf(e.status),
        result_signature: str(e.resultSignature) ?? valueOf(e.subStatus),
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
        authorization_action: str(at(e.identity, 'authorization', 'action')) ?? str(at(e.authorization, 'action')),
        authorization_scope: str(at(e.identity, 'authorization', 'scope')) ?? str(at(e.authorization, 'scope')),
      },
      e.time ?? e.eventTimestamp,
    );
  },
};
