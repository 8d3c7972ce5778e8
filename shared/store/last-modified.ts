import type { ObjectStore } from '../ports.js';

/**
 * An object's Last-Modified as ISO text (through a list from its key, which every store
 * adapter has), or undefined when the store does not say. The time fallback of an S3
 * notification without an event time (a backfill, a hand-made message): never the clock, so a
 * retry writes the same keys.
 */
export async function lastModifiedOf(store: ObjectStore, key: string): Promise<string | undefined> {
  for await (const info of store.list(key)) {
    if (info.key === key) return info.lastModified?.toISOString();
    if (info.key > key) break;
  }
  return undefined;
}
