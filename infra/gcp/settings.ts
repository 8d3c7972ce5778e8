import * as z from 'zod';

const iamMember = z
  .string()
  .regex(/^(user|group|serviceAccount|domain|principal|principalSet):\S+$/, 'must be an IAM member (user:…, group:…, serviceAccount:…)')
  .refine((m) => !/^(allUsers|allAuthenticatedUsers)$/.test(m), 'the HTTP endpoints (evidence, HTTP ingest) are never public');

const functionSize = z.strictObject({
  memory_mb: z.number().int().min(128).max(32768).optional(),
  timeout_s: z.number().int().min(1).max(3600).optional(),
});

/** The `gcp:` section of bridge.yaml, as the CDKTF stack reads it. */
export const GcpSettingsSchema = z
  .strictObject({
    /** Default: the provider's (GOOGLE_PROJECT / gcloud config). */
    project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a project id').optional(),
    region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'must be a region such as europe-west1').default('europe-west1'),
    /** Names the service accounts (`<prefix>-ingest`, `<prefix>-ingest-t`, …), custom roles, topics, functions and buckets. */
    name_prefix: z.string().regex(/^[a-z][a-z0-9-]{2,18}[a-z0-9]$/, 'must be 4–20 lowercase letters, digits and dashes').default('telemetry-bridge'),
    /** Globally unique; default `<prefix>-<project id>`. */
    bucket_name: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/).optional(),
    /** Which log entries the Cloud Logging sink sends to the topic. */
    log_sink_filter: z.string().min(1).default('logName:"cloudaudit.googleapis.com"'),
    /** Cloud Scheduler cron (five fields) for the scheduled collector. */
    collect_schedule: z.string().regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron expression').default('*/15 * * * *'),
    time_zone: z.string().min(1).default('Etc/UTC'),
    memory_mb: z.number().int().min(128).max(32768).default(512),
    /** Event-driven functions allow at most 540 s. */
    timeout_s: z.number().int().min(1).max(540).default(300),
    functions: z.strictObject({ ingest_pubsub: functionSize.optional(), scheduled_collect: functionSize.optional(), evidence_http: functionSize.optional(), http_ingest: functionSize.optional() }).default({}),
    max_instances: z.number().int().min(1).max(1000).default(10),
    /** Deliveries before a message moves to the dead-letter topic (Pub/Sub allows 5–100). */
    max_delivery_attempts: z.number().int().min(5).max(100).default(5),
    /**
     * Eventarc creates the trigger's subscription itself, so Terraform cannot set its dead-letter
     * policy; with this on, a local-exec step (gcloud) attaches it right after the function is created.
     */
    attach_dead_letter_with_gcloud: z.boolean().default(true),
    /** Who may call the evidence endpoint (roles/run.invoker); it always requires authentication. */
    evidence_invokers: z.array(iamMember).default([]),
    /** Read by the handlers at run time (the stack sets it per function from timeout_s); accepted here so one bridge.yaml serves both. */
    function_timeout_ms: z.number().int().positive().optional(),
    /** Who may call the HTTP ingest endpoint (roles/run.invoker: the edge agents' service accounts); it always requires authentication. */
    http_ingest_invokers: z.array(iamMember).default([]),
    /** Instances of the evidence function at most: the per-caller rate limit is kept per instance. */
    evidence_max_instances: z.number().int().min(1).max(100).default(2),
    /** Existing Secret Manager secrets (ids in the project) the scheduled collector may read: connector credentials. */
    connector_secret_names: z.array(z.string().regex(/^[\w-]{1,255}$/, 'must be a Secret Manager secret id')).default([]),
    /** Write-once evidence: a separate bucket with a locked retention policy for the evidence retention. */
    evidence_retention_lock: z.boolean().default(false),
    enable_apis: z.boolean().default(true),
    /** Extra environment for every function, e.g. BRIDGE__PIPELINE__GZIP_LEVEL. No secrets: use *_SECRET_REF. */
    environment: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'), z.string()).default({}),
  })
  // Only the HTTP function may run past 540 s.
  .superRefine((s, ctx) => {
    for (const key of ['ingest_pubsub', 'scheduled_collect'] as const) {
      const t = s.functions[key]?.timeout_s;
      if (t !== undefined && t > 540) ctx.addIssue({ code: 'custom', path: ['functions', key, 'timeout_s'], message: 'event-driven functions allow at most 540 s' });
    }
  });

export type GcpSettings = z.output<typeof GcpSettingsSchema>;

export const GCP_FUNCTIONS = ['ingestPubSub', 'scheduledCollect', 'evidenceHttp', 'httpIngest'] as const;
export type GcpFunctionName = (typeof GCP_FUNCTIONS)[number];

const SETTINGS_KEY: Record<GcpFunctionName, keyof GcpSettings['functions']> = {
  ingestPubSub: 'ingest_pubsub',
  scheduledCollect: 'scheduled_collect',
  evidenceHttp: 'evidence_http',
  httpIngest: 'http_ingest',
};

export function gcpFunctionSize(s: GcpSettings, name: GcpFunctionName): { memoryMb: number; timeoutS: number } {
  const o = s.functions[SETTINGS_KEY[name]] ?? {};
  return { memoryMb: o.memory_mb ?? s.memory_mb, timeoutS: o.timeout_s ?? s.timeout_s };
}
