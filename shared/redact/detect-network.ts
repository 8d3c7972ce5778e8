import { CH_ALNUM, CH_DOMAIN, CH_LOCAL, charClass, runEnd, type TextMatch } from './match.js';

const MAX_LOCAL = 256;
const MAX_DOMAIN = 256;
const DOMAIN = /^(?:[A-Za-z0-9-]{1,63}\.){1,16}(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})$/;
/** Internationalised domains (IDN) in Unicode form: letters and marks of any script. */
const IDN_DOMAIN = /^(?:[\p{L}\p{M}\p{N}-]{1,63}\.){1,16}(?:\p{L}[\p{L}\p{M}]{1,23}|xn--[A-Za-z0-9-]{1,59})$/u;
const UNICODE_WORD = /[\p{L}\p{M}\p{N}]/u;

/** Local-part (or domain) characters, non-ASCII letters included. */
function isAddressChar(text: string, i: number, cls: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (charClass(text, i) & cls) !== 0;
  return c >= 0xc0 && UNICODE_WORD.test(text.charAt(i));
}

/** `"john smith"@…` (also `\"john smith\"@…` inside JSON text): the start of the quoted local part, or -1. */
function quotedLocalStart(text: string, sep: number, floor: number): number {
  if (text.charCodeAt(sep - 1) !== 34) return -1;
  const lim = Math.max(floor, sep - 2 - 64);
  for (let i = sep - 2; i >= lim; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 64) return -1;
    if (c === 34) {
      const escaped = text.charCodeAt(i - 1) === 92;
      if (escaped !== (text.charCodeAt(sep - 2) === 92)) continue;
      const start = escaped ? i - 1 : i;
      return sep - start > (escaped ? 4 : 2) ? start : -1;
    }
  }
  return -1;
}

/**
 * Emails, including the URL-encoded `user%40example.com` form. Scans from each `@`/`%40` outwards
 * over local-part and domain characters; a local part never extends past the previous separator,
 * so the work is linear.
 */
export function findEmails(text: string, withPercent: boolean, out: TextMatch[]): void {
  let nextAt = text.indexOf('@');
  let nextPct = withPercent ? text.indexOf('%40') : -1;
  let floor = 0;
  while (nextAt >= 0 || nextPct >= 0) {
    let sep: number;
    let sepLen: number;
    if (nextPct < 0 || (nextAt >= 0 && nextAt < nextPct)) {
      sep = nextAt;
      sepLen = 1;
      nextAt = text.indexOf('@', sep + 1);
    } else {
      sep = nextPct;
      sepLen = 3;
      nextPct = text.indexOf('%40', sep + 3);
    }
    const lim = Math.max(floor, sep - MAX_LOCAL);
    let start = sep;
    while (start > lim && isAddressChar(text, start - 1, CH_LOCAL)) start--;
    const tooLong = start === sep - MAX_LOCAL && start > floor && isAddressChar(text, start - 1, CH_LOCAL);
    const quoted = start === sep && sepLen === 1 ? quotedLocalStart(text, sep, floor) : -1;
    if (quoted >= 0) start = quoted;
    floor = sep + sepLen;
    while (start < sep && text.charCodeAt(start) === 46) start++;
    if (start === sep || tooLong) continue;
    const domStart = sep + sepLen;
    let end = domStart;
    const domLimit = Math.min(text.length, domStart + MAX_DOMAIN + 1);
    while (end < domLimit && isAddressChar(text, end, CH_DOMAIN)) end++;
    if (end - domStart > MAX_DOMAIN) continue;
    while (end > domStart && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
    end = domainEnd(text.slice(domStart, end), domStart);
    if (end < 0) continue;
    if (isUrlUserinfo(text, start)) continue;
    out.push({ rule: 'email', start, end });
  }
}

/** End of the longest valid domain at the start of `domain` (`example.com` in `example.com.5`), or -1. */
function domainEnd(domain: string, offset: number): number {
  if (isDomain(domain)) return offset + domain.length;
  for (let dot = domain.lastIndexOf('.'); dot > 0; dot = domain.lastIndexOf('.', dot - 1)) {
    if (isDomain(domain.slice(0, dot))) return offset + dot;
  }
  return -1;
}

function isDomain(domain: string): boolean {
  return DOMAIN.test(domain) || (/[^\x00-\x7f]/.test(domain) && IDN_DOMAIN.test(domain));
}

/** `scheme://user:pass@host`: the password detector owns this, not the email one. */
function isUrlUserinfo(text: string, localStart: number): boolean {
  if (text.charCodeAt(localStart - 1) !== 58) return false;
  const scheme = text.lastIndexOf('://', localStart);
  if (scheme < 0 || localStart - scheme > 260) return false;
  for (let i = scheme + 3; i < localStart - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 || c === 64 || c <= 32) return false;
  }
  return true;
}

/**
 * A dotted quad at a token boundary: not after a letter, digit, `_`, `.` or a lone `/`
 * (`Chrome/124.0.0.0`), and not followed by a word character or more `.digits`.
 * `http://10.0.0.1/` still counts (the `/` before it is part of `//`). The regex starts with a
 * digit (fast to scan for); the boundary before is checked in code.
 */
const IPV4 = /(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/y;

/**
 * Same matches as a global scan with IPV4, found from the dots: a match starts on one of the one
 * to three digits right before its first dot, so only those positions (in order, none before the
 * end of the previous match) are tried.
 */
export function findIPv4(text: string, out: TextMatch[]): void {
  let from = 0;
  for (let dot = text.indexOf('.', 1); dot >= 0; dot = text.indexOf('.', Math.max(dot + 1, from))) {
    let p = dot;
    while (p > dot - 3 && p > from && isDigit(text.charCodeAt(p - 1))) p--;
    for (; p < dot; p++) {
      if (!isDigit(text.charCodeAt(p))) continue;
      IPV4.lastIndex = p;
      const m = IPV4.exec(text);
      if (m === null) continue;
      if (ipv4BoundaryBefore(text, p) && isIPv4(m[0])) out.push({ rule: 'ipv4', start: p, end: p + m[0].length });
      from = p + m[0].length;
      break;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function ipv4BoundaryBefore(text: string, i: number): boolean {
  if (i === 0) return true;
  const c = text.charCodeAt(i - 1);
  if (c === 46 || c === 95 || charClass(text, i - 1) & CH_ALNUM) return false;
  return c !== 47 || text.charCodeAt(i - 2) === 47;
}

export function isIPv4(s: string): boolean {
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return false;
      dots++;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return false;
    } else {
      return false;
    }
  }
  return dots === 3 && digits > 0;
}

/**
 * IPv6: from each colon, the surrounding run of hex digits, `:` and `.` is the candidate (runs
 * are visited once). It must sit at a token boundary (not after a letter, digit, `_`), be at most
 * 45 characters and parse as an address; an optional zone (`%eth0`) belongs to the match.
 */
const MAX_IPV6 = 45;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

export function findIPv6(text: string, out: TextMatch[]): void {
  const n = text.length;
  for (let colon = text.indexOf(':'); colon >= 0; ) {
    let colons = 1;
    let double = false;
    let start = colon;
    for (let c = text.charCodeAt(start - 1); start > 0 && isHexColonDot(c); c = text.charCodeAt(--start - 1)) {
      if (c === 58) {
        colons++;
        if (text.charCodeAt(start) === 58) double = true;
      }
    }
    let end = colon + 1;
    for (let c = text.charCodeAt(end); end < n && isHexColonDot(c); c = text.charCodeAt(++end)) {
      if (c === 58) {
        colons++;
        if (text.charCodeAt(end - 1) === 58) double = true;
      }
    }
    // Eight groups need seven colons (six with a dotted quad); fewer need `::`.
    const plausible = (double || colons >= 6) && end - start <= MAX_IPV6 + 1 && !isWordChar(text.charCodeAt(start - 1));
    const found = plausible ? ipv6At(text, start, end) : -1;
    if (found > 0) out.push({ rule: 'ipv6', start, end: found });
    colon = text.indexOf(':', end);
  }
}

/** End of the address (with zone) for the run `[start, end)`, or -1. */
function ipv6At(text: string, start: number, end: number): number {
  let addr = text.slice(start, end);
  if (addr.charCodeAt(0) === 46) return -1;
  if (!isIPv6(addr)) {
    const trimmed = addr.replace(/\.+$/, '').replace(/(?<!:):$/, '');
    // An address with its port run on (`2600:1f14:…:def0:443`, `…::5.443`, as flow-log titles write them).
    const withoutPort = trimmed.replace(/(?<!:)[:.]\d{1,5}$/, '');
    if (trimmed !== addr && isIPv6(trimmed)) addr = trimmed;
    else if (withoutPort !== trimmed && isIPv6(withoutPort)) addr = withoutPort;
    else return -1;
  }
  if (addr.length > MAX_IPV6) return -1;
  let stop = start + addr.length;
  if (stop === end && text.charCodeAt(stop) === 37) {
    let z = stop + 1;
    while (z < stop + 33 && /[0-9A-Za-z_.-]/.test(text.charAt(z))) z++;
    while (z > stop + 1 && text.charCodeAt(z - 1) === 46) z--;
    if (z > stop + 1) stop = z;
  }
  return isWordChar(text.charCodeAt(stop)) ? -1 : stop;
}

function isHexColonDot(c: number): boolean {
  return c === 58 || c === 46 || (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isWordChar(c: number): boolean {
  return c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isIPv6(s: string): boolean {
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
  const halves = dbl >= 0 ? [s.slice(0, dbl), s.slice(dbl + 2)] : [s];
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    const half = halves[h]!;
    if (half === '') continue;
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (h === halves.length - 1 && i === parts.length - 1 && p.includes('.')) {
        if (!isIPv4(p)) return false;
        groups += 2;
      } else if (HEX_GROUP.test(p)) {
        groups++;
      } else {
        return false;
      }
    }
  }
  if (groups === 0) return false;
  return dbl >= 0 ? groups <= 7 : groups === 8;
}
