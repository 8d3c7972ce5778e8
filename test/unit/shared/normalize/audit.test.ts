import { describe, expect, it } from 'vitest';
import { auditOutcome } from '../../../../shared/normalize/audit.js';
import { normalizeFixture, normalizeWith } from './helpers.js';
import { valueRecord } from '../parse/fixtures.js';

const events = normalizeFixture('audit', 'cloud-audit-logs');

describe('the audit normalizer', () => {
  it.each([
    [0, 'MEDIUM', 'denied', 7, '2024-06-01T10:00:00.123Z', 'storage.googleapis.com storage.objects.get permission denied'],
    [1, 'INFO', 'success', 0, '2024-06-01T10:01:00.500Z', 'compute.googleapis.com v1.compute.instances.delete'],
    [2, 'LOW', 'failure', 5, '2024-06-01T10:02:00.000Z', 'secretmanager.googleapis.com google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion failed (code 5)'],
  ])('maps entry %i to severity %s and outcome %s', (index, severity, outcome, code, timestamp, title) => {
    expect(events[index]).toMatchObject({ source_type: 'audit', severity, timestamp, title, attributes: { outcome, status_code: code } });
  });

  it.each([[7, 'denied'], [0, 'success'], [undefined, 'success'], [16, 'failure']] as const)('reads status %s as %s', (code, expected) => {
    expect(auditOutcome(code)).toBe(expected);
  });

  it('rates a CRITICAL LogEntry as CRITICAL', () => {
    const event = normalizeWith('audit', valueRecord({ protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', methodName: 'm' }, severity: 'CRITICAL', timestamp: '2024-06-01T10:00:00Z' }));
    expect(event.severity).toBe('CRITICAL');
  });

  it('names the resource by its full resource name', () => {
    expect(events[1]).toMatchObject({
      resource: { cloud: 'gcp', account: 'shop-prod', region: 'europe-west1-b', service: 'compute.googleapis.com', name: 'web-1', id: 'projects/shop-prod/zones/europe-west1-b/instances/web-1' },
      asset: '//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/web-1',
    });
  });
});
