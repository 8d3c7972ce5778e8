import * as z from 'zod';
import { SOURCES } from './bronze-event.js';

export const QUARANTINE_STAGES = ['decode', 'parse', 'normalize', 'redact', 'validate'] as const;
export type QuarantineStage = (typeof QUARANTINE_STAGES)[number];

/** A record that could not become an event: kept with its reason, its text redacted. */
export const QuarantineRecordV1 = z.object({
  schema_version: z.literal('1.0'),
  batch_key: z.string(),
  source: z.enum(SOURCES),
  /** Where in the delivery the record sat, e.g. `logEvents[17].message`. */
  path: z.string(),
  stage: z.enum(QUARANTINE_STAGES),
  reason: z.string(),
  quarantined_at: z.string(),
  /** The original text after the redaction detectors ran, truncated. */
  raw_text: z.string(),
  truncated: z.boolean(),
  redactions: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type QuarantineRecord = z.infer<typeof QuarantineRecordV1>;
