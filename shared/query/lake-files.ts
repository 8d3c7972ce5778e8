import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import { summaryFromMetadata } from '../pipeline/summary-metadata.js';
import type { ObjectInfo, ObjectStore } from '../ports.js';
import type { TelemetrySummary } from '../schema/index.js';
import { VIEW_NAMES, VIEW_PREFIX, type ViewName } from './views.js';

/** Default cap on what one query reads from a cloud store (fetched into a temp folder). */
export const DEFAULT_FETCH_CAP_BYTES = 2 * 1024 * 1024 * 1024;

export interface LakeScope {
  since?: string;
  until?: string;
  source?: string;
}

/** The objects of a view whose partitions can hold data in the window (dt= and source= pruning). */
export async function listViewObjects(store: ObjectStore, view: ViewName, scope: LakeScope): Promise<ObjectInfo[]> {
  const sinceDay = scope.since?.slice(0, 10);
  const untilDay = scope.until?.slice(0, 10);
  const prefix = view === 'events' && scope.source ? `${VIEW_PREFIX.events}source=${scope.source}/` : VIEW_PREFIX[view];
  const out: ObjectInfo[] = [];
  for await (const info of store.list(prefix)) {
    if (!(view === 'events' || view === 'quarantine' ? info.key.endsWith('.jsonl.gz') : info.key.endsWith('.json'))) continue;
    const dt = /(?:^|\/)dt=(\d{4}-\d{2}-\d{2})\//.exec(info.key)?.[1];
    if (dt !== undefined && ((sinceDay && dt < sinceDay) || (untilDay && dt > untilDay))) continue;
    out.push(info);
  }
  return out;
}

/** HEAD requests in flight at once when summaries are read from raw/ objects' metadata. */
const HEAD_CONCURRENCY = 16;

/** The batch key an object is named after: `…/<batch-key>.json`, `…/<batch-key>[-pN].jsonl.gz`. */
function batchKeyOf(key: string): string {
  return /([^/]+?)(?:-p\d+)?\.(?:json|jsonl\.gz)$/.exec(key)?.[1] ?? key;
}

/**
 * The summaries that travel in raw/ objects' metadata (pipeline.summary_objects: metadata) for the
 * window, one per batch. The writer puts a batch's summary on the raw/ object of its window's end,
 * so the dt= pruning is the one its summaries/ object would get. Batches in `skip` (they have a
 * summaries/ object: an oversize summary, `object` mode, or the stream detector's rewrite with
 * detections) are not read, so that object wins. A store without `head` keeps no metadata: none.
 */
export async function summariesFromRawMetadata(store: ObjectStore, scope: LakeScope, skip: ReadonlySet<string> = new Set()): Promise<TelemetrySummary[]> {
  if (!store.head) return [];
  const head = store.head.bind(store);
  const pending = (await listViewObjects(store, 'events', { ...(scope.since ? { since: scope.since } : {}), ...(scope.until ? { until: scope.until } : {}) })).filter((o) => !skip.has(batchKeyOf(o.key)));
  const found = new Map<string, TelemetrySummary>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pending.length) {
      const info = pending[next++]!;
      const summary = summaryFromMetadata((await head(info.key))?.metadata);
      if (summary && !found.has(summary.batch_key)) found.set(summary.batch_key, summary);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_CONCURRENCY, pending.length) }, worker));
  return [...found.values()].sort((a, b) => a.window.end.localeCompare(b.window.end) || a.batch_key.localeCompare(b.batch_key));
}

export interface StagedLake {
  /** Local file paths per view (DuckDB reads these). */
  files: Record<ViewName, string[]>;
  /** Folders DuckDB may read (the views' folders only; never the data folder's keys). */
  readable: string[];
  bytes: number;
  fetched: boolean;
  cleanup(): Promise<void>;
}

export interface StageOptions {
  /** The store's local root when it is a folder store: read in place. */
  localRoot?: string;
  capBytes?: number;
  progress?: (line: string) => void;
  /** Only these views (default all). */
  views?: readonly ViewName[];
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The lake's objects in the window as local files: a folder store is read in place; any other store
 * is fetched through its adapter into a temp folder, refused beforehand when more than the cap.
 */
export async function stageLake(store: ObjectStore, scope: LakeScope, options: StageOptions = {}): Promise<StagedLake> {
  const views = options.views ?? VIEW_NAMES;
  const listed = {} as Record<ViewName, ObjectInfo[]>;
  let bytes = 0;
  for (const view of VIEW_NAMES) {
    listed[view] = views.includes(view) ? await listViewObjects(store, view, scope) : [];
    bytes += listed[view].reduce((n, o) => n + o.size, 0);
  }
  const fromMetadata = views.includes('summaries') ? await summariesFromRawMetadata(store, scope, new Set(listed.summaries.map((o) => batchKeyOf(o.key)))) : [];
  const files = {} as Record<ViewName, string[]>;
  if (options.localRoot !== undefined) {
    const root = options.localRoot;
    for (const view of VIEW_NAMES) files[view] = listed[view].map((o) => join(root, o.key));
    return withMetadataSummaries({ files, readable: VIEW_NAMES.map((v) => join(root, VIEW_PREFIX[v])), bytes, fetched: false, cleanup: async () => undefined }, fromMetadata);
  }
  const cap = options.capBytes ?? DEFAULT_FETCH_CAP_BYTES;
  if (bytes > cap) {
    throw new ConfigError(
      `the query would fetch ${mib(bytes)} from ${store.location}, more than the cap of ${mib(cap)}: narrow it with --since/--until (or --source), or raise --max-fetch`,
      { context: { bytes, cap } },
    );
  }
  if (fromMetadata.length > 0) options.progress?.(`read ${fromMetadata.length} batch summaries from raw/ object metadata in ${store.location}`);
  const dir = await mkdtemp(join(tmpdir(), 'bridge-query-'));
  const total = Object.values(listed).reduce((n, l) => n + l.length, 0);
  let done = 0;
  let doneBytes = 0;
  try {
    for (const view of VIEW_NAMES) {
      files[view] = [];
      for (const info of listed[view]) {
        const object = await store.get(info.key);
        if (!object) continue;
        const path = join(dir, info.key);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, object.body);
        files[view].push(path);
        done++;
        doneBytes += object.body.length;
        if (options.progress && (done === total || done % 50 === 0)) options.progress(`fetched ${done}/${total} objects (${mib(doneBytes)} of ${mib(bytes)}) from ${store.location}`);
      }
    }
    return await withMetadataSummaries({ files, readable: [dir], bytes, fetched: true, cleanup: () => rm(dir, { recursive: true, force: true }) }, fromMetadata, dir);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** File name of the summaries read from metadata, beside the staged objects (no key looks like it: keys have a prefix folder). */
const METADATA_SUMMARIES_FILE = 'summaries-from-raw-metadata.ndjson';

/**
 * The summaries view reads the summaries from metadata as one more file: NDJSON, one summary a
 * line (DuckDB's `format='auto'` takes it beside the one-document summaries/ objects). It goes in
 * the fetch folder, or, for a folder store read in place, a temp folder of its own.
 */
async function withMetadataSummaries(staged: StagedLake, summaries: readonly TelemetrySummary[], dir?: string): Promise<StagedLake> {
  if (summaries.length === 0) return staged;
  const own = dir === undefined ? await mkdtemp(join(tmpdir(), 'bridge-query-summaries-')) : undefined;
  const path = join(dir ?? own!, METADATA_SUMMARIES_FILE);
  try {
    await writeFile(path, summaries.map((s) => `${JSON.stringify(s)}\n`).join(''));
  } catch (err) {
    if (own) await rm(own, { recursive: true, force: true });
    throw err;
  }
  const files = { ...staged.files, summaries: [...staged.files.summaries, path] };
  if (!own) return { ...staged, files };
  return {
    ...staged,
    files,
    readable: [...staged.readable, own],
    cleanup: async () => {
      await rm(own, { recursive: true, force: true });
      await staged.cleanup();
    },
  };
}
