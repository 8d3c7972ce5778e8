import { describe, expect, it } from 'vitest';
import { PARSERS, parseRecord, parserFor } from '../../../../shared/parse/index.js';
import type { RawRecord } from '../../../../shared/decode/types.js';
import type { Parser } from '../../../../shared/parse/types.js';
import { fixtureRecords, textRecord, valueRecord } from './fixtures.js';

const FIXTURES: ReadonlyArray<readonly [string, string]> = [
  ['cloudtrail', 'management-events'],
  ['waf', 'web-acl'],
  ['lambda', 'platform-text'],
  ['lambda', 'json-format'],
  ['apigateway', 'access-logs'],
  ['apigateway', 'app-json'],
];

/**
 * The records as a delivery without a type hint brings them. Lambda text lines come with their log
 * group (CloudWatch always sends it; a bare `[ERROR] …` line is not recognisable without it); the
 * JSON-format app lines are left aside: outside a Lambda log group they are app logs like any other.
 */
function withoutHint(source: string, variant: string): RawRecord[] {
  if (source === 'lambda' && variant === 'platform-text') return fixtureRecords(source, variant, { meta: { logGroup: '/aws/lambda/orders-api' } });
  const records = fixtureRecords(source, variant, { carrier: 'text' });
  return source === 'lambda' ? records.filter((r) => r.text?.includes('"platform.')) : records;
}

describe('parseRecord', () => {
  it.each(FIXTURES)('sends every %s record (%s) to its parser when the delivery hints the type', (source, variant) => {
    for (const record of fixtureRecords(source, variant, { carrier: 'text' })) {
      const result = parseRecord(record, source);
      expect(result.ok ? result.parsed.sourceType : result.reason).toBe(source);
    }
  });

  it.each(FIXTURES)('recognises %s records (%s) without a hint', (source, variant) => {
    for (const record of withoutHint(source, variant)) {
      const result = parseRecord(record);
      expect(result.ok ? result.parsed.sourceType : result.reason).toBe(source);
    }
  });

  it('ignores a hint whose parser does not accept the record', () => {
    const [waf] = fixtureRecords('waf', 'web-acl');
    const result = parseRecord(waf!, 'cloudtrail');
    expect(result.ok && result.parsed.sourceType).toBe('waf');
  });

  // The Azure category outweighing an Event Hubs name is the catalogue route's now (catalogue/route-hint.test.ts).

  it('ignores an unknown hint', () => {
    const [trail] = fixtureRecords('cloudtrail', 'management-events');
    const result = parseRecord(trail!, 'no_such_type');
    expect(result.ok && result.parsed.sourceType).toBe('cloudtrail');
  });

  it.each([
    ['a JSON object nothing claims', valueRecord({ hello: 'world' })],
    ['a key=value line', textRecord('a=1 b="x y"')],
    ['a plain line', textRecord('hello world')],
  ])('falls back to generic for %s', (_name, record) => {
    const result = parseRecord(record);
    expect(result.ok && result.parsed.sourceType).toBe('generic');
  });

  it('quarantines (does not re-read as generic) a record its parser claims but cannot read', () => {
    const strict: Parser = { type: 'strict', matches: () => true, parse: () => ({ ok: false, reason: 'strict line has 4 fields, expected 14' }) };
    const list = PARSERS as Parser[];
    list.unshift(strict);
    try {
      expect(parseRecord(textRecord('2 123456789012 eni-1 10.0.0.1'))).toEqual({ ok: false, reason: 'strict line has 4 fields, expected 14' });
    } finally {
      list.shift();
    }
  });

  it('turns a throwing parser into a reason instead of an exception', () => {
    const boom: Parser = { type: 'boom', matches: () => true, parse: () => { throw new TypeError('x'); } };
    const list = PARSERS as Parser[];
    list.unshift(boom);
    try {
      expect(parseRecord(textRecord('anything'))).toEqual({ ok: false, reason: 'boom: parser failed (TypeError)' });
    } finally {
      list.shift();
    }
  });

  it('registers every parser under its own type (equal to its file name)', () => {
    for (const type of ['cloudtrail', 'waf', 'lambda', 'apigateway', 'generic']) {
      expect(parserFor(type)?.type).toBe(type);
    }
  });
});
