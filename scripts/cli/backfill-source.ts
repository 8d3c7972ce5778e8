import { basename, resolve } from 'node:path';
import type { ObjectStore } from '../../shared/ports.js';
import type { Runtime } from '../../shared/runtime.js';
import { createObjectStore, LocalFolderStore } from '../../shared/store/index.js';
import { UsageError } from './io.js';

/** Where a backfill reads: a bucket or container and a prefix in it, or a local folder. */
export interface BackfillSource {
  scheme: 's3' | 'azure' | 'gcs' | 'local';
  /** The bucket or container; for a folder its name (the identity the objects get, as a bucket would). */
  bucket: string;
  /** Keys listed start with this. */
  prefix: string;
  /** A folder's absolute path. */
  path?: string;
  /** As the user wrote it, for output. */
  label: string;
}

const URL_SOURCE = /^(s3|azure|gcs):\/\/([^/]+)(?:\/(.*))?$/;

/** `s3://bucket/prefix`, `azure://container/prefix`, `gcs://bucket/prefix` or a folder (its relative paths are the keys). */
export function parseBackfillSource(text: string, cwd: string): BackfillSource {
  const m = URL_SOURCE.exec(text);
  if (m) return { scheme: m[1] as BackfillSource['scheme'], bucket: m[2]!, prefix: m[3] ?? '', label: text };
  if (/^[a-z0-9]+:\/\//i.test(text)) throw new UsageError(`backfill: unknown source ${JSON.stringify(text)} (use s3://, azure://, gcs:// or a folder)`);
  const path = resolve(cwd, text);
  return { scheme: 'local', bucket: basename(path) || 'local', prefix: '', path, label: text };
}

/** The store a source is read through: the same adapters as the lake's, for another bucket or container. */
export async function openBackfillSource(source: BackfillSource, runtime: Runtime): Promise<ObjectStore> {
  const store = runtime.config.store;
  switch (source.scheme) {
    case 'local':
      return new LocalFolderStore({ root: source.path! });
    case 's3':
      return createObjectStore({ ...store, type: 's3', bucket: source.bucket, prefix: '' }, { secrets: runtime.secrets });
    case 'azure':
      return createObjectStore({ ...store, type: 'azure_blob', container: source.bucket, prefix: '' }, { secrets: runtime.secrets });
    case 'gcs':
      return createObjectStore({ ...store, type: 'gcs', bucket: source.bucket, prefix: '' }, { secrets: runtime.secrets });
  }
}
