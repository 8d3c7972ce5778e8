import { BridgeError, describeError } from '../errors.js';
import { createJsonLogger } from '../observability/logger.js';
import type { Logger, ObjectInfo, ObjectStore, PutOptions } from '../ports.js';
import type { Runtime } from '../runtime.js';
import { SOURCES } from '../schema/bronze-event.js';
import { RETENTION } from '../config/retention.js';
import { checkEvidenceWindow, DEFAULT_EVIDENCE_BOUNDS, EvidenceNotFoundError, EvidenceRequestError, type EvidenceBounds } from './bounds.js';
import { buildEvidenceBundle, type EvidenceRequest } from './build.js';
import { callerKey, type EvidenceCaller } from './caller.js';
import { loadSigningKey } from './keys.js';
import { createCallerRateLimiter, type CallerRateLimiter } from './rate-limit.js';
import type { EvidenceManifest, EvidenceSignature } from './manifest.js';

/** Query parameters as a platform hands them over: a string, or several strings when repeated. */
export type EvidenceQuery = Readonly<Record<string, unknown>>;

export { EvidenceNotFoundError, EvidenceRequestError } from './bounds.js';

export const EVIDENCE_PARAMS = ['since', 'until', 'asset', 'source'] as const;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d{1,6})(s|m|h|d|w)$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2}))?$/;
const TIME_HELP = 'a duration back from now (30m, 1h, 7d) or an RFC 3339 time with a zone (2026-11-25T10:00:00Z)';

/** A time parameter: `1h` means one hour before `now`; otherwise an RFC 3339 time (or a date, midnight UTC). */
export function parseEvidenceTime(name: string, text: string, now: number): number {
  const duration = DURATION.exec(text);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2]!]!;
  const m = RFC3339.exec(text);
  if (m) {
    const [year, month, day, hour = 0, minute = 0, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((p) => (p === undefined ? undefined : Number(p)));
    const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
    const valid = month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
    const t = Date.parse(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : text.replace(' ', 'T'));
    if (valid && Number.isFinite(t)) return t;
    throw new EvidenceRequestError(`${name} ${JSON.stringify(text)} is not a valid date or time`);
  }
  if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) {
    throw new EvidenceRequestError(`${name} ${JSON.stringify(text)} has no time zone: add Z (UTC) or an offset such as +02:00`);
  }
  throw new EvidenceRequestError(`${name} ${JSON.stringify(text.slice(0, 64))} is not ${TIME_HELP}`);
}

function single(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length > 1) throw new EvidenceRequestError(`${name} is given more than once`);
    return single(name, value[0]);
  }
  if (typeof value !== 'string') throw new EvidenceRequestError(`${name} must be a single text value`);
  const text = value.trim();
  if (text === '') throw new EvidenceRequestError(`${name} is empty`);
  return text;
}

/**
 * The evidence request a query (`since=1h&until=…&asset=app-1&source=aws.cloudwatch`) asks for,
 * with `until` defaulting to `now`. Throws EvidenceRequestError naming the parameter at fault, or
 * saying which bound the window breaks (longer than the maximum, or older than the raw/ retention).
 */
export function parseEvidenceRequest(query: EvidenceQuery, now: number, bounds: EvidenceBounds = DEFAULT_EVIDENCE_BOUNDS): EvidenceRequest {
  for (const name of Object.keys(query)) {
    if (!(EVIDENCE_PARAMS as readonly string[]).includes(name)) {
      throw new EvidenceRequestError(`unknown parameter ${JSON.stringify(name.slice(0, 64))} (use ${EVIDENCE_PARAMS.join(', ')})`);
    }
  }
  const sinceText = single('since', query.since);
  if (sinceText === undefined) throw new EvidenceRequestError(`since is required: ${TIME_HELP}`);
  const since = parseEvidenceTime('since', sinceText, now);
  const untilText = single('until', query.until);
  const until = untilText === undefined ? now : parseEvidenceTime('until', untilText, now);
  if (since >= until) {
    throw new EvidenceRequestError(`since (${new Date(since).toISOString()}) must be before until (${new Date(until).toISOString()})`);
  }
  checkEvidenceWindow(since, until, now, bounds);
  const asset = single('asset', query.asset);
  if (asset !== undefined && (asset.length > 512 || /[\u0000-\u001f\u007f]/.test(asset))) {
    throw new EvidenceRequestError('asset must be at most 512 printable characters');
  }
  const source = single('source', query.source);
  if (source !== undefined && !(SOURCES as readonly string[]).includes(source)) {
    throw new EvidenceRequestError(`unknown source ${JSON.stringify(source.slice(0, 64))} (one of ${SOURCES.join(', ')})`);
  }
  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    ...(asset !== undefined ? { asset } : {}),
    ...(source !== undefined ? { source } : {}),
  };
}

/**
 * How a request names its window, for the bundle id: an absolute time as itself; a relative one
 * (`1h`, or `until` left out = now) as its text plus the minute it was resolved in. So `since=1h`
 * repeated within a minute over the same data names the same bundle (reused, with the first
 * request's exact window), while the same text an hour later is another request.
 */
export function evidenceRequestIdentity(query: EvidenceQuery, request: EvidenceRequest): { since: string; until: string } {
  const minute = (iso: string): string => new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString();
  const part = (name: 'since' | 'until', resolved: string): string => {
    const text = single(name, query[name]);
    if (text === undefined) return `now@${minute(resolved)}`;
    return DURATION.test(text) ? `${text}@${minute(resolved)}` : resolved;
  };
  return { since: part('since', request.since), until: part('until', request.until) };
}

/** A POST body (JSON object with the same fields) merged with the query; a field given in both is refused. */
export function mergeEvidenceBody(query: EvidenceQuery, body: unknown): EvidenceQuery {
  let doc: unknown = body;
  if (body === undefined || body === null) return query;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = (typeof body === 'string' ? body : Buffer.from(body).toString('utf8')).trim();
    if (text === '') return query;
    try {
      doc = JSON.parse(text) as unknown;
    } catch {
      throw new EvidenceRequestError(`the body must be a JSON object with ${EVIDENCE_PARAMS.join(', ')}`);
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new EvidenceRequestError(`the body must be a JSON object with ${EVIDENCE_PARAMS.join(', ')}`);
  const fromBody = Object.entries(doc);
  for (const [name] of fromBody) {
    if (Object.hasOwn(query, name) && query[name] !== undefined) throw new EvidenceRequestError(`${name.slice(0, 64)} is given more than once (query and body)`);
  }
  // fromEntries defines own properties: a "__proto__" key stays a key (and is refused as unknown).
  return Object.fromEntries([...Object.entries(query), ...fromBody]);
}

export interface EvidenceCreated {
  manifest: EvidenceManifest;
  signature: EvidenceSignature;
  /** Where the bundle lies (`s3://bucket/evidence/<id>.jsonl.gz`, `file:///…`). */
  location: string;
  keys: { bundle: string; manifest: string; signature: string };
  /** The same request over the same data had built this bundle already; it is returned, nothing new is written. */
  reused: boolean;
}

export interface EvidenceHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: EvidenceCreated | { error: string; request_id?: string };
}

/** Where the infra put a separate, write-once evidence bucket or container (locked retention / immutability). */
export interface EvidenceTarget {
  /** s3, gcs: BRIDGE_EVIDENCE_BUCKET. */
  bucket?: string | undefined;
  /** azure_blob: BRIDGE_EVIDENCE_CONTAINER. */
  container?: string | undefined;
}

export interface EvidenceHttpInput {
  method?: string;
  /** A separate evidence bucket/container; raw/ is still read from the runtime's store. */
  evidenceTarget?: EvidenceTarget;
  query: EvidenceQuery;
  /** The raw (or already parsed) body of a POST. */
  body?: unknown;
  /** The platform's request id, echoed in a 500 so the log line can be found. */
  requestId?: string;
  /** Added to the log lines (cloud, function). */
  logContext?: Record<string, unknown>;
  /** The caller the platform authenticated (never read from the request itself). */
  caller?: EvidenceCaller | undefined;
  /** Cloud entry points: refuse (401) a request without an authenticated caller. */
  requireCaller?: boolean;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function answer(status: number, body: EvidenceHttpResponse['body'], headers: Record<string, string> = {}): EvidenceHttpResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body };
}

/** A 500 names the class of failure and the request id, never the message (it could hold a ref or a path). */
function internalError(err: unknown, requestId: string | undefined): EvidenceHttpResponse {
  const { name } = describeError(err);
  const safeName = /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : 'Error';
  return answer(500, { error: `the evidence bundle could not be built (${safeName}); see the function's logs`, ...(requestId ? { request_id: requestId } : {}) });
}

/**
 * Runs an HTTP evidence request: GET or POST, parameters from the query (and a POST's JSON body),
 * builds and signs the bundle under evidence/ (or returns the existing one for the same request
 * over the same data) and answers 200 with the manifest and where the bundle lies; 400 names what
 * is wrong with the request or which bound it breaks; 401 when a caller is required and none was
 * authenticated; 404 for an asset with no events in the window; 405 for other methods; 429 past
 * the caller's rate limit; 500 otherwise.
 */
export async function handleEvidenceRequest(
  query: EvidenceQuery,
  runtime: Runtime,
  input: Omit<EvidenceHttpInput, 'query' | 'evidenceTarget'> & { evidenceStore?: ObjectStore } = {},
): Promise<EvidenceHttpResponse> {
  const method = (input.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'POST') return answer(405, { error: `method ${method.slice(0, 16)} is not allowed; use GET or POST` }, { allow: 'GET, POST' });
  const log = { ...input.logContext, ...(input.requestId ? { request_id: input.requestId } : {}) };
  if (input.requireCaller && !input.caller) {
    runtime.logger.warn('evidence request refused', { ...log, reason: 'no authenticated caller' });
    return answer(401, { error: 'the request carries no caller identity the platform authenticated' });
  }
  const settings = runtime.config.evidence;
  const bounds: EvidenceBounds = { maxWindowDays: settings.max_window_days, rawRetentionDays: RETENTION.raw?.expireDays ?? DEFAULT_EVIDENCE_BOUNDS.rawRetentionDays };
  let request: EvidenceRequest;
  let windowIdentity: { since: string; until: string };
  try {
    const merged = method === 'POST' ? mergeEvidenceBody(query, input.body) : query;
    request = parseEvidenceRequest(merged, runtime.clock(), bounds);
    windowIdentity = evidenceRequestIdentity(merged, request);
  } catch (err) {
    if (!(err instanceof EvidenceRequestError)) {
      runtime.logger.error('evidence request failed', { ...log, error: describeError(err) });
      return internalError(err, input.requestId);
    }
    runtime.logger.info('evidence request refused', { ...log, reason: err.message });
    return answer(400, { error: err.message });
  }
  const rate = rateLimiterOf(runtime).take(callerKey(input.caller));
  if (!rate.allowed) {
    runtime.logger.warn('evidence request refused', { ...log, reason: 'rate limit', caller: callerKey(input.caller) });
    return answer(429, { error: `at most ${settings.rate_limit_per_caller} evidence requests per ${settings.rate_limit_window_s} s per caller; retry in ${rate.retryAfterS} s` }, { 'retry-after': String(rate.retryAfterS) });
  }
  try {
    const signingKey = await loadSigningKey(runtime.config.evidence, { secrets: runtime.secrets, logger: runtime.logger, ...(runtime.devKeyDir ? { devKeyDir: runtime.devKeyDir } : {}) });
    const store = input.evidenceStore ? routeEvidence(runtime.store, input.evidenceStore) : runtime.store;
    const built = await buildEvidenceBundle(request, { store, signingKey, clock: runtime.clock, logger: runtime.logger, windowIdentity, ...(input.caller ? { caller: input.caller } : {}) });
    return answer(200, { manifest: built.manifest, signature: built.signature, location: built.location, keys: built.keys, reused: built.reused });
  } catch (err) {
    if (err instanceof EvidenceNotFoundError) {
      runtime.logger.info('evidence request found nothing', { ...log, reason: err.message });
      return answer(404, { error: err.message });
    }
    runtime.logger.error('evidence request failed', { ...log, error: describeError(err) });
    return internalError(err, input.requestId);
  }
}

const rateLimiters = new WeakMap<Runtime, CallerRateLimiter>();

/** One limiter per runtime (per warm instance), sized from config evidence.rate_limit_*. */
function rateLimiterOf(runtime: Runtime): CallerRateLimiter {
  let limiter = rateLimiters.get(runtime);
  if (!limiter) {
    const { rate_limit_per_caller: limit, rate_limit_window_s: windowS } = runtime.config.evidence;
    limiter = createCallerRateLimiter({ limit, windowMs: windowS * 1000, clock: runtime.clock });
    rateLimiters.set(runtime, limiter);
  }
  return limiter;
}

/**
 * The whole HTTP entry: gets the runtime (a failed start is a 500 too) and handles the request.
 * Without a runtime there is no configured logger: `startLogger` (default JSON lines) says why.
 */
export async function serveEvidence(getRuntime: () => Promise<Runtime>, input: EvidenceHttpInput, startLogger: Logger = createJsonLogger({ base: { service: 'telemetry-bridge' } })): Promise<EvidenceHttpResponse> {
  let runtime: Runtime;
  try {
    runtime = await getRuntime();
  } catch (err) {
    // Start-up errors (ConfigError, SecretError) name the path or the ref, never a value.
    startLogger.error('evidence function could not start', { ...input.logContext, ...(input.requestId ? { request_id: input.requestId } : {}), error: describeError(err) });
    return internalError(err, input.requestId);
  }
  let evidenceStore: ObjectStore | undefined;
  try {
    evidenceStore = await separateEvidenceStore(runtime, input.evidenceTarget ?? {});
  } catch (err) {
    runtime.logger.error('evidence store could not be built', { ...input.logContext, error: describeError(err) });
    return internalError(err, input.requestId);
  }
  const { evidenceTarget: _target, ...rest } = input;
  return handleEvidenceRequest(input.query, runtime, { ...rest, ...(evidenceStore ? { evidenceStore } : {}) });
}

const EVIDENCE_PREFIX = 'evidence/';

/**
 * One store for the bundle builder: evidence/ keys go to the evidence store, everything else
 * (raw/ reads) to the lake. Its location is the evidence store's, so the answer says where the bundle lies.
 */
export function routeEvidence(lake: ObjectStore, evidence: ObjectStore): ObjectStore {
  const pick = (key: string): ObjectStore => (key.startsWith(EVIDENCE_PREFIX) ? evidence : lake);
  return {
    location: evidence.location,
    put: (key: string, body: Uint8Array | string, options?: PutOptions) => pick(key).put(key, body, options),
    // Only bundles are uploaded from a file; without putFile the builder falls back to put().
    ...(evidence.putFile
      ? {
          putFile: (key: string, path: string, options?: PutOptions) =>
            key.startsWith(EVIDENCE_PREFIX) ? evidence.putFile!(key, path, options) : Promise.reject(new BridgeError(`only evidence/ objects are uploaded from a file, not ${key}`)),
        }
      : {}),
    get: (key: string) => pick(key).get(key),
    getStream: (key: string) => pick(key).getStream(key),
    list: (prefix: string): AsyncIterable<ObjectInfo> => pick(prefix).list(prefix),
    delete: (key: string) => pick(key).delete(key),
  };
}

const evidenceStores = new WeakMap<Runtime, Promise<ObjectStore | undefined>>();

/**
 * The separate evidence store the infra names (built once per runtime), or undefined when the
 * bundles share the lake's bucket/container (no target, the same name, or a local store).
 */
export function separateEvidenceStore(runtime: Runtime, target: EvidenceTarget): Promise<ObjectStore | undefined> {
  const { store } = runtime.config;
  const bucket = (store.type === 's3' || store.type === 'gcs') && target.bucket && target.bucket !== store.bucket ? target.bucket : undefined;
  const container = store.type === 'azure_blob' && target.container && target.container !== store.container ? target.container : undefined;
  if (!bucket && !container) return Promise.resolve(undefined);
  let built = evidenceStores.get(runtime);
  if (!built) {
    built = import('../store/create.js').then(({ createObjectStore }) =>
      createObjectStore({ ...store, ...(bucket ? { bucket } : {}), ...(container ? { container } : {}) }, { secrets: runtime.secrets }),
    );
    built.catch(() => evidenceStores.delete(runtime));
    evidenceStores.set(runtime, built);
  }
  return built;
}
