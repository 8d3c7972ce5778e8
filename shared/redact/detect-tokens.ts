import { CREDENTIAL_RULES, isIamUserArnAt, type CredentialRule } from './credential-rules.js';
import type { TextMatch } from './match.js';

/**
 * Runs the credential rule table over a string: one pass of a regex made of every rule's
 * keywords, and at each keyword only the rules it gates. Every try is bounded (sticky patterns
 * with bounded quantifiers, `near` windows), so the work is linear in the text.
 */
export interface TokenFinder {
  /** Every rule (the text has a run of 20+ letters and digits, see F_ALNUM20). */
  all(text: string, out: TextMatch[]): void;
  /** Only the rules whose secret needs no such run (`short`), behind a cheap literal check. */
  short(text: string, out: TextMatch[]): void;
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export function createTokenFinder(enabled: (rule: string) => boolean): TokenFinder | undefined {
  const rules = CREDENTIAL_RULES.filter((r) => enabled(r.id));
  if (rules.length === 0) return undefined;
  const all = keywordScan(rules);
  const shortRules = rules.filter((r) => r.short);
  const short = keywordScan(shortRules);
  // Literals at least one of the short rules' keywords contains (case-sensitive), for indexOf.
  const found = [...new Set(shortRules.flatMap((r) => r.keywords.map(hintOf)))];
  const hints = found.filter((h) => !found.some((other) => other !== h && h.includes(other)));
  return {
    all,
    short(text, out) {
      for (const h of hints) {
        if (text.includes(h)) {
          short(text, out);
          return;
        }
      }
    },
  };
}

/** A short literal inside a keyword, so that indexOf(hint) < 0 rules the keyword out. */
function hintOf(keyword: string): string {
  const lower = /[a-z]{5}/.exec(keyword.slice(1));
  if (lower) return lower[0];
  return keyword.length <= 6 ? keyword : keyword.slice(0, 6);
}

function keywordScan(rules: readonly CredentialRule[]): (text: string, out: TextMatch[]) => void {
  const byKeyword = new Map<string, CredentialRule[]>();
  for (const rule of rules) {
    for (const k of rule.keywords) byKeyword.set(k, [...(byKeyword.get(k) ?? []), rule]);
  }
  const keywords = [...byKeyword.keys()].sort((a, b) => b.length - a.length);
  if (keywords.length === 0) return () => {};
  const gate = new RegExp(keywords.map(escape).join('|'), 'g');
  return (text, out) => {
    gate.lastIndex = 0;
    let covered = 0; // end of the last span found: keywords inside it are not tried again
    for (let m = gate.exec(text); m !== null; m = gate.exec(text)) {
      const at = m.index;
      if (at < covered) continue;
      for (const rule of byKeyword.get(m[0])!) {
        const span = tryRule(rule, text, at, m[0].length);
        if (span === undefined) continue;
        out.push({ rule: rule.id, start: span[0], end: span[1] });
        covered = Math.max(covered, span[1]);
      }
      if (covered > gate.lastIndex) gate.lastIndex = covered;
    }
  };
}

function isTokenChar(c: number): boolean {
  return c === 95 || c === 45 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function tryRule(rule: CredentialRule, text: string, at: number, keywordLength: number): [number, number] | undefined {
  if (rule.near !== undefined) {
    const from = at + keywordLength;
    const window = text.slice(from, from + rule.near);
    const m = rule.pattern.exec(window);
    if (m === null || (rule.validate && !rule.validate(m[0]))) return undefined;
    return [from + m.index, from + m.index + m[0].length];
  }
  if (rule.boundary && at > 0 && isTokenChar(text.charCodeAt(at - 1))) return undefined;
  if (rule.id === 'arn_user' && !isIamUserArnAt(text, at)) return undefined;
  rule.pattern.lastIndex = at;
  const m = rule.pattern.exec(text);
  if (m === null) return undefined;
  let token = m[0];
  let start = at;
  const secret = m.groups?.secret;
  if (secret !== undefined) {
    start = at + token.length - (m.groups?.q?.length ?? 0) - secret.length;
    token = secret;
  }
  let end = start + token.length;
  while (end > start && text.charCodeAt(end - 1) === 46) end--; // a sentence's dot
  token = text.slice(start, end);
  if (token.length === 0 || (rule.validate && !rule.validate(token))) return undefined;
  return [start, end];
}
