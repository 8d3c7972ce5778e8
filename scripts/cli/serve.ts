import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerTokenMatches, createHttpIngestHandler, jsonResponse, routeOf, type IngestHttpRequest, type IngestHttpResponse } from '../../shared/http-ingest/index.js';
import type { Runtime } from '../../shared/runtime.js';
import { EnvFileSecretSource } from '../../shared/secrets/env-file.js';
import { EXIT, processStopSignal, UsageError, type CliIo } from './io.js';
import { COMMON_OPTIONS, parseFlags } from './options.js';
import { ServeMetrics } from './serve-metrics.js';
import { buildServiceRuntime } from './service-runtime.js';

export const SERVE_HELP = `bridge serve [--port 8080] [--host 127.0.0.1] [options]

The edge collector: Fluent Bit and Vector agents POST their records here (docs/edge.md).
  POST /ingest[/<log type>]  NDJSON, a JSON array or JSON lines, gzip or plain → the pipeline;
                             answers the accounting (received / written / quarantined / filtered)
  POST /telemetry            an ops-telemetry summary → summaries/ and the FixOps sink
  GET  /evidence?since=1h    a signed evidence bundle (as \`bridge evidence\`)
  GET  /health               config valid, store reachable, dev keys in use (no auth)
  GET  /metrics              Prometheus text format

Every request but /health needs \`Authorization: Bearer <token>\`, the token being the secret that
serve.token_secret_ref names (e.g. env:BRIDGE_SERVE_TOKEN). Without it, serve only listens on a
loopback address. Ctrl-C / SIGTERM stops taking requests and drains those in flight.

Options:
  --port N        port (default 8080; 0 picks a free one)
  --host ADDR     address to listen on (default 127.0.0.1)
  --data DIR, --config FILE, -v/--verbose   as for \`bridge ingest\``;

const OPTIONS = { ...COMMON_OPTIONS, port: { type: 'string' }, host: { type: 'string' } } as const;
/** How long a shutdown waits for requests in flight before closing their connections. */
const DRAIN_MS = 30_000;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

async function serveToken(runtime: Runtime, io: CliIo): Promise<string | undefined> {
  const ref = runtime.config.serve.token_secret_ref;
  if (ref === undefined) return undefined;
  // env:/file: refs from this command's environment; others through the configured secret manager.
  const local = ref.startsWith('env:') || ref.startsWith('file:');
  return local ? new EnvFileSecretSource({ env: io.env, baseDir: io.cwd }).get(ref) : runtime.secrets.get(ref);
}

/** Reads a body up to `cap` bytes; undefined when it is larger (the caller answers 413). */
async function readBody(req: IncomingMessage, cap: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

function send(res: ServerResponse, response: IngestHttpResponse, close = false): void {
  res.writeHead(response.status, { ...response.headers, ...(close ? { connection: 'close' } : {}) });
  res.end(response.body);
}

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('serve', argv, OPTIONS, false);
  if (values.help) {
    io.out(SERVE_HELP);
    return EXIT.ok;
  }
  const port = Number(values.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`serve: --port must be 0–65535, not ${JSON.stringify(values.port)}`);
  const host = values.host ?? '127.0.0.1';
  const { runtime } = await buildServiceRuntime(values, io);
  const token = await serveToken(runtime, io);
  if (token === undefined && !isLoopback(host)) throw new UsageError(`serve: set serve.token_secret_ref to listen on ${host} (without a token only a loopback address is allowed)`);
  if (token === undefined) runtime.logger.warn('serve runs without a bearer token (serve.token_secret_ref unset): loopback only', { host });

  const metrics = new ServeMetrics();
  const handle = createHttpIngestHandler(() => Promise.resolve(runtime), { cloud: 'local', bearerToken: token, observe: (o) => metrics.observe(o) });
  const cap = runtime.config.serve.max_body_bytes;
  const inFlight = new Set<Promise<void>>();

  const server = createServer((req, res) => {
    const work = (async () => {
      const url = new URL(req.url ?? '/', 'http://serve.invalid');
      if (url.pathname === '/metrics') {
        const started = performance.now();
        const authorized = token === undefined || bearerTokenMatches(req.headers.authorization, token);
        const response = authorized ? { status: 200, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }, body: metrics.render() } : jsonResponse(401, { error: 'missing or wrong bearer token' });
        metrics.observe({ route: 'metrics', status: response.status, durationMs: performance.now() - started });
        send(res, response);
        return;
      }
      const body = await readBody(req, cap);
      if (body === undefined) {
        metrics.observe({ route: routeOf(url.pathname).route, status: 413, durationMs: 0 });
        send(res, jsonResponse(413, { error: `the body exceeds ${cap} bytes` }), true);
        return;
      }
      const request: IngestHttpRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        headers: headersOf(req),
        query: queryOf(url),
        body,
        clientId: req.socket.remoteAddress ?? 'unknown',
      };
      send(res, await handle(request));
    })().catch(() => {
      if (!res.headersSent) send(res, jsonResponse(500, { error: 'request failed' }), true);
      else res.destroy();
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new UsageError(`serve: cannot listen on ${host}:${port} (${err.code ?? err.message})`)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  io.out(`bridge serve listening on http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port} (store ${runtime.store.location}${token ? '' : ', no token'})`);

  const stop = io.stopSignal ?? processStopSignal();
  await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  // Stop taking connections, let idle keep-alive ones go, and wait for the requests in flight.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const drained = Promise.all([...inFlight]).then(() => {
    server.closeIdleConnections();
    return closed;
  });
  const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
  await drained;
  clearTimeout(timer);
  io.out(`bridge serve stopped (${metrics.requestCount()} requests answered)`);
  return EXIT.ok;
}
