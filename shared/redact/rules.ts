import { CREDENTIAL_RULES } from './credential-rules.js';
import type { RedactionAction } from './types.js';

/** Detector rules: each names what it finds; its action comes from the policy. */
export const DETECTOR_RULES = [
  'email',
  'ipv4',
  'ipv6',
  'jwt',
  'bearer',
  'authorization',
  'aws_access_key_id',
  'aws_secret_key',
  'private_key',
  'password',
  'card',
  'pem_block',
  'secret_field',
  'github_token',
  'slack_token',
  'slack_webhook',
  'discord_webhook',
  'teams_webhook',
  'stripe_key',
  'twilio_key',
  'sendgrid_key',
  'mailgun_key',
  'npm_token',
  'pypi_token',
  'dockerhub_token',
  'gitlab_token',
  'atlassian_token',
  'datadog_key',
  'dynatrace_token',
  'pagerduty_key',
  'splunk_hec_token',
  'gcp_api_key',
  'curl_credentials',
  'arn_user',
] as const;
export type DetectorRule = (typeof DETECTOR_RULES)[number];

/** Every rule a count can name: detectors plus field rules, truncation and the depth cap. */
export type RuleName = DetectorRule | 'field_deny' | 'field_hash' | 'truncated' | 'depth' | 'cycle';

/** Safe by default: secrets, tokens, keys, passwords and cards are removed; identifiers are hashed. */
export const DEFAULT_DETECTOR_ACTIONS: Readonly<Record<DetectorRule, RedactionAction>> = Object.freeze({
  email: 'hash',
  ipv4: 'hash',
  ipv6: 'hash',
  jwt: 'remove',
  bearer: 'remove',
  authorization: 'remove',
  aws_access_key_id: 'remove',
  aws_secret_key: 'remove',
  private_key: 'remove',
  password: 'remove',
  card: 'remove',
  pem_block: 'remove',
  secret_field: 'remove',
  ...(Object.fromEntries(CREDENTIAL_RULES.map((r) => [r.id, r.action])) as Record<string, RedactionAction>),
} as Record<DetectorRule, RedactionAction>);

/**
 * Names a span when two matches cover exactly the same characters (the scanner otherwise lets
 * the outermost match name a merged span).
 */
const PRIORITY: Readonly<Record<string, number>> = {
  private_key: 14,
  pem_block: 13,
  aws_secret_key: 12,
  aws_access_key_id: 11,
  jwt: 10,
  authorization: 9,
  bearer: 8,
  password: 7,
  secret_field: 7,
  field_deny: 6,
  card: 5,
  email: 4,
  ipv6: 3,
  ipv4: 2,
  field_hash: 1,
};

/** Credential table rules (not listed above) rank with tokens: above cards, emails and addresses. */
export function rulePriority(rule: string): number {
  return PRIORITY[rule] ?? (rule === 'arn_user' ? 1 : 8);
}

export function isDetectorRule(name: string): name is DetectorRule {
  return (DETECTOR_RULES as readonly string[]).includes(name);
}

export function removedMarker(rule: string): string {
  return `[REDACTED:${rule}]`;
}

export function hashedMarker(rule: string, hex: string): string {
  return `[HASH:${rule}:${hex}]`;
}

const MARKER = /^\[(?:REDACTED:[a-z0-9_]{1,32}|HASH:[a-z0-9_]{1,32}:[0-9a-f]{16})\]$/;

/** True when `text` is exactly one marker this module writes (so a second pass leaves it alone). */
export function isMarker(text: string): boolean {
  return text.length <= 64 && text.charCodeAt(0) === 91 && MARKER.test(text);
}
