import type { ParsedRecord } from '../parse/types.js';
import type { NormalizeContext, NormalizeResult, Normalizer } from './types.js';
import { activity } from './activity.js';
import { apigateway } from './apigateway.js';
import { audit } from './audit.js';
import { cloudtrail } from './cloudtrail.js';
import { firewall } from './firewall.js';
import { generic } from './generic.js';
import { http_lb } from './http_lb.js';
import { lambda } from './lambda.js';
import { signin } from './signin.js';
import { vpcflow } from './vpcflow.js';
import { waf } from './waf.js';

export type { NormalizeContext, NormalizeResult, Normalizer } from './types.js';
export { toUtcIso, durationToMs } from './time.js';
export { eventId } from './event-id.js';
export { stableStringify } from './stable-json.js';
export { maxSeverity, levelSeverity, httpStatusSeverity, statusClass } from './severity.js';
export { resolveEventTime } from './build-event.js';

export const NORMALIZERS: readonly Normalizer[] = [vpcflow, cloudtrail, waf, lambda, apigateway, activity, firewall, signin, audit, http_lb, generic];

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
