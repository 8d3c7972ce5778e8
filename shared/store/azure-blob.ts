import type { TokenCredential } from '@azure/identity';
import type { BlobDownloadResponseParsed, ContainerClient, StoragePipelineOptions } from '@azure/storage-blob';
import { ConfigError, PersistError, PreconditionFailedError } from '../errors.js';
import type { ObjectHead, ObjectInfo, ObjectStore, PutOptions, StoredObject } from '../ports.js';
import { importSdk } from '../lazy-sdk.js';
import { checkMetadata, metadataOf } from './metadata.js';

export interface AzureBlobStoreOptions {
  /** A container client built once per cold start; when absent one is built lazily from the settings below. */
  containerClient?: ContainerClient;
  container?: string;
  /** Connection string (resolved from a secret ref by the caller); wins over accountUrl. */
  connectionString?: string;
  /** `https://<account>.blob.core.windows.net`; used with `credential` (default: DefaultAzureCredential / managed identity). */
  accountUrl?: string;
  credential?: TokenCredential;
  pipelineOptions?: StoragePipelineOptions;
  /** The store's root inside the container. */
  prefix?: string;
  /** Blobs per listing page (the service caps it at 5000). */
  pageSize?: number;
}

/**
 * Azure Blob Storage as the ObjectStore. Conditional puts use Blob access conditions
 * (ifNoneMatch '*' answers 409 BlobAlreadyExists, ifMatch answers 412 ConditionNotMet): both
 * become PreconditionFailedError; every other failure is a PersistError carrying the RestError.
 */
export class AzureBlobObjectStore implements ObjectStore {
  readonly location: string;
  private readonly root: string;
  private readonly pageSize: number;
  private readonly options: AzureBlobStoreOptions;
  private container: Promise<ContainerClient> | undefined;

  constructor(options: AzureBlobStoreOptions) {
    if (!options.containerClient && (!options.container || (!options.connectionString && !options.accountUrl))) {
      throw new ConfigError('azure blob store: give a containerClient, or a container with a connection string or an account URL');
    }
    this.options = options;
    this.root = normalizePrefix(options.prefix);
    this.pageSize = Math.min(Math.max(options.pageSize ?? 5000, 1), 5000);
    const account = options.containerClient?.accountName ?? accountNameOf(options);
    const container = options.containerClient?.containerName ?? options.container ?? '';
    this.location = `azure-blob://${account}/${container}/${this.root}`;
    if (options.containerClient) this.container = Promise.resolve(options.containerClient);
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<{ etag: string }> {
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return this.upload(key, options, (blob, settings) => blob.upload(data, data.byteLength, settings));
  }

  /** Uploads a local file in blocks (an evidence bundle staged in /tmp) without reading it into memory. */
  async putFile(key: string, path: string, options: PutOptions = {}): Promise<{ etag: string }> {
    return this.upload(key, options, (blob, settings) => blob.uploadFile(path, settings));
  }

  private async upload(
    key: string,
    options: PutOptions,
    send: (
      blob: ReturnType<ContainerClient['getBlockBlobClient']>,
      settings: {
        blobHTTPHeaders: { blobContentType?: string; blobContentEncoding?: string };
        conditions: { ifNoneMatch?: string; ifMatch?: string };
        metadata?: Record<string, string>;
      },
    ) => Promise<{ etag?: string }>,
  ): Promise<{ etag: string }> {
    const metadata = checkMetadata(key, options.metadata);
    try {
      const container = await this.client();
      const out = await send(container.getBlockBlobClient(this.root + key), {
        blobHTTPHeaders: { blobContentType: options.contentType, blobContentEncoding: options.contentEncoding },
        conditions: { ifNoneMatch: options.ifNoneMatch, ifMatch: options.ifMatch },
        ...(metadata ? { metadata } : {}),
      });
      return { etag: quoted(out.etag) };
    } catch (cause) {
      const status = statusOf(cause);
      if (status === 412 || status === 409 || (options.ifMatch !== undefined && codeOf(cause) === 'BlobNotFound')) {
        throw new PreconditionFailedError(`conditional put of ${key} to ${this.location} lost: the object changed`, {
          cause,
          context: { key, store: this.location, status },
        });
      }
      throw this.failure('put', key, cause);
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const out = await this.download(key);
    if (out === null) return null;
    try {
      const parts: Buffer[] = [];
      for await (const chunk of bodyOf(out)) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      return { body: Buffer.concat(parts), etag: quoted(out.etag) };
    } catch (cause) {
      throw this.failure('get', key, cause);
    }
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const out = await this.download(key);
    if (out === null) return null;
    return guardStream(bodyOf(out), (cause) => this.failure('get', key, cause));
  }

  /** Get Blob Properties: size, etag, Last-Modified and the blob's metadata. */
  async head(key: string): Promise<ObjectHead | null> {
    try {
      const out = await (await this.client()).getBlobClient(this.root + key).getProperties();
      return { key, size: out.contentLength ?? 0, etag: quoted(out.etag), lastModified: out.lastModified, metadata: metadataOf(out.metadata) };
    } catch (cause) {
      // A HEAD answer names its error in x-ms-error-code only: a missing container is not a missing blob.
      if (codeOf(cause) === 'BlobNotFound' || (statusOf(cause) === 404 && codeOf(cause) === undefined)) return null;
      throw this.failure('head', key, cause);
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let pages;
    try {
      pages = (await this.client()).listBlobsFlat({ prefix: this.root + prefix }).byPage({ maxPageSize: this.pageSize });
    } catch (cause) {
      throw this.failure('list', prefix, cause);
    }
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      let page;
      try {
        page = await iterator.next();
      } catch (cause) {
        throw this.failure('list', prefix, cause);
      }
      if (page.done) return;
      for (const blob of page.value.segment.blobItems) {
        yield {
          key: blob.name.slice(this.root.length),
          size: blob.properties.contentLength ?? 0,
          etag: quoted(blob.properties.etag),
          lastModified: blob.properties.lastModified,
        };
      }
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await (await this.client()).getBlobClient(this.root + key).deleteIfExists();
    } catch (cause) {
      throw this.failure('delete', key, cause);
    }
  }

  private async download(key: string): Promise<BlobDownloadResponseParsed | null> {
    try {
      return await (await this.client()).getBlobClient(this.root + key).download();
    } catch (cause) {
      if (codeOf(cause) === 'BlobNotFound') return null;
      throw this.failure('get', key, cause);
    }
  }

  private client(): Promise<ContainerClient> {
    this.container ??= this.build().catch((err: unknown) => {
      this.container = undefined;
      throw err;
    });
    return this.container;
  }

  private async build(): Promise<ContainerClient> {
    const { connectionString, accountUrl = '', pipelineOptions } = this.options;
    const container = this.options.container ?? '';
    const blob = await importSdk(() => import('@azure/storage-blob'));
    if (connectionString) return blob.BlobServiceClient.fromConnectionString(connectionString, pipelineOptions).getContainerClient(container);
    const credential = this.options.credential ?? new (await importSdk(() => import('@azure/identity'))).DefaultAzureCredential();
    return new blob.BlobServiceClient(accountUrl, credential, pipelineOptions).getContainerClient(container);
  }

  private failure(operation: string, key: string, cause: unknown): PersistError {
    return new PersistError(`Azure Blob ${operation} of ${key} in ${this.location} failed`, {
      cause,
      context: { key, store: this.location, status: statusOf(cause), code: codeOf(cause) },
    });
  }
}

function normalizePrefix(prefix = ''): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** The account name for the location, never the key: from the connection string or the account URL. */
function accountNameOf(options: AzureBlobStoreOptions): string {
  const fromConnection = options.connectionString?.match(/(?:^|;)\s*AccountName=([^;]+)/i)?.[1];
  if (fromConnection) return fromConnection;
  try {
    return options.accountUrl ? new URL(options.accountUrl).hostname.split('.')[0] ?? '' : '';
  } catch {
    return '';
  }
}

/** Listings give etags bare, headers give them quoted: one form, so ifMatch works with either. */
function quoted(etag: string | undefined): string {
  if (!etag) return '';
  return etag.startsWith('"') ? etag : `"${etag}"`;
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** In Node the download body is a byte stream (no setEncoding is ever called on it). */
function bodyOf(out: BlobDownloadResponseParsed): AsyncIterable<Uint8Array> {
  return (out.readableStreamBody ?? []) as AsyncIterable<Uint8Array>;
}

async function* guardStream(source: AsyncIterable<Uint8Array>, wrap: (cause: unknown) => Error): AsyncIterable<Uint8Array> {
  try {
    yield* source;
  } catch (cause) {
    throw wrap(cause);
  }
}
