import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile, open } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PersistError, PreconditionFailedError } from '../errors.js';
import type { ObjectHead, ObjectInfo, ObjectStore, PutOptions, StoredObject } from '../ports.js';
import { checkMetadata, metadataOf } from './metadata.js';

/**
 * User metadata lives beside the data in a hidden tree that mirrors the keys
 * (`.meta/raw/…/x.jsonl.gz.json` for `raw/…/x.jsonl.gz`): `list` skips dot-folders, so prune,
 * query and evidence (which all go through `list`) never see a sidecar as data, and `delete`
 * removes it with its object.
 */
const META_DIR = '.meta';

export interface LocalFolderStoreOptions {
  root: string;
}

/**
 * A local folder as the object store. Writes are atomic (temp file + rename); etags are the
 * MD5 of the content, as S3 gives for single-part objects. Conditional puts are serialised
 * per process, which is what the CLI and tests need. Metadata: a sidecar under `.meta/` (above),
 * written before its object so a reader that sees the object sees its metadata.
 */
export class LocalFolderStore implements ObjectStore {
  readonly root: string;
  readonly location: string;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(options: LocalFolderStoreOptions) {
    this.root = resolve(options.root);
    this.location = `file://${this.root}`;
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<{ etag: string }> {
    const path = this.pathFor(key);
    const metadata = checkMetadata(key, options.metadata);
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const etag = md5(data);
    const write = async (): Promise<{ etag: string }> => {
      if (options.ifNoneMatch === '*' || options.ifMatch !== undefined) {
        const current = await this.readEtag(path);
        if (options.ifNoneMatch === '*' && current !== null) throw new PreconditionFailedError(`object ${key} already exists`, { context: { key } });
        if (options.ifMatch !== undefined && current !== options.ifMatch) {
          throw new PreconditionFailedError(`object ${key} changed (etag mismatch)`, { context: { key } });
        }
      }
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await this.writeMetadata(key, metadata);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(tmp, data);
        await rename(tmp, path);
      } catch (cause) {
        await rm(tmp, { force: true }).catch(() => undefined);
        throw new PersistError(`cannot write ${key} to ${this.location}`, { cause, context: { key } });
      }
      return { etag };
    };
    if (options.ifNoneMatch === undefined && options.ifMatch === undefined) return write();
    const run = this.lock.then(write, write);
    this.lock = run.catch(() => undefined);
    return run;
  }

  async putFile(key: string, source: string, options: PutOptions = {}): Promise<{ etag: string }> {
    if (options.ifNoneMatch !== undefined || options.ifMatch !== undefined) return this.put(key, await readFile(source), options);
    const path = this.pathFor(key);
    const metadata = checkMetadata(key, options.metadata);
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await this.writeMetadata(key, metadata);
      await mkdir(dirname(path), { recursive: true });
      await copyFile(source, tmp);
      await rename(tmp, path);
      return { etag: await md5File(path) };
    } catch (cause) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw new PersistError(`cannot write ${key} to ${this.location}`, { cause, context: { key } });
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.pathFor(key);
    try {
      const body = await readFile(path);
      return { body, etag: md5(body) };
    } catch (cause) {
      if (isNotFound(cause)) return null;
      throw new PersistError(`cannot read ${key} from ${this.location}`, { cause, context: { key } });
    }
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const path = this.pathFor(key);
    try {
      const handle = await open(path, 'r');
      await handle.close();
    } catch (cause) {
      if (isNotFound(cause)) return null;
      throw new PersistError(`cannot read ${key} from ${this.location}`, { cause, context: { key } });
    }
    return createReadStream(path, { highWaterMark: 1024 * 1024 });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const keys: string[] = [];
    await this.walk(this.root, keys);
    keys.sort();
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      const s = await stat(this.pathFor(key)).catch(() => null);
      if (s) yield { key, size: s.size, lastModified: s.mtime };
    }
  }

  /** Size and Last-Modified from the file, metadata from its sidecar; no etag (it would mean reading the file). */
  async head(key: string): Promise<ObjectHead | null> {
    const s = await stat(this.pathFor(key)).catch((cause: unknown) => {
      if (isNotFound(cause)) return null;
      throw new PersistError(`cannot read ${key} from ${this.location}`, { cause, context: { key } });
    });
    if (s === null) return null;
    let metadata: Record<string, string> = {};
    try {
      metadata = metadataOf(JSON.parse(await readFile(this.metaPathFor(key), 'utf8')) as Record<string, unknown>);
    } catch (cause) {
      if (!isNotFound(cause)) throw new PersistError(`cannot read the metadata of ${key} from ${this.location}`, { cause, context: { key } });
    }
    return { key, size: s.size, lastModified: s.mtime, metadata };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathFor(key), { force: true });
    await rm(this.metaPathFor(key), { force: true });
  }

  /** Writes (or, without metadata, removes) the key's sidecar: a put replaces the metadata whole. */
  private async writeMetadata(key: string, metadata: Record<string, string> | undefined): Promise<void> {
    const path = this.metaPathFor(key);
    if (metadata === undefined) {
      await rm(path, { force: true });
      return;
    }
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(tmp, JSON.stringify(metadata));
      await rename(tmp, path);
    } catch (cause) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw cause;
    }
  }

  private metaPathFor(key: string): string {
    return `${join(this.root, META_DIR, ...key.split('/'))}.json`;
  }

  private async walk(dir: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      if (isNotFound(cause)) return;
      throw cause;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        // Dot-folders (.dev-keys) are local housekeeping, not objects.
        if (!entry.name.startsWith('.')) await this.walk(full, out);
      }
      else if (entry.isFile() && !entry.name.endsWith('.tmp')) out.push(relative(this.root, full).split(sep).join('/'));
    }
  }

  private pathFor(key: string): string {
    if (key === '' || key.startsWith('/') || key.startsWith(`${META_DIR}/`) || key.split('/').some((p) => p === '..' || p === '.' || p === '')) {
      throw new PersistError(`invalid object key ${JSON.stringify(key.slice(0, 200))}`);
    }
    return join(this.root, ...key.split('/'));
  }

  private async readEtag(path: string): Promise<string | null> {
    try {
      return md5(await readFile(path));
    } catch (cause) {
      if (isNotFound(cause)) return null;
      throw cause;
    }
  }
}

function md5(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'ENOENT';
}
