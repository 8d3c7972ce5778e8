import type { ParseResult } from './types.js';
import { isPlainObject } from './json-input.js';

/** A non-empty string; '-' counts as absent; finite numbers become strings (ids sent as numbers). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' || value === '-' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const NUMERIC = /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/;

/** A finite number, or a numeric string turned into one. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function int(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

export function obj(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** Nested own-property read through plain objects: `at(entry, 'protoPayload', 'status', 'code')`. */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Upper-cases a string value (WAF actions, levels). */
export function upper(value: unknown): string | undefined {
  const s = str(value);
  return s === undefined ? undefined : s.toUpperCase();
}

/**
 * `{ ...a, ...b, ... }` for the per-record path: one fresh object, filled by for…in (a spread with
 * properties after it is a slow path in V8 and in esbuild's lowered form). A later part's key wins
 * in the first part's position, undefined values included, as with a spread; `__proto__` from a
 * parsed document stays a plain key.
 */
export function merged(...parts: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    if (part === undefined) continue;
    for (const key in part) {
      if (key === '__proto__') Object.defineProperty(out, key, { value: part[key], enumerable: true, writable: true, configurable: true });
      else out[key] = part[key];
    }
  }
  return out;
}

/** A copy without undefined entries. */
export function compact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    // '__proto__' from a parsed document stays a plain key (an assignment would set the prototype).
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

export function parsed(sourceType: string, fields: Record<string, unknown>, time?: unknown): ParseResult {
  const record = time === undefined ? { sourceType, fields: compact(fields) } : { sourceType, fields: compact(fields), time };
  return { ok: true, parsed: record };
}

export function failed(reason: string): ParseResult {
  return { ok: false, reason };
}
