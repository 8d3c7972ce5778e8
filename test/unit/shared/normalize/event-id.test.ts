import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventId } from '../../../../shared/normalize/event-id.js';
import { stableStringify } from '../../../../shared/normalize/stable-json.js';
import { textRecord, valueRecord } from '../parse/fixtures.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('eventId', () => {
  it('uses the source and the record id when the record has one', () => {
    expect(eventId('aws.cloudwatch', textRecord('x', { recordId: '37937512347891233' }))).toBe('aws.cloudwatch:37937512347891233');
  });

  it('hashes an over-long record id so the event id stays within 256 characters', () => {
    const id = eventId('gcp.pubsub', textRecord('x', { recordId: 'i'.repeat(300) }));
    expect(id).toBe(`gcp.pubsub:${sha256('i'.repeat(300))}`);
  });

  it('hashes source and text when there is no record id', () => {
    expect(eventId('aws.s3', textRecord('hello'))).toBe(sha256('aws.s3\nhello'));
  });

  it('hashes the value as key-sorted JSON, so key order does not change the id', () => {
    const a = eventId('azure.eventhub', valueRecord({ b: 1, a: { d: 2, c: 3 } }));
    const b = eventId('azure.eventhub', valueRecord({ a: { c: 3, d: 2 }, b: 1 }));
    expect(a).toBe(b);
    expect(a).toBe(sha256('azure.eventhub\n{"a":{"c":3,"d":2},"b":1}'));
  });

  it.each([
    ['another source', eventId('aws.s3', textRecord('hello'))],
    ['another text', eventId('aws.cloudwatch', textRecord('hello!'))],
  ])('differs for %s', (_name, other) => {
    expect(eventId('aws.cloudwatch', textRecord('hello'))).not.toBe(other);
  });
});

describe('stableStringify', () => {
  it.each([
    [{ b: [1, { z: 1, y: undefined }], a: null }, '{"a":null,"b":[1,{"z":1}]}'],
    [[Number.NaN, undefined, 10n], '[null,null,"10"]'],
    ['é"\n', JSON.stringify('é"\n')],
  ])('writes case %# with sorted keys and JSON stand-ins', (value, expected) => {
    expect(stableStringify(value)).toBe(expected);
  });

  it('never throws on cycles', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(stableStringify(a)).toBe('{"self":"[circular]","x":1}');
  });
});
