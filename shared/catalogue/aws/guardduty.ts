import type { Severity } from '../../schema/index.js';
import { at, buildEvent, commonFields, failed, flatten, mentionsKeys, num, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { logGroupOf, s3Service } from './aws-logs-key.js';
import { envelopeAttributes, eventBridgeEnvelope } from './eventbridge.js';

/** GuardDuty's bands: 9.0–10 critical, 7.0–8.9 high, 4.0–6.9 medium, 1.0–3.9 low. */
export function guardDutySeverity(score: number | undefined): Severity {
  if (score === undefined) return 'MEDIUM';
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score >= 1) return 'LOW';
  return 'INFO';
}

function isFinding(value: unknown): boolean {
  return typeof at(value, 'type') === 'string' && at(value, 'severity') !== undefined && typeof at(value, 'arn') === 'string' && (at(value, 'arn') as string).includes(':guardduty:');
}

export const guardduty: LogType = {
  type: 'guardduty',
  cloud: 'aws',
  title: 'GuardDuty finding (export or EventBridge)',
  delivery: [
    { trigger: 's3', pattern: 'AWSLogs/<acct>/GuardDuty/<region>/YYYY/MM/DD/<uuid>.jsonl.gz (findings export)' },
    { trigger: 'cloudwatch', pattern: 'EventBridge rule target log group, e.g. `/aws/events/guardduty` (detail-type `GuardDuty Finding`)' },
  ],
  recognisedBy: 'S3 key `GuardDuty/`, EventBridge `detail-type: GuardDuty Finding`, else JSON with `schemaVersion` + `type` + `severity` and a GuardDuty finding ARN',
  fields: ['id', 'arn', 'type', 'severity', 'title', 'description', 'accountId', 'region', 'createdAt', 'updatedAt', 'resource.resourceType', 'service.action.actionType', 'service.count'],
  commonFields: ['finding.type', 'finding.severity', 'finding.severity_score', 'source.ip', 'user.name', 'event.action', 'cloud.region'],
  recordKeys: ['detail:guardduty finding'],
  context: (ctx) => (s3Service(ctx) === 'guardduty' || logGroupOf(ctx).includes('guardduty') ? 'maybe' : 'no'),
  matches: (record) => mentionsKeys(record, ['schemaVersion', 'severity', 'type', 'arn']) && (record.value === undefined ? (record.text ?? '').includes(':guardduty:') : isFinding(record.value)),
  parse(record) {
    const object = recordObject(record);
    if (!object.ok) return failed(`guardduty: ${object.reason}`);
    const envelope = eventBridgeEnvelope(object.value);
    const finding = envelope?.detail ?? object.value;
    if (typeof finding.type !== 'string') return failed('guardduty: field type is missing');
    const score = num(finding.severity);
    if (score === undefined) return failed('guardduty: field severity is not a number');
    const time = finding.updatedAt ?? finding.createdAt ?? envelope?.time;
    const action = at(finding, 'service', 'action');
    const remoteIp = ['networkConnectionAction', 'awsApiCallAction', 'kubernetesApiCallAction', 'rdsLoginAttemptAction']
      .map((kind) => str(at(action, kind, 'remoteIpDetails', 'ipAddressV4')))
      .find((ip) => ip !== undefined);
    return parsed('guardduty', { ...flatten(finding), ...envelopeAttributes(envelope), remote_ip: remoteIp }, time);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const score = num(f.severity);
    const severity = guardDutySeverity(score);
    const resourceType = str(f['resource.resourceType']);
    const instance = str(f['resource.instanceDetails.instanceId']);
    return buildEvent('guardduty', p, ctx, {
      severity,
      title: `GuardDuty ${str(f.type) ?? 'finding'}: ${str(f.title) ?? ''}`.trim(),
      description: str(f.description),
      resource: { cloud: 'aws', account: str(f.accountId), region: str(f.region), service: 'guardduty', name: instance ?? resourceType, id: str(f.arn) },
      asset: instance ?? str(f['resource.accessKeyDetails.userName']) ?? resourceType,
      attributes: [f, commonFields({
          'finding.type': f.type,
          'finding.severity': severity,
          'finding.severity_score': score,
          'source.ip': f.remote_ip,
          'user.name': f['resource.accessKeyDetails.userName'],
          'event.action': f['service.action.actionType'],
          'cloud.region': f.region,
        })],
    });
  },
};
