/**
 * ~1 MB strings that look like the start of a credential again and again without being one: each
 * credential rule's keyword, repeated, with a body that just misses (too short, wrong alphabet,
 * no separator). Shared by the near-miss test (test/unit/shared/redact/linear-time.test.ts) and
 * the benchmark (scripts/bench/redact-near-miss.ts).
 */
export const NEAR_MISS_TOKENS: Array<[string, string]> = [
  ['GitHub prefixes', 'gh' + 'p_'.repeat(5e5)],
  ['GitHub prefixes with short bodies', ('gh' + 'p_abc123 ').repeat(1e5)],
  ['Slack prefixes', ('xo' + 'xb-1-').repeat(2e5)],
  ['Stripe prefixes', ('s' + 'k_live_x').repeat(1e5)],
  ['Twilio SK runs', ('S' + 'K0a1b').repeat(2e5)],
  ['mailgun words', 'mailgun '.repeat(125e3)],
  ['datadog words with hex', ('datadog ' + '0a1b2c3d ').repeat(6e4)],
  ['Splunk schemes', 'Splunk '.repeat(14e4)],
  ['curl -u without a password', 'curl -u user '.repeat(8e4)],
  ['user ARNs without an account', 'arn:aws:iam::12:user/'.repeat(5e4)],
  ['Dynatrace prefixes', ('dt' + '0c01.ABC').repeat(1e5)],
  ['webhook hosts', 'hooks.slack.com/'.repeat(6e4)],
  ['card-like groups with dots', '4111.'.repeat(2e5)],
  ['quoted local parts', '"a b"@'.repeat(17e4)],
  ['non-ASCII around @', '\u00e9@\u00e9.'.repeat(25e4)],
  ['IPv6 with ports', '2001:db8:1:2:3:4:5:6:443 '.repeat(4e4)],
  ['a 1 MB alphanumeric run', 'aB3dE5fG7h'.repeat(1e5)],
];
