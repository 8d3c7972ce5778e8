/**
 * JSON parsing that cannot be turned against us: nesting is bounded before `JSON.parse` runs (one
 * linear pass, no recursion), errors never echo payload text, and parsed values are handed on as
 * they are (`JSON.parse` keeps `__proto__` / `constructor` as plain own keys; nothing here merges
 * them into another object).
 */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; reason: string };

export interface JsonLimits {
  maxDepth: number;
}

const DEPTH_REASON_PREFIX = 'JSON nesting deeper than';

/** Was this failure the nesting guard (hostile input) rather than malformed JSON? */
export function isDepthFailure(reason: string): boolean {
  return reason.startsWith(DEPTH_REASON_PREFIX);
}

/** True when `{`/`[` nesting outside strings goes deeper than `maxDepth`. Linear, stops early. */
export function jsonTextExceedsDepth(text: string, maxDepth: number): boolean {
  if (openingBracketsAtMost(text, maxDepth)) return false; // depth ≤ the number of `{` and `[`
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Counts `{` and `[` anywhere (strings included) with native searches, up to `max`. */
function openingBracketsAtMost(text: string, max: number): boolean {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++n > max) return false;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++n > max) return false;
  return true;
}

/** A short description of a `JSON.parse` error that never quotes the input. */
export function describeJsonError(err: unknown): string {
  const message = err instanceof Error ? err.message : '';
  const position = /at position (\d+)/.exec(message)?.[1];
  const at = position === undefined ? '' : ` at position ${position}`;
  if (/end of JSON input/i.test(message)) return 'unexpected end of input';
  if (/Bad control character/i.test(message)) return `control character in string${at}`;
  if (/Bad (Unicode )?escape/i.test(message)) return `bad escape in string${at}`;
  if (/Unterminated string/i.test(message)) return `unterminated string${at}`;
  if (/non-whitespace character after JSON/i.test(message)) return `unexpected data after JSON${at}`;
  if (/^Expected /.test(message)) {
    // V8: "Expected ',' or ']' after array element in JSON at position 4" (structure only, no payload).
    const what = /^Expected (.{1,60}?) in JSON/.exec(message)?.[1];
    return what === undefined ? `unexpected token${at}` : `expected ${what}${at}`;
  }
  return `unexpected token${at}`;
}

/**
 * The last text parsed and its value. A record's JSON text is parsed where its type reads it and
 * again where raw_data is redacted by its structure; the second parse of the same text is this
 * lookup (issue 15). One slot, so nothing is kept beyond the record in hand. Callers treat parsed
 * values as read-only (the pipeline never mutates its input), so sharing one value is safe.
 */
let lastText: string | undefined;
let lastValue: unknown;

/** The value of exactly this text when it was the last one parsed successfully; undefined otherwise. */
export function recentlyParsed(text: string): unknown {
  return text === lastText ? lastValue : undefined;
}

/** Parse JSON text within a nesting limit. Never throws. */
export function parseJsonSafe(text: string, limits: JsonLimits): JsonParseResult {
  if (jsonTextExceedsDepth(text, limits.maxDepth)) {
    return { ok: false, reason: `${DEPTH_REASON_PREFIX} ${limits.maxDepth}` };
  }
  try {
    const value: unknown = JSON.parse(text);
    lastText = text;
    lastValue = value;
    return { ok: true, value };
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${describeJsonError(err)}` };
  }
}

/**
 * True when an already-parsed value nests deeper than `maxDepth` (objects and arrays count as a
 * level, like brackets in text). Iterative, so a 200,000-deep value cannot overflow the stack;
 * a cycle runs into the depth limit, so it counts as too deep.
 */
export function valueExceedsDepth(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  let visited = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (typeof node !== 'object' || node === null || ArrayBuffer.isView(node)) continue;
    if (depth + 1 > maxDepth) return true;
    if (++visited > 10_000_000) return true; // a guard against pathological fan-out
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    for (const child of children) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
