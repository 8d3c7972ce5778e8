import type { Normalizer } from './types.js';
import { str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';
import { parseAzureResourceId } from './cloud-resource.js';
import { azureLevelSeverity } from './azure-level.js';
import { maxSeverity } from './severity.js';

/** Status codes / error codes that mean "not allowed" (the audit-permission-denied rule counts these). */
export const ACTIVITY_DENIED = /Forbidden|AuthorizationFailed|AccessDenied|Unauthorized/i;

export function activityOutcome(f: Readonly<Record<string, unknown>>): 'success' | 'failure' | 'denied' {
  const signals = [str(f.status_code), str(f.error_code), str(f.result_signature)];
  if (signals.some((s) => s !== undefined && ACTIVITY_DENIED.test(s))) return 'denied';
  return str(f.result_type)?.toLowerCase() === 'failure' ? 'failure' : 'success';
}

/** Azure Activity log record → event. Level Critical → CRITICAL, Error → HIGH; denied → at least MEDIUM; failure → at least LOW. */
export const activity: Normalizer = {
  sourceType: 'activity',
  normalize(parsed, ctx) {
    const f = parsed.fields;
    const outcome = activityOutcome(f);
    const rid = parseAzureResourceId(f.resource_id);
    const location = str(f.location);
    const operation = str(f.operation_name) ?? 'operation';
    return buildEvent('activity', parsed, ctx, {
      severity: maxSeverity(azureLevelSeverity(f.level), outcome === 'denied' ? 'MEDIUM' : outcome === 'failure' ? 'LOW' : undefined),
      title: `${operation} ${str(f.result_type) ?? ''}${outcome === 'denied' ? ' (denied)' : ''}`,
      resource: {
        cloud: 'azure',
        account: rid?.subscription,
        region: location === undefined || location.toLowerCase() === 'global' ? undefined : location,
        service: rid?.provider ?? operation.split('/')[0]?.toLowerCase(),
        name: rid?.name,
        id: rid?.id,
      },
      asset: rid?.id,
      attributes: [f, { outcome }],
    });
  },
};
