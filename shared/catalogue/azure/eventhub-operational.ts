import { buildEvent, commonFields, failed, flatten, isPlainObject, maxSeverity, parseJsonText, parsed, recordObject, str, usDateTime, type LogType } from '../module-kit.js';
import { azureResource, azureTime, resourceLogRouting } from './diagnostic.js';

const CATEGORIES = ['OperationalLogs'];

/** `EventProperties` is a JSON object sent as a string: read it (depth-guarded), keep the text when it is not JSON. */
function eventProperties(value: unknown): Record<string, unknown> {
  if (isPlainObject(value)) return flatten({ event_properties: value });
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return str(value) === undefined ? {} : { event_properties: value };
  const json = parseJsonText(value.trim());
  return json.ok && isPlainObject(json.value) ? flatten({ event_properties: json.value }) : { event_properties: value };
}

/**
 * Event Hubs (and Service Bus) operational logs: management operations on a namespace (create a
 * hub, retrieve consumer groups, …). Time = `EventTimeString` ("11/3/2020 9:06:42 AM +00:00").
 */
export const eventhubOperational: LogType = {
  type: 'eventhub_operational',
  cloud: 'azure',
  title: 'Azure Event Hubs / Service Bus operational log (OperationalLogs)',
  ...resourceLogRouting(CATEGORIES),
  recognisedBy: 'category `OperationalLogs` (hub `insights-logs-operationallogs`)',
  fields: ['event_name', 'status', 'caller', 'activity_id', 'region', 'scale_unit', 'event_properties.*'],
  commonFields: ['event.action', 'event.outcome', 'cloud.region'],
  parse(record) {
    const json = recordObject(record);
    if (!json.ok) return failed(`eventhub_operational: ${json.reason}`);
    const e = json.value;
    const eventName = str(e.EventName) ?? str(e.operationName);
    if (eventName === undefined) return failed('eventhub_operational: EventName is required');
    const timeText = str(e.EventTimeString);
    const time = azureTime(e) ?? (timeText === undefined ? undefined : (usDateTime(timeText) ?? timeText));
    return parsed(
      'eventhub_operational',
      {
        category: str(e.category),
        event_name: eventName,
        status: str(e.Status),
        caller: str(e.Caller),
        activity_id: str(e.ActivityId),
        environment: str(e.Environment),
        region: str(e.Region),
        scale_unit: str(e.ScaleUnit),
        subscription_id: str(e.SubscriptionId),
        event_time_string: timeText,
        resource_id: str(e.resourceId),
        ...eventProperties(e.EventProperties),
      },
      time,
    );
  },
  /** A failed operation → LOW. */
  normalize(parsedRecord, ctx) {
    const f = parsedRecord.fields;
    const status = str(f.status);
    const failure = status !== undefined && /fail|error/i.test(status);
    const { resource, rid } = azureResource(f.resource_id);
    return buildEvent('eventhub_operational', parsedRecord, ctx, {
      severity: maxSeverity(failure ? 'LOW' : undefined),
      title: `Event Hubs ${str(f.event_name) ?? 'operation'} on ${rid?.name ?? 'namespace'} ${status ?? ''}${str(f.caller) === undefined ? '' : ` (via ${str(f.caller)})`}`,
      resource: { ...resource, region: str(f.region) },
      asset: rid?.id,
      attributes: [f, commonFields({
          'event.action': f.event_name,
          'event.outcome': status === undefined ? undefined : failure ? 'failure' : /succe/i.test(status) ? 'success' : 'unknown',
          'cloud.region': f.region,
        })],
    });
  },
};
