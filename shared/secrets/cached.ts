import { BridgeError, SecretError } from '../errors.js';
import type { Clock, Logger, SecretSource } from '../ports.js';

export interface CachedSecretSourceOptions {
  /** How long a value is served before it is fetched again (default 5 minutes). */
  ttlMs?: number;
  /**
   * How long after its last successful fetch a value may still be served while refreshes fail
   * (default 1 hour). Past it, get throws SecretError.
   */
  hardExpiryMs?: number;
  /** After a failed refresh, how long the last good value is served before trying again (default min(ttl, 30 s)). */
  retryAfterFailureMs?: number;
  clock?: Clock;
  logger?: Logger;
}

interface Entry {
  value: string;
  fetchedAt: number;
  refreshAt: number;
}

/**
 * Caches resolved secrets so a rotated secret is picked up within the TTL, without a redeploy.
 * A failed refresh keeps serving the last good value until the hard expiry and logs a warning
 * naming the ref; concurrent gets share one fetch. Nothing here logs or throws a value.
 */
export class CachedSecretSource implements SecretSource {
  private readonly source: SecretSource;
  private readonly ttlMs: number;
  private readonly hardExpiryMs: number;
  private readonly retryAfterFailureMs: number;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(source: SecretSource, options: CachedSecretSourceOptions = {}) {
    this.source = source;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.hardExpiryMs = Math.max(options.hardExpiryMs ?? 60 * 60_000, this.ttlMs);
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? Math.min(this.ttlMs, 30_000);
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger;
  }

  async get(ref: string): Promise<string> {
    const entry = this.entries.get(ref);
    if (entry && this.clock() < entry.refreshAt) return entry.value;
    const pending = this.inflight.get(ref);
    if (pending) return pending;
    const fetch = this.refresh(ref).finally(() => this.inflight.delete(ref));
    this.inflight.set(ref, fetch);
    return fetch;
  }

  /**
   * Fetch this ref again on its next get (say, after the service it unlocks answered 401). The
   * last good value is kept as the fallback should that fetch fail.
   */
  invalidate(ref: string): void {
    const entry = this.entries.get(ref);
    if (entry) entry.refreshAt = Number.NEGATIVE_INFINITY;
  }

  private async refresh(ref: string): Promise<string> {
    try {
      const value = await this.source.get(ref);
      const now = this.clock();
      this.entries.set(ref, { value, fetchedAt: now, refreshAt: now + this.ttlMs });
      return value;
    } catch (err) {
      const now = this.clock();
      const entry = this.entries.get(ref);
      const expiresAt = entry ? entry.fetchedAt + this.hardExpiryMs : now;
      if (entry && now < expiresAt) {
        entry.refreshAt = Math.min(now + this.retryAfterFailureMs, expiresAt);
        this.logger?.warn('secret refresh failed; serving the last good value', {
          ref,
          error: safeReason(err),
          age_ms: now - entry.fetchedAt,
          hard_expiry_in_ms: expiresAt - now,
        });
        return entry.value;
      }
      if (entry) {
        this.entries.delete(ref);
        this.logger?.error('secret refresh failed past its hard expiry; no value to serve', { ref, error: safeReason(err) });
        throw new SecretError(`secret ${ref} could not be refreshed and its last value expired`, { cause: err, context: { ref } });
      }
      throw err instanceof SecretError ? err : new SecretError(`secret ${ref} could not be read`, { cause: err, context: { ref } });
    }
  }
}

/** Our own errors carry messages that name refs only; anyone else's message is not logged. */
function safeReason(err: unknown): { name: string; message?: string } {
  if (err instanceof BridgeError) return { name: err.name, message: err.message };
  return { name: err instanceof Error ? err.name : 'Unknown' };
}
