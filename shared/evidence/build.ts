import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BridgeError } from '../errors.js';
import type { Logger, ObjectStore } from '../ports.js';
import { bundleKeys, type EvidenceManifest, type EvidenceSignature } from './manifest.js';
import { signManifest, type SigningKey } from './signing.js';

export interface EvidenceRequest {
  /** Inclusive start, RFC 3339. */
  since: string;
  /** Exclusive end, RFC 3339. */
  until: string;
  asset?: string;
  source?: string;
}

export interface BuildBundleDeps {
  store: ObjectStore;
  signingKey: SigningKey;
  clock: () => number;
  logger?: Logger;
  /** Where the bundle is staged before upload (Lambda: /tmp). */
  tmpDir?: string;
  gzipLevel?: number;
}

export interface BuiltBundle {
  manifest: EvidenceManifest;
  signature: EvidenceSignature;
  keys: ReturnType<typeof bundleKeys>;
  location: string;
}

/** Each raw/ partition key names its source, date and hour: only overlapping partitions are read. */
const RAW_KEY = /^raw\/source=([^/]+)\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//;

/**
 * Builds a signed evidence bundle from raw/: streams each partition through gunzip, keeps the
 * events in the window that match the filters, and streams them through gzip into a staged file
 * while hashing it, so memory stays flat whatever the window's size. Then uploads the bundle,
 * its manifest and the detached signature under evidence/.
 */
export async function buildEvidenceBundle(request: EvidenceRequest, deps: BuildBundleDeps): Promise<BuiltBundle> {
  const since = Date.parse(request.since);
  const until = Date.parse(request.until);
  if (!Number.isFinite(since) || !Number.isFinite(until) || since >= until) {
    throw new BridgeError('evidence window must have since < until (RFC 3339 times)', { context: { ...request } });
  }
  const createdAt = new Date(deps.clock());
  const bundleId = `evb-${createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-${randomBytes(4).toString('hex')}`;
  const keys = bundleKeys(bundleId);
  const dir = await mkdtemp(join(deps.tmpDir ?? tmpdir(), 'bridge-evidence-'));
  const staged = join(dir, 'bundle.jsonl.gz');
  try {
    const hash = createHash('sha256');
    let compressed = 0;
    let uncompressed = 0;
    let lines = 0;
    const gzip = createGzip({ level: deps.gzipLevel ?? 6 });
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, done: TransformCallback) {
        hash.update(chunk);
        compressed += chunk.length;
        done(null, chunk);
      },
    });
    const written = pipeline(gzip, hasher, createWriteStream(staged));
    // Lines go to gzip in ~64 KB writes: one write per line costs more than the compression.
    let pending: string[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const chunk = `${pending.join('\n')}\n`;
      pending = [];
      pendingBytes = 0;
      if (!gzip.write(chunk)) await new Promise((r) => gzip.once('drain', r));
    };
    for await (const line of selectedEvents(request, since, until, deps.store)) {
      lines++;
      const size = Buffer.byteLength(line) + 1;
      uncompressed += size;
      pending.push(line);
      pendingBytes += size;
      if (pendingBytes >= 64 * 1024) await flush();
    }
    await flush();
    gzip.end();
    await written;
    const manifest: EvidenceManifest = {
      schema_version: '1.0',
      bundle_id: bundleId,
      bundle_key: keys.bundle,
      window: { since: new Date(since).toISOString(), until: new Date(until).toISOString() },
      filters: { ...(request.asset ? { asset: request.asset } : {}), ...(request.source ? { source: request.source } : {}) },
      line_count: lines,
      bytes: compressed,
      uncompressed_bytes: uncompressed,
      sha256: hash.digest('hex'),
      key_id: deps.signingKey.keyId,
      algorithm: deps.signingKey.algorithm,
      created_at: createdAt.toISOString(),
    };
    const signature = signManifest(manifest, deps.signingKey);
    const { store } = deps;
    if (store.putFile) await store.putFile(keys.bundle, staged, { ifNoneMatch: '*', contentType: 'application/gzip' });
    else await store.put(keys.bundle, await readFile(staged), { ifNoneMatch: '*', contentType: 'application/gzip' });
    if ((await stat(staged)).size !== compressed) throw new BridgeError('staged bundle size changed during upload');
    await store.put(keys.manifest, `${JSON.stringify(manifest, null, 2)}\n`, { ifNoneMatch: '*', contentType: 'application/json' });
    await store.put(keys.signature, `${JSON.stringify(signature, null, 2)}\n`, { ifNoneMatch: '*', contentType: 'application/json' });
    deps.logger?.info('evidence bundle built', { bundle_id: bundleId, line_count: lines, bytes: compressed, key_id: manifest.key_id });
    return { manifest, signature, keys, location: `${store.location.replace(/\/$/, '')}/${keys.bundle}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function* selectedEvents(request: EvidenceRequest, since: number, until: number, store: ObjectStore): AsyncGenerator<string> {
  const firstHour = Math.floor(since / 3_600_000) * 3_600_000;
  for await (const info of store.list('raw/')) {
    const m = RAW_KEY.exec(info.key);
    if (!m) continue;
    if (request.source && m[1] !== request.source) continue;
    const hour = Date.parse(`${m[2]}T${m[3]}:00:00.000Z`);
    if (hour < firstHour || hour >= until) continue;
    const body = await store.getStream(info.key);
    if (!body) continue;
    const gunzip = createGunzip();
    const source = toReadable(body);
    source.pipe(gunzip);
    source.on('error', (err) => gunzip.destroy(err));
    for await (const line of createInterface({ input: gunzip, crlfDelay: Infinity })) {
      if (line === '') continue;
      const event = JSON.parse(line) as { timestamp?: string; asset?: string; source?: string };
      const t = Date.parse(event.timestamp ?? '');
      if (!(t >= since && t < until)) continue;
      if (request.asset && event.asset !== request.asset) continue;
      if (request.source && event.source !== request.source) continue;
      yield line;
    }
  }
}

function toReadable(body: AsyncIterable<Uint8Array>): Readable {
  return body instanceof Readable ? body : Readable.from(body);
}
