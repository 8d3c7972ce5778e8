import { startVendor, type LoopbackVendor, type SeenRequest, type VendorReply } from './server.js';

type Obj = Record<string, any>;

/** Where each resource lives in the API (group/version path) and its kind. */
export const K8S_RESOURCES: Record<string, { prefix: string; kind: string }> = {
  deployments: { prefix: '/apis/apps/v1', kind: 'Deployment' },
  replicasets: { prefix: '/apis/apps/v1', kind: 'ReplicaSet' },
  statefulsets: { prefix: '/apis/apps/v1', kind: 'StatefulSet' },
  daemonsets: { prefix: '/apis/apps/v1', kind: 'DaemonSet' },
  configmaps: { prefix: '/api/v1', kind: 'ConfigMap' },
  secrets: { prefix: '/api/v1', kind: 'Secret' },
  events: { prefix: '/api/v1', kind: 'Event' },
};

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Obj;
}

/**
 * A Kubernetes API server on loopback, as far as the connector uses it: lists with `limit` and
 * `continue` (all namespaces or one), metadata-only answers for
 * `Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1`, watch streams of
 * newline-delimited `{type, object}` (ADDED/MODIFIED/DELETED, then a BOOKMARK), an ERROR event
 * with 410 Gone when the asked resourceVersion is compacted, bearer tokens (401 on any other) and
 * 403 for resources the token may not list.
 */
export class FakeKubernetes {
  token: string;
  /** Resources that answer 403 Forbidden. */
  readonly forbidden = new Set<string>();
  /** Watches from a resourceVersion below this get 410 Gone. */
  compactedBelow = 0;
  /** The next n watches find their version compacted (as if etcd compacted between list and watch). */
  expireWatches = 0;
  private rv = 100;
  /** The version lists report: the newest applied change (queued watch changes are still in the future), never below compaction. */
  private appliedRv = 100;
  private readonly objects = new Map<string, Obj[]>();
  private readonly pendingWatch = new Map<string, Array<WatchEvent & { rv: number }>>();
  server!: LoopbackVendor;

  constructor(token: string) {
    this.token = token;
  }

  async start(): Promise<this> {
    this.server = await startVendor((req) => this.handle(req));
    return this;
  }

  get origin(): string {
    return this.server.origin;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** Adds objects as they are at list time (each gets the next resourceVersion). */
  add(resource: string, ...items: Obj[]): this {
    const list = this.objects.get(resource) ?? [];
    for (const item of items) list.push(this.stamp(resource, item));
    this.objects.set(resource, list);
    this.appliedRv = this.rv;
    return this;
  }

  /** Queues a change that the next watch on the resource will stream (and applies it to later lists). */
  change(resource: string, type: WatchEvent['type'], object: Obj): this {
    const stamped = this.stamp(resource, object);
    const queue = this.pendingWatch.get(resource) ?? [];
    queue.push({ type, object: stamped, rv: Number(stamped.metadata.resourceVersion) });
    this.pendingWatch.set(resource, queue);
    return this;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  private stamp(resource: string, item: Obj): Obj {
    this.rv++;
    return { apiVersion: K8S_RESOURCES[resource]!.prefix.replace(/^\/apis?\//, ''), kind: K8S_RESOURCES[resource]!.kind, ...item, metadata: { ...item.metadata, resourceVersion: String(this.rv) } };
  }

  private handle(req: SeenRequest): VendorReply {
    if (req.headers.authorization !== `Bearer ${this.token}`) return status(401, 'Unauthorized', 'Unauthorized');
    const m = /^(\/apis\/apps\/v1|\/api\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)$/.exec(req.path);
    const resource = m?.[3];
    if (!m || !resource || K8S_RESOURCES[resource]?.prefix !== m[1]) return status(404, 'NotFound', 'the server could not find the requested resource');
    if (this.forbidden.has(resource)) return status(403, 'Forbidden', `${resource} is forbidden: User "system:serviceaccount:bridge:collector" cannot list resource "${resource}"`);
    const namespace = m[2];
    const inNs = (o: Obj) => namespace === undefined || o.metadata?.namespace === namespace;
    const metadataOnly = String(req.headers.accept ?? '').includes('as=PartialObjectMetadataList');
    const shape = (o: Obj): Obj => (metadataOnly ? { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: o.metadata } : o);
    if (req.query.get('watch') === '1' || req.query.get('watch') === 'true') {
      const from = Number(req.query.get('resourceVersion') ?? 0);
      if (from < this.compactedBelow || this.expireWatches-- > 0) {
      // What a real server says when the version was compacted: 200, one ERROR event, end of stream.
        return { headers: { 'content-type': 'application/json' }, text: `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `too old resource version: ${from}`, reason: 'Expired', code: 410 } })}\n` };
      }
      const events = (this.pendingWatch.get(resource) ?? []).filter((e) => e.rv > from && inNs(e.object));
      for (const e of events) this.apply(resource, e);
      this.pendingWatch.set(resource, (this.pendingWatch.get(resource) ?? []).filter((e) => !events.includes(e)));
      const lines = events.map((e) => JSON.stringify({ type: e.type, object: shape(e.object) }));
      if (req.query.get('allowWatchBookmarks') === 'true') lines.push(JSON.stringify({ type: 'BOOKMARK', object: { kind: K8S_RESOURCES[resource]!.kind, metadata: { resourceVersion: String(this.rv) } } }));
      return { headers: { 'content-type': 'application/json' }, text: lines.map((l) => `${l}\n`).join('') };
    }
    const all = (this.objects.get(resource) ?? []).filter(inNs);
    const limit = Number(req.query.get('limit') ?? 500);
    const token = req.query.get('continue');
    let offset = 0;
    let listRv = String(Math.max(this.appliedRv, this.compactedBelow));
    if (token) {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset: number; rv: string };
      if (Number(parsed.rv) < this.compactedBelow) return status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.');
      ({ offset, rv: listRv } = parsed);
    }
    const items = all.slice(offset, offset + limit).map(shape);
    const more = offset + limit < all.length;
    const metadata: Obj = { resourceVersion: listRv, ...(more ? { continue: Buffer.from(JSON.stringify({ offset: offset + limit, rv: listRv })).toString('base64url'), remainingItemCount: all.length - offset - limit } : {}) };
    return { json: { apiVersion: metadataOnly ? 'meta.k8s.io/v1' : 'v1', kind: metadataOnly ? 'PartialObjectMetadataList' : `${K8S_RESOURCES[resource]!.kind}List`, metadata, items } };
  }

  private apply(resource: string, e: WatchEvent): void {
    const list = (this.objects.get(resource) ?? []).filter((o) => o.metadata.uid !== e.object.metadata.uid);
    if (e.type !== 'DELETED') list.push(e.object);
    this.objects.set(resource, list);
    this.appliedRv = Math.max(this.appliedRv, Number(e.object.metadata.resourceVersion));
  }
}

function status(code: number, reason: string, message: string): VendorReply {
  return { status: code, json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code } };
}

export async function startKubernetes(token: string): Promise<FakeKubernetes> {
  return new FakeKubernetes(token).start();
}
