import { at, buildEvent, commonFields, failed, int, isPlainObject, maxSeverity, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { auditCommonFields, auditFields, auditOutcome, isAuditEntry } from './audit.js';
import { entryOf, entryTime, gcpResource, pubsubContext, resourceLabels } from './log-entry.js';

const SENSITIVE_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

/**
 * `coordination.k8s.io/v1/namespaces/kube-system/leases/x` → namespace, resource, name; `core/v1/nodes/n`
 * → resource `nodes`; `readyz` (a non-resource URL) → nothing.
 */
export function kubernetesObject(resourceName: string | undefined): { namespace?: string; resource?: string; name?: string; subresource?: string } {
  if (resourceName === undefined) return {};
  const parts = resourceName.split('/').filter((p) => p !== '');
  const ns = parts.indexOf('namespaces');
  if (ns >= 0 && parts.length > ns + 2) return { namespace: parts[ns + 1], resource: parts[ns + 2], name: parts[ns + 3], subresource: parts[ns + 4] };
  if (ns >= 0) return { resource: 'namespaces', name: parts[ns + 1] };
  if (parts.length >= 3) return { resource: parts[2], name: parts[3], subresource: parts[4] };
  return {};
}

/** GKE Kubernetes API audit logs: Cloud Audit entries of service `k8s.io` (resource type k8s_cluster). */
export const gkeAudit: LogType = {
  type: 'gke_audit',
  cloud: 'gcp',
  title: 'GKE Kubernetes audit log (k8s.io in Cloud Audit Logs)',
  delivery: [{ trigger: 'pubsub', pattern: 'LogEntry log id `cloudaudit.googleapis.com/{activity,data_access}`, protoPayload.serviceName `k8s.io`' }],
  recognisedBy: 'Cloud Audit entry with protoPayload.serviceName `k8s.io` (resource.type `k8s_cluster`)',
  fields: ['method_name', 'verb', 'resource_name', 'object_resource', 'object_namespace', 'object_name', 'principal_email', 'caller_ip', 'status_code', 'authorization_decision', 'cluster_name'],
  commonFields: ['k8s.verb', 'k8s.resource', 'k8s.namespace', 'user.name', 'source.ip', 'user_agent.original', 'event.action', 'event.outcome', 'cloud.region'],
  context: pubsubContext,
  matches: (record) => isAuditEntry(record) && (at(entryOf(record), 'protoPayload', 'serviceName') === 'k8s.io' || at(entryOf(record), 'resource', 'type') === 'k8s_cluster'),
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`gke_audit: ${json.reason}`);
    const e = json.value;
    const p = e.protoPayload;
    if (!isPlainObject(p)) return failed('gke_audit: protoPayload is required');
    const base = auditFields(e, p);
    const object = kubernetesObject(str(base.resource_name));
    const method = str(base.method_name);
    return parsed(
      'gke_audit',
      {
        ...base,
        verb: method?.split('.').pop(),
        object_resource: object.resource,
        object_subresource: object.subresource,
        object_namespace: object.namespace,
        object_name: object.name,
        cluster_name: str(resourceLabels(e).cluster_name),
        authorization_decision: str(at(e, 'labels', 'authorization.k8s.io/decision')),
        authorization_reason: str(at(e, 'labels', 'authorization.k8s.io/reason')),
      },
      entryTime(e),
    );
  },
  /** denied (status 7/16, decision forbid) → MEDIUM; exec/attach/port-forward → MEDIUM; a person reading secrets → LOW. */
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const code = int(f.status_code);
    const denied = auditOutcome(code) === 'denied' || str(f.authorization_decision) === 'forbid';
    const outcome = denied ? 'denied' : auditOutcome(code);
    const verb = str(f.verb);
    const resource = str(f.object_resource);
    const sub = str(f.object_subresource);
    const user = str(f.principal_email);
    const k8sResource = resource === undefined ? undefined : sub === undefined ? resource : `${resource}/${sub}`;
    const secretRead = resource === 'secrets' && (verb === 'get' || verb === 'list' || verb === 'watch') && user !== undefined && !user.startsWith('system:');
    const cluster = str(f.cluster_name);
    const namespace = str(f.object_namespace);
    const target = `${k8sResource ?? str(f.resource_name) ?? 'request'}${namespace === undefined ? '' : ` in ${namespace}`}${str(f.object_name) === undefined ? '' : ` ${str(f.object_name)}`}`;
    const project = str(f.project_id);
    const location = str(f.location);
    const asset = project !== undefined && location !== undefined && cluster !== undefined ? `//container.googleapis.com/projects/${project}/locations/${location}/clusters/${cluster}` : undefined;
    return buildEvent('gke_audit', parsedRecord, ctx, {
      severity: maxSeverity(denied ? 'MEDIUM' : undefined, sub !== undefined && SENSITIVE_SUBRESOURCES.has(sub) && verb !== 'get' ? 'MEDIUM' : undefined, secretRead ? 'LOW' : undefined),
      title: `GKE ${cluster ?? 'cluster'}: Kubernetes ${verb ?? 'request'} ${target}${denied ? ' (denied)' : outcome === 'failure' ? ` failed (code ${code})` : ''}`,
      resource: gcpResource(f, 'container.googleapis.com', cluster, asset),
      asset,
      attributes: [f, { outcome }, auditCommonFields(f, outcome), commonFields({ 'k8s.verb': verb, 'k8s.resource': k8sResource, 'k8s.namespace': namespace, 'event.action': verb })],
    });
  },
};
