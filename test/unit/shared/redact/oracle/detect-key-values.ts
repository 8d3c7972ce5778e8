import { isMixedBase64 } from '../../../../../shared/redact/detect-credentials.js';
import { normalizeFieldName, splitWords } from '../../../../../shared/redact/field-names.js';
import { CH_ALNUM, CH_LOWER, CH_UPPER, charClass, type TextMatch } from '../../../../../shared/redact/match.js';
import { isMarker } from '../../../../../shared/redact/rules.js';

/**
 * `name=value`, `name: value`, `"name":"value"` (also JSON-escaped `\"name\":\"value\"`) in free
 * text, for password words, `authorization`, secret words and the policy's deny/hash/allow field
 * names. The name may be the tail of a longer key (`db_password=`, `X-Api-Key:`); the leftmost
 * (longest) name before the separator decides, as for fields.
 */
export const PASSWORD_WORDS = ['password', 'passwd', 'pwd', 'passphrase'];
const AUTHORIZATION_WORDS = ['authorization'];
const SECRET_WORDS = ['secret', 'secret_key', 'secret_access_key'];
/** Header values that hold spaces: the value runs to the end of the line. */
const WHOLE_LINE = new Set(['authorization', 'cookie', 'setcookie']);

const K_PASSWORD = 1;
const K_AUTHORIZATION = 2;
const K_SECRET = 4;
const K_DENY = 8;
const K_ALLOW = 16;
const K_HASH = 32;

export interface KeyValueOptions {
  denyFields: readonly string[];
  allowFields: readonly string[];
  hashFields: readonly string[];
  /** Rules whose action is `keep` are not reported. */
  enabled: (rule: string) => boolean;
}

export type KeyValueFinder = (text: string, out: TextMatch[]) => void;

export function createKeyValueFinder(options: KeyValueOptions): KeyValueFinder {
  const kinds = new Map<string, number>();
  const patterns = new Set<string>();
  const add = (names: readonly string[], kind: number): void => {
    for (const name of names) {
      const words = splitWords(name);
      if (words.length === 0) continue;
      const key = words.join('');
      kinds.set(key, (kinds.get(key) ?? 0) | kind);
      patterns.add(words.map(escape).join('[-_]?'));
    }
  };
  add(PASSWORD_WORDS, K_PASSWORD);
  add(AUTHORIZATION_WORDS, K_AUTHORIZATION);
  add(SECRET_WORDS, K_SECRET);
  add(options.denyFields, K_DENY);
  add(options.allowFields, K_ALLOW);
  add(options.hashFields, K_HASH);
  const alternatives = [...patterns].sort((a, b) => b.length - a.length).join('|');
  // Name, its closing quote (maybe escaped), a short run of blanks, `:` or `=`, blanks.
  const re = new RegExp(`(?:${alternatives})(?:\\\\?["'])?[ \\t]{0,4}[:=][ \\t]{0,4}`, 'gi');

  return (text, out) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (insideMarker(text, m.index)) continue;
      const nameEnd = nameEndOf(m[0]);
      const name = normalizeFieldName(m[0].slice(0, nameEnd));
      const kind = kinds.get(name) ?? 0;
      const atBoundary = wordBoundaryBefore(text, m.index);
      if (kind & K_ALLOW && !(kind & K_DENY) && atBoundary) {
        re.lastIndex = m.index + m[0].length;
        continue;
      }
      const rule = baseRule(kind, atBoundary && looksAssigned(text, m.index, m[0]), options.enabled);
      // Decide from the name first, so a long value is only scanned when it will be taken.
      const span = rule === undefined ? undefined : valueSpan(text, m.index + m[0].length, WHOLE_LINE.has(name), rule === AWS_ONLY ? 41 : Infinity);
      const final = span && rule ? finalRule(rule, text, span[0], span[1]) : undefined;
      if (!span || !final) {
        re.lastIndex = m.index + 1;
        continue;
      }
      out.push({ rule: final, start: span[0], end: span[1] });
      re.lastIndex = span[1];
    }
  };
}

const AWS_ONLY = 'aws_secret_key?';
const AWS_OR_DENY = 'aws_secret_key|field_deny';

function baseRule(kind: number, hashable: boolean, enabled: (rule: string) => boolean): string | undefined {
  if (kind & K_PASSWORD && enabled('password')) return 'password';
  if (kind & K_AUTHORIZATION && enabled('authorization')) return 'authorization';
  const aws = kind & K_SECRET && enabled('aws_secret_key');
  if (kind & K_DENY) return aws ? AWS_OR_DENY : 'field_deny';
  if (aws) return AWS_ONLY;
  if (kind & K_HASH && hashable) return 'field_hash';
  return undefined;
}

function finalRule(rule: string, text: string, start: number, end: number): string | undefined {
  const aws = rule === AWS_ONLY || rule === AWS_OR_DENY;
  if (!aws && end - start > 64) return rule;
  const value = text.slice(start, end);
  if (value === 'null' || isMarker(value)) return undefined;
  if (!aws) return rule;
  if (value.length === 40 && /^[A-Za-z0-9/+]{40}$/.test(value) && isMixedBase64(value)) return 'aws_secret_key';
  return rule === AWS_OR_DENY ? 'field_deny' : undefined;
}

/** Our own `[HASH:rule:…]` / `[REDACTED:rule]` markers are never keys. */
function insideMarker(text: string, i: number): boolean {
  const c = text.charCodeAt(i - 1);
  if (c === 91) return /^(?:HASH|REDACTED):/.test(text.slice(i, i + 9));
  return c === 58 && /\[(?:HASH|REDACTED):$/.test(text.slice(Math.max(0, i - 10), i));
}

/**
 * For hashing, `name:value` needs a quoted key, `=`, or a blank or quote after the colon:
 * `scope user:email` and `arn:…:user/x` are not assignments.
 */
function looksAssigned(text: string, index: number, match: string): boolean {
  const last = match.charCodeAt(match.length - 1);
  if (last !== 58) return true;
  if (/["']/.test(match)) return true;
  const next = text.charCodeAt(index + match.length);
  return next === 34 || next === 39 || next === 92;
}

function nameEndOf(match: string): number {
  let i = match.length;
  while (i > 0 && !(charClass(match, i - 1) & CH_ALNUM)) i--;
  return i;
}

/** Start of text, a non-alphanumeric character before, or a camelCase step (`endUser`). */
function wordBoundaryBefore(text: string, i: number): boolean {
  const before = charClass(text, i - 1);
  if (!(before & CH_ALNUM)) return true;
  return (before & CH_LOWER) !== 0 && (charClass(text, i) & CH_UPPER) !== 0;
}

const NEXT_KEY = /[ \t]?[A-Za-z0-9_.[\]-]{1,64}=/y;
const STOP = new Uint8Array(128);
for (const c of ' \t\r\n"\'&,;\\<>') STOP[c.charCodeAt(0)] = 1;

/** The value after a separator: quoted (to the closing quote or end of line) or a bare token. */
function valueSpan(text: string, p: number, wholeLine: boolean, max: number): [number, number] | undefined {
  const n = Math.min(text.length, p + max);
  let escapedQuote = false;
  if (text.charCodeAt(p) === 92 && (text.charCodeAt(p + 1) === 34 || text.charCodeAt(p + 1) === 39)) {
    escapedQuote = true;
    p++;
  }
  const q = text.charCodeAt(p);
  if (q === 34 || q === 39) {
    const start = p + 1;
    let e = start;
    while (e < n) {
      const c = text.charCodeAt(e);
      if (c === q || c === 10 || c === 13) break;
      if (c === 92) {
        if (escapedQuote && text.charCodeAt(e + 1) === q) break;
        e += 2;
        continue;
      }
      e++;
    }
    e = Math.min(e, n);
    return e > start ? [start, e] : undefined;
  }
  if (escapedQuote || q === 123 || q === 91) return undefined; // nested JSON: its own keys decide
  let e = p;
  if (wholeLine) {
    while (e < n) {
      const c = text.charCodeAt(e);
      if (c === 10 || c === 13 || c === 34 || c === 92) break;
      e++;
    }
    while (e > p && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  } else {
    while (e < n) {
      const c = text.charCodeAt(e);
      if (c < 128 && STOP[c]) {
        // `&`, `,` and `;` end the value only before another `key=` (`?password=x&user=y`).
        if (!(c === 38 || c === 44 || c === 59)) break;
        NEXT_KEY.lastIndex = e + 1;
        if (NEXT_KEY.test(text)) break;
      }
      e++;
    }
  }
  return e > p ? [p, e] : undefined;
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
