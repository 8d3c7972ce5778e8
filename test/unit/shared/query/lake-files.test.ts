import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { summaryMetadata } from '../../../../shared/pipeline/summary-metadata.js';
import type { ObjectStore } from '../../../../shared/ports.js';
import { LakeSession } from '../../../../shared/query/lake-engine.js';
import { stageLake, summariesFromRawMetadata } from '../../../../shared/query/lake-files.js';
import type { TelemetrySummary } from '../../../../shared/schema/index.js';
import { createViewSql } from '../../../../shared/query/views.js';
import { tempStore } from '../../../helpers/pipeline.js';

const stores: Array<{ root: string }> = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await rm(s.root, { recursive: true, force: true });
});

async function lake() {
  const store = tempStore();
  stores.push(store);
  await store.put('raw/source=aws.s3/dt=2026-11-20/hour=10/a.jsonl.gz', Buffer.alloc(3000));
  await store.put('raw/source=aws.s3/dt=2026-11-21/hour=10/b.jsonl.gz', Buffer.alloc(5000));
  await store.put('raw/source=gcp.pubsub/dt=2026-11-21/hour=11/c.jsonl.gz', Buffer.alloc(7000));
  await store.put('alerts/dt=2026-11-21/x.json', '{}');
  await store.put('.dev-keys/hmac.key', 'k');
  return store;
}

describe('staging the lake for a query', () => {
  it('prunes dt= and source= partitions by the window', async () => {
    const store = await lake();
    const staged = await stageLake(store, { since: '2026-11-21T00:00:00.000Z', source: 'aws.s3' }, { localRoot: store.root });
    expect(staged.files.events.map((f) => f.slice(store.root.length))).toEqual(['/raw/source=aws.s3/dt=2026-11-21/hour=10/b.jsonl.gz']);
    expect(staged.readable.every((d) => !d.includes('.dev-keys'))).toBe(true);
  });

  it('fetches a non-local store into a temp folder with progress, and cleans it up', async () => {
    const store = await lake();
    const progress: string[] = [];
    const staged = await stageLake(store, {}, { progress: (l) => progress.push(l) });
    expect(staged.fetched).toBe(true);
    expect(staged.files.events).toHaveLength(3);
    expect(progress.at(-1)).toMatch(/^fetched 4\/4 objects/);
    await staged.cleanup();
  });

  it('refuses more than the cap, with the size and how to narrow it', async () => {
    const store = await lake();
    await expect(stageLake(store, {}, { capBytes: 10_000 })).rejects.toThrow(/would fetch 0\.0 MiB .*more than the cap .*narrow it with --since\/--until/);
    await expect(stageLake(store, { since: '2026-11-21T00:00:00.000Z', source: 'aws.s3' }, { capBytes: 10_000 })).resolves.toMatchObject({ bytes: 5002 });
  });
});

function summary(batch: string, end: string, over: Partial<TelemetrySummary> = {}): TelemetrySummary {
  return { schema_version: '1.0', alerts: [{ rule: 'waf-blocks', count: 2 }], latency_ms_p95: 10, window: { start: end, end }, source: 'aws.s3', batch_key: batch, event_count: 2, ...over };
}

/** Batches m1, m2 carry their summary in raw/ metadata (m2 in two parts, one holding it); d1 also has a summaries/ object with detections (it wins); o1 has only a summaries/ object. */
async function summaryLake() {
  const store = tempStore();
  stores.push(store);
  const put = (key: string, s?: TelemetrySummary) => store.put(key, Buffer.alloc(10), s ? { metadata: summaryMetadata(s)! } : {});
  await put('raw/source=aws.s3/dt=2026-11-20/hour=10/m1.jsonl.gz', summary('m1', '2026-11-20T10:05:00.000Z'));
  await put('raw/source=aws.s3/dt=2026-11-21/hour=10/m2-p1.jsonl.gz');
  await put('raw/source=aws.s3/dt=2026-11-21/hour=10/m2.jsonl.gz', summary('m2', '2026-11-21T10:05:00.000Z'));
  await put('raw/source=aws.s3/dt=2026-11-21/hour=11/d1.jsonl.gz', summary('d1', '2026-11-21T11:05:00.000Z'));
  await store.put('summaries/dt=2026-11-21/d1.json', JSON.stringify(summary('d1', '2026-11-21T11:05:00.000Z', { detections: [{ rule_id: 'r', rule: 'R', severity: 'HIGH', count: 1 }] })));
  await store.put('summaries/dt=2026-11-21/o1.json', JSON.stringify(summary('o1', '2026-11-21T12:05:00.000Z')));
  return store;
}

async function summaryRows(store: ObjectStore, scope: { since?: string }, localRoot?: string) {
  const staged = await stageLake(store, scope, { views: ['summaries'], ...(localRoot ? { localRoot } : {}) });
  const session = await LakeSession.open(staged, scope);
  try {
    const result = await session.query('select batch_key, event_count, detections from summaries order by batch_key', 100);
    return result.rows.map(([batch, count, detections]) => [batch, count, detections === null ? null : JSON.parse(String(detections))]);
  } finally {
    session.close();
    await staged.cleanup();
  }
}

describe('the summaries view over raw/ metadata and summaries/ objects', () => {
  it('shows every batch once: metadata summaries beside summaries/ objects, which win for the same batch', async () => {
    const store = await summaryLake();
    const expected = [
      ['d1', 2, [{ rule_id: 'r', rule: 'R', severity: 'HIGH', count: 1 }]],
      ['m1', 2, null],
      ['m2', 2, null],
      ['o1', 2, null],
    ];
    expect(await summaryRows(store, {}, store.root)).toEqual(expected);
    expect(await summaryRows(store, {})).toEqual(expected);
  });

  it('prunes by the window like summaries/ objects (dt= of the window’s end)', async () => {
    const store = await summaryLake();
    expect((await summaryRows(store, { since: '2026-11-21T00:00:00.000Z' }, store.root)).map((r) => r[0])).toEqual(['d1', 'm2', 'o1']);
    expect((await summariesFromRawMetadata(store, { until: '2026-11-20T23:59:59.999Z' })).map((s) => s.batch_key)).toEqual(['m1']);
  });

  it('reads no object that a summaries/ object already covers, and nothing from a store without head', async () => {
    const store = await summaryLake();
    const heads: string[] = [];
    const counting = Object.assign(Object.create(store) as typeof store, { head: (key: string) => (heads.push(key), store.head(key)) });
    expect((await summariesFromRawMetadata(counting, {}, new Set(['d1']))).map((s) => s.batch_key)).toEqual(['m1', 'm2']);
    expect(heads.some((k) => k.includes('/d1.'))).toBe(false);
    const headless = Object.assign(Object.create(store) as typeof store, { head: undefined });
    expect(await summariesFromRawMetadata(headless, {})).toEqual([]);
  });

  it('leaves no temp folder behind for a folder store read in place', async () => {
    const store = await summaryLake();
    const staged = await stageLake(store, {}, { localRoot: store.root, views: ['summaries'] });
    const extra = staged.readable.filter((d) => !d.startsWith(store.root));
    expect(extra).toHaveLength(1);
    expect(staged.files.summaries.filter((f) => f.endsWith('.ndjson'))).toHaveLength(1);
    await staged.cleanup();
    expect(existsSync(extra[0]!)).toBe(false);
  });
});

describe('view SQL', () => {
  it('declares explicit columns and an empty view when there are no objects', () => {
    expect(createViewSql('events', ['/l/raw/a.jsonl.gz'])).toMatch(/columns=\{'schema_version': 'VARCHAR'.*'attributes': 'JSON'/);
    expect(createViewSql('events', [])).toMatch(/WHERE false$/);
  });
});
