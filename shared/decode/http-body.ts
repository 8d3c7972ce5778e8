import { createHash } from 'node:crypto';
import { decodeUtf8Strict, inflateCapped, isGzip } from './inflate.js';
import { failure, textExceedsBytes, recordTooLarge } from './record-limits.js';
import { parseJsonSafe } from './safe-json.js';
import type { DecodeFailure, DecodeLimits, DecodedBatch, RawRecord } from './types.js';

/**
 * A POST body as an edge agent sends it: Fluent Bit's `http` output (`format json` = one JSON
 * array, `json_lines` = one object per line, `Content-Type: application/json`, `compress gzip` =
 * `Content-Encoding: gzip`, a `date` key holding epoch seconds as a float), Vector's `http` sink
 * (`encoding.codec json`: a JSON array, or NDJSON with `framing.method newline_delimited` and
 * `Content-Type: application/x-ndjson`; `compression gzip`), plain NDJSON, or text lines.
 */
export interface HttpBody {
  body: Uint8Array;
  contentType?: string | undefined;
  contentEncoding?: string | undefined;
  /** The `Idempotency-Key` header: the batch identity; without it a digest of the body is. */
  idempotencyKey?: string | undefined;
  /** `/ingest/<log type>`: a parser hint (vpcflow, cloudtrail, waf, …). */
  logType?: string | undefined;
  /** When the request arrived (ms): the time of records that carry none. */
  receivedAt: number;
  /** The sending agent (from User-Agent), kept in each record's meta. */
  agent?: string | undefined;
}

export type HttpBodyFormat = 'json' | 'ndjson' | 'text';

/** Why a body cannot be read at all, as an HTTP status: 415 for a media type or encoding we do not read. */
export interface HttpBodyRefusal {
  status: 415;
  reason: string;
}

const JSON_TYPES = new Set(['application/json', 'application/x-ndjson', 'application/ndjson', 'application/jsonlines', 'application/x-jsonlines', 'application/json-seq']);
const LOG_TYPE = /^[a-z][a-z0-9_]{0,63}$/;

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

export function isLogTypeName(name: string): boolean {
  return LOG_TYPE.test(name);
}

/** A media type or content encoding this decoder does not read (checked before the body is decoded). */
export function refuseHttpBody(body: Pick<HttpBody, 'contentType' | 'contentEncoding'>): HttpBodyRefusal | undefined {
  const type = mediaType(body.contentType);
  if (type === 'application/msgpack' || type === 'application/x-msgpack') {
    return { status: 415, reason: 'MessagePack bodies are not read: set the agent to send JSON (Fluent Bit: format json_lines)' };
  }
  if (type !== undefined && !JSON_TYPES.has(type) && type !== 'text/plain' && type !== 'application/octet-stream') {
    return { status: 415, reason: `content type ${JSON.stringify(type.slice(0, 64))} is not read (use application/json, application/x-ndjson or text/plain)` };
  }
  const encoding = body.contentEncoding?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== 'identity') {
    return { status: 415, reason: `content encoding ${JSON.stringify(encoding.slice(0, 32))} is not read (use gzip or none)` };
  }
  return undefined;
}

/** The batch identity: the Idempotency-Key, else a digest of the body as sent (so a retried POST overwrites). */
export function httpBatchIdentity(body: Pick<HttpBody, 'body' | 'idempotencyKey' | 'logType'>): string {
  const key = body.idempotencyKey?.trim();
  const id = key ? `key:${key.slice(0, 256)}` : `sha256:${createHash('sha256').update(body.body).digest('hex')}`;
  return `http|${body.logType ?? ''}|${id}`;
}

interface Pieces {
  records: RawRecord[];
  failures: DecodeFailure[];
  format: HttpBodyFormat;
}

/**
 * Decodes an HTTP ingest body into records at `records[i]`. Never throws: a body that cannot be
 * read is one failure at `body`, a record that is not a JSON object (or too large, or too deep) is
 * a failure at its index; the caller answers 400 naming it. The format follows the bytes (a JSON
 * array, one JSON object, or JSON lines), since Fluent Bit labels json_lines application/json.
 */
export function decodeHttpBody(input: HttpBody, limits: DecodeLimits): DecodedBatch & { format: HttpBodyFormat } {
  const hint = input.logType !== undefined && isLogTypeName(input.logType) ? input.logType : undefined;
  const type = mediaType(input.contentType);
  const meta: Record<string, string> = { transport: 'http' };
  if (type) meta.content_type = type;
  if (input.agent) meta.agent = input.agent;
  if (hint) meta.log_type = hint;
  const base = {
    source: 'edge.http' as const,
    identity: httpBatchIdentity(input),
    deliveryTime: input.receivedAt,
    ...(hint ? { sourceTypeHint: hint } : {}),
    control: 0,
  };
  const pieces = bodyPieces(input, type, limits, Object.freeze(meta));
  return { ...base, ...pieces };
}

function bodyPieces(input: HttpBody, type: string | undefined, limits: DecodeLimits, meta: Readonly<Record<string, string>>): Pieces {
  const encoding = input.contentEncoding?.trim().toLowerCase();
  const saysGzip = encoding === 'gzip' || encoding === 'x-gzip';
  if (saysGzip && !isGzip(input.body)) return whole('json', 'Content-Encoding says gzip but the body is not gzip');
  const inflated = inflateCapped(input.body, limits.maxDecompressedBytes);
  if (!inflated.ok) return whole('json', inflated.reason);
  const text = decodeUtf8Strict(inflated.value);
  if (!text.ok) return whole('json', `body is not UTF-8 text (${text.reason})`);
  const body = text.value.startsWith('\uFEFF') ? text.value.slice(1) : text.value;
  const trimmed = body.trim();
  if (trimmed === '') return { records: [], failures: [], format: 'ndjson' };
  const ctx = { limits, meta, receivedAt: input.receivedAt };
  if (type === 'text/plain') return textLines(body, ctx);
  if (trimmed.startsWith('[')) return jsonArray(trimmed, ctx);
  if (trimmed.startsWith('{')) return jsonLines(body, ctx);
  return whole('json', 'body is not JSON: expected a JSON array, a JSON object or JSON lines');
}

interface Ctx {
  limits: DecodeLimits;
  meta: Readonly<Record<string, string>>;
  receivedAt: number;
}

function whole(format: HttpBodyFormat, reason: string): Pieces {
  return { records: [], failures: [failure('body', reason)], format };
}

function record(index: number, value: unknown, text: string | undefined, ctx: Ctx): RawRecord | DecodeFailure {
  const path = `records[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return failure(path, 'record is not a JSON object', text ?? JSON.stringify(value) ?? '');
  return { path, value, ...(text !== undefined ? { text } : {}), transportTime: ctx.receivedAt, meta: ctx.meta };
}

function push(out: Pieces, piece: RawRecord | DecodeFailure): void {
  if ('reason' in piece) out.failures.push(piece);
  else out.records.push(piece);
}

function jsonArray(text: string, ctx: Ctx): Pieces {
  const parsed = parseJsonSafe(text, { maxDepth: ctx.limits.maxDepth + 1 });
  if (!parsed.ok) return whole('json', `body is not a JSON array: ${parsed.reason}`);
  if (!Array.isArray(parsed.value)) return whole('json', 'body is not a JSON array');
  const out: Pieces = { records: [], failures: [], format: 'json' };
  parsed.value.forEach((value: unknown, index) => push(out, record(index, value, undefined, ctx)));
  return out;
}

function jsonLines(body: string, ctx: Ctx): Pieces {
  const out: Pieces = { records: [], failures: [], format: 'ndjson' };
  let index = 0;
  for (const raw of body.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const path = `records[${index}]`;
    if (textExceedsBytes(line, ctx.limits.maxRecordBytes)) push(out, recordTooLarge(path, line, ctx.limits.maxRecordBytes));
    else {
      const parsed = parseJsonSafe(line, { maxDepth: ctx.limits.maxDepth });
      push(out, parsed.ok ? record(index, parsed.value, line, ctx) : failure(path, `record is not JSON: ${parsed.reason}`, line));
    }
    index++;
  }
  // A pretty-printed single object spans lines: read it whole when the lines alone do not parse.
  if (out.failures.length > 0 && out.records.length === 0) {
    const parsed = parseJsonSafe(body.trim(), { maxDepth: ctx.limits.maxDepth });
    if (parsed.ok) {
      const single: Pieces = { records: [], failures: [], format: 'json' };
      push(single, record(0, parsed.value, undefined, ctx));
      return single;
    }
  }
  return out;
}

function textLines(body: string, ctx: Ctx): Pieces {
  const out: Pieces = { records: [], failures: [], format: 'text' };
  let index = 0;
  for (const raw of body.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const path = `records[${index++}]`;
    if (textExceedsBytes(line, ctx.limits.maxRecordBytes)) push(out, recordTooLarge(path, line, ctx.limits.maxRecordBytes));
    else out.records.push({ path, text: line, transportTime: ctx.receivedAt, meta: ctx.meta });
  }
  return out;
}
