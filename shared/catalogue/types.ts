import type { RawRecord } from '../decode/types.js';
import type { ParseResult, ParsedRecord } from '../parse/types.js';
import type { NormalizeContext, NormalizeResult } from '../normalize/types.js';

export type { RawRecord } from '../decode/types.js';
export type { ParseResult, ParsedRecord } from '../parse/types.js';
export type { NormalizeContext, NormalizeResult } from '../normalize/types.js';

export type Cloud = 'aws' | 'azure' | 'gcp' | 'any';
export type Trigger = 'cloudwatch' | 's3' | 'eventhub' | 'pubsub';

/**
 * What a delivery says about its records, read once per delivery (never per record) by the
 * decoder. Only the fields of the delivery's own trigger are set.
 */
export interface DeliveryContext {
  trigger: Trigger;
  /** CloudWatch Logs subscription: the log group and stream. */
  logGroup?: string;
  logStream?: string;
  /** S3 object: bucket and key (`AWSLogs/<acct>/elasticloadbalancing/<region>/…`). */
  bucket?: string;
  key?: string;
  /** Event Hubs: the hub name (`insights-logs-<category>` when diagnostic settings chose it). */
  eventHubName?: string;
  /** Pub/Sub: the subscription (LogEntry `logName` / `resource.type` are per record, see `logEntryRoute`). */
  subscription?: string;
  /**
   * A format declared for this log group / S3 prefix in config (`pipeline.log_formats`), e.g.
   * `{ type: 'vpcflow', format: '${version} ${srcaddr} …' }`. A declared type decides the route.
   */
  declared?: { type: string; format?: string };
}

/** One way a type reaches the pipeline, for the docs table and the router. */
export interface DeliveryPath {
  trigger: Trigger;
  /** Human form of what identifies it: `AWSLogs/<acct>/elasticloadbalancing/<region>/…/app.*`. */
  pattern: string;
}

/**
 * A log type of the catalogue: one module (`shared/catalogue/<cloud>/<type>.ts` or a folder),
 * listed once in its cloud's array. Everything pure; nothing here throws on bad input (a throw is
 * caught and quarantined as a bug naming the type).
 */
export interface LogType {
  /** snake_case `source_type` of the events it makes (`alb`, `vpcflow`, `nsg_flow`). Unique. */
  readonly type: string;
  readonly cloud: Cloud;
  /** Human name for docs/log-types.md: "Application Load Balancer access log". */
  readonly title: string;
  /** How the records arrive; also drives the docs table. */
  readonly delivery: readonly DeliveryPath[];
  /** One line for the docs: "S3 key `…/elasticloadbalancing/…` + first field `http|https|h2|grpcs|ws|wss`". */
  readonly recognisedBy: string;
  /** The type's own notable fields, as they appear in attributes (docs only). */
  readonly fields: readonly string[];
  /** The common fields (COMMON_FIELDS keys) this type fills when the record has them (docs + a test). */
  readonly commonFields: readonly string[];

  /**
   * Delivery-context test, run once per delivery: 'owns' = the context decides this type
   * (log group `/aws/lambda/…`, S3 key layout, hub `insights-logs-azurefirewall`); 'maybe' = a
   * candidate that still needs the record test (shared layouts, e.g. `vpcflowlogs/` holds VPC
   * and Transit Gateway flows); 'no'. Absent = 'no' (the type is then found by `matches` alone).
   */
  context?(ctx: DeliveryContext): 'owns' | 'maybe' | 'no';
  /**
   * Cheap record test (no full parse): a key lookup, a prefix, a regex on the first bytes.
   * Used among the route's candidates, and for the catalogue-wide scan when the context decided
   * nothing. A type the context `owns` parses every record without asking.
   */
  matches(record: RawRecord, ctx: DeliveryContext): boolean;
  /**
   * Per-record keys this type owns, looked up in one map by the router before any `matches`
   * (lower-cased): `category:<azure diagnostic category>` (Event Hubs records),
   * `log:<LogEntry log id, url-decoded>` (`log:cloudaudit.googleapis.com/activity`),
   * `resource:<LogEntry resource.type>` (`resource:http_load_balancer`),
   * `detail:<EventBridge detail-type>` (`detail:guardduty finding`).
   * An owned key decides the record's type; `matches` is not asked.
   */
  readonly recordKeys?: readonly string[];
  /**
   * Parse one record. `fields` are the type's own (snake_case), `time` the record's own time as
   * found (left to `parseEventTime` or a type-specific parser in `normalize`). A record this type
   * claims but cannot read fails with a reason naming the type and the field:
   * `alb: field 5 (request_processing_time) is not a number`.
   */
  parse(record: RawRecord, ctx: DeliveryContext): ParseResult;
  /** parsed → BronzeEventDraft via `buildEvent` (title, severity, resource, asset, attributes). */
  normalize(parsed: ParsedRecord, ctx: NormalizeContext): NormalizeResult;
}

/** The route chosen once per delivery. */
export interface Route {
  /** The type the context decided (every record goes there, no record test). */
  owner?: LogType;
  /** Types the context allows, tried with `matches` in order, before the catalogue-wide scan. */
  candidates: readonly LogType[];
  /**
   * What the catalogue-wide scan settled on for this delivery (the same type for many records in
   * a row): tried first, and for `generic` the scan is skipped. Mutable, per delivery.
   */
  settled?: { type: LogType; streak: number };
}
