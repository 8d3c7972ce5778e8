import { decodeUtf8Lossy, decodeUtf8Strict } from './inflate.js';
import { QUARANTINE_TEXT_BYTES, failure, jsonTextOf, recordTooLarge, textExceedsBytes } from './record-limits.js';
import { isDepthFailure, parseJsonSafe } from './safe-json.js';
import type { DecodeFailure, DecodeLimits, RawRecord } from './types.js';

/**
 * The body of an S3 log object, shared by the whole-object and streaming decoders so both give
 * the same records for the same bytes. Formats: a JSON document (`[...]` or CloudTrail
 * `{ "Records": [...] }`), NDJSON, or text lines (a VPC flow log's header line is skipped and its
 * field names passed on in `meta.header`). Blank lines are not records.
 */
export interface S3BodyContext {
  meta: Readonly<Record<string, string>>;
  hint?: string;
  limits: DecodeLimits;
  /** The object's time (notification event time, else last-modified): each record's transport time. */
  transportTime?: number;
}

export interface S3Pieces {
  records: RawRecord[];
  failures: DecodeFailure[];
  /** Header and comment lines read as format information (not records): counted, never stored. */
  formatLines?: number;
}

export type S3Piece = RawRecord | DecodeFailure;

/** Bytes of an oversized line to keep: the quarantine's 4 KB plus room to finish the last character. */
export const OVERSIZED_PREFIX_BYTES = QUARANTINE_TEXT_BYTES + 4;

const HEADER_TOKEN = /^[a-z][a-z0-9-]*$/;
/** W3C extended log directives (CloudFront standard logs, IIS): `#Version: 1.0`, `#Fields: date time …`. */
const W3C_DIRECTIVE = /^#(Version|Fields|Software|Date|Remark|Start-Date|End-Date):/;

/** `version account-id interface-id …`: field names only (custom formats included when the hint says VPC flow). */
export function isFlowLogHeader(line: string, hint: string | undefined): boolean {
  const tokens = line.trim().split(/\s+/);
  if (tokens.length < 2 || !tokens.every((t) => HEADER_TOKEN.test(t))) return false;
  return hint === 'vpcflow' || tokens[0] === 'version';
}

/** Turns physical lines (0-based index) into records or failures; remembers a flow log header. */
export class S3LineClassifier {
  #meta: Readonly<Record<string, string>>;
  #sawFirst = false;
  #formatLines = 0;
  constructor(private readonly ctx: S3BodyContext) {
    this.#meta = ctx.meta;
  }

  /** Format lines seen since the last call (and resets the count). */
  takeFormatLines(): number {
    const n = this.#formatLines;
    this.#formatLines = 0;
    return n;
  }

  /** A line of text without its newline (a trailing CR is dropped). Blank lines and the header give undefined. */
  text(raw: string, index: number): S3Piece | undefined {
    return this.#classify(raw.endsWith('\r') ? raw.slice(0, -1) : raw, index);
  }

  #classify(line: string, index: number): S3Piece | undefined {
    if (line.trim() === '') return undefined;
    const path = `lines[${index}]`;
    const first = !this.#sawFirst;
    this.#sawFirst = true;
    const { maxRecordBytes } = this.ctx.limits;
    if (textExceedsBytes(line, maxRecordBytes)) return recordTooLarge(path, line, maxRecordBytes);
    if (first && isFlowLogHeader(line, this.ctx.hint)) {
      this.#meta = Object.freeze({ ...this.ctx.meta, header: line.trim().split(/\s+/).join(' ') });
      this.#formatLines++;
      return undefined;
    }
    if (line.charCodeAt(0) === 0x23) {
      const directive = W3C_DIRECTIVE.exec(line);
      if (directive) {
        if (directive[1] === 'Fields') this.#meta = Object.freeze({ ...this.ctx.meta, header: line.slice(8).trim().split(/\s+/).join(' '), header_kind: 'w3c' });
        this.#formatLines++;
        return undefined;
      }
    }
    const record: RawRecord = { path, text: line, meta: this.#meta };
    if (this.ctx.transportTime !== undefined) record.transportTime = this.ctx.transportTime;
    return record;
  }

  /** A line as bytes (without its newline), decoded strictly. The file's BOM (line 0) is dropped. */
  bytes(raw: Uint8Array, index: number): S3Piece | undefined {
    let line = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, raw.length - 1) : raw;
    if (index === 0 && startsWithBom(line)) line = line.subarray(3);
    if (line.length > this.ctx.limits.maxRecordBytes) return this.oversized(line.subarray(0, OVERSIZED_PREFIX_BYTES), index);
    const decoded = decodeUtf8Strict(line, { keepBom: true });
    if (!decoded.ok) {
      this.#sawFirst = true;
      return failure(`lines[${index}]`, decoded.reason, decodeUtf8Lossy(line.subarray(0, OVERSIZED_PREFIX_BYTES), { keepBom: true }));
    }
    return this.#classify(decoded.value, index);
  }

  /** A line longer than the record limit of which only a prefix (OVERSIZED_PREFIX_BYTES) was kept. */
  oversized(prefix: Uint8Array, index: number): DecodeFailure {
    this.#sawFirst = true;
    const kept = index === 0 && startsWithBom(prefix) ? prefix.subarray(3) : prefix;
    return recordTooLarge(`lines[${index}]`, decodeUtf8Lossy(kept, { keepBom: true }), this.ctx.limits.maxRecordBytes);
  }
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function push(pieces: S3Pieces, piece: S3Piece | undefined): void {
  if (piece === undefined) return;
  if ('reason' in piece) pieces.failures.push(piece);
  else pieces.records.push(piece);
}

/** An array or a CloudTrail-style `{ Records: [...] }`: a document whose elements are the records. */
export function isRecordsDocument(doc: unknown): boolean {
  return Array.isArray(doc) || (isObject(doc) && Array.isArray(doc['Records']));
}

/** Elements of a parsed document, or undefined when it is neither an array nor `{ Records: [...] }`. */
function expandDocument(doc: unknown, ctx: S3BodyContext, checkSizes: boolean): S3Pieces | undefined {
  const inner = isObject(doc) ? doc['Records'] : undefined;
  const items = Array.isArray(inner) ? inner : Array.isArray(doc) ? doc : undefined;
  if (items === undefined) return undefined;
  const prefix = Array.isArray(inner) ? 'Records' : '';
  const pieces: S3Pieces = { records: [], failures: [] };
  const { maxRecordBytes } = ctx.limits;
  items.forEach((value: unknown, i) => {
    const path = `${prefix}[${i}]`;
    if (checkSizes) {
      const json = jsonTextOf(value);
      if (json !== undefined && textExceedsBytes(json, maxRecordBytes)) return void pieces.failures.push(recordTooLarge(path, json, maxRecordBytes));
    }
    const eventId = isObject(value) ? value['eventID'] : undefined;
    const record: RawRecord = { path, value, meta: ctx.meta };
    if (typeof eventId === 'string' && eventId !== '') record.recordId = eventId;
    if (ctx.transportTime !== undefined) record.transportTime = ctx.transportTime;
    pieces.records.push(record);
  });
  return pieces;
}

/** First character that is not ASCII whitespace (what the streaming decoder can see byte by byte). */
function firstNonBlank(text: string, from = 0): number {
  const pattern = /[^ \t\n\r\v\f]/g;
  pattern.lastIndex = from;
  const m = pattern.exec(text);
  return m === null ? -1 : m.index;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * A JSON document body, or undefined for line formats. One line: `[...]` / `{Records}` expand,
 * too-deep nesting fails, anything else is lines. Several lines: a first line that is JSON on its
 * own means NDJSON; otherwise the whole text is tried as one (pretty-printed) document.
 */
function documentPieces(text: string, ctx: S3BodyContext): S3Pieces | undefined {
  const start = firstNonBlank(text);
  if (start === -1) return undefined;
  const c = text.charCodeAt(start);
  if (c !== 0x7b && c !== 0x5b) return undefined;
  const newline = text.indexOf('\n', start);
  const firstLine = newline === -1 ? text.slice(start) : text.slice(start, newline);
  const singleLine = newline === -1 || firstNonBlank(text, newline + 1) === -1;
  const checkSizes = textExceedsBytes(text, ctx.limits.maxRecordBytes);
  const alone = parseJsonSafe(firstLine, ctx.limits);
  if (singleLine) {
    if (alone.ok) return expandDocument(alone.value, ctx, checkSizes);
    if (!isDepthFailure(alone.reason)) return undefined;
    return { records: [], failures: [failure(`lines[${countNewlines(text, start)}]`, alone.reason, firstLine)] };
  }
  if (alone.ok) return undefined;
  const whole = parseJsonSafe(text, ctx.limits);
  if (!whole.ok) return undefined;
  return expandDocument(whole.value, ctx, checkSizes) ?? expandDocument([whole.value], ctx, checkSizes);
}

/** Records and failures of a whole (decompressed) body. */
export function decodeS3Body(body: Uint8Array, ctx: S3BodyContext): S3Pieces {
  const pieces: S3Pieces = { records: [], failures: [] };
  const classifier = new S3LineClassifier(ctx);
  const utf8 = decodeUtf8Strict(body);
  if (!utf8.ok) {
    // Invalid UTF-8 somewhere: decode line by line so only the bad lines are quarantined.
    let index = 0;
    let from = 0;
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    while (from <= buf.length) {
      const nl = buf.indexOf(0x0a, from);
      const end = nl === -1 ? buf.length : nl;
      push(pieces, classifier.bytes(buf.subarray(from, end), index++));
      if (nl === -1) break;
      from = nl + 1;
    }
    const formatLines = classifier.takeFormatLines();
    if (formatLines > 0) pieces.formatLines = formatLines;
    return pieces;
  }
  const text = utf8.value;
  const document = documentPieces(text, ctx);
  if (document !== undefined) return document;
  let index = 0;
  let from = 0;
  while (from <= text.length) {
    const nl = text.indexOf('\n', from);
    const end = nl === -1 ? text.length : nl;
    push(pieces, classifier.text(text.slice(from, end), index++));
    if (nl === -1) break;
    from = nl + 1;
  }
  const formatLines = classifier.takeFormatLines();
  if (formatLines > 0) pieces.formatLines = formatLines;
  return pieces;
}
