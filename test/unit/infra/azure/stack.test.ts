import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureSettingsSchema } from '../../../../infra/azure/settings.js';
import { AZURE_SECRETS, AzureBridgeStack, EVENT_HUB_DEAD_LETTER_PREFIX, assertFunctionPackage } from '../../../../infra/azure/stack.js';
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

/** One role's Function App (IngestApp, CollectApp, EvidenceApp, EdgeApp). */
function appOf(json: TerraformJson, role = 'ingest'): Record<string, unknown> {
  const apps = Object.entries(resources(json, 'azurerm_linux_function_app')).filter(([id]) => id.startsWith(`${role.charAt(0).toUpperCase()}${role.slice(1)}App_`));
  if (apps.length !== 1) throw new Error(`expected one ${role} app, found ${apps.length}`);
  return apps[0]![1];
}

function appSettings(json: TerraformJson, role = 'ingest'): Record<string, string> {
  return appOf(json, role).app_settings as Record<string, string>;
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
    expect(appSettings(immutable.json, 'evidence').BRIDGE_EVIDENCE_CONTAINER).toBe('${azurerm_storage_container.EvidenceContainer.name}');
    expect(appSettings(immutable.json, 'ingest').BRIDGE_EVIDENCE_CONTAINER).toBeUndefined();
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

describe('the Azure Function Apps', () => {
  it.each(['ingest', 'collect', 'evidence'])('runs the %s role as its own app: Node 22 on Linux, its own user-assigned identity and host storage, HTTPS only', (role) => {
    const app = appOf(plain.json, role);
    expect(app).toMatchObject({ https_only: true, storage_uses_managed_identity: true, identity: { type: 'UserAssigned' } });
    expect(app.site_config).toMatchObject({ application_stack: { node_version: '22' }, minimum_tls_version: '1.2', ftps_state: 'Disabled' });
    expect(String(app.storage_account_name)).toMatch(/HostStorage/);
    expect(app.key_vault_reference_identity_id).toBe((app.identity as { identity_ids: string[] }).identity_ids[0]);
    expect(only(plain.json, 'azurerm_service_plan').os_type).toBe('Linux');
  });

  it.each([
    ['ingest', 'ingestEventHub'],
    ['collect', 'scheduledCollect'],
    ['evidence', 'evidenceHttp'],
  ])('lets the %s app run only %s', (role, fn) => {
    const settings = appSettings(plain.json, role);
    const disabled = ['ingestEventHub', 'scheduledCollect', 'evidenceHttp'].filter((f) => settings[`AzureWebJobs.${f}.Disabled`] === 'true');
    expect(disabled.sort()).toEqual(['ingestEventHub', 'scheduledCollect', 'evidenceHttp'].filter((f) => f !== fn).sort());
  });

  it.each(['ingest', 'collect', 'evidence'])('passes the %s app its secrets as Key Vault references and env: refs, never literals', (role) => {
    const settings = appSettings(plain.json, role);
    for (const secret of AZURE_SECRETS) {
      if (settings[secret.env] === undefined) continue;
      expect(settings[secret.env]).toMatch(/^@Microsoft\.KeyVault\(SecretUri=\$\{azurerm_key_vault_secret\.\w+\.versionless_id\}\)$/);
      expect(settings[secret.refSetting]).toBe(`env:${secret.env}`);
    }
    expect(Object.keys(settings).some((k) => /connectionstring|accountkey|sharedaccesskey/i.test(`${k}=${settings[k]}`))).toBe(false);
  });

  it('binds the Event Hubs trigger through the ingest identity (local auth is off)', () => {
    const settings = appSettings(plain.json, 'ingest');
    expect(settings.EVENTHUB_CONNECTION__fullyQualifiedNamespace).toMatch(/\.servicebus\.windows\.net$/);
    expect(settings.EVENTHUB_CONNECTION__credential).toBe('managedidentity');
    expect(settings.EVENTHUB_CONNECTION__clientId).toMatch(/^\$\{azurerm_user_assigned_identity\.IngestApp_Identity_\w+\.client_id\}$/);
    expect(settings.EVENTHUB_NAME).toContain('azurerm_eventhub.');
    expect(settings.COLLECT_SCHEDULE).toBe('0 */15 * * * *');
    expect(only(plain.json, 'azurerm_eventhub_namespace').local_authentication_enabled).toBe(false);
  });

  it('runs the package from a blob with each app\'s own identity', () => {
    for (const role of ['ingest', 'collect', 'evidence', 'edge']) {
      const settings = appSettings(plain.json, role);
      expect(settings.WEBSITE_RUN_FROM_PACKAGE).toContain('azurerm_storage_blob.');
      expect(settings.WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID).toMatch(/^\$\{azurerm_user_assigned_identity\.\w+\.id\}$/);
    }
    expect(only(plain.json, 'azurerm_storage_blob').source).toMatch(/^assets\/FunctionPackage\/.+\.zip$/);
  });

  it('puts user app settings first, so they cannot replace the stack\'s own', () => {
    expect(appSettings(immutable.json).BRIDGE__PIPELINE__GZIP_LEVEL).toBe('4');
    const clash = synth({ app_settings: { BRIDGE__STORE__TYPE: 'local' } });
    expect(appSettings(clash.json).BRIDGE__STORE__TYPE).toBe('azure_blob');
  });

  it('runs the HTTP ingest function in its own app only, behind Entra authentication, with the evidence container for GET /evidence', () => {
    const functionsOf = (role: string) => Object.keys(appSettings(plain.json, role)).filter((k) => /^AzureWebJobs\.\w+\.Disabled$/.test(k)).map((k) => k.split('.')[1]).sort();
    expect(functionsOf('edge')).toEqual(['evidenceHttp', 'ingestEventHub', 'scheduledCollect']);
    for (const role of ['ingest', 'collect', 'evidence']) expect(functionsOf(role)).toContain('httpIngest');
    expect(appOf(plain.json, 'edge').auth_settings_v2).toMatchObject({ auth_enabled: true, require_authentication: true, unauthenticated_action: 'Return401' });
    expect((appOf(plain.json, 'edge').auth_settings_v2 as Record<string, unknown>).active_directory_v2).toBeUndefined();
    const entra = synth({ http_ingest_entra_client_id: '11111111-2222-4333-8444-555555555555', http_ingest_allowed_callers: ['66666666-7777-4888-8999-000000000000'] });
    expect(appOf(entra.json, 'edge').auth_settings_v2).toMatchObject({
      active_directory_v2: { client_id: '11111111-2222-4333-8444-555555555555', allowed_identities: ['66666666-7777-4888-8999-000000000000'] },
    });
    expect((appOf(entra.json, 'evidence').auth_settings_v2 as Record<string, unknown>).active_directory_v2).toBeUndefined();
    expect(appSettings(immutable.json, 'edge').BRIDGE_EVIDENCE_CONTAINER).toBe(appSettings(immutable.json, 'evidence').BRIDGE_EVIDENCE_CONTAINER);
    expect(appSettings(immutable.json, 'ingest').BRIDGE_EVIDENCE_CONTAINER).toBeUndefined();
    expect(Object.keys(plain.json.output ?? {})).toContain('http_ingest_url');
  });

  it('puts Entra authentication in front of the evidence app, not the event-driven ones, refusing unauthenticated requests', () => {
    expect(appOf(plain.json, 'evidence').auth_settings_v2).toMatchObject({ auth_enabled: true, require_authentication: true, unauthenticated_action: 'Return401' });
    expect(appOf(plain.json, 'ingest').auth_settings_v2).toBeUndefined();
    const entra = synth({ evidence_entra_client_id: '11111111-2222-4333-8444-555555555555', evidence_allowed_callers: ['66666666-7777-4888-8999-000000000000'] });
    expect(appOf(entra.json, 'evidence').auth_settings_v2).toMatchObject({
      active_directory_v2: { client_id: '11111111-2222-4333-8444-555555555555', allowed_identities: ['66666666-7777-4888-8999-000000000000'] },
    });
    expect(appOf(plain.json, 'evidence').site_config).toMatchObject({ app_scale_limit: 2 });
  });

  it('turns shared keys off on every storage account, and keeps public network access where a Consumption plan needs it', () => {
    for (const account of Object.values(resources(plain.json, 'azurerm_storage_account'))) {
      expect(account).toMatchObject({ shared_access_key_enabled: false, default_to_oauth_authentication: true, public_network_access_enabled: true });
    }
    expect(JSON.parse(plain.text).provider.azurerm[0].storage_use_azuread).toBe(true);
  });

  it('closes storage and Key Vault to all but the functions\' subnet when the apps have one', () => {
    const subnet = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/functions';
    const vnet = synth({ plan_sku: 'EP1', functions_subnet_id: subnet, deployer_ip_ranges: ['203.0.113.0/28'] });
    for (const account of Object.values(resources(vnet.json, 'azurerm_storage_account'))) {
      expect(account.network_rules).toMatchObject({ default_action: 'Deny', virtual_network_subnet_ids: [subnet], ip_rules: ['203.0.113.0/28'] });
    }
    expect(only(vnet.json, 'azurerm_key_vault').network_acls).toMatchObject({ default_action: 'Deny', virtual_network_subnet_ids: [subnet] });
    expect(appOf(vnet.json, 'collect').virtual_network_subnet_id).toBe(subnet);
    const closed = synth({ plan_sku: 'EP1', functions_subnet_id: subnet, public_network_access: 'disabled' });
    expect(only(closed.json, 'azurerm_key_vault').public_network_access_enabled).toBe(false);
  });

  it('gives the deployer only the right to write the vault\'s secrets and upload the package', () => {
    const deployer = Object.values(resources(plain.json, 'azurerm_role_assignment')).filter((a) => String(a.principal_id).includes('azurerm_client_config'));
    expect(deployer.map((a) => [a.role_definition_name, a.scope]).sort()).toEqual(
      [
        ['Key Vault Secrets Officer', '${azurerm_key_vault.Vault.id}'],
        ['Storage Blob Data Contributor', '${azurerm_storage_container.Packages.id}'],
      ].sort(),
    );
  });

  it('has Application Insights on a Log Analytics workspace', () => {
    expect(only(plain.json, 'azurerm_application_insights').workspace_id).toBe('${azurerm_log_analytics_workspace.Logs.id}');
    expect(String((appOf(plain.json, 'ingest').site_config as Record<string, unknown>).application_insights_connection_string)).toContain(
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
    [{ functions_subnet_id: '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/f' }, 'azure.functions_subnet_id'],
    [{ public_network_access: 'selected_networks' }, 'azure.public_network_access'],
  ])('refuses %j, naming %s', (section, where) => {
    expect(() => parseCloudSettings('azure', AzureSettingsSchema, section)).toThrow(`invalid config at ${where}`);
  });

  it('names a missing build output', () => {
    expect(() => assertFunctionPackage(join(ws.root, 'nowhere'))).toThrow(/missing host\.json .*npm run build/);
  });
});
