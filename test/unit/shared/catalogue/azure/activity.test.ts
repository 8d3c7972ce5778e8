import { describe, expect, it } from 'vitest';
import { activity, activityOutcome } from '../../../../../shared/catalogue/azure/activity.js';
import { deepFreeze, fixtureRecords, textRecord, valueRecord } from '../../parse/fixtures.js';
import { contextFor, runOne } from '../type-runner.js';

const ctx = contextFor(activity);

describe('the Azure Activity log type', () => {
  describe.each(['value', 'text'] as const)('given the record as %s', (carrier) => {
    const records = fixtureRecords('activity', 'administrative', { carrier });

    it.each([
      [0, { operation_name: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE', category: 'Administrative', result_type: 'Success', caller: 'ops@contoso.example', caller_ip: '198.51.100.31', level: 'Information', duration_ms: 4312, status_code: 'Created', authorization_action: 'Microsoft.Compute/virtualMachines/write' }],
      [1, { result_type: 'Failure', result_signature: 'Failed.Forbidden', status_code: 'Forbidden', error_code: 'AuthorizationFailed', level: 'Warning' }],
      [2, { result_type: 'Failure', status_code: 'Conflict', level: 'Error' }],
      [3, { category: 'ServiceHealth', level: 'Critical' }],
    ])('reads record %i', (index, expected) => {
      const record = records[index]!;
      expect(activity.matches(record, ctx)).toBe(true);
      const result = activity.parse(deepFreeze(record), ctx);
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
      ctx,
    );
    expect(result).toMatchObject({ ok: true, parsed: { fields: { operation_name: 'Microsoft.Storage/storageAccounts/delete', category: 'Administrative', result_type: 'Succeeded', caller: 'ops@contoso.example' }, time: '2024-06-01T10:00:00Z' } });
  });

  it.each([
    ['a sign-in record', false, valueRecord({ operationName: 'Sign-in activity', category: 'SignInLogs', properties: {} })],
    ['a firewall record', false, textRecord('{"operationName":"AzureFirewallNetworkRuleLog","category":"AzureFirewallNetworkRule"}')],
    ['an Administrative record as text', true, textRecord('{"operationName":"X/WRITE","category": "Administrative"}')],
    ['a record without category on the activity hub', true, valueRecord({ operationName: 'X/WRITE' })],
  ])('claims %s: %s', (_name, expected, record) => {
    expect(activity.matches(record, { ...ctx, eventHubName: 'insights-activity-logs' })).toBe(expected);
  });

  it('rejects a record without operationName', () => {
    expect(activity.parse(valueRecord({ category: 'Administrative' }), ctx)).toEqual({ ok: false, reason: 'activity: operationName is required' });
  });

  it.each([
    [0, 'INFO', 'success', 'success'],
    [1, 'MEDIUM', 'denied', 'failure'],
    [2, 'HIGH', 'failure', 'failure'],
    [3, 'CRITICAL', 'success', 'success'],
  ])('rates record %i %s (outcome %s)', (index, severity, outcome, eventOutcome) => {
    expect(runOne(activity, fixtureRecords('activity', 'administrative')[index]!)).toMatchObject({ source_type: 'activity', severity, attributes: { outcome, 'event.outcome': eventOutcome } });
  });

  it.each([
    [{ result_type: 'Failure', status_code: 'Forbidden' }, 'denied'],
    [{ result_type: 'Failure', error_code: 'LinkedAuthorizationFailed' }, 'denied'],
    [{ result_type: 'Failure', status_code: 'Conflict' }, 'failure'],
    [{ result_type: 'Start' }, 'success'],
  ])('reads %j as %s', (fields, expected) => {
    expect(activityOutcome(fields)).toBe(expected);
  });

  it('names the resource by its lower-cased id and fills the common fields', () => {
    expect(runOne(activity, fixtureRecords('activity', 'administrative')[0]!)).toMatchObject({
      timestamp: '2024-06-01T10:00:00.123Z',
      title: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE Success',
      resource: { cloud: 'azure', account: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', region: 'westeurope', service: 'microsoft.compute', name: 'vm-web-01' },
      asset: '/subscriptions/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-web-01',
      attributes: { 'event.action': 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE', 'source.ip': '198.51.100.31', 'user.name': 'ops@contoso.example', 'cloud.region': 'westeurope' },
    });
  });
});
