import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssetType, Fn, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { LinuxFunctionAppAuthSettingsV2 } from '@cdktf/provider-azurerm/lib/linux-function-app/index.js';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights/index.js';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config/index.js';
import { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub/index.js';
import { EventhubConsumerGroup } from '@cdktf/provider-azurerm/lib/eventhub-consumer-group/index.js';
import { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace/index.js';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault/index.js';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret/index.js';
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
import { CLOUD_FUNCTIONS, ROLE_ACCESS, SECRET_NAMES, type BridgeRole } from '../permissions.js';
import { BlobVerbRoles } from './blob-access.js';
import { BridgeFunctionApp, type AzureFunctionName } from './function-app.js';
import { managementPolicyRules } from './lifecycle.js';
import { publicNetworkAccessOf, type AzureSettings } from './settings.js';
import { QueryTables } from './query-tables.js';

/** Where the Event Hubs handler keeps batches that exhausted its retry policy (covered by failed/ retention). */
export const EVENT_HUB_DEAD_LETTER_PREFIX = 'failed/eventhub-deadletter/';

/** Key Vault secrets, created empty; an app reads each of its own through a Key Vault reference into an env var. */
export const AZURE_SECRETS = [
  { id: 'FixopsApiKey', use: 'fixops', name: SECRET_NAMES.fixops, env: 'BRIDGE_FIXOPS_API_KEY', refSetting: 'BRIDGE__SINKS__FIXOPS__API_KEY_SECRET_REF' },
  { id: 'EvidenceSigningKey', use: 'signing', name: SECRET_NAMES.signing, env: 'BRIDGE_EVIDENCE_SIGNING_KEY', refSetting: 'BRIDGE__EVIDENCE__SIGNING_KEY_SECRET_REF' },
  { id: 'RedactionHmacKey', use: 'hmac', name: SECRET_NAMES.hmac, env: 'BRIDGE_REDACTION_HMAC_KEY', refSetting: 'BRIDGE__REDACTION__HMAC_KEY_SECRET_REF' },
] as const;

/** Built-in roles besides the custom blob roles: the ingest identity receives from the hub. */
export const FUNCTION_ROLES = {
  vault: 'Key Vault Secrets User',
  eventHub: 'Azure Event Hubs Data Receiver',
} as const;

/** The letter of each role in its host storage account's name (`<prefix><letter>h<suffix>`). */
const HOST_STORAGE_LETTER: Readonly<Record<BridgeRole, string>> = { ingest: 'i', collect: 'c', evidence: 'e', edge: 'x' };

/** One Function App per role, each running one of the package's functions. */
export const AZURE_APPS: ReadonlyArray<{ role: BridgeRole; functionName: AzureFunctionName; id: string; short: string }> = (
  Object.entries(CLOUD_FUNCTIONS.azure) as Array<[AzureFunctionName, BridgeRole]>
).map(([functionName, role]) => ({ role, functionName, id: `${role.charAt(0).toUpperCase()}${role.slice(1)}App`, short: HOST_STORAGE_LETTER[role] }));

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
      // Shared keys are off: the provider reaches blobs and containers with Entra tokens too.
      storageUseAzuread: true,
      ...(s.subscription_id ? { subscriptionId: s.subscription_id } : {}),
    });
    const client = new DataAzurermClientConfig(this, 'client');

    const rg = new ResourceGroup(this, 'ResourceGroup', { name: s.resource_group_name ?? `${s.name_prefix}-rg`, location: s.location });
    const common = { resourceGroupName: rg.name, location: rg.location };
    // Globally unique names: a short, stable hash of subscription and resource group.
    const suffix = Fn.substr(Fn.sha1(Fn.join('/', [client.subscriptionId, rg.name])), 0, 8);
    const access = publicNetworkAccessOf(s);
    const subnets = s.functions_subnet_id ? [s.functions_subnet_id] : [];
    const storageNetwork = access === 'selected_networks' ? { networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'], virtualNetworkSubnetIds: subnets, ipRules: s.deployer_ip_ranges } } : {};

    const storage = new StorageAccount(this, 'Storage', {
      ...common,
      name: s.storage_account_name ?? `${s.name_prefix}${suffix}`,
      accountTier: 'Standard',
      accountKind: 'StorageV2',
      accountReplicationType: s.storage_replication,
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      // Entra ID only: no account keys, no SAS.
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      publicNetworkAccessEnabled: access !== 'disabled',
      ...storageNetwork,
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
      publicNetworkAccessEnabled: access !== 'disabled',
      ...(access === 'selected_networks' ? { networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices', virtualNetworkSubnetIds: subnets, ipRules: s.deployer_ip_ranges } } : {}),
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
      // Entra ID only: the trigger connects with the ingest identity, no SAS keys.
      localAuthenticationEnabled: false,
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

    // The package is zipped at synth (offline) and uploaded next to the data; each app runs it from
    // that URL with its own identity, so no key or SAS token is needed. The deployer uploads it
    // with its Entra identity (shared keys are off), hence its data role on that container only.
    const deployerPackages = new RoleAssignment(this, 'DeployerPackageWriter', { scope: packages.id, roleDefinitionName: 'Storage Blob Data Contributor', principalId: client.objectId });
    const asset = new TerraformAsset(this, 'FunctionPackage', { path: props.packageDir, type: AssetType.ARCHIVE });
    const packageBlob = new StorageBlob(this, 'FunctionPackageBlob', {
      name: `telemetry-bridge-${asset.assetHash}.zip`,
      storageAccountName: storage.name,
      storageContainerName: packages.name,
      type: 'Block',
      source: asset.path,
      dependsOn: [deployerPackages],
    });

    const blobRoles = new BlobVerbRoles(this, 'BlobRoles', { name: `${s.name_prefix}-${rg.name}`, resourceGroupId: rg.id });
    const containerFor = (area: string): StorageContainer => (area === 'evidence' && evidenceContainer ? evidenceContainer : container);
    const baseSettings: Record<string, string> = {
      ...s.app_settings,
      EVENTHUB_CONNECTION__fullyQualifiedNamespace: `${namespace.name}.servicebus.windows.net`,
      EVENTHUB_NAME: hub.name,
      EVENTHUB_CONSUMER_GROUP: consumerGroup.name,
      COLLECT_SCHEDULE: s.collect_schedule,
      // host.json functionTimeout (10 min): the handlers' time budget.
      BRIDGE__AZURE__FUNCTION_TIMEOUT_MS: '600000',
      BRIDGE__STORE__TYPE: 'azure_blob',
      BRIDGE__STORE__ACCOUNT_URL: storage.primaryBlobEndpoint,
      BRIDGE__STORE__CONTAINER: container.name,
    };
    const siteConfig = {
      applicationStack: { nodeVersion: '22' },
      minimumTlsVersion: '1.2',
      ftpsState: 'Disabled',
      http2Enabled: true,
      applicationInsightsConnectionString: insights.connectionString,
      ...(s.functions_subnet_id ? { vnetRouteAllEnabled: true } : {}),
    };
    const apps = {} as Record<BridgeRole, BridgeFunctionApp>;
    for (const spec of AZURE_APPS) {
      const roleAccess = ROLE_ACCESS[spec.role];
      const evidenceApp = spec.role === 'evidence';
      apps[spec.role] = new BridgeFunctionApp(this, spec.id, {
        role: spec.role,
        functionName: spec.functionName,
        name: `${s.function_app_name ?? `${s.name_prefix}-func-${suffix}`}-${spec.role}`,
        hostStorageName: `${s.name_prefix}${spec.short}h${suffix}`,
        common,
        servicePlanId: plan.id,
        access: roleAccess,
        blobRoles,
        containerFor,
        packages,
        packageUrl: packageBlob.url,
        secrets: AZURE_SECRETS.flatMap((secret, i) => ((roleAccess.secrets as readonly string[]).includes(secret.use) ? [{ secret: secrets[i]!, env: secret.env, refSetting: secret.refSetting }] : [])),
        extraSecretScopes: roleAccess.secrets.includes('connectors') ? s.connector_secret_names.map((n) => `${vault.id}/secrets/${n}`) : [],
        appSettings: {
          ...baseSettings,
          ...(spec.role === 'ingest' ? { EVENTHUB_CONNECTION__credential: 'managedidentity' } : {}),
          ...(roleAccess.create.includes('evidence') && evidenceContainer ? { BRIDGE_EVIDENCE_CONTAINER: evidenceContainer.name } : {}),
        },
        siteConfig: evidenceApp ? { ...siteConfig, appScaleLimit: s.evidence_max_instances } : siteConfig,
        publicNetworkAccess: access !== 'disabled',
        ...(access === 'selected_networks' ? { networkRules: storageNetwork.networkRules! } : {}),
        ...(s.functions_subnet_id ? { virtualNetworkSubnetId: s.functions_subnet_id } : {}),
        ...(evidenceApp ? { authSettingsV2: entraAuth(s.evidence_entra_client_id, s.evidence_allowed_callers, client.tenantId) } : {}),
        ...(spec.role === 'edge' ? { authSettingsV2: entraAuth(s.http_ingest_entra_client_id, s.http_ingest_allowed_callers, client.tenantId) } : {}),
      });
    }
    // The trigger's connection: the ingest identity, set as the client id of the connection.
    apps.ingest.app.addOverride('app_settings.EVENTHUB_CONNECTION__clientId', apps.ingest.identity.clientId);
    new RoleAssignment(this, 'IngestEventHub', { scope: hub.id, roleDefinitionName: FUNCTION_ROLES.eventHub, principalId: apps.ingest.identity.principalId, principalType: 'ServicePrincipal' });

    for (const spec of AZURE_APPS) new TerraformOutput(this, `${spec.role}_function_app_name`, { value: apps[spec.role].app.name });
    new TerraformOutput(this, 'evidence_url', { value: `https://${apps.evidence.app.defaultHostname}/api/evidence` });
    new TerraformOutput(this, 'http_ingest_url', { value: `https://${apps.edge.app.defaultHostname}/api/edge`, description: 'Entra-authenticated HTTP ingest: POST <this>/ingest, /telemetry; GET <this>/evidence, /health' });
    new TerraformOutput(this, 'storage_account_name', { value: storage.name });
    new TerraformOutput(this, 'container_name', { value: container.name });
    new TerraformOutput(this, 'key_vault_name', { value: vault.name });
    new TerraformOutput(this, 'key_vault_uri', { value: vault.vaultUri });
    new TerraformOutput(this, 'event_hub_namespace', { value: namespace.name });
    new TerraformOutput(this, 'event_hub_name', { value: hub.name });
  }
}

/**
 * App Service authentication in front of an HTTP app (evidence, HTTP ingest): every request needs
 * an Entra token (401 otherwise), issued for the configured app registration, and from an allowed
 * caller when the list is set. Without a client id nothing can authenticate, so every request is refused.
 */
function entraAuth(clientId: string | undefined, allowedCallers: string[], tenantId: string): LinuxFunctionAppAuthSettingsV2 {
  return {
    authEnabled: true,
    requireAuthentication: true,
    unauthenticatedAction: 'Return401',
    requireHttps: true,
    login: { tokenStoreEnabled: false },
    ...(clientId
      ? {
          defaultProvider: 'azureactivedirectory',
          activeDirectoryV2: {
            clientId,
            tenantAuthEndpoint: `https://login.microsoftonline.com/${tenantId}/v2.0`,
            allowedAudiences: [`api://${clientId}`, clientId],
            ...(allowedCallers.length > 0 ? { allowedIdentities: allowedCallers } : {}),
          },
        }
      : {}),
  };
}

/** dist/azure must be a deployable Function App folder. */
export function assertFunctionPackage(dir: string): void {
  for (const file of ['host.json', 'package.json']) {
    if (!existsSync(join(dir, file))) {
      throw new Error(`the Azure Function package is missing ${file} (${dir}): run \`npm run build\` before synth or deploy`);
    }
  }
}
