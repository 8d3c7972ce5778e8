import { describe, expect, it } from 'vitest';
import { createRedactor, policyFromConfig } from '../../../../shared/redact/index.js';
import { NEAR_MISS_TOKENS } from '../../../../scripts/bench/data/redact-near-misses.js';

/**
 * No rule throws on ~1 MB near-misses, and each returns a string. Linear time is shown by the
 * benchmark (scripts/bench/redact-near-miss.ts: time per MiB at 256 KiB and 1 MiB), not timed
 * here: on a shared 2-core machine a wall-clock guard fails for load, not for the code.
 * Truncation is set past the input size so the detectors see all of it.
 */
const redactor = createRedactor(policyFromConfig({ max_string_length: 1 << 30 }), 'k');

const nearMisses: Array<[string, string]> = [
  ['letters', 'a'.repeat(1e6)],
  ['letter-dot pairs', 'a.'.repeat(5e5)],
  ['digit-dot pairs', '1.'.repeat(5e5)],
  ['dotted quads run together', '1.1.1.1.'.repeat(12e4)],
  ['x@ pairs', 'x@'.repeat(5e5)],
  ['@ and dots', 'a@a.'.repeat(25e4)],
  ['%40 repeated', '%40'.repeat(3e5)],
  ['eyJ repeated', 'eyJ'.repeat(3e5)],
  ['JWT-looking parts without a third', 'eyJhbGciOiJIUzI1NiJ9.'.repeat(45e3)],
  ['digits with spaces', '1 '.repeat(5e5)],
  ['a million digits', '4'.repeat(1e6)],
  ['card-like groups', '4111 '.repeat(2e5)],
  ['colons', ':'.repeat(1e6)],
  ['hex and colons', 'ff::'.repeat(25e4)],
  ['letter-colon pairs', 'a:'.repeat(5e5)],
  ['password keys without values', '"password":"'.repeat(8e4)],
  ['password keys run together', 'password=password='.repeat(55e3)],
  ['secret keys with long values', 'secret_key=x'.repeat(8e4)],
  ['hash keys inside words', 'xuser='.repeat(15e4)],
  ['quoted deny keys', 'token="'.repeat(14e4)],
  ['bearer words', 'Bearer '.repeat(15e4)],
  ['basic words', 'Basic '.repeat(17e4)],
  ['BEGIN headers', '-----BEGIN '.repeat(9e4)],
  ['dashes', '-'.repeat(1e6)],
  ['AKIA repeated', 'AKIA'.repeat(25e4)],
  ['a long base64 run after secret', `secret ${'Ab1/'.repeat(25e4)}`],
  ['URL schemes', 'https://a:b'.repeat(9e4)],
  ['escaped quotes', '\\"'.repeat(5e5)],
  ['mixed triggers', 'a1@b2.c3:d4=e5 '.repeat(6e4)],
  ...NEAR_MISS_TOKENS,
];

describe('redaction of near-misses', () => {
  it.each(nearMisses)('never throws on %s', (_name, text) => {
    const { value } = redactor.redactText(text);
    expect(typeof value).toBe('string');
    expect(value.length).toBeGreaterThan(0);
  });

  it('never throws on a deep-ish object with many keys', () => {
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, `v${i} 10.0.${i % 250}.1`]));
    const { value } = redactor.redactValue({ a: { b: { c: wide } } });
    expect(Object.keys(value.a.b.c)).toHaveLength(50_000);
  });
});
