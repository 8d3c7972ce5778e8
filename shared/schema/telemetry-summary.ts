import * as z from 'zod';
import { SEVERITIES, SOURCES } from './bronze-event.js';

/** seed 001 ops-telemetry: `{ alerts: [{rule, count}], latency_ms_p95 }` plus window and source. */
export const TelemetrySummaryV1 = z.object({
  schema_version: z.literal('1.0'),
  alerts: z.array(z.object({ rule: z.string().min(1), count: z.number().int().nonnegative() })),
  latency_ms_p95: z.number().nonnegative().nullable(),
  window: z.object({ start: z.string(), end: z.string() }),
  source: z.enum(SOURCES),
  batch_key: z.string(),
  event_count: z.number().int().nonnegative(),
  /** Sigma / threat-intel alerts raised on this batch in the stream (shared/detect), per rule. */
  detections: z.array(z.object({ rule_id: z.string(), rule: z.string(), severity: z.enum(SEVERITIES), count: z.number().int().positive() })).optional(),
});
export type TelemetrySummary = z.infer<typeof TelemetrySummaryV1>;
