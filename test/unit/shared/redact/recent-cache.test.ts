import { describe, expect, it } from 'vitest';
import { RecentCache } from '../../../../shared/redact/recent-cache.js';

describe('RecentCache', () => {
  it('remembers entries for up to two generations', () => {
    const cache = new RecentCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3); // young {a,b} becomes old
    expect(cache.get('b')).toBe(2);
    cache.set('d', 4); // young {c,b} is full: becomes old, {a,b} dropped
    cache.set('e', 5);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('e')).toBe(5);
  });

  it('keeps a value that repeats while one-off values pass through', () => {
    const cache = new RecentCache<string>(4);
    cache.set('region', 'us-east-1');
    for (let i = 0; i < 100; i++) {
      expect(cache.get('region')).toBe('us-east-1');
      cache.set(`request-${i}`, 'x');
    }
    expect(cache.get('request-0')).toBeUndefined();
  });
});
