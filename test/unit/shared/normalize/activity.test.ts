import { describe, expect, it } from 'vitest';
import { activityOutcome } from '../../../../shared/normalize/activity.js';
import { normalizeFixture } from './helpers.js';

const events = normalizeFixture('activity', 'administrative');

describe('the activity normalizer', () => {
  it.each([
    [0, 'INFO', 'success', '2024-06-01T10:00:00.123Z'],
    [1, 'MEDIUM', 'denied', '2024-06-01T10:01:00.000Z'],
    [2, 'HIGH', 'failure', '2024-06-01T10:02:00.000Z'],
    [3, 'CRITICAL', 'success', '2024-06-01T10:03:00.000Z'],
  ])('maps record %i to severity %s and outcome %s', (index, severity, outcome, timestamp) => {
    expect(events[index]).toMatchObject({ source_type: 'activity', severity, timestamp, attributes: { outcome } });
  });

  it.each([
    [{ result_type: 'Failure', status_code: 'Forbidden' }, 'denied'],
    [{ result_type: 'Failure', error_code: 'AuthorizationFailed' }, 'denied'],
    [{ result_type: 'Failure', error_code: 'LinkedAuthorizationFailed' }, 'denied'],
    [{ result_type: 'Failure', status_code: 'Conflict' }, 'failure'],
    [{ result_type: 'Start' }, 'success'],
  ])('reads %j as %s', (fields, expected) => {
    expect(activityOutcome(fields)).toBe(expected);
  });

  it('names the resource by its lower-cased id', () => {
    expect(events[0]).toMatchObject({
      resource: {
        cloud: 'azure',
        account: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
        region: 'westeurope',
        service: 'microsoft.compute',
        name: 'vm-web-01',
        id: '/subscriptions/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-web-01',
      },
      asset: '/subscriptions/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-web-01',
      title: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE Success',
    });
  });

  it('leaves a global location out of the region', () => {
    expect(events[1]!.resource).not.toHaveProperty('region');
  });
});
