import { createHash } from 'node:crypto';
import { startVendor, type LoopbackVendor, type SeenRequest, type VendorReply } from './server.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const CONFIG = 'application/vnd.oci.image.config.v1+json';

const digestOf = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

export interface ImageSpec {
  /** Labels in the config blob (`org.opencontainers.image.revision`, …). */
  labels?: Record<string, string>;
  /** Annotations on the image manifest. */
  annotations?: Record<string, string>;
  /** Serve the tag as an image index (multi-platform) pointing at the manifest. */
  index?: boolean;
}

/**
 * An OCI distribution registry on loopback: the token flow (401 with `WWW-Authenticate: Bearer
 * realm=…,service=…,scope=…`, then GET realm with Basic credentials for a bearer token), image
 * index → image manifest → config blob, `Docker-Content-Digest` headers.
 */
export class FakeRegistry {
  private readonly blobs = new Map<string, { type: string; body: string }>();
  private readonly tags = new Map<string, string>();
  private readonly issued = new Set<string>();
  server!: LoopbackVendor;

  constructor(private readonly credentials: { username: string; password: string }) {}

  async start(): Promise<this> {
    this.server = await startVendor((req, origin) => this.handle(req, origin));
    return this;
  }

  /** `127.0.0.1:PORT`: the host part of image references. */
  get host(): string {
    return new URL(this.server.origin).host;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** Pushes an image; returns its manifest digest (what a pod's imageID carries). */
  push(name: string, tag: string, spec: ImageSpec): string {
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: spec.labels ?? {} }, rootfs: { type: 'layers', diff_ids: [] } });
    const configDigest = this.put(name, CONFIG, config);
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST, config: { mediaType: CONFIG, digest: configDigest, size: config.length }, layers: [], ...(spec.annotations ? { annotations: spec.annotations } : {}) });
    const manifestDigest = this.put(name, MANIFEST, manifest);
    let top = manifestDigest;
    if (spec.index) {
      const index = JSON.stringify({
        schemaVersion: 2,
        mediaType: INDEX,
        manifests: [
          { mediaType: MANIFEST, digest: digestOf('arm64-placeholder'), size: 1, platform: { architecture: 'arm64', os: 'linux' } },
          { mediaType: MANIFEST, digest: manifestDigest, size: manifest.length, platform: { architecture: 'amd64', os: 'linux' } },
        ],
      });
      top = this.put(name, INDEX, index);
    }
    this.tags.set(`${name}:${tag}`, top);
    return top;
  }

  private put(name: string, type: string, body: string): string {
    const digest = digestOf(body);
    this.blobs.set(`${name}@${digest}`, { type, body });
    return digest;
  }

  private handle(req: SeenRequest, origin: string): VendorReply {
    if (req.path === '/token') {
      const basic = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
      if (req.headers.authorization !== basic) return { status: 401, json: { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] } };
      const token = `registry-token-${this.issued.size + 1}`;
      this.issued.add(`${token} ${req.query.get('scope') ?? ''}`);
      return { json: { token, access_token: token, expires_in: 300 } };
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(req.path);
    if (!m) return { status: 404, json: { errors: [{ code: 'NAME_UNKNOWN' }] } };
    const [, name, what, ref] = m as unknown as [string, string, string, string];
    const scope = `repository:${name}:pull`;
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.issued.has(`${bearer} ${scope}`)) {
      return { status: 401, headers: { 'www-authenticate': `Bearer realm="${origin}/token",service="loopback-registry",scope="${scope}"` }, json: { errors: [{ code: 'UNAUTHORIZED' }] } };
    }
    const digest = ref.startsWith('sha256:') ? ref : this.tags.get(`${name}:${ref}`);
    const blob = digest ? this.blobs.get(`${name}@${digest}`) : undefined;
    if (!blob || (what === 'blobs') !== (blob.type === CONFIG)) return { status: 404, json: { errors: [{ code: what === 'blobs' ? 'BLOB_UNKNOWN' : 'MANIFEST_UNKNOWN' }] } };
    return { headers: { 'content-type': blob.type, 'docker-content-digest': digest! }, text: blob.body };
  }
}

export async function startRegistry(credentials = { username: 'bridge', password: 'loopback-registry-password' }): Promise<FakeRegistry> {
  return new FakeRegistry(credentials).start();
}
