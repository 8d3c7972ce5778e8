/**
 * The common fields: one small ECS-style vocabulary every log type fills in `attributes` whenever
 * the record has the value, so one query or summary rule works across clouds. Keys are flat
 * dotted names (`attributes["source.ip"]`); the type's own fields stay beside them. Summary rule
 * paths reach them as `attributes.source.ip` (the flat key is tried first).
 */
export interface CommonFieldSpec {
  /** What the value is; the docs table prints it. */
  description: string;
  kind: 'string' | 'number' | 'string[]';
  /** Closed set of values, when the field has one. */
  values?: readonly string[];
}

/** `event.action` for decisions (firewalls, WAFs, flow logs, DNS firewalls): one of these. */
export const DECISIONS = ['allow', 'deny', 'drop', 'alert', 'count', 'challenge', 'pass'] as const;
export type Decision = (typeof DECISIONS)[number];
export const OUTCOMES = ['success', 'failure', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const COMMON_FIELDS = {
  'source.ip': { kind: 'string', description: 'Client / originating address (IPv4 or IPv6).' },
  'source.port': { kind: 'number', description: 'Client / originating port.' },
  'destination.ip': { kind: 'string', description: 'Target address.' },
  'destination.port': { kind: 'number', description: 'Target port.' },
  'network.transport': { kind: 'string', description: 'Lower-case IP protocol name: tcp, udp, icmp, icmpv6, gre, esp, or the number as text.' },
  'network.bytes': { kind: 'number', description: 'Bytes transferred (both directions when the record sums them).' },
  'network.packets': { kind: 'number', description: 'Packets transferred.' },
  'user.name': { kind: 'string', description: 'Who acted (principal, user, caller identity); redacted per policy like every value.' },
  'event.action': {
    kind: 'string',
    description: 'For decisions, the verdict (one of the listed values: ACCEPT/Allow/ALLOWED → allow, REJECT/Deny/BLOCK/DENIED → deny, Drop → drop, IDS alert → alert); otherwise the operation as the vendor names it (CloudTrail eventName, Kubernetes verb, ARM operation).',
    values: DECISIONS,
  },
  'event.type': { kind: 'string', description: 'ECS event.type for decisions: allowed | denied (every deny, drop, block, reject).', values: ['allowed', 'denied'] },
  'event.outcome': { kind: 'string', description: 'success | failure | unknown (ECS).', values: OUTCOMES },
  'rule.name': { kind: 'string', description: 'The firewall / WAF / detection rule that matched.' },
  'http.request.method': { kind: 'string', description: 'Upper-case HTTP method.' },
  'http.response.status_code': { kind: 'number', description: 'HTTP status sent to the client.' },
  'url.path': { kind: 'string', description: 'Request path, without the query string.' },
  'url.domain': { kind: 'string', description: 'Host the request was for.' },
  'user_agent.original': { kind: 'string', description: 'User-Agent header as sent.' },
  latency_ms: { kind: 'number', description: 'Request / invocation latency in ms (the summary p95 reads it).' },
  'dns.question.name': { kind: 'string', description: 'Queried name, as logged (trailing dot kept when the vendor writes it).' },
  'dns.question.type': { kind: 'string', description: 'Query type (A, AAAA, CNAME, …).' },
  'dns.answers': { kind: 'string[]', description: 'Answer data (addresses, names), in order.' },
  'dns.response_code': { kind: 'string', description: 'Upper-case response code: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, …' },
  'finding.type': { kind: 'string', description: 'Security finding type (GuardDuty type, ASFF Types[0], threat-intel category).' },
  'finding.severity': { kind: 'string', description: 'Finding severity as the event severity label (CRITICAL … INFO) from the vendor\'s band.' },
  'finding.severity_score': { kind: 'number', description: 'The vendor\'s numeric severity (GuardDuty 0–10, ASFF Normalized 0–100).' },
  'k8s.verb': { kind: 'string', description: 'Kubernetes audit verb (get, list, create, patch, delete, watch, …).' },
  'k8s.resource': { kind: 'string', description: 'Kubernetes resource (pods, secrets, leases, …; subresource as `pods/exec`).' },
  'k8s.namespace': { kind: 'string', description: 'Kubernetes namespace of the object.' },
  'cloud.region': { kind: 'string', description: 'Region of the resource, when the record names one.' },
} as const satisfies Record<string, CommonFieldSpec>;

export type CommonFieldName = keyof typeof COMMON_FIELDS;
export type CommonFieldValues = Partial<Record<CommonFieldName, string | number | readonly string[]>>;

const DECISION_WORDS: Readonly<Record<string, Decision>> = {
  allow: 'allow', allowed: 'allow', accept: 'allow', accepted: 'allow', permit: 'allow', pass: 'pass',
  deny: 'deny', denied: 'deny', reject: 'deny', rejected: 'deny', block: 'deny', blocked: 'deny', refuse: 'deny',
  drop: 'drop', dropped: 'drop', reset: 'drop',
  alert: 'alert', alerted: 'alert', log: 'alert', detect: 'alert', detected: 'alert',
  count: 'count', challenge: 'challenge', captcha: 'challenge',
};

/** A vendor's verdict word (`ACCEPT`, `Deny`, `BLOCK`, `blocked`, `DENIED`, `Drop`) as a decision. */
export function decisionOf(word: unknown): Decision | undefined {
  if (typeof word !== 'string') return undefined;
  // A handful of words repeat on every flow record: normalised once each (bounded).
  if (DECISION_CACHE.has(word)) return DECISION_CACHE.get(word);
  const normalised = word.trim().replace(/\.+$/, '').toLowerCase();
  // Own keys only: `constructor` or `toString` in a log is no decision.
  const decision = Object.hasOwn(DECISION_WORDS, normalised) ? DECISION_WORDS[normalised] : undefined;
  if (word.length <= 64) {
    if (DECISION_CACHE.size >= 256) DECISION_CACHE.clear();
    DECISION_CACHE.set(word, decision);
  }
  return decision;
}

const DECISION_CACHE = new Map<string, Decision | undefined>();

/** `event.action` + `event.type` for a decision word; nothing for a word that is not one. */
export function decisionFields(word: unknown): CommonFieldValues {
  const decision = decisionOf(word);
  if (decision === undefined) return {};
  const denied = decision === 'deny' || decision === 'drop';
  const allowed = decision === 'allow' || decision === 'pass';
  if (denied) return { 'event.action': decision, 'event.type': 'denied' };
  return allowed ? { 'event.action': decision, 'event.type': 'allowed' } : { 'event.action': decision };
}

const TRANSPORTS: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'icmpv6', 132: 'sctp' };

/** IANA protocol number or name → `network.transport` (lower-case name, or the number as text). */
export function transportOf(protocol: unknown): string | undefined {
  if (typeof protocol === 'number' && Number.isInteger(protocol)) return TRANSPORTS[protocol] ?? String(protocol);
  if (typeof protocol !== 'string' || protocol === '' || protocol === '-') return undefined;
  return /^\d+$/.test(protocol) ? (TRANSPORTS[Number(protocol)] ?? protocol) : protocol.toLowerCase();
}

/** A copy of `values` without undefined / empty entries (what a normalizer spreads into attributes). */
export function commonFields(values: Partial<Record<CommonFieldName, unknown>>): CommonFieldValues {
  const out: Record<string, unknown> = {};
  const from = values as Readonly<Record<string, unknown>>;
  // for…in, not Object.entries: no [key, value] pair per field (once per event, issue 15).
  for (const key in from) {
    const value = from[key];
    if (value === undefined || value === null || value === '' || value === '-') continue;
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out as CommonFieldValues;
}
