import { buildEvent, failed, parseJsonText, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { azureResource, azureTime, propertiesOf, resourceLogRouting } from './diagnostic.js';
import { kubeAuditFields, kubeAuditLog, kubeAuditSummary } from './kube-audit-event.js';

const CATEGORIES = ['kube-audit', 'kube-audit-admin'];

/** AKS control-plane Kubernetes audit logs (`kube-audit`, `kube-audit-admin`): `properties.log` is an audit Event. */
export const aksAudit: LogType = {
  type: 'aks_audit',
  cloud: 'azure',
  title: 'Azure AKS Kubernetes audit log (kube-audit, kube-audit-admin)',
  ...resourceLogRouting(CATEGORIES),
  recognisedBy: 'category `kube-audit` / `kube-audit-admin`',
  fields: ['verb', 'username', 'object_resource', 'object_namespace', 'object_name', 'response_code', 'authorization_decision', 'source_ip', 'pod', 'cluster'],
  commonFields: ['k8s.verb', 'k8s.resource', 'k8s.namespace', 'user.name', 'source.ip', 'user_agent.original', 'event.action', 'event.outcome', 'http.response.status_code'],
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`aks_audit: ${json.reason}`);
    const e = json.value;
    const p = propertiesOf(e);
    if (p === undefined) return failed('aks_audit: properties is required');
    const log = kubeAuditLog(p.log, (text) => {
      const result = parseJsonText(text);
      return result.ok ? result.value : undefined;
    });
    if (log === undefined) return failed('aks_audit: properties.log is not a Kubernetes audit event');
    const fields = kubeAuditFields(log);
    return parsed(
      'aks_audit',
      { category: str(e.category), resource_id: str(e.resourceId), pod: str(p.pod), container_id: str(p.containerID), stream: str(p.stream), ...fields },
      azureTime(e) ?? log.stageTimestamp ?? log.requestReceivedTimestamp,
    );
  },
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const view = kubeAuditSummary(f);
    const { resource, rid } = azureResource(f.resource_id);
    return buildEvent('aks_audit', parsedRecord, ctx, {
      severity: view.severity,
      title: `AKS ${rid?.name ?? 'cluster'}: ${view.title}`,
      resource: { ...resource, service: 'microsoft.containerservice' },
      asset: rid?.id,
      attributes: [f, { cluster: rid?.name }, view.common],
    });
  },
};
