import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { ObjectInfo, ObjectStore } from '../ports.js';
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
  const files = {} as Record<ViewName, string[]>;
  if (options.localRoot !== undefined) {
    const root = options.localRoot;
    for (const view of VIEW_NAMES) files[view] = listed[view].map((o) => join(root, o.key));
    return { files, readable: VIEW_NAMES.map((v) => join(root, VIEW_PREFIX[v])), bytes, fetched: false, cleanup: async () => undefined };
  }
  const cap = options.capBytes ?? DEFAULT_FETCH_CAP_BYTES;
  if (bytes > cap) {
    throw new ConfigError(
      `the query would fetch ${mib(bytes)} from ${store.location}, more than the cap of ${mib(cap)}: narrow it with --since/--until (or --source), or raise --max-fetch`,
      { context: { bytes, cap } },
    );
  }
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
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { files, readable: [dir], bytes, fetched: true, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
