import { describeError, PreconditionFailedError } from '../errors.js';
import type { BatchResult, PipelineDeps } from '../pipeline/types.js';
import type { BronzeEventDraft, Source } from '../schema/index.js';
import { advanceCursor, type CursorDoc, type CursorStore } from './cursor-store.js';
import { ConnectorError } from './errors.js';
import { addCounts, type ConnectorManifest, type ManifestCollection, type ManifestError } from './manifest.js';
import { sliceWindow } from './pagination.js';
import type { CollectWindow, Connector } from './types.js';

/** The write step (shared/pipeline/ingest.ts `persistEvents`): redact, validate, write raw/, quarantine, account. */
export type PersistEvents = (
  drafts: BronzeEventDraft[],
  batch: { source: Source; identity: string; deliveryTime?: number },
  deps: PipelineDeps,
) => Promise<BatchResult>;

export interface CollectContext {
  deps: PipelineDeps;
  cursors: CursorStore;
  persist: PersistEvents;
  runId: string;
  /** The run's "now" (ms): windows end at now − lag. */
  now: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Runs one connector: per scope and data type, the window from the cursor (or the look-back) to
 * now − lag, in slices of at most max_window. Each page is normalized and written; only when a
 * whole slice is written does the cursor move to its end. A failure stops that data type (its
 * cursor stays where the written data ends, so the next run repeats rather than skips) and the
 * other data types go on. Returns the manifest; throws nothing the caller must handle.
 */
export async function collectConnector(connector: Connector, ctx: CollectContext, startedAt: string): Promise<ConnectorManifest> {
  const caps = connector.capabilities();
  const { settings } = connector;
  const manifest: ConnectorManifest = {
    manifest_version: '1.0',
    run_id: ctx.runId,
    connector: connector.name,
    type: connector.type,
    source: caps.source,
    started_at: startedAt,
    finished_at: startedAt,
    window: null,
    scopes: caps.scopes,
    counts: {},
    redactions: {},
    collections: [],
    errors: [],
    status: 'ok',
    partial: false,
    metrics: null,
    objects: [],
  };
  const until = ctx.now - settings.lag;
  let span: CollectWindow | null = null;
  const ingestedAt = iso(ctx.deps.clock());

  for (const scope of caps.scopes) {
    let doc: CursorDoc | null;
    let etag: string | undefined;
    try {
      ({ doc, etag } = await ctx.cursors.read(connector.name, scope));
    } catch (err) {
      manifest.errors.push(errorEntry(err, { scope }));
      continue;
    }
    scopeLoop: for (const dataType of caps.enabledDataTypes) {
      const sourceType = caps.dataTypes[dataType]!.sourceType;
      const watermark = doc?.data_types[dataType]?.watermark;
      const since = watermark !== undefined ? Date.parse(watermark) : until - settings.lookback;
      for (const slice of sliceWindow({ start: since, end: until }, settings.max_window)) {
        span = span ? { start: Math.min(span.start, slice.start), end: Math.max(span.end, slice.end) } : { ...slice };
        const entry: ManifestCollection = {
          scope,
          data_type: dataType,
          source_type: sourceType,
          window: { start: iso(slice.start), end: iso(slice.end) },
          pages: 0,
          received: 0,
          written: 0,
          quarantined: 0,
          filtered: 0,
          complete: false,
          cursor_before: doc?.data_types[dataType]?.watermark ?? null,
          cursor_after: doc?.data_types[dataType]?.watermark ?? null,
        };
        manifest.collections.push(entry);
        try {
          for await (const page of connector.collect(slice, scope, dataType)) {
            entry.pages++;
            if (page.records.length === 0) continue;
            const drafts = page.records.map((record) => connector.normalize(record, { dataType, scope, window: slice, ingestedAt }));
            const identity = `connector/${connector.name}/${scope}/${dataType}/${slice.start}-${slice.end}/page-${page.page}`;
            const result = await ctx.persist(drafts, { source: caps.source, identity, deliveryTime: slice.end }, ctx.deps);
            entry.received += result.received;
            entry.written += result.written;
            entry.quarantined += result.quarantined;
            entry.filtered += result.filtered;
            for (const [rule, n] of Object.entries(result.redactions)) manifest.redactions[rule] = (manifest.redactions[rule] ?? 0) + n;
            manifest.objects.push(...result.objects);
          }
          doc = advanceCursor(doc, { connector: connector.name, scope, dataType, watermark: slice.end, now: ctx.deps.clock(), runId: ctx.runId });
          etag = await ctx.cursors.write(doc, etag);
          entry.complete = true;
          entry.cursor_after = doc.data_types[dataType]!.watermark;
        } catch (err) {
          manifest.errors.push(errorEntry(err, { scope, data_type: dataType, window: entry.window }));
          ctx.deps.logger.warn('connector collection stopped', { connector: connector.name, scope, data_type: dataType, error: describeError(err) });
          // A lost cursor race means another run owns this scope now: stop it whole.
          if (err instanceof PreconditionFailedError) break scopeLoop;
          continue scopeLoop;
        } finally {
          addCounts(manifest.counts, dataType, entry);
        }
      }
    }
  }

  manifest.window = span ? { start: iso(span.start), end: iso(span.end) } : null;
  manifest.metrics = connector.metrics();
  const report = connector.evidenceReport?.();
  if (report) manifest.evidence = report.details;
  manifest.partial = manifest.errors.length > 0 || report?.partial === true;
  manifest.status = manifest.partial ? 'partial' : 'ok';
  manifest.finished_at = iso(ctx.deps.clock());
  return manifest;
}

export function errorEntry(err: unknown, where: Omit<ManifestError, 'name' | 'message' | 'status'>): ManifestError {
  const { name, message } = describeError(err);
  const status = err instanceof ConnectorError ? err.status : undefined;
  return { ...where, name, message, ...(status !== undefined ? { status } : {}) };
}
