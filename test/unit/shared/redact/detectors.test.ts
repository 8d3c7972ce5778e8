import { describe, expect, it } from 'vitest';
import { scanText } from '../../../../shared/redact/index.js';

/** `rule:matched text` for every span the detectors report. */
function found(text: string): string[] {
  return scanText(text).map((m) => `${m.rule}:${text.slice(m.start, m.end)}`);
}

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('the detectors', () => {
  it.each([
    // emails
    ['an email in a log line', 'login by alice@example.com from console', ['email:alice@example.com']],
    ['a URL-encoded email in a path', 'GET /users/user%40example.com/profile HTTP/1.1', ['email:user%40example.com']],
    ['a URL-encoded email in a query', '/reset?email=bob.smith%40corp.example.org&x=1', ['email:bob.smith%40corp.example.org']],
    ['an email in a header with a plus tag', 'Reply-To: "Ops" <ops+alerts@sub.example.net>', ['email:ops+alerts@sub.example.net']],
    ['an email before a sentence dot', 'contact admin@example.org.', ['email:admin@example.org']],
    // IPv4
    ['an IPv4 address in sshd output', 'Accepted publickey for ec2-user from 203.0.113.42 port 52214 ssh2', ['ipv4:203.0.113.42']],
    ['an IPv4 host in a URL', 'GET http://10.0.0.1:8080/health', ['ipv4:10.0.0.1']],
    ['a forwarded-for list', 'X-Forwarded-For: 198.51.100.7, 10.1.2.3', ['ipv4:198.51.100.7', 'ipv4:10.1.2.3']],
    [
      'a VPC flow log record',
      '2 123456789012 eni-0a1b2c3d 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
      ['ipv4:172.31.16.139', 'ipv4:172.31.16.21'],
    ],
    // IPv6
    ['the IPv6 loopback', 'ping ::1 ok', ['ipv6:::1']],
    ['a link-local address with a zone', 'listen fe80::1%eth0 up', ['ipv6:fe80::1%eth0']],
    ['a compressed IPv6 address', 'client 2001:db8::8a2e:370:7334 connected', ['ipv6:2001:db8::8a2e:370:7334']],
    ['a full IPv6 address before a dot', 'addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334.', ['ipv6:2001:0db8:85a3:0000:0000:8a2e:0370:7334']],
    ['an IPv4-mapped IPv6 address', 'mapped ::ffff:192.0.2.128 x', ['ipv6:::ffff:192.0.2.128']],
    ['a bracketed IPv6 host in a URL', 'GET http://[2001:db8::1]:443/', ['ipv6:2001:db8::1']],
    // tokens and keys
    ['a JWT', `token ${JWT} ok`, [`jwt:${JWT}`]],
    ['a JWT after an escaped newline in raw JSON text', `"msg":"x\\n${JWT}"`, [`jwt:${JWT}`]],
    ['a bearer token', 'sent Bearer 8f14e45fceea167a5a36dedd4bea2543 upstream', ['bearer:8f14e45fceea167a5a36dedd4bea2543']],
    ['an Authorization header with a bearer JWT', `Authorization: Bearer ${JWT}\r\nHost: api`, [`authorization:Bearer ${JWT}`]],
    ['an Authorization header with Basic credentials', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', ['authorization:Basic dXNlcjpwYXNzd29yZA==']],
    ['an Authorization value in a JSON body', '{"Authorization":"token gh\u0070_16C7e42F292c6912E7710c838347Ae178B4a"}', ['authorization:token gh\u0070_16C7e42F292c6912E7710c838347Ae178B4a']],
    ['Basic credentials outside a header', 'proxy sent Basic YWRtaW46czNjcjN0 upstream', ['authorization:YWRtaW46czNjcjN0']],
    ['an AWS access key id', 'AccessKeyId=AKIA\u0049OSFODNN7EXAMPLE', ['aws_access_key_id:AKIA\u0049OSFODNN7EXAMPLE']],
    ['an AWS session key id in JSON', '"accessKeyId": "ASIAY34FZKBOKMUTVV7A"', ['aws_access_key_id:ASIAY34FZKBOKMUTVV7A']],
    ['an AWS secret key in a credentials file', `aws_secret_access_key = ${AWS_SECRET}`, [`aws_secret_key:${AWS_SECRET}`]],
    ['an AWS secret key in JSON', `"SecretAccessKey": "${AWS_SECRET}"`, [`aws_secret_key:${AWS_SECRET}`]],
    ['an AWS key pair in CSV', `AKIA\u0049OSFODNN7EXAMPLE,${AWS_SECRET}`, ['aws_access_key_id:AKIA\u0049OSFODNN7EXAMPLE', `aws_secret_key:${AWS_SECRET}`]],
    [
      'a private key block',
      'key:\n-----BEGIN OPENSSH PRIVATE \u004BEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\ndone',
      ['private_key:-----BEGIN OPENSSH PRIVATE \u004BEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----'],
    ],
    ['a certificate (PEM blocks of every kind)', 'c -----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK\n-----END CERTIFICATE----- d', ['pem_block:-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK\n-----END CERTIFICATE-----']],
    ['a private key cut off before its END line', 'x -----BEGIN RSA PRIVATE \u004BEY-----\nMIIEvQIBADANBg', ['private_key:-----BEGIN RSA PRIVATE \u004BEY-----\nMIIEvQIBADANBg']],
    // passwords and deny-listed keys in text
    ['password=…', 'login failed password=hunter2 next', ['password:hunter2']],
    ['pwd: …', 'pwd: s3cret! user', ['password:s3cret!']],
    ['a JSON password with - and _ in it', '{"password":"p@ss-w_rd"}', ['password:p@ss-w_rd']],
    ['a JSON-escaped password', '{\\"password\\":\\"hunter2\\"}', ['password:hunter2']],
    ['an environment variable', 'DB_PASSWORD=abc-def_ghi', ['password:abc-def_ghi']],
    ['URL credentials', 'postgres://app:S3cr3t@db:5432/x', ['password:S3cr3t']],
    ['an API key in a query string, whole', 'GET /v1?api_key=abc-def_ghi&page=2', ['field_deny:abc-def_ghi']],
    ['an API key header', 'X-Api-Key: k_live-123', ['field_deny:k_live-123']],
    ['a cookie header, to the end of the line', 'Cookie: theme=dark; session=abc\r\nHost: x', ['field_deny:theme=dark; session=abc']],
    ['a user name assignment', 'user=bob action=login', ['field_hash:bob']],
    // cards
    ['a card with spaces', 'card 4111 1111 1111 1111 exp 12/25', ['card:4111 1111 1111 1111']],
    ['a card with dashes', 'cc=5555-5555-5555-4444;', ['card:5555-5555-5555-4444']],
    ['a 15-digit Amex number', 'amex 378282246310005', ['card:378282246310005']],
    ['a card followed by another number', 'paid 4111 1111 1111 1111 2 items', ['card:4111 1111 1111 1111']],
  ])('finds %s', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['a Chrome user agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'],
    [
      'a Safari user agent',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
    ],
    ['an AWS CLI user agent', 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.amzn.2 prompt/off'],
    ['a five-part version', 'version 1.2.3.4.5'],
    ['a version prefixed with a letter', 'build v10.0.0.1'],
    ['a dotted quad with an octet above 255', 'bad 999.1.1.1'],
    ['a three-part address', 'net 10.0.0'],
    ['an EC2 host name', 'host ip-10-0-0-1.ec2.internal'],
    ['an RFC 3339 timestamp', '2024-05-01T12:34:56.789Z'],
    ['clock times', 'between 12:30:45 and 10:00'],
    ['a MAC address', 'mac 00:1a:2b:3c:4d:5e'],
    ['C++ scope syntax', 'std::vector<int>'],
    ['an IAM role ARN', 'arn:aws:iam::123456789012:role/Admin'],
    ['a digest', 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a UUID', 'request 3fcfb1f6-4a8c-4bd4-9c5d-100000000003'],
    ['a card number that fails Luhn', 'card 4111 1111 1111 1112'],
    ['epoch milliseconds', 'ts 1716812345678'],
    ['a numeric id starting with 1', 'id 1234567890123456'],
    ['a phone number', 'phone +1 415 555 0100'],
    ['"bearer" in prose', 'Bearer token required; bearer authentication failed'],
    ['"basic" in prose', 'basic auth disabled for /healthz'],
    ['a base64 fragment without dots', 'eyJhbGciOiJIUzI1NiJ9'],
    ['an address without a top-level domain', 'mail user@localhost'],
    ['a social handle in a URL', 'https://example.com/@handle'],
    ['an OAuth scope', 'scope user:email repo'],
    ['a git SHA near the word secret', 'secret rotated in commit 0123456789abcdef0123456789abcdef01234567'],
    ['password words that are not assignments', 'passwordless login enabled; PasswordLastUsed: 2024-05-01; password_policy: strict'],
    ['an AWS key id inside a longer token', 'AKIA\u0049OSFODNN7EXAMPLEX'],
    ['our own markers', 'user=[HASH:field_hash:0123456789abcdef] card [HASH:card:4111111111111111] [REDACTED:password]'],
  ])('leaves %s alone', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports offsets into the original text, sorted and without overlaps', () => {
    const text = 'a@example.com 10.0.0.1 password=x';
    const matches = scanText(text);
    expect(matches.map((m) => [m.rule, m.start, m.end, m.action])).toEqual([
      ['email', 0, 13, 'hash'],
      ['ipv4', 14, 22, 'hash'],
      ['password', 32, 33, 'remove'],
    ]);
  });

  it('merges overlapping matches into one span named by the outermost, removal winning over hashing', () => {
    const text = `user=${JWT}`;
    expect(scanText(text).map((m) => [m.rule, m.action, text.slice(m.start, m.end)])).toEqual([['jwt', 'remove', JWT]]);
  });

  it('skips a detector whose action is keep', () => {
    expect(found('mail a@example.com from 10.0.0.1')).toHaveLength(2);
    expect(scanText('mail a@example.com from 10.0.0.1', { detectors: { email: 'keep' } }).map((m) => m.rule)).toEqual(['ipv4']);
    expect(scanText('proxy sent Basic YWRtaW46czNjcjN0 upstream', { detectors: { authorization: 'keep' } })).toEqual([]);
  });
});
