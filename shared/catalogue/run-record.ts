import type { RawRecord } from '../decode/types.js';
import type { BronzeEventDraft, Source } from '../schema/index.js';
import type { ParsedRecord } from '../parse/types.js';
import type { Catalogue } from './index.js';
import type { DeliveryContext, LogType, Route } from './types.js';

/** One event's worth of outcome: the record it came from (a part of it for flow tuples), and the event or why not. */
export type EventOutcome =
  | { ok: true; record: RawRecord; event: BronzeEventDraft }
  | { ok: false; record: RawRecord; stage: 'parse' | 'normalize'; reason: string };

export interface RecordOutcome {
  type: LogType;
  /** One per event the record makes; empty when a record holds no events (parts: []), counted as filtered. */
  outcomes: EventOutcome[];
}

function failure(err: unknown): string {
  return err instanceof Error ? err.name : 'unknown error';
}

/** Part `i` of a record: its own path, raw value and id (`<record id>#<i>`), the record's delivery metadata. */
function partOf(record: RawRecord, raw: unknown, i: number): RawRecord {
  return {
    path: `${record.path}#${i}`,
    value: raw,
    meta: record.meta,
    ...(record.recordId === undefined ? {} : { recordId: `${record.recordId}#${i}` }),
    ...(record.transportTime === undefined ? {} : { transportTime: record.transportTime }),
  };
}

function normalizeAs(type: LogType, parsed: ParsedRecord, record: RawRecord, source: Source, ingestedAt: string): EventOutcome {
  let normalized;
  try {
    normalized = type.normalize(parsed, { source, ingestedAt, record });
  } catch (err) {
    normalized = { ok: false as const, reason: `${type.type}: normalizer failed (${failure(err)})` };
  }
  return normalized.ok ? { ok: true, record, event: normalized.event } : { ok: false, record, stage: 'normalize', reason: normalized.reason };
}

/**
 * One record through the catalogue: recognise (on the delivery's route) → parse → normalize.
 * A record whose parse yields `parts` (flow-log tuples) makes one event per part. Pure; never
 * throws (a module's throw becomes a reason naming its type).
 */
export function runRecord(catalogue: Catalogue, record: RawRecord, ctx: DeliveryContext, route: Route, source: Source, ingestedAt: string): RecordOutcome {
  const type = catalogue.recognise(record, route, ctx);
  let parsed;
  try {
    parsed = type.parse(record, ctx);
  } catch (err) {
    parsed = { ok: false as const, reason: `${type.type}: parser failed (${failure(err)})` };
  }
  if (!parsed.ok) return { type, outcomes: [{ ok: false, record, stage: 'parse', reason: parsed.reason }] };
  const parts = parsed.parsed.parts;
  if (parts === undefined) return { type, outcomes: [normalizeAs(type, parsed.parsed, record, source, ingestedAt)] };
  return {
    type,
    outcomes: parts.map((part, i) => normalizeAs(type, { sourceType: part.sourceType, fields: part.fields, time: part.time }, partOf(record, part.raw, i), source, ingestedAt)),
  };
}
