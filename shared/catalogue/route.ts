import type { RawRecord } from '../decode/types.js';
import { azureCategory } from '../parse/azure-category.js';
import { isPlainObject, recordText } from '../parse/json-input.js';
import type { DeliveryContext, LogType, Route } from './types.js';

const DETAIL_TYPE_IN_TEXT = /"detail-type"\s*:\s*"([^"]{1,128})"/;

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `projects/p/logs/cloudaudit.googleapis.com%2Factivity` → `cloudaudit.googleapis.com/activity`. */
export function logIdOf(logName: unknown): string | undefined {
  if (typeof logName !== 'string') return undefined;
  const at = logName.indexOf('/logs/');
  return at < 0 ? undefined : decodeSafe(logName.slice(at + 6));
}

/** The per-record keys the router looks up (see `LogType.recordKeys`), lower-cased. */
export function recordKeysOf(record: RawRecord, ctx: DeliveryContext): string[] {
  const keys: string[] = [];
  const value = record.value;
  if (ctx.trigger === 'eventhub') {
    const category = azureCategory(record);
    if (category !== undefined) keys.push(`category:${category.toLowerCase()}`);
  }
  if (ctx.trigger === 'pubsub' && isPlainObject(value)) {
    const logId = logIdOf(value.logName);
    if (logId !== undefined) keys.push(`log:${logId.toLowerCase()}`);
    const resource = value.resource;
    if (isPlainObject(resource) && typeof resource.type === 'string') keys.push(`resource:${resource.type.toLowerCase()}`);
  }
  if (isPlainObject(value)) {
    const detailType = value['detail-type'];
    if (typeof detailType === 'string') keys.push(`detail:${detailType.toLowerCase()}`);
  } else {
    const text = recordText(record);
    if (text !== undefined && text.length > 0 && text.charCodeAt(0) === 0x7b && text.includes('"detail-type"')) {
      const m = DETAIL_TYPE_IN_TEXT.exec(text);
      if (m) keys.push(`detail:${m[1]!.toLowerCase()}`);
    }
  }
  return keys;
}

function safeContext(type: LogType, ctx: DeliveryContext): 'owns' | 'maybe' | 'no' {
  try {
    return type.context?.(ctx) ?? 'no';
  } catch {
    return 'no';
  }
}

function safeMatches(type: LogType, record: RawRecord, ctx: DeliveryContext): boolean {
  try {
    return type.matches(record, ctx);
  } catch {
    return false;
  }
}

/**
 * The route of one delivery, chosen once from its context: a declared format's type, else the
 * first type whose `context` owns it; every type answering 'maybe' becomes a candidate.
 */
export function routeDelivery(types: readonly LogType[], byType: ReadonlyMap<string, LogType>, ctx: DeliveryContext): Route {
  const declared = ctx.declared === undefined ? undefined : byType.get(ctx.declared.type);
  const candidates: LogType[] = [];
  let owner = declared;
  for (const type of types) {
    const verdict = safeContext(type, ctx);
    if (verdict === 'owns' && owner === undefined) owner = type;
    else if (verdict === 'maybe' && type !== owner) candidates.push(type);
  }
  return owner === undefined ? { candidates } : { owner, candidates };
}

/**
 * The type of one record on a route: the owner; else a record key one type owns; else the first
 * candidate whose `matches` accepts it; else the first type of the catalogue that does; else
 * `fallback` (generic).
 */
export function recogniseRecord(
  record: RawRecord,
  route: Route,
  ctx: DeliveryContext,
  types: readonly LogType[],
  byRecordKey: ReadonlyMap<string, LogType>,
  fallback: LogType,
): LogType {
  if (route.owner !== undefined) return route.owner;
  if (byRecordKey.size > 0) {
    for (const key of recordKeysOf(record, ctx)) {
      const owner = byRecordKey.get(key);
      if (owner !== undefined) return owner;
    }
  }
  for (const type of route.candidates) if (safeMatches(type, record, ctx)) return type;
  const settled = route.settled;
  if (settled !== undefined && settled.streak >= SETTLE_AFTER) {
    if (settled.type === fallback) return fallback;
    if (safeMatches(settled.type, record, ctx)) return settled.type;
  }
  let found = fallback;
  for (const type of types) {
    if (!route.candidates.includes(type) && safeMatches(type, record, ctx)) {
      found = type;
      break;
    }
  }
  route.settled = settled?.type === found ? { type: found, streak: settled.streak + 1 } : { type: found, streak: 1 };
  return found;
}

/**
 * Records of one delivery the scan must put on the same type before the route settles on it: a
 * delivery is one file or one batch of one source, so after this many the scan is not repeated.
 */
export const SETTLE_AFTER = 16;
