import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHmac16 } from '../../../../shared/redact/hmac-sha256.js';

function reference(key: Uint8Array, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 16);
}

describe('createHmac16', () => {
  it.each([
    ['an empty value', 'k', ''],
    ['an email', 'bridge-key', 'alice@example.com'],
    ['55 ASCII bytes (one block)', 'k', 'x'.repeat(55)],
    ['56 ASCII bytes (native path)', 'k', 'x'.repeat(56)],
    ['multi-byte UTF-8 at the block edge', 'k', 'é'.repeat(27)],
    ['multi-byte UTF-8 past the block edge', 'k', 'é'.repeat(28)],
    ['astral characters', 'k', '😀'.repeat(13)],
    ['a key longer than a block', 'k'.repeat(100), 'value'],
    ['a key of exactly one block', 'k'.repeat(64), 'value'],
  ])('matches node:crypto HMAC-SHA256 for %s', (_name, key, value) => {
    const bytes = new TextEncoder().encode(key);
    expect(createHmac16(bytes)(value)).toBe(reference(bytes, value));
  });

  it('matches node:crypto for random keys and values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.array(fc.string({ unit: 'binary', maxLength: 70 }), { maxLength: 5 }), (key, values) => {
        const hmac = createHmac16(key);
        for (const v of values) expect(hmac(v)).toBe(reference(key, v));
      }),
      { numRuns: 300 },
    );
  });

  it('does not share state between keys', () => {
    const a = createHmac16(new TextEncoder().encode('a'));
    const b = createHmac16(new TextEncoder().encode('b'));
    expect(a('x')).not.toBe(b('x'));
    expect(a('x')).toBe(reference(new TextEncoder().encode('a'), 'x'));
  });
});
