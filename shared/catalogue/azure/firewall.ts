import { bool, buildEvent, commonFields, decisionFields, failed, int, maxSeverity, parsed, recordObject, str, transportOf, type JsonObject, type LogType } from '../module-kit.js';
import type { Severity } from '../../schema/index.js';
import { azureResource, azureTime, categoryIs, categoryKeys, eventHubPaths, hubContext, propertiesOf } from './diagnostic.js';
import { firewallAction, parseFirewallMessage } from './firewall-message.js';

const LEGACY = ['AzureFirewallNetworkRule', 'AzureFirewallApplicationRule', 'AzureFirewallDnsProxy'];
const STRUCTURED = [
  'AZFWNetworkRule', 'AZFWApplicationRule', 'AZFWNatRule', 'AZFWThreatIntel', 'AZFWIdpsSignature', 'AZFWDnsQuery',
  'AZFWFqdnResolveFailure', 'AZFWFatFlow', 'AZFWFlowTrace', 'AZFWNetworkRuleAggregation', 'AZFWApplicationRuleAggregation', 'AZFWNatRuleAggregation',
];
const CATEGORIES = [...LEGACY, ...STRUCTURED];
const RULE_TYPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/NatRule/i, 'nat'],
  [/NetworkRule/i, 'network'],
  [/ApplicationRule/i, 'application'],
  [/ThreatIntel/i, 'threat_intel'],
  [/Idps/i, 'idps'],
  [/Dns/i, 'dns'],
  [/FlowTrace|FatFlow/i, 'flow'],
];
const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]+)$/i;

function ruleType(...names: Array<string | undefined>): string | undefined {
  for (const name of names) {
    const hit = name === undefined ? undefined : RULE_TYPES.find(([pattern]) => pattern.test(name));
    if (hit) return hit[1];
  }
  return undefined;
}

function structured(p: JsonObject): Record<string, unknown> {
  return {
    protocol: str(p.Protocol)?.toUpperCase(),
    src_ip: str(p.SourceIp) ?? str(p.SourceIP),
    src_port: int(p.SourcePort),
    dst_host: str(p.DestinationIp) ?? str(p.Fqdn),
    dst_port: int(p.DestinationPort),
    fqdn: str(p.Fqdn),
    target_url: str(p.TargetUrl) ?? str(p.Url),
    action: firewallAction(p.Action),
    policy: str(p.Policy),
    rule_collection_group: str(p.RuleCollectionGroup),
    rule_collection: str(p.RuleCollection),
    rule: str(p.Rule),
    action_reason: str(p.ActionReason),
    web_category: str(p.WebCategory),
    is_tls_inspected: bool(p.IsTlsInspected),
    translated_ip: str(p.TranslatedIp),
    translated_port: int(p.TranslatedPort),
    threat_description: str(p.ThreatDescription),
    signature_id: str(p.SignatureId),
    idps_severity: int(p.Severity),
    idps_description: str(p.Description),
    dns_query_name: str(p.QueryName),
    dns_query_type: str(p.QueryType),
    dns_response_code: str(p.ResponseCode),
    flag: str(p.Flag),
  };
}

function firewallSeverity(action: string | undefined, type: string | undefined, idpsSeverity: number | undefined, threat: boolean): Severity {
  const blocked = action === 'Deny' || action === 'Drop' || action === 'Alert';
  return maxSeverity(
    action === 'Deny' || action === 'Drop' ? 'LOW' : undefined,
    (type === 'threat_intel' || threat) && blocked ? 'HIGH' : undefined,
    type === 'idps' || idpsSeverity !== undefined ? (blocked ? (idpsSeverity === 1 ? 'HIGH' : 'MEDIUM') : undefined) : undefined,
  );
}

function endpoint(host: unknown, port: unknown): string {
  const h = str(host) ?? '?';
  return typeof port === 'number' ? `${h}:${port}` : h;
}

function firewallTitle(f: Readonly<Record<string, unknown>>, action: string | undefined, threat: string | undefined): string {
  const query = str(f.dns_query_name);
  if (query !== undefined) return `Firewall DNS ${str(f.dns_query_type) ?? ''} ${query} → ${str(f.dns_response_code) ?? '?'} from ${endpoint(f.src_ip, f.src_port)}`;
  const rule = str(f.rule);
  const reason = str(f.action_reason);
  const detail = str(f.idps_description) ?? (threat === undefined ? undefined : `threat intel: ${threat}`);
  const target = str(f.dst_host) === undefined ? '' : ` -> ${endpoint(f.dst_host, f.dst_port)}`;
  return `Firewall ${action ?? 'event'} ${str(f.protocol) ?? ''} ${endpoint(f.src_ip, f.src_port)}${target}${rule === undefined ? '' : ` (rule ${rule})`}${detail === undefined ? '' : ` [${detail}]`}${reason === undefined ? '' : `: ${reason}`}`;
}

/** Azure Firewall: legacy AzureDiagnostics (`properties.msg` text) and resource-specific AZFW* records. */
export const firewall: LogType = {
  type: 'firewall',
  cloud: 'azure',
  title: 'Azure Firewall rule, threat-intel, IDPS and DNS logs (legacy and AZFW* structured)',
  delivery: eventHubPaths('AzureFirewallNetworkRule', 'AzureFirewallApplicationRule', 'AZFWNetworkRule', 'AZFWApplicationRule', 'AZFWThreatIntel', 'AZFWIdpsSignature'),
  recognisedBy: 'category `AzureFirewall*` / `AZFW*` (hub `insights-logs-azurefirewall` or `insights-logs-azfw*`)',
  fields: ['rule_type', 'protocol', 'src_ip', 'src_port', 'dst_host', 'dst_port', 'action', 'policy', 'rule_collection_group', 'rule_collection', 'rule', 'action_reason', 'target_url', 'web_category', 'translated_ip', 'threat_description', 'signature_id'],
  commonFields: ['source.ip', 'source.port', 'destination.ip', 'destination.port', 'url.domain', 'network.transport', 'event.action', 'event.type', 'rule.name', 'finding.type', 'dns.question.name'],
  recordKeys: categoryKeys(...CATEGORIES),
  context: (ctx) => (ctx.trigger === 'eventhub' && /^insights-logs-(azurefirewall|azfw)/i.test(ctx.eventHubName ?? '') ? 'maybe' : hubContext(CATEGORIES)(ctx)),
  matches: (record) => categoryIs(record, CATEGORIES),
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`firewall: ${json.reason}`);
    const e = json.value;
    const category = str(e.category) ?? str(e.Category);
    const p = propertiesOf(e);
    if (p === undefined) return failed('firewall: properties is required');
    const msg = str(p.msg);
    const body = msg === undefined ? structured(p) : parseFirewallMessage(msg);
    if (body === undefined) return failed('firewall: properties.msg is not a firewall rule message');
    const type = ruleType(str(e.operationName), category);
    return parsed('firewall', { category, operation_name: str(e.operationName), rule_type: type, resource_id: str(e.resourceId), ...body }, azureTime(e) ?? p.time ?? p.TimeGenerated);
  },
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const action = firewallAction(f.action);
    const type = str(f.rule_type);
    const { resource, rid } = azureResource(f.resource_id, { service: 'microsoft.network' });
    const rule = str(f.rule);
    const dst = str(f.dst_host);
    const threat = str(f.threat_intel) ?? str(f.threat_description);
    return buildEvent('firewall', parsedRecord, ctx, {
      severity: firewallSeverity(action, type, int(f.idps_severity) ?? int(f.idps_priority), threat !== undefined),
      title: firewallTitle(f, action, threat),
      resource: { ...resource, service: rid?.provider ?? 'microsoft.network' },
      asset: rid?.id,
      attributes: [f, { action }, commonFields({
          'source.ip': f.src_ip,
          'source.port': f.src_port,
          'destination.ip': dst !== undefined && IP.test(dst) ? dst : undefined,
          'destination.port': f.dst_port,
          'url.domain': str(f.fqdn) ?? (dst !== undefined && !IP.test(dst) ? dst : undefined),
          'network.transport': transportOf(f.protocol === 'HTTP' || f.protocol === 'HTTPS' ? 'tcp' : f.protocol),
          'rule.name': rule,
          'finding.type': threat,
          'dns.question.name': f.dns_query_name,
          'dns.question.type': f.dns_query_type,
        }), decisionFields(action)],
    });
  },
};
