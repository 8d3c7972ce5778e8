import dc from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, PersistError } from '../../../../shared/errors.js';
import { AzureBlobObjectStore } from '../../../../shared/store/azure-blob.js';
import { startAzurite, type AzuriteInstance } from '../../../helpers/azurite.js';
import { collect, describeObjectStoreConformance } from './store-conformance.js';

describeObjectStoreConformance('Azure Blob on azurite (10 blobs a page, under a prefix)', async () => {
  const azurite = await startAzurite();
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('conformance');
  await container.create();
  return {
    store: new AzureBlobObjectStore({ containerClient: container, prefix: 'tenant-a', pageSize: 10 }),
    enforcesConditions: true,
    cleanup: () => azurite.stop(),
  };
});

describe('AzureBlobObjectStore against azurite', () => {
  let azurite: AzuriteInstance;
  let container: ContainerClient;

  beforeAll(async () => {
    azurite = await startAzurite();
    container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('lake');
    await container.create();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it('names its account, container and prefix as its location', () => {
    expect(new AzureBlobObjectStore({ containerClient: container, prefix: 'tenant-b' }).location).toBe(
      'azure-blob://devstoreaccount1/lake/tenant-b/',
    );
  });

  it('builds its client lazily from a connection string, and never shows the key in its location', async () => {
    const store = new AzureBlobObjectStore({ connectionString: azurite.connectionString, container: 'lake', prefix: 'lazy' });
    expect(store.location).toBe('azure-blob://devstoreaccount1/lake/lazy/');
    const { etag } = await store.put('a.txt', 'built lazily');
    expect(await store.get('a.txt')).toEqual({ body: Buffer.from('built lazily'), etag });
  });

  it('refuses to start without a container client or a way to build one', () => {
    expect(() => new AzureBlobObjectStore({ container: 'lake' })).toThrow(ConfigError);
    expect(() => new AzureBlobObjectStore({ connectionString: azurite.connectionString })).toThrow(ConfigError);
  });

  it('keeps its objects under its root prefix and lists them without it', async () => {
    const tenantB = new AzureBlobObjectStore({ containerClient: container, prefix: 'tenant-b/' });
    const tenantC = new AzureBlobObjectStore({ containerClient: container, prefix: 'tenant-c' });
    await tenantB.put('raw/a.json', '{}');
    await tenantC.put('raw/c.json', '{}');
    expect((await container.getBlobClient('tenant-b/raw/a.json').getProperties()).contentLength).toBe(2);
    expect((await collect(tenantB.list(''))).map((o) => o.key)).toEqual(['raw/a.json']);
    expect((await collect(tenantC.list('raw/'))).map((o) => o.key)).toEqual(['raw/c.json']);
  });

  it('sends the content type and encoding with the blob', async () => {
    const store = new AzureBlobObjectStore({ containerClient: container });
    await store.put('headers/x.jsonl.gz', Buffer.from([0x1f, 0x8b]), { contentType: 'application/x-ndjson', contentEncoding: 'gzip' });
    const props = await container.getBlobClient('headers/x.jsonl.gz').getProperties();
    expect(props.contentType).toBe('application/x-ndjson');
    expect(props.contentEncoding).toBe('gzip');
  });

  it('sends metadata as the blob’s metadata, under the names given', async () => {
    const value = Buffer.from('{"a":1}').toString('base64url');
    const store = new AzureBlobObjectStore({ containerClient: container });
    await store.put('headers/m.jsonl.gz', Buffer.from([0x1f, 0x8b]), { contentEncoding: 'gzip', metadata: { bridge_summary: value } });
    const props = await container.getBlobClient('headers/m.jsonl.gz').getProperties();
    expect(props.metadata).toEqual({ bridge_summary: value });
    expect(await store.head('headers/absent')).toBeNull();
  });

  it('pages through a listing, one list request per page', async () => {
    const store = new AzureBlobObjectStore({ containerClient: container, prefix: 'paging', pageSize: 7 });
    const keys = Array.from({ length: 20 }, (_, i) => `k/${String(i).padStart(2, '0')}`);
    await Promise.all(keys.map((key) => store.put(key, key)));
    let listRequests = 0;
    const onRequest = (message: unknown): void => {
      if ((message as { request: ClientRequest }).request.path.includes('comp=list')) listRequests++;
    };
    dc.subscribe('http.client.request.start', onRequest);
    try {
      expect((await collect(store.list('k/'))).map((o) => o.key)).toEqual(keys);
    } finally {
      dc.unsubscribe('http.client.request.start', onRequest);
    }
    expect(listRequests).toBe(3);
  });

  it('throws PersistError, not null, when the container does not exist', async () => {
    const missing = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('no-such-container');
    const err = await new AzureBlobObjectStore({ containerClient: missing }).get('a.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistError);
    expect((err as PersistError).context).toMatchObject({ status: 404, code: 'ContainerNotFound' });
  });

  it.each([
    ['put', (s: AzureBlobObjectStore) => s.put('a', 'b')],
    ['get', (s: AzureBlobObjectStore) => s.get('a')],
    ['list', (s: AzureBlobObjectStore) => collect(s.list(''))],
    ['delete', (s: AzureBlobObjectStore) => s.delete('a')],
  ])('throws PersistError with the cause when %s cannot reach the service', async (_name, call) => {
    const unreachable = azurite.connectionString.replace(`:${azurite.port}/`, ':1/');
    const store = new AzureBlobObjectStore({ connectionString: unreachable, container: 'lake', pipelineOptions: { retryOptions: { maxTries: 1 } } });
    const err = await call(store).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistError);
    expect((err as PersistError).cause).toBeInstanceOf(Error);
  });
});
