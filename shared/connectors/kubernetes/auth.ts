import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import type { ConnectorDeps } from '../types.js';
import type { KubernetesSettings } from './settings.js';

/** How the connector reaches and authenticates to the API server. Never logs a token. */
export interface KubeAccess {
  baseUrl: string;
  fetch: typeof fetch;
  headers(): Promise<Record<string, string>>;
  /** After a 401: re-read the token; true when it changed (worth one more try). */
  renew(): Promise<boolean>;
}

/** A fetch that trusts `ca` (the cluster CA), built on undici only when TLS options are needed. */
async function tlsFetch(base: typeof fetch, url: string, tls: { ca?: string; cert?: string; key?: string; insecure?: boolean }): Promise<typeof fetch> {
  if (!url.startsWith('https:') || (!tls.ca && !tls.cert && !tls.insecure)) return base;
  const undici = await import('undici');
  const agent = new undici.Agent({ connect: { ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}), rejectUnauthorized: !tls.insecure } });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) => undici.fetch(input as never, { ...(init as object), dispatcher: agent } as never)) as unknown as typeof fetch;
}

/**
 * The ServiceAccount token file, re-read when older than 60 s or after a 401 (kubelet rotates
 * projected tokens; client-node does the same).
 */
class TokenFile {
  private cached: { token: string; at: number } | undefined;
  constructor(
    private readonly path: string,
    private readonly clock: () => number,
  ) {}
  async get(): Promise<string> {
    if (!this.cached || this.clock() - this.cached.at >= 60_000) this.cached = { token: (await readFile(this.path, 'utf8')).trim(), at: this.clock() };
    return this.cached.token;
  }
  async reread(): Promise<boolean> {
    const before = this.cached?.token;
    this.cached = undefined;
    return (await this.get()) !== before;
  }
}

export async function kubeAccess(s: KubernetesSettings, deps: ConnectorDeps): Promise<KubeAccess> {
  if (s.auth === 'in_cluster') {
    const host = process.env.KUBERNETES_SERVICE_HOST;
    const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';
    const baseUrl = s.base_url ?? (host ? `https://${host.includes(':') ? `[${host}]` : host}:${port}` : undefined);
    if (!baseUrl) throw new ConfigError(`${deps.name}: auth in_cluster needs KUBERNETES_SERVICE_HOST (not running in a pod?) or base_url`);
    const ca = baseUrl.startsWith('https:') ? await readFile(s.ca_file ?? join(s.service_account_dir, 'ca.crt'), 'utf8').catch(() => undefined) : undefined;
    const token = new TokenFile(join(s.service_account_dir, 'token'), deps.clock);
    return {
      baseUrl,
      fetch: await tlsFetch(deps.fetch, baseUrl, ca ? { ca } : {}),
      headers: async () => ({ authorization: `Bearer ${await token.get()}` }),
      renew: () => token.reread(),
    };
  }
  if (s.auth === 'token') {
    const ca = s.ca_file ? await readFile(s.ca_file, 'utf8') : undefined;
    return {
      baseUrl: s.base_url!,
      fetch: await tlsFetch(deps.fetch, s.base_url!, ca ? { ca } : {}),
      headers: async () => ({ authorization: `Bearer ${await deps.secrets.get(s.token_secret_ref!)}` }),
      renew: async () => false,
    };
  }
  // kubeconfig: client-node reads the file (contexts, CA data, client certs, exec plugins) and is loaded only here.
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromFile(s.kubeconfig_path!);
  if (s.context) kc.setCurrentContext(s.context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ConfigError(`${deps.name}: kubeconfig ${s.kubeconfig_path} has no current cluster`);
  const baseUrl = (s.base_url ?? cluster.server).replace(/\/+$/, '');
  const options = async (): Promise<{ headers: Record<string, string>; ca?: string; cert?: string; key?: string }> => {
    const o: { headers?: Record<string, string>; ca?: Buffer | string; cert?: Buffer | string; key?: Buffer | string } = {};
    await kc.applyToHTTPSOptions(o as never);
    return { headers: { ...(o.headers ?? {}) }, ...(o.ca ? { ca: String(o.ca) } : {}), ...(o.cert ? { cert: String(o.cert), key: String(o.key) } : {}) };
  };
  const first = await options();
  return {
    baseUrl,
    fetch: await tlsFetch(deps.fetch, baseUrl, { ...first, insecure: cluster.skipTLSVerify === true }),
    headers: async () => {
      const h = (await options()).headers;
      return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)]));
    },
    renew: async () => true,
  };
}
