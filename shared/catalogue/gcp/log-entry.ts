import type { Resource } from '../../schema/index.js';
import { at, isPlainObject, logIdOf, str, upper, type DeliveryContext, type JsonObject, type RawRecord } from '../module-kit.js';

/**
 * What every Cloud Logging LogEntry shares (`logName`, `resource { type, labels }`, `timestamp`,
 * `severity`, `insertId`, `trace`), as a Pub/Sub log sink delivers it: one LogEntry per message.
 */

export { logIdOf };

/** `projects/p/logs/…` → `p` (organizations/folders/billing accounts have no project). */
export function projectOf(logName: unknown): string | undefined {
  return typeof logName === 'string' ? /^projects\/([^/]+)\/logs\//.exec(logName)?.[1] : undefined;
}

/** The LogEntry of a record (the wire's object; Pub/Sub records always carry one). */
export function entryOf(record: RawRecord): JsonObject | undefined {
  return isPlainObject(record.value) ? record.value : undefined;
}

/** Cheap key reads for `matches` (no parse: Pub/Sub records arrive as objects). */
export function entryLogId(record: RawRecord): string | undefined {
  const entry = entryOf(record);
  return entry === undefined ? undefined : logIdOf(entry.logName);
}

export function entryResourceType(record: RawRecord): string | undefined {
  return str(at(entryOf(record), 'resource', 'type'));
}

/** GCP types are candidates for every Pub/Sub delivery; the record's log id / resource type decides. */
export function pubsubContext(ctx: DeliveryContext): 'maybe' | 'no' {
  return ctx.trigger === 'pubsub' ? 'maybe' : 'no';
}

/** The LogEntry envelope fields every GCP type keeps. */
export function entryFields(e: JsonObject): Record<string, unknown> {
  const labels = at(e, 'resource', 'labels');
  return {
    log_name: str(e.logName),
    log_id: logIdOf(e.logName),
    resource_type: str(at(e, 'resource', 'type')),
    project_id: str(at(labels, 'project_id')) ?? projectOf(e.logName),
    location: str(at(labels, 'location')) ?? str(at(labels, 'region')) ?? str(at(labels, 'zone')),
    gcp_severity: upper(e.severity),
    insert_id: str(e.insertId),
    trace: str(e.trace),
  };
}

/** The record's own time: `timestamp`, else `receiveTimestamp`. */
export function entryTime(e: JsonObject): unknown {
  return e.timestamp ?? e.receiveTimestamp;
}

/** A GCP resource; `location` 'global' is no region. */
export function gcpResource(f: Readonly<Record<string, unknown>>, service: string, name?: string, id?: string): Resource {
  const location = str(f.location);
  return { cloud: 'gcp', account: str(f.project_id), region: location === 'global' ? undefined : location, service, name, id };
}

/** `resource.labels` of the entry (an empty object when absent). */
export function resourceLabels(e: JsonObject): Readonly<Record<string, unknown>> {
  const labels = at(e, 'resource', 'labels');
  return isPlainObject(labels) ? labels : {};
}
