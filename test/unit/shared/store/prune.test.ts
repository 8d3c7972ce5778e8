import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneExpired } from '../../../../shared/store/index.js';
import { tempStore } from '../../../helpers/pipeline.js';

describe('pruneExpired', () => {
  it('deletes what the retention table has expired and keeps the rest', async () => {
    const store = tempStore();
    const now = Date.parse('2026-11-25T00:00:00.000Z');
    const age = (key: string, days: number) => {
      const t = (now - days * 86_400_000) / 1000;
      utimesSync(join(store.root, key), t, t);
    };
    for (const key of ['raw/a.jsonl.gz', 'raw/b.jsonl.gz', 'summaries/s.json', 'evidence/e.jsonl.gz', 'state/cursors/x.json']) await store.put(key, 'x');
    age('raw/a.jsonl.gz', 8);
    age('raw/b.jsonl.gz', 6);
    age('summaries/s.json', 31);
    age('evidence/e.jsonl.gz', 200);
    age('state/cursors/x.json', 5000);
    expect(await pruneExpired(store, now)).toEqual({ deleted: 2, kept: 2 });
    const left: string[] = [];
    for await (const o of store.list('')) left.push(o.key);
    expect(left).toEqual(['evidence/e.jsonl.gz', 'raw/b.jsonl.gz', 'state/cursors/x.json']);
  });

  it('takes an expired object’s metadata sidecar with it, and never counts a sidecar as an object', async () => {
    const store = tempStore();
    const now = Date.parse('2026-11-25T00:00:00.000Z');
    await store.put('raw/old.jsonl.gz', 'x', { metadata: { bridge_summary: 'e30' } });
    const t = (now - 8 * 86_400_000) / 1000;
    utimesSync(join(store.root, 'raw/old.jsonl.gz'), t, t);
    utimesSync(join(store.root, '.meta/raw/old.jsonl.gz.json'), t, t);
    expect(await pruneExpired(store, now)).toEqual({ deleted: 1, kept: 0 });
    expect(existsSync(join(store.root, '.meta/raw/old.jsonl.gz.json'))).toBe(false);
  });
});
