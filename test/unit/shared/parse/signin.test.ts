import { describe, expect, it } from 'vitest';
import { signin } from '../../../../shared/parse/signin.js';
import { deepFreeze, fixtureRecords, valueRecord } from './fixtures.js';

describe('the signin parser', () => {
  describe.each(['value', 'text'] as const)('given the record as %s', (carrier) => {
    const logs = fixtureRecords('signin', 'signin-logs', { carrier });
    const graph = fixtureRecords('signin', 'graph-signin', { carrier });

    it.each([
      ['a failed password sign-in', logs, 0, { category: 'SignInLogs', error_code: 50126, user_principal_name: 'jane.doe@contoso.example', ip_address: '198.51.100.66', app_display_name: 'Azure Portal', conditional_access_status: 'notApplied', is_interactive: true, country: 'NL', tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, '2024-06-01T09:59:58.6543210+00:00'],
      ['a successful sign-in', logs, 1, { error_code: 0, app_display_name: 'Microsoft Teams' }, '2024-06-01T10:04:59.1000000+00:00'],
      ['a non-interactive sign-in blocked by conditional access', logs, 2, { category: 'NonInteractiveUserSignInLogs', error_code: 53003, conditional_access_status: 'failure', risk_level_during_signin: 'high' }, '2024-06-01T10:05:59.0000000+00:00'],
      ['a Graph signIn object', graph, 0, { error_code: 0, user_principal_name: 'testaccount1@contoso.example', app_display_name: 'Graph Explorer', country: 'US' }, '2024-06-01T10:07:00Z'],
    ])('reads %s', (_name, records, index, expected, time) => {
      const record = records[index]!;
      expect(signin.matches(record, undefined)).toBe(true);
      const result = signin.parse(deepFreeze(record));
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.fields).toMatchObject(expected);
      expect(result.parsed.time).toBe(time);
    });
  });

  it('falls back to resultType when status.errorCode is missing', () => {
    const result = signin.parse(valueRecord({ category: 'SignInLogs', resultType: '50053', time: '2024-06-01T10:00:00Z', properties: { userPrincipalName: 'a@b.example' } }));
    expect(result).toMatchObject({ ok: true, parsed: { fields: { error_code: 50053 }, time: '2024-06-01T10:00:00Z' } });
  });

  it('rejects a record with no error code at all', () => {
    expect(signin.parse(valueRecord({ category: 'SignInLogs', properties: {} }))).toEqual({ ok: false, reason: 'signin: status.errorCode is required' });
  });

  it('does not claim an Activity record', () => {
    expect(signin.matches(valueRecord({ category: 'Administrative', operationName: 'x', properties: {} }), undefined)).toBe(false);
  });
});
