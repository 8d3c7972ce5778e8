import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { UsageError } from './io.js';

export const TRIGGERS = ['cloudwatch', 'eventhub', 'pubsub', 's3'] as const;
export type CliTrigger = (typeof TRIGGERS)[number];

/** The source each trigger's events carry. */
export const SOURCE_OF: Record<CliTrigger, string> = {
  cloudwatch: 'aws.cloudwatch',
  s3: 'aws.s3',
  eventhub: 'azure.eventhub',
  pubsub: 'gcp.pubsub',
};

/** One handler invocation, read from a user's (or the demo's) file. */
export type Invocation =
  | { trigger: 'cloudwatch'; file: string; event: unknown }
  | { trigger: 'eventhub'; file: string; messages: unknown[]; triggerMetadata: Record<string, unknown> }
  | { trigger: 'pubsub'; file: string; cloudEvent: unknown }
  | { trigger: 's3'; file: string; bucket: string; key: string; size: number };

export interface ReadOptions {
  /** s3: the bucket the object is said to be in (default `local`). */
  bucket?: string | undefined;
  /** s3: the object key (default: the file name). */
  key?: string | undefined;
  /** eventhub: the hub name (drives the parser hint, e.g. `insights-activity-logs`). */
  hub?: string | undefined;
  /** eventhub: the partition id (default `0`). */
  partition?: string | undefined;
}

export function isTrigger(value: string): value is CliTrigger {
  return (TRIGGERS as readonly string[]).includes(value);
}

const EXPECTS: Record<Exclude<CliTrigger, 's3'>, string> = {
  cloudwatch: 'the Lambda event JSON ({"awslogs":{"data":"…"}})',
  eventhub: 'a JSON array of the messages as the Functions host passes them',
  pubsub: 'a CloudEvent in structured JSON (or a Pub/Sub push body {"message":…})',
};

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new UsageError(`cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause });
  }
}

async function readJson(file: string, trigger: Exclude<CliTrigger, 's3'>): Promise<unknown> {
  const text = (await readBytes(file)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new UsageError(`${file} is not JSON: --trigger ${trigger} expects ${EXPECTS[trigger]}`, { cause });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Bodies a dead-letter document kept as `{ "$base64": "…" }` go back to bytes, as the host delivered them. */
function reviveMessage(message: unknown): unknown {
  if (isObject(message) && Object.keys(message).length === 1 && typeof message.$base64 === 'string') return Buffer.from(message.$base64, 'base64');
  return message;
}

function eventHubMetadata(options: ReadOptions): Record<string, unknown> {
  if (options.hub === undefined) return {};
  return { partitionContext: { eventHubName: options.hub, consumerGroup: '$Default', partitionId: options.partition ?? '0' } };
}

/** A Pub/Sub push body is wrapped the way Eventarc wraps it. */
function asCloudEvent(doc: unknown, file: string): unknown {
  if (!isObject(doc)) throw new UsageError(`${file}: --trigger pubsub expects ${EXPECTS.pubsub}`);
  if (doc.specversion !== undefined || !isObject(doc.message)) return doc;
  const message = doc.message;
  const id = typeof message.messageId === 'string' ? message.messageId : typeof message.message_id === 'string' ? message.message_id : basename(file);
  return {
    specversion: '1.0',
    id,
    source: typeof doc.subscription === 'string' ? `//pubsub.googleapis.com/${doc.subscription}` : '//pubsub.googleapis.com/local',
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    datacontenttype: 'application/json',
    ...(typeof message.publishTime === 'string' ? { time: message.publishTime } : {}),
    data: doc,
  };
}

export async function readInvocation(trigger: CliTrigger, file: string, options: ReadOptions = {}): Promise<Invocation> {
  switch (trigger) {
    case 'cloudwatch': {
      const event = await readJson(file, trigger);
      if (!isObject(event)) throw new UsageError(`${file}: --trigger cloudwatch expects ${EXPECTS.cloudwatch}`);
      return { trigger, file, event };
    }
    case 'eventhub': {
      const doc = await readJson(file, trigger);
      if (Array.isArray(doc)) return { trigger, file, messages: doc, triggerMetadata: eventHubMetadata(options) };
      // A dead-letter document ({ messages, triggerMetadata }) replays under its original identity.
      if (isObject(doc) && Array.isArray(doc.messages)) {
        const triggerMetadata = isObject(doc.triggerMetadata) ? doc.triggerMetadata : eventHubMetadata(options);
        return { trigger, file, messages: doc.messages.map(reviveMessage), triggerMetadata };
      }
      throw new UsageError(`${file}: --trigger eventhub expects ${EXPECTS.eventhub}`);
    }
    case 'pubsub':
      return { trigger, file, cloudEvent: asCloudEvent(await readJson(file, trigger), file) };
    case 's3': {
      let size: number;
      try {
        const info = await stat(file);
        if (!info.isFile()) throw new UsageError(`${file} is not a file`);
        size = info.size;
      } catch (cause) {
        if (cause instanceof UsageError) throw cause;
        throw new UsageError(`cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause });
      }
      return { trigger, file, bucket: options.bucket ?? 'local', key: options.key ?? basename(file), size };
    }
  }
}
