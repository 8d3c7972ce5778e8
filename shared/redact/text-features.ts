/**
 * One cheap pass over a string that says which detectors could possibly match, so a string
 * without a trigger is returned untouched and each detector runs only when its precondition
 * holds. Lower-case letters (most characters) cost one comparison.
 */
export const F_DIGIT = 1;
/** At least three dots (a dotted quad is possible). */
export const F_DOTS3 = 2;
export const F_AT = 4;
export const F_PERCENT = 8;
export const F_COLON = 16;
/** `::` somewhere, or six colons each at most four characters after the previous one. */
export const F_IPV6 = 32;
export const F_EQ = 64;
export const F_SPACE = 128;
/** Five dashes in a row (`-----BEGIN`). */
export const F_DASH5 = 256;
/**
 * 13+ digits that could be a card: one run of 13+, or groups joined by single spaces, dashes or dots
 * in the issuers' shapes (fours, the last group shorter; 4-6-5 / 4-6-4). Space-separated
 * fields (a VPC flow line's `6 40 731900 1795600740`) do not raise it.
 */
export const F_CARD_RUN = 512;
/** `AKIA` or `ASIA`. */
export const F_AKIA = 1024;
/** 40+ characters of standard base64 (letters, digits, `+`, `/`) in a row. */
export const F_B64_40 = 2048;
/** `eyJ` (a JWT header) and at least two dots. */
export const F_JWT = 4096;
/** 20+ ASCII letters and digits in a row: the body of a generated token is possible. */
export const F_ALNUM20 = 8192;

const UPPER = 1 << 16;
const DIGIT = 1 << 15;
const B64_SYMBOL = 1 << 14;
const FLAG_MASK = 0x3fff;

const CLASS = new Uint32Array(128);
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
CLASS[43] = B64_SYMBOL; // +
CLASS[47] = B64_SYMBOL; // /
CLASS[64] = F_AT;
CLASS[37] = F_PERCENT;
CLASS[61] = F_EQ;
CLASS[32] = F_SPACE;
CLASS[9] = F_SPACE;

/** Flags (F_*) for `s`. Linear, no allocation. */
export function textFeatures(s: string): number {
  let flags = 0;
  let group = 0; // digits in the current run
  let chain = 0; // digits of the card-shaped groups joined to it by single separators
  let lastDigit = -2;
  let colons = 0; // colons in the current run of closely spaced ones
  let lastColon = -2;
  let dots = 0;
  let dashes = 0;
  let lastDash = -2;
  let eyj = false;
  let lastBreak = -1; // last character that is not base64
  let lastNonAlnum = -1;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) continue;
    const k = c < 128 ? CLASS[c]! : 0;
    if (k & UPPER) {
      if (c === 65) {
        const k1 = s.charCodeAt(i + 1);
        if ((k1 === 75 || k1 === 83) && s.charCodeAt(i + 2) === 73 && s.charCodeAt(i + 3) === 65) flags |= F_AKIA;
      } else if (c === 74 && s.charCodeAt(i - 1) === 121 && s.charCodeAt(i - 2) === 101) {
        eyj = true;
      }
      continue;
    }
    if (k & DIGIT) {
      const gap = i - lastDigit;
      if (gap === 1) group++;
      else {
        const sep = s.charCodeAt(i - 1);
        const joined = gap === 2 && (sep === 32 || sep === 45 || sep === 46);
        // Fours (4-4-4-…, chain 4, 8, 12, …) or Amex/Diners 4-6 (chain 10, whose next group is the last).
        if (joined && group === 4) chain = chain === 10 ? 4 : chain + 4;
        else chain = joined && group === 6 && chain === 4 ? 10 : 0;
        group = 1;
      }
      if (chain + group >= 13) flags |= F_CARD_RUN;
      lastDigit = i;
      flags |= F_DIGIT;
      continue;
    }
    if (i - lastNonAlnum > 20) flags |= F_ALNUM20;
    lastNonAlnum = i;
    if (k & B64_SYMBOL) continue;
    flags |= k;
    if (c === 46) {
      dots++;
    } else if (c === 58) {
      // Colons at most four characters apart, six in a row, or `::`: an IPv6 address is possible.
      const gap = i - lastColon;
      if (gap === 1) flags |= F_IPV6;
      colons = gap <= 5 ? colons + 1 : 1;
      if (colons >= 6) flags |= F_IPV6;
      lastColon = i;
      flags |= F_COLON;
    } else if (c === 45) {
      dashes = i - lastDash === 1 ? dashes + 1 : 1;
      if (dashes >= 5) flags |= F_DASH5;
      lastDash = i;
    }
    if (i - lastBreak > 40) flags |= F_B64_40;
    lastBreak = i;
  }
  if (n - lastBreak > 40) flags |= F_B64_40;
  if (n - lastNonAlnum > 20) flags |= F_ALNUM20;
  if (dots >= 3) flags |= F_DOTS3;
  if (eyj && dots >= 2) flags |= F_JWT;
  return flags & FLAG_MASK;
}
