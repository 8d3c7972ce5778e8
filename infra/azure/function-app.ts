import { Construct } from 'constructs';
import type { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret/index.js';
import { LinuxFunctionApp, type LinuxFunctionAppAuthSettingsV2, type LinuxFunctionAppConfig } from '@cdktf/provider-azurerm/lib/linux-function-app/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import { StorageAccount, type StorageAccountNetworkRules } from '@cdktf/provider-azurerm/lib/storage-account/index.js';
import type { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container/index.js';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity/index.js';
import type { BridgeRole, RoleAccess } from '../permissions.js';
import { BlobAccess, type BlobVerbRoles } from './blob-access.js';

/** The registered functions (azure-function/index.ts); each app runs one and has the others disabled. */
export const AZURE_FUNCTION_NAMES = ['ingestEventHub', 'scheduledCollect', 'evidenceHttp', 'httpIngest'] as const;
export type AzureFunctionName = (typeof AZURE_FUNCTION_NAMES)[number];

/** A secret the app reads: a Key Vault reference into an env var, and the config ref pointing at it. */
export interface AppSecret {
  secret: KeyVaultSecret;
  env: string;
  refSetting: string;
}

export interface BridgeFunctionAppProps {
  role: BridgeRole;
  /** The function this app runs. */
  functionName: AzureFunctionName;
  name: string;
  hostStorageName: string;
  common: { resourceGroupName: string; location: string };
  servicePlanId: string;
  access: RoleAccess;
  blobRoles: BlobVerbRoles;
  containerFor: (area: string) => StorageContainer;
  packages: StorageContainer;
  packageUrl: string;
  /** Only this role's secrets, each granted on the secret itself. */
  secrets: AppSecret[];
  /** Key Vault resource ids of further secrets it may read (connector credentials). */
  extraSecretScopes: string[];
  appSettings: Record<string, string>;
  siteConfig: NonNullable<LinuxFunctionAppConfig['siteConfig']>;
  networkRules?: StorageAccountNetworkRules;
  publicNetworkAccess: boolean;
  authSettingsV2?: LinuxFunctionAppAuthSettingsV2;
  virtualNetworkSubnetId?: string;
}

/**
 * One function role on Azure: its own user-assigned identity, its own host storage account
 * (AzureWebJobsStorage: leases, keys, checkpoints; shared keys off), and a Function App that runs
 * only its function. The identity holds only its row of the permission table: blob roles with
 * prefix conditions on the lake containers, Key Vault Secrets User on each of its secrets, and
 * read on the package container.
 */
export class BridgeFunctionApp extends Construct {
  readonly identity: UserAssignedIdentity;
  readonly app: LinuxFunctionApp;
  readonly hostStorage: StorageAccount;

  constructor(scope: Construct, id: string, props: BridgeFunctionAppProps) {
    super(scope, id);
    this.identity = new UserAssignedIdentity(this, 'Identity', { ...props.common, name: `${props.name}-id` });
    const principal = { principalId: this.identity.principalId, principalType: 'ServicePrincipal' };
    this.hostStorage = new StorageAccount(this, 'HostStorage', {
      ...props.common,
      name: props.hostStorageName,
      accountTier: 'Standard',
      accountKind: 'StorageV2',
      accountReplicationType: 'LRS',
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      publicNetworkAccessEnabled: props.publicNetworkAccess,
      ...(props.networkRules ? { networkRules: props.networkRules } : {}),
    });
    // The host needs to create its own containers (leases, keys, checkpoints) in its own account.
    const hostData = new RoleAssignment(this, 'HostStorageOwner', { scope: this.hostStorage.id, roleDefinitionName: 'Storage Blob Data Owner', ...principal });
    const packageRead = new RoleAssignment(this, 'PackageRead', { scope: props.packages.id, roleDefinitionName: 'Storage Blob Data Reader', ...principal });
    new BlobAccess(this, 'Lake', { principalId: this.identity.principalId, access: props.access, roles: props.blobRoles, containerFor: props.containerFor });
    const secretReads = [...props.secrets.map((s) => s.secret.resourceVersionlessId), ...props.extraSecretScopes].map(
      (secretScope, i) => new RoleAssignment(this, `SecretRead${i}`, { scope: secretScope, roleDefinitionName: 'Key Vault Secrets User', ...principal }),
    );

    const secretSettings: Record<string, string> = {};
    for (const s of props.secrets) {
      secretSettings[s.env] = `@Microsoft.KeyVault(SecretUri=${s.secret.versionlessId})`;
      secretSettings[s.refSetting] = `env:${s.env}`;
    }
    const disabled: Record<string, string> = {};
    for (const other of AZURE_FUNCTION_NAMES.filter((n) => n !== props.functionName)) {
      disabled[`AzureWebJobs.${other}.Disabled`] = 'true';
      disabled[`AzureWebJobs_${other}_Disabled`] = 'true';
    }
    this.app = new LinuxFunctionApp(this, 'App', {
      ...props.common,
      name: props.name,
      servicePlanId: props.servicePlanId,
      storageAccountName: this.hostStorage.name,
      storageUsesManagedIdentity: true,
      contentShareForceDisabled: true,
      httpsOnly: true,
      builtinLoggingEnabled: false,
      identity: { type: 'UserAssigned', identityIds: [this.identity.id] },
      keyVaultReferenceIdentityId: this.identity.id,
      siteConfig: props.siteConfig,
      ...(props.virtualNetworkSubnetId ? { virtualNetworkSubnetId: props.virtualNetworkSubnetId } : {}),
      ...(props.authSettingsV2 ? { authSettingsV2: props.authSettingsV2 } : {}),
      appSettings: {
        ...props.appSettings,
        ...disabled,
        WEBSITE_RUN_FROM_PACKAGE: props.packageUrl,
        WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: this.identity.id,
        AzureWebJobsStorage__credential: 'managedidentity',
        AzureWebJobsStorage__clientId: this.identity.clientId,
        // @azure/identity in the bridge's adapters picks the user-assigned identity by this.
        AZURE_CLIENT_ID: this.identity.clientId,
        ...secretSettings,
      },
      dependsOn: [hostData, packageRead, ...secretReads],
    });
  }
}
