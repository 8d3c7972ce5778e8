import { createServer } from 'node:net';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersistError } from '../../../../shared/errors.js';
import { S3ObjectStore } from '../../../../shared/store/s3.js';
import { startS3rver, type S3rverInstance } from '../../../helpers/s3rver.js';
import { collect, describeObjectStoreConformance } from './store-conformance.js';

// s3rver ignores If-None-Match / If-Match, so the conformance suite skips its condition tests
// here; s3-conditional.test.ts covers that path against a loopback server that enforces them.
// s3rver also lists in folder-walk order (`x/1` before `x-1`), unlike S3: see listsInFolderOrder.
describeObjectStoreConformance(
  'S3 on s3rver (10 keys a page, under a prefix)',
  async () => {
    const server = await startS3rver({ buckets: ['conformance'] });
    const client = new S3Client(server.clientConfig);
    return {
      store: new S3ObjectStore({ bucket: 'conformance', prefix: 'tenant-a', client, pageSize: 10 }),
      enforcesConditions: false,
      cleanup: async () => {
        client.destroy();
        await server.stop();
      },
    };
  },
  { listsInFolderOrder: true },
);

describe('S3ObjectStore against s3rver', () => {
  let server: S3rverInstance;
  let client: S3Client;

  beforeAll(async () => {
    server = await startS3rver({ buckets: ['lake'] });
    client = new S3Client(server.clientConfig);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  it('names its bucket and prefix as its location', () => {
    expect(new S3ObjectStore({ bucket: 'lake', prefix: '/tenant-b', client }).location).toBe('s3://lake/tenant-b/');
    expect(new S3ObjectStore({ bucket: 'lake', client }).location).toBe('s3://lake/');
  });

  it('keeps its objects under its root prefix and lists them without it', async () => {
    const tenantB = new S3ObjectStore({ bucket: 'lake', prefix: 'tenant-b/', client });
    const tenantC = new S3ObjectStore({ bucket: 'lake', prefix: 'tenant-c', client });
    await tenantB.put('raw/a.json', '{}');
    await tenantC.put('raw/c.json', '{}');
    const head = await client.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'tenant-b/raw/a.json' }));
    expect(head.ContentLength).toBe(2);
    expect((await collect(tenantB.list('raw/'))).map((o) => o.key)).toEqual(['raw/a.json']);
    expect((await collect(tenantC.list(''))).map((o) => o.key)).toEqual(['raw/c.json']);
  });

  it('sends the content type and encoding with the object', async () => {
    const store = new S3ObjectStore({ bucket: 'lake', client });
    await store.put('headers/x.jsonl.gz', Buffer.from([0x1f, 0x8b]), { contentType: 'application/x-ndjson', contentEncoding: 'gzip' });
    const head = await client.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'headers/x.jsonl.gz' }));
    expect(head.ContentType).toBe('application/x-ndjson');
    expect(head.ContentEncoding).toBe('gzip');
  });

  it('sends metadata as x-amz-meta-* headers, under the names given', async () => {
    const value = Buffer.from('{"a":1}').toString('base64url');
    const store = new S3ObjectStore({ bucket: 'lake', client });
    await store.put('headers/m.jsonl.gz', Buffer.from([0x1f, 0x8b]), { contentEncoding: 'gzip', metadata: { bridge_summary: value } });
    const head = await client.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'headers/m.jsonl.gz' }));
    expect(head.Metadata).toEqual({ bridge_summary: value });
    expect(await store.head('headers/absent')).toBeNull();
  });

  it('pages through a listing, one ListObjectsV2 request per page', async () => {
    const counted = new S3Client(server.clientConfig);
    let requests = 0;
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ListObjectsV2Command') requests++;
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = new S3ObjectStore({ bucket: 'lake', prefix: 'paging', client: counted, pageSize: 7 });
    const keys = Array.from({ length: 20 }, (_, i) => `k/${String(i).padStart(2, '0')}`);
    await Promise.all(keys.map((key) => store.put(key, key)));
    expect((await collect(store.list('k/'))).map((o) => o.key)).toEqual(keys);
    expect(requests).toBe(3);
    counted.destroy();
  });

  it('builds its own client lazily from clientConfig when none is given', async () => {
    const store = new S3ObjectStore({ bucket: 'lake', prefix: 'lazy', clientConfig: server.clientConfig });
    const { etag } = await store.put('a.txt', 'built lazily');
    expect(await store.get('a.txt')).toEqual({ body: Buffer.from('built lazily'), etag });
  });

  it('throws PersistError, not null, when the bucket does not exist', async () => {
    const store = new S3ObjectStore({ bucket: 'no-such-bucket', client });
    const err = await store.get('a.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistError);
    expect((err as PersistError).context).toMatchObject({ status: 404, code: 'NoSuchBucket' });
  });

  it.each([
    ['put', (s: S3ObjectStore) => s.put('a', 'b')],
    ['get', (s: S3ObjectStore) => s.get('a')],
    ['getStream', (s: S3ObjectStore) => s.getStream('a')],
    ['list', (s: S3ObjectStore) => collect(s.list(''))],
    ['delete', (s: S3ObjectStore) => s.delete('a')],
  ])('throws PersistError with the cause when %s cannot reach the server', async (_name, call) => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const store = new S3ObjectStore({ bucket: 'lake', clientConfig: { ...server.clientConfig, endpoint } });
    const err = await call(store).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistError);
    expect((err as PersistError).cause).toBeInstanceOf(Error);
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
