import { constants as bufferConstants } from 'node:buffer';
import { gunzipSync } from 'node:zlib';

/**
 * Byte-level decoding that never throws: gzip with an output cap (gzip bomb guard), strict UTF-8
 * and strict base64. Each returns a result object whose reason is safe to log (no payload text).
 */
export type InflateResult = { ok: true; value: Uint8Array; gzipped: boolean } | { ok: false; reason: string };
export type TextResult = { ok: true; value: string } | { ok: false; reason: string };
export type BytesResult = { ok: true; value: Uint8Array } | { ok: false; reason: string };

export const GZIP_BOMB_REASON = (maxBytes: number): string => `decompressed size exceeds ${maxBytes} bytes (gzip bomb guard)`;
export const CORRUPT_GZIP_REASON = 'truncated or corrupt gzip';
export const INVALID_UTF8_REASON = 'invalid UTF-8';
export const INVALID_BASE64_REASON = 'invalid base64';

/** gzip streams start with 0x1f 0x8b (RFC 1952). UTF-8 text never does: 0x8b cannot follow 0x1f. */
export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * Gunzip `buf` when it starts with the gzip magic bytes, producing at most `maxBytes` bytes;
 * anything else passes through unchanged (`gzipped: false`). Concatenated gzip members are joined.
 */
export function inflateCapped(buf: Uint8Array, maxBytes: number): InflateResult {
  if (!isGzip(buf)) return { ok: true, value: buf, gzipped: false };
  const cap = Math.max(1, Math.min(Math.floor(maxBytes), bufferConstants.MAX_LENGTH));
  try {
    const out = gunzipSync(buf, { maxOutputLength: cap });
    return { ok: true, value: out, gzipped: true };
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, reason: GZIP_BOMB_REASON(maxBytes) };
    return { ok: false, reason: CORRUPT_GZIP_REASON };
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const strictUtf8KeepBom = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8');
const lossyUtf8KeepBom = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * UTF-8 bytes to text; any malformed sequence is an error (no U+FFFD substitution). A leading BOM
 * is dropped unless `keepBom` (for a line in the middle of a file).
 */
export function decodeUtf8Strict(buf: Uint8Array, options: { keepBom?: boolean } = {}): TextResult {
  try {
    return { ok: true, value: (options.keepBom === true ? strictUtf8KeepBom : strictUtf8).decode(buf) };
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (err instanceof TypeError && code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return { ok: false, reason: INVALID_UTF8_REASON };
    return { ok: false, reason: 'text too large to decode' };
  }
}

/** UTF-8 bytes to text with U+FFFD for malformed sequences: only for quarantine previews. */
export function decodeUtf8Lossy(buf: Uint8Array, options: { keepBom?: boolean } = {}): string {
  try {
    return (options.keepBom === true ? lossyUtf8KeepBom : lossyUtf8).decode(buf);
  } catch {
    return '';
  }
}

const BASE64_BODY = /^[A-Za-z0-9+/]*$/;

/**
 * Standard base64 (RFC 4648 §4) to bytes. Rejects any character outside the alphabet (including
 * whitespace and the URL-safe `-`/`_`), misplaced or excess `=`, and impossible lengths; padding
 * may be omitted. `Buffer.from(s, 'base64')` would silently skip such junk.
 */
export function decodeBase64Strict(text: string): BytesResult {
  if (typeof text !== 'string') return { ok: false, reason: INVALID_BASE64_REASON };
  let end = text.length;
  let padding = 0;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d && padding < 3) {
    end--;
    padding++;
  }
  const body = end === text.length ? text : text.slice(0, end);
  if (padding > 2 || !BASE64_BODY.test(body)) return { ok: false, reason: INVALID_BASE64_REASON };
  const rest = body.length % 4;
  if (rest === 1) return { ok: false, reason: INVALID_BASE64_REASON };
  if (padding > 0 && (rest === 0 || rest + padding !== 4)) return { ok: false, reason: INVALID_BASE64_REASON };
  return { ok: true, value: Buffer.from(body, 'base64') };
}
