import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BridgeError, PreconditionFailedError } from '../errors.js';
import type { Logger, ObjectStore } from '../ports.js';
import { SOURCES } from '../schema/bronze-event.js';
import { EvidenceNotFoundError, windowPrefixes } from './bounds.js';
import { canonicalJson } from './canonical.js';
import type { EvidenceCaller } from './caller.js';
import { bundleKeys, EvidenceManifestV1, EvidenceSignatureV1, type EvidenceManifest, type EvidenceSignature } from './manifest.js';
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
  /**
   * How the window was asked for, when it was relative (`since=1h`): see evidenceRequestIdentity.
   * Default: the resolved window itself.
   */
  windowIdentity?: { since: string; until: string };
  /** The caller the platform authenticated; recorded in the manifest apart from the request. */
  caller?: EvidenceCaller;
  /** Where the bundle is staged before upload (Lambda: /tmp). */
  tmpDir?: string;
  gzipLevel?: number;
}

export interface BuiltBundle {
  manifest: EvidenceManifest;
  signature: EvidenceSignature;
  keys: ReturnType<typeof bundleKeys>;
  location: string;
  /** True when the same request over the same data had built this bundle already: nothing was written. */
  reused: boolean;
}

/** Each raw/ partition key names its source, date and hour. */
const RAW_KEY = /^raw\/source=([^/]+)\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//;
/** Partition listings run this many at a time. */
const LIST_CONCURRENCY = 8;

/**
 * The bundle id: a digest of the request (window, filters, gzip level) and of the selected content,
 * so the same request over the same data names the same bundle, and any other request or data another.
 */
export function evidenceBundleId(request: { since: string; until: string; asset?: string | undefined; source?: string | undefined }, contentSha256: string, gzipLevel: number): string {
  const identity = canonicalJson({ v: 1, since: request.since, until: request.until, asset: request.asset ?? null, source: request.source ?? null, gzip: gzipLevel, content: contentSha256 });
  return `evb-${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
}

/**
 * Builds a signed evidence bundle from the raw/ partitions inside the window: streams each through
 * gunzip, keeps the events in the window that match the filters, and streams them through gzip into
 * a staged file while hashing both. The id follows from the request and the content: when that
 * bundle exists already it is returned as is (nothing written); otherwise the bundle, its manifest
 * and the detached signature are written once under evidence/. An asset with no event in the
 * window is refused (EvidenceNotFoundError) before anything is written.
 */
export async function buildEvidenceBundle(request: EvidenceRequest, deps: BuildBundleDeps): Promise<BuiltBundle> {
  const since = Date.parse(request.since);
  const until = Date.parse(request.until);
  if (!Number.isFinite(since) || !Number.isFinite(until) || since >= until) {
    throw new BridgeError('evidence window must have since < until (RFC 3339 times)', { context: { ...request } });
  }
  const window = { since: new Date(since).toISOString(), until: new Date(until).toISOString() };
  const gzipLevel = deps.gzipLevel ?? 6;
  const dir = await mkdtemp(join(deps.tmpDir ?? tmpdir(), 'bridge-evidence-'));
  const staged = join(dir, 'bundle.jsonl.gz');
  try {
    const hash = createHash('sha256');
    const content = createHash('sha256');
    let compressed = 0;
    let uncompressed = 0;
    let lines = 0;
    const gzip = createGzip({ level: gzipLevel });
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
      content.update(chunk);
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
    if (request.asset && lines === 0) {
      throw new EvidenceNotFoundError(
        `asset ${JSON.stringify(request.asset.slice(0, 128))} has no events between ${window.since} and ${window.until}${request.source ? ` from ${request.source}` : ''}`,
      );
    }
    const bundleId = evidenceBundleId({ ...(deps.windowIdentity ?? window), asset: request.asset, source: request.source }, content.digest('hex'), gzipLevel);
    const keys = bundleKeys(bundleId);
    const { store } = deps;
    const location = `${store.location.replace(/\/$/, '')}/${keys.bundle}`;
    const existing = await existingBundle(store, keys, deps.signingKey);
    if (existing) {
      deps.logger?.info('evidence bundle reused', { bundle_id: bundleId, line_count: existing.manifest.line_count });
      return { ...existing, keys, location, reused: true };
    }
    const manifest: EvidenceManifest = {
      schema_version: '1.0',
      bundle_id: bundleId,
      bundle_key: keys.bundle,
      window,
      filters: { ...(request.asset ? { asset: request.asset } : {}), ...(request.source ? { source: request.source } : {}) },
      line_count: lines,
      bytes: compressed,
      uncompressed_bytes: uncompressed,
      sha256: hash.digest('hex'),
      key_id: deps.signingKey.keyId,
      algorithm: deps.signingKey.algorithm,
      created_at: new Date(deps.clock()).toISOString(),
      ...(deps.caller ? { requested_by: deps.caller } : {}),
    };
    // Each object is written once (if-none-match); losing a race to an identical request is not an error.
    await onceOnly(async () => {
      if (store.putFile) await store.putFile(keys.bundle, staged, { ifNoneMatch: '*', contentType: 'application/gzip' });
      else await store.put(keys.bundle, await readFile(staged), { ifNoneMatch: '*', contentType: 'application/gzip' });
    });
    if ((await stat(staged)).size !== compressed) throw new BridgeError('staged bundle size changed during upload');
    const wroteManifest = await onceOnly(() => store.put(keys.manifest, `${JSON.stringify(manifest, null, 2)}\n`, { ifNoneMatch: '*', contentType: 'application/json' }));
    if (!wroteManifest) {
      const raced = await existingBundle(store, keys, deps.signingKey);
      if (raced) return { ...raced, keys, location, reused: true };
    }
    const signature = signManifest(manifest, deps.signingKey);
    await onceOnly(() => store.put(keys.signature, `${JSON.stringify(signature, null, 2)}\n`, { ifNoneMatch: '*', contentType: 'application/json' }));
    deps.logger?.info('evidence bundle built', { bundle_id: bundleId, line_count: lines, bytes: compressed, key_id: manifest.key_id });
    return { manifest, signature, keys, location, reused: false };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs a conditional write; false when the object was there already. */
async function onceOnly(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (err instanceof PreconditionFailedError) return false;
    throw err;
  }
}

/**
 * The bundle already under these keys: its manifest and signature. A manifest whose signature was
 * never written (an interrupted build) gets it now, signed with the current key.
 */
async function existingBundle(store: ObjectStore, keys: ReturnType<typeof bundleKeys>, signingKey: SigningKey): Promise<{ manifest: EvidenceManifest; signature: EvidenceSignature } | undefined> {
  const stored = await store.get(keys.manifest);
  if (!stored) return undefined;
  const manifest = EvidenceManifestV1.parse(JSON.parse(stored.body.toString('utf8')));
  const storedSignature = await store.get(keys.signature);
  if (storedSignature) return { manifest, signature: EvidenceSignatureV1.parse(JSON.parse(storedSignature.body.toString('utf8'))) };
  const signature = signManifest(manifest, signingKey);
  await onceOnly(() => store.put(keys.signature, `${JSON.stringify(signature, null, 2)}\n`, { ifNoneMatch: '*', contentType: 'application/json' }));
  return { manifest, signature };
}

/** The keys under each partition prefix of the window, listed a few at a time, in key order. */
async function windowKeys(store: ObjectStore, prefixes: string[]): Promise<string[]> {
  const listed: string[][] = new Array<string[]>(prefixes.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < prefixes.length) {
      const i = next++;
      const keys: string[] = [];
      for await (const info of store.list(prefixes[i]!)) keys.push(info.key);
      listed[i] = keys.sort();
    }
  };
  await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, prefixes.length) }, worker));
  return listed.flat();
}

async function* selectedEvents(request: EvidenceRequest, since: number, until: number, store: ObjectStore): AsyncGenerator<string> {
  const sources = request.source ? [request.source] : SOURCES;
  const firstHour = Math.floor(since / 3_600_000) * 3_600_000;
  for (const key of await windowKeys(store, windowPrefixes(since, until, sources))) {
    const m = RAW_KEY.exec(key);
    if (!m) continue;
    const hour = Date.parse(`${m[2]}T${m[3]}:00:00.000Z`);
    if (hour < firstHour || hour >= until) continue;
    const body = await store.getStream(key);
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
