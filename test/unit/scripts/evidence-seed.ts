/**
 * Events in the lake for the evidence tests (CLI, HTTP entries): written through the pipeline's
 * pull path, so they land in raw/ exactly as ingested events do.
 */
import { persistEvents } from '../../../shared/pipeline/index.js';
import type { PipelineDeps } from '../../../shared/pipeline/types.js';
import type { BronzeEventDraft, Source } from '../../../shared/schema/index.js';
import { sampleEvent } from '../../helpers/events.js';

/** The handler runtime's clock (test/unit/aws-lambda/handler-runtime.ts): `since=1h` covers 11:00–12:00. */
export const NOW = '2026-11-25T12:00:00.000Z';

export function draft(i: number, over: Partial<BronzeEventDraft> = {}): BronzeEventDraft {
  const { redactions: _redactions, ...event } = sampleEvent({
    event_id: `ev-${i}`,
    timestamp: new Date(Date.parse('2026-11-25T11:00:00.000Z') + i * 60_000).toISOString(),
    asset: i % 2 === 0 ? 'app-1' : 'app-2',
    raw_data: `event ${i}`,
    ...over,
  });
  return event;
}

/**
 * 20 CloudWatch events, one a minute from 11:00 (even ones app-1), one Pub/Sub event at 11:30
 * (app-1) and one CloudWatch event the day before (outside any 1h window).
 */
export async function seedLake(deps: PipelineDeps): Promise<void> {
  const drafts = Array.from({ length: 20 }, (_, i) => draft(i));
  await persistEvents(drafts, { source: 'aws.cloudwatch', identity: 'seed-cw' }, deps);
  await persistEvents([draft(100, { source: 'gcp.pubsub' as Source, timestamp: '2026-11-25T11:30:00.000Z', asset: 'app-1' })], { source: 'gcp.pubsub', identity: 'seed-ps' }, deps);
  await persistEvents([draft(200, { timestamp: '2026-11-24T11:30:00.000Z' })], { source: 'aws.cloudwatch', identity: 'seed-old' }, deps);
}
