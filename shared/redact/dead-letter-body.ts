import { decodeBase64Strict, decodeUtf8Lossy, decodeUtf8Strict, inflateCapped, isGzip } from '../decode/inflate.js';
import type { Redactor } from './types.js';

/**
 * A message body as it can be redacted and kept: bytes are gunzipped (capped) and decoded, a
 * string that is base64 of gzip is decoded the same way, JSON text is parsed, so the detectors
 * and field rules see the real content. Nothing of the original bytes is kept: what is not text
 * even after inflating is kept as lossy text (`$text_lossy`), redacted like any other text.
 */
export function redactableBody(body: unknown, maxBytes: number): unknown {
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    return fromBytes(bytes, maxBytes);
  }
  if (typeof body === 'string') {
    if (body.length >= 16 && body.startsWith('H4sI')) {
      // `H4sI` is base64 of the gzip magic and flags: a compressed body sent as text.
      const bytes = decodeBase64Strict(body.trim());
      if (bytes.ok && isGzip(bytes.value)) return fromBytes(bytes.value, maxBytes);
    }
    return parseIfJson(body);
  }
  return body;
}

function fromBytes(bytes: Uint8Array, maxBytes: number): unknown {
  const inflated = inflateCapped(bytes, maxBytes);
  if (!inflated.ok) return { $undecodable: inflated.reason };
  const text = decodeUtf8Strict(inflated.value);
  if (!text.ok) return { $text_lossy: decodeUtf8Lossy(inflated.value.subarray(0, 64 * 1024)) };
  return parseIfJson(text.value);
}

function parseIfJson(text: string): unknown {
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Messages and trigger metadata (`propertiesArray`, `systemPropertiesArray`, …) as they may be stored. */
export function redactDeadLetter(redactor: Redactor, messages: readonly unknown[], triggerMetadata: Record<string, unknown>, maxBytes: number): { messages: unknown[]; triggerMetadata: Record<string, unknown> } {
  return {
    messages: redactor.redactValue(messages.map((m) => redactableBody(m, maxBytes))).value,
    triggerMetadata: redactor.redactValue(triggerMetadata).value,
  };
}
