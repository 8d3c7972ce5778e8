import type { RawRecord } from '../decode/types.js';

/** What a parser makes of a raw record: structured fields and the source_type it recognised. */
export interface ParsedRecord {
  sourceType: string;
  /** Parsed fields: snake_case names, typed values (numbers as numbers), absent values left out. */
  fields: Record<string, unknown>;
  /**
   * The record's own time exactly as found (ISO string, epoch s/ms, CLF date, …); undefined when the
   * record carries none. The normalizer turns it into the event timestamp.
   */
  time?: unknown;
  /**
   * A record that holds several events (flow-log tuples): one part per event, each normalized on
   * its own (its own time, `raw` as its raw_data, an event id made from the record's plus its index).
   */
  parts?: ParsedPart[];
}

/** One event of a record that holds several. */
export interface ParsedPart {
  sourceType: string;
  fields: Record<string, unknown>;
  time?: unknown;
  /** The event's raw_data (the part of the record it came from, with the context that identifies it). */
  raw: unknown;
}

export type ParseResult = { ok: true; parsed: ParsedRecord } | { ok: false; reason: string };

/** One parser per file, registered in parse/index.ts. Pure; never throws (returns a reason). */
export interface Parser {
  /** snake_case, equal to the file name and to the source_type it produces. */
  readonly type: string;
  /** Cheap test: does this record look like mine? `hint` comes from the delivery (log group, key). */
  matches(record: RawRecord, hint: string | undefined): boolean;
  parse(record: RawRecord): ParseResult;
}
