import { describe, expect, it } from 'vitest';
import { CREDENTIAL_RULE_IDS, createRedactor, policyFromConfig, scanText } from '../../../../shared/redact/index.js';

/**
 * Must-redact and must-keep values per rule. Fake credentials are assembled at run time (prefix
 * split from body, bodies repeated from a short pattern) so that no committed file holds a string
 * a secret scanner would take for a live key.
 */
const fill = (pattern: string, n: number): string => pattern.repeat(Math.ceil(n / pattern.length)).slice(0, n);
const B62 = 'aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xYz';
const HEX = '0a1b2c3d4e5f6a7b8c9d';
const GUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** [rule, the value that must go, the text around it]. */
const MUST_REDACT: Array<[string, string, (v: string) => string]> = [
  ['github_token', 'gh' + 'p_' + fill(B62, 36), (v) => `git push https://x-access-token@github.com ${v}`],
  ['github_token', 'gh' + 'o_' + fill(B62, 36), (v) => `oauth=${v}`],
  ['github_token', 'gh' + 's_' + fill(B62, 36), (v) => `"installation": "${v}"`],
  ['github_token', 'github' + '_pat_' + fill('11ABCDEFG0', 22) + '_' + fill(B62, 59), (v) => `using ${v} for the API`],
  ['slack_token', 'xo' + 'xb-' + '123456789012-1234567890123-' + fill(B62, 24), (v) => `slack client init ${v}`],
  ['slack_token', 'xo' + 'xp-' + '123456789012-123456789012-1234567890123-' + fill(HEX, 32), (v) => `[${v}]`],
  ['slack_webhook', 'T01234567/B01234567/' + fill(B62, 24), (v) => `POST https://hooks.slack.com/services/${v} 200`],
  ['discord_webhook', '123456789012345678/' + fill(B62 + '_-', 68), (v) => `https://discord.com/api/webhooks/${v}`],
  ['teams_webhook', `${GUID}@${GUID}/IncomingWebhook/${fill(HEX, 32)}/${GUID}`, (v) => `url=https://contoso.webhook.office.com/webhookb2/${v}`],
  ['stripe_key', 's' + 'k_live_' + fill(B62, 24), (v) => `stripe.api_key = '${v}'`],
  ['stripe_key', 'r' + 'k_live_' + fill(B62, 24), (v) => `restricted ${v}`],
  ['twilio_key', 'S' + 'K' + fill(HEX, 32), (v) => `twilio sid ${v}`],
  ['twilio_key', fill(HEX, 32), (v) => `Twilio auth token is ${v}`],
  ['sendgrid_key', 'S' + 'G.' + fill(B62, 22) + '.' + fill(B62 + '-_', 43), (v) => `Bearer-less ${v}`],
  ['mailgun_key', 'ke' + 'y-' + fill(HEX, 32), (v) => `api:${v}`],
  ['npm_token', 'np' + 'm_' + fill(B62, 36), (v) => `//registry/:_authToken=${v}`],
  ['pypi_token', 'py' + 'pi-AgEIcHlwaS5vcmc' + fill(B62, 60), (v) => `password = ${v}`],
  ['dockerhub_token', 'dck' + 'r_pat_' + fill(B62, 27), (v) => `docker login -p ${v}`],
  ['gitlab_token', 'gl' + 'pat-' + fill(B62, 20), (v) => `PRIVATE-TOKEN ${v}`],
  ['atlassian_token', 'ATA' + 'TT3xFfGF0' + fill(B62, 170) + '=0A1B2C3D', (v) => `jira ${v}`],
  ['datadog_key', fill(HEX, 32), (v) => `datadog api key ${v}`],
  ['dynatrace_token', 'dt0' + 'c01.' + fill('ABCDEFGH1234', 24) + '.' + fill('QRSTUVWX5678ABCD', 64), (v) => `Api-Token ${v}`],
  ['pagerduty_key', fill('0a1b2c3d4e5f6g7h8i9j', 32), (v) => `pagerduty integration ${v}`],
  ['authorization', '12345678-abcd-4ef0-9876-0123456789ab', (v) => `curl -H "Authorization: Splunk ${v}" hec`],
  ['splunk_hec_token', '12345678-abcd-4ef0-9876-0123456789ab', (v) => `splunk token ${v}`],
  ['gcp_api_key', 'AI' + 'za' + fill('Sy' + B62 + '-_', 35), (v) => `maps?key=${v}&q=x`],
  ['curl_credentials', 'admin:' + 'Hunter2Pass!', (v) => `curl -u ${v} https://api.internal/x`],
  ['password', 'Sup3rS3cretPw', (v) => `redis://:${v}@cache.internal:6379/0`],
  ['password', 'Sup3rS3cretPw', (v) => `amqps://svc:${v}@mq.internal/vhost`],
  ['field_deny', fill('Zm9vYmFyYmF6cXV4', 43) + '=', (v) => `Endpoint=sb://ns1.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccess${'Key'}=${v}`],
  ['field_deny', fill('q8Zx+Lm2/Pw9', 86) + '==', (v) => `DefaultEndpointsProtocol=https;AccountName=a1;Account${'Key'}=${v};EndpointSuffix=core.windows.net`],
  ['field_deny', fill('AbC1dEf2%2B', 44) + '%3D', (v) => `https://a1.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&s${'ig'}=${v}&se=2026-01-01`],
  ['private_key', '-----BEGIN EC PRIVATE ' + 'KEY-----\\nMHcCAQEEIBkg\\n-----END EC PRIVATE KEY-----', (v) => `key material: ${v}\\n`],
  ['field_deny', '-----BEGIN PRIVATE ' + 'KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n', (v) => `{"type": "service_account", "private_key_id": "${fill(HEX, 40)}", "private_key": "${v}"}`],
  ['pem_block', '-----BEGIN PGP MESSAGE-----\nhQEMA1234\n-----END PGP MESSAGE-----', (v) => `body ${v}`],
  ['card', '4111.1111' + '.1111.1111', (v) => `card ${v} exp`],
  ['card', '5555-5555 5555' + '.4444', (v) => `pan=${v};`],
  ['card', '4111 1111-1111.1111', (v) => `x ${v} y`],
  ['email', '"john smith"' + '@example.com', (v) => `from ${v} to x`],
  ['email', 'jos\u00e9' + '@b\u00fccher.example', (v) => `from ${v} to x`],
  ['arn_user', 'JohnDoe', (v) => `arn:aws:iam::123456789012:user/${v}`],
  ['ipv6', '2600:1f14:abc:de00:1234:5678:9abc:def0', (v) => `REJECT tcp ${v}:443 -> 10.0.0.1:22`],
];

/** Values that look a little like credentials and must stay readable. */
const MUST_KEEP: Array<[string, string]> = [
  ['a request id', 'req-7f3c2a1b-0d4e-4f5a-9b8c-1a2b3c4d5e6f'],
  ['a UUID', GUID],
  ['a UUID after the word splunk without a token context', `splunk-forwarder-7 ready`],
  ['a git SHA', 'e83c5163316f89bfbde7d9ab23ca2e25604af290'],
  ['a SHA-256 digest', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ['a role ARN', 'arn:aws:iam::123456789012:role/Admin'],
  ['an assumed-role ARN', 'arn:aws:sts::123456789012:assumed-role/Admin/i-0abc123def456'],
  ['a Lambda ARN', 'arn:aws:lambda:us-east-1:123456789012:function:my-fn'],
  ['an S3 key', 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/01/123456789012_CloudTrail_us-east-1_20240101T0000Z_abc.json.gz'],
  ['an Azure resource id', `/subscriptions/${GUID}/resourceGroups/rg1/providers/Microsoft.Web/sites/app1`],
  ['a pod name', 'api-7d9f8b6c5d-x2x9z'],
  ['a user agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'],
  ['an SDK user agent', 'aws-sdk-js/3.300.0 ua/2.0 os/linux#5.10 lang/js md/nodejs#20.20.2'],
  ['a version', 'v2.31.4'],
  ['a prerelease version', '1.2.3-beta.4'],
  ['a dotted build number', '2024.1101.1234.5'],
  ['a sort flag', 'sort -u names.txt'],
  ['a plain word after key-', 'key-rotation scheduled'],
  ['a short ghp_ look-alike', 'gh' + 'p_short'],
  ['a low-entropy token look-alike', 'gh' + 'p_' + 'x'.repeat(36)],
  ['a datadog word with a short hex id', 'datadog agent 0a1b2c3d started'],
  ['an eni id', 'eni-0a1b2c3d4e5f60718'],
  ['an epoch in ms', '1732531200000'],
  ['the numbers of a VPC flow line', '2 123456789012 eni-0a1b2c3d 443 49152 6 40 61544 1795252440 1795252500 ACCEPT OK'],
];

const redactor = createRedactor(policyFromConfig(), 'test-key');

describe('the credential rule table', () => {
  it.each(MUST_REDACT.map(([rule, value, wrap], i) => [`${rule} #${i}`, rule, value, wrap(value)] as const))('redacts %s', (_name, rule, value, text) => {
    const plain = redactor.redactText(text);
    expect(plain.value).not.toContain(value);
    expect(Object.keys(plain.counts)).toContain(rule);
    // The same text as a JSON string value (escaped) and inside a parsed object.
    const json = redactor.redactText(JSON.stringify({ message: text })).value;
    expect(json).not.toContain(JSON.stringify(value).slice(1, -1));
    expect(JSON.stringify(redactor.redactValue({ message: text }).value)).not.toContain(JSON.stringify(value).slice(1, -1));
  });

  it.each(MUST_KEEP)('keeps %s readable', (_name, value) => {
    expect(scanText(`x ${value} y`)).toEqual([]);
    expect(redactor.redactValue({ detail: value }).value).toEqual({ detail: value });
  });

  it('has a must-redact case for every rule id in the table', () => {
    const covered = new Set(MUST_REDACT.map(([rule]) => rule));
    expect(CREDENTIAL_RULE_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('hashes the user name of an IAM user ARN like the userName field, and leaves role ARNs', () => {
    const { value } = redactor.redactValue({ arn: 'arn:aws:iam::123456789012:user/ops/JohnDoe', role: 'arn:aws:iam::123456789012:role/ops/Deploy', userName: 'ops/JohnDoe' });
    expect(value.arn).toMatch(/^arn:aws:iam::123456789012:user\/\[HASH:arn_user:([0-9a-f]{16})\]$/);
    expect(value.role).toBe('arn:aws:iam::123456789012:role/ops/Deploy');
    expect(value.arn.slice(-17, -1)).toBe(value.userName.slice(-17, -1));
  });
});
