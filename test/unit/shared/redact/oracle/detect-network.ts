/**
 * Test-only oracle: the IPv4 scan as it was before the dot-driven scan (see scanner-oracle.test.ts).
 * Only the changed detector is frozen here; the rest is the live code.
 */
import { isIPv4 } from '../../../../../shared/redact/detect-network.js';
import { CH_ALNUM, charClass, type TextMatch } from '../../../../../shared/redact/match.js';

const IPV4 = /(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/g;

export function findIPv4(text: string, out: TextMatch[]): void {
  IPV4.lastIndex = 0;
  for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
    if (ipv4BoundaryBefore(text, m.index) && isIPv4(m[0])) out.push({ rule: 'ipv4', start: m.index, end: m.index + m[0].length });
  }
}

function ipv4BoundaryBefore(text: string, i: number): boolean {
  if (i === 0) return true;
  const c = text.charCodeAt(i - 1);
  if (c === 46 || c === 95 || charClass(text, i - 1) & CH_ALNUM) return false;
  return c !== 47 || text.charCodeAt(i - 2) === 47;
}
