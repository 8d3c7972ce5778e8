import { createHash, randomBytes } from 'node:crypto';
import { makeS3ObjectsHandler } from '../../aws-lambda/s3-objects.js';
import { BridgeError, describeError, PersistError } from '../../shared/errors.js';
import type { BatchResult } from '../../shared/pipeline/types.js';
import type { ObjectInfo, ObjectStore } from '../../shared/ports.js';
import { createLimiter } from '../../shared/resilience/concurrency.js';
import { TokenBucket } from '../../shared/resilience/token-bucket.js';
import type { Runtime } from '../../shared/runtime.js';
import { inWindow } from './backfill-key-time.js';
import { CursorTracker, cursorKey, type BackfillCursor } from './backfill-cursor.js';
import type { BackfillSource } from './backfill-source.js';
import { s3PutEvent } from './platform-context.js';

export interface BackfillOptions {
  source: BackfillSource;
  /** The store the source is read through. */
  sourceStore: ObjectStore;
  /** The lake (raw/, quarantine/, state/, manifests/) and the pipeline. */
  runtime: Runtime;
  /** Only keys under this (after the source's own prefix). */
  prefix?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
  /** Part of the run's identity (the cursor id): the window as the user wrote it. */
  windowText?: string | undefined;
  concurrency: number;
  /** Objects per second (token bucket); undefined: no limit. */
  ratePerSecond?: number | undefined;
  /** Instead of ingesting here, hand each object on (S3 notifications to the ingest queue). */
  enqueue?: ((objects: readonly ObjectInfo[]) => Promise<void>) | undefined;
  onProgress?: (progress: BackfillProgress) => void;
  clock?: () => number;
}

export interface BackfillProgress {
  total: number;
  completed: number;
  failed: number;
  bytes: number;
  elapsedMs: number;
}

export interface BackfillReport {
  id: string;
  runId: string;
  source: string;
  mode: 'ingest' | 'enqueue';
  listed: number;
  outOfWindow: number;
  alreadyDone: number;
  ingested: number;
  enqueued: number;
  failed: Array<{ key: string; reason: string }>;
  records: { received: number; written: number; quarantined: number; filtered: number };
  bytes: number;
  elapsedMs: number;
  cursorKey: string;
  manifestKey: string;
}

/** Read failures of the source (not of the lake): the object is recorded and the run goes on. */
export class SourceReadError extends BridgeError {
  override name = 'SourceReadError';
}

/** The source store with its read failures marked, so they are told apart from failures to persist. */
function markReads(store: ObjectStore): ObjectStore {
  const mark = (key: string, cause: unknown): SourceReadError => new SourceReadError(`cannot read ${key}: ${describeError(cause).message}`, { cause, context: { key } });
  return {
    location: store.location,
    put: (key, body, options) => store.put(key, body, options),
    get: (key) => store.get(key),
    delete: (key) => store.delete(key),
    list: (prefix) => store.list(prefix),
    async getStream(key) {
      const chunks = await store.getStream(key).catch((cause: unknown) => Promise.reject(mark(key, cause)));
      if (!chunks) return null;
      return (async function* () {
        try {
          yield* chunks;
        } catch (cause) {
          throw mark(key, cause);
        }
      })();
    },
  };
}

function rootCause(err: unknown): unknown {
  let e = err;
  while (e instanceof BridgeError && !(e instanceof SourceReadError) && !(e instanceof PersistError) && e.cause !== undefined) e = e.cause;
  return e;
}

export function backfillId(source: BackfillSource, prefix: string | undefined, windowText: string | undefined): string {
  return createHash('sha256').update(`${source.scheme}|${source.bucket}|${source.prefix}|${prefix ?? ''}|${windowText ?? ''}`).digest('hex').slice(0, 16);
}

async function readCursor(store: ObjectStore, key: string): Promise<BackfillCursor | undefined> {
  const found = await store.get(key);
  return found ? (JSON.parse(found.body.toString('utf8')) as BackfillCursor) : undefined;
}

/**
 * Lists the source, keeps what the prefix and window select and what no earlier run finished,
 * and ingests each object through the S3 trigger's own handler (the same streaming decode and
 * deterministic keys), under a token bucket and bounded concurrency. The cursor is written after
 * each object is persisted; an object that cannot be read is recorded with its reason (manifest
 * and cursor, retried next run) and the run goes on; a failure to persist stops the run.
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillReport> {
  const { runtime, source } = options;
  const clock = options.clock ?? Date.now;
  const started = clock();
  const id = backfillId(source, options.prefix, options.windowText);
  const runId = `${new Date(started).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-${randomBytes(3).toString('hex')}`;
  const stateKey = cursorKey(id);
  const listPrefix = `${source.prefix}${options.prefix ?? ''}`;

  const listed: ObjectInfo[] = [];
  let outOfWindow = 0;
  for await (const info of options.sourceStore.list(listPrefix)) {
    if (inWindow(info.key, info.lastModified, options.since, options.until)) listed.push(info);
    else outOfWindow++;
  }
  listed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const tracker = new CursorTracker(listed.map((o) => o.key), await readCursor(runtime.store, stateKey), id, source.label);
  const todo = listed.filter((o) => !tracker.isDone(o.key));
  const report: BackfillReport = {
    id, runId, source: source.label, mode: options.enqueue ? 'enqueue' : 'ingest',
    listed: listed.length + outOfWindow, outOfWindow, alreadyDone: listed.length - todo.length, ingested: 0, enqueued: 0, failed: [],
    records: { received: 0, written: 0, quarantined: 0, filtered: 0 }, bytes: 0, elapsedMs: 0, cursorKey: stateKey, manifestKey: '',
  };

  let saving: Promise<unknown> = Promise.resolve();
  let stopped: unknown;
  // Writes are chained in completion order; a failed write stops the run (the next run resumes from the last good cursor).
  const saveCursor = (): Promise<unknown> => {
    const body = JSON.stringify(tracker.snapshot(new Date(clock()).toISOString()));
    saving = saving.then(() => runtime.store.put(stateKey, body, { contentType: 'application/json' })).catch((err: unknown) => {
      stopped ??= err;
    });
    return saving;
  };
  const progress = (): void => options.onProgress?.({ total: todo.length, completed: report.ingested + report.enqueued, failed: report.failed.length, bytes: report.bytes, elapsedMs: clock() - started });
  const bucket = options.ratePerSecond ? new TokenBucket({ capacity: Math.max(1, Math.ceil(options.ratePerSecond)), refillPerSecond: options.ratePerSecond }) : undefined;
  const limiter = createLimiter(options.concurrency);
  const handler = makeS3ObjectsHandler(() => Promise.resolve(runtime), { sourceStore: () => Promise.resolve(markReads(options.sourceStore)) });

  const ingestOne = async (info: ObjectInfo): Promise<void> => {
    if (stopped !== undefined) return;
    await bucket?.take();
    try {
      const out = (await handler(s3PutEvent(source.bucket, info.key, info.size, info.lastModified ?? new Date(clock())))) as { results: BatchResult[] };
      for (const r of out.results) {
        report.records.received += r.received;
        report.records.written += r.written;
        report.records.quarantined += r.quarantined;
        report.records.filtered += r.filtered;
      }
      report.ingested++;
      report.bytes += info.size;
      tracker.complete(info.key);
    } catch (err) {
      const cause = rootCause(err);
      if (cause instanceof PersistError || (!(cause instanceof SourceReadError) && !(err instanceof BridgeError))) {
        stopped ??= err;
        return;
      }
      const reason = describeError(cause).message.slice(0, 500);
      report.failed.push({ key: info.key, reason });
      tracker.complete(info.key, reason);
    }
    await saveCursor();
    progress();
  };

  const enqueueBatch = async (batch: ObjectInfo[]): Promise<void> => {
    if (stopped !== undefined) return;
    for (let i = 0; i < batch.length; i++) await bucket?.take();
    try {
      await options.enqueue!(batch);
    } catch (err) {
      stopped ??= err;
      return;
    }
    for (const info of batch) {
      tracker.complete(info.key);
      report.bytes += info.size;
    }
    report.enqueued += batch.length;
    await saveCursor();
    progress();
  };

  progress();
  if (options.enqueue) {
    const batches: ObjectInfo[][] = [];
    for (let i = 0; i < todo.length; i += 10) batches.push(todo.slice(i, i + 10));
    await Promise.all(batches.map((b) => limiter.run(() => enqueueBatch(b))));
  } else {
    await Promise.all(todo.map((info) => limiter.run(() => ingestOne(info))));
  }
  await saving;
  report.elapsedMs = clock() - started;
  report.manifestKey = `manifests/connector=backfill/dt=${new Date(started).toISOString().slice(0, 10)}/${runId}.json`;
  const manifest = { schema_version: '1.0', kind: 'backfill', ...report, status: stopped !== undefined ? 'stopped' : report.failed.length > 0 ? 'partial' : 'ok', started_at: new Date(started).toISOString(), window: { since: options.since, until: options.until } };
  await runtime.store.put(report.manifestKey, JSON.stringify(manifest, null, 2), { contentType: 'application/json' });
  if (stopped !== undefined) throw stopped;
  return report;
}
