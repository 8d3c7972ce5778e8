import type { Normalizer } from './types.js';
import { int, str } from '../parse/field-read.js';
import { buildEvent } from './build-event.js';
import { parseAzureResourceId } from './cloud-resource.js';
import { maxSeverity } from './severity.js';

function riskSeverity(...levels: unknown[]): 'HIGH' | 'MEDIUM' | undefined {
  const values = levels.map((l) => str(l)?.toLowerCase());
  if (values.includes('high')) return 'HIGH';
  if (values.includes('medium')) return 'MEDIUM';
  return undefined;
}

/**
 * Entra ID sign-in → event. errorCode 0 = success, anything else = failure (MEDIUM); high sign-in
 * risk → HIGH. Identities stay in attributes (where field rules redact them), not in the title.
 */
export const signin: Normalizer = {
  sourceType: 'signin',
  normalize(parsed, ctx) {
    const f = parsed.fields;
    const errorCode = int(f.error_code);
    const outcome = errorCode === 0 ? 'success' : 'failure';
    const tenant = str(f.tenant_id);
    const rid = parseAzureResourceId(f.resource_id);
    const app = str(f.app_display_name) ?? str(f.resource_display_name) ?? 'application';
    return buildEvent('signin', parsed, ctx, {
      severity: maxSeverity(outcome === 'failure' ? 'MEDIUM' : undefined, riskSeverity(f.risk_level_during_signin, f.risk_level_aggregated)),
      title: outcome === 'success' ? `Sign-in to ${app} succeeded` : `Sign-in to ${app} failed (${errorCode ?? 'unknown error'})`,
      resource: { cloud: 'azure', account: tenant ?? rid?.tenant, service: 'microsoft.aadiam', name: app, id: str(f.app_id) },
      asset: rid?.id ?? (tenant === undefined ? undefined : `/tenants/${tenant.toLowerCase()}/providers/microsoft.aadiam`),
      attributes: [f, { outcome }],
    });
  },
};
