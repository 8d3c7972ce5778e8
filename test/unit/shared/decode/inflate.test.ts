import { describe, expect, it } from 'vitest';
import { decodeBase64Strict, decodeUtf8Strict, inflateCapped, isGzip } from '../../../../shared/decode/inflate.js';
import { INVALID_UTF8, gzip, gzipBomb, truncatedGzip } from './factories.js';

describe('inflateCapped', () => {
  it('gunzips gzip bytes and says so', () => {
    const result = inflateCapped(gzip('hello'), 1024);
    expect(result).toEqual({ ok: true, value: Buffer.from('hello'), gzipped: true });
  });

  it('passes plain bytes through untouched', () => {
    const plain = Buffer.from('{"a":1}');
    const result = inflateCapped(plain, 1024);
    expect(result.ok && result.value).toBe(plain);
    expect(result.ok && result.gzipped).toBe(false);
  });

  it('joins concatenated gzip members', () => {
    const result = inflateCapped(Buffer.concat([gzip('a\n'), gzip('b\n')]), 1024);
    expect(result.ok && Buffer.from(result.value).toString()).toBe('a\nb\n');
  });

  it('allows output exactly at the cap and refuses one byte more', () => {
    expect(inflateCapped(gzip('x'.repeat(100)), 100).ok).toBe(true);
    expect(inflateCapped(gzip('x'.repeat(101)), 100)).toEqual({ ok: false, reason: 'decompressed size exceeds 100 bytes (gzip bomb guard)' });
  });

  it('stops a gzip bomb (5 MB of zeros against a 1 MB cap)', () => {
    const bomb = gzipBomb(5 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(inflateCapped(bomb, 1024 * 1024)).toEqual({ ok: false, reason: 'decompressed size exceeds 1048576 bytes (gzip bomb guard)' });
  });

  it.each([
    ['a truncated stream', truncatedGzip('some log line\n'.repeat(50))],
    ['only the magic bytes', Buffer.from([0x1f, 0x8b])],
    ['a corrupt deflate body', Buffer.concat([gzip('abc').subarray(0, 10), Buffer.from('not deflate data at all')])],
  ])('reports %s as truncated or corrupt', (_name, bytes) => {
    expect(inflateCapped(bytes, 1024)).toEqual({ ok: false, reason: 'truncated or corrupt gzip' });
  });

  it('recognises gzip only by its magic bytes', () => {
    expect(isGzip(Buffer.from([0x1f, 0x8b, 0x08]))).toBe(true);
    expect(isGzip(Buffer.from('{"'))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });
});

describe('decodeUtf8Strict', () => {
  it('decodes UTF-8 and drops a leading BOM', () => {
    expect(decodeUtf8Strict(Buffer.from('\ufeffhéllo ✓'))).toEqual({ ok: true, value: 'héllo ✓' });
  });

  it('keeps a BOM when asked (a line in the middle of a file)', () => {
    expect(decodeUtf8Strict(Buffer.from('\ufeffx'), { keepBom: true })).toEqual({ ok: true, value: '\ufeffx' });
  });

  it.each([
    ['a stray continuation byte', Buffer.from([0x61, 0x80])],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
    ['a lone 0xff', Buffer.from([0xff])],
    ['a truncated sequence', Buffer.from([0xe2, 0x82])],
    ['a UTF-16 surrogate', Buffer.from([0xed, 0xa0, 0x80])],
    ['mixed bad bytes', INVALID_UTF8],
  ])('refuses %s', (_name, bytes) => {
    expect(decodeUtf8Strict(bytes)).toEqual({ ok: false, reason: 'invalid UTF-8' });
  });
});

describe('decodeBase64Strict', () => {
  it.each([
    ['padded', 'aGVsbG8=', 'hello'],
    ['double padded', 'aGk=', 'hi'],
    ['unpadded', 'aGVsbG8', 'hello'],
    ['empty', '', ''],
    ['with + and /', '+/+/', Buffer.from('+/+/', 'base64').toString('latin1')],
  ])('decodes %s base64', (_name, text, expected) => {
    const result = decodeBase64Strict(text);
    expect(result.ok && Buffer.from(result.value).toString('latin1')).toBe(expected);
  });

  it.each([
    ['junk characters', 'aGVs!bG8='],
    ['whitespace', 'aGVs bG8='],
    ['a newline', 'aGVs\nbG8='],
    ['URL-safe characters', 'a-_b'],
    ['padding in the middle', 'aG=Vs'],
    ['too much padding', 'aGk==='],
    ['padding on a full quantum', 'aGVs='],
    ['an impossible length', 'aGVsb'],
    ['wrong padding for the length', 'aGVsbG8=='],
  ])('refuses %s', (_name, text) => {
    expect(decodeBase64Strict(text)).toEqual({ ok: false, reason: 'invalid base64' });
  });

  it('checks a multi-megabyte string in linear time', () => {
    const big = Buffer.alloc(8 * 1024 * 1024, 7).toString('base64');
    const result = decodeBase64Strict(big);
    expect(result.ok && result.value.length).toBe(8 * 1024 * 1024);
  });
});
