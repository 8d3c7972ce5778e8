import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App as CdkApp } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { App as TfApp, Testing } from 'cdktf';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsSettingsSchema } from '../../../infra/aws/settings.js';
import { TelemetryBridgeStack } from '../../../infra/aws/stack.js';
import { AzureSettingsSchema } from '../../../infra/azure/settings.js';
import { AzureBridgeStack } from '../../../infra/azure/stack.js';
import { GcpSettingsSchema } from '../../../infra/gcp/settings.js';
import { GcpBridgeStack } from '../../../infra/gcp/stack.js';
import { placeholderDist } from './aws/support.js';
import { cdktfWorkspace, type TerraformJson } from './cdktf-support.js';

const ws = cdktfWorkspace('query');
afterAll(() => ws.dispose());

describe('the lake as tables in each cloud', () => {
  it('AWS: a Glue events table with partition projection over raw/, and an Athena workgroup with a scan cutoff', () => {
    const app = new CdkApp({ outdir: mkdtempSync(join(ws.root, 'cdk.out-')), builtinCloudFormationValidation: false });
    const stack = new TelemetryBridgeStack(app, 'Bridge', { settings: AwsSettingsSchema.parse({}), distDir: placeholderDist(ws.root) });
    const t = Template.fromStack(stack);
    const tables = t.findResources('AWS::Glue::Table');
    const events = Object.values(tables).find((r) => (r.Properties.TableInput as { Name: string }).Name === 'events')!.Properties.TableInput as Record<string, any>;
    expect(events.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.dt.type': 'date', 'projection.hour.digits': '2' });
    expect(events.Parameters['projection.source.values']).toContain('azure.eventhub');
    expect(events.PartitionKeys.map((k: { Name: string }) => k.Name)).toEqual(['source', 'dt', 'hour']);
    expect(events.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).toContain('attributes');
    expect(events.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    t.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: { EnforceWorkGroupConfiguration: true, BytesScannedCutoffPerQuery: 100 * 1024 ** 3, ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } } },
    });
  });

  it('GCP: BigQuery external tables over raw/ with hive partitioning and a required partition filter', () => {
    const app = new TfApp({ outdir: mkdtempSync(join(ws.root, 'cdktf.out-')) });
    const stack = new GcpBridgeStack(app, 'bridge', { settings: GcpSettingsSchema.parse({}), sourceDir: ws.gcpSource });
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    const table = Object.values(json.resource.google_bigquery_table!).find((r) => r.table_id === 'events')! as Record<string, any>;
    const ext = table.external_data_configuration;
    expect(ext).toMatchObject({ source_format: 'NEWLINE_DELIMITED_JSON', compression: 'GZIP', hive_partitioning_options: { mode: 'CUSTOM', require_partition_filter: true } });
    expect(ext.hive_partitioning_options.source_uri_prefix).toMatch(/\/raw\/\{source:STRING\}\/\{dt:DATE\}\/\{hour:STRING\}$/);
    expect((JSON.parse(table.schema as string) as Array<{ name: string; type: string }>).find((c) => c.name === 'attributes')).toMatchObject({ type: 'JSON' });
  });

  it('Azure: a workspace function that gives the Sentinel table the lake’s name', () => {
    const app = new TfApp({ outdir: mkdtempSync(join(ws.root, 'cdktf.out-')) });
    const stack = new AzureBridgeStack(app, 'bridge', { settings: AzureSettingsSchema.parse({}), packageDir: ws.azurePackage });
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    const fn = Object.values(json.resource.azurerm_log_analytics_saved_search!)[0]!;
    expect(fn).toMatchObject({ function_alias: 'TelemetryBridgeEvents' });
    expect(fn.query).toMatch(/^TelemetryBridge_CL \|/);
  });
});
