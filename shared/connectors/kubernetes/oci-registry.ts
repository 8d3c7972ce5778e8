/**
 * Reads an image's OCI metadata from its registry (distribution API): the manifest (following
 * an index to one platform) and the config blob, for the labels and annotations the revision
 * mapping needs. Token auth as registries do it: a 401 with `WWW-Authenticate: Bearer realm,
 * service, scope` → GET the realm (Basic credentials when configured) → retry with the bearer.
 * Credentials and tokens live in memory only, for the run.
 */

export interface ImageRef {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export interface ImageMetadata {
  digest?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RegistryOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Hosts spoken to over plain http (a loopback or in-cluster registry). */
  insecureHosts: ReadonlySet<string>;
  credentials(host: string): Promise<{ username: string; password: string } | undefined>;
  platform?: { os: string; architecture: string };
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const MAX_BODY = 4 * 1024 * 1024;

/** `registry/ns/name:tag@sha256:…` → parts; Docker Hub's defaults applied. */
export function parseImageRef(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'registry-1.docker.io';
  let path = hasRegistry ? rest.slice(slash + 1) : rest;
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon > path.lastIndexOf('/')) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  if (!hasRegistry && !path.includes('/')) path = `library/${path}`;
  return { registry, repository: path, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), ...(!tag && !digest ? { tag: 'latest' } : {}) };
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters. */
export function parseBearerChallenge(header: string | null): Record<string, string> | undefined {
  if (!header || !/^Bearer\s/i.test(header)) return undefined;
  const out: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) out[m[1]!.toLowerCase()] = m[2]!;
  return out.realm ? out : undefined;
}

export class OciRegistryClient {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: RegistryOptions) {}

  async imageMetadata(ref: ImageRef): Promise<ImageMetadata> {
    const base = `${this.options.insecureHosts.has(ref.registry) ? 'http' : 'https'}://${ref.registry}/v2/${ref.repository}`;
    const top = await this.getJson(ref, `${base}/manifests/${ref.digest ?? ref.tag}`, ACCEPT);
    let manifest = top.body;
    const digest = ref.digest ?? top.digest;
    if (Array.isArray(manifest.manifests)) {
      const want = this.options.platform ?? { os: 'linux', architecture: 'amd64' };
      const entries = manifest.manifests as Array<Record<string, any>>;
      const chosen = entries.find((m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture) ?? entries[0];
      if (!chosen || typeof chosen.digest !== 'string') throw new Error('image index lists no manifest');
      manifest = (await this.getJson(ref, `${base}/manifests/${chosen.digest}`, ACCEPT)).body;
    }
    const annotations = stringRecord(manifest.annotations);
    const configDigest = (manifest.config as Record<string, unknown> | undefined)?.digest;
    if (typeof configDigest !== 'string') throw new Error('image manifest has no config');
    const config = (await this.getJson(ref, `${base}/blobs/${configDigest}`, 'application/vnd.oci.image.config.v1+json, application/json')).body;
    const labels = stringRecord((config.config as Record<string, unknown> | undefined)?.Labels);
    return { ...(digest ? { digest } : {}), labels, annotations };
  }

  private async getJson(ref: ImageRef, url: string, accept: string): Promise<{ body: Record<string, any>; digest?: string }> {
    const scopeKey = `${ref.registry} repository:${ref.repository}:pull`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = this.tokens.get(scopeKey);
      const res = await this.options.fetch(url, { headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: AbortSignal.timeout(this.options.timeoutMs) });
      if (res.status === 401 && attempt === 0) {
        await res.body?.cancel();
        const challenge = parseBearerChallenge(res.headers.get('www-authenticate'));
        if (!challenge) throw new Error(`registry ${ref.registry} refused the request (401) without a bearer challenge`);
        this.tokens.set(scopeKey, await this.fetchToken(ref, challenge));
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`registry ${ref.registry} answered ${res.status} for ${new URL(url).pathname}`);
      }
      const text = await res.text();
      if (text.length > MAX_BODY) throw new Error(`registry ${ref.registry}: document too large`);
      const digest = res.headers.get('docker-content-digest') ?? undefined;
      return { body: JSON.parse(text) as Record<string, any>, ...(digest ? { digest } : {}) };
    }
    throw new Error(`registry ${ref.registry} refused the token it issued`);
  }

  private async fetchToken(ref: ImageRef, challenge: Record<string, string>): Promise<string> {
    const realm = new URL(challenge.realm!);
    if (challenge.service) realm.searchParams.set('service', challenge.service);
    realm.searchParams.set('scope', challenge.scope ?? `repository:${ref.repository}:pull`);
    const creds = await this.options.credentials(ref.registry);
    const headers: Record<string, string> = creds ? { authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` } : {};
    const res = await this.options.fetch(realm, { headers, signal: AbortSignal.timeout(this.options.timeoutMs) });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`registry ${ref.registry}: token endpoint answered ${res.status}`);
    }
    const body = (await res.json()) as { token?: unknown; access_token?: unknown };
    const token = typeof body.token === 'string' ? body.token : body.access_token;
    if (typeof token !== 'string' || token === '') throw new Error(`registry ${ref.registry}: token endpoint returned no token`);
    return token;
  }
}

function stringRecord(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
