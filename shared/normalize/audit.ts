import type { Normalizer } from './types.js';
import { int, str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';
import { levelSeverity, maxSeverity } from './severity.js';

/** google.rpc.Code 7 = PERMISSION_DENIED. */
export const PERMISSION_DENIED = 7;

export function auditOutcome(code: number | undefined): 'success' | 'failure' | 'denied' {
  if (code === PERMISSION_DENIED) return 'denied';
  return code === undefined || code === 0 ? 'success' : 'failure';
}

/**
 * GCP Cloud Audit Log entry → event. status 7 → MEDIUM (outcome denied), other errors → LOW;
 * the LogEntry severity only raises it for CRITICAL and above (denials are logged as ERROR).
 */
export const audit: Normalizer = {
  sourceType: 'audit',
  normalize(parsed, ctx) {
    const f = parsed.fields;
    const code = int(f.status_code);
    const outcome = auditOutcome(code);
    const service = str(f.service_name);
    const resourceName = str(f.resource_name);
    const gcpSeverity = levelSeverity(f.gcp_severity);
    const asset = resourceName === undefined ? undefined : service === undefined ? resourceName : `//${service}/${resourceName}`;
    const outcomeText = outcome === 'denied' ? ' permission denied' : outcome === 'failure' ? ` failed (code ${code})` : '';
    return buildEvent('audit', parsed, ctx, {
      severity: maxSeverity(outcome === 'denied' ? 'MEDIUM' : outcome === 'failure' ? 'LOW' : undefined, gcpSeverity === 'CRITICAL' ? 'CRITICAL' : undefined),
      title: `${service ?? 'gcp'} ${str(f.method_name) ?? 'call'}${outcomeText}`,
      resource: {
        cloud: 'gcp',
        account: str(f.project_id),
        region: str(f.location),
        service,
        name: resourceName?.split('/').filter((p) => p !== '').pop(),
        id: resourceName,
      },
      asset,
      attributes: [f, { status_code: code, outcome }],
    });
  },
};
