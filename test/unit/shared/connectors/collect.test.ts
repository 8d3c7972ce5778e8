import { describe, expect, it } from 'vitest';
import type { BronzeEventDraft } from '../../../../shared/schema/index.js';
import { collectConnector, type PersistEvents } from '../../../../shared/connectors/collect.js';
import { CursorStore, cursorKey } from '../../../../shared/connectors/cursor-store.js';
import { ConnectorError } from '../../../../shared/connectors/errors.js';
import { ConnectorMetrics } from '../../../../shared/connectors/metrics.js';
import { BaseConnectorSettings } from '../../../../shared/connectors/settings.js';
import type { CollectWindow, Connector, NormalizeContext, RawPage } from '../../../../shared/connectors/types.js';
import { PersistError } from '../../../../shared/errors.js';
import { persistEvents } from '../../../../shared/pipeline/persist-events.js';
import { testDeps } from '../../../helpers/pipeline.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A connector without HTTP: pages are scripted per window, so the loop's bookkeeping is what is tested. */
class ScriptedConnector implements Connector {
  readonly name = 'scripted';
  readonly type = 'scripted';
  readonly asked: Array<{ window: CollectWindow; dataType: string }> = [];
  constructor(
    readonly settings: BaseConnectorSettings,
    private readonly pages: (window: CollectWindow, dataType: string) => unknown[][] | Error,
    private readonly hook?: (page: number) => Promise<void>,
  ) {}
  capabilities() {
    return { source: 'pagerduty' as const, dataTypes: { incidents: { sourceType: 'incident' }, oncalls: { sourceType: 'oncall' } }, enabledDataTypes: ['incidents', 'oncalls'], scopes: ['default'], auth: 'none' };
  }
  async healthCheck() {
    return { ok: true, latencyMs: 0 };
  }
  async *collect(window: CollectWindow, scope: string, dataType: string): AsyncIterable<RawPage> {
    this.asked.push({ window, dataType });
    const pages = this.pages(window, dataType);
    if (pages instanceof Error) throw pages;
    for (const [page, records] of pages.entries()) {
      await this.hook?.(page);
      yield { dataType, scope, page, records };
    }
  }
  normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft {
    const r = record as { id: string; at: number };
    return {
      schema_version: '1.0',
      event_id: `pagerduty:${r.id}`,
      source: 'pagerduty',
      source_type: ctx.dataType === 'incidents' ? 'incident' : 'oncall',
      timestamp: iso(r.at),
      ingested_at: ctx.ingestedAt,
      severity: 'INFO',
      title: `record ${r.id}`,
      attributes: { window_start: iso(ctx.window.start) },
      raw_data: record,
    };
  }
  metrics() {
    return new ConnectorMetrics('scripted').snapshot();
  }
}

const settings = (over: Record<string, unknown> = {}) => BaseConnectorSettings.parse({ base_url: 'http://127.0.0.1:1', lookback: '3h', max_window: '1h', ...over });
const rec = (id: string, at: number) => ({ id, at });

function context(persist: PersistEvents = persistEvents) {
  const deps = testDeps({ clock: () => NOW });
  return { deps, cursors: new CursorStore(deps.store), persist, runId: 'run-1', now: NOW };
}

describe('collectConnector', () => {
  it('collects the look-back in slices of max_window and advances the cursor after each', async () => {
    const c = new ScriptedConnector(settings(), (w) => [[rec(`i${w.start}`, w.start + 1)], []]);
    const ctx = context();
    const manifest = await collectConnector(c, ctx, iso(NOW));
    expect(c.asked.filter((a) => a.dataType === 'incidents').map((a) => [iso(a.window.start), iso(a.window.end)])).toEqual([
      [iso(NOW - 3 * H), iso(NOW - 2 * H)],
      [iso(NOW - 2 * H), iso(NOW - H)],
      [iso(NOW - H), iso(NOW)],
    ]);
    expect(manifest).toMatchObject({ status: 'ok', window: { start: iso(NOW - 3 * H), end: iso(NOW) }, counts: { incidents: { written: 3 }, oncalls: { written: 3 } } });
    expect(manifest.collections.every((x) => x.complete)).toBe(true);
    expect(manifest.collections.filter((x) => x.data_type === 'incidents').map((x) => x.cursor_after)).toEqual([iso(NOW - 2 * H), iso(NOW - H), iso(NOW)]);
    const { doc } = await ctx.cursors.read('scripted', 'default');
    expect(doc!.data_types.incidents!.watermark).toBe(iso(NOW));
  });

  it('keeps the cursor at the last whole slice when a later one fails, and resumes there', async () => {
    const failAt = NOW - 2 * H;
    const c = new ScriptedConnector(settings(), (w, d) => (d === 'incidents' && w.start === failAt ? new ConnectorError('boom') : [[rec(`i${w.start}`, w.start)]]));
    const ctx = context();
    const manifest = await collectConnector(c, ctx, iso(NOW));
    expect(manifest.status).toBe('partial');
    expect(manifest.errors).toEqual([{ scope: 'default', data_type: 'incidents', window: { start: iso(failAt), end: iso(NOW - H) }, name: 'ConnectorError', message: 'boom' }]);
    // The third incidents slice is not attempted; oncalls are unaffected.
    expect(c.asked.filter((a) => a.dataType === 'incidents')).toHaveLength(2);
    const { doc } = await ctx.cursors.read('scripted', 'default');
    expect(doc!.data_types).toMatchObject({ incidents: { watermark: iso(failAt) }, oncalls: { watermark: iso(NOW) } });

    const again = new ScriptedConnector(settings(), (w) => [[rec(`i${w.start}`, w.start)]]);
    await collectConnector(again, { ...ctx, runId: 'run-2' }, iso(NOW));
    expect(again.asked.filter((a) => a.dataType === 'incidents').map((a) => a.window.start)).toEqual([failAt, NOW - H]);
  });

  it('does not advance the cursor when the write fails', async () => {
    const c = new ScriptedConnector(settings({ lookback: '1h' }), () => [[rec('a', NOW - 10)]]);
    const manifest = await collectConnector(c, context(async () => Promise.reject(new PersistError('store down'))), iso(NOW));
    expect(manifest.errors.map((e) => [e.data_type, e.name])).toEqual([
      ['incidents', 'PersistError'],
      ['oncalls', 'PersistError'],
    ]);
    expect(manifest.collections.every((x) => !x.complete && x.cursor_after === null)).toBe(true);
  });

  it('stops the scope when another run moved the cursor meanwhile (no rewind, no skip)', async () => {
    const ctx = context();
    const c = new ScriptedConnector(settings({ lookback: '1h' }), () => [[rec('a', NOW - 10)]], async () => {
      await ctx.deps.store.put(cursorKey('scripted', 'default'), JSON.stringify({ cursor_version: '1', connector: 'scripted', scope: 'default', data_types: {} }));
    });
    const manifest = await collectConnector(c, ctx, iso(NOW));
    expect(manifest.errors).toHaveLength(1);
    expect(manifest.errors[0]).toMatchObject({ name: 'PreconditionFailedError', message: expect.stringMatching(/changed by another run/) });
    expect(c.asked.map((a) => a.dataType)).toEqual(['incidents']);
  });

  it('collects up to now minus lag, and nothing when the cursor is already there', async () => {
    const c = new ScriptedConnector(settings({ lookback: '1h', lag: '10m' }), () => [[]]);
    const ctx = context();
    await collectConnector(c, ctx, iso(NOW));
    expect(c.asked[0]!.window.end).toBe(NOW - 600_000);
    const idle = new ScriptedConnector(settings({ lookback: '1h', lag: '10m' }), () => [[]]);
    const manifest = await collectConnector(idle, ctx, iso(NOW));
    expect(idle.asked).toEqual([]);
    expect(manifest).toMatchObject({ window: null, status: 'ok', collections: [] });
  });

  it('skips the write for empty pages but still advances the cursor', async () => {
    let calls = 0;
    const c = new ScriptedConnector(settings({ lookback: '1h' }), () => [[], []]);
    const ctx = context(async (drafts, batch, deps) => {
      calls++;
      return persistEvents(drafts, batch, deps);
    });
    const manifest = await collectConnector(c, ctx, iso(NOW));
    expect(calls).toBe(0);
    expect(manifest.collections.map((x) => [x.pages, x.complete])).toEqual([
      [2, true],
      [2, true],
    ]);
  });

  it('writes each page under a key derived from connector, scope, data type, window and page, so a rerun overwrites', async () => {
    const identities: string[] = [];
    const c = new ScriptedConnector(settings({ lookback: '1h', data_types: undefined }), () => [[rec('a', NOW - 10)], [rec('b', NOW - 5)]]);
    await collectConnector(c, context(async (drafts, batch, deps) => (identities.push(batch.identity), persistEvents(drafts, batch, deps))), iso(NOW));
    expect(identities.slice(0, 2)).toEqual([`connector/scripted/default/incidents/${NOW - H}-${NOW}/page-0`, `connector/scripted/default/incidents/${NOW - H}-${NOW}/page-1`]);
  });
});
