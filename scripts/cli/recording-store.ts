import type { ObjectHead, ObjectInfo, ObjectStore, PutOptions, StoredObject } from '../../shared/ports.js';

/**
 * Passes every call to the real store and remembers which keys this run wrote, so the CLI can
 * say where the data lies and read back exactly this run's output (not older runs').
 */
export class RecordingStore implements ObjectStore {
  private readonly keys = new Set<string>();

  /** The inner store's head, when it has one. */
  readonly head?: (key: string) => Promise<ObjectHead | null>;

  constructor(readonly inner: ObjectStore) {
    if (inner.head) this.head = (key) => inner.head!(key);
  }

  get location(): string {
    return this.inner.location;
  }

  /** Keys written since construction, in write order. */
  get written(): string[] {
    return [...this.keys];
  }

  async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }> {
    const result = await this.inner.put(key, body, options);
    this.keys.add(key);
    return result;
  }

  get(key: string): Promise<StoredObject | null> {
    return this.inner.get(key);
  }

  getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    return this.inner.getStream(key);
  }

  list(prefix: string): AsyncIterable<ObjectInfo> {
    return this.inner.list(prefix);
  }

  delete(key: string): Promise<void> {
    this.keys.delete(key);
    return this.inner.delete(key);
  }
}
