import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../scripts/bench/memory-store.js';

describe('the in-memory bench store', () => {
  it('keeps objects and counts every put', async () => {
    const store = new MemoryStore();
    await store.put('a/1', 'hello');
    await store.put('a/2', Buffer.from('world!'));
    expect((await store.get('a/1'))?.body.toString()).toBe('hello');
    expect(store.bytesWritten).toBe(11);
    const keys: string[] = [];
    for await (const info of store.list('a/')) keys.push(info.key);
    expect(keys).toEqual(['a/1', 'a/2']);
  });

  it('only counts when told not to keep bodies', async () => {
    const store = new MemoryStore({ keepBodies: false });
    await store.put('k', 'abc');
    expect(await store.get('k')).toBeNull();
    expect(store.puts).toEqual([{ key: 'k', bytes: 3 }]);
  });

  it('keeps the metadata a put carries, for head, until the next put or delete', async () => {
    const store = new MemoryStore();
    await store.put('k', 'abc', { metadata: { bridge_summary: 'e30' } });
    expect(await store.head('k')).toEqual({ key: 'k', size: 3, metadata: { bridge_summary: 'e30' } });
    await store.put('k', 'abcd');
    expect((await store.head('k'))?.metadata).toEqual({});
    await store.delete('k');
    expect(await store.head('k')).toBeNull();
  });
});
