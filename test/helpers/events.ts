import type { BronzeEvent } from '../../shared/schema/index.js';

/** A valid BronzeEvent; override any field. */
export function sampleEvent(over: Partial<BronzeEvent> = {}): BronzeEvent {
  return {
    schema_version: '1.0',
    event_id: 'aws.cloudwatch:1',
    source: 'aws.cloudwatch',
    source_type: 'vpcflow',
    timestamp: '2026-11-24T10:00:00.000Z',
    ingested_at: '2026-11-25T10:00:00.000Z',
    severity: 'LOW',
    title: 'REJECT tcp',
    attributes: { action: 'REJECT', bytes: 10 },
    raw_data: '2 123 eni-1 …',
    ...over,
  };
}
