import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersistError, PreconditionFailedError } from '../../../../shared/errors.js';
import { LocalFolderStore } from '../../../../shared/store/local-folder.js';

function store(): LocalFolderStore {
  return new LocalFolderStore({ root: mkdtempSync(join(tmpdir(), 'bridge-store-')) });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('LocalFolderStore', () => {
  it('puts, gets, lists in order and deletes', async () => {
    const s = store();
    await s.put('raw/b/2.json', 'two');
    await s.put('raw/a/1.json', Buffer.from('one'));
    await s.put('summaries/x.json', '{}');
    expect((await s.get('raw/a/1.json'))!.body.toString()).toBe('one');
    expect((await collect(s.list('raw/'))).map((o) => o.key)).toEqual(['raw/a/1.json', 'raw/b/2.json']);
    await s.delete('raw/a/1.json');
    expect(await s.get('raw/a/1.json')).toBeNull();
    await s.delete('raw/a/1.json');
  });

  it('keeps metadata in a hidden sidecar that mirrors the key, which list never shows and delete removes', async () => {
    const s = store();
    await s.put('raw/source=aws.s3/dt=2026-11-24/hour=10/k.jsonl.gz', 'x', { metadata: { bridge_summary: 'e30' } });
    expect(readdirSync(join(s.root, '.meta/raw/source=aws.s3/dt=2026-11-24/hour=10'))).toEqual(['k.jsonl.gz.json']);
    expect((await collect(s.list(''))).map((o) => o.key)).toEqual(['raw/source=aws.s3/dt=2026-11-24/hour=10/k.jsonl.gz']);
    expect((await s.head('raw/source=aws.s3/dt=2026-11-24/hour=10/k.jsonl.gz'))?.metadata).toEqual({ bridge_summary: 'e30' });
    await s.delete('raw/source=aws.s3/dt=2026-11-24/hour=10/k.jsonl.gz');
    expect(readdirSync(join(s.root, '.meta/raw/source=aws.s3/dt=2026-11-24/hour=10'))).toEqual([]);
    await expect(s.put('.meta/raw/x.json', '{}')).rejects.toBeInstanceOf(PersistError);
  });

  it('streams an object and returns null for a missing one', async () => {
    const s = store();
    await s.put('big.bin', Buffer.alloc(3 * 1024 * 1024, 7));
    const chunks = await collect((await s.getStream('big.bin'))!);
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c))).length).toBe(3 * 1024 * 1024);
    expect(await s.getStream('missing')).toBeNull();
  });

  it('enforces create-only and compare-and-swap puts', async () => {
    const s = store();
    const first = await s.put('state/cursors/x.json', 'v1', { ifNoneMatch: '*' });
    await expect(s.put('state/cursors/x.json', 'v2', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
    const second = await s.put('state/cursors/x.json', 'v2', { ifMatch: first.etag });
    await expect(s.put('state/cursors/x.json', 'v3', { ifMatch: first.etag })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await s.get('state/cursors/x.json'))!.etag).toBe(second.etag);
  });

  it('lets exactly one of many racing create-only puts win', async () => {
    const s = store();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => s.put('lock.json', `w${i}`, { ifNoneMatch: '*' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('writes atomically, leaving no temp files', async () => {
    const s = store();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.put('same.json', `v${i}`)));
    expect(readdirSync(s.root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await s.get('same.json'))!.body.toString()).toMatch(/^v\d+$/);
  });

  it.each(['../escape', '/abs', 'a//b', 'a/./b', ''])('refuses the unsafe key %j', async (key) => {
    await expect(s().put(key, 'x')).rejects.toBeInstanceOf(PersistError);
    function s() {
      return store();
    }
  });

  it('hides local housekeeping folders (dev keys) from listings', async () => {
    const s = store();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(s.root, '.dev-keys'));
    writeFileSync(join(s.root, '.dev-keys', 'hmac.key'), 'k');
    await s.put('raw/x.json', '1');
    expect((await collect(s.list(''))).map((o) => o.key)).toEqual(['raw/x.json']);
  });
});
