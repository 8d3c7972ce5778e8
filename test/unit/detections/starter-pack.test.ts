import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../../shared/detect/load-rules.js';
import type { RuleSet } from '../../../shared/detect/types.js';
import type { BronzeEventDraft } from '../../../shared/schema/index.js';
import { cloudTrailRaw, draft } from '../shared/detect/drafts.js';

let pack: RuleSet;
beforeAll(async () => {
  pack = await loadRules([fileURLToPath(new URL('../../../detections/', import.meta.url))]);
});

function fired(event: BronzeEventDraft): string[] {
  return pack.detections.filter((r) => r.match(event) !== null).map((r) => r.id);
}

const ct = (name: string, extra: Record<string, unknown> = {}) => draft({ raw_data: cloudTrailRaw(name, extra), attributes: { event_name: name } });
const azure = (sourceType: string, raw: Record<string, unknown>, attributes: Record<string, unknown> = {}) =>
  draft({ source: 'azure.eventhub', source_type: sourceType, resource: { cloud: 'azure' }, raw_data: raw, attributes });

describe('the starter pack (detections/)', () => {
  it('loads every rule and resolves the correlations', () => {
    expect(pack.detections.length).toBeGreaterThanOrEqual(10);
    expect(pack.correlations.map((c) => c.id).sort()).toEqual(['tb-azure-entra-signin-failure-burst', 'tb-net-port-scan']);
  });

  it.each<[string, BronzeEventDraft, string]>([
    ['StopLogging', ct('StopLogging'), 'tb-aws-cloudtrail-stop-logging'],
    ['DeleteTrail', ct('DeleteTrail'), 'tb-aws-cloudtrail-stop-logging'],
    ['a root console login', ct('ConsoleLogin', { userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' } }), 'tb-aws-root-console-login'],
    ['an access key for another user', ct('CreateAccessKey', { requestParameters: { userName: 'svc-build' } }), 'tb-aws-access-key-other-user'],
    [
      'an NSG rule opened to any source',
      azure('activity', { operationName: 'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE', properties: { requestbody: '{"properties":{"sourceAddressPrefix":"*","destinationPortRange":"22","access":"Allow"}}' } }),
      'tb-azure-nsg-open-to-internet',
    ],
    ['an Entra sign-in failure', azure('signin', { resultType: '50126', properties: { userPrincipalName: 'x@fabrikam.example' } }), 'tb-azure-entra-signin-failure'],
    ['a GCP service-account key', draft({ source: 'gcp.pubsub', source_type: 'audit', resource: { cloud: 'gcp' }, raw_data: { protoPayload: { methodName: 'google.iam.admin.v1.CreateServiceAccountKey' } } }), 'tb-gcp-service-account-key-created'],
    ['an exec into a pod (audit event)', draft({ source: 'azure.eventhub', source_type: 'aks_audit', resource: { cloud: 'azure' }, attributes: { verb: 'create', 'objectRef.resource': 'pods', 'objectRef.subresource': 'exec' } }), 'tb-k8s-exec-into-pod'],
    ['an exec into a pod (common fields)', draft({ source: 'gcp.pubsub', source_type: 'gke_audit', resource: { cloud: 'gcp' }, attributes: { 'k8s.resource': 'pods/exec', 'k8s.verb': 'create' } }), 'tb-k8s-exec-into-pod'],
    ['a DNS firewall block', draft({ source_type: 'route53_resolver_query', attributes: { query_name: 'bad.example', firewall_rule_action: 'BLOCK' } }), 'tb-dns-firewall-block'],
    ['SSH accepted from a public address', draft({ source_type: 'vpcflow', attributes: { src_addr: '198.51.100.23', dst_port: 22, action: 'ACCEPT' }, raw_data: '2 111122223333 eni-1 198.51.100.23 10.0.0.5 50000 22 6 1 60 0 1 ACCEPT OK' }), 'tb-net-remote-admin-from-internet'],
  ])('fires on %s', (_name, event, id) => {
    expect(fired(event)).toContain(id);
  });

  it.each<[string, BronzeEventDraft]>([
    ['StartLogging', ct('StartLogging')],
    ['an IAM user console login', ct('ConsoleLogin')],
    ['an access key for oneself', ct('CreateAccessKey', { requestParameters: { userName: 'dev-alice' } })],
    ['an NSG rule from one address', azure('activity', { operationName: 'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE', properties: { requestbody: '{"properties":{"sourceAddressPrefix":"10.1.2.3/32"}}' } })],
    ['a successful sign-in', azure('signin', { resultType: '0' })],
    ['SSH from a private address', draft({ source_type: 'vpcflow', attributes: { src_addr: '10.0.3.4', dst_port: 22, action: 'ACCEPT' } })],
    ['SSH rejected from a public address', draft({ source_type: 'vpcflow', attributes: { src_addr: '198.51.100.23', dst_port: 22, action: 'REJECT' } })],
  ])('stays quiet on %s', (_name, event) => {
    expect(fired(event)).toEqual([]);
  });
});
