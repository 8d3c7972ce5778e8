import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAwsSecretKeys } from '../../../../shared/redact/detect-credentials.js';
import { createKeyValueFinder } from '../../../../shared/redact/detect-key-values.js';
import { findIPv4 } from '../../../../shared/redact/detect-network.js';
import type { TextMatch } from '../../../../shared/redact/match.js';
import { policyFromConfig } from '../../../../shared/redact/policy.js';
import type { RedactionAction } from '../../../../shared/redact/types.js';
import { createScanner } from '../../../../shared/redact/scanner.js';
import { findAwsSecretKeys as oldAwsSecretKeys } from './oracle/detect-credentials.js';
import { createKeyValueFinder as oldKeyValueFinder } from './oracle/detect-key-values.js';
import { findIPv4 as oldIPv4 } from './oracle/detect-network.js';
import { createScanner as oldScanner } from './oracle/scanner.js';

/** The faster scanner must find exactly what the previous one (the oracle) found. */

const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const edge = fc.constantFrom('', '=', '/', ' ', '-');
const blanks = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 6 }).map((b) => b.join(''));
const fragment = fc.oneof(
  // Emails, IPs and near misses.
  fc.constantFrom('ana@example.com', 'User%40Example.org', 'a@b', 'x.@y.co', 'http://u:p@h.io/x'),
  fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 3, maxLength: 6 }).map((o) => o.join('.')),
  fc.constantFrom('1234.5.6.7', 'Chrome/124.0.0.0', 'http://10.0.0.1/', '1.2.3.4.5', '01.002.3.4', 'v1.2.3.4', '_1.2.3.4', '.1.2.3.4', '::ffff:10.0.0.1', 'fe80::1%eth0'),
  // AWS keys and 40-character base64 tokens next to `secret` (or not), with and without `=`.
  fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.stringMatching(/^[A-Z0-9]{15,17}$/)).map(([p, r]) => p + r),
  fc.tuple(fc.integer({ min: 38, max: 42 }), edge, edge).chain(([n, before, after]) =>
    fc.array(fc.constantFrom(...b64.split('')), { minLength: n, maxLength: n }).map((cs) => `${before}${cs.join('')}${after}`),
  ),
  fc.constantFrom('secret', 'SeCrEt', 'aws_secret_access_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'),
  // JWTs, cards, private keys, auth schemes.
  fc.constantFrom('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_part-x', 'eyJ', '4111 1111 1111 1111', '4111111111111111', '-----BEGIN PRIVATE \u004BEY-----\nAAA\n-----END PRIVATE KEY-----'),
  fc.constantFrom('Bearer abcdefghijklmnop1234', 'Basic dXNlcjpwYXNz', 'Authorization: Basic x'),
  // Key names in every spelling, quoted, escaped, blanks, separators, markers.
  fc.constantFrom('password', 'PassWord', 'pass-word', 'db_password', 'pwd', 'user_name', 'user__name', 'user-name', 'UserName', 'x-api-key', 'X_API_KEY', 'apikey', 'token', 'access_token', 'email', 'upn', 'caller', 'actor', 'user', 'xuser', 'secret_key', 'set-cookie', 'cookie', 'authorization', 'client_secret', 'name', 'key2', 'sessionid', 'one-two-three-four-five-six'),
  fc.constantFrom(':', '=', ': ', ' = ', '\t:\t', '    :', '     :', '":"', "':'", '\\":\\"', '\\"', '"', "'", ':=', '==', '::', ' ', '&', ',', ';', '\n'),
  fc.tuple(blanks, fc.constantFrom(':', '='), blanks).map(([a, sep, b]) => a + sep + b),
  fc.constantFrom('[HASH:email:0123456789abcdef]', '[REDACTED:password]', '[HASH:', 'null', '{', '['),
  // Characters that fold to ASCII letters under some case rules, and random text.
  fc.constantFrom('ſ', 'K', 'İ', 'ı', 'é', 'Ä'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.stringMatching(/^[a-zA-Z0-9_-]{1,12}$/),
);
const text = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(''));

const fieldPool = ['api_key', 'userName', 'X-Api-Key', 'token2', 'sessionId', 'a', 'ab', 'user', 'client-secret-value', 'one_two_three_four_five_six', 'key2'];
const action = fc.constantFrom<RedactionAction>('remove', 'hash', 'keep');
const policy = fc
  .record({
    deny_fields: fc.subarray(fieldPool),
    allow_fields: fc.subarray(fieldPool),
    hash_fields: fc.subarray(fieldPool),
    detectors: fc.record({ password: action, aws_secret_key: action, ipv4: action, email: action, authorization: action }, { requiredKeys: [] }),
  })
  .map((cfg) => policyFromConfig(cfg));

const find = (fn: (t: string, out: TextMatch[]) => void, t: string): TextMatch[] => {
  const out: TextMatch[] = [];
  fn(t, out);
  return out;
};

describe('the scanner against the previous implementation', () => {
  // The whole scanner no longer equals the oracle's: issue 10 added the credential rule table, PEM
  // blocks of every kind, cards with dots and mixed separators, quoted and IDN emails and text-only
  // deny names. The rewritten detectors are still checked one by one against their frozen copies.

  it('finds the same key/value pairs, IPv4 addresses and AWS secrets detector by detector', () => {
    fc.assert(
      fc.property(policy, text, (p, t) => {
        const options = { ...p, enabled: (rule: string) => p.detectors[rule] !== 'keep' };
        expect(find(createKeyValueFinder(options), t)).toEqual(find(oldKeyValueFinder(options), t));
        expect(find(findIPv4, t)).toEqual(find(oldIPv4, t));
        expect(find(findAwsSecretKeys, t)).toEqual(find(oldAwsSecretKeys, t));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the same IPv4 addresses in dense runs of digits, dots and separators', () => {
    const piece = fc.oneof(fc.stringMatching(/^[0-9]{1,4}$/), fc.constantFrom('.', '.', '.', '/', '//', 'a', '_', ' ', ':', '%'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const t = parts.join('');
        expect(find(findIPv4, t)).toEqual(find(oldIPv4, t));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the same AWS secrets among base64 runs of every length near anchors', () => {
    const run = fc.array(fc.constantFrom(...b64.split('')), { minLength: 36, maxLength: 44 }).map((cs) => cs.join(''));
    const piece = fc.oneof(run, run, edge, fc.constantFrom('secret ', 'SECRET=', 'AKIA\u0041BCDEFGHIJKLMNOP ', 'x'.repeat(150), '=', '\n'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
        const t = parts.join('');
        expect(find(findAwsSecretKeys, t)).toEqual(find(oldAwsSecretKeys, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same key/value pairs where names, quotes, blanks and separators run together', () => {
    const name = fc.constantFrom('password', 'PASS_word', 'db-password', 'client_secret', 'secret', 'access_token', 'token', 'user', 'xuser', 'user_name', 'user__name', 'UserName', 'x-api-key', 'api_key', 'key2', 'a', 'ab', 'upn', 'caller', 'aws_secret_access_key', 'ſecret', 'authoriKation');
    const glue = fc.tuple(fc.constantFrom('', '"', "'", '\\"', '\\'), blanks, fc.constantFrom(':', '=', ':', '-', '', '[HASH:', '[REDACTED:'), blanks, fc.constantFrom('', '"', "'", '\\"'));
    const value = fc.oneof(fc.stringMatching(/^[A-Za-z0-9/+]{0,42}$/), fc.constantFrom('null', '[REDACTED:x]', '{', 'a b&c=d', 'x,y;z', '\n'), fc.string({ maxLength: 8 }));
    const piece = fc.tuple(name, glue, value).map(([n, g, v]) => n + g.join('') + v);
    fc.assert(
      fc.property(policy, fc.array(piece, { minLength: 1, maxLength: 6 }), (p, parts) => {
        const t = parts.join('');
        const options = { ...p, enabled: (rule: string) => p.detectors[rule] !== 'keep' };
        expect(find(createKeyValueFinder(options), t)).toEqual(find(oldKeyValueFinder(options), t));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['dense key spellings', 'user_name=a pass-word: b \\"token\\":\\"c\\" xuser=d X-Api-Key:\te UserName  = f'],
    ['a name that ends with another name', 'client_secret=abc access_token: xyz db_password=p'],
    ['runs of digits and dots', '1234.5.6.7 1.2.3.4.5 9.9.9.9 255.255.255.256 10.0.0.1:80 .1.2.3.4 Chrome/1.2.3.4'],
    ['base64 runs near secret', `secret ${'Ab1/'.repeat(10)} secret =${'Ab1/'.repeat(10)} AKIA\u0041BCDEFGHIJKLMNOP ${'aB9+'.repeat(10)}`],
  ])('agrees on %s', (_, t) => {
    const p = policyFromConfig({ hash_fields: ['user_name'], deny_fields: ['x-api-key'] });
    expect(createScanner(p).scan(t)).toEqual(oldScanner(p).scan(t));
    expect(createScanner(p).scan(t).length).toBeGreaterThan(0);
  });
});
