import { at, buildEvent, failed, httpStatusSeverity, int, isPlainObject, levelSeverity, maxSeverity, parsed, recordObject, str, type JsonObject, type LogType, type RawRecord } from '../module-kit.js';
import { entryFields, entryLogId, entryOf, entryResourceType, entryTime, gcpResource, pubsubContext, resourceLabels } from './log-entry.js';
import { httpCommon, httpRequestFields, httpTitle } from './http-request.js';

/** gen1 execution lines: `Function execution took 123 ms, finished with status code: 200` / `… with status: 'ok'`. */
const EXECUTION = /^Function execution took (\d{1,9}) ms,? finished with status(?: code)?: '?([\w-]{1,32})'?/;

function managedByFunctions(e: JsonObject | undefined): boolean {
  return str(at(e, 'labels', 'goog-managed-by')) === 'cloudfunctions' || str(at(e, 'resource', 'labels', 'goog-managed-by')) === 'cloudfunctions';
}

function isFunctionsEntry(record: RawRecord): boolean {
  const type = entryResourceType(record);
  return type === 'cloud_function' || (type === 'cloud_run_revision' && managedByFunctions(entryOf(record)));
}

function requestOrExecution(type: string, e: JsonObject): Record<string, unknown> | undefined {
  const r = e.httpRequest;
  if (isPlainObject(r)) return { ...httpRequestFields(r), record_kind: 'request' };
  const text = str(e.textPayload);
  const m = text === undefined ? null : EXECUTION.exec(text);
  if (m) {
    const status = int(m[2]);
    return { record_kind: 'execution', latency_ms: Number(m[1]), status: status !== undefined && status >= 100 && status <= 599 ? status : undefined, execution_status: m[2], message: text };
  }
  return text === undefined && type === 'cloud_run' ? undefined : { record_kind: 'log', message: text ?? str(at(e, 'jsonPayload', 'message')) };
}

function serverlessSeverity(f: Readonly<Record<string, unknown>>) {
  const gcp = levelSeverity(f.gcp_severity);
  return maxSeverity(httpStatusSeverity(int(f.status)), f.record_kind === 'log' && (gcp === 'HIGH' || gcp === 'CRITICAL') ? gcp : undefined, str(f.execution_status) === 'crash' || str(f.execution_status) === 'timeout' ? 'HIGH' : undefined);
}

/** Cloud Run request logs (`run.googleapis.com/requests`): one entry per request to a revision. 5xx → HIGH. */
export const cloudRun: LogType = {
  type: 'cloud_run',
  cloud: 'gcp',
  title: 'GCP Cloud Run request log',
  delivery: [{ trigger: 'pubsub', pattern: 'LogEntry log id `run.googleapis.com/requests`, resource.type `cloud_run_revision`' }],
  recognisedBy: 'LogEntry log id `run.googleapis.com/requests` (resource.type `cloud_run_revision`, not managed by Cloud Functions)',
  fields: ['service_name', 'revision_name', 'http_method', 'url', 'status', 'latency_ms', 'remote_ip', 'protocol', 'instance_id'],
  commonFields: ['http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'source.ip', 'destination.ip', 'latency_ms', 'cloud.region'],
  context: pubsubContext,
  matches: (record) => entryLogId(record) === 'run.googleapis.com/requests' && !managedByFunctions(entryOf(record)),
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`cloud_run: ${json.reason}`);
    const e = json.value;
    const body = requestOrExecution('cloud_run', e);
    if (body === undefined) return failed('cloud_run: httpRequest is required');
    const labels = resourceLabels(e);
    return parsed(
      'cloud_run',
      { ...entryFields(e), ...body, service_name: str(labels.service_name), revision_name: str(labels.revision_name), configuration_name: str(labels.configuration_name), instance_id: str(at(e, 'labels', 'instanceId')) },
      entryTime(e),
    );
  },
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const project = str(f.project_id);
    const service = str(f.service_name);
    const location = str(f.location);
    const asset = project && service && location ? `//run.googleapis.com/projects/${project}/locations/${location}/services/${service}` : undefined;
    return buildEvent('cloud_run', parsedRecord, ctx, {
      severity: serverlessSeverity(f),
      title: `Cloud Run ${service ?? ''} ${httpTitle(f)}`,
      resource: gcpResource(f, 'run.googleapis.com', service, asset),
      asset,
      attributes: [f, httpCommon(f), (location === undefined || location === 'global' ? {} : { 'cloud.region': location })],
    });
  },
};

/**
 * Cloud Functions: request logs (`httpRequest`), gen1 execution lines (`Function execution took N ms,
 * finished with status code: S`) and the function's own log lines, resource.type `cloud_function`
 * (gen2 request logs: `cloud_run_revision` labelled `goog-managed-by: cloudfunctions`).
 */
export const cloudFunctions: LogType = {
  type: 'cloud_functions',
  cloud: 'gcp',
  title: 'GCP Cloud Functions request / execution log',
  delivery: [{ trigger: 'pubsub', pattern: 'LogEntry resource.type `cloud_function` (log id `cloudfunctions.googleapis.com/cloud-functions`), or gen2 `run.googleapis.com/requests` managed by cloudfunctions' }],
  recognisedBy: 'resource.type `cloud_function`, or `cloud_run_revision` with label goog-managed-by=cloudfunctions',
  fields: ['function_name', 'record_kind', 'http_method', 'status', 'latency_ms', 'execution_status', 'execution_id', 'message'],
  commonFields: ['http.request.method', 'http.response.status_code', 'url.path', 'url.domain', 'user_agent.original', 'source.ip', 'destination.ip', 'latency_ms', 'cloud.region'],
  context: pubsubContext,
  matches: (record) => isFunctionsEntry(record),
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`cloud_functions: ${json.reason}`);
    const e = json.value;
    const body = requestOrExecution('cloud_functions', e)!;
    const labels = resourceLabels(e);
    return parsed(
      'cloud_functions',
      { ...entryFields(e), ...body, function_name: str(labels.function_name) ?? str(labels.service_name), execution_id: str(at(e, 'labels', 'execution_id')) ?? str(at(e, 'labels', 'executionId')) },
      entryTime(e),
    );
  },
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const project = str(f.project_id);
    const fn = str(f.function_name);
    const location = str(f.location);
    const asset = project && fn && location ? `//cloudfunctions.googleapis.com/projects/${project}/locations/${location}/functions/${fn}` : undefined;
    const what = f.record_kind === 'request' ? httpTitle(f) : f.record_kind === 'execution' ? `execution ${str(f.execution_status) ?? ''} (${String(f.latency_ms)} ms)` : (str(f.message) ?? 'log entry');
    return buildEvent('cloud_functions', parsedRecord, ctx, {
      severity: serverlessSeverity(f),
      title: `Cloud Function ${fn ?? ''} ${what}`,
      resource: gcpResource(f, 'cloudfunctions.googleapis.com', fn, asset),
      asset,
      attributes: [f, httpCommon(f), (location === undefined || location === 'global' ? {} : { 'cloud.region': location })],
    });
  },
};
