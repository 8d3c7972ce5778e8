import { ConfigError } from '../errors.js';
import { createHmac16 } from './hmac-sha256.js';
import { RecentCache } from './recent-cache.js';

/** Hex characters kept from the HMAC: 64 bits, enough to correlate without a practical collision. */
export const HASH_HEX_LENGTH = 16;
/** Entries per cache generation (see RecentCache). */
const CACHE_GENERATION = 512;
const CACHEABLE_LENGTH = 256;

export type Hasher = (value: string) => string;

/**
 * `HMAC-SHA256(key, value)` truncated to 16 hex characters. The same value always gives the same
 * hash under one key (so events correlate) and an unrelated one under another key. Recent values
 * are memoised: user names and addresses repeat across a batch.
 */
export function createHasher(key: string | Uint8Array): Hasher {
  const secret = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (secret.length === 0) throw new ConfigError('redaction HMAC key is empty');
  const hmac = createHmac16(secret);
  const cache = new RecentCache<string>(CACHE_GENERATION);
  return (value) => {
    let hex = cache.get(value);
    if (hex === undefined) {
      hex = hmac(value);
      if (value.length <= CACHEABLE_LENGTH) cache.set(value, hex);
    }
    return hex;
  };
}

const EMAIL_SHAPE = /^[^\s@]{1,256}(?:@|%40)[^\s@]{1,256}$/i;

/**
 * What is hashed for a match: emails are lower-cased with `%40` decoded (so `User%40Example.com`
 * and `user@example.com` correlate), IPv6 is lower-cased, anything else is hashed as written.
 */
export function hashInput(rule: string, value: string): string {
  if (rule === 'email' || (rule === 'field_hash' && EMAIL_SHAPE.test(value))) {
    return value.replace(/%40/i, '@').toLowerCase();
  }
  if (rule === 'ipv6') return value.toLowerCase();
  return value;
}
