import * as z from 'zod';
import { isPostgresEntry, sqlTextIssues } from '../connectors/postgres/sql-guard.js';

const MiB = 1024 * 1024;

/** `*_secret_ref` values: `env:NAME`, `file:/path`, or a name in the cloud's secret manager. */
const secretRef = z.string().min(1).regex(/^[^\s]+$/, 'must be a secret reference (env:NAME, file:PATH or a secret name), not a value');

const severity = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO']);
const action = z.enum(['remove', 'hash', 'keep']);

export const StoreConfig = z.strictObject({
  type: z.enum(['local', 's3', 'azure_blob', 'gcs']).default('local'),
  /** local: the folder (default ./.bridge-data, or BRIDGE_DATA_DIR). */
  path: z.string().optional(),
  bucket: z.string().optional(),
  container: z.string().optional(),
  account_url: z.string().optional(),
  connection_string_secret_ref: secretRef.optional(),
  prefix: z.string().default(''),
  region: z.string().optional(),
  endpoint: z.string().optional(),
});

export const SummaryRule = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'),
  /** Conditions over event fields (dotted paths, e.g. `attributes.action`); all must hold. Strings compare case-insensitively; an array means any of. */
  where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))])),
});

/**
 * Default rules over the common fields (docs/log-types.md), so each counts its kind of event from
 * every cloud: `attributes.event.type: denied` is set by every deny/drop/block/reject a flow log,
 * firewall, WAF or DNS firewall records.
 */
export const DEFAULT_SUMMARY_RULES: Array<z.infer<typeof SummaryRule>> = [
  { name: 'waf-blocks', where: { source_type: ['waf', 'appgw_waf', 'frontdoor_waf', 'cloud_armor', 'alb'], 'attributes.event.type': 'denied' } },
  { name: 'vpc-rejects', where: { source_type: ['vpcflow', 'tgw_flow', 'nsg_flow', 'vnet_flow', 'gcp_vpcflow'], 'attributes.event.type': 'denied' } },
  { name: 'firewall-denies', where: { 'attributes.event.type': 'denied' } },
  { name: 'audit-permission-denied', where: { source_type: ['audit', 'cloudtrail', 'activity'], 'attributes.outcome': 'denied' } },
  { name: 'signin-failures', where: { source_type: ['signin', 'syslog', 'rds_postgresql'], 'attributes.event.outcome': 'failure' } },
  { name: 'http-5xx', where: { 'attributes.status_class': '5xx' } },
  { name: 'lambda-errors', where: { source_type: 'lambda', severity: ['HIGH', 'CRITICAL'] } },
  { name: 'findings-high', where: { 'attributes.finding.severity': ['HIGH', 'CRITICAL'] } },
];

export const BridgeConfigSchema = z.strictObject({
  store: StoreConfig.prefault({}),
  pipeline: z
    .strictObject({
      /** Cap on any inflate; stops a gzip bomb at the cap. */
      max_decompressed_bytes: z.number().int().positive().default(256 * MiB),
      max_record_bytes: z.number().int().positive().default(1 * MiB),
      max_depth: z.number().int().min(2).max(1000).default(64),
      /** Events are gzipped in chunks of about this many uncompressed bytes. */
      gzip_chunk_bytes: z.number().int().positive().default(1 * MiB),
      /**
       * 3, measured on the pipeline's own event JSON (bench, 2026-11-25): level 3 compresses
       * 218–404 MiB/s at ×5.8–10.3, level 6 104–185 MiB/s at ×6.4–12.7, level 1 barely faster
       * than 3 (+10–15%) for 4–12% more bytes. Twice the speed for ~12% more storage.
       */
      gzip_level: z.number().int().min(1).max(9).default(3),
      /**
       * Formats declared per delivery (docs/log-types.md): a CloudWatch log group (exact or
       * `prefix*`), an S3 key prefix (+ bucket) or an Event Hub decides the log type, and may give
       * its format string (VPC flow logs in a custom field order).
       */
      log_formats: z
        .array(
          z.strictObject({
            log_group: z.string().min(1).optional(),
            s3_prefix: z.string().min(1).optional(),
            bucket: z.string().min(1).optional(),
            event_hub: z.string().min(1).optional(),
            type: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a catalogue type (snake_case)'),
            format: z.string().min(1).optional(),
          }),
        )
        .default([]),
      /**
       * Where a batch's TelemetrySummary is stored. `metadata`: in the user metadata of the batch's
       * raw/ object (one PUT per invocation instead of two), falling back to a summaries/ object
       * when it does not fit (over 1,536 bytes encoded); `object`: always its own summaries/ object.
       */
      summary_objects: z.enum(['metadata', 'object']).default('metadata'),
      /** Deliberate filters: matching records are counted as filtered, not written. */
      filters: z
        .strictObject({
          min_severity: severity.optional(),
          drop_source_types: z.array(z.string()).default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  redaction: z
    .strictObject({
      hmac_key_secret_ref: secretRef.optional(),
      allow_fields: z.array(z.string()).default([]),
      deny_fields: z.array(z.string()).default([]),
      hash_fields: z.array(z.string()).default([]),
      max_string_length: z.number().int().min(64).default(8192),
      detectors: z.record(z.string(), action).default({}),
    })
    .prefault({}),
  summary: z
    .strictObject({
      rules: z.array(SummaryRule).default(DEFAULT_SUMMARY_RULES),
    })
    .prefault({}),
  sinks: z
    .strictObject({
      fixops: z
        .strictObject({
          enabled: z.boolean().default(true),
          mode: z.enum(['file', 'http']).default('file'),
          url: z.url().optional(),
          api_key_secret_ref: secretRef.optional(),
          /** file mode: where ops-telemetry.json goes (default <data>/sinks/fixops/). */
          path: z.string().optional(),
        })
        .prefault({}),
      /** Microsoft Sentinel / Log Analytics through the Logs Ingestion API (DCR). */
      sentinel: z
        .strictObject({
          enabled: z.boolean().default(false),
          endpoint: z.url().optional(),
          dcr_immutable_id: z.string().optional(),
          stream_name: z.string().default('Custom-TelemetryBridge_CL'),
          max_concurrency: z.number().int().min(1).max(32).default(4),
        })
        .prefault({}),
      event_hubs: z
        .strictObject({
          enabled: z.boolean().default(false),
          fully_qualified_namespace: z.string().optional(),
          event_hub_name: z.string().optional(),
          connection_string_secret_ref: secretRef.optional(),
        })
        .prefault({}),
      pubsub: z
        .strictObject({
          enabled: z.boolean().default(false),
          project_id: z.string().optional(),
          topic: z.string().optional(),
        })
        .prefault({}),
      /** Alerts to a chat or paging receiver (Slack/Teams incoming webhook, PagerDuty-style HTTP endpoint). */
      webhook: z
        .strictObject({
          enabled: z.boolean().default(false),
          url: z.url().optional(),
          /** The full Authorization header value (e.g. `Bearer …`), from the secret manager. */
          authorization_secret_ref: secretRef.optional(),
          min_severity: severity.default('MEDIUM'),
        })
        .prefault({}),
      /** Delivery retries before a batch goes to failed/. */
      max_attempts: z.number().int().min(1).max(10).default(4),
      timeout_ms: z.number().int().min(100).default(10_000),
    })
    .prefault({}),
  connectors: z
    .record(z.string(), z.unknown())
    .default({})
    // Seed 003 SR-003: SQL text in the postgres connector's settings fails at start, naming the path.
    .superRefine((section, ctx) => {
      for (const [name, entry] of Object.entries(section)) {
        if (!isPostgresEntry(name, entry)) continue;
        for (const issue of sqlTextIssues(entry, [name])) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }
    }),
  evidence: z
    .strictObject({
      signing_key_secret_ref: secretRef.optional(),
      algorithm: z.enum(['RSA-SHA256', 'Ed25519']).default('RSA-SHA256'),
      key_id: z.string().optional(),
      /** Longest window one evidence request may ask for (a window is also never older than the raw/ retention). */
      max_window_days: z.number().int().min(1).max(366).default(31),
      /** Requests one caller may make per rate_limit_window_s (per function instance). */
      rate_limit_per_caller: z.number().int().min(1).max(10_000).default(20),
      rate_limit_window_s: z.number().int().min(1).max(86_400).default(3600),
    })
    .prefault({}),
  /** Sigma rules and threat-intel lists (docs/detections.md). */
  detections: z
    .strictObject({
      /** Folders (or files) of Sigma YAML rules. */
      rules: z.array(z.string().min(1)).default([]),
      threat_intel: z
        .array(
          z
            .strictObject({
              name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be kebab-case or snake_case'),
              path: z.string().min(1).optional(),
              url: z.url().optional(),
              severity: severity.default('HIGH'),
            })
            .refine((l) => (l.path === undefined) !== (l.url === undefined), 'give exactly one of path or url'),
        )
        .default([]),
    })
    .prefault({}),
  /** HTTP ingest (`bridge serve` and the clouds' HTTP entries): POST /ingest, /telemetry; GET /evidence, /health. */
  serve: z
    .strictObject({
      /** `bridge serve` refuses requests without `Authorization: Bearer <this secret>` (401). */
      token_secret_ref: secretRef.optional(),
      /** Request bodies above this many bytes (as sent, before gunzip) are refused with 413. */
      max_body_bytes: z.number().int().positive().default(10 * MiB),
      /** Per-client requests per second (token bucket), and the burst; past it 429 with Retry-After. */
      rate_limit_per_second: z.number().positive().default(50),
      rate_limit_burst: z.number().int().min(1).default(100),
    })
    .prefault({}),
  aws: z.record(z.string(), z.unknown()).default({}),
  azure: z.record(z.string(), z.unknown()).default({}),
  gcp: z.record(z.string(), z.unknown()).default({}),
});

export type BridgeConfig = z.infer<typeof BridgeConfigSchema>;
