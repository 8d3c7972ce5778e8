import { activity as activityParser } from '../../parse/activity.js';
import { firewall as firewallParser } from '../../parse/firewall.js';
import { signin as signinParser } from '../../parse/signin.js';
import { activity as activityNormalizer } from '../../normalize/activity.js';
import { firewall as firewallNormalizer } from '../../normalize/firewall.js';
import { signin as signinNormalizer } from '../../normalize/signin.js';
import { legacyLogType } from '../legacy-type.js';
import type { DeliveryContext, LogType } from '../types.js';

const hub = (ctx: DeliveryContext) => (ctx.trigger === 'eventhub' ? (ctx.eventHubName ?? '').toLowerCase() : undefined);

/** Azure log types (owned by the Azure/GCP catalogue work; append modules here). */
export const AZURE_LOG_TYPES: readonly LogType[] = [
  legacyLogType(firewallParser, firewallNormalizer, {
    cloud: 'azure',
    title: 'Azure Firewall log',
    delivery: [{ trigger: 'eventhub', pattern: 'insights-logs-azurefirewall* / category AzureFirewall*, AZFW*' }],
    recognisedBy: 'hub name containing `firewall`, or record category `AzureFirewall*` / `AZFW*`',
    fields: ['category', 'operation_name', 'action', 'src_ip', 'src_port', 'dst_ip', 'dst_port', 'protocol'],
    commonFields: [],
    context: (ctx) => (hub(ctx)?.includes('firewall') ? 'owns' : 'no'),
  }),
  legacyLogType(signinParser, signinNormalizer, {
    cloud: 'azure',
    title: 'Entra ID sign-in log',
    delivery: [{ trigger: 'eventhub', pattern: 'insights-logs-signinlogs / category *SignInLogs' }],
    recognisedBy: 'hub name containing `signinlogs`, or record category `*SignInLogs`',
    fields: ['user_principal_name', 'app_display_name', 'error_code', 'outcome', 'ip_address'],
    commonFields: [],
    context: (ctx) => (hub(ctx)?.includes('signinlogs') ? 'owns' : 'no'),
  }),
  legacyLogType(activityParser, activityNormalizer, {
    cloud: 'azure',
    title: 'Azure Activity log',
    delivery: [{ trigger: 'eventhub', pattern: 'insights-activity-logs / category Administrative, Security, ServiceHealth, …' }],
    recognisedBy: 'hub name `insights-activity-logs` / `insights-operational-logs`, or an Activity category',
    fields: ['operation_name', 'outcome', 'result_type', 'caller'],
    commonFields: [],
    context: (ctx) => {
      const name = hub(ctx);
      return name !== undefined && (name.includes('activity-log') || name === 'insights-operational-logs') ? 'owns' : 'no';
    },
  }),
];
