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
    const hits: IntelHit[] = [];
    for (const list of this.lists) {
      const fields = new Set<string>();
      let type: IndicatorType | undefined;
      let leaves = 0;
      const visit = (node: unknown, path: () => string, depth: number): void => {
        if (leaves >= MAX_LEAVES || depth > 32) return;
        if (typeof node === 'string') {
          leaves++;
          const found = this.test(list, node);
          if (found) {
            fields.add(path());
            type ??= found;
          }
        } else if (Array.isArray(node)) {
          for (const v of node) visit(v, path, depth + 1);
        } else if (node !== null && typeof node === 'object') {
          for (const k of Object.keys(node)) visit((node as Record<string, unknown>)[k], () => `${path()}.${k}`, depth + 1);
        }
      };
      visit(event.attributes, () => 'attributes', 0);
      visit(event.raw_data, () => 'raw_data', 0);
      if (type) hits.push({ list: list.name, type, severity: list.severity, fields: [...fields].sort() });
    }
    return hits;
  }

  private test(list: ThreatIntel['lists'][number], value: string): IndicatorType | undefined {
    const n = value.length;
    if (n === 0 || n > 2048) return undefined;
    const v = value.charCodeAt(0) <= 32 || value.charCodeAt(n - 1) <= 32 ? value.trim() : value;
    if (list.exact.size > 0) {
      const exact = list.exact.get(v) ?? list.exact.get(v.toLowerCase());
      if (exact) return exact;
    }
    const c = v.charCodeAt(0);
    const ipLike = (c >= 48 && c <= 57) || v.includes(':');
    if (list.ranges.length > 0 && ipLike && parseIp(v)) {
      for (const r of list.ranges) if (cidrContains(r, v)) return 'cidr';
    }
    if (list.domains.size > 0 && v.includes('.') && !v.includes(' ')) {
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
