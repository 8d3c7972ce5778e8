import * as z from 'zod';

/**
 * Typed attribute schemas per source_type, by version. Loose objects: the listed fields are
 * checked, others pass through. Normalizers register the fields they promise here.
 *
 * Conventions the summary rules rely on: `action` (waf BLOCK/ALLOW/COUNT…, vpcflow ACCEPT/REJECT,
 * firewall Allow/Deny), `outcome` (success | failure | denied), `status` + `status_class` for
 * HTTP, `latency_ms` wherever a latency or invocation duration exists.
 */
const port = z.number().int().min(0).max(65535);
const count = z.number().int().nonnegative();
const outcome = z.enum(['success', 'failure', 'denied']);
const httpStatus = z.number().int().min(100).max(599);
const statusClass = z.enum(['1xx', '2xx', '3xx', '4xx', '5xx']);
const latencyMs = z.number().nonnegative();
const timeSource = z.enum(['delivery']);
const confidence = z.enum(['high', 'medium', 'low']).optional();

/** Fields every pull/push event may carry. */
const common = { time_source: timeSource.optional() };
const http = { status: httpStatus.optional(), status_class: statusClass.optional(), latency_ms: latencyMs.optional() };

export const ATTRIBUTE_SCHEMAS: Record<string, Record<string, z.ZodType>> = {
  vpcflow: {
    '1.0': z.looseObject({
      ...common,
      action: z.enum(['ACCEPT', 'REJECT', '-']).optional(),
      log_status: z.enum(['OK', 'NODATA', 'SKIPDATA']).optional(),
      bytes: count.optional(),
      packets: count.optional(),
      src_port: port.optional(),
      dst_port: port.optional(),
      protocol: z.number().int().min(0).max(255).optional(),
      start: count.optional(),
      end: count.optional(),
    }),
  },
  cloudtrail: {
    '1.0': z.looseObject({
      ...common,
      event_source: z.string(),
      event_name: z.string(),
      outcome,
      error_code: z.string().optional(),
      read_only: z.boolean().optional(),
      resource_arns: z.array(z.string()).optional(),
    }),
  },
  waf: {
    '1.0': z.looseObject({
      ...common,
      action: z.string().regex(/^[A-Z_]+$/, 'must be upper case (BLOCK, ALLOW, COUNT, …)'),
      response_code_sent: httpStatus.optional(),
      labels: z.array(z.string()).optional(),
    }),
  },
  lambda: {
    '1.0': z.looseObject({
      ...common,
      kind: z.string(),
      duration_ms: latencyMs.optional(),
      billed_duration_ms: latencyMs.optional(),
      init_duration_ms: latencyMs.optional(),
      memory_size_mb: count.optional(),
      max_memory_used_mb: count.optional(),
      latency_ms: latencyMs.optional(),
      timed_out: z.boolean().optional(),
      runtime_error: z.boolean().optional(),
    }),
  },
  apigateway: {
    '1.0': z.looseObject({ ...common, ...http, integration_latency_ms: latencyMs.optional() }),
  },
  http_lb: {
    '1.0': z.looseObject({ ...common, ...http, request_size: count.optional(), response_size: count.optional() }),
  },
  activity: {
    '1.0': z.looseObject({ ...common, operation_name: z.string(), outcome, result_type: z.string().optional() }),
  },
  firewall: {
    '1.0': z.looseObject({
      ...common,
      action: z.string().regex(/^[A-Z][^A-Z]*$/, 'must be capitalised (Allow, Deny, …)').optional(),
      src_port: port.optional(),
      dst_port: port.optional(),
      translated_port: port.optional(),
    }),
  },
  signin: {
    '1.0': z.looseObject({ ...common, error_code: z.number().int(), outcome: z.enum(['success', 'failure']), is_interactive: z.boolean().optional() }),
  },
  audit: {
    '1.0': z.looseObject({ ...common, status_code: z.number().int().min(0), outcome, method_name: z.string().optional(), service_name: z.string().optional() }),
  },
  generic: {
    // Fields come from arbitrary records: only what the normalizer derives is typed.
    '1.0': z.looseObject({ status_class: statusClass.optional(), latency_ms: latencyMs.optional(), record_format: z.enum(['json', 'kv', 'text']).optional() }),
  },
  // Pull-path evidence types (seed 000 / 003 data models).
  deployment: {
    '1.0': z.looseObject({ revision: z.string().optional(), mapping_confidence: z.enum(['high', 'medium', 'low']).optional() }),
    // DeploymentEvent (seed 003): a Kubernetes rollout phase, its images and the commit it maps to.
    '1.1': z.looseObject({
      revision: z.string().optional(),
      mapping_confidence: confidence,
      mapping_source: z.string().optional(),
      phase: z.enum(['started', 'progressing', 'complete', 'failed']).optional(),
      images: z.array(z.looseObject({ container: z.string(), image: z.string(), digest: z.string().optional() })).optional(),
      commit: z.looseObject({ sha: z.string() }).optional(),
    }),
  },
  // ConfigChangeEvent (seed 003): keys only, ConfigMap values as keyed hashes, never Secret values.
  config_change: {
    '1.0': z.looseObject({
      kind: z.enum(['ConfigMap', 'Secret']),
      change: z.enum(['added', 'modified', 'deleted', 'observed']),
      keys_added: z.array(z.string()),
      keys_removed: z.array(z.string()),
      keys_changed: z.array(z.string()),
      value_hashes: z.record(z.string(), z.string().regex(/^[0-9a-f]{16}$/)).optional(),
    }),
  },
  // DbEvidence (seed 003): aggregates only, never query text or row data of user tables.
  db_stats: {
    '1.0': z.looseObject({ kind: z.literal('db_stats'), database: z.string(), connections_in_use: count, max_connections: count, query: z.never().optional() }),
  },
  db_evidence: {
    '1.0': z.looseObject({
      kind: z.enum(['connection_saturation', 'lock_contention', 'long_transaction', 'replication_lag', 'checkpoint_pressure', 'view_row', 'template_row', 'migration_applied']),
      database: z.string(),
      query: z.never().optional(),
    }),
  },
  commit: {
    '1.0': z.looseObject({ sha: z.string().regex(/^[0-9a-f]{40}$/), repository: z.string(), title: z.string().optional(), additions: count.optional(), deletions: count.optional(), files_changed: count.optional() }),
  },
  pull_request: {
    '1.0': z.looseObject({ number: count, repository: z.string(), state: z.string().optional(), merged_at: z.string().optional() }),
  },
  // Pull-path evidence (connectors): the fields correlation and summaries rely on.
  deployment_status: {
    '1.0': z.looseObject({ state: z.string().optional(), revision: z.string().optional(), mapping_confidence: z.enum(['high', 'medium', 'low']).optional() }),
  },
  incident: {
    '1.0': z.looseObject({ status: z.string().optional(), urgency: z.string().optional() }),
  },
  problem: {
    '1.0': z.looseObject({ status: z.string().optional(), impact_level: z.string().optional() }),
  },
  release: {
    '1.0': z.looseObject({ tag: z.string().optional(), prerelease: z.boolean().optional() }),
  },
  oncall: {
    '1.0': z.looseObject({ escalation_level: z.number().int().nonnegative().optional() }),
  },
};
