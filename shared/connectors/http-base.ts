import { CircuitOpenError, type CircuitBreaker } from '../resilience/circuit-breaker.js';
import { quotaExhausted, retryDelayFromHeaders } from '../resilience/retry-after.js';
import { retry, type RetryPolicy } from '../resilience/retry.js';
import type { Sleep } from '../resilience/sleep.js';
import { deadline, TimeoutError } from '../resilience/timeout.js';
import type { TokenBucket } from '../resilience/token-bucket.js';
import { ConnectorAuthError, ConnectorConnectionError, ConnectorError, ConnectorRateLimitError, ConnectorResponseError } from './errors.js';
import type { ConnectorMetrics } from './metrics.js';

export type QueryValue = string | number | boolean | ReadonlyArray<string | number> | undefined;

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** A path under the base URL (`/api/v2/problems`) or an absolute URL on the same origin (a next-page link). */
  path: string;
  /** Arrays repeat the key (`statuses[]=a&statuses[]=b`); undefined values are left out. */
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** `json` (default) parses the body; `none` ignores it. */
  expect?: 'json' | 'none';
  /** Skip the auth headers (the login call itself). */
  anonymous?: boolean;
  /** A 304 (the If-None-Match sent matched) is an answer with no body, not an error. */
  allowNotModified?: boolean;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  url: string;
}

export interface HttpClientOptions {
  connector: string;
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  metrics: ConnectorMetrics;
  sleep: Sleep;
  random: () => number;
  clock: () => number;
  /** Measures latency; default performance.now. */
  latencyClock?: () => number;
  bucket?: TokenBucket;
  breaker?: CircuitBreaker;
  /** Auth headers, asked for on every attempt so a refreshed session is picked up. */
  auth?: () => Promise<Record<string, string>>;
  /** Called on a 401 before giving up: may renew a session or token; true = send once more. */
  onUnauthorized?: () => Promise<boolean>;
  headers?: Record<string, string>;
}

/**
 * The resilient HTTP base every connector shares: a token bucket, a circuit breaker, a timeout per
 * attempt, retries with full-jitter backoff honouring Retry-After and rate-limit headers, the
 * error taxonomy, and request metrics. Messages carry the method and path, never a header or body.
 */
export class HttpClient {
  private readonly origin: string;
  private pausedUntil = 0;
  private readonly latencyClock: () => number;

  constructor(private readonly options: HttpClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
    this.latencyClock = options.latencyClock ?? (() => performance.now());
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const url = this.resolve(req.path, req.query);
    const { metrics } = this.options;
    return retry<HttpResponse<T>>(
      async () => {
        await this.waitForQuota();
        await this.options.bucket?.take();
        const send = (): Promise<HttpResponse<T>> => this.sendWithAuthRenewal<T>(req, url);
        return this.options.breaker ? this.options.breaker.execute(send) : send();
      },
      {
        ...this.options.retry,
        sleep: this.options.sleep,
        random: this.options.random,
        onRetry: () => metrics.recordRetry(),
      },
    ).catch((err: unknown) => {
      if (err instanceof CircuitOpenError) {
        throw new ConnectorConnectionError(`${this.options.connector}: not sending ${req.method ?? 'GET'} ${url.pathname}: ${err.message}`, {
          cause: err,
          context: { connector: this.options.connector, ...err.context },
        });
      }
      throw err;
    });
  }

  /** The absolute URL for a path (or a same-origin link); throws when a link leaves the vendor's origin. */
  resolve(path: string, query?: Record<string, QueryValue>): URL {
    let url: URL;
    if (/^https?:\/\//i.test(path)) {
      url = new URL(path);
      if (url.origin !== this.origin) {
        throw new ConnectorResponseError(`${this.options.connector}: a pagination link points to another origin; refusing to follow it`, {
          context: { connector: this.options.connector },
        });
      }
    } else {
      url = new URL(this.options.baseUrl + (path.startsWith('/') ? path : `/${path}`));
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async sendWithAuthRenewal<T>(req: HttpRequest, url: URL): Promise<HttpResponse<T>> {
    try {
      return await this.send<T>(req, url, await this.authFor(req, url));
    } catch (err) {
      const renew = err instanceof ConnectorAuthError && err.status === 401 && !req.anonymous && !(err instanceof CredentialsUnavailable);
      if (renew && this.options.onUnauthorized && (await this.options.onUnauthorized())) {
        return this.send<T>(req, url, await this.authFor(req, url));
      }
      throw err;
    }
  }

  private async authFor(req: HttpRequest, url: URL): Promise<Record<string, string>> {
    if (req.anonymous || !this.options.auth) return {};
    try {
      return await this.options.auth();
    } catch (cause) {
      if (cause instanceof ConnectorAuthError) throw new CredentialsUnavailable(cause.message, { cause, status: cause.status, context: cause.context });
      if (cause instanceof ConnectorError) throw cause;
      const { connector } = this.options;
      // A missing secret will not appear on retry: fail now, naming the reference (SecretError's message), never a value.
      throw new CredentialsUnavailable(`${connector}: credentials unavailable: ${cause instanceof Error ? cause.message : 'unknown error'}`, {
        cause,
        context: { connector, path: url.pathname },
      });
    }
  }

  private async send<T>(req: HttpRequest, url: URL, auth: Record<string, string>): Promise<HttpResponse<T>> {
    const { connector, metrics } = this.options;
    const method = req.method ?? 'GET';
    const what = `${method} ${url.pathname}`;
    const context = { connector, method, path: url.pathname };
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'telemetry-bridge', ...this.options.headers, ...req.headers, ...auth };
    let body: string | undefined;
    if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const started = this.latencyClock();
    const timer = deadline(this.options.timeoutMs, `${connector}: ${what}`);
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(url, { method, headers, body, signal: timer.signal });
      // Always drain the body (an unread body holds the connection); parse it only when asked.
      text = await response.text();
    } catch (cause) {
      metrics.recordFetch(this.latencyClock() - started, false);
      const reason = timer.signal.reason instanceof TimeoutError ? `timed out after ${this.options.timeoutMs} ms` : 'could not connect';
      throw new ConnectorConnectionError(`${connector}: ${what} ${reason}`, { cause, context });
    } finally {
      timer.clear();
    }
    const latency = this.latencyClock() - started;
    const status = response.status;
    if (status === 304 && req.allowNotModified) {
      metrics.recordFetch(latency, true);
      return { status, headers: response.headers, body: undefined as T, url: url.toString() };
    }
    if (status >= 200 && status < 300) {
      if (quotaExhausted(response.headers)) this.pauseFor(retryDelayFromHeaders(response.headers, this.options.clock()));
      let parsed: unknown = undefined;
      if (req.expect !== 'none' && text.trim() !== '') {
        try {
          parsed = JSON.parse(text);
        } catch (cause) {
          metrics.recordFetch(latency, false);
          throw new ConnectorResponseError(`${connector}: ${what} returned a body that is not JSON`, { cause, context: { ...context, status } });
        }
      }
      metrics.recordFetch(latency, true);
      return { status, headers: response.headers, body: parsed as T, url: url.toString() };
    }
    metrics.recordFetch(latency, false);
    const error = this.errorFor(status, response.headers, what, context);
    if (error instanceof ConnectorRateLimitError) metrics.recordRateLimited();
    throw error;
  }

  private errorFor(status: number, headers: Headers, what: string, context: Record<string, unknown>): ConnectorError {
    const { connector } = this.options;
    const retryAfterMs = retryDelayFromHeaders(headers, this.options.clock());
    const ctx = { ...context, status };
    if (status === 429 || (status === 403 && (quotaExhausted(headers) || headers.get('retry-after') !== null))) {
      return new ConnectorRateLimitError(`${connector}: ${what} was rate limited (${status})`, { status, retryAfterMs, context: ctx });
    }
    if (status === 401 || status === 403) {
      return new ConnectorAuthError(`${connector}: ${what} was refused (${status}); check the credentials and their permissions`, { status, context: ctx });
    }
    if (status === 408 || status >= 500) {
      return new ConnectorError(`${connector}: ${what} failed with ${status}`, { status, retryable: true, retryAfterMs, context: ctx });
    }
    return new ConnectorError(`${connector}: ${what} failed with ${status}`, { status, context: ctx });
  }

  private pauseFor(ms: number | undefined): void {
    if (ms === undefined || ms > this.options.retry.maxRetryAfterMs) return;
    this.pausedUntil = Math.max(this.pausedUntil, this.options.clock() + ms);
  }

  private async waitForQuota(): Promise<void> {
    const ms = this.pausedUntil - this.options.clock();
    if (ms > 0) {
      this.pausedUntil = 0;
      await this.options.sleep(ms);
    }
  }
}

/** Getting the credentials failed (a login refused, a secret missing): never renewed or retried in the same call. */
class CredentialsUnavailable extends ConnectorAuthError {}

/** Only failures that say the vendor is unwell open the circuit: not a 4xx we caused, not a throttle. */
export function isVendorFailure(err: unknown): boolean {
  if (err instanceof ConnectorRateLimitError || err instanceof ConnectorAuthError || err instanceof ConnectorResponseError) return false;
  if (err instanceof ConnectorConnectionError) return true;
  return err instanceof ConnectorError ? err.retryable : true;
}
