/** Small factories for Kubernetes objects as the API returns them (apps/v1, v1), written from the API reference. */

type Obj = Record<string, any>;
let uid = 0;
const nextUid = () => `00000000-0000-4000-8000-${String(++uid).padStart(12, '0')}`;

export interface WorkloadSpec {
  name: string;
  namespace?: string;
  image: string;
  generation?: number;
  observedGeneration?: number;
  replicas?: number;
  ready?: number;
  progressReason?: string;
  at: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function deployment(s: WorkloadSpec): Obj {
  const replicas = s.replicas ?? 2;
  const ready = s.ready ?? replicas;
  return {
    metadata: {
      name: s.name,
      namespace: s.namespace ?? 'shop',
      uid: nextUid(),
      generation: s.generation ?? 3,
      creationTimestamp: '2026-10-01T08:00:00Z',
      labels: { 'app.kubernetes.io/name': s.name, ...s.labels },
      annotations: { 'deployment.kubernetes.io/revision': '7', 'kubectl.kubernetes.io/last-applied-configuration': '{"spec":{"template":{"spec":{"containers":[{"env":[{"name":"DB_PASSWORD","value":"applied-config-secret"}]}]}}}}', ...s.annotations },
      managedFields: [{ manager: 'kubectl', operation: 'Update', time: s.at, fieldsV1: { 'f:spec': {} } }],
    },
    spec: {
      replicas,
      strategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': s.name } },
        spec: { containers: [{ name: 'app', image: s.image, env: [{ name: 'API_KEY', value: 'container-env-secret' }], args: ['--token=container-arg-secret'] }] },
      },
    },
    status: {
      observedGeneration: s.observedGeneration ?? s.generation ?? 3,
      replicas,
      updatedReplicas: ready,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
      conditions: [
        { type: 'Available', status: ready >= replicas ? 'True' : 'False', reason: 'MinimumReplicasAvailable', lastUpdateTime: s.at, lastTransitionTime: s.at },
        { type: 'Progressing', status: s.progressReason === 'ProgressDeadlineExceeded' ? 'False' : 'True', reason: s.progressReason ?? 'NewReplicaSetAvailable', lastUpdateTime: s.at, lastTransitionTime: s.at },
      ],
    },
  };
}

export function configMap(name: string, data: Record<string, string>, at: string, namespace = 'shop'): Obj {
  return { metadata: { name, namespace, uid: nextUid(), creationTimestamp: at, labels: { 'app.kubernetes.io/name': 'checkout' }, managedFields: [{ manager: 'helm', time: at }] }, data };
}

export function withData(o: Obj, data: Record<string, string>, at: string): Obj {
  return { ...o, metadata: { ...o.metadata, managedFields: [{ manager: 'helm', time: at }] }, data };
}

export function secret(name: string, data: Record<string, string>, at: string, namespace = 'shop'): Obj {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { metadata: { name, namespace, uid: nextUid(), creationTimestamp: at, managedFields: [{ manager: 'kubectl', time: at }] }, type: 'Opaque', data: encoded };
}

export function event(reason: string, type: 'Normal' | 'Warning', involved: { kind: string; name: string }, at: string, message: string, namespace = 'shop'): Obj {
  return {
    metadata: { name: `${involved.name}.${reason.toLowerCase()}`, namespace, uid: nextUid(), creationTimestamp: at },
    involvedObject: { kind: involved.kind, name: involved.name, namespace },
    reason,
    message,
    type,
    count: 1,
    firstTimestamp: at,
    lastTimestamp: at,
    source: { component: 'deployment-controller' },
  };
}
