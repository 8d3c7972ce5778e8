import { CH_ALNUM, CH_B64, CH_B64URL, CH_DIGIT, CH_LOWER, CH_UPPER, charClass, runEnd, type TextMatch } from './match.js';

/** JWT/JWS/JWE: `eyJ…` header, then two to four more dot-separated base64url parts. */
export function findJwts(text: string, out: TextMatch[]): void {
  let i = text.indexOf('eyJ');
  while (i >= 0) {
    const a = runEnd(text, i, CH_B64URL);
    let end = -1;
    if (a - i >= 10 && text.charCodeAt(a) === 46) {
      const b = runEnd(text, a + 1, CH_B64URL);
      if (b - a > 2 && text.charCodeAt(b) === 46) {
        end = runEnd(text, b + 1, CH_B64URL);
        for (let parts = 3; parts < 5 && text.charCodeAt(end) === 46; parts++) {
          const next = runEnd(text, end + 1, CH_B64URL);
          if (next === end + 1) break;
          end = next;
        }
      }
    }
    if (end > 0) out.push({ rule: 'jwt', start: i, end });
    // Every later `eyJ` inside the same run ends at the same place and fails the same way.
    i = text.indexOf('eyJ', end > 0 ? end : a);
  }
}

/** AKIA/ASIA + 16 upper-case letters or digits, not inside a longer upper-case token. */
export function findAwsAccessKeyIds(text: string, out: TextMatch[]): void {
  for (const prefix of ['AKIA', 'ASIA']) {
    for (let i = text.indexOf(prefix); i >= 0; i = text.indexOf(prefix, i + 4)) {
      if (charClass(text, i - 1) & (CH_UPPER | CH_DIGIT)) continue;
      const end = runEnd(text, i + 4, CH_UPPER | CH_DIGIT, i + 21);
      if (end !== i + 20 || charClass(text, end) & (CH_UPPER | CH_DIGIT)) continue;
      out.push({ rule: 'aws_access_key_id', start: i, end });
    }
  }
}

const SECRET_NEAR = /[Ss][Ee][Cc][Rr][Ee][Tt]|A[KS]IA[A-Z0-9]{16}/g;
const NEAR = 160;

/**
 * A 40-character mixed-case base64 token within 160 characters after `secret` or an access key id.
 * A token is a whole run of standard base64 characters (letters, digits, `+`, `/`) exactly 40
 * long, with no `=` right before or after it; anchors are looked for only when there is one.
 */
export function findAwsSecretKeys(text: string, out: TextMatch[]): void {
  const tokens = base64Runs40(text);
  if (tokens.length === 0) return;
  const anchors: number[] = [];
  SECRET_NEAR.lastIndex = 0;
  for (let m = SECRET_NEAR.exec(text); m !== null; m = SECRET_NEAR.exec(text)) anchors.push(m.index + m[0].length);
  if (anchors.length === 0) return;
  let k = 0;
  for (const start of tokens) {
    while (k + 1 < anchors.length && anchors[k + 1]! <= start) k++;
    const anchor = anchors[k]!;
    if (anchor > start || start - anchor > NEAR) continue;
    if (isMixedBase64(text.slice(start, start + 40))) out.push({ rule: 'aws_secret_key', start, end: start + 40 });
  }
}

/**
 * Starts of the runs described above, in order. A run of exactly 40 holds exactly one position
 * that is 39 modulo 40, so only those positions are looked at; a base64 character there is
 * widened to its run, and the look-up resumes after it (each character is visited at most twice).
 */
function base64Runs40(text: string): number[] {
  const starts: number[] = [];
  const n = text.length;
  for (let probe = 39; probe < n; probe += 40) {
    if (!(charClass(text, probe) & CH_B64)) continue;
    let start = probe;
    while (start > 0 && charClass(text, start - 1) & CH_B64) start--;
    const end = runEnd(text, probe + 1, CH_B64);
    if (end - start === 40 && (start === 0 || text.charCodeAt(start - 1) !== 61) && (end === n || text.charCodeAt(end) !== 61)) starts.push(start);
    while (probe + 40 < end) probe += 40;
  }
  return starts;
}

/** Upper and lower case letters both present: rules out hex digests and plain words. */
export function isMixedBase64(s: string): boolean {
  let seen = 0;
  for (let i = 0; i < s.length && seen !== (CH_UPPER | CH_LOWER); i++) seen |= charClass(s, i) & (CH_UPPER | CH_LOWER);
  return seen === (CH_UPPER | CH_LOWER);
}

const PEM_HEAD = /-----BEGIN (?<label>[A-Z0-9]{1,20}(?: [A-Z0-9]{1,20}){0,5})-----/y;

/**
 * PEM blocks of every kind: `-----BEGIN <label>-----` through the END line (or the end of the
 * text; escaped `\n` in JSON text changes nothing). Labels with PRIVATE KEY are rule private_key,
 * any other label (certificates, PGP messages, …) pem_block.
 */
export function findPrivateKeys(text: string, out: TextMatch[], privateKeys = true, otherBlocks = true): void {
  let i = text.indexOf('-----BEGIN');
  while (i >= 0) {
    PEM_HEAD.lastIndex = i;
    const head = PEM_HEAD.exec(text);
    const rule = head === null ? undefined : head.groups!.label!.includes('PRIVATE KEY') ? 'private_key' : 'pem_block';
    if (head === null || (rule === 'private_key' ? !privateKeys : !otherBlocks)) {
      i = text.indexOf('-----BEGIN', i + 10);
      continue;
    }
    const endTag = text.indexOf('-----END', PEM_HEAD.lastIndex);
    const close = endTag < 0 ? -1 : text.indexOf('-----', endTag + 8);
    const end = close < 0 ? text.length : close + 5;
    out.push({ rule: rule!, start: i, end });
    i = text.indexOf('-----BEGIN', end);
  }
}

const SCHEME = /(?<![A-Za-z0-9])(bearer|basic)[ \t]{1,4}/gi;

/** `Bearer <token>` anywhere; `Basic <base64 of user:password>` anywhere (rule authorization). */
export function findAuthSchemes(text: string, out: TextMatch[]): void {
  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(text); m !== null; m = SCHEME.exec(text)) {
    const start = m.index + m[0].length;
    const bearer = m[1]!.length === 6;
    const end = bearer ? bearerEnd(text, start) : basicEnd(text, start);
    if (end < 0) continue;
    out.push({ rule: bearer ? 'bearer' : 'authorization', start, end });
    SCHEME.lastIndex = end;
  }
}

/** RFC 6750 token68 characters: base64url plus `.`, `~`, `+`, `/`. */
function isTokenChar(text: string, i: number): boolean {
  if (charClass(text, i) & CH_B64URL) return true;
  const c = text.charCodeAt(i);
  return c === 46 || c === 126 || c === 43 || c === 47;
}

function bearerEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isTokenChar(text, end)) end++;
  while (end > start && text.charCodeAt(end - 1) === 46) end--;
  const length = end - start;
  // "Bearer token", "bearer authentication": short all-letter words are prose, not tokens.
  if (length < 8 || (length < 20 && !/[^A-Za-z]/.test(text.slice(start, end)))) return -1;
  while (text.charCodeAt(end) === 61) end++;
  return end;
}

function basicEnd(text: string, start: number): number {
  const end = runEnd(text, start, CH_B64);
  let pad = end;
  while (pad < end + 2 && text.charCodeAt(pad) === 61) pad++;
  const token = text.slice(start, pad);
  if (token.length < 8 || token.length % 4 !== 0 || charClass(text, pad) & CH_ALNUM) return -1;
  const decoded = Buffer.from(token, 'base64').toString('latin1');
  if (!decoded.includes(':') || !/^[\x20-\x7e]+$/.test(decoded)) return -1;
  return pad;
}

/** `scheme://user:password@host` and `scheme://:password@host`: the password part (rule password). */
export function findUrlCredentials(text: string, out: TextMatch[]): void {
  for (let i = text.indexOf('://'); i >= 0; i = text.indexOf('://', i + 3)) {
    let colon = -1;
    let j = i + 3;
    const lim = Math.min(text.length, j + 512);
    for (; j < lim; j++) {
      const c = text.charCodeAt(j);
      if (c === 64 || c === 47 || c === 63 || c === 35 || c <= 32 || c === 34 || c === 39 || c === 60 || c === 62) break;
      if (c === 58 && colon < 0) colon = j;
    }
    if (text.charCodeAt(j) === 64 && colon >= i + 3 && j > colon + 1) out.push({ rule: 'password', start: colon + 1, end: j });
  }
}
