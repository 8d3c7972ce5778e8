import { describe, expect, it } from 'vitest';
import { BridgeConfigSchema } from '../../../../shared/config/schema.js';
import { ConfigError } from '../../../../shared/errors.js';
import {
  createRedactor,
  DEFAULT_DENY_FIELDS,
  DEFAULT_DETECTOR_ACTIONS,
  DEFAULT_HASH_FIELDS,
  policyFromConfig,
} from '../../../../shared/redact/index.js';

describe('policyFromConfig', () => {
  it('builds the safe default policy from an empty redaction section', () => {
    const policy = policyFromConfig(BridgeConfigSchema.parse({}).redaction);
    expect(policy.allowFields).toEqual([]);
    expect(policy.denyFields).toEqual([...DEFAULT_DENY_FIELDS]);
    expect(policy.hashFields).toEqual([...DEFAULT_HASH_FIELDS]);
    expect(policy.maxStringLength).toBe(8192);
    expect(policy.detectors).toEqual(DEFAULT_DETECTOR_ACTIONS);
  });

  it('removes secrets, tokens, keys, passwords and cards, and hashes emails and addresses by default', () => {
    expect(DEFAULT_DETECTOR_ACTIONS).toMatchObject({
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
    });
    expect(DEFAULT_DETECTOR_ACTIONS.arn_user).toBe('hash');
    for (const [rule, action] of Object.entries(DEFAULT_DETECTOR_ACTIONS)) {
      if (!['email', 'ipv4', 'ipv6', 'arn_user'].includes(rule)) expect([rule, action]).toEqual([rule, 'remove']);
    }
  });

  it('denies and hashes the documented field names by default', () => {
    expect(DEFAULT_DENY_FIELDS).toEqual(
      expect.arrayContaining([
        'password',
        'passwd',
        'secret',
        'token',
        'api_key',
        'apikey',
        'authorization',
        'cookie',
        'set-cookie',
        'x-api-key',
        'client_secret',
        'private_key',
        'access_token',
        'refresh_token',
      ]),
    );
    expect(DEFAULT_HASH_FIELDS).toEqual(expect.arrayContaining(['user', 'username', 'user_name', 'userPrincipalName', 'principalEmail', 'caller']));
    expect(Object.isFrozen(DEFAULT_DENY_FIELDS) && Object.isFrozen(DEFAULT_HASH_FIELDS) && Object.isFrozen(DEFAULT_DETECTOR_ACTIONS)).toBe(true);
  });

  it('adds configured deny and hash fields to the defaults, once each', () => {
    const policy = policyFromConfig({ deny_fields: ['ssn', 'PASSWORD'], hash_fields: ['account_id'] });
    expect(policy.denyFields).toEqual([...DEFAULT_DENY_FIELDS, 'ssn']);
    expect(policy.hashFields).toEqual([...DEFAULT_HASH_FIELDS, 'account_id']);
  });

  it('takes an allowlisted name out of the default deny and hash lists', () => {
    const policy = policyFromConfig({ allow_fields: ['User_Name', 'next-token'] });
    expect(policy.allowFields).toEqual(['User_Name', 'next-token']);
    expect(policy.hashFields).not.toContain('user_name');
    expect(policy.hashFields).not.toContain('username');
    expect(policy.denyFields).toEqual([...DEFAULT_DENY_FIELDS]);
  });

  it('keeps a field denied when it is both allowed and explicitly denied', () => {
    const r = createRedactor(policyFromConfig({ allow_fields: ['ssn'], deny_fields: ['ssn'] }), 'k');
    expect(r.redactValue({ ssn: '123-45-6789' }).value).toEqual({ ssn: '[REDACTED:field_deny]' });
  });

  it('lets a longer allowed name win over a shorter deny suffix', () => {
    const r = createRedactor(policyFromConfig({ allow_fields: ['next_token'] }), 'k');
    expect(r.redactValue({ nextToken: 'page-2', sessionToken: 'abc' }).value).toEqual({ nextToken: 'page-2', sessionToken: '[REDACTED:field_deny]' });
  });

  it('overrides detector actions one by one', () => {
    expect(policyFromConfig({ detectors: { email: 'remove', card: 'keep' } }).detectors).toEqual({ ...DEFAULT_DETECTOR_ACTIONS, email: 'remove', card: 'keep' });
  });

  it('rejects an unknown detector name, naming its path', () => {
    expect(() => policyFromConfig({ detectors: { emial: 'remove' } })).toThrow(ConfigError);
    expect(() => policyFromConfig({ detectors: { emial: 'remove' } })).toThrow(/redaction\.detectors\.emial/);
  });

  it('rejects a max_string_length below 64', () => {
    expect(() => policyFromConfig({ max_string_length: 10 })).toThrow(/redaction\.max_string_length/);
  });

  it('reads the snake_case keys of bridge.yaml', () => {
    const cfg = BridgeConfigSchema.parse({ redaction: { allow_fields: ['caller'], deny_fields: ['pin'], max_string_length: 100, detectors: { ipv6: 'remove' } } });
    const policy = policyFromConfig(cfg.redaction);
    expect(policy).toMatchObject({ allowFields: ['caller'], maxStringLength: 100 });
    expect(policy.denyFields).toContain('pin');
    expect(policy.hashFields).not.toContain('caller');
    expect(policy.detectors.ipv6).toBe('remove');
  });
});
