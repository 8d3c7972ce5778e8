import { buildEvent, failed, flatten, mentionsKeys, parsed, recordObject, str, type LogType } from '../module-kit.js';
import { s3Service } from './aws-logs-key.js';

export const cloudtrail_digest: LogType = {
  type: 'cloudtrail_digest',
  cloud: 'aws',
  title: 'CloudTrail digest file (log file integrity)',
  delivery: [{ trigger: 's3', pattern: 'AWSLogs/<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/…_CloudTrail-Digest_…json.gz' }],
  recognisedBy: 'S3 key `CloudTrail-Digest/`, else JSON with `digestStartTime` + `digestEndTime` + `logFiles`',
  fields: ['awsAccountId', 'digestStartTime', 'digestEndTime', 'digestS3Bucket', 'digestS3Object', 'digestSignatureAlgorithm', 'newestEventTime', 'oldestEventTime', 'previousDigestHashValue', 'log_file_count'],
  commonFields: [],
  context: (ctx) => (s3Service(ctx) === 'cloudtrail-digest' ? 'owns' : 'no'),
  matches: (record) => mentionsKeys(record, ['digestStartTime', 'digestEndTime']),
  parse(record) {
    const object = recordObject(record);
    if (!object.ok) return failed(`cloudtrail_digest: ${object.reason}`);
    const v = object.value;
    if (typeof v.digestEndTime !== 'string') return failed('cloudtrail_digest: field digestEndTime is missing');
    const { logFiles, ...rest } = v;
    return parsed('cloudtrail_digest', { ...flatten(rest), log_file_count: Array.isArray(logFiles) ? logFiles.length : 0, log_files: Array.isArray(logFiles) ? JSON.stringify(logFiles).slice(0, 8192) : undefined }, v.digestEndTime);
  },
  normalize(p, ctx) {
    const f = p.fields;
    const account = str(f.awsAccountId);
    return buildEvent('cloudtrail_digest', p, ctx, {
      severity: 'INFO',
      title: `CloudTrail digest ${str(f.digestStartTime) ?? '?'} – ${str(f.digestEndTime) ?? '?'}: ${String(f.log_file_count ?? 0)} log files`,
      resource: { cloud: 'aws', account, region: str(f.digestS3Object)?.split('/')[3], service: 'cloudtrail', name: str(f.digestS3Bucket), id: str(f.digestS3Object) },
      asset: str(f.digestS3Bucket),
      attributes: { ...f },
    });
  },
};
