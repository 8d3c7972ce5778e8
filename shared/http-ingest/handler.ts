import { timingSafeEqual, createHash } from 'node:crypto';
import { describeError } from '../errors.js';
import { serveEvidence, type EvidenceTarget } from '../evidence/http.js';
import { isLogTypeName } from '../decode/http-body.js';
import type { Runtime } from '../runtime.js';
import { healthResponse } from './health.js';
import { ingestRoute, safeName } from './ingest-route.js';
import { ClientRateLimit } from './rate-limit.js';
import { telemetryRoute } from './telemetry-route.js';
import { jsonResponse, type IngestHttpRequest, type IngestHttpResponse, type IngestObservation, type IngestRoute } from './types.js';

export interface HttpIngestOptions {
  /** aws, azure, gcp or local: a metric dimension and log field. */
  cloud: string;
  /** The bearer token every request but GET /health must carry (`bridge serve`); the clouds authenticate themselves. */
  bearerToken?: string | undefined;
  /** A separate evidence bucket/container the infra set. */
  evidenceTarget?: EvidenceTarget;
  /** Told about every answered request (metrics). */
  observe?: (observation: IngestObservation) => void;
  /** Monotonic ms for latency (default performance.now). */
  now?: () => number;
}

export type HttpIngestHandler = (request: IngestHttpRequest) => Promise<IngestHttpResponse>;

const ALLOW: Record<Exclude<IngestRoute, 'other'>, string> = { ingest: 'POST', telemetry: 'POST', evidence: 'GET, POST', health: 'GET' };

export function routeOf(path: string): { route: IngestRoute; logType?: string } {
  const clean = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (clean === '/ingest') return { route: 'ingest' };
  const typed = /^\/ingest\/([^/]+)$/.exec(clean);
  if (typed) {
    let logType: string;
    try {
      logType = decodeURIComponent(typed[1]!);
    } catch {
      logType = typed[1]!; // malformed %-escape: kept as is, refused as not snake_case
    }
    return { route: 'ingest', logType };
  }
  if (clean === '/telemetry' || clean === '/evidence' || clean === '/health') return { route: clean.slice(1) as IngestRoute };
  return { route: 'other' };
}

/** `Authorization: Bearer <token>` carries exactly `expected` (compared in constant time). */
export function bearerTokenMatches(header: string | undefined, expected: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  // Equal-length digests, so the comparison takes the same time whatever the guess.
  const a = createHash('sha256').update(m[1]!).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The one HTTP ingest handler behind every entry: POST /ingest[/<log type>] and /telemetry, GET
 * /evidence and /health. Checks in order: route and method (404, 405), bearer token (401), the
 * per-client rate limit (429 + Retry-After), the body cap (413); then the route. A 5xx only when
 * something could not be persisted or the runtime could not start, so agents retry exactly then.
 */
export function createHttpIngestHandler(getRuntime: () => Promise<Runtime>, options: HttpIngestOptions): HttpIngestHandler {
  const now = options.now ?? (() => performance.now());
  let limiter: ClientRateLimit | undefined;
  return async function handle(request: IngestHttpRequest): Promise<IngestHttpResponse> {
    const started = now();
    const { route, logType } = routeOf(request.path);
    const observation: Omit<IngestObservation, 'status' | 'durationMs'> & { route: IngestRoute } = { route };
    const response = await answer(request, route, logType, observation).catch((err: unknown) => {
      // Not expected: every route answers its own failures. Never the message (it may hold a path).
      return jsonResponse(500, { error: `request failed (${safeName(describeError(err).name)})`, ...(request.requestId ? { request_id: request.requestId } : {}) });
    });
    options.observe?.({ ...observation, status: response.status, durationMs: now() - started });
    return response;
  };

  async function answer(request: IngestHttpRequest, route: IngestRoute, logType: string | undefined, observation: Partial<IngestObservation>): Promise<IngestHttpResponse> {
    if (route === 'other') return jsonResponse(404, { error: 'not found: use POST /ingest, POST /telemetry, GET /evidence or GET /health' });
    const method = request.method.toUpperCase();
    if (!ALLOW[route].split(', ').includes(method)) return jsonResponse(405, { error: `method ${method.slice(0, 16)} is not allowed on /${route}` }, { allow: ALLOW[route] });
    if (route === 'health') return healthResponse(getRuntime);
    if (options.bearerToken !== undefined && !bearerTokenMatches(request.headers.authorization, options.bearerToken)) {
      return jsonResponse(401, { error: 'missing or wrong bearer token (Authorization: Bearer <token>)' }, { 'www-authenticate': 'Bearer' });
    }
    let runtime: Runtime;
    try {
      runtime = await getRuntime();
    } catch (err) {
      return jsonResponse(503, { error: `the service could not start (${safeName(describeError(err).name)})` }, { 'retry-after': '30' });
    }
    const serve = runtime.config.serve;
    limiter ??= new ClientRateLimit({ perSecond: serve.rate_limit_per_second, burst: serve.rate_limit_burst });
    const wait = limiter.admit(request.clientId);
    if (wait > 0) return jsonResponse(429, { error: 'too many requests from this client' }, { 'retry-after': String(wait) });
    if (request.body.length > serve.max_body_bytes) return jsonResponse(413, { error: `the body exceeds ${serve.max_body_bytes} bytes` });
    if (route === 'ingest') {
      if (logType !== undefined && !isLogTypeName(logType)) return jsonResponse(400, { error: 'the log type in /ingest/<log type> must be snake_case (vpcflow, cloudtrail, waf, …)' });
      const { response, result } = await ingestRoute(request, logType, runtime, options.cloud);
      if (result) observation.result = result;
      return response;
    }
    if (route === 'telemetry') {
      const { response, stored } = await telemetryRoute(request, runtime);
      observation.summaryStored = stored;
      return response;
    }
    const evidence = await serveEvidence(() => Promise.resolve(runtime), {
      method,
      query: request.query,
      body: method === 'POST' ? request.body : undefined,
      ...(request.requestId ? { requestId: request.requestId } : {}),
      ...(options.evidenceTarget ? { evidenceTarget: options.evidenceTarget } : {}),
      logContext: { cloud: options.cloud, function: 'http-ingest' },
    });
    observation.bundleBuilt = evidence.status === 200;
    return jsonResponse(evidence.status, evidence.body, evidence.headers);
  }
}
