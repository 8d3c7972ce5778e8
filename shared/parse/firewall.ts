import type { RawRecord } from '../decode/types.js';
import type { ParseResult, Parser } from './types.js';
import { isPlainObject, mentionsKeys, recordObject, type JsonObject } from './json-input.js';
import { azureCategoryOwner } from './azure-category.js';
import { at, bool, failed, int, parsed, str } from './field-read.js';

const RULE_TYPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/NetworkRule/i, 'network'],
  [/ApplicationRule/i, 'application'],
  [/NatRule/i, 'nat'],
  [/ThreatIntel/i, 'threat_intel'],
  [/Idps/i, 'idps'],
  [/Dns/i, 'dns'],
];
/** `TCP request from 10.0.0.4:1234 to 1.2.3.4:443. Action: Deny. …` and its ICMP/HTTP(S)/DNAT variants. */
const MSG = /^(\S+)(?: Type=(\d+))?\s+request from (\S+) to (\S+?)\.?(?:\s+([\s\S]*))?$/;
const MAX_MSG = 8192;

function ruleType(category: string | undefined): string | undefined {
  if (category === undefined) return undefined;
  return RULE_TYPES.find(([pattern]) => pattern.test(category))?.[1];
}

/** 'DENY' / 'deny' → 'Deny' (the convention the summary rules rely on). */
export function firewallAction(value: unknown): string | undefined {
  const s = str(value)?.trim();
  return s === undefined || s === '' ? undefined : s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

/** `10.0.0.4:1234` → host and port; a token without a numeric port is all host. */
function endpoint(token: string): { host: string; port?: number } {
  const i = token.lastIndexOf(':');
  if (i > 0 && /^\d{1,5}$/.test(token.slice(i + 1)) && token.indexOf(':') === i) return { host: token.slice(0, i), port: Number(token.slice(i + 1)) };
  return { host: token };
}

function legacyMessage(msg: string): Record<string, unknown> | undefined {
  const m = MSG.exec(msg.length > MAX_MSG ? msg.slice(0, MAX_MSG) : msg);
  if (!m) return undefined;
  const src = endpoint(m[3]!);
  const dst = endpoint(m[4]!);
  const rest = m[5] ?? '';
  const parts: Record<string, string> = {};
  for (const segment of rest.split(/\.\s+|\.$/)) {
    const colon = segment.indexOf(': ');
    if (colon > 0) parts[segment.slice(0, colon).trim()] = segment.slice(colon + 2).trim();
  }
  const dnat = /DNAT'ed to (\S+)/.exec(rest)?.[1];
  const translated = dnat === undefined ? undefined : endpoint(dnat.replace(/\.$/, ''));
  return {
    protocol: m[1]!.toUpperCase(),
    icmp_type: int(m[2]),
    src_ip: src.host,
    src_port: src.port,
    dst_host: dst.host,
    dst_port: dst.port,
    action: firewallAction(parts.Action) ?? (translated ? 'Dnat' : undefined),
    policy: parts.Policy,
    rule_collection_group: parts['Rule Collection Group'],
    rule_collection: parts['Rule Collection'],
    rule: parts.Rule,
    target_url: parts.Url,
    web_category: parts['Web Category'],
    action_reason: parts.Reason ?? (/No rule matched/.test(rest) ? 'No rule matched' : undefined),
    translated_ip: translated?.host,
    translated_port: translated?.port,
  };
}

function structured(p: JsonObject): Record<string, unknown> {
  return {
    protocol: str(p.Protocol)?.toUpperCase(),
    src_ip: str(p.SourceIp),
    src_port: int(p.SourcePort),
    dst_host: str(p.DestinationIp) ?? str(p.Fqdn),
    dst_port: int(p.DestinationPort),
    fqdn: str(p.Fqdn),
    target_url: str(p.TargetUrl),
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
  };
}

/** Azure Firewall logs: legacy AzureDiagnostics (`properties.msg` text) and resource-specific AZFW* tables. */
export const firewall: Parser = {
  type: 'firewall',
  matches(record: RawRecord, hint: string | undefined): boolean {
    if (!mentionsKeys(record, ['properties'])) return false;
    const owner = azureCategoryOwner(record);
    return owner === undefined ? hint === 'firewall' : owner === 'firewall';
  },
  parse(record: RawRecord): ParseResult {
    const json = recordObject(record);
    if (!json.ok) return failed(`firewall: ${json.reason}`);
    const e = json.value;
    const category = str(e.category) ?? str(e.Category);
    const p = at(e, 'properties');
    if (!isPlainObject(p)) return failed('firewall: properties is required');
    const msg = str(p.msg);
    const body = msg === undefined ? structured(p) : legacyMessage(msg);
    if (body === undefined) return failed('firewall: properties.msg is not a firewall rule message');
    return parsed(
      'firewall',
      { category, rule_type: ruleType(category ?? str(e.operationName)), resource_id: str(e.resourceId), ...body },
      e.time ?? p.time ?? p.TimeGenerated,
    );
  },
};
