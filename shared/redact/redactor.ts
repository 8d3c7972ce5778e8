import { recentlyParsed } from '../decode/safe-json.js';
import { isHighEntropySecret } from './entropy.js';
import { CLAIM_NAME_FIELDS, FieldMatcher, normalizeFieldName, type FieldRule } from './field-names.js';
import { keyLooksPersonal } from './key-shapes.js';
import { createHasher, hashInput, type Hasher } from './hasher.js';
import { assertValidPolicy } from './policy.js';
import { RecentCache } from './recent-cache.js';
import { hashedMarker, isMarker, removedMarker } from './rules.js';
import { createScanner, type Scanner } from './scanner.js';
import { textFeatures } from './text-features.js';
import { truncate } from './truncate.js';
import type { RedactionCounts, RedactionPolicy, RedactResult, Redactor } from './types.js';

/** The value of JSON text that holds an object or an array; undefined for anything else. */
function parseStructured(text: string): object | undefined {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  const c = text.charCodeAt(i);
  if (c !== 123 && c !== 91) return undefined;
  let j = text.length - 1;
  while (j > i && text.charCodeAt(j) <= 32) j--;
  const d = text.charCodeAt(j);
  if (d !== (c === 123 ? 125 : 93)) return undefined;
  try {
    // The record's type has usually just parsed this very text: reuse its value (read-only here).
    const value: unknown = recentlyParsed(text) ?? JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Deeper subtrees are replaced by `[REDACTED:depth]` (the pipeline already caps depth at 64). */
export const MAX_REDACT_DEPTH = 256;

const MEMO_MAX_LENGTH = 256;
/** Entries per memo generation (see RecentCache): small enough that one-off strings die young. */
const MEMO_GENERATION = 512;
/**
 * Strings longer than this are memoised only while the memo pays: of every MEMO_SAMPLE lookups,
 * fewer than MEMO_MIN_HITS hits (unique log lines, titles) switch it off for the next
 * MEMO_PAUSE such strings, then it samples again. Short values (addresses, names) always are.
 */
const MEMO_ALWAYS_LENGTH = 32;
/** Up to this length the trigger scan runs before the memo (see redactString). */
const FEATURES_FIRST_LENGTH = 16;
const MEMO_SAMPLE = 1024;
const MEMO_MIN_HITS = 64;
const MEMO_PAUSE = 16384;
const UNCHANGED = 0;
const CLEAN_KEYS_MAX = 4096;

const NORMAL = 0;
const ALLOW = 1;
const HASH = 2;
type Mode = typeof NORMAL | typeof ALLOW | typeof HASH;

/**
 * Built once per cold start. Walks JSON-like values and returns redacted copies: keys are kept,
 * values are removed, hashed, kept (allow) or scanned by the detectors, then truncated.
 */
export function createRedactor(policy: RedactionPolicy, hmacKey: string | Uint8Array): Redactor {
  assertValidPolicy(policy);
  const hasher: Hasher = createHasher(hmacKey);
  const fields = new FieldMatcher(policy);
  const scanner: Scanner = createScanner(policy);
  const max = policy.maxStringLength;
  const cardCheck = (policy.detectors.card ?? 'remove') !== 'keep';
  const secretField = policy.detectors.secret_field ?? 'remove';
  const claimNames = new Set(CLAIM_NAME_FIELDS.map(normalizeFieldName));
  /**
   * Per key (schemas repeat their keys): its field rule and whether it was seen to need no
   * redaction itself, so a repeat costs one lookup instead of a classification, a clean-set test
   * and a scan (issue 15).
   */
  let keyInfo = new Map<string, { rule: FieldRule; clean: boolean }>();
  function infoOf(key: string): { rule: FieldRule; clean: boolean } {
    let info = keyInfo.get(key);
    if (info === undefined) {
      info = { rule: fields.classify(key), clean: false };
      if (key.length <= MEMO_MAX_LENGTH) {
        if (keyInfo.size >= CLEAN_KEYS_MAX) keyInfo = new Map();
        keyInfo.set(key, info);
      }
    }
    return info;
  }
  // Log values repeat (regions, event names, user agents, user names): short strings are
  // memoised with the rules they hit, so a repeat costs one map lookup.
  const memo = new RecentCache<typeof UNCHANGED | { value: string; rules: string[] }>(MEMO_GENERATION);

  function bump(counts: RedactionCounts, rule: string): void {
    counts[rule] = (counts[rule] ?? 0) + 1;
  }

  /** Rules hit by the string being redacted (reused; copied into the memo). */
  const hits: string[] = [];

  function limit(s: string, counts: RedactionCounts): string {
    if (s.length <= max) return s;
    bump(counts, 'truncated');
    hits.push('truncated');
    return truncate(s, max);
  }

  let sampled = 0;
  let sampledHits = 0;
  let paused = 0;

  function redactString(s: string, counts: RedactionCounts): string {
    if (s.length > MEMO_MAX_LENGTH) return scanAndReplace(s, counts);
    // A short string with no trigger at all (a status, a region, a name: most of them) is never
    // memoised, so it is told apart first: a pass over a few characters instead of two memo
    // misses and then the same pass. Longer strings mostly repeat with a trigger (ARNs,
    // addresses, user agents): the memo goes first for them.
    let features = -1;
    if (s.length <= FEATURES_FIRST_LENGTH) {
      features = textFeatures(s);
      if (features === 0) return limit(s, counts);
    }
    const sampling = s.length > MEMO_ALWAYS_LENGTH;
    if (sampling && paused > 0) {
      paused--;
      if (features < 0) features = textFeatures(s);
      return features === 0 ? limit(s, counts) : scanAndReplace(s, counts, features);
    }
    const hit = memo.get(s);
    if (sampling) {
      if (hit !== undefined) sampledHits++;
      if (++sampled === MEMO_SAMPLE) {
        if (sampledHits < MEMO_MIN_HITS) paused = MEMO_PAUSE;
        sampled = 0;
        sampledHits = 0;
      }
    }
    if (hit === UNCHANGED) return s;
    if (hit !== undefined) {
      for (const rule of hit.rules) bump(counts, rule);
      return hit.value;
    }
    if (features < 0) {
      features = textFeatures(s);
      if (features === 0) return limit(s, counts); // no trigger at all: nothing to remember
    }
    hits.length = 0;
    const value = scanAndReplace(s, counts, features);
    memo.set(s, hits.length === 0 ? UNCHANGED : { value, rules: hits.slice() });
    return value;
  }

  function scanAndReplace(s: string, counts: RedactionCounts, features?: number): string {
    const matches = scanner.scan(s, features);
    if (matches.length === 0) return limit(s, counts);
    let out = '';
    let pos = 0;
    for (const m of matches) {
      out += s.slice(pos, m.start);
      out += m.action === 'remove' ? removedMarker(m.rule) : hashedMarker(m.rule, hasher(hashInput(m.rule, s.slice(m.start, m.end))));
      pos = m.end;
      bump(counts, m.rule);
      hits.push(m.rule);
    }
    return limit(out + s.slice(pos), counts);
  }

  function hashLeaf(v: string | number | bigint, counts: RedactionCounts): unknown {
    const s = String(v);
    if (s === '' || isMarker(s)) return v;
    bump(counts, 'field_hash');
    return hashedMarker('field_hash', hasher(hashInput('field_hash', s)));
  }

  /** A card number stored as a JSON number. */
  function redactNumber(v: number | bigint, counts: RedactionCounts): unknown {
    if (!cardCheck || v < 1e12 || (typeof v === 'number' && !Number.isSafeInteger(v))) return v;
    const s = String(v);
    return s.length <= 19 && scanner.scan(s).some((m) => m.rule === 'card') ? (bump(counts, 'card'), removedMarker('card')) : v;
  }

  function walk(v: unknown, depth: number, mode: Mode, counts: RedactionCounts, path: object[]): unknown {
    switch (typeof v) {
      case 'string':
        if (mode === HASH) return hashLeaf(v, counts);
        return mode === ALLOW ? limit(v, counts) : redactString(v, counts);
      case 'number':
      case 'bigint':
        if (mode === HASH) return hashLeaf(v, counts);
        return mode === ALLOW ? v : redactNumber(v, counts);
      case 'object':
        return v === null ? v : walkObject(v, depth, mode, counts, path, false);
      default:
        return v;
    }
  }

  function walkObject(v: object, depth: number, mode: Mode, counts: RedactionCounts, path: object[], claims: boolean): unknown {
    if (depth >= MAX_REDACT_DEPTH) return (bump(counts, 'depth'), removedMarker('depth'));
    if (path.includes(v)) return (bump(counts, 'cycle'), removedMarker('cycle'));
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return walk(toJSON.call(v), depth, mode, counts, path);
    }
    path.push(v); // no try/finally: a throw abandons this call's path with it
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = walk(v[i], depth + 1, mode, counts, path);
      path.pop();
      return out;
    }
    const src = v as Record<string, unknown>;
    let pair: FieldRule | undefined;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(src)) {
      const info = infoOf(key);
      let rule = info.rule;
      if (rule === 'none' && (key === 'value' || key === 'Value')) rule = pair ??= pairRule(src);
      // Token claims: person names hashed, opaque values (`aio`, `uti`) removed when they look generated.
      if (claims && (rule === 'none' || rule === 'secret_hint')) rule = isClaimName(key) ? 'hash' : 'secret_hint';
      const value = src[key];
      const child =
        rule === 'claims' && mode === NORMAL && typeof value === 'object' && value !== null && !Array.isArray(value)
          ? walkObject(value, depth + 1, mode, counts, path, true)
          : fieldValue(value, rule, depth, mode, counts, path);
      // Keys are scanned like values: an email or an address used as a key is hashed too.
      const outKey = mode === ALLOW || info.clean ? key : redactKey(key, counts, info);
      if (outKey === '__proto__') Object.defineProperty(out, outKey, { value: child, enumerable: true, writable: true, configurable: true });
      else out[outKey] = child;
    }
    path.pop();
    return out;
  }

  function fieldValue(child: unknown, rule: FieldRule, depth: number, mode: Mode, counts: RedactionCounts, path: object[]): unknown {
    if (rule === 'deny') {
      if (child === null || child === undefined || (typeof child === 'string' && isMarker(child))) return child;
      bump(counts, 'field_deny');
      return removedMarker('field_deny');
    }
    if (rule === 'allow' || mode === ALLOW) return walk(child, depth + 1, ALLOW, counts, path);
    if (rule === 'hash' && (typeof child !== 'object' || child === null || Array.isArray(child))) return walk(child, depth + 1, HASH, counts, path);
    if (rule === 'secret_hint' && secretField !== 'keep' && typeof child === 'string' && isHighEntropySecret(child)) {
      bump(counts, 'secret_field');
      return secretField === 'hash' ? hashedMarker('secret_field', hasher(child)) : removedMarker('secret_field');
    }
    return walk(child, depth + 1, NORMAL, counts, path);
  }

  const claimNameCache = new Map<string, boolean>();
  function isClaimName(key: string): boolean {
    let yes = claimNameCache.get(key);
    if (yes === undefined) {
      yes = claimNames.has(normalizeFieldName(key));
      if (claimNameCache.size >= CLEAN_KEYS_MAX) claimNameCache.clear();
      claimNameCache.set(key, yes);
    }
    return yes;
  }

  /** A key through the detectors (memoised like short values), plus the shapes keys take after snake-casing. */
  function redactKey(key: string, counts: RedactionCounts, info: { clean: boolean }): string {
    const out = redactString(key, counts);
    if (out !== key) return out;
    if (!keyLooksPersonal(key)) {
      info.clean = true; // remembered when the key is (keyInfo holds keys up to MEMO_MAX_LENGTH)
      return out;
    }
    bump(counts, 'email');
    return hashedMarker('email', hasher(key));
  }

  /** `{ name: 'DB_PASSWORD', value: '…' }` (Kubernetes env, WAF headers, labels): the name decides for `value`. */
  function pairRule(src: Record<string, unknown>): FieldRule {
    const name = src.name ?? src.Name ?? src.key ?? src.Key;
    return typeof name === 'string' && name.length <= 128 ? fields.classify(name) : 'none';
  }

  return {
    redactValue<T>(value: T): RedactResult<T> {
      const counts: RedactionCounts = {};
      return { value: walk(value, 0, NORMAL, counts, []) as T, counts };
    },
    redactText(text: string): RedactResult<string> {
      const counts: RedactionCounts = {};
      return { value: redactString(text, counts), counts };
    },
    redactRaw(raw: unknown): RedactResult<unknown> {
      const counts: RedactionCounts = {};
      if (typeof raw !== 'string') return { value: walk(raw, 0, NORMAL, counts, []), counts };
      const parsed = parseStructured(raw);
      if (parsed === undefined) return { value: redactString(raw, counts), counts };
      const value = walk(parsed, 0, NORMAL, counts, []);
      // Nothing to redact: the original text, byte for byte (numbers, escapes and spacing kept).
      if (Object.keys(counts).length === 0) return { value: limit(raw, counts), counts };
      return { value: limit(JSON.stringify(value), counts), counts };
    },
  };
}
