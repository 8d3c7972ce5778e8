import { describe, expect, it } from 'vitest';
import { signin } from '../../../../../shared/catalogue/azure/signin.js';
import { deepFreeze, fixtureRecords, valueRecord } from '../../parse/fixtures.js';
import { contextFor, runOne } from '../type-runner.js';

const ctx = contextFor(signin);

describe('the Entra ID sign-in log type', () => {
  describe.each(['value', 'text'] as const)('given the record as %s', (carrier) => {
    const logs = fixtureRecords('signin', 'signin-logs', { carrier });
    const graph = fixtureRecords('signin', 'graph-signin', { carrier });

    it.each([
      ['a failed password sign-in', logs, 0, { category: 'SignInLogs', error_code: 50126, user_principal_name: 'jane.doe@contoso.example', ip_address: '198.51.100.66', app_display_name: 'Azure Portal', is_interactive: true, country: 'NL' }],
      ['a successful sign-in', logs, 1, { error_code: 0, app_display_name: 'Microsoft Teams' }],
      ['a non-interactive sign-in blocked by conditional access', logs, 2, { category: 'NonInteractiveUserSignInLogs', error_code: 53003, conditional_access_status: 'failure', risk_level_during_signin: 'high' }],
      ['a Graph signIn object', graph, 0, { error_code: 0, user_principal_name: 'testaccount1@contoso.example', app_display_name: 'Graph Explorer', country: 'US' }],
    ])('reads %s', (_name, records, index, expected) => {
      const record = records[index]!;
      expect(signin.matches(record, ctx)).toBe(true);
      const result = signin.parse(deepFreeze(record), ctx);
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.fields).toMatchObject(expected);
    });
  });

  it.each([
    ['a wrong password', 'signin-logs', 0, 'MEDIUM', 'failure', '2024-06-01T09:59:58.654Z', 'Sign-in to Azure Portal failed (50126)'],
    ['a success', 'signin-logs', 1, 'INFO', 'success', '2024-06-01T10:04:59.100Z', 'Sign-in to Microsoft Teams succeeded'],
    ['a high-risk conditional-access block', 'signin-logs', 2, 'HIGH', 'failure', '2024-06-01T10:05:59.000Z', 'Sign-in to Office 365 Exchange Online failed (53003)'],
    ['a Graph success', 'graph-signin', 0, 'INFO', 'success', '2024-06-01T10:07:00.000Z', 'Sign-in to Graph Explorer succeeded'],
  ])('maps %s', (_name, variant, index, severity, outcome, timestamp, title) => {
    expect(runOne(signin, fixtureRecords('signin', variant)[index]!)).toMatchObject({ source_type: 'signin', severity, timestamp, title, attributes: { outcome, 'event.outcome': outcome } });
  });

  it('keeps the user out of the title and in the attributes (field rules redact them)', () => {
    const event = runOne(signin, fixtureRecords('signin', 'signin-logs')[0]!);
    expect(event.title).not.toContain('jane.doe');
    expect(event.attributes).toMatchObject({ user_principal_name: 'jane.doe@contoso.example', 'user.name': 'jane.doe@contoso.example', 'source.ip': '198.51.100.66' });
    expect(event).toMatchObject({ resource: { account: '72f988bf-86f1-41af-91ab-2d7cd011db47', service: 'microsoft.aadiam' }, asset: '/tenants/72f988bf-86f1-41af-91ab-2d7cd011db47/providers/microsoft.aadiam' });
  });

  it('falls back to resultType when status.errorCode is missing, and rejects a record with neither', () => {
    expect(signin.parse(valueRecord({ category: 'SignInLogs', resultType: '50053', time: '2024-06-01T10:00:00Z', properties: { userPrincipalName: 'a@b.example' } }), ctx)).toMatchObject({ ok: true, parsed: { fields: { error_code: 50053 } } });
    expect(signin.parse(valueRecord({ category: 'SignInLogs', properties: {} }), ctx)).toEqual({ ok: false, reason: 'signin: status.errorCode is required' });
  });

  it('does not claim an Activity record', () => {
    expect(signin.matches(valueRecord({ category: 'Administrative', operationName: 'x', properties: {} }), ctx)).toBe(false);
  });
});
