import { createHash } from 'node:crypto';
import type { ObjectHead, ObjectInfo, ObjectStore, PutOptions, StoredObject } from '../../shared/ports.js';

/**
 * An ObjectStore that keeps objects in memory, so the throughput bench measures the pipeline and
 * not the disk. `keepBodies: false` only counts what was written (the memory bench: the output
 * of a 256 MB object must not be mistaken for the pipeline's working set).
 */
export class MemoryStore implements ObjectStore {
  readonly location = 'memory://bench';
  readonly objects = new Map<string, Buffer>();
  /** Every put: key and body size, in order (the cost model's object sizes). */
  readonly puts: Array<{ key: string; bytes: number }> = [];
  /** User metadata per key, as put (with the bodies). */
  readonly metadata = new Map<string, Record<string, string>>();

  constructor(private readonly options: { keepBodies?: boolean } = {}) {}

  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }> {
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    this.puts.push({ key, bytes: data.length });
    if (options?.metadata && this.options.keepBodies !== false) this.metadata.set(key, options.metadata);
    else this.metadata.delete(key);
    if (this.options.keepBodies !== false) this.objects.set(key, data);
    // A cheap etag (S3 gives the MD5 of a single-part object; a hash would cost more than the write).
    return Promise.resolve({ etag: `${data.length}-${this.puts.length}` });
  }

  get(key: string): Promise<StoredObject | null> {
    const body = this.objects.get(key);
    return Promise.resolve(body ? { body, etag: createHash('md5').update(body).digest('hex') } : null);
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const body = this.objects.get(key);
    if (!body) return null;
    return (async function* () {
      yield body;
    })();
  }

  head(key: string): Promise<ObjectHead | null> {
    const body = this.objects.get(key);
    return Promise.resolve(body ? { key, size: body.length, metadata: { ...this.metadata.get(key) } } : null);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    for (const key of [...this.objects.keys()].sort()) {
      if (key.startsWith(prefix)) yield { key, size: this.objects.get(key)!.length };
    }
  }

  delete(key: string): Promise<void> {
    this.objects.delete(key);
    this.metadata.delete(key);
    return Promise.resolve();
  }

  /** Total bytes written. */
  get bytesWritten(): number {
    return this.puts.reduce((sum, p) => sum + p.bytes, 0);
  }
}
