import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOB } from '../../../../infra/azure/blob-access.js';
import { AzureSettingsSchema } from '../../../../infra/azure/settings.js';
import { AZURE_APPS, AZURE_SECRETS, AzureBridgeStack } from '../../../../infra/azure/stack.js';
import { prefixOf, ROLE_ACCESS, SECRET_NAMES, type RoleAccess } from '../../../../infra/permissions.js';
import { cdktfWorkspace, resources, type TerraformJson } from '../cdktf-support.js';

const ws = cdktfWorkspace('azure-permissions');
afterAll(() => ws.dispose());

function synth(section: Record<string, unknown>): TerraformJson {
  const app = new App({ outdir: mkdtempSync(join(ws.root, 'cdktf.out-')) });
  const stack = new AzureBridgeStack(app, 'bridge', { settings: AzureSettingsSchema.parse(section), packageDir: ws.azurePackage });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

type Assignment = { scope: string; principal_id: string; role_definition_name?: string; role_definition_id?: string; condition?: string };

function principalOf(json: TerraformJson, appId: string): string {
  const identity = Object.keys(resources(json, 'azurerm_user_assigned_identity')).find((id) => id.startsWith(`${appId}_Identity_`));
  if (!identity) throw new Error(`no identity for ${appId}`);
  return `\${azurerm_user_assigned_identity.${identity}.principal_id}`;
}

/** `what scope prefix` lines: what the identity may do where, read back from its role assignments and their conditions. */
function effectiveAccess(json: TerraformJson, principal: string): string[] {
  const roles = resources(json, 'azurerm_role_definition') as Record<string, { permissions: Array<{ data_actions: string[] }> }>;
  const secretNames = new Map(AZURE_SECRETS.map((s) => [`\${azurerm_key_vault_secret.${s.id}.resource_versionless_id}`, s.name]));
  const out: string[] = [];
  for (const a of Object.values(resources(json, 'azurerm_role_assignment')) as Assignment[]) {
    if (a.principal_id !== principal) continue;
    const scope = secretNames.get(a.scope) ?? a.scope.replace(/^\$\{azurerm_([a-z_]+)\.([A-Za-z0-9_]+?)(?:_[0-9A-F]{8})?\.[a-z_]+\}(.*)$/, '$1.$2$3');
    if (a.role_definition_name) {
      out.push(`${a.role_definition_name} ${scope} *`);
      continue;
    }
    const roleId = /^\$\{azurerm_role_definition\.([^.]+)\.role_definition_resource_id\}$/.exec(a.role_definition_id ?? '')?.[1];
    const actions = roles[roleId!]!.permissions.flatMap((p) => p.data_actions).map((d) => d.replace(`${BLOB}/`, ''));
    const paths = [...(a.condition ?? '').matchAll(/blobs:path\] StringStartsWith '([^']+)'/g)].map((m) => m[1]!);
    const lists = [...(a.condition ?? '').matchAll(/blobs:prefix\] StringStartsWith '([^']+)'/g)].map((m) => m[1]!);
    if (!a.condition) paths.push('*');
    for (const action of actions) {
      for (const p of paths) out.push(`${action} ${scope} ${p}`);
      if (action === 'read') for (const p of lists) out.push(`list ${scope} ${p}`);
    }
  }
  return [...new Set(out)].sort();
}

/** The table row in the same terms (Azure has no create-only right: create is write). */
function expectedAccess(access: RoleAccess, evidenceContainer: string, appId: string): string[] {
  const where = (area: string): string => `${area === 'evidence' ? evidenceContainer : 'storage_container.Container'} ${prefixOf(area)}`;
  const lines = [
    ...[...access.write, ...access.create].flatMap((a) => [`write ${where(a)}`, `add/action ${where(a)}`]),
    ...[...access.read, ...access.list].map((a) => `read ${where(a)}`),
    ...(access.list.length > 0 ? access.list : access.read).map((a) => `list ${where(a)}`),
    ...access.delete.map((a) => `delete ${where(a)}`),
    ...access.secrets.flatMap((use) => (use === 'connectors' ? ['Key Vault Secrets User key_vault.Vault/secrets/dynatrace-token *'] : [`Key Vault Secrets User ${SECRET_NAMES[use]} *`])),
    `Storage Blob Data Owner storage_account.${appId}_HostStorage *`,
    'Storage Blob Data Reader storage_container.Packages *',
  ];
  return [...new Set(lines)].sort();
}

let plain: TerraformJson;
let immutable: TerraformJson;
beforeAll(() => {
  plain = synth({ connector_secret_names: ['dynatrace-token'] });
  immutable = synth({ evidence_immutability: true });
});

describe('Azure effective permissions against the permission table', () => {
  it('gives every role its own identity', () => {
    expect(new Set(AZURE_APPS.map((a) => principalOf(plain, a.id))).size).toBe(AZURE_APPS.length);
  });

  it.each(AZURE_APPS.map((a) => [a.role, a.id] as const))('gives the %s identity exactly its table row: prefixes by condition, secrets one by one', (role, appId) => {
    const eventHub = role === 'ingest' ? ['Azure Event Hubs Data Receiver eventhub.Hub *'] : [];
    expect(effectiveAccess(plain, principalOf(plain, appId))).toEqual([...expectedAccess(ROLE_ACCESS[role], 'storage_container.Container', appId), ...eventHub].sort());
    expect(effectiveAccess(immutable, principalOf(immutable, appId)).filter((l) => !l.startsWith('Key Vault'))).toEqual(
      [...expectedAccess(ROLE_ACCESS[role], 'storage_container.EvidenceContainer', appId), ...eventHub].filter((l) => !l.startsWith('Key Vault')).sort(),
    );
  });

  it('gives no function identity a role on the whole storage account or the whole vault', () => {
    for (const app of AZURE_APPS) {
      const lines = effectiveAccess(plain, principalOf(plain, app.id));
      expect(lines.filter((l) => / storage_account\.Storage | key_vault\.Vault \*$/.test(l))).toEqual([]);
    }
  });

  it('lets only the evidence and HTTP ingest (GET /evidence) identities write under evidence/ and read the signing key', () => {
    const writers = AZURE_APPS.filter((a) => effectiveAccess(plain, principalOf(plain, a.id)).some((l) => l.startsWith('write ') && l.endsWith(' evidence/')));
    expect(writers.map((a) => a.role)).toEqual(['evidence', 'edge']);
    const signers = AZURE_APPS.filter((a) => effectiveAccess(plain, principalOf(plain, a.id)).includes(`Key Vault Secrets User ${SECRET_NAMES.signing} *`));
    expect(signers.map((a) => a.role)).toEqual(['evidence', 'edge']);
  });

  it('uses custom roles holding only blob data actions', () => {
    for (const role of Object.values(resources(plain, 'azurerm_role_definition')) as Array<{ permissions: Array<{ actions?: string[]; data_actions: string[] }> }>) {
      expect(role.permissions.flatMap((p) => p.actions ?? [])).toEqual([]);
      for (const action of role.permissions.flatMap((p) => p.data_actions)) expect(action.startsWith(`${BLOB}/`)).toBe(true);
    }
  });
});
