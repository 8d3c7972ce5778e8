import { hasLetterAndDigit, looksRandom } from './entropy.js';
import type { RedactionAction } from './types.js';

/**
 * The credential rule table: provider token formats, each gated by literal keywords (the scanner
 * looks for all keywords in one pass and tries a rule only where one of its keywords occurs).
 *
 * - `pattern` is sticky and tried at the keyword's position; the span removed is the named group
 *   `secret` when there is one, else the whole match.
 * - `near` rules are for tokens without a prefix of their own (Datadog, PagerDuty, Twilio auth
 *   tokens): `pattern` is then looked for in the `near` characters after the keyword.
 * - `boundary`: the keyword must not follow a letter, digit, `_` or `-` (a token starts there).
 * - `validate` rejects look-alikes (entropy, character classes, checksums).
 *
 * Formats follow the providers' documented token shapes; lengths are bounded so every try costs
 * at most a few hundred characters.
 */
export interface CredentialRule {
  id: string;
  format: string;
  keywords: readonly string[];
  pattern: RegExp;
  near?: number;
  boundary?: boolean;
  validate?: (token: string) => boolean;
  action: Exclude<RedactionAction, 'keep'>;
  /**
   * The secret has no run of 20 letters and digits (user:password, a UUID, a user name): the
   * rule is tried in every string, the others only where such a run exists.
   */
  short?: boolean;
}

const ci = (word: string): string[] => [word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1)];

/** Slack's token prefixes, `xox<kind>-` (bot, user, app-level, refresh, session, config) and `xapp-`, built from the kinds. */
const SLACK_PREFIXES: readonly string[] = [...['b', 'p', 'a', 'r', 's', 'e'].map((kind) => `xox${kind}-`), 'xoxe.', 'xapp-'];

export const CREDENTIAL_RULES: readonly CredentialRule[] = Object.freeze([
  {
    id: 'github_token',
    format: 'GitHub classic/OAuth/app/refresh tokens: ghp_|gho_|ghu_|ghs_|ghr_ + 36+ base62',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9])/y,
    boundary: true,
    validate: (t) => looksRandom(t.slice(4)),
    action: 'remove',
  },
  {
    id: 'github_token',
    format: 'GitHub fine-grained PAT: github_pat_ + 22 + _ + 59 base62',
    keywords: ['github_pat_'],
    pattern: /github_pat_[A-Za-z0-9_]{22,251}(?![A-Za-z0-9_])/y,
    boundary: true,
    validate: (t) => looksRandom(t.slice(11)),
    action: 'remove',
  },
  {
    id: 'slack_token',
    format: 'Slack bot/user/app/refresh tokens: `xox` + one of b p a r s e, then `-` (or `e.`), or `xapp-`, then digit/base62 groups',
    keywords: SLACK_PREFIXES,
    pattern: /(?:xox[abprse]|xapp)[-.][A-Za-z0-9.-]{10,250}/y,
    boundary: true,
    validate: (t) => t.length >= 20 && hasLetterAndDigit(t.slice(5)),
    action: 'remove',
  },
  {
    id: 'slack_webhook',
    format: 'Slack incoming webhook / workflow URL: hooks.slack.com/services|workflows|triggers/<ids>/<secret>',
    keywords: ['hooks.slack.com/'],
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9_/-]{16,250})/y,
    action: 'remove',
  },
  {
    id: 'discord_webhook',
    format: 'Discord webhook URL: discord(app).com/api/webhooks/<id>/<token>',
    keywords: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    pattern: /discord(?:app)?\.com\/api\/webhooks\/(?<secret>\d{5,25}\/[A-Za-z0-9_-]{20,128})/y,
    action: 'remove',
  },
  {
    id: 'teams_webhook',
    format: 'Microsoft Teams incoming webhook URL: <tenant>.webhook.office.com/webhookb2/<guid>@<guid>/IncomingWebhook/<hex>/<guid>',
    keywords: ['webhook.office.com/', 'outlook.office.com/webhook', 'outlook.office365.com/webhook'],
    pattern: /(?:webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook(?:b2)?)\/(?<secret>[A-Za-z0-9@/._-]{30,400})/y,
    action: 'remove',
  },
  {
    id: 'stripe_key',
    format: 'Stripe secret/restricted keys sk_live_|sk_test_|rk_live_|rk_test_ + base62; webhook secret whsec_',
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'],
    pattern: /(?:[sr]k_(?:live|test)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9+/=]{24,128})(?![A-Za-z0-9])/y,
    boundary: true,
    validate: hasLetterAndDigit,
    action: 'remove',
  },
  {
    id: 'twilio_key',
    format: 'Twilio API key SID: SK + 32 hex',
    keywords: ['SK'],
    pattern: /SK[0-9a-fA-F]{32}(?![0-9A-Za-z])/y,
    boundary: true,
    validate: (t) => hasLetterAndDigit(t.slice(2)),
    action: 'remove',
  },
  {
    id: 'twilio_key',
    format: 'Twilio auth token: 32 hex within 80 characters after "twilio"',
    keywords: ci('twilio'),
    near: 80,
    pattern: /(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])/,
    validate: hasLetterAndDigit,
    action: 'remove',
  },
  {
    id: 'sendgrid_key',
    format: 'SendGrid API key: SG. + 22 base64url + . + 43 base64url',
    keywords: ['SG.'],
    pattern: /SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}(?![A-Za-z0-9_-])/y,
    boundary: true,
    action: 'remove',
  },
  {
    id: 'mailgun_key',
    format: 'Mailgun private API key: key- + 32 base62',
    keywords: ['key-'],
    pattern: /key-[0-9a-zA-Z]{32}(?![0-9A-Za-z])/y,
    validate: (t) => hasLetterAndDigit(t.slice(4)),
    action: 'remove',
  },
  {
    id: 'mailgun_key',
    format: 'Mailgun API key (32 hex-8 hex-8 hex) within 80 characters after "mailgun"',
    keywords: ci('mailgun'),
    near: 80,
    pattern: /(?<![0-9A-Za-z])[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}(?![0-9A-Za-z])/,
    action: 'remove',
  },
  {
    id: 'npm_token',
    format: 'npm access token: npm_ + 36 base62',
    keywords: ['npm_'],
    pattern: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/y,
    boundary: true,
    validate: (t) => looksRandom(t.slice(4)),
    action: 'remove',
  },
  {
    id: 'pypi_token',
    format: 'PyPI API token: pypi-AgEIcHlwaS5vcmc… (macaroon, base64url)',
    keywords: ['pypi-Ag'],
    pattern: /pypi-Ag[A-Za-z0-9_-]{40,1000}/y,
    boundary: true,
    action: 'remove',
  },
  {
    id: 'dockerhub_token',
    format: 'Docker Hub personal/organisation access token: dckr_pat_|dckr_oat_ + base64url',
    keywords: ['dckr_pat_', 'dckr_oat_'],
    pattern: /dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,100}/y,
    boundary: true,
    action: 'remove',
  },
  {
    id: 'gitlab_token',
    format: 'GitLab tokens: glpat-|gldt-|glrt-|glptt-|glsoat-|glcbt-|gloas-|glimt-|glagent-|glft-|glffct- + 20+; runner registration GR1348941…',
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glrtr-', 'glptt-', 'glsoat-', 'glcbt-', 'gloas-', 'glimt-', 'glagent-', 'glft-', 'glffct-', 'GR1348941'],
    pattern: /(?:gl(?:pat|dt|rtr|rt|ptt|soat|cbt|oas|imt|agent|ffct|ft)-|GR1348941)[A-Za-z0-9_-][A-Za-z0-9_.-]{19,300}/y,
    boundary: true,
    validate: (t) => hasLetterAndDigit(t.slice(t.indexOf('-') + 1)) || t.startsWith('GR1348941'),
    action: 'remove',
  },
  {
    id: 'atlassian_token',
    format: 'Atlassian API tokens ATATT3…/ATCTT3… (base64url, 180+), Bitbucket app passwords ATBB + 32',
    keywords: ['ATATT3', 'ATCTT3', 'ATBB'],
    pattern: /(?:AT[AC]TT3[A-Za-z0-9_=-]{60,400}|ATBB[A-Za-z0-9]{28,40})(?![A-Za-z0-9_=-])/y,
    boundary: true,
    action: 'remove',
  },
  {
    id: 'datadog_key',
    format: 'Datadog API key (32 hex) or application key (40 hex) within 80 characters after datadog / dd_api_key / dd_app_key',
    keywords: [...ci('datadog'), 'dd_api_key', 'DD_API_KEY', 'dd_app_key', 'DD_APP_KEY', 'dd-api-key', 'DD-API-KEY', 'dd-application-key', 'DD-APPLICATION-KEY'],
    near: 80,
    pattern: /(?<![0-9A-Za-z])(?:[0-9a-f]{40}|[0-9a-f]{32})(?![0-9A-Za-z])/,
    validate: hasLetterAndDigit,
    action: 'remove',
  },
  {
    id: 'dynatrace_token',
    format: 'Dynatrace API/platform token: dt0c01. + 24 + . + 64 (also dt0s01., …)',
    keywords: ['dt0'],
    pattern: /dt0[a-z]\d{2}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}(?![A-Za-z0-9])/y,
    boundary: true,
    action: 'remove',
  },
  {
    id: 'pagerduty_key',
    format: 'PagerDuty integration/routing key (32 base36) or REST API token (20) within 80 characters after pagerduty / routing_key / integration_key',
    keywords: [...ci('pagerduty'), 'PagerDuty', 'routing_key', 'ROUTING_KEY', 'routingKey', 'integration_key', 'INTEGRATION_KEY', 'integrationKey'],
    near: 80,
    pattern: /(?<![A-Za-z0-9+_-])(?:[a-z0-9]{32}|[A-Za-z0-9_+-]{20})(?![A-Za-z0-9+_-])/,
    validate: (t) => looksRandom(t, t.length === 20 ? 3.5 : 3),
    action: 'remove',
  },
  {
    id: 'splunk_hec_token',
    format: 'Splunk HEC token (a UUID) within 60 characters after splunk (the `Splunk` authorization scheme; `hec_token` fields are denied by name)',
    keywords: ci('splunk'),
    near: 60,
    pattern: /(?<![0-9A-Za-z-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z-])/,
    action: 'remove',
    short: true,
  },
  {
    id: 'gcp_api_key',
    format: 'Google API key: AIza + 35 base64url',
    keywords: ['AIza'],
    pattern: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/y,
    boundary: true,
    action: 'remove',
  },
  {
    id: 'curl_credentials',
    format: 'curl -u / --user user:password (the user:password part)',
    keywords: ['-u', '--user'],
    pattern: /(?:-u|--user)(?:[ \t]{1,4}|=)?(?<q>['"]?)(?<secret>[^\s'":]{1,128}:[^\s'"]{1,256})\k<q>/y,
    boundary: true,
    action: 'remove',
    short: true,
  },
  {
    id: 'arn_user',
    format: 'The user name (and path) in an IAM user ARN arn:aws:iam::<account>:user/<path/>name (hashed; role and service ARNs stay)',
    keywords: [':user/'],
    pattern: /:user\/(?<secret>[A-Za-z0-9+=,.@_/-]{1,512})/y,
    action: 'hash',
    short: true,
  },
] satisfies CredentialRule[]);

/** The distinct rule ids of the table (each is a detector the policy can set an action for). */
export const CREDENTIAL_RULE_IDS = [...new Set(CREDENTIAL_RULES.map((r) => r.id))];

/** `arn:aws…:iam::<12 digits>` right before `:user/` (so `…:user/` elsewhere is not a user ARN). */
const IAM_ARN_HEAD = /arn:aws[a-z-]{0,12}:iam::\d{12}$/;

export function isIamUserArnAt(text: string, at: number): boolean {
  return IAM_ARN_HEAD.test(text.slice(Math.max(0, at - 40), at));
}
