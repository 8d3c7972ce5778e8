import { findAuthSchemes, findAwsAccessKeyIds, findAwsSecretKeys, findJwts, findPrivateKeys, findUrlCredentials } from './detect-credentials.js';
import { findCards } from './detect-card.js';
import { createKeyValueFinder, type KeyValueFinder } from './detect-key-values.js';
import { createTokenFinder } from './detect-tokens.js';
import { TEXT_DENY_FIELDS } from './field-names.js';
import { findEmails, findIPv4, findIPv6 } from './detect-network.js';
import type { TextMatch } from './match.js';
import { DEFAULT_DETECTOR_ACTIONS, rulePriority } from './rules.js';
import {
  F_AKIA,
  F_ALNUM20,
  F_AT,
  F_B64_40,
  F_CARD_RUN,
  F_COLON,
  F_DASH5,
  F_DIGIT,
  F_DOTS3,
  F_EQ,
  F_IPV6,
  F_JWT,
  F_PERCENT,
  F_SPACE,
  textFeatures,
} from './text-features.js';
import type { RedactionAction } from './types.js';

/** A merged, non-overlapping span and what to do with it. */
export interface ScanMatch extends TextMatch {
  action: Exclude<RedactionAction, 'keep'>;
}

export interface ScannerOptions {
  detectors: Readonly<Record<string, RedactionAction>>;
  denyFields: readonly string[];
  allowFields: readonly string[];
  hashFields: readonly string[];
}

export interface Scanner {
  /**
   * Matches in `text`, sorted and merged; the same empty array when there are none.
   * `features` is `textFeatures(text)` when the caller already has it.
   */
  scan(text: string, features?: number): readonly ScanMatch[];
}

const NONE: readonly ScanMatch[] = Object.freeze([]);
const SCHEME_WORD = /bearer|basic/i;
const SECRET_WORD = /secret/i;

export function createScanner(options: ScannerOptions): Scanner {
  const actions: Record<string, RedactionAction> = { ...DEFAULT_DETECTOR_ACTIONS, ...options.detectors, field_deny: 'remove', field_hash: 'hash' };
  const on = (rule: string): boolean => actions[rule] !== 'keep';
  const keyValues: KeyValueFinder = createKeyValueFinder({ ...options, denyFields: [...options.denyFields, ...TEXT_DENY_FIELDS], enabled: on });
  const email = on('email');
  const ipv4 = on('ipv4');
  const ipv6 = on('ipv6');
  const card = on('card');
  const jwt = on('jwt');
  const akid = on('aws_access_key_id');
  const awsSecret = on('aws_secret_key');
  const privateKey = on('private_key');
  const pemBlock = on('pem_block');
  const tokens = createTokenFinder(on);
  const schemes = on('bearer') || on('authorization');
  const urlCredentials = on('password');

  function collect(text: string, f: number, out: TextMatch[]): void {
    if ((privateKey || pemBlock) && f & F_DASH5 && text.includes('-----BEGIN')) findPrivateKeys(text, out, privateKey, pemBlock);
    if (tokens && text.length >= 12) {
      if (f & F_ALNUM20) tokens.all(text, out);
      else tokens.short(text, out);
    }
    if (jwt && f & F_JWT) findJwts(text, out);
    if (akid && f & F_AKIA) findAwsAccessKeyIds(text, out);
    if (awsSecret && f & F_B64_40 && (f & F_AKIA || SECRET_WORD.test(text))) findAwsSecretKeys(text, out);
    if (f & (F_COLON | F_EQ)) keyValues(text, out);
    if (schemes && f & F_SPACE && text.length >= 14 && SCHEME_WORD.test(text)) findAuthSchemes(text, out);
    if (urlCredentials && f & F_AT && f & F_COLON && text.includes('://')) findUrlCredentials(text, out);
    if (email && (f & F_AT || (f & F_PERCENT && text.includes('%40')))) findEmails(text, (f & F_PERCENT) !== 0, out);
    if (ipv4 && f & F_DIGIT && f & F_DOTS3) findIPv4(text, out);
    if (ipv6 && f & F_IPV6) findIPv6(text, out);
    if (card && f & F_CARD_RUN) findCards(text, out);
  }

  return {
    scan(text: string, f = textFeatures(text)): readonly ScanMatch[] {
      if (f === 0) return NONE;
      const found: TextMatch[] = [];
      collect(text, f, found);
      const merged = found.length === 0 ? NONE : merge(found, actions);
      return merged.length === 0 ? NONE : merged;
    },
  };
}

/**
 * Sorts and merges overlapping matches into one span. The outermost (earliest, then longest)
 * match names the span, except that a `remove` match inside a `hash` span makes it a removal.
 */
function merge(found: TextMatch[], actions: Record<string, RedactionAction>): ScanMatch[] {
  if (found.length === 1 && actions[found[0]!.rule] !== 'keep') {
    const m = found[0]!;
    return [{ rule: m.rule, start: m.start, end: m.end, action: actions[m.rule] === 'hash' ? 'hash' : 'remove' }];
  }
  const live = found.filter((m) => actions[m.rule] !== 'keep' && m.end > m.start);
  live.sort((a, b) => a.start - b.start || b.end - a.end || rulePriority(b.rule) - rulePriority(a.rule));
  const merged: ScanMatch[] = [];
  for (const m of live) {
    const action = actions[m.rule] === 'hash' ? 'hash' : 'remove';
    const last = merged[merged.length - 1];
    if (last && m.start < last.end) {
      last.end = Math.max(last.end, m.end);
      if (action === 'remove' && last.action === 'hash') {
        last.action = 'remove';
        last.rule = m.rule;
      }
      continue;
    }
    merged.push({ rule: m.rule, start: m.start, end: m.end, action });
  }
  return merged;
}
