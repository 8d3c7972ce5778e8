import { createHmac } from 'node:crypto';

/**
 * What the Kubernetes connector keeps of an object (seed 003 K8S-003), applied the moment a
 * response is parsed: a projection of the fields the evidence needs. Secret values are never
 * kept (key names only when asked); ConfigMap values become keyed hashes (or nothing without a
 * key); `managedFields` and the `last-applied-configuration` annotation are dropped (they carry
 * whole previous specs); container env and args are not kept. Pure.
 */

type Obj = Record<string, any>;

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface SanitizeOptions {
  secretKeyNames: boolean;
  /** Keyed hash of a ConfigMap value (16 hex), or undefined when no key is configured. */
  hash?: (value: string) => string;
}

export function keyedHasher(key: string): (value: string) => string {
  return (value) => createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 16);
}

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** The latest managedFields time: when the object (or its status) was last written. */
function lastWrite(meta: Obj): string | undefined {
  const times = (Array.isArray(meta.managedFields) ? meta.managedFields : []).map((f: Obj) => f?.time).filter((t: unknown): t is string => typeof t === 'string');
  return times.sort().at(-1);
}

function metadata(meta: Obj): Obj {
  const annotations = { ...obj(meta.annotations) };
  delete annotations[LAST_APPLIED];
  return {
    name: meta.name,
    namespace: meta.namespace,
    uid: meta.uid,
    resourceVersion: meta.resourceVersion,
    generation: meta.generation,
    creationTimestamp: meta.creationTimestamp,
    deletionTimestamp: meta.deletionTimestamp,
    labels: obj(meta.labels),
    annotations,
    ownerReferences: Array.isArray(meta.ownerReferences) ? meta.ownerReferences.map((o: Obj) => ({ kind: o?.kind, name: o?.name, uid: o?.uid })) : [],
    lastWrite: lastWrite(meta),
  };
}

function containers(spec: Obj): Obj[] {
  const pod = obj(obj(obj(spec.template).spec));
  return [...(Array.isArray(pod.initContainers) ? pod.initContainers : []), ...(Array.isArray(pod.containers) ? pod.containers : [])].map((c: Obj) => ({ name: c?.name, image: c?.image }));
}

export function sanitizeWorkload(o: Obj): Obj {
  const spec = obj(o.spec);
  const status = obj(o.status);
  const template = obj(obj(spec.template).metadata);
  return {
    kind: o.kind,
    metadata: metadata(obj(o.metadata)),
    spec: { replicas: spec.replicas, strategy: obj(spec.strategy).type ?? obj(spec.updateStrategy).type, containers: containers(spec), templateLabels: obj(template.labels), templateAnnotations: metadata({ annotations: template.annotations }).annotations },
    status: {
      observedGeneration: status.observedGeneration,
      replicas: status.replicas,
      updatedReplicas: status.updatedReplicas,
      readyReplicas: status.readyReplicas,
      availableReplicas: status.availableReplicas,
      unavailableReplicas: status.unavailableReplicas,
      currentRevision: status.currentRevision,
      updateRevision: status.updateRevision,
      desiredNumberScheduled: status.desiredNumberScheduled,
      updatedNumberScheduled: status.updatedNumberScheduled,
      numberAvailable: status.numberAvailable,
      conditions: (Array.isArray(status.conditions) ? status.conditions : []).map((c: Obj) => ({ type: c?.type, status: c?.status, reason: c?.reason, message: c?.message, lastUpdateTime: c?.lastUpdateTime, lastTransitionTime: c?.lastTransitionTime })),
    },
  };
}

/** ConfigMap → key names and keyed hashes; Secret → names (and key names when asked), values dropped. */
export function sanitizeConfig(o: Obj, options: SanitizeOptions): Obj {
  const isSecret = o.kind === 'Secret';
  const data = { ...obj(o.data), ...(isSecret ? obj(o.stringData) : {}) };
  const binary = obj(o.binaryData);
  const keys = [...Object.keys(data), ...Object.keys(binary)].sort();
  const out: Obj = { kind: isSecret ? 'Secret' : 'ConfigMap', metadata: metadata(obj(o.metadata)) };
  if (isSecret) {
    out.type = o.type;
    if (options.secretKeyNames) out.keys = keys;
    return out;
  }
  out.keys = keys;
  if (options.hash) {
    const hash = options.hash;
    out.value_hashes = Object.fromEntries(keys.map((k) => [k, hash(typeof data[k] === 'string' ? data[k] : String(binary[k] ?? ''))]));
  }
  return out;
}

export function sanitizeEvent(o: Obj): Obj {
  const involved = obj(o.involvedObject ?? o.regarding);
  return {
    kind: 'Event',
    metadata: metadata(obj(o.metadata)),
    involvedObject: { kind: involved.kind, name: involved.name, namespace: involved.namespace, uid: involved.uid },
    reason: o.reason,
    message: typeof o.message === 'string' ? o.message.slice(0, 1024) : undefined,
    type: o.type,
    count: o.count ?? obj(o.series).count,
    firstTimestamp: o.firstTimestamp ?? o.deprecatedFirstTimestamp,
    lastTimestamp: o.lastTimestamp ?? o.deprecatedLastTimestamp,
    eventTime: o.eventTime,
    reportingController: o.reportingController ?? obj(o.source).component,
  };
}
