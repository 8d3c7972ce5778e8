import type { Severity } from '../schema/index.js';
import { commonFields, type CommonFieldValues } from './common-fields.js';
import { flatten } from './flatten.js';
import { at, str } from '../parse/field-read.js';
import type { JsonObject } from '../parse/json-input.js';

/**
 * Kubernetes audit.k8s.io Event helpers shared by the EKS, AKS and GKE audit types: the same
 * record, delivered three ways. Time is `stageTimestamp` (when the stage was reached), else
 * `requestReceivedTimestamp`.
 */
export function isK8sAuditEvent(value: unknown): value is JsonObject {
  return at(value, 'kind') === 'Event' && typeof at(value, 'apiVersion') === 'string' && (at(value, 'apiVersion') as string).startsWith('audit.k8s.io/');
}

export function k8sAuditTime(event: JsonObject): unknown {
  return event.stageTimestamp ?? event.requestReceivedTimestamp;
}

/** Attributes of an audit event: its fields flattened, plus the common fields. */
export function k8sAuditAttributes(event: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const flat = flatten(event);
  const resource = str(at(event, 'objectRef', 'resource'));
  const sub = str(at(event, 'objectRef', 'subresource'));
  const code = at(event, 'responseStatus', 'code');
  const sourceIps = at(event, 'sourceIPs');
  const decision = str(at(event, 'annotations', 'authorization.k8s.io/decision'));
  const common: CommonFieldValues = commonFields({
    'k8s.verb': at(event, 'verb'),
    'k8s.resource': resource === undefined ? undefined : sub === undefined ? resource : `${resource}/${sub}`,
    'k8s.namespace': at(event, 'objectRef', 'namespace'),
    'user.name': at(event, 'user', 'username'),
    'source.ip': Array.isArray(sourceIps) ? sourceIps[0] : undefined,
    'user_agent.original': at(event, 'userAgent'),
    'event.action': at(event, 'verb'),
    'event.outcome': typeof code === 'number' ? (code < 400 ? 'success' : 'failure') : undefined,
    'http.response.status_code': typeof code === 'number' ? code : undefined,
    'url.path': str(at(event, 'requestURI'))?.split('?')[0],
  });
  return { ...flat, ...common, ...(decision === 'forbid' ? { 'event.type': 'denied' } : {}) };
}

/** 401/403 → MEDIUM (denied), other 4xx → LOW, 5xx → HIGH; writes to secrets → LOW at least. */
export function k8sAuditSeverity(event: Readonly<Record<string, unknown>>): Severity {
  const code = at(event, 'responseStatus', 'code');
  if (typeof code === 'number') {
    if (code === 401 || code === 403) return 'MEDIUM';
    if (code >= 500) return 'HIGH';
    if (code >= 400) return 'LOW';
  }
  const verb = str(at(event, 'verb'));
  if (at(event, 'objectRef', 'resource') === 'secrets' && verb !== undefined && !['get', 'list', 'watch'].includes(verb)) return 'LOW';
  return 'INFO';
}

/** `get pods default/my-pod by system:serviceaccount:… → 200`. */
export function k8sAuditTitle(event: Readonly<Record<string, unknown>>): string {
  const ns = str(at(event, 'objectRef', 'namespace'));
  const name = str(at(event, 'objectRef', 'name'));
  const object = [ns, name].filter((p) => p !== undefined).join('/');
  const code = at(event, 'responseStatus', 'code');
  return `${str(at(event, 'verb')) ?? '?'} ${str(at(event, 'objectRef', 'resource')) ?? str(at(event, 'requestURI')) ?? '?'}${object ? ` ${object}` : ''} by ${str(at(event, 'user', 'username')) ?? '?'}${typeof code === 'number' ? ` → ${code}` : ''}`;
}
