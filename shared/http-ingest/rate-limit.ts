import { TokenBucket } from '../resilience/token-bucket.js';

export interface ClientRateLimitOptions {
  perSecond: number;
  burst: number;
  clock?: () => number;
  /** Clients remembered at once; the least recently seen is forgotten first. */
  maxClients?: number;
}

/**
 * A token bucket per client. `admit` answers 0 when the request may go on, else the seconds to
 * wait (the Retry-After of a 429). Bounded memory: past `maxClients` the oldest bucket is dropped.
 */
export class ClientRateLimit {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly maxClients: number;
  constructor(private readonly options: ClientRateLimitOptions) {
    this.maxClients = options.maxClients ?? 10_000;
  }

  admit(clientId: string): number {
    let bucket = this.buckets.get(clientId);
    if (bucket) this.buckets.delete(clientId);
    else {
      bucket = new TokenBucket({ capacity: this.options.burst, refillPerSecond: this.options.perSecond, ...(this.options.clock ? { clock: this.options.clock } : {}) });
      if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(clientId, bucket);
    if (bucket.tryTake()) return 0;
    return Math.max(1, Math.ceil((1 - bucket.available()) / this.options.perSecond));
  }
}
