import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App as CdkApp } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { App as TfApp, Testing } from 'cdktf';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AwsSettingsSchema } from '../../../infra/aws/settings.js';
import { TelemetryBridgeStack } from '../../../infra/aws/stack.js';
import { AzureSettingsSchema } from '../../../infra/azure/settings.js';
import { AzureBridgeStack } from '../../../infra/azure/stack.js';
import { GcpSettingsSchema } from '../../../infra/gcp/settings.js';
import { GcpBridgeStack } from '../../../infra/gcp/stack.js';
import { placeholderDist } from './aws/support.js';
import { cdktfWorkspace, only, type TerraformJson } from './cdktf-support.js';

// A different retention table: every stack must follow it with no change of its own.
vi.mock('../../../shared/config/retention.js', () => ({
  RETENTION: {
    raw: { prefix: 'raw/', expireDays: 3 },
    summaries: { prefix: 'summaries/', expireDays: 60 },
    quarantine: { prefix: 'quarantine/', expireDays: 14 },
    failed: { prefix: 'failed/', expireDays: 45 },
    audit: { prefix: 'audit/', expireDays: 400, coolAfterDays: 45 },
    evidence: { prefix: 'evidence/', expireDays: 730, coolAfterDays: 60, archiveAfterDays: 120 },
    manifests: { prefix: 'manifests/', expireDays: null },
    state: { prefix: 'state/', expireDays: null },
  },
  NONCURRENT_VERSION_EXPIRE_DAYS: 14,
}));

const ws = cdktfWorkspace('retention');
afterAll(() => ws.dispose());

describe('a change to the retention table', () => {
  it('changes the S3 lifecycle rules and the Object Lock retention', () => {
    const app = new CdkApp({ outdir: mkdtempSync(join(ws.root, 'cdk.out-')), builtinCloudFormationValidation: false });
    const stack = new TelemetryBridgeStack(app, 'Bridge', {
      settings: AwsSettingsSchema.parse({ evidence_object_lock: true }),
      distDir: placeholderDist(ws.root),
    });
    const json = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const buckets = Object.values(json.Resources).filter((r) => r.Type === 'AWS::S3::Bucket');
    const data = buckets.find((b) => !b.Properties.ObjectLockEnabled)!;
    const rules = (data.Properties.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> }).Rules;
    expect(rules.map((r) => [r.Prefix, r.ExpirationInDays])).toEqual([
      ['raw/', 3],
      ['summaries/', 60],
      ['quarantine/', 14],
      ['failed/', 45],
      ['audit/', 400],
      ['evidence/', 730],
      [undefined, undefined],
    ]);
    expect(rules[4]!.Transitions).toEqual([{ StorageClass: 'STANDARD_IA', TransitionInDays: 45 }]);
    expect(rules[6]!.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 14 });
    const lockedBucket = buckets.find((b) => b.Properties.ObjectLockEnabled)!;
    expect(lockedBucket.Properties.ObjectLockConfiguration).toMatchObject({ Rule: { DefaultRetention: { Days: 730 } } });
  });

  it('changes the Azure management policy', () => {
    const app = new TfApp({ outdir: mkdtempSync(join(ws.root, 'cdktf.out-')) });
    const stack = new AzureBridgeStack(app, 'bridge', { settings: AzureSettingsSchema.parse({}), packageDir: ws.azurePackage });
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    const rules = only(json, 'azurerm_storage_management_policy').rule as Array<{ filters: { prefix_match: string[] }; actions: { base_blob: Record<string, number> } }>;
    expect(rules.map((r) => [r.filters.prefix_match[0], r.actions.base_blob])).toEqual([
      ['bridge/raw/', { delete_after_days_since_creation_greater_than: 3 }],
      ['bridge/summaries/', { delete_after_days_since_creation_greater_than: 60 }],
      ['bridge/quarantine/', { delete_after_days_since_creation_greater_than: 14 }],
      ['bridge/failed/', { delete_after_days_since_creation_greater_than: 45 }],
      ['bridge/audit/', { delete_after_days_since_creation_greater_than: 400, tier_to_cool_after_days_since_creation_greater_than: 45 }],
      [
        'bridge/evidence/',
        {
          delete_after_days_since_creation_greater_than: 730,
          tier_to_cool_after_days_since_creation_greater_than: 60,
          tier_to_archive_after_days_since_creation_greater_than: 120,
        },
      ],
    ]);
  });

  it('changes the GCS lifecycle rules and the evidence retention lock', () => {
    const app = new TfApp({ outdir: mkdtempSync(join(ws.root, 'cdktf.out-')) });
    const stack = new GcpBridgeStack(app, 'bridge', { settings: GcpSettingsSchema.parse({ evidence_retention_lock: true }), sourceDir: ws.gcpSource });
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    const buckets = json.resource.google_storage_bucket!;
    const rules = buckets.Bucket!.lifecycle_rule as Array<{ action: { type: string; storage_class?: string }; condition: Record<string, unknown> }>;
    expect(rules.map((r) => [r.condition.matches_prefix ?? null, r.action.storage_class ?? r.action.type, r.condition.age ?? r.condition.days_since_noncurrent_time])).toEqual([
      [['raw/'], 'Delete', 3],
      [['summaries/'], 'Delete', 60],
      [['quarantine/'], 'Delete', 14],
      [['failed/'], 'Delete', 45],
      [['audit/'], 'NEARLINE', 45],
      [['audit/'], 'Delete', 400],
      [['evidence/'], 'NEARLINE', 60],
      [['evidence/'], 'ARCHIVE', 120],
      [['evidence/'], 'Delete', 730],
      [null, 'Delete', 14],
    ]);
    expect(buckets.EvidenceBucket!.retention_policy).toEqual({ retention_period: 730 * 86_400, is_locked: true });
  });
});
