import type { ParsedRecord } from '../parse/types.js';
import type { NormalizeContext, NormalizeResult, Normalizer } from './types.js';
import { apigateway } from './apigateway.js';
import { cloudtrail } from './cloudtrail.js';
import { generic } from './generic.js';
import { lambda } from './lambda.js';
import { waf } from './waf.js';

export type { NormalizeContext, NormalizeResult, Normalizer } from './types.js';
export { toUtcIso, durationToMs } from './time.js';
export { eventId } from './event-id.js';
export { stableStringify } from './stable-json.js';
export { maxSeverity, levelSeverity, httpStatusSeverity, statusClass } from './severity.js';
export { resolveEventTime } from './build-event.js';

/** The normalizers of the types the catalogue still wraps (`legacyLogType`); the rest are catalogue modules. */
export const NORMALIZERS: readonly Normalizer[] = [cloudtrail, waf, lambda, apigateway, generic];

const BY_SOURCE_TYPE = new Map(NORMALIZERS.map((n) => [n.sourceType, n]));

export function normalizerFor(sourceType: string): Normalizer {
  return BY_SOURCE_TYPE.get(sourceType) ?? generic;
}

/** Dispatches by source_type (generic fallback). Never throws: a normalizer bug becomes a reason. */
export function normalizeRecord(parsed: ParsedRecord, ctx: NormalizeContext): NormalizeResult {
  const normalizer = normalizerFor(parsed.sourceType);
  try {
    return normalizer.normalize(parsed, ctx);
  } catch (err) {
    return { ok: false, reason: `${normalizer.sourceType}: normalizer failed (${err instanceof Error ? err.name : 'unknown error'})` };
  }
}
