import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PersistError, PreconditionFailedError } from '../../../../shared/errors.js';
import { GcsObjectStore } from '../../../../shared/store/gcs.js';
import { startGcsServer, type GcsServer } from '../../../helpers/gcs-server.js';
import { chunks, collect, describeObjectStoreConformance } from './store-conformance.js';

// There is no GCS emulator on this machine: these tests run the real @google-cloud/storage
// client over HTTP against test/helpers/gcs-server.ts, a loopback server that answers the JSON
// API calls this adapter makes (multipart upload with ifGenerationMatch, media download, list
// with pageToken, delete) the way the service documents them.
const noRetry = { autoRetry: false, maxRetries: 0 };

describeObjectStoreConformance('GCS on a loopback JSON API server (10 objects a page, under a prefix)', async () => {
  const server = await startGcsServer({ buckets: ['conformance'] });
  const storage = new Storage({ apiEndpoint: server.endpoint, projectId: 'test', retryOptions: noRetry });
  return {
    store: new GcsObjectStore({ bucket: 'conformance', prefix: 'tenant-a', storage, pageSize: 10 }),
    enforcesConditions: true,
    cleanup: () => server.stop(),
  };
});

describe('GcsObjectStore against a loopback JSON API server', () => {
  let server: GcsServer;
  let storage: Storage;
  let store: GcsObjectStore;

  beforeAll(async () => {
    server = await startGcsServer({ buckets: ['lake'] });
    storage = new Storage({ apiEndpoint: server.endpoint, projectId: 'test', retryOptions: noRetry });
    store = new GcsObjectStore({ bucket: 'lake', prefix: 'tenant-b', storage });
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('names its bucket and prefix as its location', () => {
    expect(store.location).toBe('gs://lake/tenant-b/');
  });

  it('hands out the generation as the etag and turns ifMatch into ifGenerationMatch', async () => {
    const first = await store.put('state/cursor.json', '{"v":1}', { ifNoneMatch: '*' });
    expect(server.requests.at(-1)?.query).toMatchObject({ uploadType: 'multipart', name: 'tenant-b/state/cursor.json', ifGenerationMatch: '0' });
    expect(first.etag).toBe(server.objects.get('lake/tenant-b/state/cursor.json')?.generation);
    const second = await store.put('state/cursor.json', '{"v":2}', { ifMatch: first.etag });
    expect(server.requests.at(-1)?.query).toMatchObject({ ifGenerationMatch: first.etag });
    expect(BigInt(second.etag)).toBeGreaterThan(BigInt(first.etag));
  });

  it('refuses an etag that is not a generation without asking the server', async () => {
    await expect(store.put('state/x.json', '{}', { ifMatch: '"d41d8cd98f00b204e9800998ecf8427e"' })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(server.requests).toEqual([]);
  });

  it('keeps its objects under its root prefix and lists them without it', async () => {
    const other = new GcsObjectStore({ bucket: 'lake', prefix: 'tenant-c/', storage });
    await store.put('raw/a.json', '{}');
    await other.put('raw/c.json', '{}');
    expect(server.objects.has('lake/tenant-b/raw/a.json')).toBe(true);
    expect((await collect(store.list('raw/'))).map((o) => o.key)).toEqual(['raw/a.json']);
    expect((await collect(other.list(''))).map((o) => o.key)).toEqual(['raw/c.json']);
  });

  it('sends the content type and encoding with the object, and never gzips on its own', async () => {
    const body = Buffer.from('{"a":1}\n'.repeat(100));
    await store.put('headers/x.jsonl', body, { contentType: 'application/x-ndjson', contentEncoding: 'identity' });
    const stored = server.objects.get('lake/tenant-b/headers/x.jsonl');
    expect(stored).toMatchObject({ contentType: 'application/x-ndjson', contentEncoding: 'identity' });
    expect(stored?.body.equals(body)).toBe(true);
  });

  it('sends metadata as the object’s custom metadata, and heads without downloading the media', async () => {
    const value = Buffer.from('{"a":1}').toString('base64url');
    await store.put('headers/m.jsonl.gz', Buffer.from([0x1f, 0x8b]), { contentEncoding: 'gzip', metadata: { bridge_summary: value } });
    expect(server.objects.get('lake/tenant-b/headers/m.jsonl.gz')?.metadata).toEqual({ bridge_summary: value });
    server.requests.length = 0;
    expect((await store.head('headers/m.jsonl.gz'))?.metadata).toEqual({ bridge_summary: value });
    expect(server.requests.map((r) => r.query.alt)).toEqual([undefined]);
  });

  it('pages through a listing with pageToken, one request per page', async () => {
    const paged = new GcsObjectStore({ bucket: 'lake', prefix: 'paging', storage, pageSize: 7 });
    const keys = Array.from({ length: 20 }, (_, i) => `k/${String(i).padStart(2, '0')}`);
    await Promise.all(keys.map((key) => paged.put(key, key)));
    server.requests.length = 0;
    expect((await collect(paged.list('k/'))).map((o) => o.key)).toEqual(keys);
    expect(server.requests.map((r) => [r.query.maxResults, r.query.pageToken !== undefined])).toEqual([
      ['7', false],
      ['7', true],
      ['7', true],
    ]);
  });

  it('builds its own client lazily from storageOptions when none is given', async () => {
    const lazy = new GcsObjectStore({ bucket: 'lake', prefix: 'lazy', storageOptions: { apiEndpoint: server.endpoint, projectId: 'test' } });
    const { etag } = await lazy.put('a.txt', 'built lazily');
    expect(await lazy.get('a.txt')).toEqual({ body: Buffer.from('built lazily'), etag });
  });

  it('streams an object that was read back with the same generation it was written with', async () => {
    const { etag } = await store.put('big.bin', Buffer.alloc(300_000, 7));
    const parts = await chunks(await store.getStream('big.bin'));
    expect(Buffer.concat(parts).equals(Buffer.alloc(300_000, 7))).toBe(true);
    expect((await store.get('big.bin'))?.etag).toBe(etag);
  });

  it('throws PersistError, not null, when the bucket does not exist', async () => {
    const missing = new GcsObjectStore({ bucket: 'no-such-bucket', storage });
    await expect(missing.get('a.txt')).rejects.toBeInstanceOf(PersistError);
    await expect(missing.put('a.txt', 'x')).rejects.toBeInstanceOf(PersistError);
  });

  it.each([
    ['put', (s: GcsObjectStore) => s.put('a', 'b')],
    ['get', (s: GcsObjectStore) => s.get('a')],
    ['list', (s: GcsObjectStore) => collect(s.list(''))],
    ['delete', (s: GcsObjectStore) => s.delete('a')],
  ])('throws PersistError with the cause when %s meets a server error', async (_name, call) => {
    server.failNext(503);
    const err = await call(store).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistError);
    expect((err as PersistError).context).toMatchObject({ status: 503 });
    expect((err as PersistError).cause).toBeInstanceOf(Error);
  });

  it('throws PersistError when the server cannot be reached', async () => {
    const gone = await startGcsServer({ buckets: ['lake'] });
    await gone.stop();
    const unreachable = new GcsObjectStore({ bucket: 'lake', storageOptions: { apiEndpoint: gone.endpoint, retryOptions: noRetry } });
    await expect(unreachable.get('a')).rejects.toBeInstanceOf(PersistError);
    await expect(unreachable.put('a', 'b')).rejects.toBeInstanceOf(PersistError);
  });
});
