import { inflateStreamCapped, type InflateStreamState } from './inflate-stream.js';
import { CORRUPT_GZIP_REASON, GZIP_BOMB_REASON, decodeUtf8Strict } from './inflate.js';
import { failure } from './record-limits.js';
import { OVERSIZED_PREFIX_BYTES, S3LineClassifier, decodeS3Body, isRecordsDocument, type S3Piece, type S3Pieces } from './s3-lines.js';
import { s3Delivery, type S3ObjectMeta } from './s3-object.js';
import { parseJsonSafe } from './safe-json.js';
import type { DecodeLimits, DecodedBatch } from './types.js';

/**
 * Streaming twin of `decodeS3Object` for objects too large to hold: bytes flow through a capped
 * gunzip and are split into lines, so a line-oriented object (NDJSON, text, VPC flow logs) never
 * sits in memory whole. A JSON document (`[...]`, `{ "Records": [...] }`, or a pretty-printed one)
 * is buffered (up to `maxDecompressedBytes`) and decoded exactly like the whole-object decoder.
 *
 * Yields parts of at most `batchSize` records + failures. Each part is a complete DecodedBatch
 * whose identity is the object's identity plus `#<part>` (deterministic for the same bytes), so
 * a retried object rewrites the same keys. The final part has `last: true` (it is empty only for
 * an object without records).
 *
 * Differences from the whole-object decoder: records before a corrupt/oversized point are already
 * yielded (the rest becomes one `body` failure); errors thrown by `chunks` itself (a failed read)
 * propagate, so the platform retries.
 */
export interface S3ObjectPart extends DecodedBatch {
  part: number;
  last: boolean;
}

export interface S3StreamOptions {
  /** Records + failures per yielded part (default 500). */
  batchSize?: number;
}

/** Collects one line's bytes; past the record limit keeps only a prefix for the quarantine. */
class LineAssembler {
  #parts: Uint8Array[] = [];
  #bytes = 0;
  #kept = 0;
  #overflowed = false;
  #lastByte = -1;
  constructor(private readonly maxRecordBytes: number) {}

  get empty(): boolean {
    return this.#bytes === 0;
  }

  append(segment: Uint8Array): void {
    if (segment.length === 0) return;
    this.#bytes += segment.length;
    this.#lastByte = segment[segment.length - 1] ?? -1;
    if (this.#overflowed) {
      const room = OVERSIZED_PREFIX_BYTES - this.#kept;
      if (room > 0) this.#keep(segment.subarray(0, room));
      return;
    }
    this.#keep(segment);
    if (this.#bytes > this.maxRecordBytes + 4) {
      // Past the limit: keep only what the quarantine shows.
      this.#overflowed = true;
      const prefix = Buffer.concat(this.#parts).subarray(0, OVERSIZED_PREFIX_BYTES);
      this.#parts = [prefix];
      this.#kept = prefix.length;
    }
  }

  #keep(segment: Uint8Array): void {
    this.#parts.push(Buffer.from(segment)); // a copy: the producer may reuse its buffers
    this.#kept += segment.length;
  }

  /** The finished line, then reset. */
  take(classifier: S3LineClassifier, index: number): S3Piece | undefined {
    const line = Buffer.concat(this.#parts);
    let piece: S3Piece | undefined;
    if (!this.#overflowed) piece = classifier.bytes(line, index);
    else {
      // Past the limit plus slack for a CR and the file's BOM: certainly oversized.
      const whole = this.#kept === this.#bytes;
      piece = classifier.oversized(whole && this.#lastByte === 0x0d ? line.subarray(0, line.length - 1) : line, index);
    }
    this.#parts = [];
    this.#bytes = 0;
    this.#kept = 0;
    this.#overflowed = false;
    this.#lastByte = -1;
    return piece;
  }
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

/** Where the first line with content starts and ends, once known: decides document vs lines. */
class FirstLineProbe {
  #offset = 0;
  #start = -1;
  #end = -1;
  /** Scan a new chunk; returns 'lines', 'undecided' or the [start, end) of the first content line. */
  scan(chunk: Uint8Array): 'lines' | 'undecided' | 'line-complete' {
    for (let i = 0; i < chunk.length; i++, this.#offset++) {
      const b = chunk[i] as number;
      if (this.#start === -1) {
        const bom = this.#offset < 3 && (b === 0xef || b === 0xbb || b === 0xbf);
        if (WHITESPACE.has(b) || bom) continue;
        if (b !== 0x7b && b !== 0x5b) return 'lines';
        this.#start = this.#offset;
      } else if (b === 0x0a) {
        this.#end = this.#offset;
        return 'line-complete';
      }
    }
    return 'undecided';
  }
  range(total: number): [number, number] {
    return [this.#start, this.#end === -1 ? total : this.#end];
  }
}

function decideFromFirstLine(held: Uint8Array[], probe: FirstLineProbe, heldBytes: number, limits: DecodeLimits): 'lines' | 'document' {
  const [start, end] = probe.range(heldBytes);
  const line = decodeUtf8Strict(Buffer.concat(held).subarray(start, end));
  if (!line.ok) return 'lines';
  const alone = parseJsonSafe(line.value, limits);
  return alone.ok && !isRecordsDocument(alone.value) ? 'lines' : 'document';
}

/** Decode an S3 object from a stream of its (possibly gzip) bytes, in parts. */
export async function* decodeS3ObjectStream(
  chunks: AsyncIterable<Uint8Array>,
  object: S3ObjectMeta,
  limits: DecodeLimits,
  options: S3StreamOptions = {},
): AsyncGenerator<S3ObjectPart, void, undefined> {
  const { context, ...delivery } = s3Delivery(object, limits);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
  let part = 0;
  let pending: S3Pieces = { records: [], failures: [] };
  const classifier = new S3LineClassifier(context);
  let documentFormatLines = 0;
  const makePart = (last: boolean): S3ObjectPart => {
    const formatLines = classifier.takeFormatLines() + documentFormatLines;
    documentFormatLines = 0;
    const out: S3ObjectPart = { ...delivery, identity: `${delivery.identity}#${part}`, ...pending, ...(formatLines > 0 ? { formatLines } : {}), control: 0, part, last };
    part += 1;
    pending = { records: [], failures: [] };
    return out;
  };
  const queue: S3Piece[] = [];
  const enqueue = (piece: S3Piece | undefined): void => {
    if (piece !== undefined) queue.push(piece);
  };
  function* drain(): Generator<S3ObjectPart> {
    for (const piece of queue) {
      if (pending.records.length + pending.failures.length >= batchSize) yield makePart(false);
      if ('reason' in piece) pending.failures.push(piece);
      else pending.records.push(piece);
    }
    queue.length = 0;
  }

  const state: InflateStreamState = {};
  const assembler = new LineAssembler(limits.maxRecordBytes);
  const probe = new FirstLineProbe();
  let mode: 'undecided' | 'lines' | 'document' = 'undecided';
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let lineIndex = 0;
  let tooLarge = false;

  const feedLines = (chunk: Uint8Array): void => {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (let nl = buf.indexOf(0x0a, from); nl !== -1; nl = buf.indexOf(0x0a, from)) {
      assembler.append(buf.subarray(from, nl));
      enqueue(assembler.take(classifier, lineIndex++));
      from = nl + 1;
    }
    assembler.append(buf.subarray(from));
  };

  try {
    for await (const chunk of inflateStreamCapped(chunks, limits.maxDecompressedBytes, state)) {
      if (mode === 'lines') feedLines(chunk);
      else {
        held.push(Buffer.from(chunk));
        heldBytes += chunk.length;
        if (mode === 'undecided') {
          const seen = probe.scan(chunk);
          if (seen !== 'undecided') {
            mode = seen === 'lines' ? 'lines' : decideFromFirstLine(held, probe, heldBytes, limits);
            if (mode === 'lines') {
              for (const h of held) feedLines(h);
              held = [];
              heldBytes = 0;
            }
          }
        }
        if (heldBytes > limits.maxDecompressedBytes) {
          tooLarge = true;
          break;
        }
      }
      yield* drain();
    }
  } catch (error) {
    if (state.sourceError !== undefined || (!state.zlibFailed && !state.capExceeded)) throw error;
  }

  if (state.capExceeded) queue.push(failure('body', GZIP_BOMB_REASON(limits.maxDecompressedBytes)));
  else if (state.zlibFailed) queue.push(failure('body', CORRUPT_GZIP_REASON));
  else if (tooLarge) queue.push(failure('body', `JSON document exceeds ${limits.maxDecompressedBytes} bytes`));
  else if (mode === 'lines') {
    if (!assembler.empty) enqueue(assembler.take(classifier, lineIndex++));
  } else {
    const pieces = decodeS3Body(Buffer.concat(held), context);
    documentFormatLines = pieces.formatLines ?? 0;
    for (const record of pieces.records) queue.push(record);
    for (const f of pieces.failures) queue.push(f);
  }
  yield* drain();
  yield makePart(true);
}
