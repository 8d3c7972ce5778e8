import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssetType, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member/index.js';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job/index.js';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function/index.js';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project/index.js';
import { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink/index.js';
import { ProjectService } from '@cdktf/provider-google/lib/project-service/index.js';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider/index.js';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic/index.js';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member/index.js';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret/index.js';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account/index.js';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket/index.js';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object/index.js';
import { RETENTION } from '../../shared/config/retention.js';
import { CLOUD_FUNCTIONS, ROLE_ACCESS, SECRET_NAMES, type SecretUse } from '../permissions.js';
import { DeadLetterTopic } from './dead-letter.js';
import { BridgeStorageRoles, FunctionIdentity } from './function-access.js';
import { QueryTables } from './query-tables.js';
import { lifecycleRules } from './lifecycle.js';
import { gcpFunctionSize, type GcpFunctionName, type GcpSettings } from './settings.js';

/** Secret Manager secrets, created without a version (no value in state); the operator adds one. */
export const GCP_SECRETS = [
  { id: 'FixopsApiKey', name: 'fixops-api-key', refSetting: 'BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF' },
  { id: 'EvidenceSigningKey', name: 'evidence-signing-key', refSetting: 'BRIDGE__EVIDENCE__SIGNING_KEY_SECRET_REF' },
  { id: 'RedactionHmacKey', name: 'redaction-hmac-key', refSetting: 'BRIDGE__REDACTION__HMAC_KEY_SECRET_REF' },
] as const;
type SecretName = (typeof GCP_SECRETS)[number]['name'];

/** Which of the bridge's secrets each function's runtime resolves: its role's row of the permission table. */
export const GCP_FUNCTION_SECRETS: Readonly<Record<GcpFunctionName, SecretName[]>> = Object.fromEntries(
  Object.entries(CLOUD_FUNCTIONS.gcp).map(([name, role]) => [
    name,
    ROLE_ACCESS[role].secrets.filter((use): use is Exclude<SecretUse, 'connectors'> => use !== 'connectors').map((use) => SECRET_NAMES[use] as SecretName),
  ]),
) as Record<GcpFunctionName, SecretName[]>;

/** Each function's service account id after the name prefix (`<prefix>-ingest`, …); the triggers' are `<prefix>-<short>-t`. */
export const GCP_ACCOUNT_SUFFIX: Readonly<Record<GcpFunctionName, string>> = { ingestPubSub: 'ingest', scheduledCollect: 'collect', evidenceHttp: 'evidence', httpIngest: 'edge' };

const APIS = ['cloudfunctions', 'run', 'eventarc', 'pubsub', 'cloudscheduler', 'secretmanager', 'cloudbuild', 'artifactregistry', 'logging', 'storage'];

export interface GcpBridgeStackProps {
  settings: GcpSettings;
  /** The Cloud Functions source folder `npm run build` writes (dist/gcp: package.json, index.mjs). */
  sourceDir: string;
}

/** Everything the bridge needs on GCP; see infra/README.md. */
export class GcpBridgeStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: GcpBridgeStackProps) {
    super(scope, id);
    const s = props.settings;
    assertFunctionSource(props.sourceDir);
    new GoogleProvider(this, 'google', { region: s.region, ...(s.project ? { project: s.project } : {}) });
    const project = new DataGoogleProject(this, 'project', s.project ? { projectId: s.project } : {});
    const apis = s.enable_apis
      ? APIS.map((api) => new ProjectService(this, `Api-${api}`, { service: `${api}.googleapis.com`, disableOnDestroy: false }))
      : [];

    const secureBucket = { location: s.region.toUpperCase(), uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', forceDestroy: false };
    const bucket = new StorageBucket(this, 'Bucket', {
      ...secureBucket,
      name: s.bucket_name ?? `${s.name_prefix}-${project.projectId}`,
      versioning: { enabled: true },
      lifecycleRule: lifecycleRules(),
    });
    new QueryTables(this, 'QueryTables', { bucketName: bucket.name, location: s.region.toUpperCase(), namePrefix: s.name_prefix });
    let evidenceBucket: StorageBucket | undefined;
    if (s.evidence_retention_lock) {
      const days = RETENTION.evidence?.expireDays;
      if (!days) throw new Error('the retention table has no expiring evidence entry; the retention lock needs its retention');
      evidenceBucket = new StorageBucket(this, 'EvidenceBucket', {
        ...secureBucket,
        name: `${s.bucket_name ?? `${s.name_prefix}-${project.projectId}`}-evidence`,
        // Locked: like S3 Object Lock in compliance mode, it cannot be shortened or removed.
        retentionPolicy: { retentionPeriod: days * 86_400, isLocked: true },
        lifecycleRule: lifecycleRules(['evidence']),
      });
    }
    const sourceBucket = new StorageBucket(this, 'SourceBucket', {
      ...secureBucket,
      name: `${s.name_prefix}-gcf-source-${project.projectId}`,
      lifecycleRule: [{ action: { type: 'Delete' }, condition: { numNewerVersions: 3, withState: 'ARCHIVED' } }],
      versioning: { enabled: true },
    });

    const secrets = new Map<SecretName, SecretManagerSecret>();
    for (const secret of GCP_SECRETS) {
      secrets.set(secret.name, new SecretManagerSecret(this, secret.id, { secretId: `${s.name_prefix}-${secret.name}`, replication: { auto: {} } }));
    }

    // One service account per function, with conditional bindings for exactly its row of the
    // permission table (infra/permissions.ts): its prefixes, its secrets, nothing else.
    const storageRoles = new BridgeStorageRoles(this, 'StorageRoles', { namePrefix: s.name_prefix, project: project.projectId });
    const secretIds = (use: SecretUse): string[] =>
      use === 'connectors'
        ? s.connector_secret_names.map((n) => `projects/${project.projectId}/secrets/${n}`)
        : [secrets.get(SECRET_NAMES[use] as SecretName)!.id];
    const identities = {} as Record<GcpFunctionName, FunctionIdentity>;
    for (const [name, role] of Object.entries(CLOUD_FUNCTIONS.gcp) as Array<[GcpFunctionName, keyof typeof ROLE_ACCESS]>) {
      identities[name] = new FunctionIdentity(this, `${pascal(name)}Identity`, {
        accountId: `${s.name_prefix}-${GCP_ACCOUNT_SUFFIX[name]}`,
        displayName: `Telemetry Bridge ${name}`,
        access: ROLE_ACCESS[role],
        roles: storageRoles,
        bucketFor: (area) => (area === 'evidence' && evidenceBucket ? evidenceBucket : bucket),
        secretIds,
      });
    }
    // Each Eventarc trigger has its own identity, which may invoke its function and nothing else.
    const triggerIdentity = (name: GcpFunctionName): ServiceAccount =>
      new ServiceAccount(this, `${pascal(name)}TriggerIdentity`, { accountId: `${s.name_prefix}-${GCP_ACCOUNT_SUFFIX[name]}-t`, displayName: `Telemetry Bridge ${name} trigger` });
    const ingestInvoker = triggerIdentity('ingestPubSub');
    const collectInvoker = triggerIdentity('scheduledCollect');

    const logsTopic = new PubsubTopic(this, 'LogsTopic', { name: `${s.name_prefix}-logs` });
    const sink = new LoggingProjectSink(this, 'LogSink', {
      name: `${s.name_prefix}-to-pubsub`,
      destination: `pubsub.googleapis.com/${logsTopic.id}`,
      filter: s.log_sink_filter,
      uniqueWriterIdentity: true,
    });
    new PubsubTopicIamMember(this, 'SinkPublishes', { topic: logsTopic.id, role: 'roles/pubsub.publisher', member: sink.writerIdentity });
    const collectTopic = new PubsubTopic(this, 'CollectTopic', { name: `${s.name_prefix}-collect` });
    const deadLetter = new DeadLetterTopic(this, 'DeadLetter', {
      namePrefix: s.name_prefix,
      project: project.projectId,
      projectNumber: project.number,
      region: s.region,
      maxDeliveryAttempts: s.max_delivery_attempts,
      attachWithGcloud: s.attach_dead_letter_with_gcloud,
    });

    const asset = new TerraformAsset(this, 'FunctionSource', { path: props.sourceDir, type: AssetType.ARCHIVE });
    const sourceObject = new StorageBucketObject(this, 'FunctionSourceObject', {
      bucket: sourceBucket.name,
      name: `telemetry-bridge-${asset.assetHash}.zip`,
      source: asset.path,
    });

    const environmentFor = (name: GcpFunctionName): Record<string, string> => {
      // The handler's time budget follows the function's timeout.
      const env: Record<string, string> = { ...s.environment, BRIDGE__STORE__TYPE: 'gcs', BRIDGE__STORE__BUCKET: bucket.name, BRIDGE__GCP__FUNCTION_TIMEOUT_MS: String(gcpFunctionSize(s, name).timeoutS * 1000) };
      for (const secret of GCP_SECRETS) {
        if (GCP_FUNCTION_SECRETS[name].includes(secret.name)) env[secret.refSetting] = secrets.get(secret.name)!.id;
      }
      if (evidenceBucket && ROLE_ACCESS[CLOUD_FUNCTIONS.gcp[name]].create.includes('evidence')) env.BRIDGE_EVIDENCE_BUCKET = evidenceBucket.name;
      return env;
    };
    const bridgeFunction = (id: string, name: GcpFunctionName, extra: { topic?: PubsubTopic; invoker?: ServiceAccount; ingress: string; maxInstances?: number }): Cloudfunctions2Function => {
      const size = gcpFunctionSize(s, name);
      return new Cloudfunctions2Function(this, id, {
        name: `${s.name_prefix}-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        location: s.region,
        buildConfig: { runtime: 'nodejs22', entryPoint: name, source: { storageSource: { bucket: sourceBucket.name, object: sourceObject.name } } },
        serviceConfig: {
          availableMemory: `${size.memoryMb}M`,
          timeoutSeconds: size.timeoutS,
          maxInstanceCount: extra.maxInstances ?? s.max_instances,
          serviceAccountEmail: identities[name].account.email,
          environmentVariables: environmentFor(name),
          ingressSettings: extra.ingress,
          allTrafficOnLatestRevision: true,
        },
        ...(extra.topic && extra.invoker
          ? {
              eventTrigger: {
                triggerRegion: s.region,
                eventType: 'google.cloud.pubsub.topic.v1.messagePublished',
                pubsubTopic: extra.topic.id,
                // Off by default for 2nd gen: without it a failed batch is acknowledged and lost.
                retryPolicy: 'RETRY_POLICY_RETRY',
                serviceAccountEmail: extra.invoker.email,
              },
            }
          : {}),
        dependsOn: apis,
      });
    };
    const ingest = bridgeFunction('IngestPubSub', 'ingestPubSub', { topic: logsTopic, invoker: ingestInvoker, ingress: 'ALLOW_INTERNAL_ONLY' });
    const collect = bridgeFunction('ScheduledCollect', 'scheduledCollect', { topic: collectTopic, invoker: collectInvoker, ingress: 'ALLOW_INTERNAL_ONLY' });
    // Few instances: the per-caller rate limit is kept per instance.
    const evidence = bridgeFunction('EvidenceHttp', 'evidenceHttp', { ingress: 'ALLOW_ALL', maxInstances: s.evidence_max_instances });
    // The edge agents' entry (POST /ingest, /telemetry; GET /evidence, /health): identity tokens only.
    const httpIngest = bridgeFunction('HttpIngest', 'httpIngest', { ingress: 'ALLOW_ALL' });
    deadLetter.attach(ingest);

    for (const [id, fn, invoker] of [['Ingest', ingest, ingestInvoker], ['Collect', collect, collectInvoker]] as const) {
      new CloudRunV2ServiceIamMember(this, `TriggerInvokes${id}`, { name: fn.name, location: s.region, role: 'roles/run.invoker', member: `serviceAccount:${invoker.email}` });
    }
    // Authenticated callers only: no allUsers binding, just the configured members.
    s.evidence_invokers.forEach((member, i) => {
      new CloudRunV2ServiceIamMember(this, `EvidenceInvoker${i}`, { name: evidence.name, location: s.region, role: 'roles/run.invoker', member });
    });
    s.http_ingest_invokers.forEach((member, i) => {
      new CloudRunV2ServiceIamMember(this, `HttpIngestInvoker${i}`, { name: httpIngest.name, location: s.region, role: 'roles/run.invoker', member });
    });

    new CloudSchedulerJob(this, 'CollectSchedule', {
      name: `${s.name_prefix}-collect`,
      region: s.region,
      schedule: s.collect_schedule,
      timeZone: s.time_zone,
      pubsubTarget: { topicName: collectTopic.id, data: Buffer.from('{}').toString('base64') },
      dependsOn: apis,
    });

    new TerraformOutput(this, 'bucket', { value: bucket.name });
    new TerraformOutput(this, 'logs_topic', { value: logsTopic.id });
    new TerraformOutput(this, 'dead_letter_subscription', { value: deadLetter.hold.id });
    new TerraformOutput(this, 'evidence_url', { value: evidence.url });
    new TerraformOutput(this, 'http_ingest_url', { value: httpIngest.url });
    for (const name of Object.keys(identities) as GcpFunctionName[]) {
      new TerraformOutput(this, `${GCP_ACCOUNT_SUFFIX[name]}_service_account`, { value: identities[name].account.email });
    }
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** dist/gcp must be a deployable Cloud Functions source folder. */
export function assertFunctionSource(dir: string): void {
  for (const file of ['package.json', 'index.mjs']) {
    if (!existsSync(join(dir, file))) {
      throw new Error(`the Cloud Functions source is missing ${file} (${dir}): run \`npm run build\` before synth or deploy`);
    }
  }
}
