import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssetType, Fn, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights/index.js';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config/index.js';
import { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub/index.js';
import { EventhubConsumerGroup } from '@cdktf/provider-azurerm/lib/eventhub-consumer-group/index.js';
import { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace/index.js';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault/index.js';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret/index.js';
import { LinuxFunctionApp } from '@cdktf/provider-azurerm/lib/linux-function-app/index.js';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace/index.js';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider/index.js';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import { ServicePlan } from '@cdktf/provider-azurerm/lib/service-plan/index.js';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account/index.js';
import { StorageBlob } from '@cdktf/provider-azurerm/lib/storage-blob/index.js';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container/index.js';
import { StorageContainerImmutabilityPolicy } from '@cdktf/provider-azurerm/lib/storage-container-immutability-policy/index.js';
import { StorageManagementPolicy } from '@cdktf/provider-azurerm/lib/storage-management-policy/index.js';
import { RETENTION } from '../../shared/config/retention.js';
import { managementPolicyRules } from './lifecycle.js';
import { QueryTables } from './query-tables.js';
import type { AzureSettings } from './settings.js';

/** Where the Event Hubs handler keeps batches that exhausted its retry policy (covered by failed/ retention). */
export const EVENT_HUB_DEAD_LETTER_PREFIX = 'failed/eventhub-deadletter/';

/** Key Vault secrets, created empty; the app reads each through a Key Vault reference into an env var. */
export const AZURE_SECRETS = [
  { id: 'FixopsApiKey', name: 'fixops-api-key', env: 'BRIDGE_FIXOPS_API_KEY', refSetting: 'BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF' },
  { id: 'EvidenceSigningKey', name: 'evidence-signing-key', env: 'BRIDGE_EVIDENCE_SIGNING_KEY', refSetting: 'BRIDGE__EVIDENCE__SIGNING_KEY_SECRET_REF' },
  { id: 'RedactionHmacKey', name: 'redaction-hmac-key', env: 'BRIDGE_REDACTION_HMAC_KEY', refSetting: 'BRIDGE__REDACTION__HMAC_KEY_SECRET_REF' },
] as const;

/** The only roles the Function App's identity holds. */
export const FUNCTION_ROLES = {
  storage: 'Storage Blob Data Contributor',
  vault: 'Key Vault Secrets User',
  eventHub: 'Azure Event Hubs Data Receiver',
} as const;

export interface AzureBridgeStackProps {
  settings: AzureSettings;
  /** The Function App folder `npm run build` writes (dist/azure: package.json, host.json, index.mjs). */
  packageDir: string;
}

/** Everything the bridge needs on Azure; see infra/README.md. */
export class AzureBridgeStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AzureBridgeStackProps) {
    super(scope, id);
    const s = props.settings;
    assertFunctionPackage(props.packageDir);
    new AzurermProvider(this, 'azurerm', {
      features: [{ keyVault: [{ purgeSoftDeleteOnDestroy: false }] }],
      ...(s.subscription_id ? { subscriptionId: s.subscription_id } : {}),
    });
    const client = new DataAzurermClientConfig(this, 'client');

    const rg = new ResourceGroup(this, 'ResourceGroup', { name: s.resource_group_name ?? `${s.name_prefix}-rg`, location: s.location });
    const common = { resourceGroupName: rg.name, location: rg.location };
    // Globally unique names: a short, stable hash of subscription and resource group.
    const suffix = Fn.substr(Fn.sha1(Fn.join('/', [client.subscriptionId, rg.name])), 0, 8);

    const storage = new StorageAccount(this, 'Storage', {
      ...common,
      name: s.storage_account_name ?? `${s.name_prefix}${suffix}`,
      accountTier: 'Standard',
      accountKind: 'StorageV2',
      accountReplicationType: s.storage_replication,
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      blobProperties: { deleteRetentionPolicy: { days: 7 }, containerDeleteRetentionPolicy: { days: 7 } },
    });
    const container = new StorageContainer(this, 'Container', { name: s.container_name, storageAccountId: storage.id, containerAccessType: 'private' });
    const packages = new StorageContainer(this, 'Packages', { name: 'function-packages', storageAccountId: storage.id, containerAccessType: 'private' });
    let evidenceContainer: StorageContainer | undefined;
    const rules = managementPolicyRules(s.container_name);
    if (s.evidence_immutability) {
      const days = RETENTION.evidence?.expireDays;
      if (!days) throw new Error('the retention table has no expiring evidence entry; immutability needs its retention');
      evidenceContainer = new StorageContainer(this, 'EvidenceContainer', { name: 'evidence', storageAccountId: storage.id, containerAccessType: 'private' });
      // Locked: like S3 Object Lock in compliance mode, nobody can shorten or remove it.
      new StorageContainerImmutabilityPolicy(this, 'EvidenceImmutability', {
        storageContainerResourceManagerId: evidenceContainer.id,
        immutabilityPeriodInDays: days,
        locked: true,
        protectedAppendWritesEnabled: false,
      });
      rules.push(...managementPolicyRules('evidence', ['evidence'], 'locked'));
    }
    new StorageManagementPolicy(this, 'Lifecycle', { storageAccountId: storage.id, rule: rules });

    const vault = new KeyVault(this, 'Vault', {
      ...common,
      name: s.key_vault_name ?? `${s.name_prefix}-kv-${suffix}`,
      tenantId: client.tenantId,
      skuName: 'standard',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
    });
    // The deployer writes the (empty) secrets; RBAC mode needs a data-plane role for that.
    const deployerSecrets = new RoleAssignment(this, 'DeployerSecretsOfficer', {
      scope: vault.id,
      roleDefinitionName: 'Key Vault Secrets Officer',
      principalId: client.objectId,
    });
    const secrets = AZURE_SECRETS.map(
      (secret) =>
        new KeyVaultSecret(this, secret.id, {
          name: secret.name,
          keyVaultId: vault.id,
          // Write-only: the empty placeholder never enters Terraform state; the operator sets the value.
          valueWo: '',
          valueWoVersion: 1,
          contentType: 'set by the operator',
          dependsOn: [deployerSecrets],
        }),
    );

    const namespace = new EventhubNamespace(this, 'EventHubs', {
      ...common,
      name: `${s.name_prefix}-eh-${suffix}`,
      sku: s.event_hub_sku,
      capacity: s.event_hub_capacity,
      minimumTlsVersion: '1.2',
    });
    const hub = new Eventhub(this, 'Hub', {
      name: 'logs',
      namespaceId: namespace.id,
      partitionCount: s.event_hub_partitions,
      messageRetention: s.event_hub_retention_days,
    });
    const consumerGroup = new EventhubConsumerGroup(this, 'ConsumerGroup', {
      name: s.consumer_group,
      namespaceName: namespace.name,
      eventhubName: hub.name,
      resourceGroupName: rg.name,
    });

    const workspace = new LogAnalyticsWorkspace(this, 'Logs', { ...common, name: `${s.name_prefix}-logs`, sku: 'PerGB2018', retentionInDays: s.log_retention_days });
    new QueryTables(this, 'QueryTables', { workspaceId: workspace.id });
    const insights = new ApplicationInsights(this, 'Insights', { ...common, name: `${s.name_prefix}-insights`, applicationType: 'Node.JS', workspaceId: workspace.id });
    const plan = new ServicePlan(this, 'Plan', { ...common, name: `${s.name_prefix}-plan`, osType: 'Linux', skuName: s.plan_sku });

    // The package is zipped at synth (offline) and uploaded next to the data; the app runs it from
    // that URL with its own identity, so no key or SAS token is needed.
    const asset = new TerraformAsset(this, 'FunctionPackage', { path: props.packageDir, type: AssetType.ARCHIVE });
    const packageBlob = new StorageBlob(this, 'FunctionPackageBlob', {
      name: `telemetry-bridge-${asset.assetHash}.zip`,
      storageAccountName: storage.name,
      storageContainerName: packages.name,
      type: 'Block',
      source: asset.path,
    });

    const keyVaultReference = (secret: KeyVaultSecret): string => `@Microsoft.KeyVault(SecretUri=${secret.versionlessId})`;
    const secretSettings: Record<string, string> = {};
    AZURE_SECRETS.forEach((secret, i) => {
      secretSettings[secret.env] = keyVaultReference(secrets[i]!);
      secretSettings[secret.refSetting] = `env:${secret.env}`;
    });

    const app = new LinuxFunctionApp(this, 'FunctionApp', {
      ...common,
      name: s.function_app_name ?? `${s.name_prefix}-func-${suffix}`,
      servicePlanId: plan.id,
      storageAccountName: storage.name,
      storageUsesManagedIdentity: true,
      contentShareForceDisabled: true,
      httpsOnly: true,
      builtinLoggingEnabled: false,
      identity: { type: 'SystemAssigned' },
      siteConfig: {
        applicationStack: { nodeVersion: '22' },
        minimumTlsVersion: '1.2',
        ftpsState: 'Disabled',
        http2Enabled: true,
        applicationInsightsConnectionString: insights.connectionString,
      },
      appSettings: {
        ...s.app_settings,
        WEBSITE_RUN_FROM_PACKAGE: packageBlob.url,
        WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: 'SystemAssigned',
        EVENTHUB_CONNECTION__fullyQualifiedNamespace: `${namespace.name}.servicebus.windows.net`,
        EVENTHUB_NAME: hub.name,
        EVENTHUB_CONSUMER_GROUP: consumerGroup.name,
        COLLECT_SCHEDULE: s.collect_schedule,
        BRIDGE__STORE__TYPE: 'azure_blob',
        BRIDGE__STORE__ACCOUNT_URL: storage.primaryBlobEndpoint,
        BRIDGE__STORE__CONTAINER: container.name,
        ...(evidenceContainer ? { BRIDGE_EVIDENCE_CONTAINER: evidenceContainer.name } : {}),
        ...secretSettings,
      },
    });

    const principalId = app.identity.principalId;
    new RoleAssignment(this, 'AppBlobData', { scope: storage.id, roleDefinitionName: FUNCTION_ROLES.storage, principalId, principalType: 'ServicePrincipal' });
    new RoleAssignment(this, 'AppSecrets', { scope: vault.id, roleDefinitionName: FUNCTION_ROLES.vault, principalId, principalType: 'ServicePrincipal' });
    new RoleAssignment(this, 'AppEventHub', { scope: hub.id, roleDefinitionName: FUNCTION_ROLES.eventHub, principalId, principalType: 'ServicePrincipal' });

    new TerraformOutput(this, 'function_app_name', { value: app.name });
    new TerraformOutput(this, 'storage_account_name', { value: storage.name });
    new TerraformOutput(this, 'container_name', { value: container.name });
    new TerraformOutput(this, 'key_vault_name', { value: vault.name });
    new TerraformOutput(this, 'key_vault_uri', { value: vault.vaultUri });
    new TerraformOutput(this, 'event_hub_namespace', { value: namespace.name });
    new TerraformOutput(this, 'event_hub_name', { value: hub.name });
  }
}

/** dist/azure must be a deployable Function App folder. */
export function assertFunctionPackage(dir: string): void {
  for (const file of ['host.json', 'package.json']) {
    if (!existsSync(join(dir, file))) {
      throw new Error(`the Azure Function package is missing ${file} (${dir}): run \`npm run build\` before synth or deploy`);
    }
  }
}
