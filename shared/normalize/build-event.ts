import type { BronzeEventDraft, Resource, Severity } from '../schema/index.js';
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
  /**
   * The event's attributes; a list is merged in order (a later part's key wins, in the first
   * part's position), as `{ ...a, ...b }` would, without building the intermediate objects.
   */
  attributes: Readonly<Record<string, unknown>> | ReadonlyArray<Readonly<Record<string, unknown>> | undefined>;
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

function isPartList(a: EventParts['attributes']): a is ReadonlyArray<Readonly<Record<string, unknown>> | undefined> {
  return Array.isArray(a);
}

/**
 * Copies the entries of `from` onto `to` as a spread would (for…in, not Object.entries: no
 * [key, value] pair per attribute; this runs once per event): a key already in `to` keeps its
 * position and takes the new value. Returns true when an undefined value went in, so the caller
 * drops those afterwards (what buildEvent always did after the normalizers' spreads). `__proto__`
 * from a parsed document stays a plain key.
 */
function copyInto(from: Readonly<Record<string, unknown>>, to: Record<string, unknown>): boolean {
  let holes = false;
  for (const key in from) {
    const value = from[key];
    if (value === undefined) holes = true;
    if (key === '__proto__') Object.defineProperty(to, key, { value, enumerable: true, writable: true, configurable: true });
    else to[key] = value;
  }
  return holes;
}

/** `attributes` without its undefined entries, order kept (a fresh object: no delete, no slow mode). */
function withoutUndefined(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

/** Assembles the BronzeEventDraft shared by every normalizer (ids, times, envelope). */
export function buildEvent(sourceType: string, parsed: ParsedRecord, ctx: NormalizeContext, parts: EventParts): NormalizeResult {
  const time = resolveEventTime(parsed.time, ctx.record.transportTime, ctx.ingestedAt);
  if (!time.ok) return time;
  let attributes: Record<string, unknown> = {};
  const list = parts.attributes;
  let holes = false;
  if (isPartList(list)) {
    for (const part of list) if (part !== undefined && copyInto(part, attributes)) holes = true;
  } else holes = copyInto(list, attributes);
  if (holes) attributes = withoutUndefined(attributes);
  // The delivery's time stands in for a record without one: say so (`time_source: delivery`).
  if (time.source !== 'record') attributes.time_source = 'delivery';
  const title = oneLine(parts.title, MAX_TITLE) || `${sourceType} record`;
  const resource = parts.resource === undefined ? undefined : compactResource(parts.resource);
  // Field by field in the event's key order (no spreads on the per-event path).
  const event: Record<string, unknown> = {
    schema_version: '1.0',
    event_id: eventId(ctx.source, ctx.record),
    source: ctx.source,
    source_type: sourceType,
    timestamp: time.timestamp,
    ingested_at: toUtcIso(ctx.ingestedAt) ?? ctx.ingestedAt,
    severity: parts.severity,
    title,
  };
  if (parts.description !== undefined) event.description = parts.description;
  if (resource !== undefined) event.resource = resource;
  if (parts.asset !== undefined && parts.asset !== '') event.asset = parts.asset;
  event.attributes = attributes;
  event.raw_data = rawData(ctx.record);
  return { ok: true, event: event as unknown as BronzeEventDraft };
}
