import { constants, gunzipSync } from 'node:zlib';

/** Whether gzip bytes end before the stream does (the demo's truncated object). */
export function isTruncatedGzip(bytes: Buffer): boolean {
  try {
    gunzipSync(bytes);
    return false;
  } catch {
    return true;
  }
}

/** Gunzip as far as the bytes go (a truncated stream yields its intact prefix). */
export function gunzipPrefix(bytes: Buffer): string {
  return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
}

function decodeNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeNested);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = decodeNested(child);
  // CloudWatch Logs subscription: awslogs.data = base64(gzip(JSON)).
  const awslogs = out.awslogs as { data?: unknown } | undefined;
  if (awslogs && typeof awslogs.data === 'string') out.awslogs = { data: JSON.parse(gunzipSync(Buffer.from(awslogs.data, 'base64')).toString('utf8')) };
  // Pub/Sub message: data = base64(LogEntry JSON).
  if (typeof out.data === 'string' && (typeof out.messageId === 'string' || typeof out.message_id === 'string')) {
    const text = Buffer.from(out.data, 'base64').toString('utf8');
    try {
      out.data = JSON.parse(text);
    } catch {
      out.data = text;
    }
  }
  return out;
}

/**
 * A sample file's content with every transport encoding peeled off (gzip, base64, nested JSON),
 * as text: what the pipeline sees, and what a secret scan must look at.
 */
export function sampleText(path: string, bytes: Buffer): string {
  if (path.endsWith('.gz')) return gunzipPrefix(bytes);
  const text = bytes.toString('utf8');
  if (!path.endsWith('.json')) return text;
  return JSON.stringify(decodeNested(JSON.parse(text)));
}
