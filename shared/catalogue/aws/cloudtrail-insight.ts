import { at, buildEvent, commonFields, failed, flatten, mentionsKeys, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { s3Service } from './aws-logs-key.js';

export const cloudtrail_insight: LogType = {
  type: 'cloudtrail_insight',
  cloud: 'aws',
  title: 'CloudTrail Insights event',
  delivery: [
    { trigger: 's3', pattern: 'AWSLogs/<acct>/CloudTrail-Insight/<region>/YYYY/MM/DD/…json.gz' },
    { trigger: 'cloudwatch', pattern: 'the trail\'s log group (eventType `AwsCloudTrailInsight`)' },
  ],
  recognisedBy: 'S3 key `CloudTrail-Insight/`, else `eventType: AwsCloudTrailInsight`',
  fields: ['eventVersion', 'eventTime', 'awsRegion', 'eventID', 'eventType', 'eventCategory', 'sharedEventID', 'recipientAccountId', 'insightDetails.state', 'insightDetails.eventSource', 'insightDetails.eventName', 'insightDetails.insightType'],
  commonFields: ['event.action', 'cloud.region'],
  context: (ctx) => (s3Service(ctx) === 'cloudtrail-insight' ? 'owns' : 'no'),
  matches(record) {
    if (!mentionsKeys(record, ['eventType', 'insightDetails'])) return false;
    return record.value !== undefined ? at(record.value, 'eventType') === 'AwsCloudTrailInsight' : (record.text ?? '').includes('AwsCloudTrailInsight');
  },
  parse(record) {
    const object = recordObject(record);
    if (!object.ok) return failed(`cloudtrail_insight: ${object.reason}`);
    const v = object.value;
    if (typeof v.eventTime !== 'string') return failed('cloudtrail_insight: field eventTime is missing');
    return parsed('cloudtrail_insight', flatten(v), v.eventTime);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const state = str(f['insightDetails.state']);
    const name = str(f['insightDetails.eventName']);
    return buildEvent('cloudtrail_insight', p, ctx, {
      severity: state === 'Start' ? 'MEDIUM' : 'LOW',
      title: `CloudTrail Insight ${str(f['insightDetails.insightType']) ?? ''} ${state ?? ''}: ${str(f['insightDetails.eventSource']) ?? '?'} ${name ?? '?'}`.replace(/\s+/g, ' '),
      resource: { cloud: 'aws', account: str(f.recipientAccountId), region: str(f.awsRegion), service: str(f['insightDetails.eventSource'])?.split('.')[0] },
      attributes: [f, commonFields({ 'event.action': name, 'cloud.region': f.awsRegion })],
    });
  },
};
