import { describe, expect, it } from 'vitest';
import { audit, auditOutcome } from '../../../../../shared/catalogue/gcp/audit.js';
import { gkeAudit, kubernetesObject } from '../../../../../shared/catalogue/gcp/gke-audit.js';
import { deepFreeze, fixtureRecords, valueRecord } from '../../parse/fixtures.js';
import { contextFor, runOne } from '../type-runner.js';

const ctx = contextFor(audit);
const records = fixtureRecords('audit', 'cloud-audit-logs');

describe('the Cloud Audit Logs type', () => {
  it.each([
    [0, { status_code: 7, status_message: 'PERMISSION_DENIED', method_name: 'storage.objects.get', service_name: 'storage.googleapis.com', principal_email: 'ci-runner@shop-prod.iam.gserviceaccount.com', caller_ip: '198.51.100.40', permission: 'storage.objects.get', granted: false, project_id: 'shop-prod', log_type: 'data_access', insert_id: '1x2y3z4w5v6u', gcp_severity: 'ERROR' }, '2024-06-01T10:00:00.123456789Z'],
    [1, { status_code: 0, method_name: 'v1.compute.instances.delete', granted: true, location: 'europe-west1-b', log_type: 'activity' }, '2024-06-01T10:01:00.5Z'],
    [2, { status_code: 5, status_message: 'NOT_FOUND', service_name: 'secretmanager.googleapis.com' }, '2024-06-01T10:02:00Z'],
  ])('reads entry %i', (index, expected, time) => {
    const record = records[index]!;
    expect(audit.matches(record, ctx)).toBe(true);
    expect(gkeAudit.matches(record, ctx)).toBe(false);
    const result = audit.parse(deepFreeze(record), ctx);
    if (!result.ok) throw new Error(result.reason);
    expect(result.parsed.fields).toMatchObject(expected);
    expect(result.parsed.time).toBe(time);
  });

  it.each([
    [0, 'MEDIUM', 'denied', '2024-06-01T10:00:00.123Z', 'storage.googleapis.com storage.objects.get permission denied'],
    [1, 'INFO', 'success', '2024-06-01T10:01:00.500Z', 'compute.googleapis.com v1.compute.instances.delete'],
    [2, 'LOW', 'failure', '2024-06-01T10:02:00.000Z', 'secretmanager.googleapis.com google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion failed (code 5)'],
  ])('rates entry %i %s (outcome %s)', (index, severity, outcome, timestamp, title) => {
    expect(runOne(audit, records[index]!)).toMatchObject({ source_type: 'audit', severity, timestamp, title, attributes: { outcome } });
  });

  it.each([[7, 'denied'], [16, 'denied'], [0, 'success'], [undefined, 'success'], [5, 'failure']] as const)('reads status %s as %s', (code, expected) => {
    expect(auditOutcome(code)).toBe(expected);
  });

  it('fills the common fields and names the resource by its full name', () => {
    expect(runOne(audit, records[1]!)).toMatchObject({
      resource: { cloud: 'gcp', account: 'shop-prod', region: 'europe-west1-b', service: 'compute.googleapis.com', name: 'web-1', id: 'projects/shop-prod/zones/europe-west1-b/instances/web-1' },
      asset: '//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/web-1',
      attributes: { 'event.action': 'v1.compute.instances.delete', 'event.outcome': 'success' },
    });
    expect(runOne(audit, records[0]!).attributes).toMatchObject({ 'user.name': 'ci-runner@shop-prod.iam.gserviceaccount.com', 'source.ip': '198.51.100.40', 'event.outcome': 'failure' });
  });

  it('rates a CRITICAL LogEntry as CRITICAL', () => {
    const event = runOne(audit, valueRecord({ logName: 'projects/p/logs/cloudaudit.googleapis.com%2Factivity', protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', methodName: 'm' }, severity: 'CRITICAL', timestamp: '2024-06-01T10:00:00Z' }));
    expect(event.severity).toBe('CRITICAL');
  });

  it('does not claim a LogEntry of another log', () => {
    expect(audit.matches(valueRecord({ logName: 'projects/p/logs/requests', protoPayload: { '@type': 'type.googleapis.com/google.appengine.logging.v1.RequestLog' } }), ctx)).toBe(false);
  });
});

describe('the GKE audit log type', () => {
  it.each([
    ['coordination.k8s.io/v1/namespaces/kube-system/leases/lease-1', { namespace: 'kube-system', resource: 'leases', name: 'lease-1' }],
    ['core/v1/namespaces/payments/pods/api-1/exec', { namespace: 'payments', resource: 'pods', name: 'api-1', subresource: 'exec' }],
    ['core/v1/namespaces/payments', { resource: 'namespaces', name: 'payments' }],
    ['core/v1/nodes/node-1', { resource: 'nodes', name: 'node-1' }],
    ['readyz', {}],
  ])('reads the object of %s', (name, expected) => {
    expect(kubernetesObject(name)).toEqual(expected);
  });

  it('types a k8s.io audit entry gke_audit with the Kubernetes common fields; a secret read forbidden is MEDIUM', () => {
    const entry = valueRecord({
      logName: 'projects/p/logs/cloudaudit.googleapis.com%2Fdata_access',
      protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', serviceName: 'k8s.io', methodName: 'io.k8s.core.v1.secrets.get', resourceName: 'core/v1/namespaces/payments/secrets/db', authenticationInfo: { principalEmail: 'dev@example.com' }, status: { code: 7, message: 'Forbidden' } },
      resource: { type: 'k8s_cluster', labels: { project_id: 'p', location: 'europe-west1', cluster_name: 'prod' } },
      labels: { 'authorization.k8s.io/decision': 'forbid' },
      timestamp: '2024-06-01T10:00:00Z',
    });
    expect(gkeAudit.matches(entry, ctx)).toBe(true);
    expect(runOne(gkeAudit, entry)).toMatchObject({
      source_type: 'gke_audit',
      severity: 'MEDIUM',
      title: 'GKE prod: Kubernetes get secrets in payments db (denied)',
      asset: '//container.googleapis.com/projects/p/locations/europe-west1/clusters/prod',
      attributes: { 'k8s.verb': 'get', 'k8s.resource': 'secrets', 'k8s.namespace': 'payments', 'user.name': 'dev@example.com', outcome: 'denied' },
    });
  });
});
