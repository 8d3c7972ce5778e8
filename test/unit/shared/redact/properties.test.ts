import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, luhn, policyFromConfig, scanText } from '../../../../shared/redact/index.js';
import { deepFreeze } from './deep-freeze.js';

const redactor = createRedactor(policyFromConfig({}), 'property-key');

const label = fc.stringMatching(/^[a-z0-9]{1,10}$/);
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,14}[a-z0-9]$/), fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/), fc.boolean())
  .map(([local, labels, tld, encoded]) => `${local}${encoded ? '%40' : '@'}${labels.join('.')}.${tld}`);
const ipv4 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((o) => o.join('.'));
const awsKeyId = fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.stringMatching(/^[A-Z0-9]{16}$/)).map(([p, rest]) => p + rest);
const jwt = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_-]{10,40}$/), fc.stringMatching(/^[A-Za-z0-9_-]{8,60}$/), fc.stringMatching(/^[A-Za-z0-9_-]{0,43}$/))
  .map(([h, p, s]) => `eyJ${h}.${p}.${s}`);
const card = fc
  .tuple(fc.integer({ min: 2, max: 6 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 17 }), fc.constantFrom('', ' ', '-'))
  .map(([first, body, sep]) => {
    const digits = `${first}${body.join('')}`;
    const check = [...'0123456789'].find((d) => luhn(digits + d))!;
    const all = digits + check;
    return sep === '' ? all : all.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
  });
const secret = fc.oneof(email, ipv4, awsKeyId, jwt, card);
const filler = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', 'user=', 'password:', '"email":"', 'Bearer', 'http://', 'x-api-key:', '[HASH:', 'Chrome/124.0.0.0', '::', '4111'),
);
const text = fc.array(fc.tuple(filler, secret), { minLength: 1, maxLength: 6 }).map((parts) => ({
  text: parts.map(([f, s]) => `${f} ${s} `).join(''),
  secrets: parts.map(([, s]) => s),
}));

describe('redaction properties', () => {
  it('leaves no embedded email, address, key, token or card in the output', () => {
    fc.assert(
      fc.property(text, ({ text, secrets }) => {
        const out = redactor.redactText(text).value;
        for (const s of secrets) expect(out).not.toContain(` ${s} `);
        expect(scanText(out)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(text, ({ text }) => {
        const once = redactor.redactText(text).value;
        expect(redactor.redactText(once).value).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, never mutates, and keeps the keys of arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const input = deepFreeze(structuredClone(value));
        const { value: out } = redactor.redactValue(input);
        expect(input).toEqual(value);
        if (out !== null && typeof out === 'object' && !Array.isArray(out)) expect(Object.keys(out)).toEqual(Object.keys(value as object));
        expect(redactor.redactValue(out).value).toEqual(out);
      }),
      { numRuns: 300 },
    );
  });
});
