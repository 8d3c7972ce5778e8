import { cidrContains, parseCidr, parseIp, type CidrRange } from './cidr.js';
import type { Redactor } from '../redact/types.js';
import type { BronzeEventDraft, Severity } from '../schema/index.js';

export type IndicatorType = 'ip' | 'cidr' | 'domain' | 'url' | 'hash';

export interface Indicator {
  type: IndicatorType;
  value: string;
  /** RFC 3339; an expired indicator is dropped at load. */
  expires_at?: string;
}

export interface IntelHit {
  list: string;
  type: IndicatorType;
  severity: Severity;
  /** Paths of the fields that carried an indicator (never the value). */
  fields: string[];
}

const HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** Leaves visited per event (a bound on a hostile record). */
const MAX_LEAVES = 2000;

/** The type a bare indicator value has. */
export function indicatorType(value: string): IndicatorType | undefined {
  if (parseIp(value)) return 'ip';
  if (value.includes('/') && parseCidr(value)) return 'cidr';
  if (/^https?:\/\//i.test(value)) return 'url';
  if (HASH.test(value)) return 'hash';
  if (DOMAIN.test(value)) return 'domain';
  return undefined;
}

/**
 * Indicator list text: one per line (`value` or `value,expires_at`; `#` comments), or a JSON
 * array of `{type, value, expires_at?}`. Returns indicators and the lines it could not read.
 */
export function parseIndicators(text: string): { indicators: Indicator[]; rejected: number } {
  const trimmed = text.trim();
  const indicators: Indicator[] = [];
  let rejected = 0;
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown[];
    for (const item of parsed) {
      const rec = item as Partial<Indicator> | null;
      const value = typeof rec?.value === 'string' ? rec.value.trim() : '';
      const type = (rec?.type as IndicatorType | undefined) ?? indicatorType(value);
      if (!value || !type) rejected++;
      else indicators.push({ type, value, ...(typeof rec?.expires_at === 'string' ? { expires_at: rec.expires_at } : {}) });
    }
    return { indicators, rejected };
  }
  for (const line of trimmed.split(/\r?\n/)) {
    const clean = line.replace(/#.*$/, '').trim();
    if (!clean) continue;
    const [value, expires] = clean.split(',').map((s) => s.trim());
    const type = indicatorType(value!);
    if (!type) rejected++;
    else indicators.push({ type, value: value!, ...(expires ? { expires_at: expires } : {}) });
  }
  return { indicators, rejected };
}

export interface IndicatorList {
  name: string;
  severity: Severity;
  indicators: Indicator[];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Indicator lists compiled for matching: exact sets plus CIDR ranges; expired indicators dropped. */
export class ThreatIntel {
  private readonly lists: Array<{ name: string; severity: Severity; exact: Map<string, IndicatorType>; ranges: CidrRange[]; domains: Set<string> }>;
  readonly size: number;

  constructor(lists: readonly IndicatorList[], now: number) {
    let size = 0;
    this.lists = lists.map((list) => {
      const exact = new Map<string, IndicatorType>();
      const ranges: CidrRange[] = [];
      const domains = new Set<string>();
      for (const ind of list.indicators) {
        if (ind.expires_at !== undefined && Date.parse(ind.expires_at) <= now) continue;
        size++;
        if (ind.type === 'cidr') {
          const r = parseCidr(ind.value);
          if (r) ranges.push(r);
        } else if (ind.type === 'domain') domains.add(ind.value.toLowerCase());
        else exact.set(ind.type === 'url' ? ind.value : ind.value.toLowerCase(), ind.type);
      }
      return { name: list.name, severity: list.severity, exact, ranges, domains };
    });
    this.size = size;
  }

  /** Every list with an indicator in one of the event's string fields (before redaction). */
  match(event: BronzeEventDraft): IntelHit[] {
    if (this.size === 0) return [];
    const leaves: Array<{ path: string; value: string }> = [];
    collectLeaves(event.attributes, 'attributes', leaves);
    collectLeaves(event.raw_data, 'raw_data', leaves);
    const hits: IntelHit[] = [];
    for (const list of this.lists) {
      const fields = new Set<string>();
      let type: IndicatorType | undefined;
      for (const { path, value } of leaves) {
        const found = this.test(list, value);
        if (found) {
          fields.add(path);
          type ??= found;
        }
      }
      if (type) hits.push({ list: list.name, type, severity: list.severity, fields: [...fields].sort() });
    }
    return hits;
  }

  private test(list: ThreatIntel['lists'][number], value: string): IndicatorType | undefined {
    const v = value.trim();
    if (v.length === 0 || v.length > 2048) return undefined;
    const exact = list.exact.get(v) ?? list.exact.get(v.toLowerCase());
    if (exact) return exact;
    if (list.ranges.length > 0 && parseIp(v)) {
      for (const r of list.ranges) if (cidrContains(r, v)) return 'cidr';
    }
    if (list.domains.size > 0) {
      let host = /^https?:\/\//i.test(v) ? hostOf(v) : v.toLowerCase().replace(/\.$/, '');
      while (host) {
        if (list.domains.has(host)) return 'domain';
        const dot = host.indexOf('.');
        host = dot < 0 ? undefined : host.slice(dot + 1);
      }
    }
    return undefined;
  }

  /**
   * For lake queries: each indicator as the lake stores it. Addresses and e-mails are keyed
   * hashes there (`[HASH:ipv4:…]`), produced by the pipeline's own redactor, so a query can
   * match them without un-redacting anything. CIDR ranges cannot be matched this way.
   */
  lakeMarkers(redactor: Redactor): Array<{ list: string; type: IndicatorType; marker: string }> {
    const out: Array<{ list: string; type: IndicatorType; marker: string }> = [];
    for (const list of this.lists) {
      for (const [value, type] of list.exact) out.push({ list: list.name, type, marker: redactor.redactText(value).value });
      for (const d of list.domains) out.push({ list: list.name, type: 'domain', marker: redactor.redactText(d).value });
    }
    return out;
  }
}

function collectLeaves(node: unknown, path: string, out: Array<{ path: string; value: string }>, depth = 0): void {
  if (out.length >= MAX_LEAVES || depth > 32) return;
  if (typeof node === 'string') out.push({ path, value: node });
  else if (Array.isArray(node)) node.forEach((v) => collectLeaves(v, path, out, depth + 1));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) collectLeaves(v, `${path}.${k}`, out, depth + 1);
  }
}
