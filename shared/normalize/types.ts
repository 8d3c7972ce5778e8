import type { BronzeEventDraft, Source } from '../schema/index.js';
import type { ParsedRecord } from '../parse/types.js';
import type { RawRecord } from '../decode/types.js';

export interface NormalizeContext {
  source: Source;
  /** RFC 3339 UTC ms: when the pipeline received the batch (from the injected clock). */
  ingestedAt: string;
  record: RawRecord;
}

export type NormalizeResult = { ok: true; event: BronzeEventDraft } | { ok: false; reason: string };

/** One normalizer per source_type. Pure: never mutates its input, never throws. */
export interface Normalizer {
  readonly sourceType: string;
  normalize(parsed: ParsedRecord, ctx: NormalizeContext): NormalizeResult;
}
