import { parseUtcTime } from './utc-time.js';

/**
 * The Azure Functions host's Event Hubs trigger metadata (cardinality many), as the v4 Node.js
 * library hands it over (keys camelCased): `partitionContext { eventHubName, consumerGroup,
 * partitionId, fullyQualifiedNamespace }` and per-message `sequenceNumberArray`,
 * `enqueuedTimeUtcArray`, `offsetArray`.
 */
export interface EventHubsPartition {
  eventHubName?: string;
  consumerGroup?: string;
  partitionId?: string;
  namespace?: string;
}

export interface EventHubsMessageMeta {
  sequenceNumber?: string;
  enqueuedTime?: number;
  offset?: string;
}

function field(source: unknown, name: string): unknown {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return undefined;
  return (source as Record<string, unknown>)[name] ?? (source as Record<string, unknown>)[name.charAt(0).toUpperCase() + name.slice(1)];
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
  return undefined;
}

export function readPartition(triggerMetadata: Record<string, unknown> | undefined): EventHubsPartition {
  const context = field(triggerMetadata, 'partitionContext');
  const out: EventHubsPartition = {};
  const eventHubName = scalarText(field(context, 'eventHubName'));
  const consumerGroup = scalarText(field(context, 'consumerGroup'));
  const partitionId = scalarText(field(context, 'partitionId'));
  const namespace = scalarText(field(context, 'fullyQualifiedNamespace'));
  if (eventHubName !== undefined) out.eventHubName = eventHubName;
  if (consumerGroup !== undefined) out.consumerGroup = consumerGroup;
  if (partitionId !== undefined) out.partitionId = partitionId;
  if (namespace !== undefined) out.namespace = namespace;
  return out;
}

export function readMessageMeta(triggerMetadata: Record<string, unknown> | undefined, index: number): EventHubsMessageMeta {
  const at = (name: string): unknown => {
    const list = field(triggerMetadata, name);
    return Array.isArray(list) ? list[index] : undefined;
  };
  const out: EventHubsMessageMeta = {};
  const sequenceNumber = scalarText(at('sequenceNumberArray'));
  const enqueuedTime = parseUtcTime(at('enqueuedTimeUtcArray'));
  const offset = scalarText(at('offsetArray'));
  if (sequenceNumber !== undefined) out.sequenceNumber = sequenceNumber;
  if (enqueuedTime !== undefined) out.enqueuedTime = enqueuedTime;
  if (offset !== undefined) out.offset = offset;
  return out;
}

/**
 * The parser's hint from the hub name diagnostic settings export to by default
 * (`insights-activity-logs`, `insights-logs-<category>`: azurefirewall, signinlogs, …).
 */
export function eventHubsSourceTypeHint(eventHubName: string | undefined): string | undefined {
  if (eventHubName === undefined) return undefined;
  const name = eventHubName.toLowerCase();
  if (name.includes('activity-log') || name === 'insights-operational-logs') return 'activity';
  if (name.includes('firewall')) return 'firewall';
  if (name.includes('signinlogs')) return 'signin';
  return undefined;
}
