import { createHash } from 'node:crypto';
import type { BronzeEventDraft, Resource, Severity, Source } from '../../schema/index.js';
import { isRecord } from '../pagination.js';

/** Helpers the five normalizers share. Pure: no clock, no I/O, never mutate their input. */

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Reads `a.b.c` from nested objects. */
export function at(v: unknown, path: string): unknown {
  let node = v;
  for (const key of path.split('.')) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * A vendor time → RFC 3339 UTC ms; '' when unreadable (validation then quarantines the event
 * with a clear reason). Accepts epoch ms (Dynatrace), epoch seconds as a string (Splunk `_time`),
 * ISO 8601 with any offset, and ServiceNow's `YYYY-MM-DD HH:mm:ss` (UTC in raw values).
 */
export function toIso(v: unknown): string {
  let ms: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) ms = v < 1e11 ? v * 1000 : v;
  else if (typeof v === 'string') {
    const text = v.trim();
    if (/^\d+(\.\d+)?$/.test(text)) {
      const n = Number(text);
      ms = n < 1e11 ? n * 1000 : n;
    } else if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) ms = Date.parse(`${text.replace(' ', 'T')}Z`);
    else if (/^\d{4}-\d{2}-\d{2}T/.test(text)) ms = Date.parse(text);
  }
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const d = new Date(Math.round(ms));
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** The first readable time among candidates. */
export function firstIso(...candidates: unknown[]): string {
  for (const c of candidates) {
    const t = toIso(c);
    if (t !== '') return t;
  }
  return '';
}

/** A deterministic id from parts; hashed when it would pass the schema's 256-character limit. */
export function eventId(parts: Array<string | number | undefined>): string {
  const id = parts.map((p) => (p === undefined ? '-' : String(p))).join(':');
  return id.length <= 256 ? id : `${parts[0] ?? 'event'}:sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** SHA-256 over the source and the record's JSON: the id of a record that has none of its own. */
export function contentId(source: string, sourceType: string, record: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(record) ?? 'undefined';
  } catch {
    json = String(record);
  }
  return `${source}:${sourceType}:sha256:${createHash('sha256').update(`${source}\n${json}`).digest('hex')}`;
}

export function clip(text: string | undefined, max = 1024): string | undefined {
  if (text === undefined) return undefined;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Drops undefined values so the event has no `key: undefined` noise. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export interface DraftFields {
  source: Source;
  sourceType: string;
  eventId: string;
  timestamp: string;
  ingestedAt: string;
  severity: Severity;
  title: string | undefined;
  fallbackTitle: string;
  description?: string | undefined;
  resource?: Resource | undefined;
  asset?: string | undefined;
  attributes: Record<string, unknown>;
  raw: unknown;
}

export function draft(f: DraftFields): BronzeEventDraft {
  return {
    schema_version: '1.0',
    event_id: f.eventId,
    source: f.source,
    source_type: f.sourceType,
    timestamp: f.timestamp,
    ingested_at: f.ingestedAt,
    severity: f.severity,
    title: clip(f.title ?? f.fallbackTitle, 1024)!,
    ...(f.description !== undefined ? { description: f.description } : {}),
    ...(f.resource !== undefined ? { resource: compact(f.resource) } : {}),
    ...(f.asset !== undefined ? { asset: f.asset } : {}),
    attributes: compact(f.attributes),
    raw_data: f.raw,
  };
}

/** `critical`/`high`/`medium`/`moderate`/`low`/`info…` (any case) → Severity. */
export function severityFromWord(v: unknown, fallback: Severity = 'INFO'): Severity {
  const w = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (w === 'critical' || w === 'fatal' || w === 'emergency') return 'CRITICAL';
  if (w === 'high' || w === 'error' || w === 'major') return 'HIGH';
  if (w === 'medium' || w === 'moderate' || w === 'warning' || w === 'warn') return 'MEDIUM';
  if (w === 'low' || w === 'minor') return 'LOW';
  if (w === 'info' || w === 'informational' || w === 'information') return 'INFO';
  return fallback;
}
