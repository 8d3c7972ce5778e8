import { DEFAULT_DECODE_LIMITS, type RawRecord } from '../decode/types.js';
import { isDepthFailure, parseJsonSafe } from '../decode/safe-json.js';

export type JsonObject = Readonly<Record<string, unknown>>;
export type JsonInput = { ok: true; value: JsonObject } | { ok: false; reason: string };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record's line of text: `text`, or a string `value`. */
export function recordText(record: RawRecord): string | undefined {
  if (typeof record.text === 'string') return record.text;
  return typeof record.value === 'string' ? record.value : undefined;
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; reason: string; tooDeep: boolean };

/**
 * JSON.parse behind the decode layer's nesting guard, so a 200,000-deep document cannot overflow
 * the stack. `tooDeep` tells hostile nesting (always a rejection) from merely malformed text.
 */
export function parseJsonText(text: string, maxDepth = DEFAULT_DECODE_LIMITS.maxDepth): JsonTextResult {
  const result = parseJsonSafe(text, { maxDepth });
  return result.ok ? result : { ok: false, reason: result.reason, tooDeep: isDepthFailure(result.reason) };
}

/** The record as a JSON object: `value` when the wire already carried one, else its text parsed. */
export function recordObject(record: RawRecord, maxDepth?: number): JsonInput {
  if (isPlainObject(record.value)) return { ok: true, value: record.value };
  const text = recordText(record);
  if (text === undefined) return { ok: false, reason: 'record is neither a JSON object nor text' };
  const parsed = parseJsonText(text.trim(), maxDepth);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  if (!isPlainObject(parsed.value)) return { ok: false, reason: 'record is not a JSON object' };
  return { ok: true, value: parsed.value };
}

/**
 * Cheap shape test for `matches`: an object value with every key at top level, or JSON-looking
 * text mentioning every key (quoted). Never parses.
 */
export function mentionsKeys(record: RawRecord, keys: readonly string[]): boolean {
  const value = record.value;
  if (isPlainObject(value)) return keys.every((k) => Object.hasOwn(value, k));
  const text = recordText(record);
  if (text === undefined || !text.trimStart().startsWith('{')) return false;
  return keys.every((k) => text.includes(`"${k}"`));
}
