import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACH_DEAD_LETTER_SCRIPT } from '../../../../infra/gcp/dead-letter.js';
import { GcpSettingsSchema } from '../../../../infra/gcp/settings.js';
import { GCP_FUNCTION_SECRETS, GCP_SECRETS, GcpBridgeStack, assertFunctionSource } from '../../../../infra/gcp/stack.js';
import { parseCloudSettings } from '../../../../infra/settings.js';
import { NONCURRENT_VERSION_EXPIRE_DAYS, RETENTION } from '../../../../shared/config/retention.js';
import { cdktfWorkspace, only, resources, type TerraformJson } from '../cdktf-support.js';

const ws = cdktfWorkspace('gcp');
afterAll(() => ws.dispose());

function synth(section: Record<string, unknown>): { text: string; json: TerraformJson } {
  const app = new App({ outdir: mkdtempSync(join(ws.root, 'cdktf.out-')) });
  const stack = new GcpBridgeStack(app, 'bridge', { settings: GcpSettingsSchema.parse(section), sourceDir: ws.gcpSource });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as TerraformJson };
}

interface LifecycleRule {
  action: { type: string; storage_class?: string };
  condition: { age?: number; matches_prefix?: string[]; days_since_noncurrent_time?: number };
}
type Fn = Record<string, unknown> & {
  event_trigger?: Record<string, string>;
  service_config: Record<string, unknown> & { environment_variables: Record<string, string> };
};

const EDGE_AGENT = 'serviceAccount:fluent-bit@acme-telemetry.iam.gserviceaccount.com';
let plain: ReturnType<typeof synth>;
let locked: ReturnType<typeof synth>;
beforeAll(() => {
  plain = synth({ project: 'acme-telemetry' });
  locked = synth({ project: 'acme-telemetry', evidence_retention_lock: true, evidence_invokers: ['group:auditors@example.com'], http_ingest_invokers: [EDGE_AGENT], attach_dead_letter_with_gcloud: false });
});

function bucket(json: TerraformJson, id = 'Bucket'): Record<string, unknown> & { lifecycle_rule: LifecycleRule[] } {
  return resources(json, 'google_storage_bucket')[id] as Record<string, unknown> & { lifecycle_rule: LifecycleRule[] };
}

function fn(json: TerraformJson, id: string): Fn {
  return resources(json, 'google_cloudfunctions2_function')[id] as Fn;
}

const ruleFor = (rules: LifecycleRule[], prefix: string, type: string, storageClass?: string) =>
  rules.find((r) => r.condition.matches_prefix?.includes(prefix) && r.action.type === type && r.action.storage_class === storageClass);

describe('the GCP stack bucket', () => {
  it.each(Object.entries(RETENTION).filter(([, r]) => r.expireDays !== null))('applies the retention table to %s', (_name, entry) => {
    const rules = bucket(plain.json).lifecycle_rule;
    expect(ruleFor(rules, entry.prefix, 'Delete')?.condition.age).toBe(entry.expireDays);
    expect(ruleFor(rules, entry.prefix, 'SetStorageClass', 'NEARLINE')?.condition.age).toBe(entry.coolAfterDays);
    expect(ruleFor(rules, entry.prefix, 'SetStorageClass', 'ARCHIVE')?.condition.age).toBe(entry.archiveAfterDays);
  });

  it('expires noncurrent versions and never deletes kept prefixes (state/)', () => {
    const rules = bucket(plain.json).lifecycle_rule;
    expect(rules.find((r) => r.condition.days_since_noncurrent_time !== undefined)?.condition.days_since_noncurrent_time).toBe(NONCURRENT_VERSION_EXPIRE_DAYS);
    expect(rules.some((r) => r.condition.matches_prefix?.includes('state/'))).toBe(false);
  });

  it.each(['Bucket', 'SourceBucket'])('%s has uniform access and enforced public access prevention', (id) => {
    expect(bucket(plain.json, id)).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: 'enforced' });
  });

  it('adds a locked retention policy for the evidence retention when asked, and only then', () => {
    expect(bucket(plain.json, 'EvidenceBucket')).toBeUndefined();
    const evidence = bucket(locked.json, 'EvidenceBucket');
    expect(evidence.retention_policy).toEqual({ retention_period: RETENTION.evidence!.expireDays! * 86_400, is_locked: true });
    expect(evidence).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: 'enforced' });
    expect(fn(locked.json, 'EvidenceHttp').service_config.environment_variables.BRIDGE_EVIDENCE_BUCKET).toBe('${google_storage_bucket.EvidenceBucket.name}');
  });
});

describe('GCP secrets and identity', () => {
  it('creates the secrets without any version, so no value is in state', () => {
    expect(Object.values(resources(plain.json, 'google_secret_manager_secret')).map((s) => s.secret_id).sort()).toEqual(
      GCP_SECRETS.map((s) => `telemetry-bridge-${s.name}`).sort(),
    );
    expect(resources(plain.json, 'google_secret_manager_secret_version')).toEqual({});
  });

  it('grants the functions nothing at project level (permissions.test.ts checks each one\'s bindings against the table)', () => {
    expect(resources(plain.json, 'google_project_iam_member')).toEqual({});
    expect(Object.values(resources(plain.json, 'google_project_iam_custom_role')).map((r) => r.role_id).sort()).toEqual(
      ['create', 'delete', 'list', 'read', 'write'].map((v) => `telemetry_bridge_objects_${v}`),
    );
  });

  it.each(Object.entries(GCP_FUNCTION_SECRETS))('passes %s only its secrets, by resource name', (name, names) => {
    const id = name.charAt(0).toUpperCase() + name.slice(1);
    const env = fn(plain.json, id).service_config.environment_variables;
    const refs = Object.entries(env).filter(([k]) => k.endsWith('_SECRET_REF'));
    expect(refs.map(([k, v]) => [k, v]).sort()).toEqual(
      GCP_SECRETS.filter((s) => names.includes(s.name)).map((s) => [s.refSetting, `\${google_secret_manager_secret.${s.id}.id}`]).sort(),
    );
  });
});

describe('GCP log delivery', () => {
  it('sinks Cloud Logging into the topic and lets the sink\'s writer identity publish', () => {
    const sink = only(plain.json, 'google_logging_project_sink');
    expect(sink).toMatchObject({ destination: 'pubsub.googleapis.com/${google_pubsub_topic.LogsTopic.id}', unique_writer_identity: true });
    expect(
      Testing.toHaveResourceWithProperties(plain.text, 'google_pubsub_topic_iam_member', {
        topic: '${google_pubsub_topic.LogsTopic.id}',
        role: 'roles/pubsub.publisher',
        member: '${google_logging_project_sink.LogSink.writer_identity}',
      }),
    ).toBe(true);
  });

  it('triggers ingest from the topic through Eventarc with retry on failure', () => {
    expect(fn(plain.json, 'IngestPubSub').event_trigger).toMatchObject({
      event_type: 'google.cloud.pubsub.topic.v1.messagePublished',
      pubsub_topic: '${google_pubsub_topic.LogsTopic.id}',
      retry_policy: 'RETRY_POLICY_RETRY',
      service_account_email: '${google_service_account.IngestPubSubTriggerIdentity.email}',
    });
  });

  it('lets only the trigger identity invoke the event-driven functions', () => {
    const invokers = Object.values(resources(plain.json, 'google_cloud_run_v2_service_iam_member')).map((b) => [b.name, b.member]);
    expect(invokers.sort()).toEqual(
      [
        ['${google_cloudfunctions2_function.IngestPubSub.name}', 'serviceAccount:${google_service_account.IngestPubSubTriggerIdentity.email}'],
        ['${google_cloudfunctions2_function.ScheduledCollect.name}', 'serviceAccount:${google_service_account.ScheduledCollectTriggerIdentity.email}'],
      ].sort(),
    );
  });

  it('has a dead-letter topic the Pub/Sub service agent may publish to, with a subscription that keeps dead letters', () => {
    expect(
      Testing.toHaveResourceWithProperties(plain.text, 'google_pubsub_topic_iam_member', {
        role: 'roles/pubsub.publisher',
        member: 'serviceAccount:service-${data.google_project.project.number}@gcp-sa-pubsub.iam.gserviceaccount.com',
      }),
    ).toBe(true);
    expect(Testing.toHaveResourceWithProperties(plain.text, 'google_pubsub_subscription', { message_retention_duration: '604800s' })).toBe(true);
  });

  it('attaches the dead-letter policy to the Eventarc subscription after the function is created', () => {
    const [attach] = Object.values(resources(plain.json, 'terraform_data')) as Array<Record<string, unknown>>;
    expect(attach?.depends_on).toContain('google_cloudfunctions2_function.IngestPubSub');
    const exec = (attach?.provisioner as Array<{ 'local-exec': { command: string; environment: Record<string, string> } }>)[0]!['local-exec'];
    expect(exec.command).toBe(ATTACH_DEAD_LETTER_SCRIPT);
    expect(exec.command).toContain('--dead-letter-topic="$DEAD_LETTER_TOPIC"');
    expect(exec.environment).toMatchObject({ TRIGGER: '${google_cloudfunctions2_function.IngestPubSub.event_trigger[0].trigger}', MAX_DELIVERY_ATTEMPTS: '5' });
    expect(resources(locked.json, 'terraform_data')).toEqual({});
  });
});

describe('GCP functions', () => {
  it.each(['IngestPubSub', 'ScheduledCollect', 'EvidenceHttp', 'HttpIngest'])('%s is 2nd gen on nodejs22 from the built source, as its own service account', (id) => {
    const f = fn(plain.json, id);
    expect(f.build_config).toMatchObject({ runtime: 'nodejs22', entry_point: id.charAt(0).toLowerCase() + id.slice(1) });
    expect(String(f.service_config.service_account_email)).toMatch(new RegExp(`^\\$\\{google_service_account\\.${id}Identity_Account_[0-9A-F]+\\.email\\}$`));
    expect(f.service_config).toMatchObject({ available_memory: '512M' });
    expect(f.service_config.environment_variables).toMatchObject({ BRIDGE__STORE__TYPE: 'gcs', BRIDGE__STORE__BUCKET: '${google_storage_bucket.Bucket.name}' });
  });

  it('runs the collector from Cloud Scheduler through a topic', () => {
    const job = only(plain.json, 'google_cloud_scheduler_job');
    expect(job).toMatchObject({ schedule: '*/15 * * * *', time_zone: 'Etc/UTC', pubsub_target: { topic_name: '${google_pubsub_topic.CollectTopic.id}' } });
    expect(fn(plain.json, 'ScheduledCollect').event_trigger).toMatchObject({ pubsub_topic: '${google_pubsub_topic.CollectTopic.id}' });
  });

  it('keeps the evidence endpoint authenticated: no trigger, no public invoker, only configured members', () => {
    expect(fn(plain.json, 'EvidenceHttp').event_trigger).toBeUndefined();
    expect(plain.text).not.toMatch(/allUsers|allAuthenticatedUsers/);
    expect(
      Testing.toHaveResourceWithProperties(locked.text, 'google_cloud_run_v2_service_iam_member', {
        name: '${google_cloudfunctions2_function.EvidenceHttp.name}',
        role: 'roles/run.invoker',
        member: 'group:auditors@example.com',
      }),
    ).toBe(true);
  });

  it('serves HTTP ingest as its own function, invoked only by the configured members (never allUsers)', () => {
    const f = fn(locked.json, 'HttpIngest');
    expect(f.event_trigger).toBeUndefined();
    expect(f.service_config).toMatchObject({ ingress_settings: 'ALLOW_ALL' });
    // GET /evidence writes bundles to the locked evidence bucket, like the evidence function.
    expect(f.service_config.environment_variables.BRIDGE_EVIDENCE_BUCKET).toBe('${google_storage_bucket.EvidenceBucket.name}');
    expect(Object.keys(f.service_config.environment_variables).filter((k) => k.endsWith('_SECRET_REF')).sort()).toEqual(
      ['BRIDGE__EVIDENCE__SIGNING_KEY_SECRET_REF', 'BRIDGE__REDACTION__HMAC_KEY_SECRET_REF', 'BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF'],
    );
    const invokers = (Object.values(resources(locked.json, 'google_cloud_run_v2_service_iam_member')) as Array<{ name: string; member: string; role: string }>).filter(
      (b) => b.name === '${google_cloudfunctions2_function.HttpIngest.name}',
    );
    expect(invokers).toEqual([expect.objectContaining({ role: 'roles/run.invoker', member: EDGE_AGENT })]);
    expect(locked.text).not.toMatch(/allUsers|allAuthenticatedUsers/);
    expect(Object.keys(resources(plain.json, 'google_cloud_run_v2_service_iam_member')).filter((id) => id.startsWith('HttpIngestInvoker'))).toEqual([]);
    expect(Object.keys(locked.json.output ?? {})).toContain('http_ingest_url');
  });

  it('takes memory and timeout from config with per-function overrides', () => {
    const tuned = synth({ memory_mb: 1024, timeout_s: 120, functions: { evidence_http: { timeout_s: 900 } } });
    expect(fn(tuned.json, 'IngestPubSub').service_config).toMatchObject({ available_memory: '1024M', timeout_seconds: 120 });
    expect(fn(tuned.json, 'EvidenceHttp').service_config).toMatchObject({ timeout_seconds: 900 });
  });
});

describe('the gcp: config section', () => {
  it.each([
    [{ evidence_invokers: ['allUsers'] }, 'gcp.evidence_invokers[0]'],
    [{ http_ingest_invokers: ['user:a@example.com', 'allAuthenticatedUsers'] }, 'gcp.http_ingest_invokers[1]'],
    [{ functions: { ingest_pubsub: { timeout_s: 900 } } }, 'gcp.functions.ingest_pubsub.timeout_s'],
    [{ max_delivery_attempts: 3 }, 'gcp.max_delivery_attempts'],
    [{ collect_schedule: '0 */15 * * * *' }, 'gcp.collect_schedule'],
  ])('refuses %j, naming %s', (section, where) => {
    expect(() => parseCloudSettings('gcp', GcpSettingsSchema, section)).toThrow(`invalid config at ${where}`);
  });

  it('names a missing build output', () => {
    expect(() => assertFunctionSource(join(ws.root, 'nowhere'))).toThrow(/missing package\.json .*npm run build/);
  });
});
