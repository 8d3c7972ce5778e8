import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../shared/errors.js';
import { createRedactor, MAX_REDACT_DEPTH, policyFromConfig } from '../../../../shared/redact/index.js';
import { deepFreeze } from './deep-freeze.js';

const KEY = 'test-hmac-key';
const redactor = createRedactor(policyFromConfig({}), KEY);

function hex(value: string, key = KEY): string {
  return createHmac('sha256', key).update(value).digest('hex').slice(0, 16);
}

/** A CloudTrail ConsoleLogin record as it arrives in a CloudWatch Logs subscription. */
const consoleLogin = {
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAJ45Q7YFFAREXAMPLE', arn: 'arn:aws:iam::123456789012:user/Alice', accountId: '123456789012', userName: 'Alice' },
  eventTime: '2024-05-01T12:00:00Z',
  eventSource: 'signin.example.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.5',
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { LoginTo: 'https://console.example.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes' },
  eventID: '3fcfb1f6-4a8c-4bd4-9c5d-100000000003',
};

describe('createRedactor', () => {
  describe('redactValue', () => {
    it('hashes user names and addresses, keeps everything else of a CloudTrail record', () => {
      const { value, counts } = redactor.redactValue(deepFreeze(structuredClone(consoleLogin)));
      expect(value).toEqual({
        ...consoleLogin,
        userIdentity: {
          ...consoleLogin.userIdentity,
          // The user name inside the IAM user ARN gets the same keyed hash as the userName field.
          arn: `arn:aws:iam::123456789012:user/[HASH:arn_user:${hex('Alice')}]`,
          userName: `[HASH:field_hash:${hex('Alice')}]`,
        },
        sourceIPAddress: `[HASH:ipv4:${hex('203.0.113.5')}]`,
      });
      expect(counts).toEqual({ field_hash: 1, ipv4: 1, arn_user: 1 });
    });

    it('keeps ordinary keys and never mutates its (frozen) input', () => {
      const input = deepFreeze({ 'Set-Cookie': ['a=1'], nested: { email: 'x@example.com', list: [{ password: 'p' }] } });
      const before = JSON.stringify(input);
      const { value } = redactor.redactValue(input);
      expect(JSON.stringify(input)).toBe(before);
      expect(Object.keys(value)).toEqual(['Set-Cookie', 'nested']);
      expect(value).not.toBe(input);
      expect(value.nested).not.toBe(input.nested);
    });

    it.each([
      ['password', 'hunter2'],
      ['Authorization', 'Basic dXNlcjpwYXNz'],
      ['set-cookie', ['a=1', 'b=2']],
      ['SET_COOKIE', 'a=1'],
      ['x-api-key', 'k-1_2'],
      ['X_API_KEY', 'k-1_2'],
      ['clientSecret', 'abc'],
      ['dbPassword', 'abc'],
      ['sessionToken', 'IQoJb3JpZ2luX2VjEMz'],
      ['private_key', { kty: 'RSA', d: 'x' }],
      ['api_key', 12345],
      ['secret', true],
    ])('removes the whole value of deny field %s', (field, fieldValue) => {
      const { value, counts } = redactor.redactValue(deepFreeze({ [field]: fieldValue, other: 'kept' }));
      expect(value).toEqual({ [field]: '[REDACTED:field_deny]', other: 'kept' });
      expect(counts).toEqual({ field_deny: 1 });
    });

    it('keeps null in a deny field (nothing to hide)', () => {
      expect(redactor.redactValue({ password: null }).value).toEqual({ password: null });
    });

    it.each(['user', 'username', 'user_name', 'userName', 'userPrincipalName', 'principalEmail', 'caller', 'endUser'])(
      'hashes hash field %s with a keyed hash that correlates across events',
      (field) => {
        const a = redactor.redactValue({ [field]: 'alice' });
        const b = redactor.redactValue({ nested: { [field]: 'alice' } });
        expect(a.value).toEqual({ [field]: `[HASH:field_hash:${hex('alice')}]` });
        expect(b.value).toEqual({ nested: { [field]: `[HASH:field_hash:${hex('alice')}]` } });
        expect(a.counts).toEqual({ field_hash: 1 });
      },
    );

    it('hashes the same email to the same value in a field and in free text, whatever the case or encoding', () => {
      const { value } = redactor.redactValue({ principalEmail: 'Alice@Example.com', text: 'sent to alice@example.com and alice%40example.com' });
      const h = hex('alice@example.com');
      expect(value).toEqual({ principalEmail: `[HASH:field_hash:${h}]`, text: `sent to [HASH:email:${h}] and [HASH:email:${h}]` });
    });

    it('gives a different hash under a different key', () => {
      const other = createRedactor(policyFromConfig({}), 'another-key');
      const a = redactor.redactText('from 10.0.0.1').value;
      const b = other.redactText('from 10.0.0.1').value;
      expect(a).not.toBe(b);
      expect(b).toBe(`from [HASH:ipv4:${hex('10.0.0.1', 'another-key')}]`);
    });

    it('accepts the key as bytes', () => {
      const bytes = createRedactor(policyFromConfig({}), new TextEncoder().encode(KEY));
      expect(bytes.redactText('from 10.0.0.1').value).toBe(redactor.redactText('from 10.0.0.1').value);
    });

    it('refuses an empty key', () => {
      expect(() => createRedactor(policyFromConfig({}), '')).toThrow(ConfigError);
    });

    it('keeps an allowlisted field in clear, detectors included', () => {
      const r = createRedactor(policyFromConfig({ allow_fields: ['user', 'client_ip', 'debug'] }), KEY);
      const { value, counts } = r.redactValue(
        deepFreeze({ user: 'alice', client_ip: '10.0.0.1', debug: { note: 'mail a@example.com', password: 'p' }, peer: '10.0.0.2' }),
      );
      expect(value).toEqual({
        user: 'alice',
        client_ip: '10.0.0.1',
        debug: { note: 'mail a@example.com', password: '[REDACTED:field_deny]' },
        peer: `[HASH:ipv4:${hex('10.0.0.2')}]`,
      });
      expect(counts).toEqual({ field_deny: 1, ipv4: 1 });
    });

    it('applies a configured deny field at any depth, in arrays too', () => {
      const r = createRedactor(policyFromConfig({ deny_fields: ['ssn'] }), KEY);
      const { value, counts } = r.redactValue(deepFreeze({ people: [{ ssn: '123-45-6789', name: 'A' }, { ssn: '987-65-4321' }] }));
      expect(value).toEqual({ people: [{ ssn: '[REDACTED:field_deny]', name: 'A' }, { ssn: '[REDACTED:field_deny]' }] });
      expect(counts).toEqual({ field_deny: 2 });
    });

    it('lets a name/value pair be decided by its name (Kubernetes env, WAF headers)', () => {
      const { value } = redactor.redactValue(
        deepFreeze({
          env: [
            { name: 'DB_PASSWORD', value: 'p4ss' },
            { name: 'LOG_LEVEL', value: 'info' },
          ],
          headers: [{ name: 'authorization', value: 'Basic dXNlcjpwYXNz' }, { name: 'user', value: 'bob' }],
        }),
      );
      expect(value).toEqual({
        env: [
          { name: 'DB_PASSWORD', value: '[REDACTED:field_deny]' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
        headers: [{ name: 'authorization', value: '[REDACTED:field_deny]' }, { name: 'user', value: `[HASH:field_hash:${hex('bob')}]` }],
      });
    });

    it('redacts nested arrays and objects and counts every rule', () => {
      const input = deepFreeze({
        title: 'Failed login for bob@example.com',
        attributes: {
          peers: ['10.0.0.1', '2001:db8::1', 'localhost'],
          request: { headers: { authorization: 'Bearer abc.def.ghi' }, body: '{"password":"hunter2","card":"4111111111111111"}' },
          tokens: [['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl']],
        },
      });
      const { value, counts } = redactor.redactValue(input);
      expect(value.attributes.peers).toEqual([`[HASH:ipv4:${hex('10.0.0.1')}]`, `[HASH:ipv6:${hex('2001:db8::1')}]`, 'localhost']);
      expect(value.attributes.request).toEqual({
        headers: { authorization: '[REDACTED:field_deny]' },
        body: '{"password":"[REDACTED:password]","card":"[REDACTED:card]"}',
      });
      expect(value.attributes.tokens).toEqual([['[REDACTED:jwt]']]);
      expect(counts).toEqual({ email: 1, ipv4: 1, ipv6: 1, field_deny: 1, password: 1, card: 1, jwt: 1 });
    });

    it('removes a card number stored as a JSON number', () => {
      expect(redactor.redactValue({ pan: 4111111111111111, amount: 1716812345678 }).value).toEqual({ pan: '[REDACTED:card]', amount: 1716812345678 });
    });

    it('hashes numeric ids in a hash field and leaves other scalars alone', () => {
      const { value } = redactor.redactValue({ user_id: 42, ok: true, n: null, ratio: 0.5 });
      expect(value).toEqual({ user_id: `[HASH:field_hash:${hex('42')}]`, ok: true, n: null, ratio: 0.5 });
    });

    it('keeps a __proto__ key as data without touching any prototype', () => {
      const input = deepFreeze(JSON.parse('{"__proto__":{"polluted":"yes","password":"p"},"a":1}') as Record<string, unknown>);
      const { value } = redactor.redactValue(input);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.keys(value)).toEqual(['__proto__', 'a']);
      expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":"yes","password":"[REDACTED:field_deny]"},"a":1}');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it(`replaces a subtree deeper than ${MAX_REDACT_DEPTH} levels`, () => {
      let deep: unknown = { password: 'p' };
      for (let i = 0; i < MAX_REDACT_DEPTH + 10; i++) deep = { d: deep };
      const { value, counts } = redactor.redactValue(deep);
      let node = value as { d: unknown };
      for (let i = 0; i < MAX_REDACT_DEPTH; i++) node = node.d as { d: unknown };
      expect(node).toBe('[REDACTED:depth]');
      expect(counts).toEqual({ depth: 1 });
    });

    it('stops at a cycle instead of recursing', () => {
      const a: Record<string, unknown> = { x: 1 };
      a.self = a;
      a.again = a;
      expect(redactor.redactValue(a).value).toEqual({ x: 1, self: '[REDACTED:cycle]', again: '[REDACTED:cycle]' });
    });

    it('serialises dates the way JSON does before scanning', () => {
      expect(redactor.redactValue({ at: new Date('2024-05-01T00:00:00Z') }).value).toEqual({ at: '2024-05-01T00:00:00.000Z' });
    });
  });

  describe('redactText', () => {
    it('returns the same string instance when nothing matches', () => {
      for (const s of ['ConsoleLogin', 'us-east-1', 'Mozilla/5.0 Chrome/124.0.0.0', '2024-05-01T12:00:00Z']) {
        const { value, counts } = redactor.redactText(s);
        expect(value).toBe(s);
        expect(counts).toEqual({});
      }
    });

    it('redacts a quarantined Lambda log line', () => {
      const line = '2024-05-01T12:00:00.000Z\tc0ffee00-1111-2222-3333-444455556666\tERROR\tlogin failed for carol@example.com password=Tr0ub4dor&3 from 192.0.2.10';
      const { value, counts } = redactor.redactText(line);
      expect(value).toBe(
        `2024-05-01T12:00:00.000Z\tc0ffee00-1111-2222-3333-444455556666\tERROR\tlogin failed for [HASH:email:${hex('carol@example.com')}] password=[REDACTED:password] from [HASH:ipv4:${hex('192.0.2.10')}]`,
      );
      expect(counts).toEqual({ email: 1, password: 1, ipv4: 1 });
    });

    it('truncates after detection with a marker, within max_string_length', () => {
      const r = createRedactor(policyFromConfig({ max_string_length: 64 }), KEY);
      const { value, counts } = r.redactText(`token=${'x'.repeat(10)} ${'a'.repeat(200)}`);
      const redacted = `token=[REDACTED:field_deny] ${'a'.repeat(200)}`;
      const kept = value.indexOf('…');
      expect(value).toBe(`${redacted.slice(0, kept)}…[TRUNCATED ${redacted.length - kept} chars]`);
      expect(value).toHaveLength(64);
      expect(counts).toEqual({ field_deny: 1, truncated: 1 });
      expect(r.redactText(value)).toEqual({ value, counts: {} });
    });

    it('does not split a surrogate pair when truncating', () => {
      const r = createRedactor(policyFromConfig({ max_string_length: 64 }), KEY);
      const { value } = r.redactText('😀'.repeat(100));
      expect(value).toMatch(/^(?:😀)+…\[TRUNCATED \d+ chars\]$/u);
    });

    it('is idempotent on its own output', () => {
      const once = redactor.redactText('mail a@example.com, 10.0.0.1, AKIA\u0049OSFODNN7EXAMPLE, user=bob, card 4111111111111111').value;
      expect(redactor.redactText(once)).toEqual({ value: once, counts: {} });
    });
  });

  it('honours per-detector actions from the policy', () => {
    const r = createRedactor(policyFromConfig({ detectors: { email: 'remove', ipv4: 'keep', card: 'hash' } }), KEY);
    expect(r.redactText('a@example.com 10.0.0.1 4111111111111111').value).toBe(`[REDACTED:email] 10.0.0.1 [HASH:card:${hex('4111111111111111')}]`);
  });
});
