import type { Resource, Severity } from '../schema/index.js';
import type { ParsedRecord } from '../parse/types.js';
import type { RawRecord } from '../decode/types.js';
import type { NormalizeContext, NormalizeResult } from './types.js';
import { eventId } from './event-id.js';
import { compactResource } from './cloud-resource.js';
import { msToUtcIso, toUtcIso } from './time.js';

export type TimeSource = 'record' | 'transport' | 'ingested';
export type EventTime = { ok: true; timestamp: string; source: TimeSource } | { ok: false; reason: string };

/** Titles are one line for humans; the full text stays in attributes and raw_data. */
const MAX_TITLE = 256;
const MAX_QUOTED = 40;

function quoted(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(typeof value);
  }
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

/**
 * The event time: the record's own time; else the transport's; else the ingestion time (marked
 * `ingested`). A time the record carries but that cannot be read is an error, never replaced.
 */
export function resolveEventTime(recordTime: unknown, transportTime: number | undefined, ingestedAt: string): EventTime {
  if (recordTime !== undefined && recordTime !== null && recordTime !== '' && recordTime !== '-') {
    const timestamp = toUtcIso(recordTime);
    return timestamp === undefined ? { ok: false, reason: `unparseable timestamp "${quoted(recordTime)}"` } : { ok: true, timestamp, source: 'record' };
  }
  const transport = msToUtcIso(typeof transportTime === 'number' ? transportTime : undefined);
  if (transport !== undefined) return { ok: true, timestamp: transport, source: 'transport' };
  return { ok: true, timestamp: toUtcIso(ingestedAt) ?? ingestedAt, source: 'ingested' };
}

export interface EventParts {
  severity: Severity;
  title: string;
  description?: string;
  resource?: Resource;
  asset?: string;
  attributes: Record<string, unknown>;
}

/** The original record for `raw_data`: the value the wire carried, else the text. */
export function rawData(record: RawRecord): unknown {
  return record.value !== undefined ? record.value : record.text;
}

/** True when `text` has no white space but single inner spaces (the regex would change nothing). */
function isOneLine(text: string): boolean {
  const n = text.length;
  if (n > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(n - 1) === 32)) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (text.charCodeAt(i + 1) === 32) return false;
    } else if ((c >= 9 && c <= 13) || (c >= 160 && /\s/.test(text.charAt(i)))) {
      return false; // tab, line feed, vertical tab, form feed, carriage return, or a Unicode space
    }
  }
  return true;
}

/** Up to `max` characters on one line (titles quote messages that may be multi-line). */
export function oneLine(text: string, max = 200): string {
  const line = isOneLine(text) ? text : text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Assembles the BronzeEventDraft shared by every normalizer (ids, times, envelope). */
export function buildEvent(sourceType: string, parsed: ParsedRecord, ctx: NormalizeContext, parts: EventParts): NormalizeResult {
  const time = resolveEventTime(parsed.time, ctx.record.transportTime, ctx.ingestedAt);
  if (!time.ok) return time;
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parts.attributes)) {
    if (value === undefined) continue;
    if (key === '__proto__') Object.defineProperty(attributes, key, { value, enumerable: true, writable: true, configurable: true });
    else attributes[key] = value;
  }
  // The delivery's time stands in for a record without one: say so (`time_source: delivery`).
  if (time.source !== 'record') attributes.time_source = 'delivery';
  const title = oneLine(parts.title, MAX_TITLE) || `${sourceType} record`;
  const resource = parts.resource === undefined ? undefined : compactResource(parts.resource);
  return {
    ok: true,
    event: {
      schema_version: '1.0',
      event_id: eventId(ctx.source, ctx.record),
      source: ctx.source,
      source_type: sourceType,
      timestamp: time.timestamp,
      ingested_at: toUtcIso(ctx.ingestedAt) ?? ctx.ingestedAt,
      severity: parts.severity,
      title,
      ...(parts.description === undefined ? {} : { description: parts.description }),
      ...(resource === undefined ? {} : { resource }),
      ...(parts.asset === undefined || parts.asset === '' ? {} : { asset: parts.asset }),
      attributes,
      raw_data: rawData(ctx.record),
    },
  };
}
