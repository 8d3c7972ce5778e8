import { buildEvent, failed, mentionsKeys, parsed, recordObject, type LogType } from '../module-kit.js';
import { isK8sAuditEvent, k8sAuditAttributes, k8sAuditSeverity, k8sAuditTime, k8sAuditTitle } from '../k8s-audit.js';
import { logGroupOf } from './aws-logs-key.js';

const GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;

export const eks_audit: LogType = {
  type: 'eks_audit',
  cloud: 'aws',
  title: 'EKS Kubernetes audit log',
  delivery: [{ trigger: 'cloudwatch', pattern: 'log group `/aws/eks/<cluster>/cluster`, stream `kube-apiserver-audit-*`' }],
  recognisedBy: 'log group `/aws/eks/<cluster>/cluster` + stream `kube-apiserver-audit-*`, else JSON `kind: Event` + `apiVersion: audit.k8s.io/*`',
  fields: ['auditID', 'stage', 'level', 'verb', 'requestURI', 'user.username', 'user.groups', 'sourceIPs', 'userAgent', 'objectRef.resource', 'objectRef.namespace', 'objectRef.name', 'responseStatus.code', 'requestReceivedTimestamp', 'stageTimestamp', 'annotations.authorization.k8s.io/decision'],
  commonFields: ['k8s.verb', 'k8s.resource', 'k8s.namespace', 'user.name', 'source.ip', 'user_agent.original', 'event.action', 'event.outcome', 'http.response.status_code', 'url.path'],
  context: (ctx) => (GROUP.test(logGroupOf(ctx)) && (ctx.logStream ?? '').startsWith('kube-apiserver-audit') ? 'owns' : 'no'),
  matches: (record) => mentionsKeys(record, ['kind', 'apiVersion', 'auditID']) && (record.value === undefined ? (record.text ?? '').includes('"audit.k8s.io/') : isK8sAuditEvent(record.value)),
  parse(record) {
    const object = recordObject(record);
    if (!object.ok) return failed(`eks_audit: ${object.reason}`);
    if (!isK8sAuditEvent(object.value)) return failed('eks_audit: field apiVersion is not audit.k8s.io');
    const time = k8sAuditTime(object.value);
    if (time === undefined) return failed('eks_audit: field stageTimestamp is missing');
    return parsed('eks_audit', { ...object.value }, time);
  },
  normalize(p, ctx) {
    const cluster = GROUP.exec(ctx.record.meta.logGroup ?? '')?.[1];
    return buildEvent('eks_audit', p, ctx, {
      severity: k8sAuditSeverity(p.fields),
      title: k8sAuditTitle(p.fields),
      resource: { cloud: 'aws', account: ctx.record.meta.owner, service: 'eks', name: cluster, id: cluster },
      asset: cluster,
      attributes: k8sAuditAttributes(p.fields),
    });
  },
};
