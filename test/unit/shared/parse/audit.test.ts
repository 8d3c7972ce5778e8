import { describe, expect, it } from 'vitest';
import { audit, parseLogName } from '../../../../shared/parse/audit.js';
import { deepFreeze, fixtureRecords, valueRecord } from './fixtures.js';

describe('the audit parser', () => {
  describe.each(['value', 'text'] as const)('given the LogEntry as %s', (carrier) => {
    const records = fixtureRecords('audit', 'cloud-audit-logs', { carrier });

    it.each([
      [0, { status_code: 7, status_message: 'PERMISSION_DENIED', method_name: 'storage.objects.get', service_name: 'storage.googleapis.com', principal_email: 'ci-runner@shop-prod.iam.gserviceaccount.com', caller_ip: '198.51.100.40', resource_name: 'projects/_/buckets/shop-invoices/objects/2024/06/inv-4711.pdf', permission: 'storage.objects.get', granted: false, project_id: 'shop-prod', log_type: 'data_access', insert_id: '1x2y3z4w5v6u', gcp_severity: 'ERROR' }, '2024-06-01T10:00:00.123456789Z'],
      [1, { status_code: 0, method_name: 'v1.compute.instances.delete', granted: true, location: 'europe-west1-b', log_type: 'activity' }, '2024-06-01T10:01:00.5Z'],
      [2, { status_code: 5, status_message: 'NOT_FOUND', service_name: 'secretmanager.googleapis.com' }, '2024-06-01T10:02:00Z'],
    ])('reads entry %i', (index, expected, time) => {
      const record = records[index]!;
      expect(audit.matches(record, undefined)).toBe(true);
      const result = audit.parse(deepFreeze(record));
      if (!result.ok) throw new Error(result.reason);
      expect(result.parsed.fields).toMatchObject(expected);
      expect(result.parsed.time).toBe(time);
    });
  });

  it.each([
    ['projects/p/logs/cloudaudit.googleapis.com%2Factivity', { project: 'p', logId: 'cloudaudit.googleapis.com/activity' }],
    ['organizations/123/logs/cloudaudit.googleapis.com%2Fpolicy', { logId: 'cloudaudit.googleapis.com/policy' }],
    ['projects/p/logs/bad%ZZ', { project: 'p', logId: 'bad%ZZ' }],
    ['not a log name', {}],
  ])('splits the logName %s', (logName, expected) => {
    expect(parseLogName(logName)).toEqual(expected);
  });

  it('does not claim a LogEntry whose protoPayload is not an AuditLog', () => {
    expect(audit.matches(valueRecord({ protoPayload: { '@type': 'type.googleapis.com/google.appengine.logging.v1.RequestLog' } }), undefined)).toBe(false);
  });
});
