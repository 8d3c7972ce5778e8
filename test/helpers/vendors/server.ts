import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the loopback vendor saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** The form body parsed (POSTs with application/x-www-form-urlencoded). */
  form: URLSearchParams;
}

export interface VendorReply {
  status?: number;
  headers?: Record<string, string>;
  /** Serialized as JSON. */
  json?: unknown;
  /** Sent as is (for malformed bodies). */
  text?: string;
}

/** A scripted reply served instead of the vendor logic, `times` times, to requests that match. */
export interface Fault {
  method?: string;
  path?: string | RegExp;
  /** Only from the nth matching request on (0-based): lets page 1 succeed and page 2 fail. */
  after?: number;
  times?: number;
  reply: VendorReply;
}

export type VendorHandler = (req: SeenRequest, origin: string) => VendorReply | Promise<VendorReply>;

/**
 * A real HTTP server on 127.0.0.1 and a random port, answering like a vendor API: the handler
 * holds the vendor's pagination and auth; faults (401, 429, 503, malformed pages) are injected.
 */
export class LoopbackVendor {
  readonly requests: SeenRequest[] = [];
  private readonly faults: Array<Fault & { seen: number; served: number }> = [];
  private server = createServer((req, res) => void this.serve(req, res));
  origin = '';

  constructor(private readonly handler: VendorHandler) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  inject(fault: Fault): this {
    this.faults.push({ ...fault, seen: 0, served: 0 });
    return this;
  }

  /** Requests to a path (exact, or a pattern). */
  to(path: string | RegExp, method?: string): SeenRequest[] {
    return this.requests.filter((r) => matches(r, path, method));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      form: new URLSearchParams(String(req.headers['content-type'] ?? '').includes('form-urlencoded') ? body : ''),
    };
    this.requests.push(seen);
    let reply: VendorReply;
    const fault = this.faults.find((f) => matches(seen, f.path, f.method) && f.seen++ >= (f.after ?? 0) && f.served < (f.times ?? 1));
    if (fault) {
      fault.served++;
      reply = fault.reply;
    } else {
      try {
        reply = await this.handler(seen, this.origin);
      } catch (err) {
        reply = { status: 500, json: { error: String(err) } };
      }
    }
    const headers: Record<string, string> = { ...reply.headers };
    let payload = '';
    if (reply.text !== undefined) payload = reply.text;
    else if (reply.json !== undefined) {
      payload = JSON.stringify(reply.json);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(reply.status ?? 200, headers);
    res.end(payload);
  }
}

function matches(r: SeenRequest, path: string | RegExp | undefined, method: string | undefined): boolean {
  if (method !== undefined && r.method !== method) return false;
  if (path === undefined) return true;
  return typeof path === 'string' ? r.path === path : path.test(r.path);
}

export async function startVendor(handler: VendorHandler): Promise<LoopbackVendor> {
  return new LoopbackVendor(handler).start();
}

/** A page of `items` from an offset/limit pair. */
export function pageOf<T>(items: readonly T[], offset: number, limit: number): T[] {
  return items.slice(offset, offset + limit);
}
