/**
 * Ports: the I/O the pure core needs, injected by handlers and scripts.
 * Adapters live in shared/store, shared/secrets, shared/sinks, shared/observability.
 */

export interface PutOptions {
  contentType?: string;
  contentEncoding?: string;
  /** '*' = create only if absent (S3 If-None-Match, Blob ifNoneMatch, GCS ifGenerationMatch=0). */
  ifNoneMatch?: '*';
  /** Replace only if the current etag matches. */
  ifMatch?: string;
  /**
   * User metadata stored with the object: S3 `x-amz-meta-*`, Blob metadata, GCS custom metadata,
   * a sidecar in the local folder. Names are lower-case ASCII letters, digits and `_`, starting
   * with a letter (the one form every store keeps as given: Blob names must be C# identifiers,
   * S3 lower-cases); values are printable ASCII; all of it at most 2 KB (S3's cap). A put
   * replaces the object's metadata whole: a put without it leaves the object none.
   */
  metadata?: Record<string, string>;
}

export interface StoredObject {
  body: Buffer;
  etag: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  etag?: string;
  lastModified?: Date;
}

/** What `head` says about an object without reading it. */
export interface ObjectHead extends ObjectInfo {
  /** The user metadata it was put with ({} when none). */
  metadata: Record<string, string>;
}

export interface ObjectStore {
  /** A human-readable location for logs and CLI output (`file:///…`, `s3://bucket/prefix`). */
  readonly location: string;
  /** Throws PreconditionFailedError when a condition fails, PersistError on any other failure. */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }>;
  /**
   * Uploads a local file without reading it into memory (evidence bundles staged in /tmp).
   * Optional: callers fall back to put() with the file's bytes.
   */
  putFile?(key: string, path: string, options?: PutOptions): Promise<{ etag: string }>;
  /** null when absent. */
  get(key: string): Promise<StoredObject | null>;
  /** Streams a large object without holding it in memory. null when absent. */
  getStream(key: string): Promise<AsyncIterable<Uint8Array> | null>;
  /**
   * Size and user metadata (and etag, when cheap) without the body. null when absent. Optional:
   * a caller that reads metadata treats a store without it as one that keeps none.
   */
  head?(key: string): Promise<ObjectHead | null>;
  /** All keys under a prefix, in lexicographic order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  delete(key: string): Promise<void>;
}

export interface SecretSource {
  /** Resolves a `*_secret_ref`. Throws SecretError naming the ref (never a value). */
  get(ref: string): Promise<string>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logs: a constant message plus a context object. Never a payload, never a secret. */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface MetricSet {
  namespace: string;
  dimensions: Record<string, string>;
  values: Record<string, number>;
}

/** Metrics in the platform's native way (EMF on AWS, structured log metrics on Azure/GCP). */
export interface Metrics {
  emit(set: MetricSet): void;
}

export type Clock = () => number;
