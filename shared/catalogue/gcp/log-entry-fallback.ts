import { buildEvent, failed, flatten, isPlainObject, levelSeverity, oneLine, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { entryFields, entryLogId, entryOf, entryTime, gcpResource, pubsubContext } from './log-entry.js';

/**
 * Any other Cloud Logging LogEntry (a service the catalogue has no module for): typed `gcp_log`,
 * its payload flattened (bounded depth), its severity from the entry's.
 */
export const gcpLog: LogType = {
  type: 'gcp_log',
  cloud: 'gcp',
  title: 'Any other Cloud Logging LogEntry (payload flattened)',
  delivery: [{ trigger: 'pubsub', pattern: 'any LogEntry with `logName` and `resource` (a Pub/Sub log sink)' }],
  recognisedBy: 'a LogEntry (logName + resource) no other GCP type claims',
  fields: ['log_id', 'resource_type', 'project_id', 'gcp_severity', 'message', 'json_payload.*', 'proto_payload.*', 'labels.*', 'resource_labels.*'],
  commonFields: ['cloud.region'],
  context: pubsubContext,
  matches: (record) => entryLogId(record) !== undefined && isPlainObject(entryOf(record)?.resource),
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`gcp_log: ${json.reason}`);
    const e = json.value;
    const nested: Record<string, unknown> = {};
    if (isPlainObject(e.jsonPayload)) nested.json_payload = e.jsonPayload;
    if (isPlainObject(e.protoPayload)) nested.proto_payload = e.protoPayload;
    if (isPlainObject(e.labels)) nested.labels = e.labels;
    const resource = e.resource;
    if (isPlainObject(resource) && isPlainObject(resource.labels)) nested.resource_labels = resource.labels;
    return parsed('gcp_log', { ...entryFields(e), message: str(e.textPayload) ?? str((e.jsonPayload as Record<string, unknown> | undefined)?.message), ...flatten(nested) }, entryTime(e));
  },
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const message = str(f.message);
    return buildEvent('gcp_log', parsedRecord, ctx, {
      severity: levelSeverity(f.gcp_severity) ?? 'INFO',
      title: `${str(f.log_id) ?? 'log'}${message === undefined ? '' : `: ${oneLine(message, 200)}`}`,
      resource: gcpResource(f, str(f.resource_type) ?? 'logging.googleapis.com'),
      attributes: [f, (str(f.location) === undefined || f.location === 'global' ? {} : { 'cloud.region': f.location })],
    });
  },
};
