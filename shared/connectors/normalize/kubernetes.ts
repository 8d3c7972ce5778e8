import type { BronzeEventDraft } from '../../schema/index.js';
import type { RevisionMapping } from '../kubernetes/revision.js';
import type { NormalizeContext } from '../types.js';
import { arr, draft, eventId, firstIso, rec, str, toIso } from './common.js';

/** Kubernetes workloads, ConfigMaps/Secrets and Events (already sanitized) → DeploymentEvent, ConfigChangeEvent, k8s_event. Pure. */

export type Change = 'observed' | 'added' | 'modified' | 'deleted';

export interface ImageMapping extends RevisionMapping {
  container: string;
  image: string;
  digest?: string;
}

/** What the Kubernetes connector yields per object. */
export interface K8sRecord {
  cluster: string;
  change: Change;
  object: Record<string, unknown>;
  /** The version seen before a watch MODIFIED/DELETED, in this run. */
  previous?: Record<string, unknown>;
  images?: ImageMapping[];
  mapping?: RevisionMapping;
  commit?: Record<string, unknown>;
}

export type RolloutPhase = 'started' | 'progressing' | 'complete' | 'failed';

const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** generation vs observedGeneration, replica counts and conditions → the rollout phase. */
export function rolloutPhase(o: Record<string, unknown>): RolloutPhase {
  const meta = rec(o.metadata);
  const spec = rec(o.spec);
  const status = rec(o.status);
  const conditions = arr(status.conditions).map(rec);
  const cond = (type: string) => conditions.find((c) => c.type === type);
  if (cond('Progressing')?.reason === 'ProgressDeadlineExceeded' || cond('ReplicaFailure')?.status === 'True') return 'failed';
  const generation = n(meta.generation);
  const observed = n(status.observedGeneration);
  if (generation !== undefined && (observed === undefined || observed < generation)) return 'started';
  const want = n(spec.replicas) ?? n(status.replicas) ?? 1;
  switch (o.kind) {
    case 'DaemonSet': {
      const desired = n(status.desiredNumberScheduled) ?? 0;
      return (n(status.updatedNumberScheduled) ?? 0) >= desired && (n(status.numberAvailable) ?? 0) >= desired ? 'complete' : 'progressing';
    }
    case 'StatefulSet':
      if (status.updateRevision !== undefined && status.currentRevision !== status.updateRevision) return 'progressing';
      return (n(status.readyReplicas) ?? 0) >= want ? 'complete' : 'progressing';
    case 'ReplicaSet':
      return (n(status.readyReplicas) ?? 0) >= want ? 'complete' : 'progressing';
    default:
      return (n(status.updatedReplicas) ?? 0) >= want && (n(status.availableReplicas) ?? 0) >= want && (n(status.unavailableReplicas) ?? 0) === 0 ? 'complete' : 'progressing';
  }
}

/** `<cluster_id>/<namespace>/<service>`: app.kubernetes.io/name, else the owner, else the object. */
export function serviceKey(cluster: string, o: Record<string, unknown>, fallbackName?: string): string {
  const meta = rec(o.metadata);
  const labels = rec(meta.labels);
  const owner = rec(arr(meta.ownerReferences)[0]);
  const service = str(labels['app.kubernetes.io/name']) ?? str(owner.name) ?? fallbackName ?? str(meta.name) ?? 'unknown';
  return `${cluster}/${str(meta.namespace) ?? '_cluster'}/${service}`;
}

/** When the object last changed: its conditions, its last write (managedFields, read before they were dropped), its creation. */
export function changedAt(o: Record<string, unknown>): string {
  const meta = rec(o.metadata);
  const times = arr(rec(o.status).conditions)
    .map(rec)
    .flatMap((c) => [toIso(c.lastUpdateTime), toIso(c.lastTransitionTime)])
    .concat([toIso(meta.lastWrite), toIso(meta.creationTimestamp)])
    .filter((t) => t !== '')
    .sort();
  return times.at(-1) ?? '';
}

function workload(r: K8sRecord, ctx: NormalizeContext): BronzeEventDraft {
  const o = r.object;
  const meta = rec(o.metadata);
  const status = rec(o.status);
  const kind = str(o.kind) ?? 'Deployment';
  const phase: RolloutPhase = r.change === 'deleted' ? 'complete' : rolloutPhase(o);
  const annotations = rec(meta.annotations);
  const revisionNumber = str(annotations['deployment.kubernetes.io/revision']);
  const mapping = r.mapping ?? { mapping_confidence: 'low' as const, mapping_source: 'unknown' };
  const name = str(meta.name) ?? 'unknown';
  const progressing = arr(status.conditions).map(rec).find((c) => c.type === 'Progressing');
  return draft({
    source: 'kubernetes',
    sourceType: 'deployment',
    eventId: eventId(['kubernetes', r.cluster, kind, str(meta.uid), str(meta.generation), r.change === 'deleted' ? 'deleted' : phase]),
    timestamp: r.change === 'deleted' ? firstIso(meta.deletionTimestamp, ctx.window.end) : firstIso(changedAt(o), ctx.window.end),
    ingestedAt: ctx.ingestedAt,
    severity: phase === 'failed' ? 'HIGH' : 'INFO',
    title: `${kind} ${str(meta.namespace) ?? ''}/${name} rollout ${r.change === 'deleted' ? 'deleted' : phase}${mapping.revision ? ` at ${mapping.revision.slice(0, 12)}` : ''}`,
    fallbackTitle: 'Kubernetes rollout',
    resource: { cloud: 'onprem', service: 'kubernetes', account: r.cluster, name: `${str(meta.namespace) ?? ''}/${name}`, id: str(meta.uid) },
    asset: serviceKey(r.cluster, o),
    attributes: {
      cluster_id: r.cluster,
      kind,
      namespace: str(meta.namespace),
      name,
      change: r.change,
      phase,
      generation: n(meta.generation),
      observed_generation: n(status.observedGeneration),
      rollout_revision: revisionNumber,
      replicas: n(rec(o.spec).replicas),
      updated_replicas: n(status.updatedReplicas),
      ready_replicas: n(status.readyReplicas),
      available_replicas: n(status.availableReplicas),
      conditions: arr(status.conditions).map((c) => ({ type: rec(c).type, status: rec(c).status, reason: rec(c).reason })),
      progress_reason: str(progressing?.reason),
      images: (r.images ?? []).map((i) => ({ container: i.container, image: i.image, digest: i.digest, revision: i.revision, mapping_confidence: i.mapping_confidence, mapping_source: i.mapping_source })),
      revision: mapping.revision,
      mapping_confidence: mapping.mapping_confidence,
      mapping_source: mapping.mapping_source,
      mapping_note: mapping.revision === undefined ? 'revision unknown: no OCI label, confirmed tag, CI annotation or version label; do not attribute strongly' : undefined,
      commit: r.commit,
    },
    raw: o,
  });
}

function configChange(r: K8sRecord, ctx: NormalizeContext): BronzeEventDraft {
  const o = r.object;
  const meta = rec(o.metadata);
  const kind = o.kind === 'Secret' ? 'Secret' : 'ConfigMap';
  const keys = arr(o.keys).map(String);
  const before = r.previous ? arr(r.previous.keys).map(String) : r.change === 'added' ? [] : undefined;
  const hashes = rec(o.value_hashes) as Record<string, string>;
  const oldHashes = rec(r.previous?.value_hashes) as Record<string, string>;
  let added: string[] = [];
  let removed: string[] = [];
  let changed: string[] = [];
  if (r.change === 'deleted') removed = keys;
  else if (before !== undefined) {
    added = keys.filter((k) => !before.includes(k));
    removed = before.filter((k) => !keys.includes(k));
    changed = keys.filter((k) => before.includes(k) && hashes[k] !== undefined && hashes[k] !== oldHashes[k]);
  }
  const name = str(meta.name) ?? 'unknown';
  return draft({
    source: 'kubernetes',
    sourceType: 'config_change',
    eventId: eventId(['kubernetes', r.cluster, kind, str(meta.uid), str(meta.resourceVersion), r.change]),
    timestamp: r.change === 'deleted' ? firstIso(meta.deletionTimestamp, ctx.window.end) : firstIso(meta.lastWrite, meta.creationTimestamp, ctx.window.end),
    ingestedAt: ctx.ingestedAt,
    severity: 'INFO',
    title: `${kind} ${str(meta.namespace) ?? ''}/${name} ${r.change}`,
    fallbackTitle: 'Kubernetes config change',
    resource: { cloud: 'onprem', service: 'kubernetes', account: r.cluster, name: `${str(meta.namespace) ?? ''}/${name}`, id: str(meta.uid) },
    asset: serviceKey(r.cluster, o),
    attributes: {
      cluster_id: r.cluster,
      kind,
      namespace: str(meta.namespace),
      name,
      change: r.change,
      keys: o.keys === undefined ? undefined : keys,
      keys_added: added,
      keys_removed: removed,
      keys_changed: changed,
      value_hashes: kind === 'ConfigMap' && o.value_hashes !== undefined ? hashes : undefined,
      secret_type: kind === 'Secret' ? str(o.type) : undefined,
    },
    raw: o,
  });
}

function k8sEvent(r: K8sRecord, ctx: NormalizeContext): BronzeEventDraft {
  const o = r.object;
  const meta = rec(o.metadata);
  const involved = rec(o.involvedObject);
  return draft({
    source: 'kubernetes',
    sourceType: 'k8s_event',
    eventId: eventId(['kubernetes', r.cluster, 'Event', str(meta.uid), str(o.count) ?? '1']),
    timestamp: firstIso(o.lastTimestamp, o.eventTime, o.firstTimestamp, meta.creationTimestamp),
    ingestedAt: ctx.ingestedAt,
    severity: o.type === 'Warning' ? 'MEDIUM' : 'INFO',
    title: `${str(o.reason) ?? 'Event'}: ${str(involved.kind) ?? ''} ${str(involved.namespace) ?? ''}/${str(involved.name) ?? ''}`,
    fallbackTitle: 'Kubernetes event',
    description: str(o.message),
    resource: { cloud: 'onprem', service: 'kubernetes', account: r.cluster, name: `${str(involved.namespace) ?? ''}/${str(involved.name) ?? ''}`, id: str(involved.uid) },
    asset: `${r.cluster}/${str(involved.namespace) ?? str(meta.namespace) ?? '_cluster'}/${str(involved.name) ?? 'unknown'}`,
    attributes: { cluster_id: r.cluster, reason: str(o.reason), type: str(o.type), count: n(o.count), involved_kind: str(involved.kind), involved_name: str(involved.name), reporting_controller: str(o.reportingController) },
    raw: o,
  });
}

/** The time the collection window is tested against: an Event's last occurrence, else the object's last change. */
export function objectTime(o: Record<string, unknown>): string {
  if (o.kind === 'Event') return firstIso(o.lastTimestamp, o.eventTime, o.firstTimestamp, rec(o.metadata).creationTimestamp);
  return changedAt(o);
}

export function normalizeKubernetes(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
  const r = rec(record) as unknown as K8sRecord;
  const kind = rec(r.object).kind;
  if (kind === 'ConfigMap' || kind === 'Secret') return configChange(r, ctx);
  if (kind === 'Event') return k8sEvent(r, ctx);
  return workload({ ...r, object: rec(r.object) }, ctx);
}
