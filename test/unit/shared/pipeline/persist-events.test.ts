import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../shared/config/index.js';
import { PersistError } from '../../../../shared/errors.js';
import { persistEvents, SUMMARY_METADATA_NAME, summaryFromMetadata } from '../../../../shared/pipeline/index.js';
import type { ObjectStore } from '../../../../shared/ports.js';
import type { BronzeEventDraft } from '../../../../shared/schema/index.js';
import { sampleEvent } from '../../../helpers/events.js';
import { jsonLines, readAll, tempStore, testDeps } from '../../../helpers/pipeline.js';

function draft(over: Partial<BronzeEventDraft> = {}): BronzeEventDraft {
  const { redactions: _r, ...event } = sampleEvent(over);
  return event;
}

describe('persistEvents', () => {
  it('partitions raw/ by each event’s own time and keeps the accounting', async () => {
    const deps = testDeps();
    const result = await persistEvents(
      [draft({ timestamp: '2026-11-24T10:15:00.000Z' }), draft({ event_id: 'b', timestamp: '2026-11-24T10:45:00.000Z' }), draft({ event_id: 'c', timestamp: '2026-11-23T23:59:59.999Z' })],
      { source: 'aws.cloudwatch', identity: 'group|stream|1' },
      deps,
    );
    expect(result).toMatchObject({ received: 3, written: 3, quarantined: 0, filtered: 0 });
    const files = await readAll(deps.store, 'raw/');
    const keys = [...files.keys()];
    expect(keys).toEqual([
      `raw/source=aws.cloudwatch/dt=2026-11-23/hour=23/${result.batchKey}.jsonl.gz`,
      `raw/source=aws.cloudwatch/dt=2026-11-24/hour=10/${result.batchKey}.jsonl.gz`,
    ]);
    expect(jsonLines(files.get(keys[1]!)!)).toHaveLength(2);
  });

  it('writes the same keys when the same delivery is retried (no duplicates)', async () => {
    const deps = testDeps();
    const events = [draft(), draft({ event_id: 'x', timestamp: '2026-11-20T01:00:00.000Z' })];
    const first = await persistEvents(events, { source: 'github', identity: 'run-1' }, deps);
    const second = await persistEvents(events, { source: 'github', identity: 'run-1' }, deps);
    expect(second.objects).toEqual(first.objects);
    const all = await readAll(deps.store);
    expect([...all.keys()].sort()).toEqual([...first.objects].sort());
    const lines = [...all.entries()].filter(([k]) => k.startsWith('raw/')).flatMap(([, t]) => jsonLines(t));
    expect(lines).toHaveLength(2);
  });

  it('quarantines an invalid event with the record path and the schema path, and writes the rest', async () => {
    const deps = testDeps();
    const result = await persistEvents([draft(), draft({ severity: 'LOUD' as never }), draft({ timestamp: 'yesterday' })], { source: 'aws.s3', identity: 'b|k|e' }, deps);
    expect(result).toMatchObject({ received: 3, written: 1, quarantined: 2 });
    const q = await readAll(deps.store, 'quarantine/');
    const records = jsonLines([...q.values()][0]!) as Array<{ reason: string; stage: string; path: string }>;
    expect(records.map((r) => r.reason)).toEqual([expect.stringContaining('events[1] → severity'), expect.stringContaining('events[2] → timestamp')]);
    expect(records.every((r) => r.stage === 'validate')).toBe(true);
  });

  it('counts deliberately filtered events', async () => {
    const config = loadConfig({ env: {}, overrides: { pipeline: { filters: { min_severity: 'MEDIUM', drop_source_types: ['lambda'] } } } });
    const deps = testDeps({ config });
    const result = await persistEvents(
      [draft({ severity: 'HIGH' }), draft({ severity: 'INFO' }), draft({ severity: 'CRITICAL', source_type: 'lambda' })],
      { source: 'aws.cloudwatch', identity: 'f' },
      deps,
    );
    expect(result).toMatchObject({ received: 3, written: 1, filtered: 2, quarantined: 0 });
  });

  it('carries the TelemetrySummary in the metadata of the raw/ object that holds the window’s end: one object per batch', async () => {
    const deps = testDeps();
    const result = await persistEvents(
      [draft({ timestamp: '2026-11-24T10:45:00.000Z', source_type: 'vpcflow', attributes: { action: 'REJECT', 'event.type': 'denied' } }), draft({ event_id: 'b', timestamp: '2026-11-23T23:59:59.999Z' })],
      { source: 'aws.cloudwatch', identity: 's' },
      deps,
    );
    expect(result.summary?.alerts).toEqual([{ rule: 'vpc-rejects', count: 1 }, { rule: 'firewall-denies', count: 1 }]);
    expect(await readAll(deps.store, 'summaries/')).toEqual(new Map());
    const later = `raw/source=aws.cloudwatch/dt=2026-11-24/hour=10/${result.batchKey}.jsonl.gz`;
    const earlier = `raw/source=aws.cloudwatch/dt=2026-11-23/hour=23/${result.batchKey}.jsonl.gz`;
    expect([...result.objects].sort()).toEqual([earlier, later]);
    const head = await deps.store.head!(later);
    expect(Object.keys(head!.metadata)).toEqual([SUMMARY_METADATA_NAME]);
    expect(summaryFromMetadata(head!.metadata)).toEqual(result.summary);
    expect((await deps.store.head!(earlier))!.metadata).toEqual({});
  });

  it('writes the summary as its own summaries/ object with pipeline.summary_objects: object, as before', async () => {
    const deps = testDeps({ config: loadConfig({ env: {}, overrides: { pipeline: { summary_objects: 'object' } } }) });
    const result = await persistEvents([draft({ source_type: 'vpcflow', attributes: { action: 'REJECT', 'event.type': 'denied' } })], { source: 'aws.cloudwatch', identity: 's' }, deps);
    const summaries = await readAll(deps.store, 'summaries/');
    expect([...summaries.keys()]).toEqual([`summaries/dt=2026-11-24/${result.batchKey}.json`]);
    expect(JSON.parse(summaries.get(`summaries/dt=2026-11-24/${result.batchKey}.json`)!)).toEqual(result.summary);
    expect(result.objects).toContain(`summaries/dt=2026-11-24/${result.batchKey}.json`);
    for (const key of result.objects.filter((k) => k.startsWith('raw/'))) expect((await deps.store.head!(key))!.metadata).toEqual({});
  });

  it('falls back to a summaries/ object when the encoded summary would pass 1,536 bytes', async () => {
    const rules = Array.from({ length: 60 }, (_, i) => ({ name: `a-rule-with-a-rather-long-name-${i}`, where: {} }));
    const deps = testDeps({ config: loadConfig({ env: {}, overrides: { summary: { rules } } }) });
    const result = await persistEvents([draft()], { source: 'aws.cloudwatch', identity: 'big-summary' }, deps);
    expect(result.summary?.alerts).toHaveLength(60);
    expect([...(await readAll(deps.store, 'summaries/')).keys()]).toEqual([`summaries/dt=2026-11-24/${result.batchKey}.json`]);
    const raw = result.objects.filter((k) => k.startsWith('raw/'));
    expect(raw).toHaveLength(1);
    expect((await deps.store.head!(raw[0]!))!.metadata).toEqual({});
  });

  it('throws a retryable PersistError when the store cannot write', async () => {
    const broken: ObjectStore = { ...tempStore(), location: 'broken://', put: () => Promise.reject(new Error('disk full')), get: async () => null, getStream: async () => null, list: async function* () {}, delete: async () => {} };
    const err = await persistEvents([draft()], { source: 'aws.s3', identity: 'x' }, testDeps({ store: broken })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistError);
    expect((err as PersistError).retryable).toBe(true);
  });

  it('rolls gzip members every chunk so a large batch stays a valid gzip file', async () => {
    const config = loadConfig({ env: {}, overrides: { pipeline: { gzip_chunk_bytes: 2048 } } });
    const deps = testDeps({ config });
    const events = Array.from({ length: 200 }, (_, i) => draft({ event_id: `e${i}`, title: `event ${i} ${'x'.repeat(100)}` }));
    const result = await persistEvents(events, { source: 'aws.s3', identity: 'big' }, deps);
    const files = await readAll(deps.store, 'raw/');
    expect(result.written).toBe(200);
    expect(jsonLines([...files.values()][0]!)).toHaveLength(200);
  });
});
