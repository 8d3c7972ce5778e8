import { buildEvent, commonFields, failed, flatten, mentionsKeys, parsed, parseArn, recordObject, str, type LogType } from '../module-kit.js';
import { logGroupOf } from './aws-logs-key.js';

const FAILED = /(Failed|TimedOut|Aborted)$/;

export const stepfunctions: LogType = {
  type: 'stepfunctions',
  cloud: 'aws',
  title: 'Step Functions execution history log',
  delivery: [{ trigger: 'cloudwatch', pattern: 'log group `/aws/vendedlogs/states/<state machine>-Logs` (any group the state machine logs to)' }],
  recognisedBy: 'log group `/aws/vendedlogs/states/…`, else JSON with `execution_arn` + `event_timestamp` + `type`',
  fields: ['id', 'type', 'previous_event_id', 'event_timestamp', 'execution_arn', 'details.input', 'details.output', 'details.error', 'details.cause', 'details.roleArn', 'redrive_count'],
  commonFields: ['event.action', 'event.outcome', 'cloud.region'],
  context: (ctx) => (logGroupOf(ctx).startsWith('/aws/vendedlogs/states/') ? 'owns' : 'no'),
  matches: (record) => mentionsKeys(record, ['execution_arn', 'event_timestamp', 'type']),
  parse(record) {
    const object = recordObject(record);
    if (!object.ok) return failed(`stepfunctions: ${object.reason}`);
    const v = object.value;
    if (v.event_timestamp === undefined) return failed('stepfunctions: field event_timestamp is missing');
    return parsed('stepfunctions', flatten(v), v.event_timestamp);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const kind = str(f.type);
    const arn = parseArn(f.execution_arn);
    const machine = arn?.resource.split(':')[1];
    const failedEvent = kind !== undefined && FAILED.test(kind);
    return buildEvent('stepfunctions', p, ctx, {
      severity: failedEvent ? 'HIGH' : 'INFO',
      title: `Step Functions ${machine ?? '?'}: ${kind ?? 'event'}${str(f['details.error']) ? ` ${str(f['details.error'])}` : ''}`,
      resource: { cloud: 'aws', account: arn?.account, region: arn?.region, service: 'states', name: machine, id: str(f.execution_arn) },
      asset: machine,
      attributes: [f, commonFields({
          'event.action': kind,
          'event.outcome': failedEvent ? 'failure' : kind?.endsWith('Succeeded') ? 'success' : undefined,
          'cloud.region': arn?.region,
        })],
    });
  },
};
