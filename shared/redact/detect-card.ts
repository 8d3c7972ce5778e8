import type { TextMatch } from './match.js';

/**
 * Payment card numbers: 13–19 digits, single separators (spaces, dashes, dots, mixed) allowed between digits, starting
 * with an issuer digit 2–6 (Mastercard 2-series, Amex/Diners/JCB 3, Visa 4, Mastercard 5,
 * Discover/UnionPay 6), Luhn-valid, not inside a word or after a dot. Epoch milliseconds and most numeric ids start with 1 and
 * are left alone. The quantifier is bounded and each repetition consumes one digit, so a failed
 * start costs at most 19 steps.
 */
const CARD = /[2-6](?:[ .-]?\d){12,18}(?!\d)/g;
const HASH_PREFIX = /\[HASH:[a-z0-9_]{1,32}:$/;

export function findCards(text: string, out: TextMatch[]): void {
  CARD.lastIndex = 0;
  for (let m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
    const start = m.index;
    if (/[\w.]/.test(text.charAt(start - 1))) {
      CARD.lastIndex = start + 1;
      continue;
    }
    const end = validEnd(m[0]);
    if (end > 0 && !insideHashMarker(text, start)) out.push({ rule: 'card', start, end: start + end });
    // Another reading may start after the next separator (`3 4111 1111 1111 1111`); overlaps merge.
    CARD.lastIndex = start + 1;
  }
}

/**
 * Length of the longest Luhn-valid prefix of `candidate` with 13+ digits that is the whole
 * candidate or ends before a separator (`4111 1111 1111 1111 2 items`); 0 if none.
 */
function validEnd(candidate: string): number {
  if (luhn(candidate) && plausibleGrouping(candidate)) return candidate.length;
  let digits = 0;
  for (let i = 0; i < candidate.length; i++) if (!isSeparator(candidate.charCodeAt(i))) digits++;
  for (let i = candidate.length - 1; i > 0; i--) {
    const c = candidate.charCodeAt(i);
    if (isSeparator(c)) {
      if (digits < 13) break;
      const prefix = candidate.slice(0, i);
      if (luhn(prefix) && plausibleGrouping(prefix)) return i;
    } else {
      digits--;
    }
  }
  return 0;
}

function isSeparator(c: number): boolean {
  return c === 32 || c === 45 || c === 46;
}

const SEPARATORS = /[ .-]/;

/**
 * Cards are written unbroken or in the issuers' groups: fours (the last group 1–4 digits), or
 * Amex/Diners 4-6-5 / 4-6-4, with any separators between groups (`4111.1111.1111.1111`,
 * `5555-5555 5555.4444`). Numbers in other shapes are fields of a log line (a VPC flow record's
 * `6 40 61544 1795252440`) or a version (`4.12.2024.1`), not a card.
 */
function plausibleGrouping(candidate: string): boolean {
  if (/^\d+$/.test(candidate)) return true;
  const groups = candidate.split(SEPARATORS).map((g) => g.length);
  if (groups.length === 3 && groups[0] === 4 && groups[1] === 6 && (groups[2] === 5 || groups[2] === 4)) return true;
  return groups.length >= 4 && groups.slice(0, -1).every((n) => n === 4) && groups[groups.length - 1]! >= 1 && groups[groups.length - 1]! <= 4;
}

/** Luhn check over the digits of `s` (separators ignored). */
export function luhn(s: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    let d = c - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Our own `[HASH:rule:<16 hex>]` markers can hold a digit run; they are not cards. */
function insideHashMarker(text: string, start: number): boolean {
  return text.charCodeAt(start - 1) === 58 && HASH_PREFIX.test(text.slice(Math.max(0, start - 40), start));
}
