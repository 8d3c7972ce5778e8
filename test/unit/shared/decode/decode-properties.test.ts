import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCloudWatchLogs } from '../../../../shared/decode/cloudwatch-logs.js';
import { decodeEventHubs } from '../../../../shared/decode/event-hubs.js';
import { decodeBase64Strict, inflateCapped } from '../../../../shared/decode/inflate.js';
import { decodePubSub } from '../../../../shared/decode/pubsub.js';
import { decodeS3ObjectStream } from '../../../../shared/decode/s3-object-stream.js';
import { decodeS3Object } from '../../../../shared/decode/s3-object.js';
import { parseJsonSafe } from '../../../../shared/decode/safe-json.js';
import type { DecodedBatch } from '../../../../shared/decode/types.js';
import { LIMITS, cloudWatchEvent, cloudWatchPayload, eventHubsMetadata, gzip, pieceCount, prototypeIsClean, pubSubCloudEvent } from './factories.js';

const SMALL = { ...LIMITS, maxRecordBytes: 64, maxDepth: 8 };
const RUNS = { numRuns: 200 };

/** Anything a hostile or broken producer could hand over, bytes and text included. */
const junk = fc.oneof(
  fc.anything(),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => gzip(b)),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64')),
);

function wellFormed(batch: DecodedBatch): void {
  expect(typeof batch.identity).toBe('string');
  expect(batch.identity.length).toBeGreaterThan(0);
  for (const f of batch.failures) expect(Buffer.byteLength(f.text)).toBeLessThanOrEqual(4096);
  for (const r of batch.records) expect(r.text !== undefined || 'value' in r).toBe(true);
  expect(prototypeIsClean()).toBe(true);
}

/** Lines that cannot start a JSON document or be a flow log header. */
const textLine = fc.string({ unit: 'grapheme', maxLength: 120 }).filter((s) => !/[\n\r]/.test(s) && !/^\s*[[{]/.test(s) && !s.trim().startsWith('version'));

describe('every decoder, on any input', () => {
  it('parseJsonSafe never throws and round-trips JSON values', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseJsonSafe(s, { maxDepth: 4 })), RUNS);
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
      expect(parseJsonSafe(JSON.stringify(v), { maxDepth: 16 })).toEqual({ ok: true, value: JSON.parse(JSON.stringify(v)) });
    }), RUNS);
  });

  it('decodeBase64Strict agrees with Buffer on valid base64 and refuses junk Buffer would skip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('!', ' ', '\n', '-', '*', '.'), fc.nat(), (bytes, bad, at) => {
        const text = Buffer.from(bytes).toString('base64');
        const ok = decodeBase64Strict(text);
        expect(ok.ok && Buffer.from(ok.value).equals(Buffer.from(bytes))).toBe(true);
        const i = at % (text.length + 1);
        expect(decodeBase64Strict(text.slice(0, i) + bad + text.slice(i)).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('inflateCapped never throws and never exceeds its cap', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 500 }), (bytes, cap) => {
        const gz = gzip(bytes);
        for (const input of [bytes, gz, gz.subarray(0, gz.length - 1), Buffer.concat([gz.subarray(0, 10), Buffer.from(bytes)])]) {
          const result = inflateCapped(input, cap);
          if (result.ok && result.gzipped) expect(result.value.length).toBeLessThanOrEqual(cap);
        }
      }),
      RUNS,
    );
  });

  it('decodeCloudWatchLogs: junk gives one failure; every log event ends up as a record or a failure', () => {
    fc.assert(
      fc.property(junk, (data) => {
        for (const event of [data, { awslogs: { data } }]) {
          const batch = decodeCloudWatchLogs(event, SMALL);
          wellFormed(batch);
          expect(pieceCount(batch)).toBe(1);
          expect(batch.failures).toHaveLength(1);
        }
      }),
      RUNS,
    );
    fc.assert(
      // Messages nest a few levels deep at most: with the payload's own 3 levels that stays within SMALL's
      // maxDepth of 8 (a deeper payload is rejected whole, by design, and counts no records).
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 100 }), fc.anything({ maxDepth: 3 })), { maxLength: 20 }), (messages) => {
        const events = messages.map((message, i) => ({ id: String(i), timestamp: i, message }));
        const batch = decodeCloudWatchLogs(cloudWatchEvent(cloudWatchPayload({ logEvents: events as never })), SMALL);
        wellFormed(batch);
        expect(batch.records.length + batch.failures.length).toBe(messages.length);
      }),
      RUNS,
    );
  });

  it('decodeEventHubs: every message ends up as records, failures or control', () => {
    fc.assert(
      fc.property(fc.array(junk, { maxLength: 8 }), fc.boolean(), (messages, withMetadata) => {
        const batch = decodeEventHubs({ messages, ...(withMetadata ? { triggerMetadata: eventHubsMetadata(messages.length) } : {}) }, SMALL);
        wellFormed(batch);
        const paths = [...batch.records, ...batch.failures].map((p) => p.path);
        const silent = messages.filter((_, i) => !paths.some((p) => p === `messages[${i}]` || p.startsWith(`messages[${i}].`) || p.startsWith(`messages[${i}][`)));
        expect(silent.length).toBe(batch.control);
      }),
      RUNS,
    );
  });

  it('decodePubSub: any CloudEvent gives exactly one record or failure', () => {
    fc.assert(
      fc.property(junk, fc.uint8Array({ maxLength: 300 }), (ce, data) => {
        for (const event of [ce, pubSubCloudEvent(data), pubSubCloudEvent(gzip(data))]) {
          const batch = decodePubSub(event, SMALL);
          wellFormed(batch);
          expect(batch.records.length + batch.failures.length).toBe(1);
          expect(batch.control).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it('decodeS3Object: random bytes never throw; every non-blank text line is a record or a failure', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        wellFormed(decodeS3Object({ bucket: 'b', key: 'k', body: bytes }, SMALL));
        wellFormed(decodeS3Object({ bucket: 'b', key: 'k.gz', body: gzip(bytes) }, SMALL));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.array(textLine, { maxLength: 30 }), fc.boolean(), (lines, compress) => {
        const text = lines.join('\n');
        const batch = decodeS3Object({ bucket: 'b', key: 'k', body: compress ? gzip(text) : Buffer.from(text) }, SMALL);
        wellFormed(batch);
        expect(batch.records.length + batch.failures.length).toBe(lines.filter((l) => l.trim() !== '').length);
      }),
      RUNS,
    );
  });

  it('decodeS3ObjectStream gives the same records and failures as decodeS3Object, chunked any way', async () => {
    /** Fragments that sit on the decoders' edges: CR/LF, BOM, brackets, escapes, a header, Unicode space. */
    const fragment = fc.oneof(
      fc.constantFrom('', ' ', '\r', '\n', '\r\n', '[', ']', '{', '}', '{"Records":[', '"', '\\', ',', 'version account-id x', '\ufeff', '\u00a0', '\xff'),
      fc.string({ maxLength: 50 }),
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.array(fragment, { maxLength: 30 }).map((f) => Buffer.from(f.join(''))),
      fc.array(fc.oneof(textLine, fc.jsonValue({ maxDepth: 10 }).map((v) => JSON.stringify(v))), { maxLength: 12 }).map((l) => Buffer.from(l.join('\n'))),
      fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }).map((v) => Buffer.from(JSON.stringify({ Records: v }, null, v.length % 2 === 0 ? 0 : 2))),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), fc.integer({ min: 1, max: 64 }), fc.constantFrom('k', 'AWSLogs/1/vpcflowlogs/f.log'), async (raw, compress, size, key) => {
        const bytes = compress ? gzip(raw) : raw;
        const whole = decodeS3Object({ bucket: 'b', key, body: bytes }, SMALL);
        async function* chunks(): AsyncGenerator<Uint8Array> {
          for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
        }
        const records = [];
        const failures = [];
        for await (const part of decodeS3ObjectStream(chunks(), { bucket: 'b', key }, SMALL, { batchSize: 4 })) {
          records.push(...part.records);
          failures.push(...part.failures);
        }
        expect({ records, failures }).toEqual({ records: whole.records, failures: whole.failures });
      }),
      { numRuns: 150 },
    );
  });
});
