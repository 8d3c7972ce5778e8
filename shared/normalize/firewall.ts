import type { Normalizer } from './types.js';
import type { Severity } from '../schema/index.js';
import { int, str } from '../parse/field-read.js';
import { firewallAction } from '../parse/firewall.js';
import { buildEvent } from './build-event.js';
import { parseAzureResourceId } from './cloud-resource.js';
import { maxSeverity } from './severity.js';

function endpoint(host: unknown, port: unknown): string {
  const h = str(host) ?? '?';
  return typeof port === 'number' ? `${h}:${port}` : h;
}

function firewallSeverity(action: string | undefined, ruleType: string | undefined, idpsSeverity: number | undefined): Severity {
  const blocked = action === 'Deny' || action === 'Drop' || action === 'Alert';
  return maxSeverity(
    action === 'Deny' || action === 'Drop' ? 'LOW' : undefined,
    ruleType === 'threat_intel' && blocked ? 'HIGH' : undefined,
    ruleType === 'idps' && blocked ? (idpsSeverity === 1 ? 'HIGH' : 'MEDIUM') : undefined,
  );
}

/** Azure Firewall rule log → event. Deny → LOW; threat-intel hits → HIGH; IDPS → MEDIUM (HIGH for severity 1). */
export const firewall: Normalizer = {
  sourceType: 'firewall',
  normalize(parsed, ctx) {
    const f = parsed.fields;
    const action = firewallAction(f.action);
    const ruleType = str(f.rule_type);
    const rid = parseAzureResourceId(f.resource_id);
    const rule = str(f.rule);
    return buildEvent('firewall', parsed, ctx, {
      severity: firewallSeverity(action, ruleType, int(f.idps_severity)),
      title: `Firewall ${action ?? 'event'} ${str(f.protocol) ?? ''} ${endpoint(f.src_ip, f.src_port)} -> ${endpoint(f.dst_host, f.dst_port)}${rule === undefined ? '' : ` (rule ${rule})`}`,
      resource: { cloud: 'azure', account: rid?.subscription, service: rid?.provider ?? 'microsoft.network', name: rid?.name, id: rid?.id },
      asset: rid?.id,
      attributes: [f, { action }],
    });
  },
};
