import { int } from '../module-kit.js';

/**
 * The legacy AzureDiagnostics Azure Firewall `properties.msg` text, e.g.
 * `TCP request from 10.0.0.4:1234 to 1.2.3.4:443. Action: Deny. Rule Collection: x. Rule: y`,
 * `ICMP Type=8 request from 10.0.0.4 to 8.8.8.8. Action: Deny. `,
 * `TCP request from a:1 to b:2 was DNAT'ed to 10.0.0.2:3389. Policy: p. …`,
 * `HTTPS request from 10.0.0.1:6065. Action: Deny. Reason: SNI TLS extension was missing.` (no target),
 * `… Action: Allow.. Rule Collection: …` (a doubled full stop).
 */
const HEAD = /^(\S{1,32})(?: Type=(\d{1,3}))?\s+request from (\S{1,300}?)(?:\s+to\s+(\S{1,600}?))?(?:\.(?=\s|$)|\s+(?=was DNAT'ed)|$)/;
const MAX_MSG = 8192;

/** `10.0.0.4:1234` / `[2001:db8::1]:443` → host and port; a token without a numeric port is all host (bare IPv6 stays whole). */
export function splitEndpoint(token: string): { host: string; port?: number } {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/.exec(token);
  if (bracketed) return bracketed[2] === undefined ? { host: bracketed[1]! } : { host: bracketed[1]!, port: Number(bracketed[2]) };
  const i = token.lastIndexOf(':');
  if (i > 0 && /^\d{1,5}$/.test(token.slice(i + 1)) && token.indexOf(':') === i) return { host: token.slice(0, i), port: Number(token.slice(i + 1)) };
  return { host: token };
}

/** 'DENY' / 'deny' / 'Allow.' → 'Deny' / 'Allow' (title case, trailing full stops dropped). */
export function firewallAction(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim().replace(/\.+$/, '');
  return s === '' || s === '-' ? undefined : s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

/** `Key: value` segments separated by full stops followed by a space (or the end). */
function segments(rest: string): { parts: Record<string, string>; loose: string[] } {
  const parts: Record<string, string> = {};
  const loose: string[] = [];
  for (const raw of rest.split(/\.+(?:\s+|$)/)) {
    const segment = raw.trim();
    if (segment === '') continue;
    const colon = segment.indexOf(': ');
    if (colon > 0 && colon < 40) {
      const key = segment.slice(0, colon).trim();
      if (!Object.hasOwn(parts, key)) parts[key] = segment.slice(colon + 2).trim();
    } else loose.push(segment);
  }
  return { parts, loose };
}

/** The fields of one legacy rule message; undefined when the text is not one. */
export function parseFirewallMessage(text: string): Record<string, unknown> | undefined {
  const msg = text.length > MAX_MSG ? text.slice(0, MAX_MSG) : text;
  const m = HEAD.exec(msg);
  if (!m) return undefined;
  const src = splitEndpoint(m[3]!.replace(/\.$/, ''));
  const dst = m[4] === undefined ? undefined : splitEndpoint(m[4].replace(/\.$/, ''));
  const rest = msg.slice(m[0].length);
  const dnat = /^\s*was DNAT'ed to (\S{1,300})/.exec(rest);
  const translated = dnat === undefined || dnat === null ? undefined : splitEndpoint(dnat[1]!.replace(/\.$/, ''));
  const { parts, loose } = segments(dnat ? rest.slice(dnat[0].length) : rest);
  const noRule = loose.find((s) => /^No rule matched/i.test(s));
  return {
    protocol: m[1]!.toUpperCase(),
    icmp_type: int(m[2]),
    src_ip: src.host,
    src_port: src.port,
    dst_host: dst?.host,
    dst_port: dst?.port,
    action: firewallAction(parts.Action) ?? (translated ? 'Dnat' : undefined),
    policy: parts.Policy,
    rule_collection_group: parts['Rule Collection Group'],
    rule_collection: parts['Rule Collection'],
    rule: parts.Rule,
    target_url: parts.Url,
    web_category: parts['Web Category'],
    action_reason: parts.Reason ?? (noRule === undefined ? undefined : 'No rule matched'),
    default_action: loose.some((s) => /default action/i.test(s)) ? true : undefined,
    threat_intel: parts.ThreatIntel,
    signature_id: parts.Signature,
    idps_description: parts.IDS,
    idps_priority: int(parts.Priority),
    idps_classification: parts.Classification,
    translated_ip: translated?.host,
    translated_port: translated?.port,
  };
}
