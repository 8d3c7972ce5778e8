import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { stageLake } from '../../../../shared/query/lake-files.js';
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

describe('view SQL', () => {
  it('declares explicit columns and an empty view when there are no objects', () => {
    expect(createViewSql('events', ['/l/raw/a.jsonl.gz'])).toMatch(/columns=\{'schema_version': 'VARCHAR'.*'attributes': 'JSON'/);
    expect(createViewSql('events', [])).toMatch(/WHERE false$/);
  });
});
