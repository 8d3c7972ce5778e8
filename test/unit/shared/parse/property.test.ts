import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../../shared/decode/types.js';
import { PARSERS, parseRecord } from '../../../../shared/parse/index.js';
import { deepFreeze } from './fixtures.js';

const HINTS = ['vpcflow', 'cloudtrail', 'waf', 'lambda', 'apigateway', 'activity', 'firewall', 'signin', 'audit', 'http_lb', 'generic', 'unknown'];
/** Text that is sometimes JSON (of any shape), sometimes a line in one of the known formats. */
const textArb = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.array(fc.constantFrom('REPORT', 'RequestId:', 'Duration:', 'request from', 'to', '1.2.3.4:80.', 'Action:', 'a=1', 'b="x', '-', '2', 'eni-1', 'OK', '\t', ' '), { maxLength: 20 }).map((parts) => parts.join(' ')),
);
const recordArb: fc.Arbitrary<RawRecord> = fc.record(
  {
    path: fc.constant('p'),
    text: textArb,
    value: fc.oneof(fc.jsonValue(), fc.record({ category: fc.constantFrom('AZFWNetworkRule', 'SignInLogs', 'Administrative'), properties: fc.jsonValue(), operationName: fc.string() })),
    meta: fc.dictionary(fc.constantFrom('logGroup', 'header'), fc.oneof(fc.string({ maxLength: 40 }), fc.constant('/aws/lambda/fn'))),
  },
  { requiredKeys: ['path', 'meta'] },
);

describe('parse (property)', () => {
  it('parseRecord never throws and never mutates, whatever the record and hint', () => {
    fc.assert(
      fc.property(recordArb, fc.option(fc.constantFrom(...HINTS), { nil: undefined }), (record, hint) => {
        const before = structuredClone(record);
        const result = parseRecord(deepFreeze(record), hint);
        expect(record).toEqual(before);
        if (result.ok) expect(typeof result.parsed.sourceType).toBe('string');
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it.each(PARSERS.map((p) => [p.type, p] as const))('the %s parser never throws on any record', (_type, parser) => {
    fc.assert(
      fc.property(recordArb, (record) => {
        parser.matches(deepFreeze(record), undefined);
        parser.parse(record);
      }),
      { numRuns: 300 },
    );
  });
});
