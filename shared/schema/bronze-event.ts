import * as z from 'zod';

export const SOURCES = [
  'aws.cloudwatch',
  'aws.s3',
  'azure.eventhub',
  'gcp.pubsub',
  'dynatrace',
  'splunk',
  'servicenow',
  'pagerduty',
  'github',
  'kubernetes',
  'postgres',
  'edge.http',
] as const;
export type Source = (typeof SOURCES)[number];

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** RFC 3339 UTC with milliseconds, as produced by `Date.prototype.toISOString()`. */
const utcTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be RFC 3339 UTC with milliseconds (YYYY-MM-DDTHH:mm:ss.sssZ)');

export const ResourceSchema = z.object({
  cloud: z.enum(['aws', 'azure', 'gcp', 'saas', 'onprem']).optional(),
  account: z.string().optional(),
  region: z.string().optional(),
  service: z.string().optional(),
  name: z.string().optional(),
  id: z.string().optional(),
});
export type Resource = z.infer<typeof ResourceSchema>;

export const BronzeEventV1 = z.object({
  schema_version: z.literal('1.0'),
  event_id: z.string().min(1).max(256),
  source: z.enum(SOURCES),
  source_type: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'),
  timestamp: utcTimestamp,
  ingested_at: utcTimestamp,
  severity: z.enum(SEVERITIES),
  title: z.string().min(1).max(1024),
  description: z.string().optional(),
  resource: ResourceSchema.optional(),
  asset: z.string().optional(),
  attributes: z.record(z.string(), z.unknown()),
  raw_data: z.unknown(),
  redactions: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type BronzeEvent = z.infer<typeof BronzeEventV1>;

/** What a normalizer produces: the event before redaction and validation. */
export type BronzeEventDraft = Omit<BronzeEvent, 'redactions'>;
