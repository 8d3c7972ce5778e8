import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PersistError } from '../../shared/errors.js';
import type { ObjectInfo, ObjectStore, StoredObject } from '../../shared/ports.js';

/**
 * A read-only "bucket" of local files, keyed by object key: what the S3 handler reads a
 * notified object through when the CLI replays a user's file as an S3 object.
 */
export class FileSourceStore implements ObjectStore {
  private readonly files = new Map<string, string>();

  constructor(readonly bucket: string) {}

  get location(): string {
    return `file-source://${this.bucket}`;
  }

  add(key: string, path: string): void {
    this.files.set(key, path);
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.files.get(key);
    if (path === undefined) return null;
    const body = await readFile(path);
    return { body, etag: createHash('md5').update(body).digest('hex') };
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const object = await this.get(key);
    if (!object) return null;
    const body = object.body;
    return (async function* () {
      yield body;
    })();
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    for (const key of [...this.files.keys()].sort()) if (key.startsWith(prefix)) yield { key, size: 0 };
  }

  async put(key: string): Promise<{ etag: string }> {
    throw new PersistError(`the source bucket ${this.bucket} is read-only`, { context: { key } });
  }

  async delete(key: string): Promise<void> {
    throw new PersistError(`the source bucket ${this.bucket} is read-only`, { context: { key } });
  }
}

/** One FileSourceStore per bucket name, created on first use. */
export class FileSourceBuckets {
  private readonly buckets = new Map<string, FileSourceStore>();

  bucket(name: string): FileSourceStore {
    let store = this.buckets.get(name);
    if (!store) {
      store = new FileSourceStore(name);
      this.buckets.set(name, store);
    }
    return store;
  }
}
