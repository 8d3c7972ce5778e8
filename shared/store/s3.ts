import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { PersistError, PreconditionFailedError } from '../errors.js';
import type { ObjectHead, ObjectInfo, ObjectStore, PutOptions, StoredObject } from '../ports.js';
import { importSdk } from '../lazy-sdk.js';
import { checkMetadata, metadataOf } from './metadata.js';

export interface S3StoreOptions {
  bucket: string;
  /** The store's root inside the bucket (`tenant-a/` → keys live under `tenant-a/…`). */
  prefix?: string;
  /** An S3 client built once per cold start; a default one is built lazily when absent. */
  client?: S3Client;
  /** Settings for the default client only (region, endpoint, forcePathStyle, checksum modes…). */
  clientConfig?: S3ClientConfig;
  /** Keys per ListObjectsV2 page (S3 caps it at 1000). */
  pageSize?: number;
}

type S3Module = typeof import('@aws-sdk/client-s3');

/**
 * Amazon S3 (or an S3-compatible server) as the ObjectStore. Conditional puts use the
 * If-None-Match / If-Match headers S3 enforces; 412 and 409 (a concurrent conditional write)
 * become PreconditionFailedError, every other failure a PersistError carrying the SDK error.
 */
export class S3ObjectStore implements ObjectStore {
  readonly location: string;
  private readonly bucket: string;
  private readonly root: string;
  private readonly pageSize: number;
  private readonly options: S3StoreOptions;
  private client: Promise<S3Client> | undefined;

  constructor(options: S3StoreOptions) {
    this.options = options;
    this.bucket = options.bucket;
    this.root = normalizePrefix(options.prefix);
    this.pageSize = Math.min(Math.max(options.pageSize ?? 1000, 1), 1000);
    this.location = `s3://${this.bucket}/${this.root}`;
    if (options.client) this.client = Promise.resolve(options.client);
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<{ etag: string }> {
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return this.putBody(key, data, data.byteLength, options);
  }

  /** Streams a local file (an evidence bundle staged in /tmp) without reading it into memory. */
  async putFile(key: string, path: string, options: PutOptions = {}): Promise<{ etag: string }> {
    const { size } = await stat(path);
    return this.putBody(key, createReadStream(path), size, options);
  }

  private async putBody(key: string, data: Uint8Array | Readable, length: number, options: PutOptions): Promise<{ etag: string }> {
    const metadata = checkMetadata(key, options.metadata);
    try {
      const [s3, client] = await this.sdk();
      const out = await client.send(
        new s3.PutObjectCommand({
          Bucket: this.bucket,
          Key: this.root + key,
          Body: data,
          ContentLength: length,
          ContentType: options.contentType,
          ContentEncoding: options.contentEncoding,
          IfNoneMatch: options.ifNoneMatch,
          IfMatch: options.ifMatch,
          Metadata: metadata,
        }),
      );
      return { etag: out.ETag ?? '' };
    } catch (cause) {
      const status = statusOf(cause);
      // If-Match on a missing key answers 404 NoSuchKey: the condition failed all the same.
      if (status === 412 || status === 409 || (options.ifMatch !== undefined && nameOf(cause) === 'NoSuchKey')) {
        throw new PreconditionFailedError(`conditional put of ${key} to ${this.location} lost: the object changed`, {
          cause,
          context: { key, store: this.location, status },
        });
      }
      throw this.failure('put', key, cause);
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const out = await this.getObject(key);
    if (out === null) return null;
    try {
      const bytes = await out.body.transformToByteArray();
      return { body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), etag: out.etag };
    } catch (cause) {
      throw this.failure('get', key, cause);
    }
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const out = await this.getObject(key);
    if (out === null) return null;
    return guardStream(out.body as unknown as AsyncIterable<Uint8Array>, (cause) => this.failure('get', key, cause));
  }

  /** HeadObject: size, etag, Last-Modified and the x-amz-meta-* metadata. */
  async head(key: string): Promise<ObjectHead | null> {
    try {
      const [s3, client] = await this.sdk();
      const out = await client.send(new s3.HeadObjectCommand({ Bucket: this.bucket, Key: this.root + key }));
      return { key, size: out.ContentLength ?? 0, etag: out.ETag ?? '', lastModified: out.LastModified, metadata: metadataOf(out.Metadata) };
    } catch (cause) {
      // A HEAD has no body to name the error: a missing key is a bare 404 (NotFound).
      if (statusOf(cause) === 404 || nameOf(cause) === 'NotFound' || nameOf(cause) === 'NoSuchKey') return null;
      throw this.failure('head', key, cause);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const [s3, client] = await this.sdk().catch((cause: unknown) => {
      throw this.failure('list', prefix, cause);
    });
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(
          new s3.ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.root + prefix, ContinuationToken: token, MaxKeys: this.pageSize }),
        );
      } catch (cause) {
        throw this.failure('list', prefix, cause);
      }
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        yield { key: item.Key.slice(this.root.length), size: item.Size ?? 0, etag: item.ETag, lastModified: item.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    try {
      const [s3, client] = await this.sdk();
      await client.send(new s3.DeleteObjectCommand({ Bucket: this.bucket, Key: this.root + key }));
    } catch (cause) {
      throw this.failure('delete', key, cause);
    }
  }

  private async getObject(key: string): Promise<{ body: { transformToByteArray(): Promise<Uint8Array> }; etag: string } | null> {
    try {
      const [s3, client] = await this.sdk();
      const out = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key: this.root + key }));
      if (!out.Body) throw new Error('GetObject returned no body');
      return { body: out.Body, etag: out.ETag ?? '' };
    } catch (cause) {
      if (nameOf(cause) === 'NoSuchKey') return null;
      throw this.failure('get', key, cause);
    }
  }

  private async sdk(): Promise<[S3Module, S3Client]> {
    const s3 = await importSdk(() => import('@aws-sdk/client-s3'));
    this.client ??= Promise.resolve(new s3.S3Client(this.options.clientConfig ?? {}));
    return [s3, await this.client];
  }

  private failure(operation: string, key: string, cause: unknown): PersistError {
    return new PersistError(`S3 ${operation} of ${key} in ${this.location} failed`, {
      cause,
      context: { key, store: this.location, status: statusOf(cause), code: nameOf(cause) },
    });
  }
}

function normalizePrefix(prefix = ''): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

function statusOf(err: unknown): number | undefined {
  const meta = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return typeof meta?.httpStatusCode === 'number' ? meta.httpStatusCode : undefined;
}

function nameOf(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

/** Re-throws a failure in the middle of a stream as the store's own error. */
async function* guardStream(source: AsyncIterable<Uint8Array>, wrap: (cause: unknown) => Error): AsyncIterable<Uint8Array> {
  try {
    yield* source;
  } catch (cause) {
    throw wrap(cause);
  }
}
