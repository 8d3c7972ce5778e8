import { describeError } from '../errors.js';
import type { BronzeEventDraft } from '../schema/index.js';
import { buildHttpClient } from './base.js';
import { ConnectorAuthError, ConnectorConnectionError, ConnectorError } from './errors.js';
import type { HttpClient } from './http-base.js';
import { kubeAccess, type KubeAccess } from './kubernetes/auth.js';
import { OciRegistryClient } from './kubernetes/oci-registry.js';
import { keyedHasher, sanitizeConfig, sanitizeEvent, sanitizeWorkload, type SanitizeOptions } from './kubernetes/sanitize.js';
import { KubernetesSettings, type K8sDataType } from './kubernetes/settings.js';
import { WorkloadRevisions, type CommitLookup } from './kubernetes/workload-revision.js';
import { ConnectorMetrics, type ConnectorMetricsSnapshot } from './metrics.js';
import { normalizeKubernetes, objectTime, type Change, type K8sRecord } from './normalize/kubernetes.js';
import { isRecord } from './pagination.js';
import type { Capabilities, CollectWindow, Connector, ConnectorDeps, HealthStatus, NormalizeContext, RawPage } from './types.js';

/**
 * Kubernetes (seed 003 K8S-001..003): lists Deployments, ReplicaSets, StatefulSets, DaemonSets,
 * ConfigMaps, Secrets and Events (pages with `continue`), then optionally watches from the listed
 * resourceVersion (bookmarks on) for `watch`; a 410 Gone relists. Objects are sanitized the
 * moment a page is parsed (kubernetes/sanitize.ts); Secrets are asked for as metadata only unless
 * key names are wanted. Workload images are mapped to revisions (OCI labels, confirmed SHA tags,
 * annotations) and linked to their commit when a commit lookup is configured.
 */
export const type = 'kubernetes';
export const settings = KubernetesSettings;

const PATHS: Record<K8sDataType, { prefix: string; sourceType: string }> = {
  deployments: { prefix: '/apis/apps/v1', sourceType: 'deployment' },
  replicasets: { prefix: '/apis/apps/v1', sourceType: 'deployment' },
  statefulsets: { prefix: '/apis/apps/v1', sourceType: 'deployment' },
  daemonsets: { prefix: '/apis/apps/v1', sourceType: 'deployment' },
  configmaps: { prefix: '/api/v1', sourceType: 'config_change' },
  secrets: { prefix: '/api/v1', sourceType: 'config_change' },
  events: { prefix: '/api/v1', sourceType: 'k8s_event' },
};
const ALL_NAMESPACES = 'all-namespaces';
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

type Obj = Record<string, unknown>;

interface Client {
  access: KubeAccess;
  http: HttpClient;
  revisions: WorkloadRevisions;
  sanitize: SanitizeOptions;
}

export class KubernetesConnector implements Connector {
  readonly type = type;
  readonly name: string;
  private readonly meter: ConnectorMetrics;
  private client: Promise<Client> | undefined;
  private resolved: Client | undefined;
  /** The last version of each object seen this run (uid → sanitized), for watch diffs. */
  private readonly seen = new Map<string, Obj>();
  private readonly report = { resources_read: new Set<string>(), relists: 0, watch_events: 0, bookmarks: 0 };

  constructor(
    readonly settings: KubernetesSettings,
    private readonly deps: ConnectorDeps,
  ) {
    this.name = deps.name;
    this.meter = new ConnectorMetrics(deps.name);
  }

  capabilities(): Capabilities {
    return {
      source: 'kubernetes',
      dataTypes: Object.fromEntries(Object.entries(PATHS).map(([k, v]) => [k, { sourceType: v.sourceType }])),
      enabledDataTypes: this.settings.data_types,
      scopes: this.settings.namespaces ?? [ALL_NAMESPACES],
      auth: this.settings.auth,
    };
  }

  private connect(): Promise<Client> {
    this.client ??= (async () => {
      const s = this.settings;
      const access = await kubeAccess(s, this.deps);
      const http = buildHttpClient(s, this.deps, this.meter, { baseUrl: access.baseUrl, fetch: access.fetch, auth: () => access.headers(), onUnauthorized: () => access.renew() });
      const hosts = new Set(Object.keys(s.registries));
      const registry = hosts.size
        ? new OciRegistryClient({
            fetch: this.deps.fetch,
            timeoutMs: s.timeout,
            insecureHosts: new Set(Object.entries(s.registries).filter(([, r]) => r.insecure_http).map(([h]) => h)),
            credentials: async (host) => {
              const r = s.registries[host];
              return r?.username && r.password_secret_ref ? { username: r.username, password: await this.deps.secrets.get(r.password_secret_ref) } : undefined;
            },
          })
        : undefined;
      const hashKey = s.value_hash_key_secret_ref ? await this.deps.secrets.get(s.value_hash_key_secret_ref) : undefined;
      this.resolved = { access, http, revisions: new WorkloadRevisions(registry, hosts, await this.commitLookup()), sanitize: { secretKeyNames: s.secret_key_names, ...(hashKey ? { hash: keyedHasher(hashKey) } : {}) } };
      return this.resolved;
    })();
    this.client.catch(() => (this.client = undefined));
    return this.client;
  }

  /** The GitHub commit lookup, loaded only when configured (plug-and-play: no GitHub code otherwise). */
  private async commitLookup(): Promise<CommitLookup | undefined> {
    const c = this.settings.commit_lookup;
    if (!c) return undefined;
    const { githubCommitLookup } = await import('./github/commit-lookup.js');
    return githubCommitLookup(c, this.settings, this.deps, this.meter);
  }

  async healthCheck(): Promise<HealthStatus> {
    const started = performance.now();
    try {
      const { http } = await this.connect();
      const dataType = this.settings.data_types[0]!;
      await http.request({ path: this.pathFor(dataType, this.capabilities().scopes[0]!), query: { limit: 1 }, headers: { accept: METADATA_ONLY } });
      return { ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      return { ok: false, latencyMs: Math.round(performance.now() - started), error: describeError(err) };
    }
  }

  private pathFor(dataType: K8sDataType, scope: string): string {
    const ns = scope === ALL_NAMESPACES ? '' : `/namespaces/${scope}`;
    return `${PATHS[dataType].prefix}${ns}/${dataType}`;
  }

  async *collect(window: CollectWindow, scope: string, dataType: string): AsyncIterable<RawPage> {
    if (!(dataType in PATHS)) throw new ConnectorError(`${this.name}: unknown data type ${dataType}`);
    const dt = dataType as K8sDataType;
    const client = await this.connect();
    let page = 0;
    let listed = await this.list(client, dt, scope);
    yield { dataType, scope, page: page++, records: await this.records(client, listed.items.filter((o) => inWindow(objectTime(o), window)), 'observed') };
    if (this.settings.watch <= 0) return;
    // One watch from the listed version; the server ends it at timeoutSeconds. A 410 relists once.
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await this.watch(client, dt, scope, listed.resourceVersion);
      if (result.records.length) yield { dataType, scope, page: page++, records: await this.records(client, result.records.map((r) => r.object), result.records.map((r) => r.change)) };
      if (!result.gone || attempt > 0) return;
      this.report.relists++;
      listed = await this.list(client, dt, scope);
      yield { dataType, scope, page: page++, records: await this.records(client, listed.items.filter((o) => inWindow(objectTime(o), window)), 'observed') };
    }
  }

  /** Every page of a list (limit + continue); an expired continue token (410) restarts the list once. */
  private async list(client: Client, dataType: K8sDataType, scope: string): Promise<{ items: Obj[]; resourceVersion: string }> {
    const path = this.pathFor(dataType, scope);
    const headers = dataType === 'secrets' && !this.settings.secret_key_names ? { accept: METADATA_ONLY } : undefined;
    for (let attempt = 0; ; attempt++) {
      const items: Obj[] = [];
      let cont: string | undefined;
      let resourceVersion = '';
      try {
        for (let pages = 0; pages < this.settings.max_pages; pages++) {
          const res = await client.http.request<Obj>({ path, query: { limit: this.settings.page_size, continue: cont }, ...(headers ? { headers } : {}) });
          const body = isRecord(res.body) ? res.body : {};
          // Sanitized at once: Secret values and managedFields never leave this loop.
          for (const item of Array.isArray(body.items) ? body.items : []) items.push(this.sanitize(client, dataType, item));
          const meta = isRecord(body.metadata) ? body.metadata : {};
          resourceVersion = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : resourceVersion;
          cont = typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
          if (!cont) break;
        }
        if (cont) throw new ConnectorError(`${this.name}: ${dataType} still had pages after max_pages (${this.settings.max_pages}); raise max_pages or page_size`, { context: { connector: this.name, dataType } });
        this.report.resources_read.add(dataType);
        return { items, resourceVersion };
      } catch (err) {
        if (attempt === 0 && err instanceof ConnectorError && err.status === 410) {
          this.report.relists++;
          continue;
        }
        throw err;
      }
    }
  }

  private sanitize(client: Client, dataType: K8sDataType, item: unknown): Obj {
    const o = isRecord(item) ? item : {};
    const kind = { deployments: 'Deployment', replicasets: 'ReplicaSet', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet', configmaps: 'ConfigMap', secrets: 'Secret', events: 'Event' }[dataType];
    const typed = { ...o, kind };
    if (dataType === 'configmaps' || dataType === 'secrets') return sanitizeConfig(typed, client.sanitize);
    if (dataType === 'events') return sanitizeEvent(typed);
    return sanitizeWorkload(typed);
  }

  /** One watch stream: `{type, object}` lines until the server ends it (timeoutSeconds) or our deadline. */
  private async watch(client: Client, dataType: K8sDataType, scope: string, from: string): Promise<{ records: Array<{ change: Change; object: Obj }>; gone: boolean }> {
    const seconds = Math.max(1, Math.ceil(this.settings.watch / 1000));
    const url = client.http.resolve(this.pathFor(dataType, scope), { watch: 1, resourceVersion: from, allowWatchBookmarks: true, timeoutSeconds: seconds });
    const accept = dataType === 'secrets' && !this.settings.secret_key_names ? METADATA_ONLY : 'application/json';
    const records: Array<{ change: Change; object: Obj }> = [];
    let res: Response | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const started = performance.now();
      try {
        res = await client.access.fetch(url, { headers: { accept, 'user-agent': 'telemetry-bridge', ...(await client.access.headers()) }, signal: AbortSignal.timeout(this.settings.watch + 10_000) });
      } catch (cause) {
        this.meter.recordFetch(performance.now() - started, false);
        throw new ConnectorConnectionError(`${this.name}: watch ${dataType} could not connect`, { cause, context: { connector: this.name } });
      }
      this.meter.recordFetch(performance.now() - started, res.ok);
      if (res.status === 401 && attempt === 0 && (await client.access.renew())) {
        await res.body?.cancel();
        continue;
      }
      break;
    }
    if (!res!.ok) {
      await res!.body?.cancel();
      if (res!.status === 410) return { records, gone: true };
      const Err = res!.status === 401 || res!.status === 403 ? ConnectorAuthError : ConnectorError;
      throw new Err(`${this.name}: watch ${dataType} was refused (${res!.status})`, { status: res!.status, context: { connector: this.name } });
    }
    let gone = false;
    const text = await res!.text();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as { type?: string; object?: Obj };
      if (event.type === 'ERROR') {
        if ((event.object as { code?: number } | undefined)?.code === 410) gone = true;
        continue;
      }
      if (event.type === 'BOOKMARK') {
        this.report.bookmarks++;
        continue;
      }
      const change: Change | undefined = event.type === 'ADDED' ? 'added' : event.type === 'MODIFIED' ? 'modified' : event.type === 'DELETED' ? 'deleted' : undefined;
      if (!change || !event.object) continue;
      this.report.watch_events++;
      records.push({ change, object: this.sanitize(client, dataType, event.object) });
    }
    return { records, gone };
  }

  /** Sanitized objects → connector records: previous versions for diffs, revisions for workloads. */
  private async records(client: Client, objects: Obj[], change: Change | Change[]): Promise<K8sRecord[]> {
    const out: K8sRecord[] = [];
    for (const [i, o] of objects.entries()) {
      const uid = String((o.metadata as Obj | undefined)?.uid ?? '');
      const previous = this.seen.get(uid);
      this.seen.set(uid, o);
      const c = Array.isArray(change) ? change[i]! : change;
      const r: K8sRecord = { cluster: this.settings.cluster_id, change: c, object: o, ...(previous && c !== 'observed' ? { previous } : {}) };
      if (o.kind !== 'ConfigMap' && o.kind !== 'Secret' && o.kind !== 'Event' && c !== 'deleted') Object.assign(r, await client.revisions.map(o));
      out.push(r);
    }
    return out;
  }

  normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
    return normalizeKubernetes(record, ctx);
  }

  evidenceReport(): { partial: boolean; details: Record<string, unknown> } {
    return {
      partial: false,
      details: {
        resources_read: [...this.report.resources_read].sort(),
        secrets: this.settings.secret_key_names ? 'names and key names; values dropped on receipt' : 'metadata only (names)',
        dropped: ['Secret values', 'ConfigMap values (keyed hashes only, when a key is set)', 'metadata.managedFields', 'kubectl.kubernetes.io/last-applied-configuration', 'container env, args and volumes'],
        relists: this.report.relists,
        watch_events: this.report.watch_events,
        bookmarks: this.report.bookmarks,
        lookup_errors: this.resolved?.revisions.errors ?? [],
      },
    };
  }

  metrics(): ConnectorMetricsSnapshot {
    return this.meter.snapshot();
  }
}

function inWindow(iso: string, w: CollectWindow): boolean {
  const t = Date.parse(iso);
  return Number.isFinite(t) && t >= w.start && t < w.end;
}

export function create(s: KubernetesSettings, deps: ConnectorDeps): KubernetesConnector {
  return new KubernetesConnector(s, deps);
}
