import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PersistError, PreconditionFailedError } from '../../../../shared/errors.js';
import { S3ObjectStore } from '../../../../shared/store/s3.js';

/**
 * s3rver ignores If-None-Match and If-Match on PUT, so the S3 adapter's conditional path is
 * tested here against a tiny loopback server that enforces them the way S3 does: 412
 * PreconditionFailed when a condition fails, 404 NoSuchKey for If-Match on a missing key, and
 * 409 ConditionalRequestConflict when told to simulate a concurrent conditional write.
 * It speaks only path-style PUT and GET of objects, which is all this path needs.
 */
interface Stored {
  body: Buffer;
  etag: string;
}

describe('S3ObjectStore conditional puts against a server that enforces them', () => {
  const objects = new Map<string, Stored>();
  const seen: Array<{ method: string; path: string; ifNoneMatch?: string; ifMatch?: string }> = [];
  let failNext: { status: number; code: string } | undefined;
  let server: Server;
  let client: S3Client;
  let store: S3ObjectStore;

  beforeAll(async () => {
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'TEST', secretAccessKey: 'TEST' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
    store = new S3ObjectStore({ bucket: 'lake', prefix: 'p', client });
  });
  afterAll(async () => {
    client?.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    objects.clear();
    seen.length = 0;
    failNext = undefined;
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const ifNoneMatch = req.headers['if-none-match'] as string | undefined;
    const ifMatch = req.headers['if-match'] as string | undefined;
    seen.push({ method: req.method ?? '', path, ifNoneMatch, ifMatch });
    const current = objects.get(path);
    const error = (status: number, code: string): void => {
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
    };
    if (failNext) {
      const { status, code } = failNext;
      failNext = undefined;
      return error(status, code);
    }
    if (req.method === 'PUT') {
      if (ifNoneMatch === '*' && current) return error(412, 'PreconditionFailed');
      if (ifMatch !== undefined && !current) return error(404, 'NoSuchKey');
      if (ifMatch !== undefined && current && current.etag !== ifMatch) return error(412, 'PreconditionFailed');
      const body = Buffer.concat(chunks);
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      objects.set(path, { body, etag });
      res.writeHead(200, { etag });
      return void res.end();
    }
    if (req.method === 'GET') {
      if (!current) return error(404, 'NoSuchKey');
      res.writeHead(200, { etag: current.etag, 'content-length': current.body.length });
      return void res.end(current.body);
    }
    error(405, 'MethodNotAllowed');
  }

  it('sends If-None-Match: * and creates the object when it is absent', async () => {
    const { etag } = await store.put('state/cursors/github.json', '{"v":1}', { ifNoneMatch: '*' });
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', path: '/lake/p/state/cursors/github.json', ifNoneMatch: '*' });
    expect(await store.get('state/cursors/github.json')).toEqual({ body: Buffer.from('{"v":1}'), etag });
  });

  it('turns 412 on If-None-Match into PreconditionFailedError and keeps the first body', async () => {
    await store.put('state/cursors/github.json', '{"v":1}', { ifNoneMatch: '*' });
    const err = await store.put('state/cursors/github.json', '{"v":2}', { ifNoneMatch: '*' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreconditionFailedError);
    expect((err as PreconditionFailedError).context).toMatchObject({ key: 'state/cursors/github.json', status: 412 });
    expect((await store.get('state/cursors/github.json'))?.body.toString()).toBe('{"v":1}');
  });

  it('sends If-Match with the etag and replaces the object when it is current', async () => {
    const first = await store.put('state/cursors/github.json', '{"v":1}');
    const second = await store.put('state/cursors/github.json', '{"v":2}', { ifMatch: first.etag });
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', ifMatch: first.etag });
    expect(await store.get('state/cursors/github.json')).toEqual({ body: Buffer.from('{"v":2}'), etag: second.etag });
  });

  it('turns 412 on If-Match with a stale etag into PreconditionFailedError', async () => {
    const first = await store.put('state/a.json', '{"v":1}');
    await store.put('state/a.json', '{"v":2}', { ifMatch: first.etag });
    const err = await store.put('state/a.json', '{"v":3}', { ifMatch: first.etag }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreconditionFailedError);
    expect((await store.get('state/a.json'))?.body.toString()).toBe('{"v":2}');
  });

  it('turns 404 NoSuchKey on If-Match against a missing object into PreconditionFailedError', async () => {
    const other = await store.put('state/a.json', '{"v":1}');
    await expect(store.put('state/missing.json', '{"v":1}', { ifMatch: other.etag })).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('turns 409 ConditionalRequestConflict into PreconditionFailedError', async () => {
    failNext = { status: 409, code: 'ConditionalRequestConflict' };
    await expect(store.put('state/a.json', '{}', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it.each([
    [500, 'InternalError'],
    [403, 'AccessDenied'],
    [503, 'SlowDown'],
  ])('turns any other failure (%i %s) into PersistError with the SDK error as cause', async (status, code) => {
    failNext = { status, code };
    const err = await store.put('state/a.json', '{}', { ifNoneMatch: '*' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistError);
    expect((err as PersistError).cause).toMatchObject({ name: code });
    expect((err as PersistError).context).toMatchObject({ status, code });
  });
});
