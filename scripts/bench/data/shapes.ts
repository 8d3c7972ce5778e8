import { gzipSync } from 'node:zlib';
import type { Delivery } from '../../../shared/pipeline/index.js';
import { Prng, seedOf } from '../prng.js';
import { appLogLine } from './records-app.js';
import { albLogLine, cloudTrailEvent, vpcFlowLine } from './records-aws.js';
import { azureActivityRecord, gcpLogEntry } from './records-azure-gcp.js';

/**
 * The six trigger shapes the throughput bench feeds the pipeline, generated deterministically
 * (seeded PRNG, fixed start time) in their real wire shapes.
 */
export const SHAPES = ['cloudwatch-vpcflow', 'cloudwatch-cloudtrail', 'eventhub-azure-diagnostics', 'pubsub-logentry', 's3-ndjson', 's3-alb'] as const;
export type ShapeName = (typeof SHAPES)[number];

export interface ShapeData {
  shape: ShapeName;
  deliveries: Delivery[];
  /**
   * Each record as JSON text (a CloudTrail event, a flow log line as a JSON string, a diagnostic
   * record, a LogEntry, an NDJSON line): the physical baseline's input and the bytes behind MB/s.
   */
  recordJson: string[];
  /** How many of `recordJson` each delivery carries, in order. */
  recordsPerDelivery: number[];
  /** Sum of the UTF-8 bytes of `recordJson`. */
  bytes: number;
}

export interface GenerateOptions {
  /** Decompressed bytes per CloudWatch delivery (default 1 MiB). */
  cloudWatchBatchBytes?: number;
  /** Decompressed bytes per S3 object (default 4 MiB). */
  s3ObjectBytes?: number;
  /** Gzip level used to encode CloudWatch payloads and S3 objects (default 6). */
  wireGzipLevel?: number;
}

export const START_MS = Date.UTC(2026, 10, 25, 10, 0, 0);

/** Advancing event clock: 0–20 ms per record, so a 50 MB run crosses an hour partition or two. */
class EventClock {
  constructor(private readonly rng: Prng, private ms = START_MS) {}
  tick(): number {
    this.ms += this.rng.int(0, 20);
    return this.ms;
  }
}

export interface CloudWatchEvent {
  id: string;
  timestamp: number;
  message: string;
}

/** One CloudWatch Logs subscription delivery to Lambda: `{ awslogs: { data: base64(gzip(json)) } }`. */
export function cloudWatchDelivery(logGroup: string, logStream: string, logEvents: CloudWatchEvent[], level = 6): { awslogs: { data: string } } {
  const payload = { messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup, logStream, subscriptionFilters: ['to-telemetry-bridge'], logEvents };
  return { awslogs: { data: gzipSync(JSON.stringify(payload), { level }).toString('base64') } };
}

/** CloudWatch log events (VPC flow lines or CloudTrail JSON) until `targetBytes` of records (their messages). */
export function cloudWatchEvents(kind: 'vpcflow' | 'cloudtrail', targetBytes: number, seed: string): { events: CloudWatchEvent[]; json: string[]; bytes: number } {
  const rng = new Prng(seedOf(seed));
  const clock = new EventClock(rng);
  const enis = Array.from({ length: 8 }, () => `eni-0${rng.hex(16)}`);
  const events: CloudWatchEvent[] = [];
  const json: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const t = clock.tick();
    const message = kind === 'vpcflow' ? vpcFlowLine(rng, t, rng.pick(enis)) : JSON.stringify(cloudTrailEvent(rng, t));
    events.push({ id: `${t}${rng.digits(43)}`, timestamp: t + rng.int(50, 900), message });
    // The record is the log event's message: CloudTrail JSON as is, a flow log line as a JSON string.
    const text = kind === 'vpcflow' ? JSON.stringify(message) : message;
    json.push(text);
    bytes += Buffer.byteLength(text);
  }
  return { events, json, bytes };
}

function cloudWatchShape(shape: ShapeName, kind: 'vpcflow' | 'cloudtrail', targetBytes: number, options: GenerateOptions): ShapeData {
  const { events, json, bytes } = cloudWatchEvents(kind, targetBytes, shape);
  const batchBytes = options.cloudWatchBatchBytes ?? 1024 * 1024;
  const logGroup = kind === 'vpcflow' ? '/aws/vpc/flow-logs/prod' : 'aws-cloudtrail-logs-123456789012-prod';
  const deliveries: Delivery[] = [];
  const recordsPerDelivery: number[] = [];
  let from = 0;
  let size = 0;
  for (let i = 0; i <= events.length; i++) {
    if (i === events.length || (size >= batchBytes && i > from)) {
      const stream = kind === 'vpcflow' ? `eni-all-${deliveries.length}` : `123456789012_CloudTrail_eu-west-1_${deliveries.length}`;
      deliveries.push({ trigger: 'cloudwatch', event: cloudWatchDelivery(logGroup, stream, events.slice(from, i), options.wireGzipLevel) });
      recordsPerDelivery.push(i - from);
      from = i;
      size = 0;
    }
    if (i < events.length) size += json[i]!.length;
  }
  return { shape, deliveries, recordJson: json, recordsPerDelivery, bytes };
}

/** Diagnostic settings pack 10–30 records per event; the host hands over up to 100 events (host.json). */
function eventHubShape(targetBytes: number): ShapeData {
  const rng = new Prng(seedOf('eventhub-azure-diagnostics'));
  const clock = new EventClock(rng);
  const deliveries: Delivery[] = [];
  const recordsPerDelivery: number[] = [];
  const recordJson: string[] = [];
  let bytes = 0;
  let sequence = 4_000_000;
  while (bytes < targetBytes) {
    const messages: string[] = [];
    const enqueued: string[] = [];
    const sequences: number[] = [];
    const offsets: string[] = [];
    const before = recordJson.length;
    for (let m = 0; m < 100 && bytes < targetBytes; m++) {
      const records: string[] = [];
      const n = rng.int(10, 30);
      for (let r = 0; r < n; r++) records.push(JSON.stringify(azureActivityRecord(rng, clock.tick())));
      for (const r of records) bytes += Buffer.byteLength(r);
      recordJson.push(...records);
      messages.push(`{"records":[${records.join(',')}]}`);
      const t = clock.tick();
      enqueued.push(new Date(t + 1500).toISOString());
      sequences.push(sequence++);
      offsets.push(String(sequence * 2048));
    }
    deliveries.push({
      trigger: 'eventhub',
      messages,
      triggerMetadata: {
        partitionContext: { eventHubName: 'insights-activity-logs', consumerGroup: '$Default', partitionId: '3', fullyQualifiedNamespace: 'bench-ns.servicebus.windows.net' },
        sequenceNumberArray: sequences,
        enqueuedTimeUtcArray: enqueued,
        offsetArray: offsets,
      },
    });
    recordsPerDelivery.push(recordJson.length - before);
  }
  return { shape: 'eventhub-azure-diagnostics', deliveries, recordJson, recordsPerDelivery, bytes };
}

/** A Cloud Logging sink publishes one LogEntry per Pub/Sub message; each push is one CloudEvent. */
function pubSubShape(targetBytes: number): ShapeData {
  const rng = new Prng(seedOf('pubsub-logentry'));
  const clock = new EventClock(rng);
  const deliveries: Delivery[] = [];
  const recordsPerDelivery: number[] = [];
  const recordJson: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const t = clock.tick();
    const entry = JSON.stringify(gcpLogEntry(rng, t));
    recordJson.push(entry);
    recordsPerDelivery.push(1);
    bytes += Buffer.byteLength(entry);
    const messageId = rng.digits(16);
    const publishTime = new Date(t + 600).toISOString();
    deliveries.push({
      trigger: 'pubsub',
      cloudEvent: {
        specversion: '1.0',
        id: messageId,
        source: '//pubsub.googleapis.com/projects/bench-project-4711/topics/log-sink-bridge',
        type: 'google.cloud.pubsub.topic.v1.messagePublished',
        datacontenttype: 'application/json',
        time: publishTime,
        data: {
          message: { attributes: { 'logging.googleapis.com/timestamp': new Date(t).toISOString() }, data: Buffer.from(entry).toString('base64'), messageId, publishTime },
          subscription: 'projects/bench-project-4711/subscriptions/bridge-push',
        },
      },
    });
  }
  return { shape: 'pubsub-logentry', deliveries, recordJson, recordsPerDelivery, bytes };
}

/** NDJSON lines of application logs until `targetBytes` (streaming-friendly: one line at a time). */
export function* appLogLines(seed: string, service = 'orders-api'): Generator<string> {
  const rng = new Prng(seedOf(seed));
  const clock = new EventClock(rng);
  for (;;) yield JSON.stringify(appLogLine(rng, clock.tick(), service));
}

/** Gzipped NDJSON objects of ~4 MiB decompressed each, as an S3 object-created notification reads them. */
function s3Shape(targetBytes: number, options: GenerateOptions): ShapeData {
  const objectBytes = options.s3ObjectBytes ?? 4 * 1024 * 1024;
  const rng = new Prng(seedOf('s3-ndjson-keys'));
  const lines = appLogLines('s3-ndjson');
  const deliveries: Delivery[] = [];
  const recordsPerDelivery: number[] = [];
  const recordJson: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const object: string[] = [];
    let size = 0;
    while (size < objectBytes && bytes + size < targetBytes) {
      const line = lines.next().value as string;
      object.push(line);
      size += Buffer.byteLength(line);
    }
    recordJson.push(...object);
    recordsPerDelivery.push(object.length);
    bytes += size;
    const n = String(deliveries.length).padStart(4, '0');
    deliveries.push({
      trigger: 's3',
      bucket: 'bench-app-logs',
      key: `app/orders-api/2026/11/25/10/orders-api-${n}.ndjson.gz`,
      etag: rng.hex(32),
      body: gzipSync(`${object.join('\n')}\n`, { level: options.wireGzipLevel ?? 6 }),
    });
  }
  return { shape: 's3-ndjson', deliveries, recordJson, recordsPerDelivery, bytes };
}

/** ALB access logs as the load balancer writes them to S3: gzipped text objects under its key layout (~4 MiB each). */
function s3AlbShape(targetBytes: number, options: GenerateOptions): ShapeData {
  const objectBytes = options.s3ObjectBytes ?? 4 * 1024 * 1024;
  const rng = new Prng(seedOf('s3-alb'));
  const clock = new EventClock(rng);
  const deliveries: Delivery[] = [];
  const recordsPerDelivery: number[] = [];
  const recordJson: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const lines: string[] = [];
    let size = 0;
    while (size < objectBytes && bytes + size < targetBytes) {
      const line = albLogLine(rng, clock.tick());
      lines.push(line);
      // The record is the line, counted as a JSON string like the flow log lines.
      const text = JSON.stringify(line);
      recordJson.push(text);
      size += Buffer.byteLength(text);
    }
    recordsPerDelivery.push(lines.length);
    bytes += size;
    const n = String(deliveries.length).padStart(4, '0');
    deliveries.push({
      trigger: 's3',
      bucket: 'bench-alb-logs',
      key: `AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2026/11/25/123456789012_elasticloadbalancing_eu-west-1_app.bench-alb.50dc6c495c0c9188_20261125T10${n.slice(-2)}Z_10.0.0.${(deliveries.length % 250) + 1}_${rng.hex(8)}.log.gz`,
      etag: rng.hex(32),
      body: gzipSync(`${lines.join('\n')}\n`, { level: options.wireGzipLevel ?? 6 }),
    });
  }
  return { shape: 's3-alb', deliveries, recordJson, recordsPerDelivery, bytes };
}

/**
 * Contiguous slices of whole deliveries with about `bytes / count` record bytes each (the
 * throughput runs: each run processes one slice, so every byte of the data set is measured).
 */
export function sliceShape(data: ShapeData, count: number): ShapeData[] {
  const slices: ShapeData[] = [];
  let remaining = data.bytes;
  let d = 0;
  let r = 0;
  for (let k = 0; k < count && d < data.deliveries.length; k++) {
    const target = remaining / (count - k);
    const startD = d;
    const startR = r;
    let bytes = 0;
    const last = k === count - 1;
    while (d < data.deliveries.length) {
      const n = data.recordsPerDelivery[d]!;
      for (let i = r; i < r + n; i++) bytes += Buffer.byteLength(data.recordJson[i]!);
      r += n;
      d++;
      if (!last && bytes >= target) break;
    }
    remaining -= bytes;
    slices.push({
      shape: data.shape,
      deliveries: data.deliveries.slice(startD, d),
      recordJson: data.recordJson.slice(startR, r),
      recordsPerDelivery: data.recordsPerDelivery.slice(startD, d),
      bytes,
    });
  }
  return slices;
}

/** Deterministic deliveries of one shape holding at least `targetBytes` of record JSON. */
export function generateShape(shape: ShapeName, targetBytes: number, options: GenerateOptions = {}): ShapeData {
  switch (shape) {
    case 'cloudwatch-vpcflow':
      return cloudWatchShape(shape, 'vpcflow', targetBytes, options);
    case 'cloudwatch-cloudtrail':
      return cloudWatchShape(shape, 'cloudtrail', targetBytes, options);
    case 'eventhub-azure-diagnostics':
      return eventHubShape(targetBytes);
    case 'pubsub-logentry':
      return pubSubShape(targetBytes);
    case 's3-ndjson':
      return s3Shape(targetBytes, options);
    case 's3-alb':
      return s3AlbShape(targetBytes, options);
  }
}
