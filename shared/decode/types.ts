import type { Source } from '../schema/index.js';

/** Limits every decoder honours; from config `pipeline.*`. */
export interface DecodeLimits {
  /** Cap on any inflate (gzip bomb guard), including nested base64-gzip records. */
  maxDecompressedBytes: number;
  /** A single record larger than this is quarantined ("record exceeds N bytes"). */
  maxRecordBytes: number;
  /** JSON nesting deeper than this is quarantined (no stack overflow on 200,000-deep input). */
  maxDepth: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxDecompressedBytes: 256 * 1024 * 1024,
  maxRecordBytes: 1024 * 1024,
  maxDepth: 64,
};

/**
 * One record of a delivery, before parsing. Either `text` (a log line) or `value` (JSON the
 * wire shape already carried as an object) is set.
 */
export interface RawRecord {
  /** Where in the delivery the record sat: `logEvents[17].message`, `messages[3].records[0]`. */
  path: string;
  text?: string;
  value?: unknown;
  /** A stable id the source gives the record (CloudWatch event id, LogEntry insertId, …). */
  recordId?: string;
  /** A time the transport attached (ms since epoch), used only when the record has none of its own. */
  transportTime?: number;
  /** Delivery metadata beside the record: logGroup, logStream, owner, bucket, key, partition, … */
  meta: Readonly<Record<string, string>>;
}

/** A piece of the delivery that could not be decoded: quarantined with the reason. */
export interface DecodeFailure {
  path: string;
  reason: string;
  /** As much of the original text as is safe to keep (the pipeline redacts and truncates it). */
  text: string;
}

export interface DecodedBatch {
  source: Source;
  /** The delivery's identity (log group+stream+first event id; partition+first sequence number; message id; bucket+key+etag). */
  identity: string;
  /** The delivery's own time (ms): used for quarantine/summary partitions so retries reuse keys. */
  deliveryTime?: number;
  /** Hint for the parser: `vpcflow`, `lambda`, `cloudtrail`, … from a log group or key name. */
  sourceTypeHint?: string;
  records: RawRecord[];
  failures: DecodeFailure[];
  /** Records acknowledged but not events (CloudWatch CONTROL_MESSAGE): counted as filtered. */
  control: number;
  /**
   * Header and comment lines read as format information (W3C `#Version`/`#Fields`, a flow log's
   * header row): not records, so not received; reported beside the accounting as `format_lines`.
   */
  formatLines?: number;
}
