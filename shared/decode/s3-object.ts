import { inflateCapped } from './inflate.js';
import { failure } from './record-limits.js';
import { decodeS3Body, type S3BodyContext } from './s3-lines.js';
import type { DecodeLimits, DecodedBatch } from './types.js';
import { parseUtcTime } from './utc-time.js';

/**
 * An S3 log object (CloudTrail, VPC flow logs, WAF, application NDJSON …), gzip or plain (told
 * apart by the magic bytes; a `.gz` key holding plain bytes is read as plain). Records sit at
 * `lines[i]`, `Records[i]` or `[i]`; a failure of the whole object sits at `body`.
 */
export interface S3ObjectMeta {
  bucket: string;
  key: string;
  etag?: string;
  /** The notification's event time (when the object was created). */
  eventTime?: string;
  /** The object's Last-Modified: the time fallback when no notification time is known. */
  lastModified?: string;
}

export interface S3Object extends S3ObjectMeta {
  body: Uint8Array;
}

/** The parser's hint from an object key (`AWSLogs/<account>/vpcflowlogs/…`, `…/CloudTrail/…`, `…/WAFLogs/…`). */
export function s3SourceTypeHint(key: string): string | undefined {
  const k = key.toLowerCase();
  if (k.includes('vpcflowlogs')) return 'vpcflow';
  if (k.includes('cloudtrail')) return 'cloudtrail';
  if (/(?:^|[^a-z])waf/.test(k)) return 'waf';
  return undefined;
}

function stringField(object: unknown, name: string): string | undefined {
  const value = typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Identity, delivery time, hint and record meta of an object (shared with the streaming decoder). */
export function s3Delivery(object: unknown, limits: DecodeLimits): Omit<DecodedBatch, 'records' | 'failures' | 'control'> & { context: S3BodyContext } {
  const bucket = stringField(object, 'bucket') ?? '';
  const key = stringField(object, 'key') ?? '';
  const etag = stringField(object, 'etag') ?? '';
  // Never the clock: a line without a time of its own takes the object's notification time, else
  // its last-modified time, so a retry after an hour boundary writes the same keys.
  const deliveryTime = parseUtcTime(stringField(object, 'eventTime')) ?? parseUtcTime(stringField(object, 'lastModified'));
  const hint = s3SourceTypeHint(key);
  const context: S3BodyContext = {
    meta: Object.freeze({ bucket, key }),
    limits,
    ...(hint === undefined ? {} : { hint }),
    ...(deliveryTime === undefined ? {} : { transportTime: deliveryTime }),
  };
  return {
    source: 'aws.s3',
    identity: `${bucket}|${key}|${etag}`,
    ...(deliveryTime === undefined ? {} : { deliveryTime }),
    ...(hint === undefined ? {} : { sourceTypeHint: hint }),
    context,
  };
}

/** Decode a whole S3 object already in memory. Never throws. */
export function decodeS3Object(object: S3Object, limits: DecodeLimits): DecodedBatch {
  const { context, ...delivery } = s3Delivery(object, limits);
  const raw: unknown = (object as unknown as Record<string, unknown> | null)?.body;
  if (!(raw instanceof Uint8Array)) {
    return { ...delivery, records: [], failures: [failure('body', 'object body is not bytes')], control: 0 };
  }
  const inflated = inflateCapped(raw, limits.maxDecompressedBytes);
  if (!inflated.ok) {
    return { ...delivery, records: [], failures: [failure('body', inflated.reason)], control: 0 };
  }
  const pieces = decodeS3Body(inflated.value, context);
  return { ...delivery, ...pieces, control: 0 };
}
