import * as z from 'zod';

/** The `azure:` section of bridge.yaml, as the CDKTF stack reads it. */
export const AzureSettingsSchema = z
  .strictObject({
  /** Letters and digits only: it starts the storage account and Key Vault names (a hash of the subscription follows). */
  name_prefix: z.string().regex(/^[a-z][a-z0-9]{1,10}$/, 'must be 2–11 lowercase letters and digits').default('tbridge'),
  /** azurerm 4 needs one: here, or ARM_SUBSCRIPTION_ID at deploy. */
  subscription_id: z.uuid('must be a subscription id (a UUID)').optional(),
  location: z.string().min(1).default('westeurope'),
  resource_group_name: z.string().regex(/^[\w\-.()]{1,90}$/).optional(),
  /** Globally unique names; default `<prefix><hash>` / `<prefix>-kv-<hash>` / `<prefix>-func-<hash>`. */
  storage_account_name: z.string().regex(/^[a-z0-9]{3,24}$/, 'must be 3–24 lowercase letters and digits').optional(),
  key_vault_name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, 'must be a Key Vault name (3–24 characters)').optional(),
  function_app_name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$/).optional(),
  container_name: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a blob container name').default('bridge'),
  storage_replication: z.enum(['LRS', 'ZRS', 'GRS', 'RAGRS', 'GZRS', 'RAGZRS']).default('LRS'),
  /** Y1 (Linux Consumption) or a Premium/Dedicated SKU (EP1, P1v3, …). */
  plan_sku: z.string().regex(/^(Y1|EP[1-3]|B[1-3]|S[1-3]|P[0-3]v[23])$/, 'must be Y1, EP1–EP3, B1–B3, S1–S3 or a Pv2/Pv3 SKU').default('Y1'),
  event_hub_sku: z.enum(['Basic', 'Standard', 'Premium']).default('Standard'),
  event_hub_capacity: z.number().int().min(1).max(40).default(1),
  event_hub_partitions: z.number().int().min(1).max(32).default(4),
  /** Days events stay in the hub (the window to recover from a long outage). */
  event_hub_retention_days: z.number().int().min(1).max(7).default(1),
  consumer_group: z.string().regex(/^[\w\-.]{1,50}$/).default('telemetry-bridge'),
  /** NCRONTAB (six fields) for the scheduled collector. */
  collect_schedule: z.string().regex(/^(\S+\s+){5}\S+$/, 'must be a six-field NCRONTAB expression').default('0 */15 * * * *'),
  log_retention_days: z.number().int().min(30).max(730).default(30),
  /** Write-once evidence: a separate container with a locked time-based immutability policy. */
  evidence_immutability: z.boolean().default(false),
  /** Extra app settings, e.g. BRIDGE__PIPELINE__GZIP_LEVEL. No secrets: use *_SECRET_REF. */
  app_settings: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an app setting name'), z.string()).default({}),
  /** The VNet integration subnet of the Function Apps (delegated to Microsoft.Web/serverFarms, with service endpoints for Storage and Key Vault); needs a non-Consumption plan. */
  functions_subnet_id: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i, 'must be a subnet resource id').optional(),
  /**
   * Storage and Key Vault public network access. Default: selected_networks (only the functions'
   * subnet and deployer_ip_ranges) when functions_subnet_id is set, else enabled — a Consumption
   * plan has no VNet, so the functions could not reach them otherwise. disabled needs private endpoints you provide.
   */
  public_network_access: z.enum(['enabled', 'selected_networks', 'disabled']).optional(),
  /** Addresses (CIDR) that may reach storage and Key Vault with selected_networks: where terraform runs. */
  deployer_ip_ranges: z.array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/, 'must be an IPv4 address or CIDR range')).default([]),
  /** The Entra app registration (client id) whose tokens App Service authentication accepts for the evidence app; unset = every request is refused (401). */
  evidence_entra_client_id: z.uuid('must be an application (client) id').optional(),
  /** Entra object ids allowed to call the evidence app; empty = any principal that gets a token for the app registration. */
  evidence_allowed_callers: z.array(z.uuid('must be an Entra object id')).default([]),
  /** Read by the handlers at run time (host.json functionTimeout, 10 min); accepted here so one bridge.yaml serves both. */
  function_timeout_ms: z.number().int().positive().optional(),
  /** The Entra app registration (client id) whose tokens App Service authentication accepts for the HTTP ingest (edge) app; unset = every request is refused (401). */
  http_ingest_entra_client_id: z.uuid('must be an application (client) id').optional(),
  /** Entra object ids allowed to call the HTTP ingest app (the edge agents' identities); empty = any principal that gets a token for the app registration. */
  http_ingest_allowed_callers: z.array(z.uuid('must be an Entra object id')).default([]),
  /** Instances of the evidence app at most: the per-caller rate limit is kept per instance. */
  evidence_max_instances: z.number().int().min(1).max(100).default(2),
  /** Further Key Vault secrets (names) the scheduled collector may read: connector credentials. */
  connector_secret_names: z.array(z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'must be a Key Vault secret name')).default([]),
})
  .superRefine((s, ctx) => {
    if (s.functions_subnet_id && s.plan_sku === 'Y1') ctx.addIssue({ code: 'custom', path: ['functions_subnet_id'], message: 'VNet integration needs a Premium or Dedicated plan (plan_sku EP1, P1v3, …), not Y1' });
    if (s.public_network_access === 'selected_networks' && !s.functions_subnet_id) {
      ctx.addIssue({ code: 'custom', path: ['public_network_access'], message: 'selected_networks needs functions_subnet_id, or the functions could not reach storage and Key Vault' });
    }
  });

/** The public network access that applies: the setting, else the default for the network the functions have. */
export function publicNetworkAccessOf(s: AzureSettings): 'enabled' | 'selected_networks' | 'disabled' {
  return s.public_network_access ?? (s.functions_subnet_id ? 'selected_networks' : 'enabled');
}

export type AzureSettings = z.output<typeof AzureSettingsSchema>;
