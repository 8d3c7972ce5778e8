import { cidrContains, parseCidr, type CidrRange } from './cidr.js';
import type { FieldTest } from './types.js';

export type ValuePredicate = (value: unknown) => boolean;

/** Why a field test cannot be compiled (the loader adds the file and the field). */
export class FieldTestError extends Error {
  override name = 'FieldTestError';
}

type Scalar = string | number | boolean | null;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Sigma wildcards: `*` any run, `?` one character, `\*` `\?` `\\` literal. */
export function globToRegexSource(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && '*?\\'.includes(text[i + 1]!)) {
      out += escapeRegex(text[++i]!);
    } else if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else out += escapeRegex(c);
  }
  return out;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && /^[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(value.trim())) return Number(value);
  return undefined;
}

/** One rule value → a test of one scalar event value. */
function scalarTest(test: FieldTest, expected: Scalar): (value: unknown) => boolean {
  const mods = new Set(test.modifiers);
  if (expected === null) return (v) => v === null || v === undefined || v === '';
  for (const cmp of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (!mods.has(cmp)) continue;
    const bound = asNumber(expected);
    if (bound === undefined) throw new FieldTestError(`|${cmp} needs a number, got ${JSON.stringify(expected)}`);
    return (v) => {
      const n = asNumber(v);
      if (n === undefined) return false;
      return cmp === 'gt' ? n > bound : cmp === 'gte' ? n >= bound : cmp === 'lt' ? n < bound : n <= bound;
    };
  }
  if (mods.has('cidr')) {
    const range: CidrRange | undefined = typeof expected === 'string' ? parseCidr(expected) : undefined;
    if (!range) throw new FieldTestError(`|cidr needs an address range such as 10.0.0.0/8, got ${JSON.stringify(expected)}`);
    return (v) => typeof v === 'string' && cidrContains(range, v);
  }
  if (mods.has('re')) {
    if (typeof expected !== 'string') throw new FieldTestError('|re needs a string pattern');
    let re: RegExp;
    try {
      re = new RegExp(expected, `${mods.has('i') ? 'i' : ''}${mods.has('m') ? 'm' : ''}${mods.has('s') ? 's' : ''}`);
    } catch (cause) {
      throw new FieldTestError(`|re pattern does not compile: ${(cause as Error).message}`);
    }
    return (v) => {
      const text = asText(v);
      return text !== undefined && re.test(text);
    };
  }
  if (typeof expected === 'boolean') return (v) => v === expected || (typeof v === 'string' && v.toLowerCase() === String(expected));
  if (typeof expected === 'number' && !mods.has('contains') && !mods.has('startswith') && !mods.has('endswith')) {
    return (v) => asNumber(v) === expected || asText(v) === String(expected);
  }
  const text = String(expected);
  const cased = mods.has('cased');
  let source = globToRegexSource(text);
  if (mods.has('contains')) source = `[\\s\\S]*${source}[\\s\\S]*`;
  else if (mods.has('startswith')) source = `${source}[\\s\\S]*`;
  else if (mods.has('endswith')) source = `[\\s\\S]*${source}`;
  if (source === escapeRegex(text)) {
    const want = cased ? text : text.toLowerCase();
    return (v) => {
      const got = asText(v);
      return got !== undefined && (cased ? got : got.toLowerCase()) === want;
    };
  }
  const re = new RegExp(`^${source}$`, cased ? '' : 'i');
  return (v) => {
    const got = asText(v);
    return got !== undefined && re.test(got);
  };
}

/** Any element of an array value, or the value itself. */
function anyOf(value: unknown, test: (v: unknown) => boolean): boolean {
  if (Array.isArray(value)) return value.length === 0 ? test(undefined) : value.some((v) => test(v));
  return test(value);
}

/** A field test → a predicate over the resolved event value (undefined = the field is absent). */
export function compileFieldTest(test: FieldTest): ValuePredicate {
  const mods = new Set(test.modifiers);
  if (mods.has('exists')) {
    const want = test.values[0];
    if (test.values.length !== 1 || typeof want !== 'boolean') throw new FieldTestError('|exists needs true or false');
    return (v) => (v !== undefined && v !== null) === want;
  }
  if (test.values.length === 0) throw new FieldTestError('no values');
  const tests = test.values.map((expected) => scalarTest(test, expected));
  if (mods.has('neq')) return (v) => v !== undefined && tests.every((t) => !anyOf(v, t));
  if (mods.has('all')) return (v) => tests.every((t) => anyOf(v, t));
  return (v) => tests.some((t) => anyOf(v, t));
}
