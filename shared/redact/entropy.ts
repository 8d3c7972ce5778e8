/**
 * Validators the credential rules use to tell a key from a look-alike: Shannon entropy, character
 * classes, and the shapes of identifiers that must stay readable (UUIDs, hex digests).
 */

/** Shannon entropy of `s` in bits per character (0 for an empty string). */
export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

const LOWER = 1;
const UPPER = 2;
const DIGIT = 4;

/** Which of lower-case letters, upper-case letters and digits `s` holds (bit mask). */
function classes(s: string): number {
  let seen = 0;
  for (let i = 0; i < s.length && seen !== 7; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) seen |= LOWER;
    else if (c >= 65 && c <= 90) seen |= UPPER;
    else if (c >= 48 && c <= 57) seen |= DIGIT;
  }
  return seen;
}

/** A digit and a letter: random tokens have both, words and plain numbers do not. */
export function hasLetterAndDigit(s: string): boolean {
  const c = classes(s);
  return (c & DIGIT) !== 0 && (c & (LOWER | UPPER)) !== 0;
}

/** Random base62-ish: at least two of the three classes and enough entropy for its length. */
export function looksRandom(s: string, minBits = 3): boolean {
  const c = classes(s);
  const kinds = (c & LOWER ? 1 : 0) + (c & UPPER ? 1 : 0) + (c & DIGIT ? 1 : 0);
  return kinds >= 2 && shannonEntropy(s) >= minBits;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX = /^[0-9a-fA-F]+$/;

export function isUuid(s: string): boolean {
  return s.length === 36 && UUID.test(s);
}

/** Lower- or upper-case hex, `len` characters (a 32-hex key, a 40-hex git SHA, a 64-hex digest). */
export function isHex(s: string, len?: number): boolean {
  return (len === undefined || s.length === len) && HEX.test(s);
}

const SECRET_CHARS = /^[A-Za-z0-9+/=_\-.~%]+$/;
const DIGEST_LENGTHS = new Set([32, 40, 56, 64, 96, 128]);

/**
 * A value stored under a secret-like field name (`signing_key`, `webhook_secret`) that looks like
 * a generated secret: 16–4096 token characters, letters and digits, high entropy; not a UUID, a
 * hex digest, a path, an ARN or a URL (those name things, they do not unlock them).
 */
export function isHighEntropySecret(s: string): boolean {
  if (s.length < 16 || s.length > 4096 || !SECRET_CHARS.test(s)) return false;
  if (isUuid(s) || (HEX.test(s) && DIGEST_LENGTHS.has(s.length))) return false;
  if (s.indexOf('/') !== s.lastIndexOf('/') && /\/[a-z]{3,}\//i.test(s)) return false;
  if (!hasLetterAndDigit(s)) return false;
  return shannonEntropy(s) >= (s.length < 24 ? 3.2 : 3.5);
}
