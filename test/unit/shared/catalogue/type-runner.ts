import type { DeliveryContext, LogType } from '../../../../shared/catalogue/types.js';
import type { RawRecord } from '../../../../shared/decode/types.js';
import type { BronzeEventDraft, Source } from '../../../../shared/schema/index.js';
import { deepFreeze } from '../parse/fixtures.js';

export const INGESTED_AT = '2030-01-01T00:00:00.000Z';
const SOURCE: Readonly<Record<string, Source>> = { azure: 'azure.eventhub', gcp: 'gcp.pubsub', aws: 'aws.cloudwatch', any: 'aws.cloudwatch' };
const TRIGGER: Readonly<Record<string, DeliveryContext['trigger']>> = { azure: 'eventhub', gcp: 'pubsub', aws: 'cloudwatch', any: 'cloudwatch' };

export function contextFor(type: LogType, extra: Partial<DeliveryContext> = {}): DeliveryContext {
  return { trigger: TRIGGER[type.cloud]!, ...extra };
}

/** One record through one log type (parse, then normalize every part), on deep-frozen input. */
export function runType(type: LogType, record: RawRecord, ctx: DeliveryContext = contextFor(type)): BronzeEventDraft[] {
  const frozen = deepFreeze(record);
  const parsed = type.parse(frozen, ctx);
  if (!parsed.ok) throw new Error(`parse failed: ${parsed.reason}`);
  const parts = parsed.parsed.parts?.map((p, i) => ({ parsed: { sourceType: p.sourceType, fields: p.fields, time: p.time }, record: { ...frozen, path: `${frozen.path}#${i}`, value: p.raw, text: undefined } })) ?? [{ parsed: parsed.parsed, record: frozen }];
  return parts.map(({ parsed: one, record: r }) => {
    const result = type.normalize(deepFreeze(one), { source: SOURCE[type.cloud]!, ingestedAt: INGESTED_AT, record: r });
    if (!result.ok) throw new Error(`normalize failed: ${result.reason}`);
    return result.event;
  });
}

/** The single event one record makes. */
export function runOne(type: LogType, record: RawRecord, ctx?: DeliveryContext): BronzeEventDraft {
  const events = runType(type, record, ctx);
  if (events.length !== 1) throw new Error(`expected one event, got ${events.length}`);
  return events[0]!;
}
