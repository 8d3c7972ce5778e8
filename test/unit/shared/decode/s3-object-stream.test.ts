import { describe, expect, it } from 'vitest';
import { decodeS3ObjectStream, type S3ObjectPart } from '../../../../shared/decode/s3-object-stream.js';
import { decodeS3Object } from '../../../../shared/decode/s3-object.js';
import type { DecodeLimits } from '../../../../shared/decode/types.js';
import { INVALID_UTF8, LIMITS, deepJson, fixtureBytes, gzip, gzipBomb, truncatedGzip } from './factories.js';

const META = { bucket: 'prod-telemetry', key: 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/2024/11/25/flow.log.gz', etag: '"e1"' };

/** The bytes as an async stream of chunks of `size` bytes. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(bytes: Uint8Array, size: number, limits: DecodeLimits = LIMITS, batchSize?: number): Promise<S3ObjectPart[]> {
  const parts: S3ObjectPart[] = [];
  for await (const part of decodeS3ObjectStream(chunked(bytes, size), META, limits, batchSize === undefined ? {} : { batchSize })) parts.push(part);
  return parts;
}

function merged(parts: S3ObjectPart[]) {
  return { records: parts.flatMap((p) => p.records), failures: parts.flatMap((p) => p.failures) };
}

describe('decodeS3ObjectStream', () => {
  it.each([
    ['a gzip VPC flow log', gzip(fixtureBytes('aws/s3/vpcflow-default-format.log'))],
    ['a plain CloudTrail file', fixtureBytes('aws/s3/cloudtrail-records.json')],
    ['a gzip NDJSON file', gzip(fixtureBytes('aws/s3/waf-ndjson.log'))],
    ['a pretty-printed array', Buffer.from(JSON.stringify([{ a: 1 }, { b: [2] }], null, 2))],
    ['lines with invalid UTF-8', Buffer.concat([Buffer.from('a\n'), INVALID_UTF8, Buffer.from('b')])],
  ])('decodes %s exactly like the whole-object decoder, whatever the chunking', async (_name, bytes) => {
    const whole = decodeS3Object({ ...META, body: bytes }, LIMITS);
    for (const size of [1, 3, 64, 1 << 20]) {
      const parts = await collect(bytes, size);
      expect(merged(parts)).toEqual({ records: whole.records, failures: whole.failures });
      expect(parts.at(-1)?.sourceTypeHint).toBe(whole.sourceTypeHint);
    }
  });

  it('yields parts of at most batchSize pieces with numbered identities', async () => {
    const body = gzip(Array.from({ length: 7 }, (_, i) => `line ${i}`).join('\n'));
    const parts = await collect(body, 5, LIMITS, 3);
    expect(parts.map((p) => [p.identity, p.part, p.last, p.records.length])).toEqual([
      [`prod-telemetry|${META.key}|"e1"#0`, 0, false, 3],
      [`prod-telemetry|${META.key}|"e1"#1`, 1, false, 3],
      [`prod-telemetry|${META.key}|"e1"#2`, 2, true, 1],
    ]);
  });

  it('yields one empty last part for an empty object', async () => {
    const parts = await collect(new Uint8Array(0), 10);
    expect(parts).toMatchObject([{ part: 0, last: true, records: [], failures: [] }]);
  });

  it('quarantines a single 10 MB line without holding it', async () => {
    const body = gzip(`first\n${'G'.repeat(10 * 1024 * 1024)}\nlast\n`);
    const { records, failures } = merged(await collect(body, 64 * 1024, { ...LIMITS, maxDecompressedBytes: 16 * 1024 * 1024 }));
    expect(records.map((r) => r.text)).toEqual(['first', 'last']);
    expect(failures).toEqual([{ path: 'lines[1]', reason: 'record exceeds 262144 bytes', text: 'G'.repeat(4096) }]);
  });

  it('stops a gzip bomb (5 MB of zeros, 1 MB cap) with one body failure', async () => {
    const { records, failures } = merged(await collect(gzipBomb(5 * 1024 * 1024), 4096));
    expect(records).toEqual([]);
    expect(failures).toEqual([{ path: 'body', reason: 'decompressed size exceeds 1048576 bytes (gzip bomb guard)', text: '' }]);
  });

  it('keeps the lines before a truncation and quarantines the rest as the body', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => `record number ${i} ${'x'.repeat(i % 50)}`).join('\n');
    const { records, failures } = merged(await collect(truncatedGzip(text), 512));
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(2000);
    expect(failures).toEqual([{ path: 'body', reason: 'truncated or corrupt gzip', text: '' }]);
  });

  it('quarantines a 200,000-deep single-line document', async () => {
    const { failures } = merged(await collect(gzip(deepJson(200_000)), 8192, { ...LIMITS, maxRecordBytes: 1024 * 1024 }));
    expect(failures).toMatchObject([{ path: 'lines[0]', reason: 'JSON nesting deeper than 64' }]);
  });

  it('refuses a plain JSON document larger than the inflate cap', async () => {
    const body = Buffer.from(`[${'"x",'.repeat(300_000)}"y"]`);
    const { failures } = merged(await collect(body, 65536, { ...LIMITS, maxDecompressedBytes: 1024 * 1024 }));
    expect(failures).toEqual([{ path: 'body', reason: 'JSON document exceeds 1048576 bytes', text: '' }]);
  });

  it('lets a failed read propagate so the platform retries', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield gzip('a\nb\n'.repeat(1000)).subarray(0, 40);
      throw new Error('socket hang up');
    }
    const run = async () => {
      for await (const _part of decodeS3ObjectStream(failing(), META, LIMITS)) void _part;
    };
    await expect(run()).rejects.toThrow('socket hang up');
  });

  it('lets a failed read of a plain object propagate too', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('a\n');
      throw new Error('connection reset');
    }
    const run = async () => {
      for await (const _part of decodeS3ObjectStream(failing(), META, LIMITS)) void _part;
    };
    await expect(run()).rejects.toThrow('connection reset');
  });
});
