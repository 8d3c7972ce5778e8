import { describeError } from '../errors.js';
import { CircuitBreaker } from '../resilience/circuit-breaker.js';
import { TokenBucket } from '../resilience/token-bucket.js';
import type { BronzeEventDraft, Source } from '../schema/index.js';
import { ConnectorError, ConnectorResponseError } from './errors.js';
import { HttpClient, isVendorFailure, type HttpClientOptions } from './http-base.js';
import { ConnectorMetrics, type ConnectorMetricsSnapshot } from './metrics.js';
import type { BaseConnectorSettings, HttpSettingsValues } from './settings.js';
import type { Capabilities, CollectWindow, Connector, ConnectorDeps, HealthStatus, NormalizeContext, RawPage } from './types.js';

/**
 * The resilient HTTP client a connector uses (timeouts, retries honouring Retry-After, token
 * bucket, circuit breaker, metrics), from its HTTP settings.
 */
export function buildHttpClient(
  settings: HttpSettingsValues,
  deps: ConnectorDeps,
  meter: ConnectorMetrics,
  over: Pick<HttpClientOptions, 'baseUrl' | 'fetch' | 'auth' | 'onUnauthorized' | 'headers'>,
): HttpClient {
  return new HttpClient({
    connector: deps.name,
    timeoutMs: settings.timeout,
    retry: {
      maxAttempts: settings.max_attempts,
      baseDelayMs: settings.backoff_base,
      maxDelayMs: settings.backoff_max,
      maxRetryAfterMs: settings.max_retry_after,
    },
    metrics: meter,
    sleep: deps.sleep,
    random: deps.random,
    clock: deps.clock,
    bucket: new TokenBucket({ capacity: settings.burst, refillPerSecond: settings.requests_per_second, clock: deps.clock, sleep: deps.sleep }),
    breaker: new CircuitBreaker({
      name: deps.name,
      failureThreshold: settings.circuit_failure_threshold,
      resetAfterMs: settings.circuit_reset_after,
      clock: deps.clock,
      isFailure: isVendorFailure,
    }),
    ...over,
  });
}

export interface PageRequest<Token> {
  window: CollectWindow;
  scope: string;
  dataType: string;
  /** undefined for the first page; then what the previous step returned as `next`. */
  token: Token | undefined;
  page: number;
}

export interface PageResult<Token> {
  records: unknown[];
  /** The next page's token; undefined when this was the last page. */
  next?: Token;
}

/**
 * The base every pull connector extends (STYLE rule 5). A connector declares its source, data
 * types and auth, and implements one fetch step; the base pages, and the HTTP client retries.
 * Writing and the cursor belong to `collectConnector`, which advances only after the write.
 */
export abstract class PullConnector<S extends BaseConnectorSettings & { data_types: string[] }, Token = unknown> implements Connector {
  readonly name: string;
  abstract readonly type: string;
  abstract readonly source: Source;
  abstract readonly dataTypes: Record<string, { sourceType: string }>;
  protected readonly http: HttpClient;
  protected readonly meter: ConnectorMetrics;
  private readonly secretCache = new Map<string, Promise<string>>();

  constructor(
    readonly settings: S,
    protected readonly deps: ConnectorDeps,
  ) {
    this.name = deps.name;
    this.meter = new ConnectorMetrics(deps.name);
    this.http = buildHttpClient(settings, deps, this.meter, {
      baseUrl: settings.base_url,
      fetch: deps.fetch,
      auth: () => this.authHeaders(),
      onUnauthorized: () => this.renewAuth(),
      headers: this.defaultHeaders(),
    });
  }

  /** One step: fetch one page of `dataType` in `window` for `scope`. */
  protected abstract fetchPage(request: PageRequest<Token>): Promise<PageResult<Token>>;
  /** A cheap authenticated call that proves the URL and credentials work. */
  protected abstract probe(): Promise<void>;
  /** Names the auth method in use (never the credential). */
  protected abstract authMethod(): string;
  abstract normalize(record: unknown, ctx: NormalizeContext): BronzeEventDraft;

  protected authHeaders(): Promise<Record<string, string>> {
    return Promise.resolve({});
  }

  /** Renew a session or token after a 401; true = retry the call once. */
  protected renewAuth(): Promise<boolean> {
    return Promise.resolve(false);
  }

  protected defaultHeaders(): Record<string, string> {
    return {};
  }

  scopes(): string[] {
    return ['default'];
  }

  /** A secret by reference, resolved once per run. */
  protected secret(ref: string): Promise<string> {
    let value = this.secretCache.get(ref);
    if (!value) {
      value = this.deps.secrets.get(ref);
      value.catch(() => this.secretCache.delete(ref));
      this.secretCache.set(ref, value);
    }
    return value;
  }

  capabilities(): Capabilities {
    return {
      source: this.source,
      dataTypes: this.dataTypes,
      enabledDataTypes: this.settings.data_types.filter((d) => d in this.dataTypes),
      scopes: this.scopes(),
      auth: this.authMethod(),
    };
  }

  async healthCheck(): Promise<HealthStatus> {
    const started = performance.now();
    try {
      await this.probe();
      return { ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      return { ok: false, latencyMs: Math.round(performance.now() - started), error: describeError(err) };
    }
  }

  async *collect(window: CollectWindow, scope: string, dataType: string): AsyncIterable<RawPage> {
    if (!(dataType in this.dataTypes)) throw new ConnectorError(`${this.name}: unknown data type ${dataType}`, { context: { connector: this.name } });
    let token: Token | undefined;
    for (let page = 0; ; page++) {
      if (page >= this.settings.max_pages) {
        throw new ConnectorError(`${this.name}: ${dataType} still had pages after max_pages (${this.settings.max_pages}); lower max_window or raise max_pages`, {
          context: { connector: this.name, dataType, scope },
        });
      }
      const result = await this.fetchPage({ window, scope, dataType, token, page });
      if (!Array.isArray(result.records)) throw new ConnectorResponseError(`${this.name}: ${dataType} page ${page} is malformed`, { context: { connector: this.name } });
      yield { dataType, scope, page, records: result.records };
      if (result.next === undefined) return;
      token = result.next;
    }
  }

  metrics(): ConnectorMetricsSnapshot {
    return this.meter.snapshot();
  }
}
