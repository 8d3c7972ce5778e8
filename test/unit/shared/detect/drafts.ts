import type { BronzeEventDraft } from '../../../../shared/schema/index.js';

/** A normalized (not yet redacted) event, as the detector sees it in the stream. */
export function draft(over: Partial<BronzeEventDraft> & { attributes?: Record<string, unknown> } = {}): BronzeEventDraft {
  return {
    schema_version: '1.0',
    event_id: over.event_id ?? 'evt-1',
    source: 'aws.cloudwatch',
    source_type: 'cloudtrail',
    timestamp: '2026-11-21T09:14:31.000Z',
    ingested_at: '2026-11-21T09:15:00.000Z',
    severity: 'INFO',
    title: 'test event',
    resource: { cloud: 'aws' },
    attributes: {},
    raw_data: {},
    ...over,
  };
}

/** A CloudTrail record as the trail delivers it (field names from the CloudTrail record reference). */
export function cloudTrailRaw(eventName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    eventSource: eventName === 'ConsoleLogin' ? 'signin.amazonaws.com' : eventName.includes('Logging') || eventName.includes('Trail') ? 'cloudtrail.amazonaws.com' : 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userIdentity: { type: 'IAMUser', userName: 'dev-alice', arn: 'arn:aws:iam::111122223333:user/dev-alice' },
    ...extra,
  };
}
