import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Bucket, GetFilesOptions, Storage, StorageOptions } from '@google-cloud/storage';
import { PersistError, PreconditionFailedError } from '../errors.js';
import type { ObjectHead, ObjectInfo, ObjectStore, PutOptions, StoredObject } from '../ports.js';
import { importSdk } from '../lazy-sdk.js';
import { checkMetadata, metadataOf } from './metadata.js';

export interface GcsStoreOptions {
  bucket: string;
  /** The store's root inside the bucket. */
  prefix?: string;
  /** A Storage client built once per cold start; a default one is built lazily when absent. */
  storage?: Storage;
  /** Settings for the default client only (projectId, apiEndpoint, retryOptions…). */
  storageOptions?: StorageOptions;
  /** Objects per listing page (the API caps it at 1000). */
  pageSize?: number;
}

/**
 * Google Cloud Storage as the ObjectStore. The etag this store hands out is the object's
 * generation number, so `ifMatch` maps straight onto ifGenerationMatch (and `ifNoneMatch: '*'`
 * onto ifGenerationMatch=0). 412/409 become PreconditionFailedError, every other failure a
 * PersistError carrying the ApiError. Reads never decompress: stored bytes come back as stored.
 */
export class GcsObjectStore implements ObjectStore {
  readonly location: string;
  private readonly root: string;
  private readonly pageSize: number;
  private readonly options: GcsStoreOptions;
  private handle: Promise<Bucket> | undefined;

  constructor(options: GcsStoreOptions) {
    this.options = options;
    this.root = normalizePrefix(options.prefix);
    this.pageSize = Math.min(Math.max(options.pageSize ?? 1000, 1), 1000);
    this.location = `gs://${options.bucket}/${this.root}`;
    if (options.storage) this.handle = Promise.resolve(options.storage.bucket(options.bucket));
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<{ etag: string }> {
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return this.save(key, data, options);
  }

  /** Streams a local file (an evidence bundle staged in /tmp) without reading it into memory. */
  async putFile(key: string, path: string, options: PutOptions = {}): Promise<{ etag: string }> {
    return this.save(key, () => createReadStream(path), options);
  }

  private async save(key: string, data: Buffer | (() => Readable), options: PutOptions): Promise<{ etag: string }> {
    const ifGenerationMatch = options.ifNoneMatch === '*' ? 0 : options.ifMatch === undefined ? undefined : generationOf(options.ifMatch);
    if (ifGenerationMatch === null) {
      throw new PreconditionFailedError(`conditional put of ${key} to ${this.location} lost: the etag is not a generation of this store`, {
        context: { key, store: this.location },
      });
    }
    const metadata = checkMetadata(key, options.metadata);
    try {
      const file = (await this.bucket()).file(this.root + key);
      await file.save(typeof data === 'function' ? data() : data, {
        resumable: false,
        gzip: false,
        metadata: { contentType: options.contentType, contentEncoding: options.contentEncoding, ...(metadata ? { metadata } : {}) },
        ...(ifGenerationMatch === undefined ? {} : { preconditionOpts: { ifGenerationMatch } }),
      });
      return { etag: String(file.metadata.generation ?? '') };
    } catch (cause) {
      const status = statusOf(cause);
      if (status === 412 || status === 409) {
        throw new PreconditionFailedError(`conditional put of ${key} to ${this.location} lost: the object changed`, {
          cause,
          context: { key, store: this.location, status },
        });
      }
      throw this.failure('put', key, cause);
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const opened = await this.open(key);
    if (opened === null) return null;
    const parts: Buffer[] = [];
    for await (const chunk of opened.chunks) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return { body: Buffer.concat(parts), etag: opened.generation() };
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    return (await this.open(key))?.chunks ?? null;
  }

  /** The object's resource (no media): size, generation, updated and its custom metadata. */
  async head(key: string): Promise<ObjectHead | null> {
    try {
      const [meta] = await (await this.bucket()).file(this.root + key).getMetadata();
      return {
        key,
        size: Number(meta.size ?? 0),
        etag: meta.generation === undefined ? '' : String(meta.generation),
        lastModified: meta.updated ? new Date(meta.updated) : undefined,
        metadata: metadataOf(meta.metadata),
      };
    } catch (cause) {
      if (statusOf(cause) === 404 && !/bucket does not exist/i.test(messageOf(cause))) return null;
      throw this.failure('head', key, cause);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let query: GetFilesOptions | null = { prefix: this.root + prefix, autoPaginate: false, maxResults: this.pageSize };
    while (query) {
      let files, next;
      try {
        [files, next] = await (await this.bucket()).getFiles(query);
      } catch (cause) {
        throw this.failure('list', prefix, cause);
      }
      for (const file of files) {
        const { size, generation, updated } = file.metadata;
        yield {
          key: file.name.slice(this.root.length),
          size: Number(size ?? 0),
          etag: generation === undefined ? undefined : String(generation),
          lastModified: updated ? new Date(updated) : undefined,
        };
      }
      query = (next as GetFilesOptions | null | undefined) ?? null;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await (await this.bucket()).file(this.root + key).delete({ ignoreNotFound: true });
    } catch (cause) {
      throw this.failure('delete', key, cause);
    }
  }

  /**
   * Starts a media download and waits for its first chunk, so a missing object is known (null)
   * before any stream is handed out; the generation comes from the response headers.
   */
  private async open(key: string): Promise<{ chunks: AsyncIterable<Uint8Array>; generation(): string } | null> {
    let generation: string | undefined;
    let stream: Readable;
    let iterator: AsyncIterator<Uint8Array>;
    let first: IteratorResult<Uint8Array>;
    try {
      const file = (await this.bucket()).file(this.root + key);
      stream = file.createReadStream({ decompress: false });
      stream.on('response', (res: { headers?: IncomingHttpHeaders }) => {
        const header = res.headers?.['x-goog-generation'];
        if (typeof header === 'string') generation = header;
      });
      iterator = stream[Symbol.asyncIterator]();
      first = await iterator.next();
    } catch (cause) {
      if (statusOf(cause) === 404 && !/bucket does not exist/i.test(messageOf(cause))) return null;
      throw this.failure('get', key, cause);
    }
    const fail = (cause: unknown): PersistError => this.failure('get', key, cause);
    async function* chunks(): AsyncIterable<Uint8Array> {
      if (first.done) return;
      let ended = false;
      try {
        yield first.value;
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          yield next.value;
        }
        ended = true;
      } catch (cause) {
        ended = true;
        throw fail(cause);
      } finally {
        if (!ended) await stopEarly(stream, iterator);
      }
    }
    return { chunks: chunks(), generation: () => generation ?? '' };
  }

  private bucket(): Promise<Bucket> {
    this.handle ??= importSdk(() => import('@google-cloud/storage')).then(
      (gcs) => new gcs.Storage(this.options.storageOptions).bucket(this.options.bucket),
      (err: unknown) => {
        this.handle = undefined;
        throw err;
      },
    );
    return this.handle;
  }

  private failure(operation: string, key: string, cause: unknown): PersistError {
    return new PersistError(`GCS ${operation} of ${key} in ${this.location} failed`, {
      cause,
      context: { key, store: this.location, status: statusOf(cause) },
    });
  }
}

/**
 * A reader stopped before the end. The client cleans up an aborted download by destroying its
 * shared HTTP agent, which would also kill the next request if it were already on the wire:
 * let that clean-up run before handing control back.
 */
async function stopEarly(stream: Readable, iterator: AsyncIterator<Uint8Array>): Promise<void> {
  await iterator.return?.();
  if (!stream.closed) await once(stream, 'close').catch(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
}

function normalizePrefix(prefix = ''): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** This store's etags are generation numbers; anything else can never match (null). */
function generationOf(etag: string): string | null {
  const bare = etag.replace(/^"|"$/g, '');
  return /^[1-9]\d*$/.test(bare) ? bare : null;
}

function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : '';
}
