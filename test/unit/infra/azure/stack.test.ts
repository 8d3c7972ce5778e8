import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureSettingsSchema } from '../../../../infra/azure/settings.js';
import { AZURE_SECRETS, AzureBridgeStack, EVENT_HUB_DEAD_LETTER_PREFIX, FUNCTION_ROLES, assertFunctionPackage } from '../../../../infra/azure/stack.js';
import { parseCloudSettings } from '../../../../infra/settings.js';
import { RETENTION } from '../../../../shared/config/retention.js';
import { cdktfWorkspace, only, resources, type TerraformJson } from '../cdktf-support.js';

const ws = cdktfWorkspace('azure');
afterAll(() => ws.dispose());

function synth(section: Record<string, unknown>): { text: string; json: TerraformJson } {
  const app = new App({ outdir: mkdtempSync(join(ws.root, 'cdktf.out-')) });
  const stack = new AzureBridgeStack(app, 'bridge', { settings: AzureSettingsSchema.parse(section), packageDir: ws.azurePackage });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as TerraformJson };
}

interface PolicyRule {
  name: string;
  filters: { prefix_match: string[]; blob_types: string[] };
  actions: { base_blob: Record<string, number> };
}

let plain: ReturnType<typeof synth>;
let immutable: ReturnType<typeof synth>;
beforeAll(() => {
  plain = synth({});
  immutable = synth({ evidence_immutability: true, container_name: 'lake', app_settings: { BRIDGE__PIPELINE__GZIP_LEVEL: '4' } });
});

function rulesOf(json: TerraformJson): PolicyRule[] {
  return only(json, 'azurerm_storage_management_policy').rule as PolicyRule[];
}

function appSettings(json: TerraformJson): Record<string, string> {
  return only(json, 'azurerm_linux_function_app').app_settings as Record<string, string>;
}

describe('the Azure stack storage', () => {
  it.each(Object.entries(RETENTION).filter(([, r]) => r.expireDays !== null))('applies the retention table to %s', (_name, entry) => {
    const rule = rulesOf(plain.json).find((r) => r.filters.prefix_match.includes(`bridge/${entry.prefix}`));
    expect(rule).toBeDefined();
    const expected: Record<string, number> = { delete_after_days_since_creation_greater_than: entry.expireDays! };
    if (entry.coolAfterDays !== undefined) expected.tier_to_cool_after_days_since_creation_greater_than = entry.coolAfterDays;
    if (entry.archiveAfterDays !== undefined) expected.tier_to_archive_after_days_since_creation_greater_than = entry.archiveAfterDays;
    expect(rule!.actions.base_blob).toEqual(expected);
    expect(rule!.filters.blob_types).toEqual(['blockBlob']);
  });

  it('has one rule per expiring prefix and none for kept ones (state/)', () => {
    const rules = rulesOf(plain.json);
    expect(rules).toHaveLength(Object.values(RETENTION).filter((r) => r.expireDays !== null).length);
    expect(rules.some((r) => r.filters.prefix_match.includes('bridge/state/'))).toBe(false);
  });

  it('keeps dead-lettered Event Hubs batches under a prefix the table expires', () => {
    const covering = rulesOf(plain.json).find((r) => r.filters.prefix_match.some((p) => `bridge/${EVENT_HUB_DEAD_LETTER_PREFIX}`.startsWith(p)));
    expect(covering?.actions.base_blob.delete_after_days_since_creation_greater_than).toBe(RETENTION.failed!.expireDays);
  });

  it('requires TLS 1.2 and HTTPS and allows no public blobs', () => {
    expect(
      Testing.toHaveResourceWithProperties(plain.text, 'azurerm_storage_account', {
        min_tls_version: 'TLS1_2',
        https_traffic_only_enabled: true,
        allow_nested_items_to_be_public: false,
      }),
    ).toBe(true);
    for (const container of Object.values(resources(plain.json, 'azurerm_storage_container'))) expect(container.container_access_type).toBe('private');
  });

  it('adds a locked immutability policy for the evidence retention when asked, and only then', () => {
    expect(resources(plain.json, 'azurerm_storage_container_immutability_policy')).toEqual({});
    expect(
      Testing.toHaveResourceWithProperties(immutable.text, 'azurerm_storage_container_immutability_policy', {
        immutability_period_in_days: RETENTION.evidence!.expireDays,
        locked: true,
      }),
    ).toBe(true);
    const locked = rulesOf(immutable.json).find((r) => r.filters.prefix_match.includes(`evidence/${RETENTION.evidence!.prefix}`));
    expect(locked?.actions.base_blob.tier_to_archive_after_days_since_creation_greater_than).toBe(RETENTION.evidence!.archiveAfterDays);
    expect(appSettings(immutable.json).BRIDGE_EVIDENCE_CONTAINER).toBe('${azurerm_storage_container.EvidenceContainer.name}');
  });

  it('follows a configured container name in every rule', () => {
    expect(rulesOf(immutable.json).filter((r) => !r.name.startsWith('locked')).every((r) => r.filters.prefix_match[0]!.startsWith('lake/'))).toBe(true);
  });
});

describe('the Azure Key Vault', () => {
  it('uses RBAC and purge protection', () => {
    expect(Testing.toHaveResourceWithProperties(plain.text, 'azurerm_key_vault', { rbac_authorization_enabled: true, purge_protection_enabled: true })).toBe(true);
  });

  it('creates each secret with a write-only empty value, so no value reaches Terraform state', () => {
    const secrets = Object.values(resources(plain.json, 'azurerm_key_vault_secret'));
    expect(secrets.map((s) => s.name).sort()).toEqual(AZURE_SECRETS.map((s) => s.name).sort());
    for (const secret of secrets) {
      expect(secret).not.toHaveProperty('value');
      expect(secret.value_wo).toBe('');
    }
  });
});

describe('the Azure Function App', () => {
  it('runs Node 22 on Linux with a system-assigned identity, HTTPS only', () => {
    expect(
      Testing.toHaveResourceWithProperties(plain.text, 'azurerm_linux_function_app', {
        https_only: true,
        identity: { type: 'SystemAssigned' },
        storage_uses_managed_identity: true,
        site_config: { application_stack: { node_version: '22' }, minimum_tls_version: '1.2', ftps_state: 'Disabled' },
      }),
    ).toBe(true);
    expect(only(plain.json, 'azurerm_service_plan').os_type).toBe('Linux');
  });

  it('passes secrets as Key Vault references and env: refs, never literals', () => {
    const settings = appSettings(plain.json);
    for (const secret of AZURE_SECRETS) {
      expect(settings[secret.env]).toMatch(/^@Microsoft\.KeyVault\(SecretUri=\$\{azurerm_key_vault_secret\.\w+\.versionless_id\}\)$/);
      expect(settings[secret.refSetting]).toBe(`env:${secret.env}`);
    }
  });

  it('binds the Event Hubs trigger settings the handler names, through an identity connection', () => {
    const settings = appSettings(plain.json);
    expect(settings.EVENTHUB_CONNECTION__fullyQualifiedNamespace).toMatch(/\.servicebus\.windows\.net$/);
    expect(settings.EVENTHUB_NAME).toContain('azurerm_eventhub.');
    expect(settings.EVENTHUB_CONSUMER_GROUP).toContain('azurerm_eventhub_consumer_group.');
    expect(settings.COLLECT_SCHEDULE).toBe('0 */15 * * * *');
    expect(Object.keys(settings).some((k) => /connectionstring|accountkey|sharedaccesskey/i.test(`${k}=${settings[k]}`))).toBe(false);
  });

  it('runs the package from a blob with its own identity', () => {
    const settings = appSettings(plain.json);
    expect(settings.WEBSITE_RUN_FROM_PACKAGE).toContain('azurerm_storage_blob.');
    expect(settings.WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID).toBe('SystemAssigned');
    expect(only(plain.json, 'azurerm_storage_blob').source).toMatch(/^assets\/FunctionPackage\/.+\.zip$/);
  });

  it('puts user app settings first, so they cannot replace the stack\'s own', () => {
    expect(appSettings(immutable.json).BRIDGE__PIPELINE__GZIP_LEVEL).toBe('4');
    const clash = synth({ app_settings: { BRIDGE__STORE__TYPE: 'local' } });
    expect(appSettings(clash.json).BRIDGE__STORE__TYPE).toBe('azure_blob');
  });

  it('grants its identity exactly three roles, each on one resource', () => {
    const assignments = Object.values(resources(plain.json, 'azurerm_role_assignment')).filter((a) => String(a.principal_id).includes('azurerm_linux_function_app'));
    expect(assignments.map((a) => [a.role_definition_name, a.scope]).sort()).toEqual(
      [
        [FUNCTION_ROLES.storage, '${azurerm_storage_account.Storage.id}'],
        [FUNCTION_ROLES.vault, '${azurerm_key_vault.Vault.id}'],
        [FUNCTION_ROLES.eventHub, '${azurerm_eventhub.Hub.id}'],
      ].sort(),
    );
  });

  it('gives the deployer only the right to write the vault\'s secrets', () => {
    const deployer = Object.values(resources(plain.json, 'azurerm_role_assignment')).filter((a) => String(a.principal_id).includes('azurerm_client_config'));
    expect(deployer.map((a) => [a.role_definition_name, a.scope])).toEqual([['Key Vault Secrets Officer', '${azurerm_key_vault.Vault.id}']]);
  });

  it('has Application Insights on a Log Analytics workspace', () => {
    expect(only(plain.json, 'azurerm_application_insights').workspace_id).toBe('${azurerm_log_analytics_workspace.Logs.id}');
    expect(String((only(plain.json, 'azurerm_linux_function_app').site_config as Record<string, unknown>).application_insights_connection_string)).toContain(
      'azurerm_application_insights.Insights.connection_string',
    );
  });
});

describe('the Azure provider', () => {
  it('takes the subscription from config when given', () => {
    const withSubscription = synth({ subscription_id: '00000000-0000-4000-8000-000000000000' });
    expect(JSON.parse(withSubscription.text).provider.azurerm[0].subscription_id).toBe('00000000-0000-4000-8000-000000000000');
    expect(JSON.parse(plain.text).provider.azurerm[0]).not.toHaveProperty('subscription_id');
  });
});

describe('the Azure Event Hubs', () => {
  it('creates namespace, hub and a consumer group for the bridge', () => {
    expect(Testing.toHaveResourceWithProperties(plain.text, 'azurerm_eventhub_namespace', { minimum_tls_version: '1.2', sku: 'Standard' })).toBe(true);
    expect(Testing.toHaveResourceWithProperties(plain.text, 'azurerm_eventhub', { partition_count: 4, message_retention: 1 })).toBe(true);
    expect(Testing.toHaveResourceWithProperties(plain.text, 'azurerm_eventhub_consumer_group', { name: 'telemetry-bridge' })).toBe(true);
  });
});

describe('the azure: config section', () => {
  it.each([
    [{ name_prefix: 'Bad-Prefix' }, 'azure.name_prefix'],
    [{ plan_sku: 'F1' }, 'azure.plan_sku'],
    [{ collect_schedule: '*/5 * * * *' }, 'azure.collect_schedule'],
    [{ event_hub_retention_days: 8 }, 'azure.event_hub_retention_days'],
    [{ subscription_id: 'my-subscription' }, 'azure.subscription_id'],
  ])('refuses %j, naming %s', (section, where) => {
    expect(() => parseCloudSettings('azure', AzureSettingsSchema, section)).toThrow(`invalid config at ${where}`);
  });

  it('names a missing build output', () => {
    expect(() => assertFunctionPackage(join(ws.root, 'nowhere'))).toThrow(/missing host\.json .*npm run build/);
  });
});
