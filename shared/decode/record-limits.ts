import type { DecodeFailure } from './types.js';

/** How much of an oversized or undecodable piece a failure keeps (the pipeline redacts it). */
export const QUARANTINE_TEXT_BYTES = 4096;

export const recordTooLargeReason = (maxBytes: number): string => `record exceeds ${maxBytes} bytes`;

/** UTF-8 byte length of `text` above `maxBytes`? Cheap for the common case (no encoding pass). */
export function textExceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true; // every UTF-16 unit is at least one byte
  if (text.length * 3 <= maxBytes) return false; // and at most three
  return Buffer.byteLength(text, 'utf8') > maxBytes;
}

/** At most `maxBytes` UTF-8 bytes of `text`, cut on a character boundary. */
export function truncateText(text: string, maxBytes = QUARANTINE_TEXT_BYTES): string {
  if (text.length * 3 <= maxBytes) return text;
  let cut = text.slice(0, maxBytes);
  const last = cut.charCodeAt(cut.length - 1);
  if (cut.length < text.length && last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1); // half a pair
  const bytes = Buffer.from(cut, 'utf8');
  if (bytes.length <= maxBytes) return cut;
  let end = maxBytes;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--; // back up to the start of the cut character
  return bytes.subarray(0, end).toString('utf8');
}

/** JSON text of a value, or undefined when it has none (undefined, a function, a cycle, a BigInt). */
export function jsonTextOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** A short, safe preview of any value for a failure's `text` (callers bound the depth first). */
export function previewValue(value: unknown): string {
  if (typeof value === 'string') return truncateText(value);
  return truncateText(jsonTextOf(value) ?? String(typeof value));
}

export function failure(path: string, reason: string, text = ''): DecodeFailure {
  return { path, reason, text: truncateText(text) };
}

export function recordTooLarge(path: string, text: string, maxBytes: number): DecodeFailure {
  return failure(path, recordTooLargeReason(maxBytes), text);
}
