import { describe, expect, it } from 'vitest';
import { decodeDelivery } from '../../../../../shared/pipeline/index.js';
import { DEFAULT_DECODE_LIMITS } from '../../../../../shared/decode/index.js';
import { generateShape, SHAPES, sliceShape } from '../../../../../scripts/bench/data/shapes.js';

const SMALL = 96 * 1024;

describe.each(SHAPES)('generated %s data', (shape) => {
  const data = generateShape(shape, SMALL);

  it('is deterministic', () => {
    const again = generateShape(shape, SMALL);
    expect(again.recordJson).toEqual(data.recordJson);
    expect(JSON.stringify(again.deliveries, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))).toBe(
      JSON.stringify(data.deliveries, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)),
    );
  });

  it('holds at least the bytes asked for, counted exactly', () => {
    expect(data.bytes).toBeGreaterThanOrEqual(SMALL);
    expect(data.bytes).toBe(data.recordJson.reduce((sum, r) => sum + Buffer.byteLength(r), 0));
    expect(data.recordsPerDelivery.reduce((a, b) => a + b, 0)).toBe(data.recordJson.length);
  });

  it('decodes into exactly its records, with no failures', () => {
    data.deliveries.forEach((delivery, i) => {
      const batch = decodeDelivery(delivery, DEFAULT_DECODE_LIMITS);
      expect(batch.failures).toEqual([]);
      expect(batch.records).toHaveLength(data.recordsPerDelivery[i]!);
    });
  });

  it('gives every record valid JSON text', () => {
    for (const r of data.recordJson.slice(0, 200)) expect(() => JSON.parse(r) as unknown).not.toThrow();
  });

  it('cuts into slices that cover every delivery once', () => {
    const slices = sliceShape(data, 3);
    expect(slices.flatMap((s) => s.deliveries)).toEqual(data.deliveries);
    expect(slices.flatMap((s) => s.recordJson)).toEqual(data.recordJson);
    expect(slices.reduce((sum, s) => sum + s.bytes, 0)).toBe(data.bytes);
  });
});

describe('generated records', () => {
  it.each(SHAPES.filter((s) => s !== 'cloudwatch-vpcflow' && s !== 's3-alb'))('of %s are ~0.5–1.3 KB and carry emails, IPs and URLs', (shape) => {
    const data = generateShape(shape, SMALL);
    const avg = data.bytes / data.recordJson.length;
    expect(avg).toBeGreaterThan(500);
    expect(avg).toBeLessThan(1300);
    const text = data.recordJson.join('\n');
    expect(text).toMatch(/[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+/);
    expect(text).toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
    expect(text).toMatch(/https:\/\//);
  });

  it('include bearer tokens in the S3 application logs', () => {
    expect(generateShape('s3-ndjson', SMALL).recordJson.join('\n')).toContain('Bearer eyJ');
  });
});
