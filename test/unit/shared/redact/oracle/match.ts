/** One detector hit in a string: `[start, end)` and the rule that found it. */
export interface TextMatch {
  rule: string;
  start: number;
  end: number;
}

/** Character classes shared by the detectors (ASCII only; everything else is "other"). */
export const CH_ALNUM = 1;
export const CH_B64URL = 2;
export const CH_B64 = 4;
export const CH_LOCAL = 16;
export const CH_DOMAIN = 32;
export const CH_UPPER = 64;
export const CH_LOWER = 128;
export const CH_DIGIT = 256;

const TABLE = new Uint16Array(128);
for (let c = 48; c <= 57; c++) TABLE[c] = CH_ALNUM | CH_B64URL | CH_B64 | CH_LOCAL | CH_DOMAIN | CH_DIGIT;
for (let c = 65; c <= 90; c++) TABLE[c] = CH_ALNUM | CH_B64URL | CH_B64 | CH_LOCAL | CH_DOMAIN | CH_UPPER;
for (let c = 97; c <= 122; c++) TABLE[c] = CH_ALNUM | CH_B64URL | CH_B64 | CH_LOCAL | CH_DOMAIN | CH_LOWER;
TABLE[45] = CH_B64URL | CH_LOCAL | CH_DOMAIN; // -
TABLE[95] = CH_B64URL | CH_LOCAL; // _
TABLE[43] = CH_B64 | CH_LOCAL; // +
TABLE[47] = CH_B64; // /
TABLE[46] = CH_LOCAL | CH_DOMAIN; // .
TABLE[37] = CH_LOCAL; // %

/** Class bits of the character at `i` (0 outside the string or for non-ASCII). */
export function charClass(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? TABLE[c]! : 0;
}

/** End of the run of characters having `cls`, starting at `i`, scanning at most to `limit`. */
export function runEnd(text: string, i: number, cls: number, limit = text.length): number {
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (TABLE[c]! & cls) === 0) break;
    i++;
  }
  return i;
}
