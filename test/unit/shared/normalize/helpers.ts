import type { RawRecord } from '../../../../shared/decode/types.js';
import { normalizeRecord } from '../../../../shared/normalize/index.js';
import type { NormalizeContext } from '../../../../shared/normalize/types.js';
import { parserFor } from '../../../../shared/parse/index.js';
import type { BronzeEventDraft, Source } from '../../../../shared/schema/index.js';
import { deepFreeze, fixtureRecords, type Carrier } from '../parse/fixtures.js';

/** The pipeline's clock reading for these tests: a day after the fixtures' own times. */
export const INGESTED_AT = '2024-06-02T12:00:00.000Z';

export const SOURCE_OF: Readonly<Record<string, Source>> = {
  lambda: 'aws.cloudwatch',
  apigateway: 'aws.cloudwatch',
  cloudtrail: 'aws.s3',
  waf: 'aws.s3',
  generic: 'aws.cloudwatch',
};

export function ctxFor(record: RawRecord, source: Source = 'aws.cloudwatch', ingestedAt = INGESTED_AT): NormalizeContext {
  return { source, ingestedAt, record };
}

/** Parses a record with the named parser and normalizes it, both on deep-frozen input. */
export function normalizeWith(sourceType: string, record: RawRecord, source: Source = SOURCE_OF[sourceType] ?? 'aws.cloudwatch'): BronzeEventDraft {
  const frozen = deepFreeze(record);
  const parsed = parserFor(sourceType)!.parse(frozen);
  if (!parsed.ok) throw new Error(`parse failed: ${parsed.reason}`);
  const result = normalizeRecord(deepFreeze(parsed.parsed), ctxFor(frozen, source));
  if (!result.ok) throw new Error(`normalize failed: ${result.reason}`);
  return result.event;
}

/** Every record of a fixture file, normalized. */
export function normalizeFixture(sourceType: string, variant: string, options: { carrier?: Carrier; meta?: Record<string, string> } = {}): BronzeEventDraft[] {
  return fixtureRecords(sourceType, variant, options).map((record) => normalizeWith(sourceType, record));
}
