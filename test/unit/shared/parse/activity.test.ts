import { describe, expect, it } from 'vitest';
import { activity } from '../../../../shared/parse/activity.js';
import { deepFreeze, fixtureRecords, textRecord, valueRecord } from './fixtures.js';

describe('the activity parser', () => {
  describe.each(['value', 'text'] as const)('given the record as %s', (carrier) => {
    const records = fixtureRecords('activity', 'administrative', { carrier });

    it.each([
      [0, { operation_name: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE', category: 'Administrative', result_type: 'Success', caller: 'ops@contoso.example', caller_ip: '198.51.100.31', level: 'Information', duration_ms: 4312, status_code: 'Created', authorization_action: 'Microsoft.Compute/virtualMachines/write' }],
      [1, { result_type: 'Failure', result_signature: 'Failed.Forbidden', status_code: 'Forbidden', error_code: 'AuthorizationFailed', level: 'Warning' }],
      [2, { result_type: 'Failure', status_code: 'Conflict', level: 'Error' }],
      [3, { category: 'ServiceHealth', level: 'Critical' }],
    ])('reads record %i', (index, expected) => {
      const record = records[index]!;
      expect(activity.matches(record, undefined)).toBe(true);
      const result = activity.parse(deepFreeze(record));
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.fields).toMatchObject(expected);
      expect(result.parsed.time).toMatch(/^2024-06-01T10:0\d:00\.\d{7}Z$/);
    });
  });

  it('reads the REST API shape ({ value, localizedValue } names, caller)', () => {
    const result = activity.parse(
      valueRecord({
        eventTimestamp: '2024-06-01T10:00:00Z',
        operationName: { value: 'Microsoft.Storage/storageAccounts/delete', localizedValue: 'Delete Storage Account' },
        category: { value: 'Administrative' },
        status: { value: 'Succeeded' },
        caller: 'ops@contoso.example',
        level: 'Informational',
        resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa1',
      }),
    );
    expect(result).toMatchObject({ ok: true, parsed: { fields: { operation_name: 'Microsoft.Storage/storageAccounts/delete', category: 'Administrative', result_type: 'Succeeded', caller: 'ops@contoso.example' }, time: '2024-06-01T10:00:00Z' } });
  });

  it.each([
    ['a sign-in record', false, valueRecord({ operationName: 'Sign-in activity', category: 'SignInLogs', properties: {} })],
    ['a firewall record', false, textRecord('{"operationName":"AzureFirewallNetworkRuleLog","category":"AzureFirewallNetworkRule"}')],
    ['an Administrative record as text', true, textRecord('{"operationName":"X/WRITE","category": "Administrative"}')],
  ])('claims %s: %s', (_name, expected, record) => {
    expect(activity.matches(record, undefined)).toBe(expected);
  });

  it('rejects a record without operationName', () => {
    expect(activity.parse(valueRecord({ category: 'Administrative' }))).toEqual({ ok: false, reason: 'activity: operationName is required' });
  });
});
