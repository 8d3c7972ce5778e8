import type { BridgeConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_DENY_FIELDS, DEFAULT_HASH_FIELDS, normalizeFieldName } from './field-names.js';
import { DEFAULT_DETECTOR_ACTIONS, isDetectorRule } from './rules.js';
import type { RedactionAction, RedactionPolicy } from './types.js';

export type RedactionConfig = BridgeConfig['redaction'];

const ACTIONS: readonly RedactionAction[] = ['remove', 'hash', 'keep'];
export const DEFAULT_MAX_STRING_LENGTH = 8192;

/**
 * The policy from `redaction:` in bridge.yaml: default deny and hash names plus the configured
 * ones, default detector actions overridden per detector. A name in `allow_fields` is taken out
 * of the default deny and hash lists (an explicit opt-in); a name both allowed and in
 * `deny_fields` stays denied.
 */
export function policyFromConfig(cfg: Partial<RedactionConfig> = {}): RedactionPolicy {
  const allowFields = [...(cfg.allow_fields ?? [])];
  const allowed = new Set(allowFields.map(normalizeFieldName));
  const keep = (name: string): boolean => !allowed.has(normalizeFieldName(name));
  const policy: RedactionPolicy = {
    allowFields,
    denyFields: withExtra(DEFAULT_DENY_FIELDS.filter(keep), cfg.deny_fields ?? []),
    hashFields: withExtra(DEFAULT_HASH_FIELDS.filter(keep), cfg.hash_fields ?? []),
    maxStringLength: cfg.max_string_length ?? DEFAULT_MAX_STRING_LENGTH,
    detectors: { ...DEFAULT_DETECTOR_ACTIONS, ...(cfg.detectors ?? {}) },
  };
  assertValidPolicy(policy, 'redaction');
  return policy;
}

/** Throws a ConfigError naming the offending path (detector names are checked: a typo would silently disable nothing). */
export function assertValidPolicy(policy: RedactionPolicy, prefix = 'policy'): void {
  if (!Number.isInteger(policy.maxStringLength) || policy.maxStringLength < 64) {
    throw new ConfigError(`invalid config at ${prefix}.max_string_length: must be an integer of at least 64`, {
      context: { path: `${prefix}.max_string_length` },
    });
  }
  for (const [name, action] of Object.entries(policy.detectors)) {
    const path = `${prefix}.detectors.${name}`;
    if (!isDetectorRule(name)) {
      throw new ConfigError(`invalid config at ${path}: unknown detector (known: ${Object.keys(DEFAULT_DETECTOR_ACTIONS).join(', ')})`, { context: { path } });
    }
    if (!ACTIONS.includes(action)) {
      throw new ConfigError(`invalid config at ${path}: action must be remove, hash or keep`, { context: { path } });
    }
  }
  for (const list of ['allowFields', 'denyFields', 'hashFields'] as const) {
    if (!Array.isArray(policy[list]) || policy[list].some((n) => typeof n !== 'string')) {
      throw new ConfigError(`invalid config at ${prefix}.${list}: must be a list of field names`, { context: { path: `${prefix}.${list}` } });
    }
  }
}

/** The defaults as written, then each configured name not already there (compared normalized). */
function withExtra(defaults: readonly string[], extra: readonly string[]): string[] {
  const out = [...defaults];
  const seen = new Set(out.map(normalizeFieldName));
  for (const name of extra) {
    const k = normalizeFieldName(name);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(name);
    }
  }
  return out;
}
