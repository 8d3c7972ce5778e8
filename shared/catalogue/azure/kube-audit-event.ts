import type { Severity } from '../../schema/index.js';
import { at, commonFields, int, isPlainObject, maxSeverity, str, type CommonFieldValues, type JsonObject } from '../module-kit.js';

/**
 * A Kubernetes audit `Event` (audit.k8s.io/v1), as AKS (`properties.log`) and other managed
 * control planes write it: its fields, the Kubernetes common fields, and a severity.
 */
export interface KubeAuditSummary {
  common: CommonFieldValues;
  severity: Severity;
  title: string;
}

const SENSITIVE_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

function first(value: unknown): string | undefined {
  return Array.isArray(value) && value.length > 0 ? str(value[0]) : undefined;
}

/** The audit Event's fields (snake_case, flat). */
export function kubeAuditFields(log: JsonObject): Record<string, unknown> {
  const objectRef = at(log, 'objectRef');
  const groups = at(log, 'user', 'groups');
  return {
    audit_id: str(log.auditID),
    stage: str(log.stage),
    level: str(log.level),
    verb: str(log.verb),
    request_uri: str(log.requestURI),
    username: str(at(log, 'user', 'username')),
    user_groups: Array.isArray(groups) ? groups.filter((g) => typeof g === 'string') : undefined,
    impersonated_user: str(at(log, 'impersonatedUser', 'username')),
    source_ip: first(log.sourceIPs),
    user_agent: str(log.userAgent),
    object_resource: str(at(objectRef, 'resource')),
    object_subresource: str(at(objectRef, 'subresource')),
    object_namespace: str(at(objectRef, 'namespace')),
    object_name: str(at(objectRef, 'name')),
    object_api_group: str(at(objectRef, 'apiGroup')),
    object_api_version: str(at(objectRef, 'apiVersion')),
    response_code: int(at(log, 'responseStatus', 'code')),
    response_reason: str(at(log, 'responseStatus', 'reason')),
    authorization_decision: str(at(log, 'annotations', 'authorization.k8s.io/decision')),
    authorization_reason: str(at(log, 'annotations', 'authorization.k8s.io/reason')),
    request_received_timestamp: str(log.requestReceivedTimestamp),
    stage_timestamp: str(log.stageTimestamp),
  };
}

/**
 * Common fields, severity and title from `kubeAuditFields`: denied (401/403, decision forbid) →
 * MEDIUM; exec/attach/port-forward/proxy → MEDIUM; a person reading secrets → LOW; 5xx → LOW.
 */
export function kubeAuditSummary(f: Readonly<Record<string, unknown>>): KubeAuditSummary {
  const resourceName = str(f.object_resource);
  const subresource = str(f.object_subresource);
  const k8sResource = resourceName === undefined ? undefined : subresource === undefined ? resourceName : `${resourceName}/${subresource}`;
  const verb = str(f.verb);
  const code = int(f.response_code);
  const username = str(f.username);
  const namespace = str(f.object_namespace);
  const name = str(f.object_name);
  const denied = code === 401 || code === 403 || str(f.authorization_decision) === 'forbid';
  const interactive = subresource !== undefined && SENSITIVE_SUBRESOURCES.has(subresource) && verb !== 'get';
  const secretRead = resourceName === 'secrets' && (verb === 'get' || verb === 'list' || verb === 'watch') && username !== undefined && !username.startsWith('system:');
  const target = `${k8sResource ?? str(f.request_uri) ?? 'request'}${namespace === undefined ? '' : ` in ${namespace}`}${name === undefined ? '' : ` ${name}`}`;
  return {
    common: commonFields({
      'k8s.verb': verb,
      'k8s.resource': k8sResource,
      'k8s.namespace': namespace,
      'user.name': username,
      'source.ip': f.source_ip,
      'user_agent.original': f.user_agent,
      'event.action': verb,
      'event.outcome': code === undefined ? undefined : code < 400 ? 'success' : 'failure',
      'http.response.status_code': code,
    }),
    severity: maxSeverity(denied ? 'MEDIUM' : undefined, interactive ? 'MEDIUM' : undefined, secretRead ? 'LOW' : undefined, code !== undefined && code >= 500 ? 'LOW' : undefined),
    title: `Kubernetes ${verb ?? 'request'} ${target}${code === undefined ? '' : ` → ${code}`}${denied ? ' (denied)' : ''}`,
  };
}

/** `properties.log` is the Event as an object or (as AKS writes it) a JSON string. */
export function kubeAuditLog(value: unknown, parse: (text: string) => unknown): JsonObject | undefined {
  if (isPlainObject(value)) return value;
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return undefined;
  const parsedValue = parse(value.trim());
  return isPlainObject(parsedValue) ? parsedValue : undefined;
}
