import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server for the Cloud Storage JSON API calls the GCS adapter makes: multipart and
 * media uploads with ifGenerationMatch (custom metadata kept), metadata and `alt=media` downloads (with the x-goog-*
 * headers the client validates), listing with prefix/maxResults/pageToken, and delete.
 * There is no GCS emulator on this machine, so this stands in for one; it keeps objects in
 * memory, answers errors in the API's JSON shape, records every request and can inject faults.
 */
export interface GcsObject {
  bucket: string;
  name: string;
  body: Buffer;
  generation: string;
  contentType: string;
  contentEncoding?: string;
  /** Custom metadata (the resource's `metadata` map), from a multipart upload's resource part. */
  metadata?: Record<string, string>;
  updated: string;
}

export interface GcsRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface GcsServer {
  /** `http://127.0.0.1:PORT`: give it to `new Storage({ apiEndpoint })`. */
  endpoint: string;
  requests: GcsRequest[];
  objects: Map<string, GcsObject>;
  /** The next `times` requests answer `status` with an API error body. */
  failNext(status: number, times?: number): void;
  stop(): Promise<void>;
}

export async function startGcsServer(options: { buckets?: string[] } = {}): Promise<GcsServer> {
  const buckets = new Set(options.buckets ?? []);
  const objects = new Map<string, GcsObject>();
  const requests: GcsRequest[] = [];
  const faults: number[] = [];
  let lastGeneration = Date.now() * 1000;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, 500, 'internalError', String(err)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    requests.push({ method: req.method ?? '', path: decodeURIComponent(url.pathname), query });
    const fault = faults.shift();
    if (fault !== undefined) return sendError(res, fault, fault === 429 ? 'rateLimitExceeded' : 'backendError', 'injected fault');

    const upload = url.pathname.match(/^\/upload\/storage\/v1\/b\/([^/]+)\/o$/);
    const object = url.pathname.match(/^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/);
    const list = url.pathname.match(/^\/storage\/v1\/b\/([^/]+)\/o$/);
    const bucket = decodeURIComponent((upload ?? object ?? list)?.[1] ?? '');
    if (!upload && !object && !list) return sendError(res, 404, 'notFound', 'Not Found');
    if (!buckets.has(bucket)) return sendError(res, 404, 'notFound', 'The specified bucket does not exist.');

    if (upload && req.method === 'POST') {
      const parsed = parseUpload(req, query, body);
      if (!parsed) return sendError(res, 400, 'invalid', 'unsupported upload');
      const key = `${bucket}/${parsed.name}`;
      const failure = preconditionFailure(objects.get(key), query);
      if (failure) return sendError(res, 412, 'conditionNotMet', failure);
      const stored: GcsObject = {
        bucket,
        name: parsed.name,
        body: parsed.media,
        generation: String(++lastGeneration),
        contentType: parsed.contentType ?? 'application/octet-stream',
        contentEncoding: parsed.contentEncoding,
        ...(parsed.metadata ? { metadata: parsed.metadata } : {}),
        updated: new Date().toISOString(),
      };
      objects.set(key, stored);
      return sendJson(res, 200, resource(stored));
    }

    if (object) {
      const key = `${bucket}/${decodeURIComponent(object[2] ?? '')}`;
      const current = objects.get(key);
      if (!current) return sendError(res, 404, 'notFound', `No such object: ${key}`);
      if (req.method === 'DELETE') {
        const failure = preconditionFailure(current, query);
        if (failure) return sendError(res, 412, 'conditionNotMet', failure);
        objects.delete(key);
        res.writeHead(204);
        return void res.end();
      }
      if (req.method !== 'GET') return sendError(res, 405, 'methodNotAllowed', 'method not allowed');
      if (query.alt !== 'media') return sendJson(res, 200, resource(current));
      const gzipOk = String(req.headers['accept-encoding'] ?? '').includes('gzip');
      res.writeHead(200, {
        'content-type': current.contentType,
        'content-length': current.body.length,
        ...(current.contentEncoding && gzipOk ? { 'content-encoding': current.contentEncoding } : {}),
        'x-goog-generation': current.generation,
        'x-goog-metageneration': '1',
        'x-goog-stored-content-encoding': current.contentEncoding ?? 'identity',
        'x-goog-stored-content-length': current.body.length,
        'x-goog-hash': `crc32c=${crc32cBase64(current.body)},md5=${md5Base64(current.body)}`,
        etag: `"${md5Base64(current.body)}"`,
      });
      return void res.end(current.body);
    }

    if (list && req.method === 'GET') {
      const prefix = query.prefix ?? '';
      const max = Math.min(Number(query.maxResults ?? 1000) || 1000, 1000);
      const after = query.pageToken ? Buffer.from(query.pageToken, 'base64url').toString('utf8') : '';
      const names = [...objects.values()]
        .filter((o) => o.bucket === bucket && o.name.startsWith(prefix) && byteOrder(o.name, after) > 0)
        .sort((a, b) => byteOrder(a.name, b.name));
      const page = names.slice(0, max);
      const last = page.at(-1);
      return sendJson(res, 200, {
        kind: 'storage#objects',
        items: page.map(resource),
        ...(names.length > max && last ? { nextPageToken: Buffer.from(last.name).toString('base64url') } : {}),
      });
    }
    return sendError(res, 405, 'methodNotAllowed', 'method not allowed');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    objects,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) faults.push(status);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function preconditionFailure(current: GcsObject | undefined, query: Record<string, string>): string | undefined {
  const want = query.ifGenerationMatch;
  if (want === undefined) return undefined;
  const have = current?.generation ?? '0';
  return want === have ? undefined : 'At least one of the pre-conditions you specified did not hold.';
}

function parseUpload(
  req: IncomingMessage,
  query: Record<string, string>,
  body: Buffer,
): { name: string; media: Buffer; contentType?: string; contentEncoding?: string; metadata?: Record<string, string> } | undefined {
  if (query.uploadType === 'media' && query.name) {
    return { name: query.name, media: body, contentType: req.headers['content-type'], contentEncoding: query.contentEncoding };
  }
  if (query.uploadType !== 'multipart') return undefined;
  const boundary = String(req.headers['content-type'] ?? '').match(/boundary="?([^";]+)"?/)?.[1];
  if (!boundary) return undefined;
  const parts = splitMultipart(body, boundary);
  const [metaPart, mediaPart] = parts;
  if (!metaPart || !mediaPart) return undefined;
  const meta = JSON.parse(metaPart.body.toString('utf8')) as { name?: string; contentType?: string; contentEncoding?: string; metadata?: Record<string, string> };
  const name = meta.name ?? query.name;
  if (!name) return undefined;
  return { name, media: mediaPart.body, contentType: meta.contentType ?? mediaPart.contentType, contentEncoding: meta.contentEncoding, ...(meta.metadata ? { metadata: meta.metadata } : {}) };
}

function splitMultipart(body: Buffer, boundary: string): Array<{ contentType?: string; body: Buffer }> {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Array<{ contentType?: string; body: Buffer }> = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, from);
    if (next === -1) break;
    const part = body.subarray(from + 2, next - 2); // drop the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    parts.push({ contentType: headers.match(/content-type:\s*([^\r\n]+)/i)?.[1], body: part.subarray(split + 4) });
    start = next;
  }
  return parts;
}

function resource(o: GcsObject): Record<string, unknown> {
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    name: o.name,
    bucket: o.bucket,
    generation: o.generation,
    metageneration: '1',
    contentType: o.contentType,
    ...(o.contentEncoding ? { contentEncoding: o.contentEncoding } : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
    size: String(o.body.length),
    md5Hash: md5Base64(o.body),
    crc32c: crc32cBase64(o.body),
    etag: `C${o.generation}`,
    timeCreated: o.updated,
    updated: o.updated,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, reason: string, message: string): void {
  sendJson(res, status, { error: { code: status, message, errors: [{ domain: 'global', reason, message }] } });
}

/** GCS lists names in UTF-8 byte order. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function md5Base64(body: Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

const CRC32C_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC32C (Castagnoli), big-endian, base64: the form GCS puts in `crc32c` and x-goog-hash. */
function crc32cBase64(body: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of body) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}
